// SPDX-License-Identifier: GPL-2.0
/*
 * sp_status_emit() and sp_status_parse() agree: the documented line
 * "passthrough <ten counters>" parses to what was emitted, at zero, small
 * and largest counter values, and a short buffer gives -ENOSPC.
 */
#include "tap.h"
#include "status.h"

static bool same_status(const struct sp_status *a, const struct sp_status *b)
{
	unsigned int i;

	if (strcmp(a->mode, b->mode))
		return false;
	for (i = 0; i < SP_STAT_NR; i++)
		if (a->v[i] != b->v[i])
			return false;
	return true;
}

int main(void)
{
	static const char *const names[SP_STAT_NR] = {
		"reads", "writes", "read_sectors", "write_sectors", "flushes",
		"fua", "discards", "write_zeroes", "errors", "in_flight",
	};
	struct sp_status st, back;
	char buf[512], small[512];
	const char *err;
	unsigned int i;
	size_t size;
	int len, ret;
	bool all;

	all = true;
	for (i = 0; i < SP_STAT_NR; i++)
		all &= !strcmp(sp_stat_names[i], names[i]);
	tap_ok(all, "counter names are the documented ones, in order");

	memset(&st, 0, sizeof(st));
	strcpy(st.mode, "passthrough");
	len = sp_status_emit(&st, buf, sizeof(buf));
	tap_ok(len > 0 && !strcmp(buf, "passthrough 0 0 0 0 0 0 0 0 0 0"),
	       "all-zero status is \"passthrough 0 0 0 0 0 0 0 0 0 0\"");

	ret = sp_status_parse("passthrough 10 20 80 160 3 2 1 0 0 0", &st,
			      &err);
	tap_ok(ret == 0 && !strcmp(st.mode, "passthrough") &&
	       st.v[SP_STAT_READS] == 10 && st.v[SP_STAT_WRITES] == 20 &&
	       st.v[SP_STAT_READ_SECTORS] == 80 &&
	       st.v[SP_STAT_WRITE_SECTORS] == 160 &&
	       st.v[SP_STAT_FLUSHES] == 3 && st.v[SP_STAT_FUA] == 2 &&
	       st.v[SP_STAT_DISCARDS] == 1 && st.v[SP_STAT_IN_FLIGHT] == 0,
	       "the documented example line decodes field by field");
	len = sp_status_emit(&st, buf, sizeof(buf));
	tap_ok(len > 0 && !strcmp(buf, "passthrough 10 20 80 160 3 2 1 0 0 0"),
	       "and emits back unchanged");

	for (i = 0; i < SP_STAT_NR; i++)
		st.v[i] = U64_MAX - i;
	len = sp_status_emit(&st, buf, sizeof(buf));
	ret = sp_status_parse(buf, &back, &err);
	tap_ok(len > 0 && ret == 0 && same_status(&st, &back),
	       "largest counter values round-trip");

	for (i = 0; i < SP_STAT_NR; i++)
		st.v[i] = 1ULL << (i * 6);
	len = sp_status_emit(&st, buf, sizeof(buf));
	ret = sp_status_parse(buf, &back, &err);
	tap_ok(len > 0 && ret == 0 && same_status(&st, &back),
	       "mixed counter values round-trip");

	ret = sp_status_parse("  passthrough  1 2 3 4 5 6 7 8 9 10  ", &back,
			      &err);
	tap_ok(ret == 0 && back.v[SP_STAT_IN_FLIGHT] == 10,
	       "extra spaces between and around words are accepted");

	all = true;
	for (size = 1; size <= (size_t)len; size++)
		all &= sp_status_emit(&st, small, size) == -ENOSPC;
	tap_ok(all, "every buffer shorter than the line + NUL gives -ENOSPC");
	tap_ok(sp_status_emit(&st, small, (size_t)len + 1) == len,
	       "a buffer of exactly line + NUL is enough");
	return tap_done();
}
