// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for tier/cache.c: the hot area's layout and header, the
 * write log found in a slot table, admission by the frequency sketch, the
 * slot allocator (free slots, CLOCK over clean ones) and sequential
 * streams. Built into storproto_kunit.ko, which includes the code under
 * test.
 */
#include <kunit/test.h>
#include <linux/vmalloc.h>

#include "cache.c"

static const u8 sp_test_uuid[SP_UUID_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void sp_cache_layout_fits_the_area(struct kunit *test)
{
	struct sp_cache_layout cl;
	u64 bytes = 240ULL << 20;

	KUNIT_ASSERT_EQ(test, sp_cache_layout(&cl, bytes), 0);
	KUNIT_EXPECT_EQ(test, cl.table_offset, (u64)SP_CACHE_BLOCK);
	KUNIT_EXPECT_GE(test, cl.data_offset,
			cl.table_offset + cl.nr_slots * sizeof(struct sp_cslot_disk));
	KUNIT_EXPECT_EQ(test, cl.data_offset % SP_CACHE_BLOCK, 0ULL);
	KUNIT_EXPECT_LE(test, cl.data_offset + cl.nr_slots * SP_CACHE_BLOCK, bytes);
	KUNIT_EXPECT_GT(test, cl.nr_slots, 61000ULL);
	KUNIT_EXPECT_EQ(test, sp_cache_layout(&cl, 16 * SP_CACHE_BLOCK), -ENOSPC);
}

static void sp_cache_hdr_round_trips_and_rejects(struct kunit *test)
{
	u8 *block = kunit_kzalloc(test, SP_CACHE_BLOCK, GFP_KERNEL);
	struct sp_cache_layout cl, back;
	u8 other[SP_UUID_LEN] = { 9 };
	u64 bytes = 64ULL << 20;

	KUNIT_ASSERT_NOT_NULL(test, block);
	KUNIT_EXPECT_EQ(test, sp_cache_hdr_decode(block, sp_test_uuid, bytes, &back), -ENOENT);
	KUNIT_ASSERT_EQ(test, sp_cache_layout(&cl, bytes), 0);
	sp_cache_hdr_encode(&cl, sp_test_uuid, block);
	KUNIT_EXPECT_EQ(test, sp_cache_hdr_decode(block, sp_test_uuid, bytes, &back), 0);
	KUNIT_EXPECT_EQ(test, back.nr_slots, cl.nr_slots);
	KUNIT_EXPECT_EQ(test, back.data_offset, cl.data_offset);
	KUNIT_EXPECT_EQ(test, sp_cache_hdr_decode(block, other, bytes, &back), -EBADMSG);
	KUNIT_EXPECT_EQ(test, sp_cache_hdr_decode(block, sp_test_uuid, bytes * 2, &back),
			-EBADMSG);
	block[100] ^= 0x10;
	KUNIT_EXPECT_EQ(test, sp_cache_hdr_decode(block, sp_test_uuid, bytes, &back), -EBADMSG);
}

static void sp_clog_scan_keeps_the_newest_dirty_entry(struct kunit *test)
{
	struct sp_cslot_disk *t = kunit_kcalloc(test, 8, sizeof(*t), GFP_KERNEL);
	struct sp_clog_ent *ent = kunit_kcalloc(test, 8, sizeof(*ent), GFP_KERNEL);
	u32 *stale = kunit_kcalloc(test, 8, sizeof(u32), GFP_KERNEL);
	struct sp_clog_scan res;
	const char *err;

	KUNIT_ASSERT_NOT_NULL(test, t);
	sp_cslot_encode(&t[0], 100, true, 5);
	sp_cslot_encode(&t[3], 100, true, 9);	/* newer copy of block 100 */
	sp_cslot_encode(&t[4], 7, false, 11);	/* written back: not in the log */
	sp_cslot_encode(&t[6], 100, true, 2);
	sp_cslot_encode(&t[7], 50, true, 3);
	KUNIT_ASSERT_EQ(test, sp_clog_scan(t, 8, 1000, ent, stale, &res, &err), 0);
	KUNIT_EXPECT_EQ(test, res.nr_dirty, 2ULL);
	KUNIT_EXPECT_EQ(test, res.nr_stale, 2ULL);
	KUNIT_EXPECT_EQ(test, res.max_seq, 9ULL);
	KUNIT_EXPECT_EQ(test, ent[0].lblock, 50ULL);
	KUNIT_EXPECT_EQ(test, ent[0].slot, 7U);
	KUNIT_EXPECT_EQ(test, ent[1].lblock, 100ULL);
	KUNIT_EXPECT_EQ(test, ent[1].seq, 9ULL);
	KUNIT_EXPECT_EQ(test, ent[1].slot, 3U);
	KUNIT_EXPECT_TRUE(test, (stale[0] == 0 && stale[1] == 6) ||
			  (stale[0] == 6 && stale[1] == 0));
	/* A dirty block beyond the device: not this set's log. */
	KUNIT_EXPECT_EQ(test, sp_clog_scan(t, 8, 100, ent, stale, &res, &err), -EUCLEAN);
	KUNIT_EXPECT_STREQ(test, err,
			   "A dirty block of the write log lies outside the device (corrupt)");
}

static void sp_sketch_admits_the_more_frequent(struct kunit *test)
{
	struct sp_sketch s;
	u32 prev;
	int i;

	KUNIT_ASSERT_EQ(test, sp_sketch_init(&s, 1024), 0);
	for (i = 0; i < 6; i++)
		sp_sketch_add(&s, 42);
	sp_sketch_add(&s, 43);
	KUNIT_EXPECT_GE(test, sp_sketch_estimate(&s, 42), 6U);
	KUNIT_EXPECT_GE(test, sp_sketch_estimate(&s, 43), 1U);
	KUNIT_EXPECT_TRUE(test, sp_admit(&s, 42, 43));
	KUNIT_EXPECT_FALSE(test, sp_admit(&s, 43, 42));
	/* Counters saturate at 15. */
	for (i = 0; i < 40; i++)
		sp_sketch_add(&s, 42);
	KUNIT_EXPECT_EQ(test, sp_sketch_estimate(&s, 42), 15U);
	/* Aging: after sample additions every counter halves. */
	for (i = 0, prev = s.additions; ; i++) {
		sp_sketch_add(&s, 1000000 + i);
		if (s.additions < prev)
			break;
		prev = s.additions;
	}
	KUNIT_EXPECT_LE(test, sp_sketch_estimate(&s, 42), 8U);
	KUNIT_EXPECT_GE(test, sp_sketch_estimate(&s, 42), 7U);
	sp_sketch_destroy(&s);
}

static void sp_slots_free_first_then_clock(struct kunit *test)
{
	struct sp_slots s;
	u32 a, b, c;

	KUNIT_ASSERT_EQ(test, sp_slots_init(&s, 3), 0);
	a = sp_slots_take_free(&s);
	b = sp_slots_take_free(&s);
	c = sp_slots_take_free(&s);
	KUNIT_EXPECT_EQ(test, a, 0U);
	KUNIT_EXPECT_EQ(test, b, 1U);
	KUNIT_EXPECT_EQ(test, c, 2U);
	KUNIT_EXPECT_EQ(test, sp_slots_take_free(&s), SP_SLOT_NONE);
	/* BUSY and DIRTY slots are never victims. */
	KUNIT_EXPECT_EQ(test, sp_slots_victim(&s, 10), SP_SLOT_NONE);
	sp_slots_set(&s, a, SP_SLOT_CLEAN);
	sp_slots_set(&s, b, SP_SLOT_DIRTY);
	sp_slots_set(&s, c, SP_SLOT_CLEAN);
	KUNIT_EXPECT_EQ(test, s.nr_dirty, 1U);
	/*
	 * Second chance: a referenced slot is passed over once. The caller
	 * takes a victim out of the CLEAN state (BUSY while evicting), so the
	 * next search cannot return it again, wherever the hand stands.
	 */
	sp_slots_touch(&s, a);
	KUNIT_EXPECT_EQ(test, sp_slots_victim(&s, 10), c);
	sp_slots_set(&s, c, SP_SLOT_BUSY);
	KUNIT_EXPECT_EQ(test, sp_slots_victim(&s, 10), a);
	/* Freed slots come back before any eviction. */
	sp_slots_set(&s, c, SP_SLOT_FREE);
	KUNIT_EXPECT_EQ(test, sp_slots_take_free(&s), c);
	sp_slots_set(&s, b, SP_SLOT_CLEAN);
	KUNIT_EXPECT_EQ(test, s.nr_dirty, 0U);
	sp_slots_destroy(&s);
}

static void sp_slots_two_turns_find_any_clean_unpinned(struct kunit *test)
{
	struct sp_slots s;
	u16 pins[256] = { 0 };
	u32 i, v;

	KUNIT_ASSERT_EQ(test, sp_slots_init(&s, 256), 0);
	for (i = 0; i < 256; i++) {
		KUNIT_ASSERT_EQ(test, sp_slots_take_free(&s), i);
		sp_slots_set(&s, i, i < 200 ? SP_SLOT_DIRTY : SP_SLOT_CLEAN);
		sp_slots_touch(&s, i);
	}
	pins[250] = 1;
	/* A short look finds nothing: dirty ones, then referenced ones. */
	KUNIT_EXPECT_EQ(test, sp_slots_victim(&s, 64), SP_SLOT_NONE);
	/* Two turns find a clean one, never the pinned one. */
	for (i = 0; i < 55; i++) {
		v = sp_slots_victim_unpinned(&s, 2 * 256, pins);
		KUNIT_ASSERT_NE(test, v, SP_SLOT_NONE);
		KUNIT_EXPECT_GE(test, v, 200U);
		KUNIT_EXPECT_NE(test, v, 250U);
		sp_slots_set(&s, v, SP_SLOT_DIRTY);	/* taken and written */
	}
	/* Every clean slot left is pinned: none. */
	KUNIT_EXPECT_EQ(test, sp_slots_victim_unpinned(&s, 2 * 256, pins), SP_SLOT_NONE);
	pins[250] = 0;
	KUNIT_EXPECT_EQ(test, sp_slots_victim_unpinned(&s, 2 * 256, pins), 250U);
	sp_slots_destroy(&s);
}

static void sp_slots_claimed_in_place_never_overflow(struct kunit *test)
{
	struct sp_slots s;
	int round;
	u32 i;

	KUNIT_ASSERT_EQ(test, sp_slots_init(&s, 4), 0);
	/* Recovery claims slots in place, without taking them off the stack. */
	for (round = 0; round < 10; round++) {
		for (i = 0; i < 4; i++)
			sp_slots_set(&s, i, SP_SLOT_DIRTY);
		/* In use, though their stale entries are still stacked. */
		KUNIT_EXPECT_EQ(test, s.nr_unused, 0U);
		for (i = 0; i < 4; i++)
			sp_slots_set(&s, i, SP_SLOT_FREE);
		KUNIT_EXPECT_LE(test, s.nr_free, 4U);
		KUNIT_EXPECT_EQ(test, s.nr_unused, 4U);
	}
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_NE(test, sp_slots_take_free(&s), SP_SLOT_NONE);
	KUNIT_EXPECT_EQ(test, sp_slots_take_free(&s), SP_SLOT_NONE);
	sp_slots_destroy(&s);
}

static void sp_seq_tracks_streams(struct kunit *test)
{
	struct sp_seq *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 1000, 8), 8ULL);
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 5000, 8), 8ULL);	/* another */
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 1008, 8), 16ULL);
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 5008, 16), 24ULL);
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 1016, 8), 24ULL);
	/* Eight newer streams push the first out. */
	for (i = 0; i < SP_SEQ_STREAMS; i++)
		sp_seq_observe(q, 100000 + i * 1000, 8);
	KUNIT_EXPECT_EQ(test, sp_seq_observe(q, 1024, 8), 8ULL);
}

static struct kunit_case sp_cache_cases[] = {
	KUNIT_CASE(sp_cache_layout_fits_the_area),
	KUNIT_CASE(sp_cache_hdr_round_trips_and_rejects),
	KUNIT_CASE(sp_clog_scan_keeps_the_newest_dirty_entry),
	KUNIT_CASE(sp_sketch_admits_the_more_frequent),
	KUNIT_CASE(sp_slots_free_first_then_clock),
	KUNIT_CASE(sp_slots_two_turns_find_any_clean_unpinned),
	KUNIT_CASE(sp_slots_claimed_in_place_never_overflow),
	KUNIT_CASE(sp_seq_tracks_streams),
	{}
};

static struct kunit_suite sp_cache_suite = {
	.name = "storproto_cache",
	.test_cases = sp_cache_cases,
};
kunit_test_suites(&sp_cache_suite);
