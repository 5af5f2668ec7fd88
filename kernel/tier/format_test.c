// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for tier/format.c: the on-disk format of a tier set. Built
 * into storproto_kunit.ko, which includes the code under test. The crc32c
 * check value here is the same as in the host unit tests: it proves the
 * kernel's crc32c() and the userspace one agree, so that either side reads
 * what the other wrote.
 */
#include <kunit/test.h>

#include "format.c"

static u64 sp_test_le64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void sp_format_crc32c_check_value(struct kunit *test)
{
	u8 *zeroes = kunit_kzalloc(test, 32, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, zeroes);
	KUNIT_EXPECT_EQ(test, sp_crc32c("123456789", 9), 0xE3069283U);
	KUNIT_EXPECT_EQ(test, sp_crc32c(zeroes, 32), 0x8A9136AAU);
	KUNIT_EXPECT_EQ(test, sp_crc32c("", 0), 0U);
	KUNIT_EXPECT_EQ(test, ~sp_crc32c_raw(sp_crc32c_raw(~0U, "1234", 4), "56789", 5),
			0xE3069283U);
}

/* 1 GiB and 4 GiB without DAX: the set worked out by hand. */
static void sp_format_layout_reference(struct kunit *test)
{
	struct sp_layout_input in = {
		.nr_tiers = 2,
		.sectors = { 2097152, 8388608 },
	};
	const char *err = NULL;
	struct sp_layout l;

	KUNIT_ASSERT_EQ(test, sp_layout_compute(&l, &in, &err), 0);
	KUNIT_EXPECT_EQ(test, l.extent_sectors, SP_EXTENT_SECTORS_DEFAULT);
	KUNIT_EXPECT_EQ(test, l.capacity_mask, 0x3U);
	KUNIT_EXPECT_EQ(test, l.meta_tier, 0U);
	KUNIT_EXPECT_EQ(test, l.journal_offset, 8ULL);
	KUNIT_EXPECT_EQ(test, l.map_capacity, 10240ULL);
	KUNIT_EXPECT_EQ(test, l.ckpt_sectors, 88ULL);
	KUNIT_EXPECT_EQ(test, l.ckpt_offset[0], 2056ULL);
	KUNIT_EXPECT_EQ(test, l.ckpt_offset[1], 2144ULL);
	KUNIT_EXPECT_EQ(test, l.m[0].data_offset, 4096ULL);
	KUNIT_EXPECT_EQ(test, l.m[0].nr_extents, 1022ULL);
	KUNIT_EXPECT_EQ(test, l.m[1].data_offset, 2048ULL);
	KUNIT_EXPECT_EQ(test, l.m[1].nr_extents, 4095ULL);
	KUNIT_EXPECT_EQ(test, sp_layout_sectors(&l), 10479616ULL);
}

static void sp_format_layout_dax_roles(struct kunit *test)
{
	struct sp_layout_input in = {
		.nr_tiers = 3,
		.sectors = { 1048576, 4194304, 16777216 },
		.dax = { true, false, false },
	};
	const char *err = NULL;
	struct sp_layout l;

	KUNIT_ASSERT_EQ(test, sp_layout_compute(&l, &in, &err), 0);
	KUNIT_EXPECT_EQ(test, l.capacity_mask, 0x6U);
	KUNIT_EXPECT_EQ(test, l.m[0].nr_extents, 0ULL);
	KUNIT_EXPECT_EQ(test, l.m[0].data_offset, l.ckpt_offset[1] + l.ckpt_sectors);
	KUNIT_EXPECT_EQ(test, l.nr_extents, l.m[1].nr_extents + l.m[2].nr_extents);
	KUNIT_EXPECT_EQ(test, l.m[2].data_offset % l.extent_sectors, 0ULL);
	KUNIT_EXPECT_FALSE(test, sp_layout_loc_valid(&l, sp_loc(0, 0)));
	KUNIT_EXPECT_TRUE(test, sp_layout_loc_valid(&l, sp_loc(1, 0)));
	KUNIT_EXPECT_FALSE(test, sp_layout_loc_valid(&l, sp_loc(1, (u32)l.m[1].nr_extents)));

	in.dax[1] = true;
	in.dax[2] = true;
	KUNIT_ASSERT_EQ(test, sp_layout_compute(&l, &in, &err), 0);
	KUNIT_EXPECT_EQ(test, l.capacity_mask, 0x7U);
	KUNIT_EXPECT_GT(test, l.m[0].nr_extents, 0ULL);
}

