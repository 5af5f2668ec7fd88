// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * dm table parsing for target "storproto". Pure logic: this file builds in
 * the module, in libstorproto and in the unit tests.
 */
#include "table.h"

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

static int sp_parse_opt_args(struct sp_table *t, unsigned int argc,
			     char **argv, const char **error)
{
	unsigned int i = 0;
	u64 v;

	while (i < argc) {
		const char *key = argv[i++];

		if (!strcmp(key, "chunk_sectors")) {
			if (t->chunk_sectors_set) {
				*error = "Optional argument chunk_sectors given twice";
				return -EINVAL;
			}
			if (i >= argc) {
				*error = "Optional argument chunk_sectors needs a value";
				return -EINVAL;
			}
			if (sp_parse_u64(argv[i++], &v) || !is_power_of_2(v) ||
			    v < SP_CHUNK_SECTORS_MIN || v > SP_CHUNK_SECTORS_MAX) {
				*error = "Invalid chunk_sectors: must be a power of two from 8 to 2097152";
				return -EINVAL;
			}
			t->chunk_sectors = (u32)v;
			t->chunk_sectors_set = true;
		} else {
			*error = "Unknown optional argument";
			return -EINVAL;
		}
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
	bool opt = t->chunk_sectors_set ||
		   t->chunk_sectors != SP_CHUNK_SECTORS_DEFAULT;
	size_t len = 0;
	unsigned int j;

	if (sp_append(buf, size, &len, "%u", t->nr_devs))
		return -ENOSPC;
	for (j = 0; j < t->nr_devs; j++)
		if (sp_append(buf, size, &len, " %s", dev_names[j]))
			return -ENOSPC;
	if (sp_append(buf, size, &len, " %u", opt ? 2 : 0))
		return -ENOSPC;
	if (opt && sp_append(buf, size, &len, " chunk_sectors %u",
			     t->chunk_sectors))
		return -ENOSPC;
	return (int)len;
}
