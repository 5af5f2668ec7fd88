// SPDX-License-Identifier: GPL-2.0
/*
 * sp_layout_compute() refuses a set it cannot lay out with -EINVAL and a
 * sentence (the one "dmsetup create ... format" and "storprotoctl
 * capacity" print): a bad tier count, extent size or journal length,
 * capacity tiers beyond the table, a first tier too small for the
 * metadata, a tier too small for its superblock or, holding data, for one
 * extent, a tier with more extents than a location can name. Each limit
 * is tried on both sides.
 *
 * "The set has too many extents" cannot happen: four tiers of at most
 * 2^28 - 1 extents stay below 2^31.
 */
#include "tap.h"
#include "tier/format.h"

#define E_TIERS		"Invalid number of tiers: must be from 1 to 4"
#define E_EXTENT	"Invalid extent_sectors: must be a power of two from 128 to 2097152"
#define E_JOURNAL	"Invalid journal size: must be from 16 to 65536 blocks"
#define E_CAPACITY	"capacity_tiers names a tier that is not in the table"
#define E_META		"The first tier is too small for the metadata (superblock, journal, checkpoints)"
#define E_SB		"A tier is too small to hold a superblock"
#define E_ONE		"A capacity tier is too small to hold one extent"
#define E_MANY		"A tier has too many extents: choose a larger extent_sectors"

static struct sp_layout_input two(void)
{
	struct sp_layout_input in;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 2;
	in.sectors[0] = 2097152;
	in.sectors[1] = 8388608;
	return in;
}

/* Refused with @error, or (@error NULL) accepted. */
static void expect(const struct sp_layout_input *in, const char *error,
		   const char *what)
{
	struct sp_layout l;
	const char *err = NULL;
	int ret = sp_layout_compute(&l, in, &err);

	if (error) {
		if (!tap_ok(ret == -EINVAL && err && !strcmp(err, error),
			    "%s: %s", what, error))
			tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	} else if (!tap_ok(ret == 0, "%s: accepted", what)) {
		tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	}
}

int main(void)
{
	struct sp_layout_input in;
	struct sp_layout l;
	const char *err;
	u64 meta_end;

	in = two();
	in.nr_tiers = 0;
	expect(&in, E_TIERS, "no tier");
	in.nr_tiers = 5;
	expect(&in, E_TIERS, "five tiers");

	in = two();
	in.extent_sectors = 64;
	expect(&in, E_EXTENT, "extents of 64 sectors");
	in.extent_sectors = 100;
	expect(&in, E_EXTENT, "extents of 100 sectors");
	in.extent_sectors = SP_EXTENT_SECTORS_MAX * 2;
	expect(&in, E_EXTENT, "extents of 4194304 sectors");
	in.extent_sectors = 128;
	expect(&in, NULL, "extents of 128 sectors");

	in = two();
	in.journal_blocks = SP_JOURNAL_BLOCKS_MIN - 1;
	expect(&in, E_JOURNAL, "a journal of 15 blocks");
	in.journal_blocks = SP_JOURNAL_BLOCKS_MAX + 1;
	expect(&in, E_JOURNAL, "a journal of 65537 blocks");
	in.journal_blocks = SP_JOURNAL_BLOCKS_MIN;
	expect(&in, NULL, "a journal of 16 blocks");

	in = two();
	in.capacity_mask = 0x4;
	expect(&in, E_CAPACITY, "capacity tier 2 of two");
	in.capacity_mask = 0x3 | 0x80;
	expect(&in, E_CAPACITY, "capacity tier 7 of two");
	in.capacity_mask = 0x3;
	expect(&in, NULL, "capacity tiers 0,1 of two");

	/* Where the metadata ends depends on the map size: ask, then shrink. */
	in = two();
	in.dax[0] = true;
	if (!tap_ok(!sp_layout_compute(&l, &in, &err),
		    "the set with a DAX first tier is laid out"))
		return tap_done();
	meta_end = l.ckpt_offset[1] + l.ckpt_sectors;
	in.sectors[0] = meta_end;
	expect(&in, NULL, "a DAX first tier exactly as large as the metadata");
	in.sectors[0] = meta_end - 1;
	expect(&in, E_META, "a DAX first tier one sector short of the metadata");
	in.sectors[0] = 8;
	expect(&in, E_META, "a first tier of one block");
	in = two();
	in.sectors[0] = 2048;
	expect(&in, E_META, "a 1 MiB first tier holding data");

	in = two();
	in.sectors[1] = SP_MD_BLOCK_SECTORS - 1;
	expect(&in, E_SB, "a second tier of 7 sectors");
	in.capacity_mask = 0x1;
	expect(&in, E_SB, "a second tier of 7 sectors, not holding data");
	in.sectors[1] = SP_MD_BLOCK_SECTORS;
	expect(&in, NULL, "a second tier of one block, not holding data");

	in = two();
	in.sectors[1] = 2 * 2048 - 1;
	expect(&in, E_ONE, "a capacity tier one sector short of its first extent");
	in.sectors[1] = 2 * 2048;
	expect(&in, NULL, "a capacity tier of a superblock (rounded up) and one extent");
	in = two();
	in.extent_sectors = 4096;
	in.sectors[0] = 4096 + 4095;
	in.dax[0] = true;
	in.capacity_mask = 0x3;
	expect(&in, E_ONE, "a first tier with its metadata and less than one extent");

	/*
	 * 2^28 - 1 extents on one tier is the most a location names. The
	 * map of such a set takes 4 GiB of checkpoints: a 16 GiB first tier
	 * that holds no data has room for them.
	 */
	in = two();
	in.sectors[0] = (u64)16 << 21;
	in.capacity_mask = 0x2;
	in.extent_sectors = 128;
	in.sectors[1] = 128 + (((u64)1 << 28) - 1) * 128;
	expect(&in, NULL, "a tier of 2^28 - 1 extents");
	in.sectors[1] += 128;
	expect(&in, E_MANY, "a tier of 2^28 extents");
	in.extent_sectors = 256;
	expect(&in, NULL, "the same tier in extents twice as large");

	in = two();
	in.nr_tiers = 1;
	in.sectors[0] = 0;
	expect(&in, E_META, "an empty device");
	return tap_done();
}
