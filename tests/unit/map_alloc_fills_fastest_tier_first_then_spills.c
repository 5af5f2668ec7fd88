// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator of physical extents: a new map has every logical extent
 * unmapped and every capacity tier free; sp_map_alloc() hands out the
 * fastest capacity tier at or after the one asked for, extent by extent,
 * then spills to the next, and gives SP_LOC_NONE when all are full;
 * sp_map_alloc_on() takes one tier only and never a tier without data;
 * a released extent is handed out again; sp_map_used() counts.
 */
#include "tap.h"
#include "tier/map.h"

#define T1	100	/* extents on tier 1 */
#define T2	300	/* extents on tier 2 */

int main(void)
{
	static bool seen[T1 + T2];
	struct sp_layout_input in;
	struct sp_layout l;
	struct sp_map m;
	const char *err;
	unsigned int i;
	bool all;
	u32 loc;
	u64 e;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 3;
	in.sectors[0] = 65536;
	in.sectors[1] = 128 + T1 * 128;
	in.sectors[2] = 128 + T2 * 128;
	in.dax[0] = true;
	in.extent_sectors = 128;
	in.journal_blocks = 16;
	if (!tap_ok(!sp_layout_compute(&l, &in, &err) && l.capacity_mask == 0x6 &&
		    l.m[1].nr_extents == T1 && l.m[2].nr_extents == T2,
		    "a set: DAX tier 0 without data, tiers of 100 and 300 extents"))
		return tap_done();
	if (!tap_ok(!sp_map_init(&m, &l) && m.l.nr_extents == T1 + T2,
		    "sp_map_init() takes the layout"))
		return tap_done();

	all = true;
	for (e = 0; e < m.l.map_capacity; e++)
		all &= m.loc[e] == SP_LOC_NONE;
	tap_ok(all, "every one of the %llu map entries is unmapped",
	       (unsigned long long)m.l.map_capacity);
	tap_ok(sp_map_used(&m, 0) == 0 && sp_map_used(&m, 1) == 0 &&
	       sp_map_used(&m, 2) == 0 && m.t[1].nr_free == T1 && m.t[2].nr_free == T2,
	       "every tier free");

	tap_ok(sp_map_alloc_on(&m, 0) == SP_LOC_NONE,
	       "sp_map_alloc_on() a tier without data: SP_LOC_NONE");
	tap_ok(sp_map_alloc_on(&m, 3) == SP_LOC_NONE && sp_map_alloc_on(&m, 7) == SP_LOC_NONE,
	       "sp_map_alloc_on() a tier not in the set: SP_LOC_NONE");

	all = true;
	for (i = 0; i < T1; i++) {
		loc = sp_map_alloc(&m, 0);
		all &= loc == sp_loc(1, i);
	}
	tap_ok(all && sp_map_used(&m, 1) == T1 && sp_map_used(&m, 2) == 0,
	       "from tier 0 on: tier 1's extents first, in order, all 100");
	loc = sp_map_alloc(&m, 0);
	tap_ok(loc == sp_loc(2, 0), "then it spills to tier 2");
	tap_ok(sp_map_alloc_on(&m, 1) == SP_LOC_NONE, "a full tier 1 gives none of its own");

	sp_map_release(&m, sp_loc(1, 42));
	sp_map_release(&m, sp_loc(1, 7));
	tap_ok(sp_map_used(&m, 1) == T1 - 2, "two released extents are free again");
	loc = sp_map_alloc(&m, 0);
	tap_ok(loc == sp_loc(1, 7), "the lowest released one is handed out first");
	loc = sp_map_alloc(&m, 1);
	tap_ok(loc == sp_loc(1, 42), "then the other; tier 1 is full again");
	loc = sp_map_alloc(&m, 2);
	tap_ok(loc == sp_loc(2, 1), "from tier 2 on: tier 2 only");

	/* Tier 2 half handed out: a released extent below comes first. */
	for (i = 2; i < 150; i++)
		sp_map_alloc_on(&m, 2);
	sp_map_release(&m, sp_loc(2, 10));
	loc = sp_map_alloc_on(&m, 2);
	tap_ok(loc == sp_loc(2, 10) && sp_map_alloc_on(&m, 2) == sp_loc(2, 150),
	       "an extent released behind the search point is handed out next");

	memset(seen, 0, sizeof(seen));
	for (i = 0; i <= 150; i++)
		seen[i] = true;
	all = true;
	for (i = 151; i < T2; i++) {
		loc = sp_map_alloc(&m, 1);
		if (loc == SP_LOC_NONE || sp_loc_tier(loc) != 2 ||
		    seen[sp_loc_phys(loc)]) {
			all = false;
			break;
		}
		seen[sp_loc_phys(loc)] = true;
	}
	tap_ok(all, "the rest of tier 2 in 149 distinct extents");
	tap_ok(sp_map_alloc(&m, 0) == SP_LOC_NONE && sp_map_used(&m, 1) == T1 &&
	       sp_map_used(&m, 2) == T2, "a full set: SP_LOC_NONE, everything used");

	/* Across a word of the bitmap: free 60..70 and take them back. */
	for (i = 60; i <= 70; i++)
		sp_map_release(&m, sp_loc(2, i));
	all = sp_map_used(&m, 2) == T2 - 11;
	for (i = 60; i <= 70; i++)
		all &= sp_map_alloc(&m, 0) == sp_loc(2, i);
	tap_ok(all && sp_map_alloc(&m, 0) == SP_LOC_NONE,
	       "extents freed across a bitmap word come back in order");

	sp_map_destroy(&m);
	return tap_done();
}
