// SPDX-License-Identifier: GPL-2.0
/*
 * The library never prints on its own: with no log function set, calls
 * that fail (bad lines, no workers table, and device-mapper requests,
 * whether or not this machine has device-mapper) write nothing to stdout
 * or stderr, libdevmapper's messages included.
 *
 * libdevmapper creates its control node when it is missing and it runs as
 * root; DM_DEV_DIR points it at a directory of this test's, removed after.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include <storproto.h>

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	char devdir[] = "/tmp/sp-unit-dev.XXXXXX";
	char path[] = "/tmp/sp-unit-output.XXXXXX";
	int fd, out, err, ret_list, ret_get, ret_ver;
	unsigned int v[3];
	struct sp_dm_dev *devs, *dev;
	struct sp_worker *ws;
	struct sp_dm_target t;
	struct sp_ctx *ctx;
	struct stat st;
	size_t nr;

	fd = mkstemp(path);
	if (fd < 0 || !mkdtemp(devdir))
		return EXIT_FAILURE;
	setenv("DM_DEV_DIR", devdir, 1);
	unlink(path);
	setenv("STORPROTO_LOG", "debug", 1);
	setenv("STORPROTO_DEBUGFS", "/nonexistent", 1);
	if (sp_new(&ctx))
		return EXIT_FAILURE;

	fflush(stdout);
	fflush(stderr);
	out = dup(STDOUT_FILENO);
	err = dup(STDERR_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);

	sp_dm_decode(ctx, "bad", "bad", &t);
	sp_workers_get(ctx, &ws, &nr);
	ret_list = sp_dm_list(ctx, &devs, &nr);
	if (!ret_list)
		sp_dm_list_free(devs, nr);
	ret_get = sp_dm_get(ctx, "sp-unit-no-such-device", &dev);
	if (!ret_get)
		sp_dm_dev_free(dev);
	ret_ver = sp_dm_target_version(ctx, v);

	fflush(stdout);
	fflush(stderr);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	close(out);
	close(err);

	tap_diag("sp_dm_list %d, sp_dm_get %d, sp_dm_target_version %d",
		 ret_list, ret_get, ret_ver);
	tap_ok(fstat(fd, &st) == 0 && st.st_size == 0,
	       "nothing printed at STORPROTO_LOG=debug without a log function");
	tap_ok(ret_get < 0, "sp_dm_get() of a device that does not exist fails");
	close(fd);
	nftw(devdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	sp_unref(ctx);
	return tap_done();
}
