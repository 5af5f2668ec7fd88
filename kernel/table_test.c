// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for table.c: the dm table line of target "storproto".
 * Built into storproto_kunit.ko, which includes the code under test.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "table.c"

/* Split a line into argv in place, the way dm does. */
static unsigned int sp_test_split(char *line, char **argv, unsigned int max)
{
	unsigned int argc = 0;
	char *tok;

	while ((tok = strsep(&line, " ")) && argc < max)
		if (*tok)
			argv[argc++] = tok;
	return argc;
}

static int sp_test_parse(const char *line, struct sp_table *t, const char **err)
{
	static char buf[256];
	char *argv[32];

	strscpy(buf, line, sizeof(buf));
	return sp_table_parse(t, sp_test_split(buf, argv, 32), argv, err);
}

static void sp_table_accepts_minimal(struct kunit *test)
{
	struct sp_table t;
	const char *err = NULL;

	KUNIT_ASSERT_EQ(test, sp_test_parse("1 /dev/nvme0n1 0", &t, &err), 0);
	KUNIT_EXPECT_EQ(test, t.nr_devs, 1U);
	KUNIT_EXPECT_STREQ(test, t.devs[0], "/dev/nvme0n1");
	KUNIT_EXPECT_FALSE(test, t.passthrough);
	KUNIT_EXPECT_FALSE(test, t.format);
	KUNIT_EXPECT_EQ(test, t.extent_sectors, 0U);
	KUNIT_EXPECT_EQ(test, t.capacity_mask, 0U);
	KUNIT_EXPECT_FALSE(test, t.chunk_sectors_set);
}

static void sp_table_accepts_tiered(struct kunit *test)
{
	struct sp_table t;
	const char *err = NULL;

	KUNIT_ASSERT_EQ(test, sp_test_parse("3 /dev/pmem0 259:0 259:1 5 format extent_sectors 512 capacity_tiers 2,1",
					    &t, &err), 0);
	KUNIT_EXPECT_EQ(test, t.nr_devs, 3U);
	KUNIT_EXPECT_STREQ(test, t.devs[2], "259:1");
	KUNIT_EXPECT_TRUE(test, t.format);
	KUNIT_EXPECT_EQ(test, t.extent_sectors, 512U);
	KUNIT_EXPECT_EQ(test, t.capacity_mask, 0x6U);
	KUNIT_EXPECT_FALSE(test, t.passthrough);
}

static void sp_table_accepts_passthrough(struct kunit *test)
{
	struct sp_table t;
	const char *err = NULL;

	KUNIT_ASSERT_EQ(test, sp_test_parse("1 259:0 1 passthrough", &t, &err), 0);
	KUNIT_EXPECT_TRUE(test, t.passthrough);
	KUNIT_EXPECT_EQ(test, t.chunk_sectors, SP_CHUNK_SECTORS_DEFAULT);
	KUNIT_EXPECT_FALSE(test, t.chunk_sectors_set);

	KUNIT_ASSERT_EQ(test, sp_test_parse("1 259:0 3 passthrough chunk_sectors 256", &t, &err), 0);
	KUNIT_EXPECT_TRUE(test, t.passthrough);
	KUNIT_EXPECT_EQ(test, t.chunk_sectors, 256U);
	KUNIT_EXPECT_TRUE(test, t.chunk_sectors_set);
}

struct sp_bad_line {
	const char *line;
	const char *error;
};

