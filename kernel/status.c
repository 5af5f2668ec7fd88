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

static int sp_status_parse_tiered(const char *line, struct sp_status *st,
				  const char **error)
{
	u64 *fields[] = { &st->migrations_done, &st->migrations_in_flight,
			  &st->commits, &st->checkpoints, &st->recovery_ms };
	char word[48];
	u64 nr;
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
	return 0;
}

int sp_status_parse(const char *line, struct sp_status *st, const char **error)
{
	char word[24];
	int i;

	memset(st, 0, sizeof(*st));
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
