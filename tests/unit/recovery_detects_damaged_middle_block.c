// SPDX-License-Identifier: GPL-2.0
/*
 * Damage inside the journal is corruption, not a torn tail: a block that
 * is torn, lost (zero) or of another set, followed by a valid block of a
 * later commit, makes sp_recover() fail with -EUCLEAN ("damaged in the
 * middle"), since commits are written one after the other and the later
 * one could only have been written after the damaged block was. Records
 * that point outside the set, and a result that maps one physical extent
 * twice, are -EUCLEAN as well, each with its sentence.
 */
#include "tap.h"
#include "fake/md.h"

#define E_MIDDLE	"A journal block is damaged in the middle of the journal (corrupt)"
#define E_RECORD	"A journal record points outside the set (corrupt)"
#define E_TWICE		"Two logical extents share one physical extent (corrupt)"
#define E_OUTSIDE	"The extent map points outside the set (corrupt)"

static u32 lext[2 * SP_JBLOCK_ENTRIES], loc[2 * SP_JBLOCK_ENTRIES];

/* Checkpoint 1 replaying from 2, one-record commits at 2, 3 and 4. */
static void setup(struct fake_md *md)
{
	struct sp_layout_input in;
	u64 seq;

	fake_md_default_input(&in);
	fake_md_init(md, &in);
	fake_md_write_empty_ckpt(md, 0, 1, 2);
	for (seq = 2; seq <= 4; seq++) {
		lext[0] = (u32)seq;
		loc[0] = sp_loc(1, (u32)seq);
		fake_md_write_commit(md, seq, 1, lext, loc);
	}
}

static void expect(struct fake_md *md, const char *sentence, const char *what)
{
	struct sp_recovery res;
	struct sp_map m;
	const char *err;
	int ret = fake_md_recover(md, &m, &res, &err);

	if (!tap_ok(ret == -EUCLEAN && err && !strcmp(err, sentence), "%s: -EUCLEAN, %s",
		    what, sentence))
		tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	sp_map_destroy(&m);
	fake_md_destroy(md);
}

int main(void)
{
	struct fake_md md;
	unsigned int i;

	setup(&md);
	fake_md_tear(fake_md_jslot(&md, 3));
	expect(&md, E_MIDDLE, "block 3 torn, block 4 a later commit");

	setup(&md);
	memset(fake_md_jslot(&md, 3), 0, SP_MD_BLOCK_SIZE);
	expect(&md, E_MIDDLE, "block 3 lost (zeroes), block 4 a later commit");

	setup(&md);
	{	/* block 3 rewritten as another set's, its checksum valid */
		struct sp_jblock jb = { .seq = 3, .commit_seq = 3, .nr = 1 };

		memcpy(jb.uuid, md.sb.uuid, SP_UUID_LEN);
		jb.uuid[4] ^= 1;
		lext[0] = 3;
		loc[0] = sp_loc(1, 3);
		sp_jblock_encode(&jb, lext, loc, fake_md_jslot(&md, 3));
	}
	expect(&md, E_MIDDLE, "block 3 of another set, block 4 a later commit");

	/* A two-block commit at 3-4, its second block torn, then commit 5. */
	setup(&md);
	for (i = 0; i < SP_JBLOCK_ENTRIES + 1; i++) {
		lext[i] = 100 + i;
		loc[i] = sp_loc(1, 100 + i);
	}
	fake_md_write_commit(&md, 3, SP_JBLOCK_ENTRIES + 1, lext, loc);
	lext[0] = 5;
	loc[0] = sp_loc(1, 5);
	fake_md_write_commit(&md, 5, 1, lext, loc);
	fake_md_tear(fake_md_jslot(&md, 4));
	expect(&md, E_MIDDLE, "the second block of commit 3-4 torn, commit 5 after it");

	setup(&md);
	lext[0] = (u32)md.sb.l.nr_extents;
	loc[0] = sp_loc(1, 9);
	fake_md_write_commit(&md, 5, 1, lext, loc);
	expect(&md, E_RECORD, "a record for logical extent 2557 of 2557");

	setup(&md);
	lext[0] = 9;
	loc[0] = sp_loc(2, 0);
	fake_md_write_commit(&md, 5, 1, lext, loc);
	expect(&md, E_RECORD, "a record to a tier not in the set");

	setup(&md);
	lext[0] = 9;
	loc[0] = sp_loc(1, (u32)md.sb.l.m[1].nr_extents);
	fake_md_write_commit(&md, 5, 1, lext, loc);
	expect(&md, E_RECORD, "a record past the end of tier 1");

	setup(&md);
	lext[0] = 9;
	loc[0] = sp_loc(1, 3);		/* extent 3 is there already */
	fake_md_write_commit(&md, 5, 1, lext, loc);
	expect(&md, E_TWICE, "a record that maps a second extent to tier 1 extent 3");

	setup(&md);
	{
		u32 *map = calloc(md.sb.l.nr_extents, sizeof(u32));

		for (i = 0; i < md.sb.l.nr_extents; i++)
			map[i] = SP_LOC_NONE;
		map[100] = sp_loc(3, 1);
		fake_md_write_ckpt(&md, 0, 1, 2, map, md.sb.l.nr_extents);
		free(map);
	}
	expect(&md, E_OUTSIDE, "a checkpoint that maps an extent to tier 3");
	return tap_done();
}