static const struct sp_bad_line sp_bad_lines[] = {
	{ "", "Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]" },
	{ "1", "Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]" },
	{ "x /dev/a 0", "Invalid number of devices: not a number" },
	{ "0 0", "Invalid number of devices: must be from 1 to 4" },
	{ "5 a b c d e 0", "Invalid number of devices: must be from 1 to 4" },
	{ "2 /dev/a 0", "Not enough arguments: fewer devices than announced, or no optional argument count" },
	{ "1 /dev/a", "Not enough arguments: fewer devices than announced, or no optional argument count" },
	{ "1 /dev/a -1", "Invalid number of optional arguments: not a number" },
	{ "1 /dev/a 99", "Invalid number of optional arguments: too many" },
	{ "1 /dev/a 2 chunk_sectors", "Not enough optional arguments for the count given" },
	{ "1 /dev/a 0 junk", "Unexpected arguments after the optional arguments" },
	{ "1 /dev/a 1 bogus", "Unknown optional argument" },
	{ "1 /dev/a 2 passthrough chunk_sectors", "Optional argument chunk_sectors needs a value" },
	{ "1 /dev/a 3 passthrough chunk_sectors 100", "Invalid chunk_sectors: must be a power of two from 8 to 2097152" },
	{ "1 /dev/a 3 passthrough chunk_sectors 4", "Invalid chunk_sectors: must be a power of two from 8 to 2097152" },
	{ "1 /dev/a 3 passthrough chunk_sectors 4194304", "Invalid chunk_sectors: must be a power of two from 8 to 2097152" },
	{ "1 /dev/a 3 passthrough chunk_sectors 99999999999999999999999", "Invalid chunk_sectors: must be a power of two from 8 to 2097152" },
	{ "1 /dev/a 5 passthrough chunk_sectors 8 chunk_sectors 8", "Optional argument chunk_sectors given twice" },
	{ "1 /dev/a 2 chunk_sectors 256", "chunk_sectors applies only to passthrough (a tiered device partitions by extent)" },
	{ "2 /dev/a /dev/b 1 passthrough", "passthrough maps exactly one device" },
	{ "1 /dev/a 2 passthrough format", "format, extent_sectors and capacity_tiers do not apply to passthrough" },
	{ "1 /dev/a 3 passthrough extent_sectors 256", "format, extent_sectors and capacity_tiers do not apply to passthrough" },
	{ "1 /dev/a 3 passthrough capacity_tiers 0", "format, extent_sectors and capacity_tiers do not apply to passthrough" },
	{ "1 /dev/a 2 passthrough passthrough", "Optional argument passthrough given twice" },
	{ "1 /dev/a 2 format format", "Optional argument format given twice" },
	{ "1 /dev/a 1 extent_sectors", "Optional argument extent_sectors needs a value" },
	{ "1 /dev/a 2 extent_sectors 100", "Invalid extent_sectors: must be a power of two from 128 to 2097152" },
	{ "1 /dev/a 2 extent_sectors 64", "Invalid extent_sectors: must be a power of two from 128 to 2097152" },
	{ "1 /dev/a 4 extent_sectors 128 extent_sectors 128", "Optional argument extent_sectors given twice" },
	{ "2 /dev/a /dev/b 1 capacity_tiers", "Optional argument capacity_tiers needs a value" },
	{ "2 /dev/a /dev/b 4 capacity_tiers 0 capacity_tiers 1", "Optional argument capacity_tiers given twice" },
	{ "2 /dev/a /dev/b 2 capacity_tiers 2", "Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice" },
	{ "2 /dev/a /dev/b 2 capacity_tiers 0,0", "Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice" },
	{ "2 /dev/a /dev/b 2 capacity_tiers 0,", "Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice" },
};

static void sp_table_rejects_bad_lines(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sp_bad_lines); i++) {
		struct sp_table t;
		const char *err = NULL;

		KUNIT_EXPECT_EQ_MSG(test, sp_test_parse(sp_bad_lines[i].line, &t, &err),
				    -EINVAL, "line \"%s\"", sp_bad_lines[i].line);
		KUNIT_EXPECT_STREQ_MSG(test, err, sp_bad_lines[i].error,
				       "line \"%s\"", sp_bad_lines[i].line);
	}
}

static void sp_table_emit_round_trips(struct kunit *test)
{
	static const char *const lines[] = {
		"1 259:0 0",
		"3 259:0 259:1 259:2 4 extent_sectors 4096 capacity_tiers 1,2",
		"1 259:0 1 passthrough",
		"1 259:0 3 passthrough chunk_sectors 8",
		"1 253:3 3 passthrough chunk_sectors 2048",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		struct sp_table t;
		const char *err = NULL;
		char out[128];

		KUNIT_ASSERT_EQ(test, sp_test_parse(lines[i], &t, &err), 0);
		KUNIT_ASSERT_GT(test, sp_table_emit(&t, t.devs, out, sizeof(out)), 0);
		KUNIT_EXPECT_STREQ(test, out, lines[i]);
	}
}

static void sp_table_emit_drops_format(struct kunit *test)
{
	struct sp_table t;
	const char *err = NULL;
	char out[128];

	KUNIT_ASSERT_EQ(test, sp_test_parse("2 259:0 259:1 5 capacity_tiers 1 format extent_sectors 256",
					    &t, &err), 0);
	KUNIT_ASSERT_GT(test, sp_table_emit(&t, t.devs, out, sizeof(out)), 0);
	KUNIT_EXPECT_STREQ(test, out, "2 259:0 259:1 4 extent_sectors 256 capacity_tiers 1");
}

static void sp_table_emit_reports_short_buffer(struct kunit *test)
{
	struct sp_table t;
	const char *err = NULL;
	char out[6];

	KUNIT_ASSERT_EQ(test, sp_test_parse("1 259:0 0", &t, &err), 0);
	KUNIT_EXPECT_EQ(test, sp_table_emit(&t, t.devs, out, sizeof(out)), -ENOSPC);
}

static struct kunit_case sp_table_cases[] = {
	KUNIT_CASE(sp_table_accepts_minimal),
	KUNIT_CASE(sp_table_accepts_tiered),
	KUNIT_CASE(sp_table_accepts_passthrough),
	KUNIT_CASE(sp_table_rejects_bad_lines),
	KUNIT_CASE(sp_table_emit_round_trips),
	KUNIT_CASE(sp_table_emit_drops_format),
	KUNIT_CASE(sp_table_emit_reports_short_buffer),
	{}
};

static struct kunit_suite sp_table_suite = {
	.name = "storproto_table",
	.test_cases = sp_table_cases,
};
kunit_test_suites(&sp_table_suite);

MODULE_DESCRIPTION("KUnit suites for storproto's table, status, batching, partitioner, on-disk format and extent map logic");
MODULE_LICENSE("GPL");