struct sp_format_bad_set {
	unsigned int nr_tiers;
	u64 sectors[SP_MAX_TIERS];
	u32 extent_sectors, capacity_mask, journal_blocks;
	const char *error;
};

static const struct sp_format_bad_set sp_format_bad_sets[] = {
	{ 0, { 2097152 }, 0, 0, 0, "Invalid number of tiers: must be from 1 to 4" },
	{ 5, { 2097152 }, 0, 0, 0, "Invalid number of tiers: must be from 1 to 4" },
	{ 1, { 2097152 }, 100, 0, 0, "Invalid extent_sectors: must be a power of two from 128 to 2097152" },
	{ 1, { 2097152 }, 0, 0, 15, "Invalid journal size: must be from 16 to 65536 blocks" },
	{ 2, { 2097152, 2097152 }, 0, 0x4, 0, "capacity_tiers names a tier that is not in the table" },
	{ 2, { 2048, 2097152 }, 0, 0, 0, "The first tier is too small for the metadata (superblock, journal, checkpoints)" },
	{ 2, { 2097152, 7 }, 0, 0x1, 0, "A tier is too small to hold a superblock" },
	{ 2, { 2097152, 4095 }, 0, 0, 0, "A capacity tier is too small to hold one extent" },
	{ 2, { 33554432, 128 + (1ULL << 28) * 128 }, 128, 0x2, 0,
	  "A tier has too many extents: choose a larger extent_sectors" },
};

static void sp_format_layout_rejects(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sp_format_bad_sets); i++) {
		const struct sp_format_bad_set *b = &sp_format_bad_sets[i];
		struct sp_layout_input in = {
			.nr_tiers = b->nr_tiers,
			.extent_sectors = b->extent_sectors,
			.capacity_mask = b->capacity_mask,
			.journal_blocks = b->journal_blocks,
		};
		const char *err = NULL;
		struct sp_layout l;

		memcpy(in.sectors, b->sectors, sizeof(in.sectors));
		KUNIT_EXPECT_EQ_MSG(test, sp_layout_compute(&l, &in, &err), -EINVAL,
				    "set %u", i);
		KUNIT_EXPECT_STREQ_MSG(test, err, b->error, "set %u", i);
	}
}

static void sp_format_test_sb(struct sp_sb *sb)
{
	struct sp_layout_input in = {
		.nr_tiers = 3,
		.sectors = { 1048576, 4194304, 16777216 },
		.dax = { true, false, false },
	};
	const char *err;
	unsigned int i;

	memset(sb, 0, sizeof(*sb));
	WARN_ON(sp_layout_compute(&sb->l, &in, &err));
	for (i = 0; i < SP_UUID_LEN; i++)
		sb->uuid[i] = (u8)(i * 17 + 3);
	sb->generation = 0x0102030405060708ULL;
	sb->position = 2;
}

