// SPDX-License-Identifier: GPL-2.0
/*
 * Readers accept status lines with more counters than they know: a newer
 * module only ever appends fields (for mode "tiered", after the state
 * word), and a mode word they do not know is read as it is.
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

	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10 2 5/10 0/20 1 0 7 2 3 0 0 ok 42 x=y",
			      &st, &err);
	tap_ok(ret == 0 && st.nr_tiers == 2 && !strcmp(st.state, "ok") &&
	       st.tier[1].total == 20 && st.recovery_ms == 3,
	       "tiered: fields appended after the state word are accepted");
	return tap_done();
}
