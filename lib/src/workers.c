// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstorproto: the storage I/O workers' statistics, read from the table
 * the module keeps in debugfs:
 *
 *   worker cpu online requests batches coalesced mean_batch queue_hwm queued
 *   0 0 1 183224 61012 1201 3.00 41 0
 *
 * Columns are found by their names in the header line, so columns that a
 * later module adds are skipped.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <linux/storproto.h>

#include "private.h"
#include "table.h"

#define SP_DEBUGFS_MAGIC	0x64626720

enum sp_wcol {
	SP_WCOL_WORKER,
	SP_WCOL_CPU,
	SP_WCOL_ONLINE,
	SP_WCOL_REQUESTS,
	SP_WCOL_BATCHES,
	SP_WCOL_COALESCED,
	SP_WCOL_MEAN_BATCH,
	SP_WCOL_QUEUE_HWM,
	SP_WCOL_QUEUED,
	SP_WCOL_NR
};

static const char *const sp_wcol_names[SP_WCOL_NR] = {
	[SP_WCOL_WORKER]	= "worker",
	[SP_WCOL_CPU]		= "cpu",
	[SP_WCOL_ONLINE]	= "online",
	[SP_WCOL_REQUESTS]	= "requests",
	[SP_WCOL_BATCHES]	= "batches",
	[SP_WCOL_COALESCED]	= "coalesced",
	[SP_WCOL_MEAN_BATCH]	= "mean_batch",
	[SP_WCOL_QUEUE_HWM]	= "queue_hwm",
	[SP_WCOL_QUEUED]	= "queued",
};

#define SP_WCOL_MAX	64	/* columns a line may have */

static const char sp_space[] = " \t\n";

/* Split @line in place into at most SP_WCOL_MAX words. */
static unsigned int sp_split(char *line, char **words)
{
	char *save = NULL, *w;
	unsigned int n = 0;

	for (w = strtok_r(line, sp_space, &save); w && n < SP_WCOL_MAX;
	     w = strtok_r(NULL, sp_space, &save))
		words[n++] = w;
	return n;
}

/* "12", "12.3" or "12.34", as hundredths. */
static int sp_parse_x100(const char *s, u64 *val)
{
	char buf[32], *dot;
	u64 whole, frac = 0;
	size_t nfrac;

	if (!sp_strlcpy(buf, s, sizeof(buf)))
		return -EINVAL;
	dot = strchr(buf, '.');
	if (dot) {
		*dot++ = '\0';
		nfrac = strlen(dot);
		if (nfrac < 1 || nfrac > 2 || sp_parse_u64(dot, &frac))
			return -EINVAL;
		if (nfrac == 1)
			frac *= 10;
	}
	if (sp_parse_u64(buf, &whole) || whole > U64_MAX / 100)
		return -EINVAL;
	*val = whole * 100 + frac;
	return 0;
}

static int sp_parse_worker(char **words, const unsigned int *col,
			   struct sp_worker *w)
{
	u64 v[SP_WCOL_NR];
	unsigned int i;

	for (i = 0; i < SP_WCOL_NR; i++) {
		const char *s = words[col[i]];

		if (i == SP_WCOL_MEAN_BATCH ? sp_parse_x100(s, &v[i]) :
		    sp_parse_u64(s, &v[i]))
			return -EPROTO;
	}
	if (v[SP_WCOL_WORKER] > UINT_MAX || v[SP_WCOL_CPU] > UINT_MAX ||
	    v[SP_WCOL_ONLINE] > 1)
		return -EPROTO;
	w->index = (unsigned int)v[SP_WCOL_WORKER];
	w->cpu = (unsigned int)v[SP_WCOL_CPU];
	w->online = (int)v[SP_WCOL_ONLINE];
	w->requests = v[SP_WCOL_REQUESTS];
	w->batches = v[SP_WCOL_BATCHES];
	w->coalesced = v[SP_WCOL_COALESCED];
	w->mean_batch_x100 = v[SP_WCOL_MEAN_BATCH];
	w->queue_hwm = v[SP_WCOL_QUEUE_HWM];
	w->queued = v[SP_WCOL_QUEUED];
	return 0;
}

