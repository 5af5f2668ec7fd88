// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for tier/policy.c: heat and its decay, the placement plan
 * (promotion, demotion to the watermark, swaps, evacuation, the budget),
 * the migration throttle and the knobs. Built into storproto_kunit.ko,
 * which includes the code under test.
 */
#include <kunit/test.h>

#include "policy.c"

/* ---- heat ---- */

static void sp_heat_decays_by_half_per_epoch(struct kunit *test)
{
	u32 h = 0;
	int i;

	h = sp_heat_add(h, 7, SP_HEAT_READ);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 7), 2U);
	for (i = 0; i < 9; i++)
		h = sp_heat_add(h, 7, SP_HEAT_WRITE);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 7), 11U);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 8), 5U);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 9), 2U);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 10), 1U);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 11), 0U);
	/* Adding in a later epoch decays first, then adds. */
	h = sp_heat_add(h, 8, SP_HEAT_READ);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 8), 7U);
	KUNIT_EXPECT_EQ(test, h >> 16, 8U);
}

static void sp_heat_saturates_and_survives_epoch_wrap(struct kunit *test)
{
	u32 h = 0;
	int i;

	for (i = 0; i < 40000; i++)
		h = sp_heat_add(h, 0xfffe, SP_HEAT_READ);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 0xfffe), SP_HEAT_MAX);
	/* Epoch 0xfffe -> 0x0001 is three epochs, across the wrap. */
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 1), SP_HEAT_MAX >> 3);
	/* Sixteen epochs or more: cold. */
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, (u16)(0xfffe + 16)), 0U);
	KUNIT_EXPECT_EQ(test, sp_heat_value(h, 0x7000), 0U);
	KUNIT_EXPECT_EQ(test, sp_heat_bucket(0), 0U);
	KUNIT_EXPECT_EQ(test, sp_heat_bucket(3), 1U);
	KUNIT_EXPECT_EQ(test, sp_heat_bucket(4), 2U);
	KUNIT_EXPECT_EQ(test, sp_heat_bucket(63), 3U);
	KUNIT_EXPECT_EQ(test, sp_heat_bucket(64), 4U);
}

/* ---- plans over a small set: tier 0 metadata, tiers 1..3 capacity ---- */

#define T_EXTENTS	64U

struct sp_test_set {
	struct sp_policy_in in;
	u32 loc[T_EXTENTS];
	u32 heat[T_EXTENTS];
	u32 next_phys[SP_MAX_TIERS];
	struct sp_policy_scratch *s;
	struct sp_move moves[SP_POLICY_MAX_MOVES];
};

static struct sp_test_set *sp_test_set_new(struct kunit *test, u64 t1, u64 t2,
					   u64 t3)
{
	struct sp_test_set *ts = kunit_kzalloc(test, sizeof(*ts), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ts);
	ts->s = kunit_kzalloc(test, sizeof(*ts->s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ts->s);
	ts->in.nr_tiers = 4;
	ts->in.capacity_mask = 0xe;
	ts->in.total[1] = t1;
	ts->in.total[2] = t2;
	ts->in.total[3] = t3;
	ts->in.evacuate = SP_EVACUATE_NONE;
	ts->in.automatic = true;
	ts->in.watermark_pct = 75;
	ts->in.promote_heat = 8;
	ts->in.budget = SP_POLICY_MAX_MOVES;
	ts->in.epoch = 3;
	for (i = 0; i < T_EXTENTS; i++)
		ts->loc[i] = SP_LOC_NONE;
	return ts;
}

/* Put extent @e on @tier with heat @heat. */
static void sp_test_put(struct sp_test_set *ts, u32 e, unsigned int tier,
			u32 heat)
{
	ts->loc[e] = sp_loc(tier, ts->next_phys[tier]++);
	ts->heat[e] = ((u32)ts->in.epoch << 16) | heat;
	ts->in.used[tier]++;
}

static unsigned int sp_test_plan(struct sp_test_set *ts)
{
	return sp_policy_plan(&ts->in, ts->loc, ts->heat, T_EXTENTS, ts->s,
			      ts->moves);
}

static void sp_plan_promotes_hottest_into_room(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 8, 16, 64);
	unsigned int n;

	sp_test_put(ts, 0, 1, 1);		/* tier 1: 1 of 8, room to 6 */
	sp_test_put(ts, 1, 2, 20);
	sp_test_put(ts, 2, 3, 50);
	sp_test_put(ts, 3, 3, 7);		/* below promote_heat */
	sp_test_put(ts, 4, 3, 9);
	n = sp_test_plan(ts);
	KUNIT_ASSERT_EQ(test, n, 3U);
	/* Hottest first, each to tier 1 (the fastest with room). */
	KUNIT_EXPECT_EQ(test, ts->moves[0].lext, 2U);
	KUNIT_EXPECT_EQ(test, ts->moves[1].lext, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[2].lext, 4U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].tier, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[1].tier, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[2].tier, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].kind, (u8)SP_MOVE_PROMOTE);
	/* The histogram counts every mapped extent by tier and bucket. */
	KUNIT_EXPECT_EQ(test, ts->s->hist[3][4], 0U);
	KUNIT_EXPECT_EQ(test, ts->s->hist[3][3], 1U);
	KUNIT_EXPECT_EQ(test, ts->s->hist[3][2], 2U);
	KUNIT_EXPECT_EQ(test, ts->s->hist[1][1], 1U);
}

