// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * Status line of target "storproto". Pure logic: builds in the module, in
 * libstorproto and in the unit tests.
 */
#include "status.h"
#include "table.h"

const char *const sp_stat_names[SP_STAT_NR] = {
	[SP_STAT_READS]		= "reads",
	[SP_STAT_WRITES]	= "writes",
	[SP_STAT_READ_SECTORS]	= "read_sectors",
	[SP_STAT_WRITE_SECTORS]	= "write_sectors",
	[SP_STAT_FLUSHES]	= "flushes",
	[SP_STAT_FUA]		= "fua",
	[SP_STAT_DISCARDS]	= "discards",
	[SP_STAT_WRITE_ZEROES]	= "write_zeroes",
	[SP_STAT_ERRORS]	= "errors",
	[SP_STAT_IN_FLIGHT]	= "in_flight",
};

int sp_status_emit(const struct sp_status *st, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	if (sp_append(buf, size, &len, "%s", st->mode))
		return -ENOSPC;
	for (i = 0; i < SP_STAT_NR; i++)
		if (sp_append(buf, size, &len, " %llu",
			      (unsigned long long)st->v[i]))
			return -ENOSPC;
	if (strcmp(st->mode, "tiered"))
		return (int)len;

	if (sp_append(buf, size, &len, " %u", st->nr_tiers))
		return -ENOSPC;
	for (i = 0; i < (int)st->nr_tiers; i++)
		if (sp_append(buf, size, &len, " %llu/%llu",
			      (unsigned long long)st->tier[i].used,
			      (unsigned long long)st->tier[i].total))
			return -ENOSPC;
	if (sp_append(buf, size, &len, " %llu %llu %llu %llu %llu",
		      (unsigned long long)st->migrations_done,
		      (unsigned long long)st->migrations_in_flight,
		      (unsigned long long)st->commits,
		      (unsigned long long)st->checkpoints,
		      (unsigned long long)st->recovery_ms))
		return -ENOSPC;
	for (i = 0; i < (int)st->nr_tiers; i++)
		if (sp_append(buf, size, &len, " %llu",
			      (unsigned long long)st->tier[i].errors))
			return -ENOSPC;
	if (sp_append(buf, size, &len, " %s", st->state))
		return -ENOSPC;
	if (!st->has_policy)
		return (int)len;
	if (sp_append(buf, size, &len, " %llu %llu %llu %s %llu",
		      (unsigned long long)st->promotions,
		      (unsigned long long)st->demotions,
		      (unsigned long long)st->evacuated, st->migrate,
		      (unsigned long long)st->throttled))
		return -ENOSPC;
	if (st->evacuating < 0 ? sp_append(buf, size, &len, " -") :
	    sp_append(buf, size, &len, " %d", st->evacuating))
		return -ENOSPC;
	if (sp_append(buf, size, &len, " %llu %llu",
		      (unsigned long long)st->evacuate_left,
		      (unsigned long long)st->evacuate_eta_s))
		return -ENOSPC;
	for (i = 0; i < (int)st->nr_tiers; i++) {
		const u64 *h = st->tier[i].heat;

		if (sp_append(buf, size, &len, " %llu:%llu:%llu:%llu:%llu",
			      (unsigned long long)h[0], (unsigned long long)h[1],
			      (unsigned long long)h[2], (unsigned long long)h[3],
			      (unsigned long long)h[4]))
			return -ENOSPC;
	}
	if (!st->has_cache)
		return (int)len;
	if (sp_append(buf, size, &len, " %s %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		      st->cache_mode, (unsigned long long)st->cache_blocks,
		      (unsigned long long)st->cache_used, (unsigned long long)st->dirty,
		      (unsigned long long)st->read_hits,
		      (unsigned long long)st->read_misses,
		      (unsigned long long)st->write_hits,
		      (unsigned long long)st->written_back,
		      (unsigned long long)st->bypassed,
		      (unsigned long long)st->prefetched))
		return -ENOSPC;
	return (int)len;
}