/* Find the known columns in the header line. */
static int sp_parse_header(char *line, unsigned int *col,
			   unsigned int *nr_cols)
{
	char *words[SP_WCOL_MAX];
	unsigned int n, i, j;

	n = sp_split(line, words);
	for (i = 0; i < SP_WCOL_NR; i++) {
		for (j = 0; j < n; j++)
			if (!strcmp(words[j], sp_wcol_names[i]))
				break;
		if (j == n)
			return -EPROTO;
		col[i] = j;
	}
	*nr_cols = n;
	return 0;
}

static int sp_workers_parse(struct sp_ctx *ctx, FILE *f, const char *path,
			    struct sp_worker **workersp, size_t *nrp)
{
	struct sp_worker *workers = NULL, *tmp;
	unsigned int col[SP_WCOL_NR], nr_cols = 0, n;
	char *line = NULL, *words[SP_WCOL_MAX];
	size_t size = 0, nr = 0, lineno = 0;
	int ret = 0;

	while (getline(&line, &size, f) >= 0) {
		lineno++;
		if (lineno == 1) {
			ret = sp_parse_header(line, col, &nr_cols);
			if (ret) {
				sp_err(ctx, "%s: the header line does not name the columns this library knows (libstorproto %s)",
				       path, sp_version());
				goto out_free;
			}
			continue;
		}
		n = sp_split(line, words);
		if (!n)
			continue;
		if (n < nr_cols) {
			sp_err(ctx, "%s:%zu: %u columns, the header has %u",
			       path, lineno, n, nr_cols);
			ret = -EPROTO;
			goto out_free;
		}
		tmp = realloc(workers, (nr + 1) * sizeof(*workers));
		if (!tmp) {
			ret = -ENOMEM;
			goto out_free;
		}
		workers = tmp;
		ret = sp_parse_worker(words, col, &workers[nr]);
		if (ret) {
			sp_err(ctx, "%s:%zu: a column does not hold a number of its kind",
			       path, lineno);
			goto out_free;
		}
		nr++;
	}
	if (ferror(f)) {
		ret = -errno;
		sp_err(ctx, "cannot read %s: %s", path, strerror(errno));
		goto out_free;
	}
	if (!lineno) {
		sp_err(ctx, "%s is empty", path);
		ret = -EPROTO;
		goto out_free;
	}
	free(line);
	*workersp = workers;
	*nrp = nr;
	return 0;
out_free:
	free(line);
	free(workers);
	return ret;
}

/* The workers table is missing: say why. */
static int sp_workers_missing(struct sp_ctx *ctx, const char *path)
{
	const char *root = ctx->debugfs;
	char dir[PATH_MAX];
	struct statfs sfs;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/%s", root, STORPROTO_DEBUGFS_DIR);
	if (stat(root, &st))
		sp_err(ctx, "%s does not exist: no debugfs to read the workers table from",
		       root);
	else if (!stat(dir, &st))
		sp_err(ctx, "no %s: the storproto module loaded is older than this library",
		       path);
	else if (!strcmp(root, SP_DEBUGFS_DEFAULT) &&
		 (statfs(root, &sfs) || sfs.f_type != SP_DEBUGFS_MAGIC))
		sp_err(ctx, "debugfs is not mounted at %s (mount -t debugfs none %s)",
		       root, root);
	else
		sp_err(ctx, "the storproto module is not loaded (no %s)", dir);
	return -ENOENT;
}

SP_EXPORT int sp_workers_get(struct sp_ctx *ctx, struct sp_worker **workers,
			     size_t *nr)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	ret = snprintf(path, sizeof(path), "%s/%s/%s", ctx->debugfs,
		       STORPROTO_DEBUGFS_DIR, STORPROTO_DEBUGFS_WORKERS);
	if (ret < 0 || (size_t)ret >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		if (ret == -ENOENT)
			return sp_workers_missing(ctx, path);
		if (ret == -EACCES || ret == -EPERM)
			sp_err(ctx, "no permission to read %s: debugfs needs root",
			       path);
		else
			sp_err(ctx, "cannot open %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = sp_workers_parse(ctx, f, path, workers, nr);
	fclose(f);
	if (!ret)
		sp_dbg(ctx, "%s: %zu workers", path, *nr);
	return ret;
}

SP_EXPORT void sp_workers_free(struct sp_worker *workers)
{
	free(workers);
}
