// SPDX-License-Identifier: GPL-2.0
/*
 * sp_table_parse() accepts the table lines the admin guide documents and
 * decodes them: the tiered form (1 to 4 tiers, format, extent_sectors,
 * capacity_tiers, each optional) and the passthrough form (one device,
 * chunk_sectors given or defaulted).
 */
#include "tap.h"
#include "table.h"

static int parse(const char *line, struct sp_table *t, const char **err)
{
	static char buf[512];
	char *argv[64];
	unsigned int argc = tap_split(line, buf, sizeof(buf), argv, 64);

	*err = NULL;
	return sp_table_parse(t, argc, argv, err);
}

/* Nothing of the other form is set. */
static bool plain_tiered(const struct sp_table *t)
{
	return !t->passthrough && !t->chunk_sectors_set &&
	       t->chunk_sectors == SP_CHUNK_SECTORS_DEFAULT;
}

static bool plain_passthrough(const struct sp_table *t)
{
	return t->passthrough && !t->format && !t->extent_sectors &&
	       !t->capacity_mask;
}

int main(void)
{
	struct sp_table t;
	const char *err;
	int ret;

	/* The tiered form, the default. */
	ret = parse("1 /dev/nvme0n1 0", &t, &err);
	tap_ok(ret == 0, "minimal line \"1 /dev/nvme0n1 0\" is accepted");
	tap_ok(ret == 0 && t.nr_devs == 1 && !strcmp(t.devs[0], "/dev/nvme0n1"),
	       "one device, its path kept");
	tap_ok(ret == 0 && plain_tiered(&t) && !t.format &&
	       !t.extent_sectors && !t.capacity_mask,
	       "no optional argument: a tiered device, nothing given");

	ret = parse("1 259:0 0", &t, &err);
	tap_ok(ret == 0 && !strcmp(t.devs[0], "259:0"),
	       "a major:minor device is accepted as it is");

	ret = parse("3 /dev/pmem0 /dev/nvme0n1 /dev/nvme1n1 0", &t, &err);
	tap_ok(ret == 0 && t.nr_devs == 3 && !strcmp(t.devs[0], "/dev/pmem0") &&
	       !strcmp(t.devs[1], "/dev/nvme0n1") &&
	       !strcmp(t.devs[2], "/dev/nvme1n1") && plain_tiered(&t),
	       "three tiers, fastest first, kept in order");

	ret = parse("4 8:0 8:16 8:32 8:48 0", &t, &err);
	tap_ok(ret == 0 && t.nr_devs == 4 && !strcmp(t.devs[3], "8:48"),
	       "four tiers, the most a table takes");

	ret = parse("2 8:0 8:16 1 format", &t, &err);
	tap_ok(ret == 0 && t.format && plain_tiered(&t) && !t.extent_sectors,
	       "format alone");

	ret = parse("2 8:0 8:16 2 extent_sectors 128", &t, &err);
	tap_ok(ret == 0 && t.extent_sectors == 128 && !t.format,
	       "smallest extent_sectors, 128");

	ret = parse("2 8:0 8:16 2 extent_sectors 2097152", &t, &err);
	tap_ok(ret == 0 && t.extent_sectors == 2097152,
	       "largest extent_sectors, 2097152");

	ret = parse("1 8:0 2 extent_sectors 2048", &t, &err);
	tap_ok(ret == 0 && t.extent_sectors == 2048,
	       "extent_sectors equal to the default is kept as given");

	ret = parse("3 8:0 8:16 8:32 2 capacity_tiers 0,2", &t, &err);
	tap_ok(ret == 0 && t.capacity_mask == 0x5,
	       "capacity_tiers 0,2: tiers 0 and 2 (mask 0x5)");

	ret = parse("4 8:0 8:16 8:32 8:48 2 capacity_tiers 3,1,2,0", &t, &err);
	tap_ok(ret == 0 && t.capacity_mask == 0xf,
	       "capacity_tiers in any order, every tier of four");

	ret = parse("2 8:0 8:16 2 capacity_tiers 1", &t, &err);
	tap_ok(ret == 0 && t.capacity_mask == 0x2,
	       "capacity_tiers 1: the last of two tiers only");

	ret = parse("3 8:0 8:16 8:32 5 capacity_tiers 1,2 format extent_sectors 512",
		    &t, &err);
	tap_ok(ret == 0 && t.format && t.extent_sectors == 512 &&
	       t.capacity_mask == 0x6 && plain_tiered(&t),
	       "every tiered argument together, in any order");

	/* The passthrough form. */
	ret = parse("1 259:0 1 passthrough", &t, &err);
	tap_ok(ret == 0 && plain_passthrough(&t) &&
	       t.chunk_sectors == SP_CHUNK_SECTORS_DEFAULT && !t.chunk_sectors_set,
	       "passthrough alone: chunk_sectors defaults to 2048, not set");

	ret = parse("1 259:0 3 passthrough chunk_sectors 256", &t, &err);
	tap_ok(ret == 0 && plain_passthrough(&t) && t.chunk_sectors == 256 &&
	       t.chunk_sectors_set,
	       "chunk_sectors 256 is taken and marked as given");

	ret = parse("1 259:0 3 chunk_sectors 256 passthrough", &t, &err);
	tap_ok(ret == 0 && t.passthrough && t.chunk_sectors == 256,
	       "chunk_sectors before passthrough is accepted too");

	ret = parse("1 259:0 3 passthrough chunk_sectors 8", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 8, "smallest chunk_sectors, 8");

	ret = parse("1 259:0 3 passthrough chunk_sectors 2097152", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 2097152,
	       "largest chunk_sectors, 2097152");

	ret = parse("1 259:0 3 passthrough chunk_sectors 2048", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 2048 && t.chunk_sectors_set,
	       "chunk_sectors equal to the default still counts as given");

	ret = parse("01 259:0 00", &t, &err);
	tap_ok(ret == 0 && t.nr_devs == 1,
	       "numbers with leading zeros are decimal numbers");

	ret = parse("1 259:0 2 extent_sectors 0128", &t, &err);
	tap_ok(ret == 0 && t.extent_sectors == 128,
	       "an extent size with a leading zero is a decimal number");

	ret = parse("1 259:0 0", &t, &err);
	tap_ok(err == NULL, "no error sentence is set on success");
	return tap_done();
}
