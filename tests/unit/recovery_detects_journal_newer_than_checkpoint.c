// SPDX-License-Identifier: GPL-2.0
/*
 * When the journal has moved on past every valid checkpoint (the
 * checkpoint that allowed the ring to be reused is lost), replaying would
 * skip commits: sp_recover() fails with -EUCLEAN ("journal newer than
 * every valid checkpoint") instead, whether the only checkpoint is old or
 * the newer one is torn and the older one's replay point has been
 * overwritten by a later lap. A block of an older lap at the replay point
 * is merely the end of the journal.
 */
#include "tap.h"
#include "fake/md.h"

#define E_NEWER	"The journal is newer than every valid checkpoint (checkpoint lost)"

static u32 lext[1], loc[1];

static void commits(struct fake_md *md, u64 from, u64 to)
{
	u64 seq;

	for (seq = from; seq < to; seq++) {
		lext[0] = (u32)(seq % 1000);
		loc[0] = sp_loc(1, (u32)(seq % 1000));
		fake_md_write_commit(md, seq, 1, lext, loc);
	}
}

int main(void)
{
	struct sp_layout_input in;
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	int ret;

	fake_md_default_input(&in);

	/* Checkpoint replaying from 5; the ring holds blocks 18..33. */
	fake_md_init(&md, &in);
	fake_md_write_empty_ckpt(&md, 0, 1, 5);
	commits(&md, 18, 34);
	ret = fake_md_recover(&md, &m, &res, &err);
	if (!tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_NEWER),
		    "replay point 5 holds block 21: -EUCLEAN, %s", E_NEWER))
		tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	sp_map_destroy(&m);

	/* One block newer than expected is enough. */
	fake_md_destroy(&md);
	fake_md_init(&md, &in);
	fake_md_write_empty_ckpt(&md, 0, 1, 5);
	commits(&md, 5, 8);
	commits(&md, 8 + 16, 8 + 17);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_NEWER),
	       "blocks 5-7 fine, then block 24 where 8 should be: -EUCLEAN");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/*
	 * Checkpoint 1 replays from 2; checkpoint 2 (from 20) is torn; the
	 * ring was reused up to block 33.
	 */
	fake_md_init(&md, &in);
	fake_md_write_empty_ckpt(&md, 0, 1, 2);
	fake_md_write_empty_ckpt(&md, 1, 2, 20);
	fake_md_tear(fake_md_at(&md, md.sb.l.ckpt_offset[1]));
	commits(&md, 18, 34);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_NEWER),
	       "the newer checkpoint torn, the older one's journal overwritten: -EUCLEAN");
	sp_map_destroy(&m);

	/* With checkpoint 2 intact, the same ring is fine. */
	fake_md_write_empty_ckpt(&md, 1, 2, 20);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.ckpt_slot == 1 && res.replay_seq == 20 &&
	       res.next_seq == 34 && res.blocks == 14,
	       "with the newer checkpoint intact: blocks 20..33 replayed");
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	/* An older lap's block at the replay point: the journal ends there. */
	fake_md_init(&md, &in);
	fake_md_write_empty_ckpt(&md, 0, 1, 21);
	commits(&md, 5, 6);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == 0 && res.blocks == 0 && res.next_seq == 21 && !res.torn_tail,
	       "replay point 21 holds block 5 of an older lap: nothing to replay");
	sp_map_destroy(&m);
	fake_md_destroy(&md);
	return tap_done();
}