static void sp_format_sb_round_trips(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	struct sp_sb sb, back;
	const char *err = NULL;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, block);
	sp_format_test_sb(&sb);
	sp_sb_encode(&sb, block);
	KUNIT_EXPECT_EQ(test, memcmp(block, "SPROTOSB", 8), 0);
	KUNIT_EXPECT_EQ(test, sp_test_le64(block + 40), sb.generation);
	KUNIT_ASSERT_EQ(test, sp_sb_decode(block, &back, &err), 0);
	KUNIT_EXPECT_EQ(test, memcmp(back.uuid, sb.uuid, SP_UUID_LEN), 0);
	KUNIT_EXPECT_EQ(test, back.generation, sb.generation);
	KUNIT_EXPECT_EQ(test, back.position, sb.position);
	KUNIT_EXPECT_EQ(test, back.l.nr_tiers, sb.l.nr_tiers);
	KUNIT_EXPECT_EQ(test, back.l.capacity_mask, sb.l.capacity_mask);
	KUNIT_EXPECT_EQ(test, back.l.map_capacity, sb.l.map_capacity);
	KUNIT_EXPECT_EQ(test, back.l.nr_extents, sb.l.nr_extents);
	KUNIT_EXPECT_EQ(test, back.l.ckpt_offset[1], sb.l.ckpt_offset[1]);
	for (i = 0; i < sb.l.nr_tiers; i++) {
		KUNIT_EXPECT_EQ(test, back.l.m[i].sectors, sb.l.m[i].sectors);
		KUNIT_EXPECT_EQ(test, back.l.m[i].data_offset, sb.l.m[i].data_offset);
		KUNIT_EXPECT_EQ(test, back.l.m[i].nr_extents, sb.l.m[i].nr_extents);
		KUNIT_EXPECT_EQ(test, back.l.m[i].dax, sb.l.m[i].dax);
	}
}

/* Every bit of the first 512 bytes, every 7th bit of the rest. */
static void sp_format_sb_detects_bit_flips(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	u8 *bad = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	unsigned int bit, wrong = 0;
	struct sp_sb sb, back;
	const char *err;

	KUNIT_ASSERT_NOT_NULL(test, block);
	KUNIT_ASSERT_NOT_NULL(test, bad);
	sp_format_test_sb(&sb);
	sp_sb_encode(&sb, block);
	for (bit = 0; bit < 8 * SP_MD_BLOCK_SIZE; bit += bit < 8 * 512 ? 1 : 7) {
		int want = bit < 8 * SP_MAGIC_LEN ? -ENOENT : -EBADMSG;

		memcpy(bad, block, SP_MD_BLOCK_SIZE);
		bad[bit / 8] ^= (u8)(1U << (bit % 8));
		if (sp_sb_decode(bad, &back, &err) != want)
			wrong++;
	}
	KUNIT_EXPECT_EQ(test, wrong, 0U);
}

static void sp_format_sb_detects_contradictions(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	struct sp_sb sb, back;
	const char *err = NULL;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, block);
	for (i = 0; i < 6; i++) {
		sp_format_test_sb(&sb);
		switch (i) {
		case 0:
			sb.l.extent_sectors = 3000;
			break;
		case 1:
			sb.l.capacity_mask = 0;
			break;
		case 2:
			sb.l.m[1].data_offset = 0;
			break;
		case 3:
			sb.l.nr_extents -= 1;
			break;
		case 4:
			sb.l.ckpt_offset[1] = sb.l.ckpt_offset[0] + 8;
			break;
		case 5:
			sb.position = sb.l.nr_tiers;
			break;
		}
		sp_sb_encode(&sb, block);
		KUNIT_EXPECT_EQ_MSG(test, sp_sb_decode(block, &back, &err), -EUCLEAN,
				    "mutation %u", i);
		KUNIT_EXPECT_STREQ(test, err, "Superblock fields contradict each other (corrupt)");
	}
	sp_format_test_sb(&sb);
	sp_sb_encode(&sb, block);
	block[12] = 2;		/* version, crc left stale */
	KUNIT_EXPECT_EQ(test, sp_sb_decode(block, &back, &err), -EBADMSG);
	memset(block, 0, SP_MD_BLOCK_SIZE);
	KUNIT_EXPECT_EQ(test, sp_sb_decode(block, &back, &err), -ENOENT);
}

