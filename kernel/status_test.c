// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for status.c: the INFO status line of target "storproto". */
#include <kunit/test.h>

#include "status.c"

static void sp_status_round_trips(struct kunit *test)
{
	struct sp_status a = { .mode = "passthrough" }, b;
	const char *err = NULL;
	char line[256];
	int i;

	for (i = 0; i < SP_STAT_NR; i++)
		a.v[i] = (u64)i * 1000003ULL + (i == 3 ? U64_MAX / 2 : 0);
	KUNIT_ASSERT_GT(test, sp_status_emit(&a, line, sizeof(line)), 0);
	KUNIT_ASSERT_EQ(test, sp_status_parse(line, &b, &err), 0);
	KUNIT_EXPECT_STREQ(test, b.mode, "passthrough");
	for (i = 0; i < SP_STAT_NR; i++)
		KUNIT_EXPECT_EQ(test, b.v[i], a.v[i]);
}

static void sp_status_accepts_appended_counters(struct kunit *test)
{
	struct sp_status st;
	const char *err = NULL;

	KUNIT_EXPECT_EQ(test, sp_status_parse("passthrough 1 2 3 4 5 6 7 8 9 10 11 12", &st, &err), 0);
	KUNIT_EXPECT_EQ(test, st.v[SP_STAT_IN_FLIGHT], 10ULL);
}

static void sp_status_rejects_malformed(struct kunit *test)
{
	struct sp_status st;
	const char *err = NULL;

	KUNIT_EXPECT_EQ(test, sp_status_parse("", &st, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err, "Status line has no mode word");
	KUNIT_EXPECT_EQ(test, sp_status_parse("passthrough 1 2 3", &st, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err, "Status line has too few counters");
	KUNIT_EXPECT_EQ(test, sp_status_parse("passthrough 1 2 3 4 x 6 7 8 9 10", &st, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err, "Status line has a counter that is not a number");
	KUNIT_EXPECT_EQ(test, sp_status_parse("averyveryverylongmodeword 1", &st, &err), -EINVAL);
}

static void sp_status_tiered_round_trips(struct kunit *test)
{
	static const char line[] =
		"tiered 10 20 80 160 3 2 1 0 0 0 3 0/0 5/100 7/400 12 1 9 2 35 0 0 4 degraded";
	struct sp_status a, b;
	const char *err = NULL;
	char out[256];

	KUNIT_ASSERT_EQ(test, sp_status_parse(line, &a, &err), 0);
	KUNIT_EXPECT_STREQ(test, a.mode, "tiered");
	KUNIT_EXPECT_EQ(test, a.nr_tiers, 3U);
	KUNIT_EXPECT_EQ(test, a.tier[1].used, 5ULL);
	KUNIT_EXPECT_EQ(test, a.tier[2].total, 400ULL);
	KUNIT_EXPECT_EQ(test, a.tier[2].errors, 4ULL);
	KUNIT_EXPECT_EQ(test, a.migrations_done, 12ULL);
	KUNIT_EXPECT_EQ(test, a.migrations_in_flight, 1ULL);
	KUNIT_EXPECT_EQ(test, a.commits, 9ULL);
	KUNIT_EXPECT_EQ(test, a.checkpoints, 2ULL);
	KUNIT_EXPECT_EQ(test, a.recovery_ms, 35ULL);
	KUNIT_EXPECT_STREQ(test, a.state, "degraded");
	KUNIT_ASSERT_GT(test, sp_status_emit(&a, out, sizeof(out)), 0);
	KUNIT_EXPECT_STREQ(test, out, line);

	a.tier[0].used = U64_MAX;
	a.commits = U64_MAX - 1;
	KUNIT_ASSERT_GT(test, sp_status_emit(&a, out, sizeof(out)), 0);
	KUNIT_ASSERT_EQ(test, sp_status_parse(out, &b, &err), 0);
	KUNIT_EXPECT_EQ(test, b.tier[0].used, U64_MAX);
	KUNIT_EXPECT_EQ(test, b.commits, U64_MAX - 1);
}

static void sp_status_tiered_rejects_cut_lines(struct kunit *test)
{
	static const char *const bad[] = {
		"tiered 1 2 3 4 5 6 7 8 9 10",
		"tiered 1 2 3 4 5 6 7 8 9 10 0 1 0 7 2 3 ok",
		"tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0",
		"tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 1 0 7 2 3 0 0 ok",
		"tiered 1 2 3 4 5 6 7 8 9 10 2 5-10 0/20 1 0 7 2 3 0 0 ok",
	};
	struct sp_status st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *err = NULL;

		KUNIT_EXPECT_EQ_MSG(test, sp_status_parse(bad[i], &st, &err), -EINVAL,
				    "line \"%s\"", bad[i]);
		KUNIT_EXPECT_STREQ(test, err, "Tiered status line is cut short or malformed");
	}
}

static void sp_status_emit_reports_short_buffer(struct kunit *test)
{
	struct sp_status a = { .mode = "passthrough" };
	char line[20];

	KUNIT_EXPECT_EQ(test, sp_status_emit(&a, line, sizeof(line)), -ENOSPC);
}

static struct kunit_case sp_status_cases[] = {
	KUNIT_CASE(sp_status_round_trips),
	KUNIT_CASE(sp_status_accepts_appended_counters),
	KUNIT_CASE(sp_status_rejects_malformed),
	KUNIT_CASE(sp_status_tiered_round_trips),
	KUNIT_CASE(sp_status_tiered_rejects_cut_lines),
	KUNIT_CASE(sp_status_emit_reports_short_buffer),
	{}
};

static struct kunit_suite sp_status_suite = {
	.name = "storproto_status",
	.test_cases = sp_status_cases,
};
kunit_test_suites(&sp_status_suite);
