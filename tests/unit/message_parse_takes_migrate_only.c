// SPDX-License-Identifier: GPL-2.0
/*
 * sp_message_parse() reads "dmsetup message" words for a tiered device:
 * "migrate <first_extent> <count> <tier>" with decimal numbers and a count
 * of at least 1; anything else is -EINVAL with its sentence. Ranges are
 * the engine's to check.
 */
#include "tap.h"
#include "table.h"

static int parse(const char *line, struct sp_message *m, const char **err)
{
	static char buf[256];
	char *argv[16];
	unsigned int argc = tap_split(line, buf, sizeof(buf), argv, 16);

	*err = NULL;
	return sp_message_parse(m, argc, argv, err);
}

static const struct {
	const char *line, *error;
} bad[] = {
	{ "", "Empty message" },
	{ "migrat 0 1 1", "Unknown message: expected migrate <first_extent> <count> <tier>" },
	{ "MIGRATE 0 1 1", "Unknown message: expected migrate <first_extent> <count> <tier>" },
	{ "migrate", "migrate needs <first_extent> <count> <tier>" },
	{ "migrate 0 1", "migrate needs <first_extent> <count> <tier>" },
	{ "migrate 0 1 1 1", "migrate needs <first_extent> <count> <tier>" },
	{ "migrate x 1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 -1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 1 0x1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 18446744073709551616 1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 0 1", "migrate: count must be at least 1" },
};

int main(void)
{
	struct sp_message m;
	const char *err;
	unsigned int i;
	int ret;

	ret = parse("migrate 10 4 2", &m, &err);
	tap_ok(ret == 0 && m.op == SP_MSG_MIGRATE && m.first == 10 && m.count == 4 &&
	       m.tier == 2 && !err, "\"migrate 10 4 2\": extents 10..13 to tier 2");
	ret = parse("migrate 18446744073709551615 1 9", &m, &err);
	tap_ok(ret == 0 && m.first == U64_MAX && m.tier == 9,
	       "the largest numbers are taken; ranges are the engine's business");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = parse(bad[i].line, &m, &err);
		if (!tap_ok(ret == -EINVAL && err && !strcmp(err, bad[i].error),
			    "\"%s\" is refused: %s", bad[i].line, bad[i].error))
			tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	}
	return tap_done();
}