/* Copy the next space-separated word of *p into word; advance *p. */
static bool sp_next_word(const char **p, char *word, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	while (*s && *s != ' ') {
		if (n + 1 >= size)
			return false;
		word[n++] = *s++;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

/* "<used>/<total>" */
static int sp_parse_fraction(const char *word, u64 *a, u64 *b)
{
	char left[24];
	const char *slash = strchr(word, '/');
	size_t n;

	if (!slash)
		return -EINVAL;
	n = (size_t)(slash - word);
	if (n >= sizeof(left))
		return -EINVAL;
	memcpy(left, word, n);
	left[n] = '\0';
	if (sp_parse_u64(left, a) || sp_parse_u64(slash + 1, b))
		return -EINVAL;
	return 0;
}

/* "h0:h1:h2:h3:h4" */
static int sp_parse_heat(const char *word, u64 *h)
{
	unsigned int i;

	for (i = 0; i < SP_STATUS_HEAT_BUCKETS; i++) {
		char num[24];
		size_t n = 0;

		while (*word && *word != ':' && n + 1 < sizeof(num))
			num[n++] = *word++;
		num[n] = '\0';
		if (sp_parse_u64(num, &h[i]))
			return -EINVAL;
		if (i + 1 < SP_STATUS_HEAT_BUCKETS && *word++ != ':')
			return -EINVAL;
	}
	return *word ? -EINVAL : 0;
}

static int sp_status_parse_tiered(const char *line, struct sp_status *st,
				  const char **error)
{
	u64 *fields[] = { &st->migrations_done, &st->migrations_in_flight,
			  &st->commits, &st->checkpoints, &st->recovery_ms };
	u64 *policy[] = { &st->demotions, &st->evacuated };
	u64 *cache[] = { &st->cache_blocks, &st->cache_used, &st->dirty,
			 &st->read_hits, &st->read_misses, &st->write_hits,
			 &st->written_back, &st->bypassed, &st->prefetched };
	char word[48];
	u64 nr, v;
	unsigned int i;

	*error = "Tiered status line is cut short or malformed";
	if (!sp_next_word(&line, word, sizeof(word)) || sp_parse_u64(word, &nr) ||
	    nr < 1 || nr > SP_STATUS_TIERS_MAX)
		return -EINVAL;
	st->nr_tiers = (unsigned int)nr;
	for (i = 0; i < st->nr_tiers; i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_fraction(word, &st->tier[i].used, &st->tier[i].total))
			return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_u64(word, fields[i]))
			return -EINVAL;
	for (i = 0; i < st->nr_tiers; i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_u64(word, &st->tier[i].errors))
			return -EINVAL;
	if (!sp_next_word(&line, st->state, sizeof(st->state)))
		return -EINVAL;
	*error = NULL;
	/* A module without the placement policy ends here. */
	if (!sp_next_word(&line, word, sizeof(word)))
		return 0;
	*error = "Tiered status line has a malformed placement section";
	if (sp_parse_u64(word, &st->promotions))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(policy); i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_u64(word, policy[i]))
			return -EINVAL;
	if (!sp_next_word(&line, st->migrate, sizeof(st->migrate)) ||
	    (strcmp(st->migrate, "running") && strcmp(st->migrate, "paused")))
		return -EINVAL;
	if (!sp_next_word(&line, word, sizeof(word)) ||
	    sp_parse_u64(word, &st->throttled))
		return -EINVAL;
	if (!sp_next_word(&line, word, sizeof(word)))
		return -EINVAL;
	st->evacuating = -1;
	if (strcmp(word, "-")) {
		if (sp_parse_u64(word, &v) || v >= st->nr_tiers)
			return -EINVAL;
		st->evacuating = (int)v;
	}
	if (!sp_next_word(&line, word, sizeof(word)) ||
	    sp_parse_u64(word, &st->evacuate_left) ||
	    !sp_next_word(&line, word, sizeof(word)) ||
	    sp_parse_u64(word, &st->evacuate_eta_s))
		return -EINVAL;
	for (i = 0; i < st->nr_tiers; i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_heat(word, st->tier[i].heat))
			return -EINVAL;
	st->has_policy = true;
	*error = NULL;
	/* A module without the cache ends here. */
	if (!sp_next_word(&line, st->cache_mode, sizeof(st->cache_mode)))
		return 0;
	*error = "Tiered status line has a malformed cache section";
	for (i = 0; i < ARRAY_SIZE(cache); i++)
		if (!sp_next_word(&line, word, sizeof(word)) ||
		    sp_parse_u64(word, cache[i]))
			return -EINVAL;
	st->has_cache = true;
	*error = NULL;
	return 0;
}

int sp_status_parse(const char *line, struct sp_status *st, const char **error)
{
	char word[24];
	int i;

	memset(st, 0, sizeof(*st));
	st->evacuating = -1;
	if (!sp_next_word(&line, st->mode, sizeof(st->mode))) {
		*error = "Status line has no mode word";
		return -EINVAL;
	}
	for (i = 0; i < SP_STAT_NR; i++) {
		if (!sp_next_word(&line, word, sizeof(word))) {
			*error = "Status line has too few counters";
			return -EINVAL;
		}
		if (sp_parse_u64(word, &st->v[i])) {
			*error = "Status line has a counter that is not a number";
			return -EINVAL;
		}
	}
	if (strcmp(st->mode, "tiered"))
		return 0;
	return sp_status_parse_tiered(line, st, error);
}
