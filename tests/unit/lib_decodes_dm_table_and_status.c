// SPDX-License-Identifier: GPL-2.0
/*
 * sp_dm_decode() turns the lines "dmsetup table" and "dmsetup status"
 * print after the target name into a struct sp_dm_target, without a
 * kernel: devices, chunk size given or default, mode, the named counters,
 * and counters a newer module appends (up to SP_DM_MAX_COUNTERS).
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

	ret = sp_dm_decode(ctx, "1 259:0 0",
			   "passthrough 10 20 80 160 3 2 1 0 0 0", &t);
	tap_ok(ret == 0, "the documented table and status lines decode");
	tap_ok(t.nr_devs == 1 && !strcmp(t.devs[0], "259:0"),
	       "device 259:0");
	tap_ok(t.chunk_sectors == 2048 && !t.chunk_sectors_set,
	       "chunk_sectors 2048, by default");
	tap_ok(!strcmp(t.mode, "passthrough"), "mode passthrough");
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

	ret = sp_dm_decode(ctx, "1 8:16 2 chunk_sectors 256",
			   "passthrough 1 2 3 4 5 6 7 8 9 10", &t);
	tap_ok(ret == 0 && t.chunk_sectors == 256 && t.chunk_sectors_set &&
	       !strcmp(t.devs[0], "8:16"), "chunk_sectors 256, given");

	ret = sp_dm_decode(ctx, "2 8:0 8:16 0", NULL, &t);
	tap_ok(ret == 0 && t.nr_devs == 2 && !strcmp(t.devs[1], "8:16") &&
	       t.nr_counters == 0 && !t.mode[0],
	       "table without status: devices decoded, no counters");

	ret = sp_dm_decode(ctx, "1\t259:0\t0\n",
			   "passthrough 1 2 3 4 5 6 7 8 9 10", &t);
	tap_ok(ret == 0 && !strcmp(t.devs[0], "259:0"),
	       "tabs and a newline in the table line separate words too");

	ret = sp_dm_decode(ctx, "1 259:0 0",
			   "passthrough 1 2 3 4 5 6 7 8 9 10 11 12", &t);
	tap_ok(ret == 0 && t.nr_counters == 12 && t.counters[10] == 11 &&
	       t.counters[11] == 12, "two appended counters are kept");

	ret = sp_dm_decode(ctx, "1 259:0 0",
			   "passthrough 1 2 3 4 5 6 7 8 9 10 11 zone=3 12", &t);
	tap_ok(ret == 0 && t.nr_counters == 11 && t.counters[10] == 11,
	       "appended counters are kept up to the first word that is no number");

	len = (size_t)snprintf(line, sizeof(line), "passthrough");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %u",
					i + 1);
	ret = sp_dm_decode(ctx, "1 259:0 0", line, &t);
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
