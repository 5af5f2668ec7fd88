// SPDX-License-Identifier: GPL-2.0
/*
 * sp_message_parse() reads "dmsetup message" words for a tiered device:
 * "migrate <first_extent> <count> <tier>" with decimal numbers and a count
 * of at least 1, "migrate pause|resume", "where <first> <count>" (at most
 * 1024 extents), "<knob> <value>" for each policy knob and "evacuate
 * cancel"; anything else is -EINVAL with its sentence. Ranges are the
 * engine's to check.
 */
#include "tap.h"
#include "table.h"

static int parse(const char *line, struct sp_message *m, const char **err)
{
	static char buf[256];
	char *argv[16];
	unsigned int argc = tap_split(line, buf, sizeof(buf), argv, 16);

	*err = NULL;
	return sp_message_parse(m, argc, argv, 3, err);
}

static const struct {
	const char *line, *error;
} bad[] = {
	{ "", "Empty message" },
	{ "migrat 0 1 1", "Unknown message: expected migrate, where, flush, evacuate or a knob" },
	{ "MIGRATE 0 1 1", "Unknown message: expected migrate, where, flush, evacuate or a knob" },
	{ "migrate", "migrate needs <first_extent> <count> <tier>, or pause, or resume" },
	{ "migrate 0 1", "migrate needs <first_extent> <count> <tier>, or pause, or resume" },
	{ "migrate 0 1 1 1", "migrate needs <first_extent> <count> <tier>, or pause, or resume" },
	{ "migrate pause now", "migrate needs <first_extent> <count> <tier>, or pause, or resume" },
	{ "migrate stop", "migrate needs <first_extent> <count> <tier>, or pause, or resume" },
	{ "migrate x 1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 -1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 1 0x1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 18446744073709551616 1 1", "migrate: first_extent, count and tier must be decimal numbers" },
	{ "migrate 0 0 1", "migrate: count must be at least 1" },
	{ "flush now", "flush takes no argument" },
	{ "cache_mode writeforward", "Invalid cache_mode: writeback, writethrough, writearound or passthrough" },
	{ "sequential_cutoff 1048577", "Invalid sequential_cutoff: KiB from 0 (never bypass) to 1048576" },
	{ "dirty_low 101", "Invalid dirty_low: a percentage from 0 to 100" },
	{ "dirty_high 0", "Invalid dirty_high: a percentage from 1 to 100" },
	{ "where", "where needs <first_extent> <count>, count at least 1" },
	{ "where 0", "where needs <first_extent> <count>, count at least 1" },
	{ "where 0 0", "where needs <first_extent> <count>, count at least 1" },
	{ "where a 1", "where needs <first_extent> <count>, count at least 1" },
	{ "where 0 1025", "where: count is at most 1024" },
	{ "tiering", "A policy message needs exactly one value" },
	{ "migrate_rate 1 2", "A policy message needs exactly one value" },
	{ "tiering on", "Invalid tiering: auto or manual" },
	{ "migrate_rate 0", "Invalid migrate_rate: MiB/s from 1 to 65536" },
	{ "migrate_rate 65537", "Invalid migrate_rate: MiB/s from 1 to 65536" },
	{ "fill_watermark 9", "Invalid fill_watermark: a percentage from 10 to 100" },
	{ "fill_watermark 101", "Invalid fill_watermark: a percentage from 10 to 100" },
	{ "promote_heat 0", "Invalid promote_heat: a heat from 1 to 65535" },
	{ "promote_heat 65536", "Invalid promote_heat: a heat from 1 to 65535" },
	{ "heat_halflife 0", "Invalid heat_halflife: seconds from 1 to 86400" },
	{ "heat_halflife 86401", "Invalid heat_halflife: seconds from 1 to 86400" },
	{ "evacuate 3", "Invalid evacuate: a tier number below the number of devices" },
	{ "evacuate none", "Invalid evacuate: a tier number below the number of devices" },
};

static const struct {
	const char *line;
	int knob;
	u32 value;
} knobs[] = {
	{ "tiering auto", SP_KNOB_TIERING, SP_TIERING_AUTO },
	{ "tiering manual", SP_KNOB_TIERING, SP_TIERING_MANUAL },
	{ "migrate_rate 1", SP_KNOB_MIGRATE_RATE, 1 },
	{ "migrate_rate 65536", SP_KNOB_MIGRATE_RATE, 65536 },
	{ "fill_watermark 10", SP_KNOB_FILL_WATERMARK, 10 },
	{ "fill_watermark 100", SP_KNOB_FILL_WATERMARK, 100 },
	{ "promote_heat 65535", SP_KNOB_PROMOTE_HEAT, 65535 },
	{ "heat_halflife 86400", SP_KNOB_HEAT_HALFLIFE, 86400 },
	{ "evacuate 2", SP_KNOB_EVACUATE, 2 },
	{ "evacuate cancel", SP_KNOB_EVACUATE, SP_EVACUATE_NONE },
	{ "cache_mode writethrough", SP_KNOB_CACHE_MODE, SP_CACHE_WRITETHROUGH },
	{ "cache_mode passthrough", SP_KNOB_CACHE_MODE, SP_CACHE_PASSTHROUGH },
	{ "sequential_cutoff 0", SP_KNOB_SEQ_CUTOFF, 0 },
	{ "dirty_low 0", SP_KNOB_DIRTY_LOW, 0 },
	{ "dirty_high 100", SP_KNOB_DIRTY_HIGH, 100 },
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
	ret = parse("migrate pause", &m, &err);
	tap_ok(ret == 0 && m.op == SP_MSG_MIGRATE_PAUSE, "\"migrate pause\"");
	ret = parse("migrate resume", &m, &err);
	tap_ok(ret == 0 && m.op == SP_MSG_MIGRATE_RESUME, "\"migrate resume\"");
	ret = parse("flush", &m, &err);
	tap_ok(ret == 0 && m.op == SP_MSG_FLUSH, "\"flush\"");
	ret = parse("where 7 1024", &m, &err);
	tap_ok(ret == 0 && m.op == SP_MSG_WHERE && m.first == 7 && m.count == 1024,
	       "\"where 7 1024\": extents 7..1030");
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		ret = parse(knobs[i].line, &m, &err);
		tap_ok(ret == 0 && m.op == SP_MSG_KNOB && m.knob == knobs[i].knob &&
		       m.value == knobs[i].value, "\"%s\" sets the knob", knobs[i].line);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = parse(bad[i].line, &m, &err);
		if (!tap_ok(ret == -EINVAL && err && !strcmp(err, bad[i].error),
			    "\"%s\" is refused: %s", bad[i].line, bad[i].error))
			tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	}
	return tap_done();
}
