// SPDX-License-Identifier: GPL-2.0
/*
 * A power cut while a checkpoint was written leaves its slot torn: the
 * header's checksum fails, or the header made it and the map after it did
 * not (the map's crc fails). sp_recover() then loads the other, older
 * checkpoint and replays the journal from its replay point, which still
 * holds every commit since, and ends with the same map. A header of
 * another set or with more entries than the set has is ignored likewise;
 * with no valid checkpoint at all, recovery fails with -EUCLEAN.
 */
#include "tap.h"
#include "fake/md.h"

#define E_NONE	"No valid checkpoint of the extent map (corrupt)"

static u32 map_old[4000], map_new[4000], lext[1], loc[1];

/*
 * Checkpoint 1 (slot 0): extent 0 on tier 1 extent 0, replay from 2.
 * Commits 2..5 map extent n to tier 1 extent n. Checkpoint 2 (slot 1):
 * all of that, replay from 6. Commit 6 maps extent 6.
 */
static void setup(struct fake_md *md)
{
	struct sp_layout_input in;
	unsigned int i;
	u64 seq;

	fake_md_default_input(&in);
	fake_md_init(md, &in);
	for (i = 0; i < md->sb.l.nr_extents; i++)
		map_old[i] = map_new[i] = SP_LOC_NONE;
	map_old[0] = map_new[0] = sp_loc(1, 0);
	fake_md_write_ckpt(md, 0, 1, 2, map_old, md->sb.l.nr_extents);
	for (seq = 2; seq <= 6; seq++) {
		lext[0] = (u32)seq;
		loc[0] = sp_loc(1, (u32)seq);
		fake_md_write_commit(md, seq, 1, lext, loc);
		if (seq < 6)
			map_new[seq] = loc[0];
	}
	fake_md_write_ckpt(md, 1, 2, 6, map_new, md->sb.l.nr_extents);
}

/* The map every recovery of setup()'s metadata must end with. */
static bool final_map(const struct sp_map *m)
{
	unsigned int i;

	if (m->loc[0] != sp_loc(1, 0))
		return false;
	for (i = 2; i <= 6; i++)
		if (m->loc[i] != sp_loc(1, i))
			return false;
	return m->loc[1] == SP_LOC_NONE && m->loc[7] == SP_LOC_NONE &&
	       sp_map_used(m, 1) == 6;
}

static void expect_slot(struct fake_md *md, unsigned int slot, u64 gen,
			const char *what)
{
	struct sp_recovery res;
	struct sp_map m;
	const char *err;
	int ret = fake_md_recover(md, &m, &res, &err);

	if (!tap_ok(ret == 0 && res.ckpt_slot == slot && res.ckpt_generation == gen &&
		    res.replay_seq == (gen == 1 ? 2 : 6) && res.next_seq == 7 &&
		    final_map(&m), "%s: checkpoint %llu from slot %u, the same map",
		    what, (unsigned long long)gen, slot))
		tap_diag("got %d \"%s\", slot %u gen %llu", ret, err ? err : "",
			 res.ckpt_slot, (unsigned long long)res.ckpt_generation);
	sp_map_destroy(&m);
	fake_md_destroy(md);
}

int main(void)
{
	struct sp_recovery res;
	struct fake_md md;
	struct sp_map m;
	const char *err;
	u8 *hdr;
	int ret;

	setup(&md);
	expect_slot(&md, 1, 2, "both checkpoints intact: the newer one");

	setup(&md);
	hdr = fake_md_at(&md, md.sb.l.ckpt_offset[1]);
	hdr[SP_MD_BLOCK_SIZE + 8] ^= 0x40;	/* a map entry */
	expect_slot(&md, 0, 1, "the newer checkpoint's map torn");

	setup(&md);
	hdr = fake_md_at(&md, md.sb.l.ckpt_offset[1]);
	memset(hdr + 2 * SP_MD_BLOCK_SIZE, 0x33, SP_MD_BLOCK_SIZE);	/* its second map block */
	expect_slot(&md, 0, 1, "the newer checkpoint's map half written");

	setup(&md);
	fake_md_tear(fake_md_at(&md, md.sb.l.ckpt_offset[1]));
	expect_slot(&md, 0, 1, "the newer checkpoint's header torn");

	setup(&md);
	{
		struct sp_ckpt ck = { .generation = 2, .replay_seq = 6,
				      .nr_entries = md.sb.l.nr_extents };

		memset(ck.uuid, 0x77, SP_UUID_LEN);
		sp_ckpt_encode(&ck, fake_md_at(&md, md.sb.l.ckpt_offset[1]));
	}
	expect_slot(&md, 0, 1, "the newer checkpoint of another set");

	setup(&md);
	{
		struct sp_ckpt ck = { .generation = 2, .replay_seq = 6,
				      .nr_entries = md.sb.l.nr_extents + 1 };

		memcpy(ck.uuid, md.sb.uuid, SP_UUID_LEN);
		sp_ckpt_encode(&ck, fake_md_at(&md, md.sb.l.ckpt_offset[1]));
	}
	expect_slot(&md, 0, 1, "the newer checkpoint with more entries than the set");

	/* The slots the other way round: generation 3 in slot 0 torn. */
	setup(&md);
	fake_md_write_ckpt(&md, 0, 3, 6, map_new, md.sb.l.nr_extents);
	fake_md_at(&md, md.sb.l.ckpt_offset[0])[SP_MD_BLOCK_SIZE + 40] ^= 1;
	expect_slot(&md, 1, 2, "generation 3 in slot 0 torn");

	setup(&md);
	fake_md_tear(fake_md_at(&md, md.sb.l.ckpt_offset[0]));
	fake_md_tear(fake_md_at(&md, md.sb.l.ckpt_offset[1]));
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_NONE),
	       "both checkpoints torn: -EUCLEAN, %s", E_NONE);
	sp_map_destroy(&m);
	fake_md_destroy(&md);

	setup(&md);
	memset(fake_md_at(&md, md.sb.l.ckpt_offset[0]), 0, SP_MD_BLOCK_SIZE);
	memset(fake_md_at(&md, md.sb.l.ckpt_offset[1]), 0, SP_MD_BLOCK_SIZE);
	ret = fake_md_recover(&md, &m, &res, &err);
	tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_NONE),
	       "no checkpoint at all: -EUCLEAN");
	sp_map_destroy(&m);
	fake_md_destroy(&md);
	return tap_done();
}
