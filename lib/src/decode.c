// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstorproto: decoding the table and status lines of a storproto target.
 * No kernel needed: the parsing itself is the module's own code
 * (kernel/table.c, kernel/status.c), built into the library.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "private.h"
#include "table.h"
#include "status.h"

/* The public counter indices are the module's. */
#define SP_SAME(a, b)	((int)(a) == (int)(b))
_Static_assert(SP_SAME(SP_COUNTER_READS, SP_STAT_READS) &&
	       SP_SAME(SP_COUNTER_WRITES, SP_STAT_WRITES) &&
	       SP_SAME(SP_COUNTER_READ_SECTORS, SP_STAT_READ_SECTORS) &&
	       SP_SAME(SP_COUNTER_WRITE_SECTORS, SP_STAT_WRITE_SECTORS) &&
	       SP_SAME(SP_COUNTER_FLUSHES, SP_STAT_FLUSHES) &&
	       SP_SAME(SP_COUNTER_FUA, SP_STAT_FUA) &&
	       SP_SAME(SP_COUNTER_DISCARDS, SP_STAT_DISCARDS) &&
	       SP_SAME(SP_COUNTER_WRITE_ZEROES, SP_STAT_WRITE_ZEROES) &&
	       SP_SAME(SP_COUNTER_ERRORS, SP_STAT_ERRORS) &&
	       SP_SAME(SP_COUNTER_IN_FLIGHT, SP_STAT_IN_FLIGHT) &&
	       SP_SAME(SP_COUNTER_NR_KNOWN, SP_STAT_NR), "counter order");
_Static_assert(SP_DM_MAX_DEVS == SP_TABLE_MAX_DEVS, "device count");
_Static_assert(SP_DM_MODE_LEN >= SP_STATUS_MODE_MAX, "mode length");
_Static_assert(SP_DM_MAX_COUNTERS >= SP_STAT_NR, "counter room");
_Static_assert(SP_DM_MAX_DEVS >= SP_STATUS_TIERS_MAX, "tier room");
_Static_assert(SP_DM_HEAT_BUCKETS == SP_STATUS_HEAT_BUCKETS, "heat buckets");
_Static_assert(SP_DM_STATE_LEN >= sizeof(((struct sp_status *)0)->state),
	       "state length");

static const char sp_space[] = " \t\n";

SP_EXPORT const char *sp_counter_name(unsigned int counter)
{
	return counter < SP_STAT_NR ? sp_stat_names[counter] : NULL;
}

static int sp_decode_table(struct sp_ctx *ctx, const char *line,
			   struct sp_dm_target *target)
{
	const char *error = "";
	unsigned int argc = 0, max = 1, i;
	struct sp_table t;
	char *copy, *tok, *save = NULL, **argv;
	const char *p;
	int ret;

	for (p = line; *p; p++)
		max += !!strchr(sp_space, *p);
	copy = strdup(line);
	argv = calloc(max, sizeof(*argv));
	if (!copy || !argv) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (tok = strtok_r(copy, sp_space, &save); tok;
	     tok = strtok_r(NULL, sp_space, &save))
		argv[argc++] = tok;

	ret = sp_table_parse(&t, argc, argv, &error);
	if (ret) {
		sp_err(ctx, "cannot decode storproto table \"%s\": %s", line,
		       error);
		goto out_free;
	}
	for (i = 0; i < t.nr_devs; i++) {
		if (!sp_strlcpy(target->devs[i], t.devs[i],
				sizeof(target->devs[i]))) {
			sp_err(ctx, "cannot decode storproto table \"%s\": device name longer than %u characters",
			       line, SP_DM_DEV_LEN - 1);
			ret = -EINVAL;
			goto out_free;
		}
	}
	target->nr_devs = t.nr_devs;
	target->chunk_sectors = t.chunk_sectors;
	target->chunk_sectors_set = t.chunk_sectors_set;
	target->passthrough = t.passthrough;
	target->extent_sectors = t.extent_sectors;
	target->capacity_mask = t.capacity_mask;
	target->tiering_manual = t.knobs.v[SP_KNOB_TIERING] == SP_TIERING_MANUAL;
	target->migrate_rate = t.knobs.v[SP_KNOB_MIGRATE_RATE];
	target->fill_watermark = t.knobs.v[SP_KNOB_FILL_WATERMARK];
	target->promote_heat = t.knobs.v[SP_KNOB_PROMOTE_HEAT];
	target->heat_halflife = t.knobs.v[SP_KNOB_HEAT_HALFLIFE];
	target->evacuate = t.knobs.v[SP_KNOB_EVACUATE] == SP_EVACUATE_NONE ? -1 :
			   (int)t.knobs.v[SP_KNOB_EVACUATE];
	target->knobs_given = t.knobs.given;
	sp_strlcpy(target->cache_mode_knob,
		   sp_knob_descs[SP_KNOB_CACHE_MODE].words[t.knobs.v[SP_KNOB_CACHE_MODE]],
		   sizeof(target->cache_mode_knob));
	target->sequential_cutoff = t.knobs.v[SP_KNOB_SEQ_CUTOFF];
	target->dirty_low = t.knobs.v[SP_KNOB_DIRTY_LOW];
	target->dirty_high = t.knobs.v[SP_KNOB_DIRTY_HIGH];
out_free:
	free(argv);
	free(copy);
	return ret;
}

