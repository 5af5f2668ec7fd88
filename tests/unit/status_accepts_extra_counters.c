// SPDX-License-Identifier: GPL-2.0
/*
 * Readers accept status lines with more counters than they know: a newer
 * module only ever appends fields.
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

	ret = sp_status_parse("tiered 1 2 3 4 5 6 7 8 9 10", &st, &err);
	tap_ok(ret == 0 && !strcmp(st.mode, "tiered"),
	       "another mode word is read as it is");
	return tap_done();
}
