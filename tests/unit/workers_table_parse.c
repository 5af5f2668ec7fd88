// SPDX-License-Identifier: GPL-2.0
/*
 * sp_workers_get() reads the workers table from a debugfs directory
 * given by STORPROTO_DEBUGFS or sp_set_debugfs(): every column of every
 * worker, columns a newer module adds or reorders, -EPROTO for a table it
 * cannot read, and -ENOENT, with the reason logged, when there is none.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include <storproto.h>

#define HEADER	"worker cpu online requests batches coalesced mean_batch queue_hwm queued\n"

static char root[64];
static char logged[512];

static void capture(struct sp_ctx *ctx, void *userdata, int priority,
		    const char *file, int line, const char *fn,
		    const char *format, va_list args)
{
	if (priority <= LOG_ERR)
		vsnprintf(logged, sizeof(logged), format, args);
}

static void write_table(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/storproto", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/storproto/workers", root);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	fputs(text, f);
	fclose(f);
}

static int read_table(struct sp_ctx *ctx, const char *text,
		      struct sp_worker **ws, size_t *nr)
{
	write_table(text);
	*ws = NULL;
	*nr = 0;
	logged[0] = '\0';
	return sp_workers_get(ctx, ws, nr);
}

int main(void)
{
	static const struct {
		const char *text, *what;
	} bad[] = {
		{ "", "an empty file" },
		{ "worker cpu online requests\n0 0 1 5\n", "a header without the known columns" },
		{ HEADER "0 0 1 1234 100 20 12.34 32\n", "a line with a column missing" },
		{ HEADER "0 0 1 x 100 20 12.34 32 0\n", "a column that is no number" },
		{ HEADER "0 0 2 1234 100 20 12.34 32 0\n", "online other than 0 or 1" },
		{ HEADER "0 0 1 1234 100 20 12.345 32 0\n", "mean_batch with three decimals" },
		{ HEADER "0 0 1 1234 100 20 12. 32 0\n", "mean_batch with a bare point" },
		{ HEADER "0 0 1 -1 100 20 1.00 32 0\n", "a negative number" },
	};
	struct sp_worker *ws;
	struct sp_ctx *ctx;
	char path[128];
	unsigned int i;
	size_t nr;
	int ret;

	snprintf(root, sizeof(root), "/tmp/sp-unit-debugfs.XXXXXX");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	setenv("STORPROTO_DEBUGFS", root, 1);
	if (sp_new(&ctx))
		return EXIT_FAILURE;
	sp_set_log_fn(ctx, capture, NULL);
	tap_ok(!strcmp(sp_get_debugfs(ctx), root),
	       "STORPROTO_DEBUGFS sets where debugfs is looked for");

	ret = read_table(ctx, HEADER
			 "0 0 1 1234 100 20 12.34 32 0\n"
			 "1 1 0 18446744073709551615 7 0 0.50 1 3\n", &ws, &nr);
	tap_ok(ret == 0 && nr == 2, "the sample table holds two workers");
	tap_ok(ret == 0 && ws[0].index == 0 && ws[0].cpu == 0 &&
	       ws[0].online == 1 && ws[0].requests == 1234 &&
	       ws[0].batches == 100 && ws[0].coalesced == 20 &&
	       ws[0].mean_batch_x100 == 1234 && ws[0].queue_hwm == 32 &&
	       ws[0].queued == 0, "worker 0: every column read");
	tap_ok(ret == 0 && ws[1].index == 1 && ws[1].online == 0 &&
	       ws[1].requests == 18446744073709551615ULL &&
	       ws[1].mean_batch_x100 == 50 && ws[1].queued == 3,
	       "worker 1: offline, largest counter, mean 0.50");
	sp_workers_free(ws);

	ret = read_table(ctx, "worker cpu online requests batches coalesced mean_batch queue_hwm queued latency_us\n"
			 "0 3 1 10 5 1 2.00 4 0 17\n", &ws, &nr);
	tap_ok(ret == 0 && nr == 1 && ws[0].cpu == 3 &&
	       ws[0].mean_batch_x100 == 200 && ws[0].queued == 0,
	       "an appended column is skipped");
	sp_workers_free(ws);

	ret = read_table(ctx, "cpu worker queued online requests batches coalesced mean_batch queue_hwm\n"
			 "5 2 9 1 10 5 1 2 4\n", &ws, &nr);
	tap_ok(ret == 0 && nr == 1 && ws[0].cpu == 5 && ws[0].index == 2 &&
	       ws[0].queued == 9 && ws[0].mean_batch_x100 == 200,
	       "columns are found by name, in any order; mean 2 reads as 2.00");
	sp_workers_free(ws);

	ret = read_table(ctx, HEADER "0 0 1 1 1 0 1.5 1 0\n\n", &ws, &nr);
	tap_ok(ret == 0 && nr == 1 && ws[0].mean_batch_x100 == 150,
	       "one decimal (1.5) and a blank last line are accepted");
	sp_workers_free(ws);

	ret = read_table(ctx, HEADER, &ws, &nr);
	tap_ok(ret == 0 && nr == 0 && ws == NULL,
	       "a header alone is a table of no workers");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = read_table(ctx, bad[i].text, &ws, &nr);
		if (!tap_ok(ret == -EPROTO && logged[0],
			    "%s: -EPROTO, logged", bad[i].what))
			tap_diag("got %d", ret);
		if (!ret)
			sp_workers_free(ws);
	}

	snprintf(path, sizeof(path), "%s/storproto/workers", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/storproto", root);
	rmdir(path);
	logged[0] = '\0';
	ret = sp_workers_get(ctx, &ws, &nr);
	tap_ok(ret == -ENOENT && strstr(logged, "module is not loaded"),
	       "no storproto directory: -ENOENT, \"module is not loaded\" logged");

	tap_ok(sp_set_debugfs(ctx, "/nonexistent/debugfs") == 0,
	       "sp_set_debugfs() takes another directory");
	logged[0] = '\0';
	ret = sp_workers_get(ctx, &ws, &nr);
	tap_ok(ret == -ENOENT && strstr(logged, "does not exist"),
	       "a debugfs directory that does not exist: -ENOENT, logged");

	tap_ok(sp_set_debugfs(ctx, "") == -EINVAL,
	       "sp_set_debugfs(\"\") is -EINVAL");
	tap_ok(sp_set_debugfs(ctx, NULL) == 0 &&
	       !strcmp(sp_get_debugfs(ctx), "/sys/kernel/debug"),
	       "sp_set_debugfs(NULL) restores /sys/kernel/debug");

	rmdir(root);
	sp_unref(ctx);
	return tap_done();
}