static void sp_format_jblock_round_trips(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	u32 *lext = kunit_kcalloc(test, SP_JBLOCK_ENTRIES, sizeof(u32), GFP_KERNEL);
	u32 *loc = kunit_kcalloc(test, SP_JBLOCK_ENTRIES, sizeof(u32), GFP_KERNEL);
	struct sp_jblock jb = { .seq = 77, .commit_seq = 75,
				.nr = (unsigned int)SP_JBLOCK_ENTRIES }, back;
	u8 other[SP_UUID_LEN];
	unsigned int i, wrong = 0;
	u32 a, b;

	KUNIT_ASSERT_NOT_NULL(test, block);
	KUNIT_ASSERT_NOT_NULL(test, lext);
	KUNIT_ASSERT_NOT_NULL(test, loc);
	KUNIT_EXPECT_EQ(test, SP_JBLOCK_ENTRIES, (size_t)506);
	memset(jb.uuid, 0x31, SP_UUID_LEN);
	memset(other, 0x31, SP_UUID_LEN);
	other[7] ^= 1;
	for (i = 0; i < SP_JBLOCK_ENTRIES; i++) {
		lext[i] = i * 3;
		loc[i] = i % 5 ? sp_loc(i % 4, i) : SP_LOC_NONE;
	}
	sp_jblock_encode(&jb, lext, loc, block);
	KUNIT_ASSERT_EQ(test, sp_jblock_decode(block, jb.uuid, &back), 0);
	KUNIT_EXPECT_EQ(test, back.seq, 77ULL);
	KUNIT_EXPECT_EQ(test, back.commit_seq, 75ULL);
	KUNIT_EXPECT_EQ(test, back.nr, (unsigned int)SP_JBLOCK_ENTRIES);
	for (i = 0; i < SP_JBLOCK_ENTRIES; i++) {
		sp_jblock_entry(block, i, &a, &b);
		wrong += a != lext[i] || b != loc[i];
	}
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	KUNIT_EXPECT_EQ(test, sp_jblock_decode(block, other, &back), -ENOENT);
	block[2000] ^= 0x08;
	KUNIT_EXPECT_EQ(test, sp_jblock_decode(block, jb.uuid, &back), -EBADMSG);
	block[0] ^= 0x01;
	KUNIT_EXPECT_EQ(test, sp_jblock_decode(block, jb.uuid, &back), -ENOENT);
}

static void sp_format_ckpt_round_trips(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_MD_BLOCK_SIZE, GFP_KERNEL);
	struct sp_ckpt ck = { .generation = 12, .replay_seq = 345,
			      .nr_entries = 6789, .map_crc = 0xdeadbeef }, back;

	KUNIT_ASSERT_NOT_NULL(test, block);
	memset(ck.uuid, 0x42, SP_UUID_LEN);
	sp_ckpt_encode(&ck, block);
	KUNIT_ASSERT_EQ(test, sp_ckpt_decode(block, &back), 0);
	KUNIT_EXPECT_EQ(test, back.generation, 12ULL);
	KUNIT_EXPECT_EQ(test, back.replay_seq, 345ULL);
	KUNIT_EXPECT_EQ(test, back.nr_entries, 6789ULL);
	KUNIT_EXPECT_EQ(test, back.map_crc, 0xdeadbeefU);
	KUNIT_EXPECT_EQ(test, memcmp(back.uuid, ck.uuid, SP_UUID_LEN), 0);
	block[100] ^= 0x80;
	KUNIT_EXPECT_EQ(test, sp_ckpt_decode(block, &back), -EBADMSG);
}

static struct kunit_case sp_format_cases[] = {
	KUNIT_CASE(sp_format_crc32c_check_value),
	KUNIT_CASE(sp_format_layout_reference),
	KUNIT_CASE(sp_format_layout_dax_roles),
	KUNIT_CASE(sp_format_layout_rejects),
	KUNIT_CASE(sp_format_sb_round_trips),
	KUNIT_CASE(sp_format_sb_detects_bit_flips),
	KUNIT_CASE(sp_format_sb_detects_contradictions),
	KUNIT_CASE(sp_format_jblock_round_trips),
	KUNIT_CASE(sp_format_ckpt_round_trips),
	{}
};

static struct kunit_suite sp_format_suite = {
	.name = "storproto_format",
	.test_cases = sp_format_cases,
};
kunit_test_suites(&sp_format_suite);