static void sp_plan_demotes_coldest_to_the_watermark(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 8, 16, 64);
	unsigned int n, i;

	/* Tier 1 full (8 of 8); the watermark is 6. */
	for (i = 0; i < 8; i++)
		sp_test_put(ts, i, 1, 10 + i);
	n = sp_test_plan(ts);
	KUNIT_ASSERT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].lext, 0U);	/* coldest */
	KUNIT_EXPECT_EQ(test, ts->moves[1].lext, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].tier, 2U);	/* next tier down */
	KUNIT_EXPECT_EQ(test, ts->moves[0].kind, (u8)SP_MOVE_DEMOTE);
}

static void sp_plan_slowest_tier_may_fill(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 8, 16, 8);
	unsigned int i;

	for (i = 0; i < 8; i++)
		sp_test_put(ts, i, 3, 0);
	KUNIT_EXPECT_EQ(test, sp_test_plan(ts), 0U);
}

static void sp_plan_swaps_only_when_twice_as_hot(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 4, 16, 64);
	unsigned int i, n;

	/* Tier 1 at its watermark (3 of 4), heats 10, 11, 12. */
	for (i = 0; i < 3; i++)
		sp_test_put(ts, i, 1, 10 + i);
	sp_test_put(ts, 10, 2, 19);		/* not twice 10: stays */
	n = sp_test_plan(ts);
	KUNIT_EXPECT_EQ(test, n, 0U);

	ts->heat[10] = ((u32)ts->in.epoch << 16) | 21;
	n = sp_test_plan(ts);
	KUNIT_ASSERT_EQ(test, n, 2U);
	/* The demotion goes first, so the promotion finds room. */
	KUNIT_EXPECT_EQ(test, ts->moves[0].lext, 0U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].tier, 2U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].kind, (u8)SP_MOVE_DEMOTE);
	KUNIT_EXPECT_EQ(test, ts->moves[1].lext, 10U);
	KUNIT_EXPECT_EQ(test, ts->moves[1].tier, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[1].kind, (u8)SP_MOVE_PROMOTE);
}

static void sp_plan_evacuates_to_the_fastest_other_tier(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 4, 16, 64);
	unsigned int i, n;

	for (i = 0; i < 3; i++)
		sp_test_put(ts, i, 1, 0);	/* tier 1 at its watermark */
	for (i = 3; i < 8; i++)
		sp_test_put(ts, i, 2, 30);	/* hot, but tier 2 is emptied */
	ts->in.evacuate = 2;
	ts->in.automatic = false;
	n = sp_test_plan(ts);
	KUNIT_ASSERT_EQ(test, n, 5U);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, ts->moves[i].lext, 3 + i);
		KUNIT_EXPECT_EQ(test, ts->moves[i].tier, 3U);
		KUNIT_EXPECT_EQ(test, ts->moves[i].kind, (u8)SP_MOVE_EVACUATE);
	}
	/* Tier 1 was below full: with the room, evacuation uses it first. */
	ts->in.watermark_pct = 100;
	n = sp_test_plan(ts);
	KUNIT_ASSERT_EQ(test, n, 5U);
	KUNIT_EXPECT_EQ(test, ts->moves[0].tier, 1U);
	KUNIT_EXPECT_EQ(test, ts->moves[1].tier, 3U);
}

