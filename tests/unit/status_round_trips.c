// SPDX-License-Identifier: GPL-2.0
/*
 * sp_status_emit() and sp_status_parse() agree: the documented lines
 * "passthrough <ten counters>" and "tiered <ten counters> <nr_tiers>
 * <used>/<total>... <migrations_done> <migrations_in_flight> <commits>
 * <checkpoints> <recovery_ms> <errors>... <state>" parse to what was
 * emitted, at zero, small and largest values, for 1 to 4 tiers, and a
 * short buffer gives -ENOSPC.
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
	if (strcmp(a->mode, "tiered"))
		return true;
	if (a->nr_tiers != b->nr_tiers || a->migrations_done != b->migrations_done ||
	    a->migrations_in_flight != b->migrations_in_flight ||
	    a->commits != b->commits || a->checkpoints != b->checkpoints ||
	    a->recovery_ms != b->recovery_ms || strcmp(a->state, b->state))
		return false;
	for (i = 0; i < a->nr_tiers; i++)
		if (a->tier[i].used != b->tier[i].used ||
		    a->tier[i].total != b->tier[i].total ||
		    a->tier[i].errors != b->tier[i].errors)
			return false;
	return true;
}

/* A tiered status of @nr tiers, every value derived from @base. */
static void tiered(struct sp_status *st, unsigned int nr, u64 base,
		   const char *state)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	strcpy(st->mode, "tiered");
	for (i = 0; i < SP_STAT_NR; i++)
		st->v[i] = base ? base - i : 0;
	st->nr_tiers = nr;
	for (i = 0; i < nr; i++) {
		st->tier[i].used = base ? base - 10 - i : 0;
		st->tier[i].total = base ? base - 20 - i : 0;
		st->tier[i].errors = base ? base - 30 - i : 0;
	}
	st->migrations_done = base ? base - 40 : 0;
	st->migrations_in_flight = base ? base - 41 : 0;
	st->commits = base ? base - 42 : 0;
	st->checkpoints = base ? base - 43 : 0;
	st->recovery_ms = base ? base - 44 : 0;
	strcpy(st->state, state);
}

int main(void)
{
	static const char *const names[SP_STAT_NR] = {
		"reads", "writes", "read_sectors", "write_sectors", "flushes",
		"fua", "discards", "write_zeroes", "errors", "in_flight",
	};
	struct sp_status st, back;
	char buf[1024], small[1024];
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

	/* Mode "tiered". */
	ret = sp_status_parse("tiered 10 20 80 160 3 2 1 0 0 0 3 0/0 5/100 7/400 12 1 9 2 35 0 0 4 degraded",
			      &st, &err);
	tap_ok(ret == 0 && !strcmp(st.mode, "tiered") &&
	       st.v[SP_STAT_READS] == 10 && st.v[SP_STAT_IN_FLIGHT] == 0 &&
	       st.nr_tiers == 3 && st.tier[0].used == 0 && st.tier[0].total == 0 &&
	       st.tier[1].used == 5 && st.tier[1].total == 100 &&
	       st.tier[2].used == 7 && st.tier[2].total == 400 &&
	       st.migrations_done == 12 && st.migrations_in_flight == 1 &&
	       st.commits == 9 && st.checkpoints == 2 && st.recovery_ms == 35 &&
	       st.tier[0].errors == 0 && st.tier[1].errors == 0 &&
	       st.tier[2].errors == 4 && !strcmp(st.state, "degraded"),
	       "a three-tier line decodes field by field");
	len = sp_status_emit(&st, buf, sizeof(buf));
	tap_ok(len > 0 && !strcmp(buf, "tiered 10 20 80 160 3 2 1 0 0 0 3 0/0 5/100 7/400 12 1 9 2 35 0 0 4 degraded"),
	       "and emits back unchanged");

	tiered(&st, 1, 0, "ok");
	len = sp_status_emit(&st, buf, sizeof(buf));
	tap_ok(len > 0 && !strcmp(buf, "tiered 0 0 0 0 0 0 0 0 0 0 1 0/0 0 0 0 0 0 0 ok"),
	       "an all-zero one-tier status is \"tiered <ten 0> 1 0/0 0 0 0 0 0 0 ok\"");

	all = true;
	for (i = 1; i <= SP_STATUS_TIERS_MAX; i++) {
		static const char *const states[] = {
			"ok", "degraded", "read_only", "needs_check",
		};

		tiered(&st, i, U64_MAX, states[i - 1]);
		len = sp_status_emit(&st, buf, sizeof(buf));
		ret = sp_status_parse(buf, &back, &err);
		all &= len > 0 && ret == 0 && same_status(&st, &back);
		tiered(&st, i, 1000 + i, states[i - 1]);
		len = sp_status_emit(&st, buf, sizeof(buf));
		ret = sp_status_parse(buf, &back, &err);
		all &= len > 0 && ret == 0 && same_status(&st, &back);
	}
	tap_ok(all, "1 to 4 tiers, each state, small and largest values round-trip");

	tiered(&st, SP_STATUS_TIERS_MAX, U64_MAX, "needs_check");
	len = sp_status_emit(&st, buf, sizeof(buf));
	all = len > 0;
	for (size = 1; size <= (size_t)len; size++)
		all &= sp_status_emit(&st, small, size) == -ENOSPC;
	all &= sp_status_emit(&st, small, (size_t)len + 1) == len &&
	       !strcmp(small, buf);
	tap_ok(all, "tiered: every buffer shorter than the line + NUL gives -ENOSPC, line + NUL is enough");

	tiered(&st, 2, 77, "ok");
	strcpy(st.mode, "passthrough");
	len = sp_status_emit(&st, buf, sizeof(buf));
	tap_ok(len > 0 && !strchr(buf, '/') && !strstr(buf, " ok"),
	       "mode passthrough prints no tiered field");
	return tap_done();
}
