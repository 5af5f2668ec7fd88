// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * dm table parsing for target "storproto". Pure logic: this file builds in
 * the module, in libstorproto and in the unit tests.
 */
#include "table.h"
#include "tier/format.h"

int sp_parse_u64(const char *s, u64 *val)
{
	u64 v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned int)(*s - '0');
		if (v > (U64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*val = v;
	return 0;
}

int sp_parse_tier_list(const char *s, unsigned int nr_devs, u32 *mask)
{
	u32 m = 0;

	for (;;) {
		unsigned int t;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		t = (unsigned int)(*s++ - '0');
		if (t >= nr_devs || (m & (1U << t)))
			return -EINVAL;
		m |= 1U << t;
		if (!*s)
			break;
		if (*s++ != ',')
			return -EINVAL;
	}
	*mask = m;
	return 0;
}

/* The value of a power-of-two argument; @what names it in errors. */
static int sp_parse_pow2_arg(unsigned int argc, char **argv, unsigned int *i,
			     u64 lo, u64 hi, u32 *val, bool *seen,
			     const char *twice, const char *missing,
			     const char *invalid, const char **error)
{
	u64 v;

	if (*seen) {
		*error = twice;
		return -EINVAL;
	}
	if (*i >= argc) {
		*error = missing;
		return -EINVAL;
	}
	if (sp_parse_u64(argv[(*i)++], &v) || !is_power_of_2(v) || v < lo ||
	    v > hi) {
		*error = invalid;
		return -EINVAL;
	}
	*val = (u32)v;
	*seen = true;
	return 0;
}

static int sp_parse_opt_args(struct sp_table *t, unsigned int argc,
			     char **argv, const char **error)
{
	bool extent_seen = false, capacity_seen = false;
	unsigned int i = 0;
	int ret;

	while (i < argc) {
		const char *key = argv[i++];

		if (!strcmp(key, "chunk_sectors")) {
			ret = sp_parse_pow2_arg(argc, argv, &i, SP_CHUNK_SECTORS_MIN,
				SP_CHUNK_SECTORS_MAX, &t->chunk_sectors,
				&t->chunk_sectors_set,
				"Optional argument chunk_sectors given twice",
				"Optional argument chunk_sectors needs a value",
				"Invalid chunk_sectors: must be a power of two from 8 to 2097152",
				error);
		} else if (!strcmp(key, "extent_sectors")) {
			ret = sp_parse_pow2_arg(argc, argv, &i, SP_EXTENT_SECTORS_MIN,
				SP_EXTENT_SECTORS_MAX, &t->extent_sectors,
				&extent_seen,
				"Optional argument extent_sectors given twice",
				"Optional argument extent_sectors needs a value",
				"Invalid extent_sectors: must be a power of two from 128 to 2097152",
				error);
		} else if (!strcmp(key, "capacity_tiers")) {
			ret = -EINVAL;
			if (capacity_seen)
				*error = "Optional argument capacity_tiers given twice";
			else if (i >= argc)
				*error = "Optional argument capacity_tiers needs a value";
			else if (sp_parse_tier_list(argv[i++], t->nr_devs,
						    &t->capacity_mask))
				*error = "Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice";
			else
				ret = 0;
			capacity_seen = true;
		} else if (!strcmp(key, "format") || !strcmp(key, "passthrough")) {
			bool *flag = key[0] == 'f' ? &t->format : &t->passthrough;

			ret = 0;
			if (*flag) {
				*error = key[0] == 'f' ?
					"Optional argument format given twice" :
					"Optional argument passthrough given twice";
				ret = -EINVAL;
			}
			*flag = true;
		} else if (sp_knob_lookup(key) >= 0) {
			int k = sp_knob_lookup(key);

			ret = -EINVAL;
			if (t->knobs.given & (1U << k))
				*error = "A policy argument is given twice";
			else if (i >= argc)
				*error = "A policy argument needs a value";
			else
				ret = sp_knob_parse(k, argv[i++], t->nr_devs,
						    &t->knobs.v[k], error);
			t->knobs.given |= 1U << k;
		} else {
			*error = "Unknown optional argument";
			ret = -EINVAL;
		}
		if (ret)
			return ret;
	}

	if (t->passthrough) {
		if (t->nr_devs != 1) {
			*error = "passthrough maps exactly one device";
			return -EINVAL;
		}
		if (t->format || t->extent_sectors || t->capacity_mask) {
			*error = "format, extent_sectors and capacity_tiers do not apply to passthrough";
			return -EINVAL;
		}
		if (t->knobs.given) {
			*error = "Policy arguments do not apply to passthrough";
			return -EINVAL;
		}
	} else if (t->chunk_sectors_set) {
		*error = "chunk_sectors applies only to passthrough (a tiered device partitions by extent)";
		return -EINVAL;
	}
	return 0;
}

int sp_table_parse(struct sp_table *t, unsigned int argc, char **argv,
		   const char **error)
{
	unsigned int i = 0, j;
	u64 nr_devs, nr_opt;

	memset(t, 0, sizeof(*t));
	t->chunk_sectors = SP_CHUNK_SECTORS_DEFAULT;
	sp_knobs_init(&t->knobs);

	if (argc < 2) {
		*error = "Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]";
		return -EINVAL;
	}
	if (sp_parse_u64(argv[i++], &nr_devs)) {
		*error = "Invalid number of devices: not a number";
		return -EINVAL;
	}
	if (nr_devs < 1 || nr_devs > SP_TABLE_MAX_DEVS) {
		*error = "Invalid number of devices: must be from 1 to 4";
		return -EINVAL;
	}
	if (argc - i < nr_devs + 1) {
		*error = "Not enough arguments: fewer devices than announced, or no optional argument count";
		return -EINVAL;
	}
	t->nr_devs = (unsigned int)nr_devs;
	for (j = 0; j < t->nr_devs; j++) {
		if (!argv[i][0]) {
			*error = "Empty device path";
			return -EINVAL;
		}
		t->devs[j] = argv[i++];
	}

	if (sp_parse_u64(argv[i++], &nr_opt)) {
		*error = "Invalid number of optional arguments: not a number";
		return -EINVAL;
	}
	if (nr_opt > SP_TABLE_MAX_OPT_ARGS) {
		*error = "Invalid number of optional arguments: too many";
		return -EINVAL;
	}
	if (nr_opt > argc - i) {
		*error = "Not enough optional arguments for the count given";
		return -EINVAL;
	}
	if (nr_opt < argc - i) {
		*error = "Unexpected arguments after the optional arguments";
		return -EINVAL;
	}
	return sp_parse_opt_args(t, (unsigned int)nr_opt, argv + i, error);
}

int sp_append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len)
		return -ENOSPC;
	*len += (size_t)n;
	return 0;
}

