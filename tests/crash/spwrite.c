// SPDX-License-Identifier: GPL-2.0
/*
 * spwrite: a write workload whose durability can be checked after a power
 * cut, and its checker.
 *
 *   spwrite write DEV LOG SEED   write until killed; SEED (1, 2, ...) also
 *                                numbers the generations: SEED << 32 on
 *   spwrite verify DEV LOG       check DEV against LOG (all runs' logs, in
 *                                order); exit 1 on a violation
 *
 * Each 4 KiB block written holds a header (magic, block number, generation,
 * seed, crc32c of the block) and a payload derived from them, so a block
 * read back is either a whole write of this block, zeroes, or wrong. The
 * blocks lie in 64 extents of 1 MiB spread over the whole device, so the
 * writes land on every tier.
 *
 * LOG (a file outside the guest's disks) gets "W <blk> <gen>" before each
 * write and "A <blk> <gen>" once the write is durable: after an fdatasync()
 * that followed it (every 8 to 24 writes), or at once for O_DSYNC (FUA)
 * writes, one write in 5.
 *
 * verify: for each block in LOG, with A the newest acknowledged and W the
 * newest issued generation, the block must hold a generation g with
 * A <= g <= W and the right payload; zeroes only if nothing was
 * acknowledged; an unreadable (torn) block only if a write newer than A
 * was in flight. Blocks of the same extents never written must read as
 * zeroes (no other block's or older data).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <unistd.h>

#define BLK		4096U
#define EXT_BLOCKS	256U		/* 1 MiB extents */
#define NR_EXT		64U
#define MAGIC		0x53505752u	/* "SPWR" */

struct hdr {
	uint32_t magic;
	uint32_t crc;
	uint64_t blk;
	uint64_t gen;
	uint64_t seed;
};

static uint32_t crc32c(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t c = ~0u;

	while (n--) {
		c ^= *b++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
	}
	return ~c;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static void fill(uint8_t *buf, uint64_t blk, uint64_t gen, uint64_t seed)
{
	struct hdr *h = (struct hdr *)buf;
	uint64_t *w = (uint64_t *)buf;

	for (unsigned int i = sizeof(*h) / 8; i < BLK / 8; i++)
		w[i] = mix(seed ^ mix(blk * 1000003 + gen) ^ i);
	h->magic = MAGIC;
	h->crc = 0;
	h->blk = blk;
	h->gen = gen;
	h->seed = seed;
	h->crc = crc32c(buf, BLK);
}

/* The block numbers used: 64 extents spread evenly over the device. */
static uint64_t nth_block(uint64_t dev_blocks, uint64_t r)
{
	uint64_t exts = dev_blocks / EXT_BLOCKS;
	uint64_t e = (r / EXT_BLOCKS) % NR_EXT;

	return (e * (exts / NR_EXT)) * EXT_BLOCKS + r % EXT_BLOCKS;
}

static uint64_t dev_blocks_of(int fd)
{
	uint64_t bytes;

	struct stat st;

	if (ioctl(fd, BLKGETSIZE64, &bytes)) {
		if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			perror("spwrite: BLKGETSIZE64");
			exit(2);
		}
		bytes = (uint64_t)st.st_size;	/* a file, for trying it out */
	}
	if (bytes / BLK < (uint64_t)NR_EXT * EXT_BLOCKS) {
		fprintf(stderr, "spwrite: device too small\n");
		exit(2);
	}
	return bytes / BLK;
}

static int do_write(const char *dev, const char *log, uint64_t seed)
{
	int fd = open(dev, O_RDWR | O_DIRECT), fua = open(dev, O_RDWR | O_DIRECT | O_DSYNC);
	FILE *lf = fopen(log, "a");
	uint64_t nb, gen = seed << 32, pend[64][2], rnd = seed;
	unsigned int npend = 0, until_sync = 8;
	uint8_t *buf;

	if (fd < 0 || fua < 0 || !lf || posix_memalign((void **)&buf, BLK, BLK)) {
		perror("spwrite: open");
		return 2;
	}
	setvbuf(lf, NULL, _IOLBF, 0);
	nb = dev_blocks_of(fd);
	for (;;) {
		uint64_t blk, r;
		bool sync;

		rnd = mix(rnd + 0x9e3779b97f4a7c15ULL);
		r = rnd % ((uint64_t)NR_EXT * EXT_BLOCKS / 4);	/* a quarter of each extent */
		blk = nth_block(nb, (r / (EXT_BLOCKS / 4)) * EXT_BLOCKS + r % (EXT_BLOCKS / 4));
		gen++;
		fill(buf, blk, gen, seed);
		sync = (rnd >> 40) % 5 == 0;
		fprintf(lf, "W %" PRIu64 " %" PRIu64 "\n", blk, gen);
		if (pwrite(sync ? fua : fd, buf, BLK, (off_t)(blk * BLK)) != BLK) {
			perror("spwrite: pwrite");
			return 2;
		}
		if (sync) {
			fprintf(lf, "A %" PRIu64 " %" PRIu64 "\n", blk, gen);
			continue;
		}
		pend[npend][0] = blk;
		pend[npend][1] = gen;
		if (++npend >= until_sync) {
			if (fdatasync(fd)) {
				perror("spwrite: fdatasync");
				return 2;
			}
			for (unsigned int i = 0; i < npend; i++)
				fprintf(lf, "A %" PRIu64 " %" PRIu64 "\n", pend[i][0], pend[i][1]);
			npend = 0;
			until_sync = 8 + (unsigned int)((rnd >> 20) % 17);
		}
	}
}

