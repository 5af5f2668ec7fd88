// SPDX-License-Identifier: GPL-2.0
/*
 * Online growth: sp_layout_grow() gives a capacity tier whose device grew
 * the whole extents that now fit, appended to the logical device, never
 * shrinks anything, leaves tiers without data alone and stops at the
 * map's capacity; sp_map_grow() keeps every allocation and hands out the
 * new extents; the grown superblock round-trips.
 */
#include "tap.h"
#include "tier/map.h"

int main(void)
{
	struct sp_layout_input in;
	struct sp_layout l, g, d;
	u64 sectors[SP_MAX_TIERS];
	unsigned char block[SP_MD_BLOCK_SIZE];
	struct sp_sb sb, back;
	struct sp_map m;
	const char *err;
	u64 e, before;
	u32 loc;
	bool ok;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 3;
	in.dax[0] = true;
	in.sectors[0] = 256 * 2048;		/* DAX: metadata only */
	in.sectors[1] = 64 * 2048;
	in.sectors[2] = 64 * 2048;
	if (!tap_ok(sp_layout_compute(&l, &in, &err) == 0, "a 3-tier layout"))
		return tap_done();

	memcpy(sectors, in.sectors, sizeof(sectors));
	g = l;
	tap_ok(!sp_layout_grow(&g, sectors) && !memcmp(&g, &l, sizeof(g)),
	       "devices of the same size: nothing grows");

	sectors[0] *= 2;
	sectors[1] = 32 * 2048;
	g = l;
	tap_ok(!sp_layout_grow(&g, sectors) && !memcmp(&g, &l, sizeof(g)),
	       "a grown tier without data and a shrunk tier: nothing changes");

	memcpy(sectors, in.sectors, sizeof(sectors));
	sectors[2] = 192 * 2048;
	g = l;
	ok = sp_layout_grow(&g, sectors);
	tap_ok(ok && g.m[2].nr_extents == (sectors[2] - l.m[2].data_offset) / 2048 &&
	       g.m[2].sectors == sectors[2] && g.m[1].nr_extents == l.m[1].nr_extents &&
	       g.nr_extents == l.nr_extents + g.m[2].nr_extents - l.m[2].nr_extents &&
	       g.m[2].data_offset == l.m[2].data_offset && g.map_capacity == l.map_capacity,
	       "tier 2 grown to 192 MiB: %llu -> %llu extents, appended",
	       (unsigned long long)l.m[2].nr_extents, (unsigned long long)g.m[2].nr_extents);

	sectors[2] = 100000ULL * 2048;
	d = l;
	sp_layout_grow(&d, sectors);
	tap_ok(d.nr_extents == d.map_capacity,
	       "growth stops at the map's capacity (%llu extents)",
	       (unsigned long long)d.map_capacity);

	memset(&sb, 0, sizeof(sb));
	sb.l = g;
	sb.generation = 2;
	sp_sb_encode(&sb, block);
	tap_ok(sp_sb_decode(block, &back, &err) == 0 && back.l.nr_extents == g.nr_extents &&
	       back.l.m[2].nr_extents == g.m[2].nr_extents,
	       "the grown superblock decodes as consistent");

	if (!tap_ok(sp_map_init(&m, &l) == 0, "a map for the first layout"))
		return tap_done();
	for (e = 0; e < l.nr_extents; e++)
		m.loc[e] = sp_map_alloc(&m, 0);
	before = sp_map_used(&m, 2);
	tap_ok(sp_map_alloc(&m, 0) == SP_LOC_NONE, "full before growing");
	tap_ok(sp_map_grow(&m, &g) == 0 && m.t[2].nr == g.m[2].nr_extents &&
	       sp_map_used(&m, 2) == before && m.l.nr_extents == g.nr_extents,
	       "sp_map_grow keeps the %llu extents in use on tier 2",
	       (unsigned long long)before);
	loc = sp_map_alloc(&m, 0);
	tap_ok(loc != SP_LOC_NONE && sp_loc_tier(loc) == 2 &&
	       sp_loc_phys(loc) == l.m[2].nr_extents,
	       "the next allocation is tier 2's first new extent");
	m.loc[l.nr_extents] = loc;
	tap_ok(sp_map_rebuild_alloc(&m, &err) == 0 && sp_map_used(&m, 2) == before + 1,
	       "the grown map rebuilds without a double mapping");
	sp_map_destroy(&m);
	return tap_done();
}
