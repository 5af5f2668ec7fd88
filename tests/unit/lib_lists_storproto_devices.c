// SPDX-License-Identifier: GPL-2.0
/*
 * sp_dm_list() and sp_dm_get() over a stand-in libdevmapper (fake/dm.c):
 * only devices with a storproto target are listed, sorted by name, each
 * storproto segment of a mixed table reported with its place; devices that
 * vanish are skipped; a missing device is -ENOENT, another kind of device
 * -EMEDIUMTYPE; a reload between table and status is read again, and
 * -EAGAIN when it keeps happening; an undecodable status is -EPROTO; no
 * device-mapper is -ENODEV; libdevmapper's log function is ours only
 * while a call runs.
 */
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "fake/dm.h"
#include <storproto.h>

static char scenario[] = "/tmp/sp-unit-fake-dm.XXXXXX";
static char logged[512];

static void capture(struct sp_ctx *ctx, void *userdata, int priority,
		    const char *file, int line, const char *fn,
		    const char *format, va_list args)
{
	if (priority <= LOG_ERR)
		vsnprintf(logged, sizeof(logged), format, args);
}

static void use(const char *text)
{
	FILE *f = fopen(scenario, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(scenario);
		exit(EXIT_FAILURE);
	}
	fake_dm_reset();
	logged[0] = '\0';
}

#define STATUS(n)	"passthrough " n " 2 3 4 5 6 7 8 9 10"
#define TIERED(n)	"tiered " n " 2 3 4 5 6 7 8 9 10 2 1/8 0/0 0 0 1 1 3 0 0 ok"
#define PT		"1 259:0 1 passthrough"

static const char devices[] =
	"target linear 1 4 0\n"
	"target storproto 1 0 0\n"
	"device zeta 253 1 - 0 0\n"
	"table 0 2048 storproto 2 259:0 259:1 0\n"
	"status 0 2048 storproto " TIERED("11") "\n"
	"device lin 253 2 - 0 0\n"
	"table 0 2048 linear 8:0 0\n"
	"status 0 2048 linear\n"
	"device alpha 253 0 STORPROTO-alpha 2 1\n"
	"table 0 1000 storproto 1 259:0 3 passthrough chunk_sectors 256\n"
	"table 1000 500 linear 8:16 0\n"
	"table 1500 4000 storproto 1 259:1 1 passthrough\n"
	"status 0 1000 storproto " STATUS("21") "\n"
	"status 1000 500 linear\n"
	"status 1500 4000 storproto " STATUS("31") " 99\n"
	"device gone 253 3 - 0 0\n"
	"vanish\n"
	"table 0 8 storproto " PT "\n"
	"status 0 8 storproto " STATUS("1") "\n";