static void sp_plan_manual_and_budget(struct kunit *test)
{
	struct sp_test_set *ts = sp_test_set_new(test, 32, 16, 64);
	unsigned int i;

	for (i = 0; i < 20; i++)
		sp_test_put(ts, i, 3, 100);
	ts->in.automatic = false;
	KUNIT_EXPECT_EQ(test, sp_test_plan(ts), 0U);
	ts->in.automatic = true;
	ts->in.budget = 5;
	KUNIT_EXPECT_EQ(test, sp_test_plan(ts), 5U);
	ts->in.budget = 0;
	KUNIT_EXPECT_EQ(test, sp_test_plan(ts), 0U);
	/* Budget 0 still counts the histogram, for status. */
	KUNIT_EXPECT_EQ(test, ts->s->hist[3][4], 20U);
}

/* ---- throttle ---- */

static void sp_throttle_backs_off_when_latency_rises(struct kunit *test)
{
	struct sp_throttle t = { 0 };
	int i;

	KUNIT_EXPECT_FALSE(test, sp_throttle_check(&t, 0));
	KUNIT_EXPECT_FALSE(test, sp_throttle_check(&t, 100000));
	KUNIT_EXPECT_EQ(test, t.baseline_ns, 100000ULL);
	/* Twice the baseline plus 200 us is the limit. */
	KUNIT_EXPECT_FALSE(test, sp_throttle_check(&t, 390000));
	KUNIT_EXPECT_TRUE(test, sp_throttle_check(&t, 1000000));
	/* A lower mean lowers the baseline at once. */
	KUNIT_EXPECT_FALSE(test, sp_throttle_check(&t, 50000));
	KUNIT_EXPECT_EQ(test, t.baseline_ns, 50000ULL);
	/* A lasting rise is learnt, slowly: 1/64 per window. */
	for (i = 0; i < 200; i++)
		sp_throttle_check(&t, 1000000);
	KUNIT_EXPECT_FALSE(test, sp_throttle_check(&t, 1000000));
}

/* ---- knobs ---- */

static void sp_knobs_parse_and_emit(struct kunit *test)
{
	struct sp_knobs k;
	const char *err;
	char buf[256];
	size_t len = 0;
	u32 v;

	sp_knobs_init(&k);
	KUNIT_EXPECT_EQ(test, k.v[SP_KNOB_MIGRATE_RATE], 128U);
	KUNIT_EXPECT_EQ(test, k.v[SP_KNOB_EVACUATE], SP_EVACUATE_NONE);
	KUNIT_EXPECT_EQ(test, sp_knob_lookup("fill_watermark"), SP_KNOB_FILL_WATERMARK);
	KUNIT_EXPECT_EQ(test, sp_knob_lookup("nosuch"), -ENOENT);
	KUNIT_EXPECT_EQ(test, sp_knob_parse(SP_KNOB_TIERING, "manual", 3, &v, &err), 0);
	KUNIT_EXPECT_EQ(test, v, SP_TIERING_MANUAL);
	KUNIT_EXPECT_EQ(test, sp_knob_parse(SP_KNOB_EVACUATE, "3", 3, &v, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err, "Invalid evacuate: a tier number below the number of devices");
	k.v[SP_KNOB_TIERING] = SP_TIERING_MANUAL;
	k.v[SP_KNOB_EVACUATE] = 2;
	k.given = (1U << SP_KNOB_TIERING) | (1U << SP_KNOB_EVACUATE);
	KUNIT_EXPECT_EQ(test, sp_knobs_emit(&k, buf, sizeof(buf), &len), 0);
	KUNIT_EXPECT_STREQ(test, buf, " tiering manual evacuate 2");
	KUNIT_EXPECT_EQ(test, sp_knobs_nr_words(&k), 4U);
}

static struct kunit_case sp_policy_cases[] = {
	KUNIT_CASE(sp_heat_decays_by_half_per_epoch),
	KUNIT_CASE(sp_heat_saturates_and_survives_epoch_wrap),
	KUNIT_CASE(sp_plan_promotes_hottest_into_room),
	KUNIT_CASE(sp_plan_demotes_coldest_to_the_watermark),
	KUNIT_CASE(sp_plan_slowest_tier_may_fill),
	KUNIT_CASE(sp_plan_swaps_only_when_twice_as_hot),
	KUNIT_CASE(sp_plan_evacuates_to_the_fastest_other_tier),
	KUNIT_CASE(sp_plan_manual_and_budget),
	KUNIT_CASE(sp_throttle_backs_off_when_latency_rises),
	KUNIT_CASE(sp_knobs_parse_and_emit),
	{}
};

static struct kunit_suite sp_policy_suite = {
	.name = "storproto_policy",
	.test_cases = sp_policy_cases,
};
kunit_test_suites(&sp_policy_suite);
