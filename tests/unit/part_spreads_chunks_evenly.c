// SPDX-License-Identifier: GPL-2.0
/*
 * The partitioner spreads chunks evenly over 2..64 workers: chi-square of
 * the owners of a sequential stream, of power-of-two strides and of
 * random chunks stays within a few standard deviations of its mean; a
 * sequential stream reaches every worker within 2 x workers chunks; and
 * chunk boundaries are honoured: every sector of a chunk has one owner,
 * and sp_part_chunk_left() ends exactly at the next chunk.
 */
#include <math.h>

#include "tap.h"
#include "part.h"

#define PER_WORKER	256

/* How far chi-square of @count over @nr workers is above its mean, in SDs. */
static double chi_square_z(const unsigned int *count, unsigned int nr,
			   double expected)
{
	double chi = 0, df = nr - 1;
	unsigned int w;

	for (w = 0; w < nr; w++) {
		double d = count[w] - expected;

		chi += d * d / expected;
	}
	return (chi - df) / sqrt(2 * df);
}

/* Worst z over 2..64 workers for chunk numbers (i << shift) or random. */
static double worst_z(unsigned int stride_shift, bool random,
		      unsigned int *worst_nr)
{
	unsigned long long seed = 0x5eed;
	unsigned int count[64], nr;
	double z, worst = -1e9;
	u64 i, chunk;

	for (nr = 2; nr <= 64; nr++) {
		struct sp_part p = { .nr_parts = nr, .chunk_shift = 11 };

		memset(count, 0, sizeof(count));
		for (i = 0; i < (u64)nr * PER_WORKER; i++) {
			chunk = random ? tap_rand(&seed) >> 11 :
					 i << stride_shift;
			count[sp_part_of(&p, chunk << p.chunk_shift)]++;
		}
		z = chi_square_z(count, nr, PER_WORKER);
		if (z > worst) {
			worst = z;
			*worst_nr = nr;
		}
	}
	return worst;
}

int main(void)
{
	static const unsigned int strides[] = { 0, 1, 4, 10, 20 };
	unsigned long long seed = 42;
	unsigned int i, nr, worst_nr = 0, w, got, len, max_len;
	bool seen[64], all;
	double z;
	u64 s, first, last, left;

	for (i = 0; i < ARRAY_SIZE(strides); i++) {
		z = worst_z(strides[i], false, &worst_nr);
		if (!tap_ok(z < 3.0, "chunks 0, %u, %u, ... spread evenly over 2..64 workers (chi-square within 3 SD)",
			    1U << strides[i], 2U << strides[i]))
			tap_diag("z = %.2f with %u workers", z, worst_nr);
	}
	z = worst_z(0, true, &worst_nr);
	if (!tap_ok(z < 6.0, "random chunks spread evenly over 2..64 workers (chi-square within 6 SD)"))
		tap_diag("z = %.2f with %u workers", z, worst_nr);

	all = true;
	for (nr = 2; nr <= 64; nr++) {
		struct sp_part p = { .nr_parts = nr, .chunk_shift = 0 };

		max_len = 0;
		for (s = 0; s < 20000; s += 37) {
			memset(seen, 0, sizeof(seen));
			for (got = 0, len = 0; got < nr; len++) {
				w = sp_part_of(&p, s + len);
				got += !seen[w];
				seen[w] = true;
			}
			if (len > max_len)
				max_len = len;
		}
		if (max_len > 2 * nr) {
			all = false;
			tap_diag("%u workers: %u consecutive chunks needed", nr,
				 max_len);
		}
	}
	tap_ok(all, "any 2 x N consecutive chunks reach all N workers (N = 2..64)");

	all = true;
	for (i = 0; i < 2000; i++) {
		struct sp_part p = {
			.nr_parts = 2 + (unsigned int)(tap_rand(&seed) % 63),
			.chunk_shift = 3 + (unsigned int)(tap_rand(&seed) % 19),
		};

		s = tap_rand(&seed) >> 8;
		left = sp_part_chunk_left(&p, s);
		first = s & ~((1ULL << p.chunk_shift) - 1);
		last = s + left - 1;
		all &= left >= 1 && left <= (1ULL << p.chunk_shift);
		all &= ((s + left) & ((1ULL << p.chunk_shift) - 1)) == 0;
		all &= sp_part_of(&p, first) == sp_part_of(&p, s) &&
		       sp_part_of(&p, last) == sp_part_of(&p, s);
		all &= (last >> p.chunk_shift) == (s >> p.chunk_shift);
	}
	tap_ok(all, "chunk boundaries honoured: one owner per chunk, chunk_left ends at the next chunk");

	all = true;
	for (w = 3; w <= 21; w++) {
		struct sp_part p = { .nr_parts = 8, .chunk_shift = w };

		all &= sp_part_chunk_left(&p, 0) == 1ULL << w;
		all &= sp_part_chunk_left(&p, (1ULL << w) - 1) == 1;
		all &= sp_part_chunk_left(&p, 1ULL << w) == 1ULL << w;
	}
	tap_ok(all, "chunk_left at a chunk's first and last sector");
	return tap_done();
}
