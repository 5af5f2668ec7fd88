// SPDX-License-Identifier: GPL-2.0
/*
 * sp_table_parse() refuses every malformed table line with -EINVAL and
 * the sentence the admin guide lists for it: one bad form per case, of
 * both the tiered and the passthrough form, and lines that mix them.
 */
#include "tap.h"
#include "table.h"

struct bad_line {
	const char *line;
	const char *error;
};

#define E_ARGS		"Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]"
#define E_NDEVS_NAN	"Invalid number of devices: not a number"
#define E_NDEVS_RANGE	"Invalid number of devices: must be from 1 to 4"
#define E_SHORT		"Not enough arguments: fewer devices than announced, or no optional argument count"
#define E_NOPT_NAN	"Invalid number of optional arguments: not a number"
#define E_NOPT_MANY	"Invalid number of optional arguments: too many"
#define E_NOPT_SHORT	"Not enough optional arguments for the count given"
#define E_TRAILING	"Unexpected arguments after the optional arguments"
#define E_UNKNOWN	"Unknown optional argument"
#define E_NO_VALUE	"Optional argument chunk_sectors needs a value"
#define E_CHUNK		"Invalid chunk_sectors: must be a power of two from 8 to 2097152"
#define E_TWICE		"Optional argument chunk_sectors given twice"
#define E_CHUNK_TIERED	"chunk_sectors applies only to passthrough (a tiered device partitions by extent)"
#define E_PT_ONE	"passthrough maps exactly one device"
#define E_PT_TIERED	"format, extent_sectors and capacity_tiers do not apply to passthrough"
#define E_EXT_TWICE	"Optional argument extent_sectors given twice"
#define E_EXT_NO_VALUE	"Optional argument extent_sectors needs a value"
#define E_EXT		"Invalid extent_sectors: must be a power of two from 128 to 2097152"
#define E_CAP_TWICE	"Optional argument capacity_tiers given twice"
#define E_CAP_NO_VALUE	"Optional argument capacity_tiers needs a value"
#define E_CAP		"Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice"
#define E_FORMAT_TWICE	"Optional argument format given twice"
#define E_PT_TWICE	"Optional argument passthrough given twice"

