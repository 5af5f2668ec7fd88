// SPDX-License-Identifier: GPL-2.0
/*
 * sp_layout_compute() lays out a new tier set: tier 0 holds the metadata
 * (superblock, journal, two checkpoint slots with room for twice the
 * extents, for growth); by default the tiers without DAX hold data, or all
 * of them when all have DAX, and a DAX tier 0 keeps a hot area after its
 * metadata instead; data starts on an extent boundary; the logical size
 * is the sum of the data extents. One reference set is worked out by
 * hand; random sets keep every rule.
 */
#include "tap.h"
#include "tier/format.h"

static struct sp_layout_input input(unsigned int nr, const u64 *sectors,
				    const bool *dax)
{
	struct sp_layout_input in;
	unsigned int i;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = nr;
	for (i = 0; i < nr; i++) {
		in.sectors[i] = sectors[i];
		in.dax[i] = dax ? dax[i] : false;
	}
	return in;
}

/* Every rule a layout keeps; says which one it broke. */
static const char *broken_rule(const struct sp_layout *l,
			       const struct sp_layout_input *in)
{
	u64 ext = l->extent_sectors, meta_end, sum = 0, upper = 0;
	unsigned int i;

	if (l->nr_tiers != in->nr_tiers || l->meta_tier != 0)
		return "tiers, metadata tier";
	if (l->journal_offset != SP_MD_BLOCK_SECTORS)
		return "journal right after the superblock";
	if (l->ckpt_offset[0] != l->journal_offset +
				 (u64)l->journal_blocks * SP_MD_BLOCK_SECTORS ||
	    l->ckpt_offset[1] != l->ckpt_offset[0] + l->ckpt_sectors)
		return "checkpoint slots after the journal, one after the other";
	if (l->map_capacity % (SP_MD_BLOCK_SIZE / 4) ||
	    l->ckpt_sectors != SP_MD_BLOCK_SECTORS + l->map_capacity * 4 / 512)
		return "a slot is a header block and whole blocks of map";
	for (i = 0; i < l->nr_tiers; i++)
		if ((l->capacity_mask & (1U << i)) && in->sectors[i] > ext)
			upper += (in->sectors[i] - ext) / ext;
	if (l->map_capacity < 2 * upper || l->map_capacity < 2 * l->nr_extents)
		return "room for twice the extents";
	meta_end = l->ckpt_offset[1] + l->ckpt_sectors;
	for (i = 0; i < l->nr_tiers; i++) {
		const struct sp_member *m = &l->m[i];
		u64 start = i ? SP_MD_BLOCK_SECTORS : meta_end;

		if (m->sectors != in->sectors[i] || m->dax != in->dax[i])
			return "member size and DAX as given";
		if (!(l->capacity_mask & (1U << i))) {
			if (m->nr_extents || m->data_offset != start)
				return "a tier without data: no extents, hot area at its start";
			continue;
		}
		if (m->data_offset % ext || m->data_offset < start ||
		    m->data_offset - start >= ext)
			return "data from the first extent boundary after the start";
		if (m->nr_extents != (m->sectors - m->data_offset) / ext)
			return "every whole extent that fits";
		sum += m->nr_extents;
	}
	if (sum != l->nr_extents || sp_layout_sectors(l) != sum * ext)
		return "the logical size is the sum of the extents";
	return NULL;
}

