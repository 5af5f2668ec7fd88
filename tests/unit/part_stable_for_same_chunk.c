// SPDX-License-Identifier: GPL-2.0
/*
 * The owner of an address depends only on its chunk and the number of
 * workers: the same chunk always maps to the same worker, whatever sector
 * of it is asked, whenever it is asked, and the owner is always a valid
 * worker index.
 */
#include "tap.h"
#include "part.h"

int main(void)
{
	unsigned long long seed = 7;
	unsigned int i, nr, owner;
	bool all;
	u64 s, base, off;

	all = true;
	for (i = 0; i < 10000; i++) {
		struct sp_part p = {
			.nr_parts = 1 + (unsigned int)(tap_rand(&seed) % 64),
			.chunk_shift = 3 + (unsigned int)(tap_rand(&seed) % 19),
		};

		s = tap_rand(&seed);
		base = s & ~((1ULL << p.chunk_shift) - 1);
		off = tap_rand(&seed) & ((1ULL << p.chunk_shift) - 1);
		owner = sp_part_of(&p, s);
		all &= sp_part_of(&p, s) == owner;
		all &= sp_part_of(&p, base + off) == owner;
		all &= sp_part_of(&p, base) == owner;
	}
	tap_ok(all, "any two sectors of one chunk have the same owner");

	all = true;
	for (nr = 1; nr <= 64; nr++) {
		struct sp_part a = { .nr_parts = nr, .chunk_shift = 11 };
		struct sp_part b = a;

		for (i = 0; i < 1000; i++) {
			s = tap_rand(&seed);
			all &= sp_part_of(&a, s) == sp_part_of(&b, s);
		}
	}
	tap_ok(all, "two partitioners with the same parameters agree");

	all = true;
	for (nr = 1; nr <= 64; nr++) {
		struct sp_part p = { .nr_parts = nr, .chunk_shift = 3 };

		all &= sp_part_of(&p, 0) < nr && sp_part_of(&p, U64_MAX) < nr;
		for (i = 0; i < 1000; i++)
			all &= sp_part_of(&p, tap_rand(&seed)) < nr;
	}
	tap_ok(all, "the owner is always below the number of workers");

	all = true;
	for (i = 0; i < 1000; i++) {
		struct sp_part p = { .nr_parts = 1, .chunk_shift = 11 };

		all &= sp_part_of(&p, tap_rand(&seed)) == 0;
	}
	tap_ok(all, "one worker owns everything");

	/* The owner of chunk c with chunks of 2^a equals that with 2^b. */
	all = true;
	for (i = 0; i < 1000; i++) {
		struct sp_part small = { .nr_parts = 16, .chunk_shift = 3 };
		struct sp_part big = { .nr_parts = 16, .chunk_shift = 21 };
		u64 c = tap_rand(&seed) >> 24;

		all &= sp_part_of(&small, c << 3) == sp_part_of(&big, c << 21);
	}
	tap_ok(all, "the owner depends on the chunk number, not the chunk size");
	return tap_done();
}