/*
 * Counters that a newer module appends: keep the numbers, up to
 * SP_DM_MAX_COUNTERS; stop at the first word that is not one.
 */
static unsigned int sp_decode_extra_counters(const char *line,
					     struct sp_dm_target *target)
{
	unsigned int n = SP_STAT_NR, words = 0;
	char word[24];
	size_t len;
	u64 v;

	/* Skip the mode word and the known counters. */
	while (*line && words <= SP_STAT_NR) {
		line += strspn(line, sp_space);
		line += strcspn(line, sp_space);
		words++;
	}
	while (n < SP_DM_MAX_COUNTERS) {
		line += strspn(line, sp_space);
		len = strcspn(line, sp_space);
		if (!len || len >= sizeof(word))
			break;
		memcpy(word, line, len);
		word[len] = '\0';
		if (sp_parse_u64(word, &v))
			break;
		target->counters[n++] = v;
		line += len;
	}
	return n;
}

static int sp_decode_status(struct sp_ctx *ctx, const char *line,
			    struct sp_dm_target *target)
{
	const char *error = "";
	struct sp_status st;
	unsigned int i;
	int ret;

	ret = sp_status_parse(line, &st, &error);
	if (ret) {
		sp_err(ctx, "cannot decode storproto status \"%s\": %s", line,
		       error);
		return ret;
	}
	sp_strlcpy(target->mode, st.mode, sizeof(target->mode));
	for (i = 0; i < SP_STAT_NR; i++)
		target->counters[i] = st.v[i];
	if (strcmp(st.mode, "tiered")) {
		target->nr_counters = sp_decode_extra_counters(line, target);
		return 0;
	}

	/* The tier fields follow the counters: no counter is appended. */
	target->nr_counters = SP_STAT_NR;
	target->nr_tiers = st.nr_tiers;
	for (i = 0; i < st.nr_tiers; i++) {
		target->tiers[i].used = st.tier[i].used;
		target->tiers[i].total = st.tier[i].total;
		target->tiers[i].errors = st.tier[i].errors;
	}
	target->migrations_done = st.migrations_done;
	target->migrations_in_flight = st.migrations_in_flight;
	target->commits = st.commits;
	target->checkpoints = st.checkpoints;
	target->recovery_ms = st.recovery_ms;
	sp_strlcpy(target->state, st.state, sizeof(target->state));
	target->evacuating = -1;
	if (!st.has_policy)
		return 0;
	target->has_policy = 1;
	for (i = 0; i < st.nr_tiers; i++)
		memcpy(target->tiers[i].heat, st.tier[i].heat,
		       sizeof(target->tiers[i].heat));
	target->promotions = st.promotions;
	target->demotions = st.demotions;
	target->evacuated = st.evacuated;
	target->migrate_paused = !strcmp(st.migrate, "paused");
	target->throttled = st.throttled;
	target->evacuating = st.evacuating;
	target->evacuate_left = st.evacuate_left;
	target->evacuate_eta_s = st.evacuate_eta_s;
	if (!st.has_cache)
		return 0;
	target->has_cache = 1;
	sp_strlcpy(target->cache_mode, st.cache_mode, sizeof(target->cache_mode));
	target->cache_blocks = st.cache_blocks;
	target->cache_used = st.cache_used;
	target->dirty = st.dirty;
	target->read_hits = st.read_hits;
	target->read_misses = st.read_misses;
	target->write_hits = st.write_hits;
	target->written_back = st.written_back;
	target->bypassed = st.bypassed;
	target->prefetched = st.prefetched;
	return 0;
}

SP_EXPORT int sp_dm_decode(struct sp_ctx *ctx, const char *table,
			   const char *status, struct sp_dm_target *target)
{
	int ret;

	memset(target, 0, sizeof(*target));
	if (!table) {
		sp_err(ctx, "cannot decode storproto table: no table line");
		return -EINVAL;
	}
	ret = sp_decode_table(ctx, table, target);
	if (!ret && status)
		ret = sp_decode_status(ctx, status, target);
	if (ret)
		memset(target, 0, sizeof(*target));
	return ret;
}
