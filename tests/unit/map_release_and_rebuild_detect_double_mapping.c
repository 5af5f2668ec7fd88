// SPDX-License-Identifier: GPL-2.0
/*
 * sp_map_release() gives back only what is taken (releasing a free or an
 * invalid location changes nothing), and sp_map_rebuild_alloc() derives
 * the allocator from the map alone: the extents the map uses are taken,
 * the others free, and a map that points outside the set, maps one
 * physical extent twice or maps past the end of the set is -EUCLEAN with
 * its sentence.
 */
#include "tap.h"
#include "tier/map.h"

#define E_OUTSIDE	"The extent map points outside the set (corrupt)"
#define E_TWICE		"Two logical extents share one physical extent (corrupt)"
#define E_PAST		"The extent map maps extents past the end of the set (corrupt)"

static struct sp_layout l;

static void reset(struct sp_map *m)
{
	u64 e;

	for (e = 0; e < m->l.map_capacity; e++)
		m->loc[e] = SP_LOC_NONE;
}

static void expect_corrupt(struct sp_map *m, const char *sentence, const char *what)
{
	const char *err = NULL;
	int ret = sp_map_rebuild_alloc(m, &err);

	if (!tap_ok(ret == -EUCLEAN && err && !strcmp(err, sentence), "%s: -EUCLEAN, %s",
		    what, sentence))
		tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
}

int main(void)
{
	struct sp_layout_input in;
	struct sp_map m;
	const char *err;
	u64 e, free1;
	int ret;
	u32 loc;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 3;
	in.sectors[0] = 65536;
	in.sectors[1] = 128 + 100 * 128;
	in.sectors[2] = 128 + 300 * 128;
	in.dax[0] = true;
	in.extent_sectors = 128;
	in.journal_blocks = 16;
	if (!tap_ok(!sp_layout_compute(&l, &in, &err) && !sp_map_init(&m, &l),
		    "a set of 400 extents on tiers 1 and 2, and its map"))
		return tap_done();

	loc = sp_map_alloc(&m, 0);
	free1 = m.t[1].nr_free;
	sp_map_release(&m, sp_loc(1, 50));
	tap_ok(m.t[1].nr_free == free1, "releasing a free extent changes nothing");
	sp_map_release(&m, sp_loc(0, 0));
	sp_map_release(&m, sp_loc(1, 100));
	sp_map_release(&m, sp_loc(3, 0));
	sp_map_release(&m, SP_LOC_NONE);
	tap_ok(m.t[1].nr_free == free1 && m.t[2].nr_free == 300,
	       "releasing a location outside the set changes nothing");
	sp_map_release(&m, loc);
	sp_map_release(&m, loc);
	tap_ok(m.t[1].nr_free == free1 + 1, "releasing a taken extent twice frees it once");

	/* A map as recovery leaves it: some extents mapped, anywhere. */
	reset(&m);
	m.loc[0] = sp_loc(2, 299);
	m.loc[1] = sp_loc(1, 0);
	m.loc[2] = sp_loc(1, 63);
	m.loc[3] = sp_loc(1, 64);
	m.loc[399] = sp_loc(2, 0);
	sp_map_alloc(&m, 0);		/* what the allocator did before is forgotten */
	ret = sp_map_rebuild_alloc(&m, &err);
	tap_ok(ret == 0 && sp_map_used(&m, 1) == 3 && sp_map_used(&m, 2) == 2 &&
	       sp_map_used(&m, 0) == 0, "rebuilt: the five mapped extents are taken");
	loc = sp_map_alloc(&m, 0);
	tap_ok(loc == sp_loc(1, 1), "the next one handed out is the first free one");
	ret = 0;
	for (e = 0; e < 96; e++)
		ret |= sp_map_alloc(&m, 1) == sp_loc(1, 63) ||
		       sp_map_alloc_on(&m, 2) == sp_loc(2, 299);
	tap_ok(!ret && m.t[1].nr_free == 0, "the allocator never hands out a mapped extent");

	reset(&m);
	tap_ok(!sp_map_rebuild_alloc(&m, &err) && m.t[1].nr_free == 100 &&
	       m.t[2].nr_free == 300, "an empty map: every tier free");

	reset(&m);
	m.loc[5] = sp_loc(1, 10);
	m.loc[6] = sp_loc(1, 10);
	expect_corrupt(&m, E_TWICE, "two logical extents on tier 1 extent 10");
	reset(&m);
	m.loc[0] = sp_loc(2, 0);
	m.loc[399] = sp_loc(2, 0);
	expect_corrupt(&m, E_TWICE, "the first and last logical extents on one");
	reset(&m);
	m.loc[7] = sp_loc(0, 0);
	expect_corrupt(&m, E_OUTSIDE, "an extent on the tier without data");
	reset(&m);
	m.loc[7] = sp_loc(1, 100);
	expect_corrupt(&m, E_OUTSIDE, "an extent past the end of tier 1");
	reset(&m);
	m.loc[7] = sp_loc(3, 0);
	expect_corrupt(&m, E_OUTSIDE, "an extent on a tier not in the set");
	reset(&m);
	m.loc[400] = sp_loc(1, 5);
	expect_corrupt(&m, E_PAST, "logical extent 400 of 400 mapped");
	reset(&m);
	m.loc[m.l.map_capacity - 1] = sp_loc(2, 5);
	expect_corrupt(&m, E_PAST, "the last map entry mapped");

	sp_map_destroy(&m);
	return tap_done();
}