int main(void)
{
	struct sp_dm_dev *devs, *dev;
	struct sp_ctx *ctx;
	unsigned int v[3];
	size_t nr;
	int fd, ret;

	fd = mkstemp(scenario);
	if (fd < 0)
		return EXIT_FAILURE;
	close(fd);
	setenv("SP_FAKE_DM", scenario, 1);
	if (sp_new(&ctx))
		return EXIT_FAILURE;
	sp_set_log_fn(ctx, capture, NULL);

	use(devices);
	ret = sp_dm_list(ctx, &devs, &nr);
	tap_ok(ret == 0 && nr == 2, "two of four devices are storproto devices");
	tap_ok(ret == 0 && nr == 2 && !strcmp(devs[0].name, "alpha") &&
	       !strcmp(devs[1].name, "zeta"), "listed by name: alpha, zeta");
	if (ret == 0 && nr == 2) {
		const struct sp_dm_dev *a = &devs[0];

		tap_ok(a->major == 253 && a->minor == 0 &&
		       !strcmp(a->uuid, "STORPROTO-alpha") &&
		       a->open_count == 2 && a->suspended == 1,
		       "alpha: number, uuid, open count, suspended");
		tap_ok(a->nr_table_targets == 3 && a->nr_targets == 2 &&
		       a->size == 5500,
		       "alpha: 3 targets, 2 of them storproto, 5500 sectors");
		tap_ok(a->targets[0].start == 0 && a->targets[0].length == 1000 &&
		       a->targets[0].passthrough &&
		       a->targets[0].chunk_sectors == 256 &&
		       a->targets[0].counters[SP_COUNTER_READS] == 21,
		       "alpha target 0: sectors 0+1000, its table and status");
		tap_ok(a->targets[1].start == 1500 &&
		       a->targets[1].length == 4000 &&
		       !strcmp(a->targets[1].devs[0], "259:1") &&
		       a->targets[1].counters[SP_COUNTER_READS] == 31 &&
		       a->targets[1].nr_counters == 11 &&
		       a->targets[1].counters[10] == 99,
		       "alpha target 1: sectors 1500+4000, status of its own, appended counter kept");
		tap_ok(devs[1].nr_targets == 1 && devs[1].uuid[0] == '\0' &&
		       devs[1].targets[0].counters[SP_COUNTER_READS] == 11,
		       "zeta: one target, no uuid");
		tap_ok(devs[1].nr_targets == 1 && devs[1].targets[0].nr_devs == 2 &&
		       !devs[1].targets[0].passthrough &&
		       devs[1].targets[0].nr_tiers == 2 &&
		       devs[1].targets[0].tiers[0].total == 8 &&
		       !strcmp(devs[1].targets[0].state, "ok"),
		       "zeta: a tiered target, its tier fields decoded");
	} else {
		tap_ok(false, "alpha: number, uuid, open count, suspended");
		tap_ok(false, "alpha: 3 targets, 2 of them storproto, 5500 sectors");
		tap_ok(false, "alpha target 0: sectors 0+1000, its table and status");
		tap_ok(false, "alpha target 1: sectors 1500+4000, status of its own, appended counter kept");
		tap_ok(false, "zeta: one target, no uuid");
		tap_ok(false, "zeta: a tiered target, its tier fields decoded");
	}
	if (!ret)
		sp_dm_list_free(devs, nr);
	tap_ok(fake_dm_log_fn_during_run && !fake_dm_log_fn_set,
	       "libdevmapper logs to the library during the call, its default is back after");

	ret = sp_dm_get(ctx, "zeta", &dev);
	tap_ok(ret == 0 && !strcmp(dev->name, "zeta") && dev->nr_targets == 1,
	       "sp_dm_get(zeta) reads it");
	if (!ret)
		sp_dm_dev_free(dev);
	tap_ok(sp_dm_get(ctx, "lin", &dev) == -EMEDIUMTYPE,
	       "sp_dm_get() of a linear device is -EMEDIUMTYPE");
	tap_ok(sp_dm_get(ctx, "nosuch", &dev) == -ENOENT,
	       "sp_dm_get() of a name no device has is -ENOENT");
	tap_ok(sp_dm_get(ctx, "gone", &dev) == -ENOENT,
	       "sp_dm_get() of a device removed meanwhile is -ENOENT");
	tap_ok(sp_dm_get(ctx, "", &dev) == -EINVAL,
	       "sp_dm_get() of an empty name is -EINVAL");
	tap_ok(sp_dm_target_version(ctx, v) == 0 && v[0] == 1 && v[1] == 0 &&
	       v[2] == 0, "sp_dm_target_version() finds storproto 1.0.0");

	use("device one 253 0 - 0 0\n"
	    "table 0 8 storproto " PT "\n"
	    "status 0 8 storproto " STATUS("1") "\n"
	    "flaky 2\n");
	ret = sp_dm_get(ctx, "one", &dev);
	tap_ok(ret == 0, "a reload between table and status twice: read again, then read");
	if (!ret)
		sp_dm_dev_free(dev);
	use("device one 253 0 - 0 0\n"
	    "table 0 8 storproto " PT "\n"
	    "status 0 8 storproto " STATUS("1") "\n"
	    "flaky 100\n");
	ret = sp_dm_get(ctx, "one", &dev);
	tap_ok(ret == -EAGAIN && strstr(logged, "kept changing"),
	       "a table that keeps changing: -EAGAIN, logged");

	use("device bad 253 0 - 0 0\n"
	    "table 0 8 storproto " PT "\n"
	    "status 0 8 storproto passthrough 1 2\n");
	ret = sp_dm_list(ctx, &devs, &nr);
	tap_ok(ret == -EPROTO && strstr(logged, "device bad"),
	       "a status line that cannot be decoded: -EPROTO, the device named in the log");
	ret = sp_dm_get(ctx, "bad", &dev);
	tap_ok(ret == -EPROTO, "sp_dm_get() of it: -EPROTO");

	use("device lin 253 2 - 0 0\ntable 0 8 linear 8:0 0\nstatus 0 8 linear\n");
	ret = sp_dm_list(ctx, &devs, &nr);
	tap_ok(ret == 0 && nr == 0 && devs == NULL,
	       "no storproto device: 0, an empty list");
	tap_ok(sp_dm_target_version(ctx, v) == -ENOENT,
	       "sp_dm_target_version() without target storproto is -ENOENT");

	use("runerr list 5\n");
	ret = sp_dm_list(ctx, &devs, &nr);
	tap_ok(ret == -EIO && logged[0], "a failing list request: its errno, logged");
	use("device one 253 0 - 0 0\ntable 0 8 storproto " PT "\n"
	    "status 0 8 storproto " STATUS("1") "\nrunerr status 13\n");
	tap_ok(sp_dm_get(ctx, "one", &dev) == -EACCES && strstr(logged, "root"),
	       "no permission for the status request: -EACCES, \"run as root\" logged");

	use("nodm\n");
	ret = sp_dm_list(ctx, &devs, &nr);
	tap_ok(ret == -ENODEV && strstr(logged, "not available"),
	       "no device-mapper: sp_dm_list() is -ENODEV, logged");
	tap_ok(sp_dm_get(ctx, "one", &dev) == -ENODEV,
	       "no device-mapper: sp_dm_get() is -ENODEV");
	tap_ok(sp_dm_target_version(ctx, v) == -ENODEV,
	       "no device-mapper: sp_dm_target_version() is -ENODEV");
	tap_ok(!fake_dm_log_fn_set, "libdevmapper's default log function is back");

	unlink(scenario);
	sp_unref(ctx);
	return tap_done();
}
