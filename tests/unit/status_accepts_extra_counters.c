// SPDX-License-Identifier: GPL-2.0
/*
 * Readers accept status lines with more counters than they know: a newer
 * module only ever appends fields (for mode "tiered", after the cache
 * section; a line that ends at the state word or after the placement
 * section comes from a module without those), and a mode word they do not know is read as it is.
 */
#include "tap.h"
#include "status.h"

int main(void)
{
	struct sp_status st;
	const char *err;
	int ret;

	ret = sp_status_parse("passthrough 1 2 3 4 5 6 7 8 9 10 11", &st, &err);
	tap_ok(ret == 0 && st.v[SP_STAT_IN_FLIGHT] == 10,
	       "one appended counter is accepted, the known ten are read");

	ret = sp_status_parse("passthrough 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
			      &st, &err);
	tap_ok(ret == 0 && st.v[SP_STAT_READS] == 1,
	       "six appended counters are accepted");

	ret = sp_status_parse("passthrough 1 2 3 4 5 6 7 8 9 10 newfield=x", &st,
			      &err);
	tap_ok(ret == 0 && st.v[SP_STAT_IN_FLIGHT] == 10,
	       "an appended field that is not a number is not looked at");

	ret = sp_status_parse("cache 1 2 3 4 5 6 7 8 9 10 11", &st, &err);
	tap_ok(ret == 0 && !strcmp(st.mode, "cache") &&
	       st.v[SP_STAT_IN_FLIGHT] == 10 && st.nr_tiers == 0,
	       "another mode word is read as it is, its counters too");

	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok",
			      &st, &err);
	tap_ok(ret == 0 && st.nr_tiers == 2 && !strcmp(st.state, "ok") &&
	       st.tier[1].total == 20 && st.recovery_ms == 3 && !st.has_policy,
	       "tiered: a line ending at the state word (a module without placement)");
	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok "
			      "4 5 6 paused 7 1 3 9 0:1:2:3:4 5:6:7:8:9 "
			      "writeback 1000 900 80 70 60 50 40 30 20 42 x=y",
			      &st, &err);
	tap_ok(ret == 0 && st.has_policy && st.promotions == 4 && st.demotions == 5 &&
	       st.evacuated == 6 && !strcmp(st.migrate, "paused") && st.throttled == 7 &&
	       st.evacuating == 1 && st.evacuate_left == 3 && st.evacuate_eta_s == 9 &&
	       st.tier[0].heat[4] == 4 && st.tier[1].heat[0] == 5 && st.has_cache &&
	       !strcmp(st.cache_mode, "writeback") && st.cache_blocks == 1000 &&
	       st.dirty == 80 && st.read_hits == 70 && st.prefetched == 20,
	       "tiered: fields appended after the cache section are accepted");
	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok "
			      "4 5 6 paused 7 1 3 9 0:1:2:3:4 5:6:7:8:9 writeback 1 2", &st, &err);
	tap_ok(ret == -EINVAL, "tiered: a cache section cut short is refused");
	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok "
			      "4 5 6 stopped 7 - 0 0 0:0:0:0:0 0:0:0:0:0", &st, &err);
	tap_ok(ret == -EINVAL, "tiered: a migrate word other than running or paused is refused");
	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok "
			      "4 5 6 running 7 - 0 0 0:0:0:0 0:0:0:0:0", &st, &err);
	tap_ok(ret == -EINVAL, "tiered: a heat histogram with four buckets is refused");
	return tap_done();
}
