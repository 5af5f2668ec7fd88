// SPDX-License-Identifier: GPL-2.0
/*
 * A power cut while the last commit was written is the normal end of the
 * journal, not corruption: sp_recover() succeeds, says the tail was torn,
 * applies every commit before it and nothing of the torn commit's blocks
 * after the damage, and the next block to write is the damaged one. The
 * cut commit may be one block with a bad checksum, or several blocks of
 * which a later one survived (its commit_seq shows it belongs to the same
 * commit) while an earlier one is torn or still holds an older lap. A
 * journal that simply ends (a never-written or older block) is no torn
 * tail.
 */
#include "tap.h"
#include "fake/md.h"

static u32 lext[3 * SP_JBLOCK_ENTRIES], loc[3 * SP_JBLOCK_ENTRIES];

/*
 * A set with checkpoint 1 replaying from @first, and two one-record
 * commits there: extent 1 and 2 to tier 1 extents 1 and 2.
 */
static void setup(struct fake_md *md, u64 first)
{
	struct sp_layout_input in;

	fake_md_default_input(&in);
	fake_md_init(md, &in);
	fake_md_write_empty_ckpt(md, 0, 1, first);
	lext[0] = 1;
	loc[0] = sp_loc(1, 1);
	fake_md_write_commit(md, first, 1, lext, loc);
	lext[0] = 2;
	loc[0] = sp_loc(1, 2);
	fake_md_write_commit(md, first + 1, 1, lext, loc);
}

/* A three-block commit at @seq: extents 1000 + i to tier 1 extent 10 + i. */
static void big_commit(struct fake_md *md, u64 seq)
{
	unsigned int i, n = 2 * SP_JBLOCK_ENTRIES + 5;

	for (i = 0; i < n; i++) {
		lext[i] = 1000 + i;
		loc[i] = sp_loc(1, 10 + i);
	}
	fake_md_write_commit(md, seq, n, lext, loc);
}

static bool before_applied(const struct sp_map *m)
{
	return m->loc[1] == sp_loc(1, 1) && m->loc[2] == sp_loc(1, 2);
}

/* Nothing of the records in blocks @from.. of the big commit. */
static bool big_not_applied_from(const struct sp_map *m, unsigned int block)
{
	unsigned int i;

	for (i = block * SP_JBLOCK_ENTRIES; i < 2 * SP_JBLOCK_ENTRIES + 5; i++)
		if (m->loc[1000 + i] != SP_LOC_NONE)
			return false;
	return true;
}

int main(void)
{
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	int ret;

	/* One block, its write cut short: the checksum does not match. */
	setup(&md, 18);
	lext[0] = 3;
	loc[0] = sp_loc(1, 3);
	fake_md_write_commit(&md, 20, 1, lext, loc);
	fake_md_tear(fake_md_jslot(&md, 20));
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.torn_tail && res.next_seq == 20 && res.blocks == 2,
	       "a torn last block: success, torn tail, next block 20");
	tap_ok(before_applied(&m) && m.loc[3] == SP_LOC_NONE,
	       "the commits before it are applied, its record is not");
	sp_map_destroy(&m);

	/* The same, with an older lap's valid block in the slot after it. */
	lext[0] = 7;
	loc[0] = sp_loc(1, 7);
	fake_md_write_commit(&md, 21 - 16, 1, lext, loc);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.torn_tail && res.next_seq == 20 && m.loc[7] == SP_LOC_NONE,
	       "a torn last block before an older lap's block: the same");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/* Three blocks, the middle one torn, the last one written. */
	setup(&md, 2);
	big_commit(&md, 4);
	fake_md_tear(fake_md_jslot(&md, 5));
	ret = fake_md_recover(&md, &m, &res, &err);
	if (!tap_ok(ret == 0 && res.torn_tail && res.next_seq == 5,
		    "a commit of blocks 4-6 with 5 torn and 6 written: success, torn tail, next block 5"))
		tap_diag("%d %s", ret, err ? err : "");
	tap_ok(before_applied(&m) && big_not_applied_from(&m, 1),
	       "the commits before it are applied; nothing from block 5 on");
	sp_map_destroy(&m);

	/* Its first block torn, the two after it written. */
	big_commit(&md, 4);
	fake_md_tear(fake_md_jslot(&md, 4));
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.torn_tail && res.next_seq == 4 && before_applied(&m) &&
	       big_not_applied_from(&m, 0),
	       "the same commit with block 4 torn: success, none of it applied");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/* The middle block never written: an older lap's block in its slot. */
	setup(&md, 20);
	big_commit(&md, 22);
	lext[0] = 7;
	loc[0] = sp_loc(1, 7);
	fake_md_write_commit(&md, 23 - 16, 1, lext, loc);
	ret = fake_md_recover(&md, &m, &res, &err);
	if (!tap_ok(ret == 0 && res.torn_tail && res.next_seq == 23 &&
		    before_applied(&m) && big_not_applied_from(&m, 1) &&
		    m.loc[7] == SP_LOC_NONE,
		    "a commit of blocks 22-24 with 23 never written (an older lap there): torn tail"))
		tap_diag("%d %s", ret, err ? err : "");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/* The journal simply ends: a never-written block. */
	setup(&md, 2);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && !res.torn_tail && res.next_seq == 4 && res.blocks == 2 &&
	       before_applied(&m), "a journal that ends in a never-written block: no torn tail");
	sp_map_destroy(&m);

	/* The very first block to replay is torn: nothing replayed. */
	memset(fake_md_jslot(&md, 3), 0, SP_MD_BLOCK_SIZE);
	fake_md_tear(fake_md_jslot(&md, 2));
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.torn_tail && res.next_seq == 2 && res.blocks == 0 &&
	       m.loc[1] == SP_LOC_NONE, "the block at the replay point torn: nothing replayed");
	sp_map_destroy(&m);

	fake_md_destroy(&md);

	/* Garbage without even the magic: a journal that ends there. */
	setup(&md, 2);
	memset(fake_md_jslot(&md, 3), 0x6b, SP_MD_BLOCK_SIZE);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && !res.torn_tail && res.next_seq == 3 && m.loc[1] == sp_loc(1, 1),
	       "a block of garbage without the magic: the journal ends there");
	sp_map_destroy(&m);
	fake_md_destroy(&md);
	return tap_done();
}
