// SPDX-License-Identifier: GPL-2.0
/*
 * sp_dm_decode() turns the lines "dmsetup table" and "dmsetup status"
 * print after the target name into a struct sp_dm_target, without a
 * kernel: the form (tiered or passthrough), devices, chunk size given or
 * default, extent size and capacity tiers given or not, mode, the named
 * counters, counters a newer module appends (up to SP_DM_MAX_COUNTERS),
 * and the tier fields of a tiered status line.
 */
#include "tap.h"
#include <storproto.h>

int main(void)
{
	static const char *const names[] = {
		"reads", "writes", "read_sectors", "write_sectors", "flushes",
		"fua", "discards", "write_zeroes", "errors", "in_flight",
	};
	struct sp_dm_target t;
	struct sp_ctx *ctx;
	char line[1024];
	unsigned int i;
	size_t len;
	bool all;
	int ret;

	if (sp_new(&ctx))
		return EXIT_FAILURE;

	ret = sp_dm_decode(ctx, "1 259:0 1 passthrough",
			   "passthrough 10 20 80 160 3 2 1 0 0 0", &t);
	tap_ok(ret == 0, "the documented passthrough table and status lines decode");
	tap_ok(t.nr_devs == 1 && !strcmp(t.devs[0], "259:0"),
	       "device 259:0");
	tap_ok(t.passthrough && !t.extent_sectors && !t.capacity_mask,
	       "the passthrough form, no tiered argument");
	tap_ok(t.chunk_sectors == 2048 && !t.chunk_sectors_set,
	       "chunk_sectors 2048, by default");
	tap_ok(!strcmp(t.mode, "passthrough") && t.nr_tiers == 0 && !t.state[0],
	       "mode passthrough, no tier fields");
	tap_ok(t.nr_counters == SP_COUNTER_NR_KNOWN &&
	       t.counters[SP_COUNTER_READS] == 10 &&
	       t.counters[SP_COUNTER_WRITES] == 20 &&
	       t.counters[SP_COUNTER_READ_SECTORS] == 80 &&
	       t.counters[SP_COUNTER_WRITE_SECTORS] == 160 &&
	       t.counters[SP_COUNTER_FLUSHES] == 3 &&
	       t.counters[SP_COUNTER_FUA] == 2 &&
	       t.counters[SP_COUNTER_DISCARDS] == 1 &&
	       t.counters[SP_COUNTER_WRITE_ZEROES] == 0 &&
	       t.counters[SP_COUNTER_ERRORS] == 0 &&
	       t.counters[SP_COUNTER_IN_FLIGHT] == 0,
	       "ten counters, each in its place");
	tap_ok(t.start == 0 && t.length == 0, "start and length left at 0");

	ret = sp_dm_decode(ctx, "1 8:16 3 passthrough chunk_sectors 256",
			   "passthrough 1 2 3 4 5 6 7 8 9 10", &t);
	tap_ok(ret == 0 && t.chunk_sectors == 256 && t.chunk_sectors_set &&
	       t.passthrough && !strcmp(t.devs[0], "8:16"),
	       "chunk_sectors 256, given");

	ret = sp_dm_decode(ctx, "3 259:0 259:1 259:2 0",
			   "tiered 10 20 80 160 3 2 1 0 0 0 3 0/0 5/100 7/400 12 1 9 2 35 0 0 4 degraded",
			   &t);
	tap_ok(ret == 0, "the documented tiered table and status lines decode");
	tap_ok(t.nr_devs == 3 && !strcmp(t.devs[0], "259:0") &&
	       !strcmp(t.devs[2], "259:2") && !t.passthrough &&
	       !t.extent_sectors && !t.capacity_mask,
	       "three tiers in order, the tiered form, nothing else given");
	tap_ok(!strcmp(t.mode, "tiered") && t.nr_counters == SP_COUNTER_NR_KNOWN &&
	       t.counters[SP_COUNTER_READS] == 10 &&
	       t.counters[SP_COUNTER_IN_FLIGHT] == 0,
	       "mode tiered, the ten counters and no appended one");
	tap_ok(t.nr_tiers == 3 && t.tiers[0].used == 0 && t.tiers[0].total == 0 &&
	       t.tiers[1].used == 5 && t.tiers[1].total == 100 &&
	       t.tiers[2].used == 7 && t.tiers[2].total == 400,
	       "used/total extents of each tier");
	tap_ok(t.migrations_done == 12 && t.migrations_in_flight == 1 &&
	       t.commits == 9 && t.checkpoints == 2 && t.recovery_ms == 35,
	       "migrations done and in flight, commits, checkpoints, recovery ms");
	tap_ok(t.tiers[0].errors == 0 && t.tiers[1].errors == 0 &&
	       t.tiers[2].errors == 4 && !strcmp(t.state, "degraded"),
	       "errors of each tier, state degraded");

	ret = sp_dm_decode(ctx, "2 8:0 8:16 4 extent_sectors 4096 capacity_tiers 1",
			   "tiered 1 2 3 4 5 6 7 8 9 10 2 0/0 3/9 0 0 1 1 2 0 0 ok",
			   &t);
	tap_ok(ret == 0 && t.extent_sectors == 4096 && t.capacity_mask == 0x2 &&
	       t.nr_tiers == 2 && t.tiers[1].total == 9 && !strcmp(t.state, "ok") &&
	       t.nr_counters == SP_COUNTER_NR_KNOWN && !t.has_policy &&
	       t.evacuating == -1 && t.migrate_rate == 128 && !t.knobs_given,
	       "extent_sectors and capacity_tiers given; a status without placement");

	ret = sp_dm_decode(ctx, "2 8:0 8:16 6 tiering manual migrate_rate 64 evacuate 1",
			   "tiered 1 2 3 4 5 6 7 8 9 10 2 0/0 3/9 0 0 1 1 2 0 0 ok "
			   "11 12 13 paused 14 1 3 2 0:0:0:0:0 1:2:0:0:6 "
			   "writearound 100 50 7 20 30 40 50 60 70 17 18",
			   &t);
	tap_ok(ret == 0 && t.tiering_manual && t.migrate_rate == 64 && t.evacuate == 1 &&
	       t.fill_watermark == 90 && t.promote_heat == 8 && t.heat_halflife == 60 &&
	       t.knobs_given == 0x23, "placement knobs of the table, defaults filled in");
	tap_ok(t.has_policy && t.promotions == 11 && t.demotions == 12 && t.evacuated == 13 &&
	       t.migrate_paused && t.throttled == 14 && t.evacuating == 1 &&
	       t.evacuate_left == 3 && t.evacuate_eta_s == 2 && t.tiers[1].heat[0] == 1 &&
	       t.tiers[1].heat[4] == 6, "placement counters and heat");
	tap_ok(t.has_cache && !strcmp(t.cache_mode, "writearound") && t.cache_blocks == 100 &&
	       t.cache_used == 50 && t.dirty == 7 && t.read_hits == 20 && t.read_misses == 30 &&
	       t.write_hits == 40 && t.written_back == 50 && t.bypassed == 60 &&
	       t.prefetched == 70 && !strcmp(t.cache_mode_knob, "writeback") &&
	       t.sequential_cutoff == 1024 && t.dirty_low == 10 && t.dirty_high == 60,
	       "cache counters and knobs; words after them skipped");

	ret = sp_dm_decode(ctx, "2 8:0 8:16 1 format", NULL, &t);
	tap_ok(ret == 0 && t.nr_devs == 2 && !t.passthrough,
	       "a table line with format (as typed, never printed) decodes");

	ret = sp_dm_decode(ctx, "2 8:0 8:16 0", NULL, &t);
	tap_ok(ret == 0 && t.nr_devs == 2 && !strcmp(t.devs[1], "8:16") &&
	       t.nr_counters == 0 && !t.mode[0] && t.nr_tiers == 0,
	       "table without status: devices decoded, no counters");

	ret = sp_dm_decode(ctx, "1\t259:0\t1\tpassthrough\n",
			   "passthrough 1 2 3 4 5 6 7 8 9 10", &t);
	tap_ok(ret == 0 && !strcmp(t.devs[0], "259:0") && t.passthrough,
	       "tabs and a newline in the table line separate words too");

	ret = sp_dm_decode(ctx, "1 259:0 1 passthrough",
			   "passthrough 1 2 3 4 5 6 7 8 9 10 11 12", &t);
	tap_ok(ret == 0 && t.nr_counters == 12 && t.counters[10] == 11 &&
	       t.counters[11] == 12, "two appended counters are kept");

	ret = sp_dm_decode(ctx, "1 259:0 1 passthrough",
			   "passthrough 1 2 3 4 5 6 7 8 9 10 11 zone=3 12", &t);
	tap_ok(ret == 0 && t.nr_counters == 11 && t.counters[10] == 11,
	       "appended counters are kept up to the first word that is no number");

	len = (size_t)snprintf(line, sizeof(line), "passthrough");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %u",
					i + 1);
	ret = sp_dm_decode(ctx, "1 259:0 1 passthrough", line, &t);
	tap_ok(ret == 0 && t.nr_counters == SP_DM_MAX_COUNTERS &&
	       t.counters[SP_DM_MAX_COUNTERS - 1] == SP_DM_MAX_COUNTERS,
	       "40 counters: the first %u are kept", SP_DM_MAX_COUNTERS);

	all = true;
	for (i = 0; i < SP_COUNTER_NR_KNOWN; i++)
		all &= sp_counter_name(i) && !strcmp(sp_counter_name(i), names[i]);
	tap_ok(all, "sp_counter_name() gives the documented names");
	tap_ok(sp_counter_name(SP_COUNTER_NR_KNOWN) == NULL &&
	       sp_counter_name(~0U) == NULL,
	       "sp_counter_name() of an unknown counter is NULL");

	sp_unref(ctx);
	return tap_done();
}