struct ent {
	uint64_t blk, acked, issued;
};

static int cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	return x->blk < y->blk ? -1 : x->blk > y->blk;
}

static int do_verify(const char *dev, const char *log)
{
	int fd = open(dev, O_RDONLY | O_DIRECT);
	FILE *lf = fopen(log, "r");
	struct ent *e = NULL;
	size_t n = 0, cap = 0, m;
	uint64_t blk, gen, nb, seed = 0;
	unsigned long ok = 0, bad = 0, torn = 0, zero_ok = 0;
	uint8_t *buf, *want;
	char kind;

	if (fd < 0 || !lf || posix_memalign((void **)&buf, BLK, BLK) ||
	    posix_memalign((void **)&want, BLK, BLK)) {
		perror("spwrite: open");
		return 2;
	}
	nb = dev_blocks_of(fd);
	while (fscanf(lf, " %c %" SCNu64 " %" SCNu64, &kind, &blk, &gen) == 3) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			e = realloc(e, cap * sizeof(*e));
		}
		e[n].blk = blk;
		e[n].acked = kind == 'A' ? gen : 0;
		e[n].issued = gen;
		n++;
	}
	qsort(e, n, sizeof(*e), cmp_ent);
	for (size_t i = 0, j; i < n; i = j) {
		uint64_t a = 0, w = 0;
		struct hdr *h = (struct hdr *)buf;
		bool zero = true;

		for (j = i; j < n && e[j].blk == e[i].blk; j++) {
			a = e[j].acked > a ? e[j].acked : a;
			w = e[j].issued > w ? e[j].issued : w;
		}
		if (pread(fd, buf, BLK, (off_t)(e[i].blk * BLK)) != BLK) {
			perror("spwrite: pread");
			return 2;
		}
		for (unsigned int k = 0; k < BLK && zero; k++)
			zero = !buf[k];
		if (zero) {
			if (a) {
				printf("block %" PRIu64 ": zeroes, but generation %" PRIu64 " was acknowledged\n", e[i].blk, a);
				bad++;
			} else {
				zero_ok++;
			}
			continue;
		}
		if (h->magic == MAGIC) {
			seed = h->seed;
			fill(want, e[i].blk, h->gen, h->seed);
		}
		if (h->magic != MAGIC || memcmp(buf, want, BLK)) {
			if (h->magic == MAGIC && h->blk != e[i].blk) {
				printf("block %" PRIu64 ": holds block %" PRIu64 "'s data\n", e[i].blk, h->blk);
				bad++;
			} else if (w > a) {
				torn++;		/* an unacknowledged write, cut */
			} else {
				printf("block %" PRIu64 ": damaged, last write %" PRIu64 " was acknowledged\n", e[i].blk, a);
				bad++;
			}
			continue;
		}
		if (h->gen < a || h->gen > w) {
			printf("block %" PRIu64 ": generation %" PRIu64 ", acknowledged %" PRIu64 ", issued %" PRIu64 "\n",
			       e[i].blk, h->gen, a, w);
			bad++;
			continue;
		}
		ok++;
	}
	/* Blocks of the same extents never written: zeroes. */
	m = 0;
	for (uint64_t r = EXT_BLOCKS / 4; r < (uint64_t)NR_EXT * EXT_BLOCKS; r += 97) {
		uint64_t b = nth_block(nb, r);

		if (r % EXT_BLOCKS < EXT_BLOCKS / 4)
			continue;
		if (pread(fd, buf, BLK, (off_t)(b * BLK)) != BLK) {
			perror("spwrite: pread");
			return 2;
		}
		for (unsigned int k = 0; k < BLK; k++) {
			if (buf[k]) {
				printf("block %" PRIu64 ": never written, not zeroes\n", b);
				bad++;
				break;
			}
		}
		m++;
	}
	printf("spwrite verify: %zu log lines, %lu blocks intact, %lu never acknowledged and zero, %lu cut in flight, %zu unwritten zero-checked, %lu violations (seed %" PRIu64 ")\n",
	       n, ok, zero_ok, torn, m, bad, seed);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3], strtoull(argv[4], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "verify"))
		return do_verify(argv[2], argv[3]);
	fprintf(stderr, "usage: spwrite write DEV LOG SEED | spwrite verify DEV LOG\n");
	return 2;
}
