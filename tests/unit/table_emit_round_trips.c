// SPDX-License-Identifier: GPL-2.0
/*
 * sp_table_emit() reproduces the constructor line: a parsed line emits as
 * it was given (the device as dm names it), the emitted line parses to the
 * same table, and a short buffer gives -ENOSPC, never a cut line.
 */
#include "tap.h"
#include "table.h"

static int parse(const char *line, char *buf, size_t size, struct sp_table *t)
{
	char *argv[64];
	const char *err;
	unsigned int argc = tap_split(line, buf, size, argv, 64);

	return sp_table_parse(t, argc, argv, &err);
}

static bool same_table(const struct sp_table *a, const struct sp_table *b)
{
	unsigned int i;

	if (a->nr_devs != b->nr_devs || a->chunk_sectors != b->chunk_sectors ||
	    a->chunk_sectors_set != b->chunk_sectors_set)
		return false;
	for (i = 0; i < a->nr_devs; i++)
		if (strcmp(a->devs[i], b->devs[i]))
			return false;
	return true;
}

static const char *const lines[] = {
	"1 259:0 0",
	"1 259:0 2 chunk_sectors 256",
	"1 259:0 2 chunk_sectors 2048",
	"1 8:16 2 chunk_sectors 2097152",
	"4 8:0 8:16 8:32 8:48 2 chunk_sectors 8",
};

int main(void)
{
	char in[256], again[256], out[256], small[64];
	struct sp_table t, t2;
	const char *names[1] = { "259:0" };
	unsigned int i;
	size_t size;
	int len, ret;
	bool all;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		ret = parse(lines[i], in, sizeof(in), &t);
		len = sp_table_emit(&t, t.devs, out, sizeof(out));
		tap_ok(ret == 0 && len == (int)strlen(lines[i]) &&
		       !strcmp(out, lines[i]), "\"%s\" emits as given",
		       lines[i]);
		ret = parse(out, again, sizeof(again), &t2);
		tap_ok(ret == 0 && same_table(&t, &t2),
		       "\"%s\" parses back to the same table", out);
	}

	ret = parse("1 /dev/nvme0n1 0", in, sizeof(in), &t);
	len = sp_table_emit(&t, names, out, sizeof(out));
	tap_ok(ret == 0 && len > 0 && !strcmp(out, "1 259:0 0"),
	       "a device given by path is emitted by the name dm gives it");

	/* A table built by hand with a non-default chunk size. */
	memset(&t, 0, sizeof(t));
	t.nr_devs = 1;
	t.devs[0] = "259:0";
	t.chunk_sectors = 512;
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	tap_ok(len > 0 && !strcmp(out, "1 259:0 2 chunk_sectors 512"),
	       "a chunk size other than the default is always emitted");

	ret = parse("1 259:0 2 chunk_sectors 256", in, sizeof(in), &t);
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	all = ret == 0;
	for (size = 1; size <= (size_t)len; size++)
		all &= sp_table_emit(&t, t.devs, small, size) == -ENOSPC;
	tap_ok(all, "every buffer shorter than the line + NUL gives -ENOSPC");
	tap_ok(sp_table_emit(&t, t.devs, small, (size_t)len + 1) == len &&
	       !strcmp(small, out), "a buffer of exactly line + NUL is enough");
	return tap_done();
}
