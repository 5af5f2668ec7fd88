// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for tier/map.c: the extent map, the allocator and recovery.
 * Built into storproto_kunit.ko, which includes the code under test (and
 * takes the encoders from format_test.c, which includes format.c).
 * Recovery reads an in-memory metadata tier through an sp_md_reader.
 */
#include <kunit/test.h>
#include <linux/vmalloc.h>

#include "map.c"

/* ---- an in-memory metadata tier ---- */

struct sp_test_md {
	struct sp_sb sb;
	u8 *buf;		/* the metadata region of tier 0 */
	size_t size;
	u64 fail_sector;	/* a read covering it fails with -EIO */
	struct sp_md_reader rd;
};

static int sp_test_md_read(void *ctx, u64 sector, void *buf, size_t len)
{
	struct sp_test_md *md = ctx;

	if (len % 512 || sector * 512 + len > md->size)
		return -EINVAL;
	if (md->fail_sector >= sector && md->fail_sector < sector + len / 512)
		return -EIO;
	memcpy(buf, md->buf + sector * 512, len);
	return 0;
}

static void sp_test_md_free(void *buf)
{
	vfree(buf);
}

/* Two tiers of 32 and 128 MiB, extents of 64 KiB, a journal of 16 blocks. */
static struct sp_test_md *sp_test_md_new(struct kunit *test)
{
	struct sp_layout_input in = {
		.nr_tiers = 2,
		.sectors = { 65536, 262144 },
		.extent_sectors = 128,
		.journal_blocks = SP_JOURNAL_BLOCKS_MIN,
	};
	struct sp_test_md *md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);
	const char *err;

	KUNIT_ASSERT_NOT_NULL(test, md);
	KUNIT_ASSERT_EQ(test, sp_layout_compute(&md->sb.l, &in, &err), 0);
	memset(md->sb.uuid, 0xa5, SP_UUID_LEN);
	md->size = (size_t)(md->sb.l.ckpt_offset[1] + md->sb.l.ckpt_sectors) * 512;
	md->buf = vzalloc(md->size);
	KUNIT_ASSERT_NOT_NULL(test, md->buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sp_test_md_free,
							 md->buf), 0);
	md->fail_sector = U64_MAX;
	md->rd.read = sp_test_md_read;
	md->rd.ctx = md;
	return md;
}

static u8 *sp_test_jslot(struct sp_test_md *md, u64 seq)
{
	return md->buf + (md->sb.l.journal_offset +
			  (seq % md->sb.l.journal_blocks) * SP_MD_BLOCK_SECTORS) * 512;
}

/* A checkpoint in @slot of a map with extent e at @map[e] (NULL: empty). */
static void sp_test_ckpt(struct sp_test_md *md, unsigned int slot, u64 gen,
			 u64 replay_seq, const u32 *map)
{
	u8 *hdr = md->buf + md->sb.l.ckpt_offset[slot] * 512;
	__le32 *out = (__le32 *)(hdr + SP_MD_BLOCK_SIZE);
	u64 e, nr = md->sb.l.nr_extents;
	struct sp_ckpt ck = {
		.generation = gen,
		.replay_seq = replay_seq,
		.nr_entries = nr,
	};

	for (e = 0; e < nr; e++)
		out[e] = cpu_to_le32(map ? map[e] : SP_LOC_NONE);
	ck.map_crc = sp_crc32c(out, (size_t)sp_ckpt_map_bytes(nr));
	memcpy(ck.uuid, md->sb.uuid, SP_UUID_LEN);
	sp_ckpt_encode(&ck, hdr);
}

/* A one-block commit at @seq of @commit_seq: extent @lext to @loc. */
static void sp_test_jblock(struct sp_test_md *md, u64 seq, u64 commit_seq,
			   u32 lext, u32 loc)
{
	struct sp_jblock jb = { .seq = seq, .commit_seq = commit_seq, .nr = 1 };

	memcpy(jb.uuid, md->sb.uuid, SP_UUID_LEN);
	sp_jblock_encode(&jb, &lext, &loc, sp_test_jslot(md, seq));
}