static const struct bad_line bad_lines[] = {
	{ "", E_ARGS },
	{ "1", E_ARGS },
	{ "x /dev/a 0", E_NDEVS_NAN },
	{ "-1 /dev/a 0", E_NDEVS_NAN },
	{ "+1 /dev/a 0", E_NDEVS_NAN },
	{ "18446744073709551616 /dev/a 0", E_NDEVS_NAN },
	{ "0 0", E_NDEVS_RANGE },
	{ "5 a b c d e 0", E_NDEVS_RANGE },
	{ "1 /dev/a", E_SHORT },
	{ "2 /dev/a 0", E_SHORT },
	{ "1 /dev/a x", E_NOPT_NAN },
	{ "1 /dev/a 33 a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G", E_NOPT_MANY },
	{ "1 /dev/a 2 chunk_sectors", E_NOPT_SHORT },
	{ "1 /dev/a 3 passthrough chunk_sectors", E_NOPT_SHORT },
	{ "1 /dev/a 0 extra", E_TRAILING },
	{ "1 /dev/a 1 passthrough extra", E_TRAILING },
	{ "1 /dev/a 3 passthrough chunk_sectors 256 extra", E_TRAILING },
	{ "2 /dev/a /dev/b 2 extent_sectors 256 extra", E_TRAILING },
	{ "1 /dev/a 1 foo", E_UNKNOWN },
	{ "1 /dev/a 3 passthrough CHUNK_SECTORS 256", E_UNKNOWN },
	{ "1 /dev/a 1 PASSTHROUGH", E_UNKNOWN },
	{ "1 /dev/a 1 Format", E_UNKNOWN },
	{ "1 /dev/a 1 pass", E_UNKNOWN },

	/* chunk_sectors */
	{ "1 /dev/a 2 passthrough chunk_sectors", E_NO_VALUE },
	{ "1 /dev/a 1 chunk_sectors", E_NO_VALUE },
	{ "1 /dev/a 3 passthrough chunk_sectors 100", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors 4", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors 0", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors 4194304", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors 0x100", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors -256", E_CHUNK },
	{ "1 /dev/a 3 passthrough chunk_sectors 18446744073709551616", E_CHUNK },
	{ "1 /dev/a 5 passthrough chunk_sectors 8 chunk_sectors 16", E_TWICE },
	{ "1 /dev/a 2 chunk_sectors 256", E_CHUNK_TIERED },
	{ "1 /dev/a 2 chunk_sectors 2048", E_CHUNK_TIERED },
	{ "2 /dev/a /dev/b 3 format chunk_sectors 256", E_CHUNK_TIERED },

	/* passthrough */
	{ "2 /dev/a /dev/b 1 passthrough", E_PT_ONE },
	{ "4 a b c d 3 passthrough chunk_sectors 256", E_PT_ONE },
	{ "2 /dev/a /dev/b 2 passthrough format", E_PT_ONE },
	{ "1 /dev/a 2 passthrough format", E_PT_TIERED },
	{ "1 /dev/a 2 format passthrough", E_PT_TIERED },
	{ "1 /dev/a 3 passthrough extent_sectors 256", E_PT_TIERED },
	{ "1 /dev/a 3 passthrough capacity_tiers 0", E_PT_TIERED },
	{ "1 /dev/a 2 passthrough passthrough", E_PT_TWICE },

	/* format */
	{ "1 /dev/a 2 format format", E_FORMAT_TWICE },
	{ "2 /dev/a /dev/b 4 format extent_sectors 256 format", E_FORMAT_TWICE },

	/* extent_sectors */
	{ "1 /dev/a 1 extent_sectors", E_EXT_NO_VALUE },
	{ "1 /dev/a 2 format extent_sectors", E_EXT_NO_VALUE },
	{ "1 /dev/a 2 extent_sectors 64", E_EXT },
	{ "1 /dev/a 2 extent_sectors 100", E_EXT },
	{ "1 /dev/a 2 extent_sectors 0", E_EXT },
	{ "1 /dev/a 2 extent_sectors 4194304", E_EXT },
	{ "1 /dev/a 2 extent_sectors 1024k", E_EXT },
	{ "1 /dev/a 2 extent_sectors -128", E_EXT },
	{ "1 /dev/a 2 extent_sectors 18446744073709551616", E_EXT },
	{ "1 /dev/a 4 extent_sectors 128 extent_sectors 256", E_EXT_TWICE },
	{ "1 /dev/a 4 extent_sectors 256 extent_sectors 256", E_EXT_TWICE },

	/* capacity_tiers */
	{ "2 /dev/a /dev/b 1 capacity_tiers", E_CAP_NO_VALUE },
	{ "2 /dev/a /dev/b 4 capacity_tiers 0 capacity_tiers 1", E_CAP_TWICE },
	{ "2 /dev/a /dev/b 2 capacity_tiers 2", E_CAP },
	{ "1 /dev/a 2 capacity_tiers 1", E_CAP },
	{ "4 a b c d 2 capacity_tiers 4", E_CAP },
	{ "3 a b c 2 capacity_tiers 0,0", E_CAP },
	{ "3 a b c 2 capacity_tiers 0,2,0", E_CAP },
	{ "3 a b c 2 capacity_tiers 0,", E_CAP },
	{ "3 a b c 2 capacity_tiers ,0", E_CAP },
	{ "3 a b c 2 capacity_tiers 0,,1", E_CAP },
	{ "3 a b c 2 capacity_tiers 0;1", E_CAP },
	{ "3 a b c 2 capacity_tiers 01", E_CAP },
	{ "3 a b c 2 capacity_tiers -1", E_CAP },
	{ "3 a b c 2 capacity_tiers x", E_CAP },
	{ "3 a b c 2 capacity_tiers 10", E_CAP },
};

int main(void)
{
	char buf[512], *argv[64];
	char *empty_argv[3] = { "1", "", "0" };
	struct sp_table t;
	const char *err;
	unsigned int i, argc;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad_lines); i++) {
		argc = tap_split(bad_lines[i].line, buf, sizeof(buf), argv, 64);
		err = NULL;
		ret = sp_table_parse(&t, argc, argv, &err);
		if (!tap_ok(ret == -EINVAL && err &&
			    !strcmp(err, bad_lines[i].error),
			    "\"%s\" is refused: %s", bad_lines[i].line,
			    bad_lines[i].error))
			tap_diag("got %d, \"%s\"", ret, err ? err : "(none)");
	}

	/* dm never hands over empty words; the parser checks anyway. */
	err = NULL;
	ret = sp_table_parse(&t, 3, empty_argv, &err);
	tap_ok(ret == -EINVAL && err && !strcmp(err, "Empty device path"),
	       "an empty device word is refused: Empty device path");
	return tap_done();
}