int sp_table_emit(const struct sp_table *t, const char *const *dev_names,
		  char *buf, size_t size)
{
	bool chunk = t->passthrough && (t->chunk_sectors_set ||
			t->chunk_sectors != SP_CHUNK_SECTORS_DEFAULT);
	unsigned int j, nr_opt = 0;
	char tiers[2 * SP_TABLE_MAX_DEVS];
	size_t len = 0, tl = 0;

	if (t->passthrough)
		nr_opt += 1 + (chunk ? 2 : 0);
	else
		nr_opt += (t->extent_sectors ? 2 : 0) + (t->capacity_mask ? 2 : 0) +
			  sp_knobs_nr_words(&t->knobs);

	if (sp_append(buf, size, &len, "%u", t->nr_devs))
		return -ENOSPC;
	for (j = 0; j < t->nr_devs; j++)
		if (sp_append(buf, size, &len, " %s", dev_names[j]))
			return -ENOSPC;
	if (sp_append(buf, size, &len, " %u", nr_opt))
		return -ENOSPC;
	if (t->passthrough && sp_append(buf, size, &len, " passthrough"))
		return -ENOSPC;
	if (chunk && sp_append(buf, size, &len, " chunk_sectors %u",
			       t->chunk_sectors))
		return -ENOSPC;
	if (!t->passthrough && t->extent_sectors &&
	    sp_append(buf, size, &len, " extent_sectors %u", t->extent_sectors))
		return -ENOSPC;
	if (!t->passthrough && t->capacity_mask) {
		for (j = 0; j < t->nr_devs; j++)
			if (t->capacity_mask & (1U << j))
				tl += (size_t)snprintf(tiers + tl, sizeof(tiers) - tl,
						       tl ? ",%u" : "%u", j);
		if (sp_append(buf, size, &len, " capacity_tiers %s", tiers))
			return -ENOSPC;
	}
	if (!t->passthrough && sp_knobs_emit(&t->knobs, buf, size, &len))
		return -ENOSPC;
	return (int)len;
}

static int sp_message_range(struct sp_message *m, char **argv)
{
	if (sp_parse_u64(argv[0], &m->first) || sp_parse_u64(argv[1], &m->count))
		return -EINVAL;
	return m->count ? 0 : -EINVAL;
}

int sp_message_parse(struct sp_message *m, unsigned int argc, char **argv,
		     unsigned int nr_tiers, const char **error)
{
	memset(m, 0, sizeof(*m));
	if (!argc) {
		*error = "Empty message";
		return -EINVAL;
	}
	if (!strcmp(argv[0], "migrate")) {
		if (argc == 2 && !strcmp(argv[1], "pause")) {
			m->op = SP_MSG_MIGRATE_PAUSE;
			return 0;
		}
		if (argc == 2 && !strcmp(argv[1], "resume")) {
			m->op = SP_MSG_MIGRATE_RESUME;
			return 0;
		}
		if (argc != 4) {
			*error = "migrate needs <first_extent> <count> <tier>, or pause, or resume";
			return -EINVAL;
		}
		if (sp_parse_u64(argv[1], &m->first) || sp_parse_u64(argv[2], &m->count) ||
		    sp_parse_u64(argv[3], &m->tier)) {
			*error = "migrate: first_extent, count and tier must be decimal numbers";
			return -EINVAL;
		}
		if (!m->count) {
			*error = "migrate: count must be at least 1";
			return -EINVAL;
		}
		m->op = SP_MSG_MIGRATE;
		return 0;
	}
	if (!strcmp(argv[0], "where")) {
		if (argc != 3 || sp_message_range(m, argv + 1)) {
			*error = "where needs <first_extent> <count>, count at least 1";
			return -EINVAL;
		}
		if (m->count > SP_WHERE_MAX) {
			*error = "where: count is at most 1024";
			return -EINVAL;
		}
		m->op = SP_MSG_WHERE;
		return 0;
	}
	if (!strcmp(argv[0], "flush")) {
		if (argc != 1) {
			*error = "flush takes no argument";
			return -EINVAL;
		}
		m->op = SP_MSG_FLUSH;
		return 0;
	}
	m->knob = sp_knob_lookup(argv[0]);
	if (m->knob < 0) {
		*error = "Unknown message: expected migrate, where, flush, evacuate or a knob";
		return -EINVAL;
	}
	if (argc != 2) {
		*error = "A policy message needs exactly one value";
		return -EINVAL;
	}
	m->op = SP_MSG_KNOB;
	if (m->knob == SP_KNOB_EVACUATE && !strcmp(argv[1], "cancel")) {
		m->value = SP_EVACUATE_NONE;
		return 0;
	}
	return sp_knob_parse(m->knob, argv[1], nr_tiers, &m->value, error);
}