static void sp_test_tear(u8 *block)
{
	block[SP_MD_BLOCK_SIZE - 100] ^= 0x5a;
}

static int sp_test_recover(struct kunit *test, struct sp_test_md *md,
			   struct sp_map *m, struct sp_recovery *res,
			   const char **err)
{
	u8 *scratch = kunit_kzalloc(test, 2 * SP_MD_BLOCK_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, scratch);
	KUNIT_ASSERT_EQ(test, sp_map_init(m, &md->sb.l), 0);
	*err = NULL;
	return sp_recover(m, &md->sb, &md->rd, scratch, res, err);
}

/* ---- allocator ---- */

static void sp_map_alloc_fills_fastest_first(struct kunit *test)
{
	struct sp_layout_input in = {
		.nr_tiers = 3,
		.sectors = { 65536, 128 + 100 * 128, 128 + 300 * 128 },
		.dax = { true, false, false },
		.extent_sectors = 128,
		.journal_blocks = 16,
	};
	struct sp_layout l;
	const char *err;
	struct sp_map m;
	unsigned int i, wrong = 0;

	KUNIT_ASSERT_EQ(test, sp_layout_compute(&l, &in, &err), 0);
	KUNIT_ASSERT_EQ(test, sp_map_init(&m, &l), 0);
	KUNIT_EXPECT_EQ(test, m.loc[0], SP_LOC_NONE);
	KUNIT_EXPECT_EQ(test, sp_map_alloc_on(&m, 0), SP_LOC_NONE);
	for (i = 0; i < 100; i++)
		wrong += sp_map_alloc(&m, 0) != sp_loc(1, i);
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	KUNIT_EXPECT_EQ(test, sp_map_alloc(&m, 0), sp_loc(2, 0));
	sp_map_release(&m, sp_loc(1, 42));
	KUNIT_EXPECT_EQ(test, sp_map_used(&m, 1), 99ULL);
	KUNIT_EXPECT_EQ(test, sp_map_alloc(&m, 0), sp_loc(1, 42));
	for (i = 1; i < 300; i++)
		wrong += sp_map_alloc(&m, 1) != sp_loc(2, i);
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	KUNIT_EXPECT_EQ(test, sp_map_alloc(&m, 0), SP_LOC_NONE);
	sp_map_destroy(&m);
}

