// SPDX-License-Identifier: GPL-2.0
/*
 * sp_table_parse() accepts the table lines the admin guide documents and
 * decodes them: devices, chunk_sectors given or defaulted.
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

int main(void)
{
	struct sp_table t;
	const char *err;
	int ret;

	ret = parse("1 /dev/nvme0n1 0", &t, &err);
	tap_ok(ret == 0, "minimal line \"1 /dev/nvme0n1 0\" is accepted");
	tap_ok(t.nr_devs == 1 && !strcmp(t.devs[0], "/dev/nvme0n1"),
	       "one device, its path kept");
	tap_ok(t.chunk_sectors == SP_CHUNK_SECTORS_DEFAULT &&
	       !t.chunk_sectors_set, "chunk_sectors defaults to 2048, not set");

	ret = parse("1 259:0 0", &t, &err);
	tap_ok(ret == 0 && !strcmp(t.devs[0], "259:0"),
	       "a major:minor device is accepted as it is");

	ret = parse("1 259:0 2 chunk_sectors 256", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 256 && t.chunk_sectors_set,
	       "chunk_sectors 256 is taken and marked as given");

	ret = parse("1 259:0 2 chunk_sectors 8", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 8, "smallest chunk_sectors, 8");

	ret = parse("1 259:0 2 chunk_sectors 2097152", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 2097152,
	       "largest chunk_sectors, 2097152");

	ret = parse("1 259:0 2 chunk_sectors 2048", &t, &err);
	tap_ok(ret == 0 && t.chunk_sectors == 2048 && t.chunk_sectors_set,
	       "chunk_sectors equal to the default still counts as given");

	ret = parse("4 8:0 8:16 8:32 8:48 0", &t, &err);
	tap_ok(ret == 0 && t.nr_devs == 4 && !strcmp(t.devs[3], "8:48"),
	       "four devices, the most a table takes");

	ret = parse("01 259:0 00", &t, &err);
	tap_ok(ret == 0 && t.nr_devs == 1,
	       "numbers with leading zeros are decimal numbers");

	ret = parse("1 259:0 0", &t, &err);
	tap_ok(err == NULL, "no error sentence is set on success");
	return tap_done();
}
