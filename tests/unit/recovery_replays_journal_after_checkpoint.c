// SPDX-License-Identifier: GPL-2.0
/*
 * sp_recover() over an in-memory metadata tier (fake/md.h) loads the
 * newest valid checkpoint and replays the journal from its replay point,
 * in order, across the end of the ring: later records win, unmapping
 * records unmap, blocks before the replay point and stale blocks of an
 * older lap are not applied, commits of several blocks are applied
 * whole, and the allocator is rebuilt from the result. A freshly
 * formatted set (empty checkpoint, empty journal) recovers to an empty
 * map.
 */
#include "tap.h"
#include "fake/md.h"

#define BIG	((unsigned int)SP_JBLOCK_ENTRIES + 10)	/* records of a two-block commit */

static u32 map0[4000], lext[BIG], loc[BIG];

static void rec(unsigned int i, u32 e, u32 l)
{
	lext[i] = e;
	loc[i] = l;
}

int main(void)
{
	struct sp_layout_input in;
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	unsigned int i;
	u64 seq;
	bool all;
	int ret;

	fake_md_default_input(&in);
	if (!tap_ok(!fake_md_init(&md, &in) && md.sb.l.nr_extents == 2557 &&
		    md.sb.l.journal_blocks == 16,
		    "a set of 2557 extents on two tiers, a journal of 16 blocks"))
		return tap_done();

	/* Fresh from format: an empty checkpoint, nothing in the journal. */
	fake_md_write_empty_ckpt(&md, 0, 1, 0);
	ret = fake_md_recover(&md, &m, &res, &err);
	all = ret == 0;
	for (i = 0; all && i < md.sb.l.nr_extents; i++)
		all = m.loc[i] == SP_LOC_NONE;
	tap_ok(all && res.ckpt_slot == 0 && res.ckpt_generation == 1 &&
	       res.replay_seq == 0 && res.next_seq == 0 && res.blocks == 0 &&
	       !res.torn_tail && sp_map_used(&m, 0) == 0 && sp_map_used(&m, 1) == 0,
	       "a fresh set: checkpoint 1, nothing replayed, every extent unmapped");
	sp_map_destroy(&m);

	/* Checkpoint 1 in slot 0: replay from 5. */
	for (i = 0; i < md.sb.l.nr_extents; i++)
		map0[i] = SP_LOC_NONE;
	map0[0] = sp_loc(0, 0);
	map0[1] = sp_loc(0, 1);
	map0[2] = sp_loc(1, 5);
	fake_md_write_ckpt(&md, 0, 1, 5, map0, md.sb.l.nr_extents);
	rec(0, 9, sp_loc(1, 9));
	fake_md_write_commit(&md, 4, 1, lext, loc);	/* before the replay point */
	rec(0, 0, sp_loc(1, 0));
	rec(1, 3, sp_loc(1, 1));
	seq = 5;
	seq += fake_md_write_commit(&md, seq, 2, lext, loc);
	for (i = 0; i < BIG; i++)
		rec(i, 100 + i, sp_loc(1, 200 + i));
	seq += fake_md_write_commit(&md, seq, BIG, lext, loc);
	rec(0, 1, SP_LOC_NONE);
	rec(1, 3, sp_loc(1, 2));
	seq += fake_md_write_commit(&md, seq, 2, lext, loc);
	tap_ok(seq == 9, "commits at 5, 6-7 (two blocks) and 8 written");

	ret = fake_md_recover(&md, &m, &res, &err);
	if (!tap_ok(ret == 0, "recovery succeeds"))
		tap_diag("%d %s", ret, err ? err : "");
	tap_ok(res.ckpt_slot == 0 && res.ckpt_generation == 1 && res.replay_seq == 5 &&
	       res.next_seq == 9 && res.blocks == 4 && res.records == 4 + BIG &&
	       !res.torn_tail,
	       "checkpoint 1 from slot 0; 4 blocks, %u records from 5; next block 9",
	       4 + BIG);
	tap_ok(m.loc[0] == sp_loc(1, 0) && m.loc[2] == sp_loc(1, 5),
	       "a record moves an extent; one without a record stays");
	tap_ok(m.loc[1] == SP_LOC_NONE, "an unmapping record unmaps");
	tap_ok(m.loc[3] == sp_loc(1, 2), "of two records for one extent, the later wins");
	tap_ok(m.loc[9] == SP_LOC_NONE, "a block before the replay point is not applied");
	all = true;
	for (i = 0; i < BIG; i++)
		all &= m.loc[100 + i] == sp_loc(1, 200 + i);
	tap_ok(all, "both blocks of a two-block commit are applied");
	tap_ok(sp_map_used(&m, 0) == 0 && sp_map_used(&m, 1) == 3 + BIG &&
	       sp_map_alloc_on(&m, 1) == sp_loc(1, 1) && sp_map_alloc_on(&m, 0) == sp_loc(0, 0),
	       "the allocator is rebuilt: what the journal gave up is free again");
	tap_ok(!md.bad_len, "every read is of whole sectors");
	sp_map_destroy(&m);

	/* A newer checkpoint in slot 1 wins; the journal from its point. */
	map0[2] = sp_loc(1, 6);
	fake_md_write_ckpt(&md, 1, 2, 8, map0, md.sb.l.nr_extents);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.ckpt_slot == 1 && res.ckpt_generation == 2 &&
	       res.replay_seq == 8 && res.blocks == 1 && res.next_seq == 9 &&
	       m.loc[2] == sp_loc(1, 6) && m.loc[3] == sp_loc(1, 2) &&
	       m.loc[100] == SP_LOC_NONE,
	       "checkpoint 2 in slot 1 is newer: loaded, only block 8 replayed");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/* Across the end of the ring: blocks 30..33 in slots 14, 15, 0, 1. */
	fake_md_init(&md, &in);
	fake_md_write_empty_ckpt(&md, 1, 7, 30);
	for (seq = 30; seq < 34; seq++) {
		rec(0, (u32)seq, sp_loc(1, (u32)seq));
		fake_md_write_commit(&md, seq, 1, lext, loc);
	}
	rec(0, 1000, sp_loc(1, 1000));
	fake_md_write_commit(&md, 18, 1, lext, loc);	/* slot 2: an older lap */
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.replay_seq == 30 && res.next_seq == 34 && res.blocks == 4 &&
	       !res.torn_tail && m.loc[33] == sp_loc(1, 33) && m.loc[30] == sp_loc(1, 30) &&
	       m.loc[1000] == SP_LOC_NONE,
	       "replay wraps around the ring and stops at a block of an older lap");
	sp_map_destroy(&m);

	/* A journal that fills the whole ring since the checkpoint. */
	for (seq = 34; seq < 46; seq++) {
		rec(0, (u32)seq, sp_loc(1, (u32)seq));
		fake_md_write_commit(&md, seq, 1, lext, loc);
	}
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.blocks == 16 && res.next_seq == 46 && !res.torn_tail &&
	       m.loc[45] == sp_loc(1, 45),
	       "a journal of 16 valid blocks in a ring of 16: all replayed");
	sp_map_destroy(&m);
	fake_md_destroy(&md);
	return tap_done();
}
