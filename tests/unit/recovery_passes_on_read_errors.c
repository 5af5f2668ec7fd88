// SPDX-License-Identifier: GPL-2.0
/*
 * An I/O error of the metadata tier is no verdict on the metadata:
 * sp_recover() returns the reader's error (not -EUCLEAN), whether the
 * read of a checkpoint header, of a checkpoint's map, of a journal block
 * or of the block after the journal's end failed, with a sentence saying
 * which.
 */
#include "tap.h"
#include "fake/md.h"

#define E_CKPT		"Cannot read a checkpoint"
#define E_JOURNAL	"Cannot read the journal"

static u32 lext[1], loc[1];

static void setup(struct fake_md *md)
{
	struct sp_layout_input in;
	u64 seq;

	fake_md_default_input(&in);
	fake_md_init(md, &in);
	fake_md_write_empty_ckpt(md, 0, 1, 2);
	fake_md_write_empty_ckpt(md, 1, 2, 3);
	for (seq = 3; seq <= 5; seq++) {
		lext[0] = (u32)seq;
		loc[0] = sp_loc(1, (u32)seq);
		fake_md_write_commit(md, seq, 1, lext, loc);
	}
}

static void expect(u64 (*where)(const struct fake_md *md), const char *sentence,
		   const char *what)
{
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	int ret;

	setup(&md);
	md.fail_sector = where(&md);
	ret = fake_md_recover(&md, &m, &res, &err);
	if (!tap_ok(ret == -EIO && err && !strcmp(err, sentence), "%s: -EIO, %s",
		    what, sentence))
		tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	sp_map_destroy(&m);
	fake_md_destroy(&md);
}

static u64 ckpt0_header(const struct fake_md *md)
{
	return md->sb.l.ckpt_offset[0];
}

static u64 ckpt1_header(const struct fake_md *md)
{
	return md->sb.l.ckpt_offset[1] + 7;
}

static u64 ckpt1_map(const struct fake_md *md)
{
	return md->sb.l.ckpt_offset[1] + SP_MD_BLOCK_SECTORS + 1;
}

static u64 journal_block_4(const struct fake_md *md)
{
	return md->sb.l.journal_offset + 4 * SP_MD_BLOCK_SECTORS;
}

static u64 journal_after_end(const struct fake_md *md)
{
	return md->sb.l.journal_offset + 7 * SP_MD_BLOCK_SECTORS;
}

int main(void)
{
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	int ret;

	setup(&md);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.ckpt_slot == 1 && res.next_seq == 6,
	       "without an error: checkpoint 2, blocks 3..5");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	expect(ckpt0_header, E_CKPT, "the older checkpoint's header unreadable");
	expect(ckpt1_header, E_CKPT, "the newer checkpoint's header unreadable");
	expect(ckpt1_map, E_CKPT, "the newer checkpoint's map unreadable");
	expect(journal_block_4, E_JOURNAL, "journal block 4 unreadable");
	expect(journal_after_end, E_JOURNAL, "the block after the end unreadable, block 6 missing");
	return tap_done();
}
