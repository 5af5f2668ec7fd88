// SPDX-License-Identifier: GPL-2.0
/*
 * sp_table_emit() reproduces the constructor line: a parsed line emits as
 * it was given (the device as dm names it, the optional arguments in
 * their canonical order), the emitted line parses to the same table,
 * "format" is never emitted, and a short buffer gives -ENOSPC, never a cut
 * line.
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

/* Every field but format, which only acts once. */
static bool same_table(const struct sp_table *a, const struct sp_table *b)
{
	unsigned int i;

	if (a->nr_devs != b->nr_devs || a->passthrough != b->passthrough ||
	    a->chunk_sectors != b->chunk_sectors ||
	    a->chunk_sectors_set != b->chunk_sectors_set ||
	    a->extent_sectors != b->extent_sectors ||
	    a->capacity_mask != b->capacity_mask)
		return false;
	for (i = 0; i < a->nr_devs; i++)
		if (strcmp(a->devs[i], b->devs[i]))
			return false;
	return true;
}

/* Lines in canonical form: they emit exactly as given. */
static const char *const lines[] = {
	"1 259:0 0",
	"3 259:0 259:1 259:2 0",
	"2 259:0 259:1 2 extent_sectors 256",
	"1 259:0 2 extent_sectors 2048",
	"3 8:0 8:16 8:32 2 capacity_tiers 0,2",
	"4 8:0 8:16 8:32 8:48 4 extent_sectors 2097152 capacity_tiers 1,2,3",
	"4 8:0 8:16 8:32 8:48 2 capacity_tiers 0,1,2,3",
	"1 259:0 1 passthrough",
	"1 259:0 3 passthrough chunk_sectors 256",
	"1 259:0 3 passthrough chunk_sectors 2048",
	"1 8:16 3 passthrough chunk_sectors 2097152",
	"1 8:16 3 passthrough chunk_sectors 8",
};

/* Lines in another order, or with format: what they emit. */
static const struct {
	const char *in, *out;
} reordered[] = {
	{ "1 8:0 4 capacity_tiers 0 extent_sectors 128",
	  "1 8:0 4 extent_sectors 128 capacity_tiers 0" },
	{ "3 8:0 8:16 8:32 2 capacity_tiers 2,0", "3 8:0 8:16 8:32 2 capacity_tiers 0,2" },
	{ "1 8:0 3 chunk_sectors 256 passthrough", "1 8:0 3 passthrough chunk_sectors 256" },
	{ "2 8:0 8:16 1 format", "2 8:0 8:16 0" },
	{ "2 8:0 8:16 3 format extent_sectors 256", "2 8:0 8:16 2 extent_sectors 256" },
	{ "3 8:0 8:16 8:32 5 capacity_tiers 1 format extent_sectors 512",
	  "3 8:0 8:16 8:32 4 extent_sectors 512 capacity_tiers 1" },
};

int main(void)
{
	char in[256], again[256], out[256], small[128];
	struct sp_table t, t2;
	const char *names[2] = { "259:0", "259:1" };
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

	for (i = 0; i < ARRAY_SIZE(reordered); i++) {
		ret = parse(reordered[i].in, in, sizeof(in), &t);
		len = sp_table_emit(&t, t.devs, out, sizeof(out));
		if (!tap_ok(ret == 0 && len > 0 && !strcmp(out, reordered[i].out),
			    "\"%s\" emits as \"%s\"", reordered[i].in,
			    reordered[i].out))
			tap_diag("got %d \"%s\"", len, len > 0 ? out : "");
		ret = parse(out, again, sizeof(again), &t2);
		tap_ok(ret == 0 && same_table(&t, &t2) && !t2.format &&
		       !strstr(out, "format"),
		       "\"%s\" parses back to the same table, without format", out);
	}

	ret = parse("1 /dev/nvme0n1 0", in, sizeof(in), &t);
	len = sp_table_emit(&t, names, out, sizeof(out));
	tap_ok(ret == 0 && len > 0 && !strcmp(out, "1 259:0 0"),
	       "a device given by path is emitted by the name dm gives it");

	ret = parse("2 /dev/pmem0 /dev/nvme0n1 2 capacity_tiers 1", in, sizeof(in), &t);
	len = sp_table_emit(&t, names, out, sizeof(out));
	tap_ok(ret == 0 && len > 0 && !strcmp(out, "2 259:0 259:1 2 capacity_tiers 1"),
	       "tiers given by path are emitted by their dm names, in order");

	/* Tables built by hand. */
	memset(&t, 0, sizeof(t));
	t.nr_devs = 1;
	t.devs[0] = "259:0";
	t.passthrough = true;
	t.chunk_sectors = 512;
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	tap_ok(len > 0 && !strcmp(out, "1 259:0 3 passthrough chunk_sectors 512"),
	       "a passthrough chunk size other than the default is always emitted");

	t.passthrough = false;
	t.chunk_sectors_set = true;
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	tap_ok(len > 0 && !strcmp(out, "1 259:0 0"),
	       "a tiered table never emits chunk_sectors");

	t.format = true;
	t.extent_sectors = 4096;
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	tap_ok(len > 0 && !strcmp(out, "1 259:0 2 extent_sectors 4096"),
	       "a table that asks for format emits without it");

	t.format = false;
	t.passthrough = true;
	t.chunk_sectors = SP_CHUNK_SECTORS_DEFAULT;
	t.chunk_sectors_set = false;
	len = sp_table_emit(&t, t.devs, out, sizeof(out));
	tap_ok(len > 0 && !strcmp(out, "1 259:0 1 passthrough"),
	       "a passthrough table emits no tiered argument");

	all = true;
	for (i = 0; i < 2; i++) {
		const char *line = i ? "1 259:0 3 passthrough chunk_sectors 256" :
			"4 8:0 8:16 8:32 8:48 4 extent_sectors 2097152 capacity_tiers 0,1,2,3";

		ret = parse(line, in, sizeof(in), &t);
		len = sp_table_emit(&t, t.devs, out, sizeof(out));
		all &= ret == 0 && len == (int)strlen(line);
		for (size = 1; size <= (size_t)len; size++)
			all &= sp_table_emit(&t, t.devs, small, size) == -ENOSPC;
		all &= sp_table_emit(&t, t.devs, small, (size_t)len + 1) == len &&
		       !strcmp(small, out);
	}
	tap_ok(all, "every buffer shorter than the line + NUL gives -ENOSPC, line + NUL is enough");
	return tap_done();
}