int main(void)
{
	static const u64 ref[2] = { 2097152, 8388608 };	/* 1 GiB, 4 GiB */
	static const bool dax_first[3] = { true, false, false };
	static const bool dax_all[3] = { true, true, true };
	static const bool dax_mid[3] = { false, true, false };
	unsigned long long seed = 42;
	struct sp_layout_input in;
	struct sp_layout l;
	const char *err, *why;
	unsigned int i, k, laid = 0;
	u64 sizes[4];
	bool dax[4], all;
	int ret;

	/*
	 * The reference set, by hand: map room 2 * (1023 + 4095) entries,
	 * rounded up to a block of entries: 10240, 40 KiB, so a slot is
	 * 8 + 80 sectors; journal 256 blocks from sector 8; slots at 2056
	 * and 2144; metadata ends at 2232; tier 0 data from 4096: 1022
	 * extents of 2048 sectors; tier 1 from 2048: 4095.
	 */
	in = input(2, ref, NULL);
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.extent_sectors == SP_EXTENT_SECTORS_DEFAULT &&
	       l.journal_blocks == SP_JOURNAL_BLOCKS_DEFAULT && l.capacity_mask == 0x3,
	       "two tiers without DAX: extents of 2048, journal of 256, both hold data");
	tap_ok(ret == 0 && l.journal_offset == 8 && l.ckpt_offset[0] == 2056 &&
	       l.ckpt_offset[1] == 2144 && l.ckpt_sectors == 88 &&
	       l.map_capacity == 10240,
	       "metadata offsets: journal 8, checkpoints 2056 and 2144, 88 sectors each");
	tap_ok(ret == 0 && l.m[0].data_offset == 4096 && l.m[0].nr_extents == 1022 &&
	       l.m[1].data_offset == 2048 && l.m[1].nr_extents == 4095,
	       "data: tier 0 from 4096, 1022 extents; tier 1 from 2048, 4095");
	tap_ok(ret == 0 && l.nr_extents == 5117 && sp_layout_sectors(&l) == 10479616,
	       "5117 extents: 10479616 sectors");
	tap_ok(ret == 0 && !broken_rule(&l, &in), "and it keeps every rule");

	in = input(3, (const u64[]){ 1048576, 4194304, 16777216 }, dax_first);
	ret = sp_layout_compute(&l, &in, &err);
	why = ret ? err : broken_rule(&l, &in);
	tap_ok(ret == 0 && l.capacity_mask == 0x6 && l.m[0].nr_extents == 0 &&
	       l.m[0].data_offset == l.ckpt_offset[1] + l.ckpt_sectors &&
	       l.m[0].dax && !why,
	       "DAX tier 0: no data extents, its hot area right after the metadata");
	tap_ok(ret == 0 && l.nr_extents == l.m[1].nr_extents + l.m[2].nr_extents,
	       "the other tiers' extents make the set");

	in = input(3, (const u64[]){ 1048576, 4194304, 16777216 }, dax_all);
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.capacity_mask == 0x7 && l.m[0].nr_extents > 0 &&
	       !broken_rule(&l, &in), "every tier DAX: every tier holds data");

	in = input(3, (const u64[]){ 1048576, 4194304, 16777216 }, dax_mid);
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.capacity_mask == 0x5 && l.m[1].nr_extents == 0 &&
	       l.m[1].data_offset == SP_MD_BLOCK_SECTORS && !broken_rule(&l, &in),
	       "a DAX middle tier holds no data; its hot area follows its superblock");

	tap_ok(sp_default_capacity_mask(1, (const bool[]){ true }) == 0x1 &&
	       sp_default_capacity_mask(1, (const bool[]){ false }) == 0x1 &&
	       sp_default_capacity_mask(4, (const bool[]){ true, true, false, false }) == 0xc &&
	       sp_default_capacity_mask(4, (const bool[]){ false, true, true, true }) == 0x1 &&
	       sp_default_capacity_mask(4, (const bool[]){ true, true, true, true }) == 0xf,
	       "default capacity tiers: those without DAX, or all");

	in = input(2, ref, dax_first);
	in.capacity_mask = 0x3;
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.capacity_mask == 0x3 && l.m[0].nr_extents == 1022 &&
	       !broken_rule(&l, &in), "capacity tiers given: a DAX tier 0 holds data too");

	in = input(2, ref, NULL);
	in.capacity_mask = 0x2;
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.capacity_mask == 0x2 && l.m[0].nr_extents == 0 &&
	       l.nr_extents == 4095 && !broken_rule(&l, &in),
	       "capacity tiers given: a tier without DAX can hold no data");

	in = input(2, ref, NULL);
	in.extent_sectors = 128;
	in.journal_blocks = 16;
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.extent_sectors == 128 && l.journal_blocks == 16 &&
	       l.ckpt_offset[0] == 8 + 16 * 8 && l.m[1].data_offset == 128 &&
	       !broken_rule(&l, &in), "extent size and journal length as given");

	in = input(1, (const u64[]){ 2097152 }, NULL);
	in.extent_sectors = SP_EXTENT_SECTORS_MAX;
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret != 0, "a 1 GiB tier cannot hold a 1 GiB extent after its metadata");
	in.sectors[0] = 3 * 2097152ULL;
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && l.m[0].data_offset == 2097152 && l.nr_extents == 2,
	       "a 3 GiB tier holds two extents of 1 GiB");

	/* Valid locations: tier, extent on it; nothing else. */
	in = input(3, (const u64[]){ 1048576, 4194304, 16777216 }, dax_first);
	ret = sp_layout_compute(&l, &in, &err);
	tap_ok(ret == 0 && sp_layout_loc_valid(&l, sp_loc(1, 0)) &&
	       sp_layout_loc_valid(&l, sp_loc(2, (u32)l.m[2].nr_extents - 1)) &&
	       !sp_layout_loc_valid(&l, sp_loc(2, (u32)l.m[2].nr_extents)) &&
	       !sp_layout_loc_valid(&l, sp_loc(0, 0)) &&
	       !sp_layout_loc_valid(&l, sp_loc(3, 0)) &&
	       !sp_layout_loc_valid(&l, SP_LOC_NONE),
	       "a location is valid on a capacity tier, below its extent count only");
	tap_ok(ret == 0 && sp_layout_loc_sector(&l, sp_loc(2, 3)) ==
	       l.m[2].data_offset + 3 * l.extent_sectors &&
	       sp_loc_tier(sp_loc(2, 3)) == 2 && sp_loc_phys(sp_loc(2, 3)) == 3,
	       "a location's sector: data offset + extent * extent size");

	all = true;
	for (k = 0; k < 2000; k++) {
		unsigned int nr = 1 + (unsigned int)(tap_rand(&seed) % 4);

		for (i = 0; i < nr; i++) {
			sizes[i] = 65536 + tap_rand(&seed) % (1ULL << (20 + i * 4));
			dax[i] = tap_rand(&seed) % 3 == 0;
		}
		in = input(nr, sizes, dax);
		in.extent_sectors = 128U << (tap_rand(&seed) % 6);
		if (tap_rand(&seed) % 2)
			in.capacity_mask = 1 + (u32)(tap_rand(&seed) % ((1U << nr) - 1));
		ret = sp_layout_compute(&l, &in, &err);
		laid += !ret;
		why = ret ? NULL : broken_rule(&l, &in);
		if (why) {
			tap_diag("set %u: %s", k, why);
			all = false;
		}
	}
	tap_ok(all && laid > 1900, "2000 random sets of 1 to 4 tiers keep every rule (%u laid out)",
	       laid);
	return tap_done();
}