static void sp_map_rebuild_detects_double_mapping(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	const char *err = NULL;
	struct sp_map m;

	KUNIT_ASSERT_EQ(test, sp_map_init(&m, &md->sb.l), 0);
	m.loc[3] = sp_loc(1, 7);
	m.loc[4] = sp_loc(0, 2);
	KUNIT_EXPECT_EQ(test, sp_map_rebuild_alloc(&m, &err), 0);
	KUNIT_EXPECT_EQ(test, sp_map_used(&m, 0), 1ULL);
	KUNIT_EXPECT_EQ(test, sp_map_used(&m, 1), 1ULL);
	m.loc[5] = sp_loc(1, 7);
	KUNIT_EXPECT_EQ(test, sp_map_rebuild_alloc(&m, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err, "Two logical extents share one physical extent (corrupt)");
	m.loc[5] = sp_loc(3, 0);
	KUNIT_EXPECT_EQ(test, sp_map_rebuild_alloc(&m, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err, "The extent map points outside the set (corrupt)");
	sp_map_destroy(&m);
}

/* ---- recovery ---- */

static void sp_recover_replays_journal(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	u32 *map = kunit_kcalloc(test, md->sb.l.nr_extents, sizeof(u32), GFP_KERNEL);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;
	u64 e;

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (e = 0; e < md->sb.l.nr_extents; e++)
		map[e] = SP_LOC_NONE;
	map[0] = sp_loc(0, 0);
	map[1] = sp_loc(0, 1);
	sp_test_ckpt(md, 0, 1, 5, map);
	sp_test_jblock(md, 4, 4, 9, sp_loc(1, 9));	/* before the replay point */
	sp_test_jblock(md, 5, 5, 0, sp_loc(1, 0));
	sp_test_jblock(md, 6, 6, 1, SP_LOC_NONE);
	sp_test_jblock(md, 7, 7, 2, sp_loc(1, 2));
	sp_test_jblock(md, 8, 8, 2, sp_loc(1, 3));

	KUNIT_ASSERT_EQ(test, sp_test_recover(test, md, &m, &res, &err), 0);
	KUNIT_EXPECT_EQ(test, res.ckpt_slot, 0U);
	KUNIT_EXPECT_EQ(test, res.ckpt_generation, 1ULL);
	KUNIT_EXPECT_EQ(test, res.replay_seq, 5ULL);
	KUNIT_EXPECT_EQ(test, res.next_seq, 9ULL);
	KUNIT_EXPECT_EQ(test, res.blocks, 4ULL);
	KUNIT_EXPECT_FALSE(test, res.torn_tail);
	KUNIT_EXPECT_EQ(test, m.loc[0], sp_loc(1, 0));
	KUNIT_EXPECT_EQ(test, m.loc[1], SP_LOC_NONE);
	KUNIT_EXPECT_EQ(test, m.loc[2], sp_loc(1, 3));
	KUNIT_EXPECT_EQ(test, m.loc[9], SP_LOC_NONE);
	KUNIT_EXPECT_EQ(test, sp_map_used(&m, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, sp_map_used(&m, 1), 2ULL);
	sp_map_destroy(&m);
}

static void sp_recover_torn_tail_is_not_corruption(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;

	sp_test_ckpt(md, 0, 1, 2, NULL);
	sp_test_jblock(md, 2, 2, 1, sp_loc(1, 1));
	sp_test_jblock(md, 3, 3, 2, sp_loc(1, 2));
	sp_test_tear(sp_test_jslot(md, 3));
	KUNIT_ASSERT_EQ(test, sp_test_recover(test, md, &m, &res, &err), 0);
	KUNIT_EXPECT_TRUE(test, res.torn_tail);
	KUNIT_EXPECT_EQ(test, res.next_seq, 3ULL);
	KUNIT_EXPECT_EQ(test, m.loc[1], sp_loc(1, 1));
	KUNIT_EXPECT_EQ(test, m.loc[2], SP_LOC_NONE);
	sp_map_destroy(&m);

	/* Commit 3-5: block 4 torn, block 5 of the same commit written. */
	sp_test_jblock(md, 3, 3, 2, sp_loc(1, 2));
	sp_test_jblock(md, 4, 3, 3, sp_loc(1, 3));
	sp_test_jblock(md, 5, 3, 4, sp_loc(1, 4));
	sp_test_tear(sp_test_jslot(md, 4));
	KUNIT_ASSERT_EQ(test, sp_test_recover(test, md, &m, &res, &err), 0);
	KUNIT_EXPECT_TRUE(test, res.torn_tail);
	KUNIT_EXPECT_EQ(test, res.next_seq, 4ULL);
	KUNIT_EXPECT_EQ(test, m.loc[4], SP_LOC_NONE);
	sp_map_destroy(&m);
}

static void sp_recover_detects_damaged_middle_block(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;

	sp_test_ckpt(md, 0, 1, 2, NULL);
	sp_test_jblock(md, 2, 2, 1, sp_loc(1, 1));
	sp_test_jblock(md, 3, 3, 2, sp_loc(1, 2));
	sp_test_jblock(md, 4, 4, 3, sp_loc(1, 3));
	sp_test_tear(sp_test_jslot(md, 3));
	KUNIT_EXPECT_EQ(test, sp_test_recover(test, md, &m, &res, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err, "A journal block is damaged in the middle of the journal (corrupt)");
	sp_map_destroy(&m);
}

static void sp_recover_detects_journal_newer_than_checkpoint(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;
	u64 seq;

	sp_test_ckpt(md, 0, 1, 5, NULL);
	for (seq = 18; seq < 34; seq++)
		sp_test_jblock(md, seq, seq, (u32)seq, sp_loc(1, (u32)seq));
	KUNIT_EXPECT_EQ(test, sp_test_recover(test, md, &m, &res, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err, "The journal is newer than every valid checkpoint (checkpoint lost)");
	sp_map_destroy(&m);
}

static void sp_recover_falls_back_to_older_checkpoint(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	u32 *map = kunit_kcalloc(test, md->sb.l.nr_extents, sizeof(u32), GFP_KERNEL);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;
	u64 e;

	KUNIT_ASSERT_NOT_NULL(test, map);
	sp_test_ckpt(md, 0, 1, 2, NULL);
	sp_test_jblock(md, 2, 2, 1, sp_loc(1, 1));
	sp_test_jblock(md, 3, 3, 2, sp_loc(1, 2));
	for (e = 0; e < md->sb.l.nr_extents; e++)
		map[e] = SP_LOC_NONE;
	map[1] = sp_loc(1, 1);
	sp_test_ckpt(md, 1, 2, 3, map);
	/* The newer checkpoint's map torn: its crc fails. */
	md->buf[(md->sb.l.ckpt_offset[1] + SP_MD_BLOCK_SECTORS) * 512 + 4] ^= 1;
	KUNIT_ASSERT_EQ(test, sp_test_recover(test, md, &m, &res, &err), 0);
	KUNIT_EXPECT_EQ(test, res.ckpt_slot, 0U);
	KUNIT_EXPECT_EQ(test, res.ckpt_generation, 1ULL);
	KUNIT_EXPECT_EQ(test, res.next_seq, 4ULL);
	KUNIT_EXPECT_EQ(test, m.loc[1], sp_loc(1, 1));
	KUNIT_EXPECT_EQ(test, m.loc[2], sp_loc(1, 2));
	sp_map_destroy(&m);

	sp_test_tear(md->buf + md->sb.l.ckpt_offset[0] * 512);
	KUNIT_EXPECT_EQ(test, sp_test_recover(test, md, &m, &res, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err, "No valid checkpoint of the extent map (corrupt)");
	sp_map_destroy(&m);
}

static void sp_recover_passes_on_read_errors(struct kunit *test)
{
	struct sp_test_md *md = sp_test_md_new(test);
	struct sp_recovery res;
	const char *err;
	struct sp_map m;

	sp_test_ckpt(md, 0, 1, 2, NULL);
	sp_test_jblock(md, 2, 2, 1, sp_loc(1, 1));
	md->fail_sector = md->sb.l.journal_offset + 2 * SP_MD_BLOCK_SECTORS;
	KUNIT_EXPECT_EQ(test, sp_test_recover(test, md, &m, &res, &err), -EIO);
	KUNIT_EXPECT_STREQ(test, err, "Cannot read the journal");
	sp_map_destroy(&m);
	md->fail_sector = md->sb.l.ckpt_offset[1];
	KUNIT_EXPECT_EQ(test, sp_test_recover(test, md, &m, &res, &err), -EIO);
	KUNIT_EXPECT_STREQ(test, err, "Cannot read a checkpoint");
	sp_map_destroy(&m);
}

static struct kunit_case sp_map_cases[] = {
	KUNIT_CASE(sp_map_alloc_fills_fastest_first),
	KUNIT_CASE(sp_map_rebuild_detects_double_mapping),
	KUNIT_CASE(sp_recover_replays_journal),
	KUNIT_CASE(sp_recover_torn_tail_is_not_corruption),
	KUNIT_CASE(sp_recover_detects_damaged_middle_block),
	KUNIT_CASE(sp_recover_detects_journal_newer_than_checkpoint),
	KUNIT_CASE(sp_recover_falls_back_to_older_checkpoint),
	KUNIT_CASE(sp_recover_passes_on_read_errors),
	{}
};

static struct kunit_suite sp_map_suite = {
	.name = "storproto_map",
	.test_cases = sp_map_cases,
};
kunit_test_suites(&sp_map_suite);
