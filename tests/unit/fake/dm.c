// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the part of libdevmapper that libstorproto uses, so that
 * the unit tests can exercise device listing and decoding without a
 * kernel. The devices come from a scenario file named by SP_FAKE_DM, read
 * afresh by every dm_task_create(); one directive a line:
 *
 *   nodm                          no device-mapper: dm_task_create() fails
 *   runerr <list|table|status|versions> <errno>   that request fails
 *   target <name> <major> <minor> <patch>         a registered dm target
 *   device <name> <major> <minor> <uuid|-> <open_count> <suspended>
 *   table <start> <length> <type> [params...]     a target of the device
 *   status <start> <length> <type> [params...]    its status
 *   flaky <n>        the device's status shows another layout n times
 *   vanish           the device is listed but gone when read
 *
 * It also records what libstorproto does with libdevmapper's log function
 * (fake_dm_log_fn_set, fake_dm_log_fn_during_run).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdevmapper.h>

#include "dm.h"

#define FAKE_MAX	16

struct fake_target {
	uint64_t start, length;
	char type[32];
	char params[1024];		/* a tiered status line of 4 tiers fits */
};

struct fake_device {
	char name[128], uuid[129];
	unsigned int major, minor, open_count, suspended, flaky;
	bool vanish;
	unsigned int nr_table, nr_status;
	struct fake_target table[FAKE_MAX], status[FAKE_MAX];
};

struct dm_task {
	int type;
	char name[128];
	int err;
	struct fake_device *dev;	/* the device of a TABLE/STATUS task */
	struct fake_target *targets;
	unsigned int nr_targets;
	struct fake_target flaky[FAKE_MAX + 1];
	void *buf;			/* names or versions */
	struct fake_device devs[FAKE_MAX];
	unsigned int nr_devs;
	char runerr[4][16];
	int runerrno[4];
	unsigned int nr_runerr;
};

struct fake_version {
	char name[32];
	uint32_t v[3];
};

static dm_log_with_errno_fn fake_log_fn;
bool fake_dm_log_fn_set;
bool fake_dm_log_fn_during_run;
static unsigned int fake_flaky_seen;

void dm_log_with_errno_init(dm_log_with_errno_fn fn)
{
	fake_log_fn = fn;
	fake_dm_log_fn_set = fn != NULL;
}

int dm_set_dev_dir(const char *dir)
{
	return 1;
}

const char *dm_dir(void)
{
	return "/nonexistent-sp-fake-dm";
}

static int fake_load(struct dm_task *t, struct fake_version *vers,
		     unsigned int *nr_vers)
{
	const char *path = getenv("SP_FAKE_DM");
	char line[1280], word[64];
	struct fake_device *d = NULL;
	struct fake_target *tg;
	bool nodm = false;
	int n;
	FILE *f;

	*nr_vers = 0;
	f = path ? fopen(path, "r") : NULL;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%63s%n", word, &n) != 1)
			continue;
		if (!strcmp(word, "nodm")) {
			nodm = true;
		} else if (!strcmp(word, "runerr") && t->nr_runerr < 4) {
			sscanf(line + n, "%15s %d", t->runerr[t->nr_runerr],
			       &t->runerrno[t->nr_runerr]);
			t->nr_runerr++;
		} else if (!strcmp(word, "target") && *nr_vers < FAKE_MAX) {
			struct fake_version *v = &vers[(*nr_vers)++];

			sscanf(line + n, "%31s %u %u %u", v->name, &v->v[0],
			       &v->v[1], &v->v[2]);
		} else if (!strcmp(word, "device") && t->nr_devs < FAKE_MAX) {
			d = &t->devs[t->nr_devs++];
			memset(d, 0, sizeof(*d));
			sscanf(line + n, "%127s %u %u %128s %u %u", d->name,
			       &d->major, &d->minor, d->uuid, &d->open_count,
			       &d->suspended);
			if (!strcmp(d->uuid, "-"))
				d->uuid[0] = '\0';
		} else if (d && !strcmp(word, "flaky")) {
			sscanf(line + n, "%u", &d->flaky);
		} else if (d && !strcmp(word, "vanish")) {
			d->vanish = true;
		} else if (d && (!strcmp(word, "table") ||
				 !strcmp(word, "status"))) {
			bool table = word[0] == 't';
			unsigned int *nr = table ? &d->nr_table : &d->nr_status;
			int m = 0;

			if (*nr == FAKE_MAX)
				continue;
			tg = table ? &d->table[(*nr)++] : &d->status[(*nr)++];
			sscanf(line + n, " %lu %lu %31s %n",
			       (unsigned long *)&tg->start,
			       (unsigned long *)&tg->length, tg->type, &m);
			snprintf(tg->params, sizeof(tg->params), "%s",
				 m ? line + n + m : "");
		}
	}
	fclose(f);
	return nodm ? -1 : 0;
}

struct dm_task *dm_task_create(int type)
{
	struct fake_version vers[FAKE_MAX];
	struct dm_task *t = calloc(1, sizeof(*t));
	unsigned int nr_vers, i;
	size_t off = 0;

	if (!t)
		return NULL;
	t->type = type;
	if (fake_load(t, vers, &nr_vers)) {
		free(t);
		return NULL;
	}
	if (type == DM_DEVICE_LIST_VERSIONS) {
		t->buf = calloc(1, 64 * (nr_vers + 1));
		for (i = 0; i < nr_vers; i++) {
			struct dm_versions *v = (void *)((char *)t->buf + off);

			v->version[0] = vers[i].v[0];
			v->version[1] = vers[i].v[1];
			v->version[2] = vers[i].v[2];
			strcpy(v->name, vers[i].name);
			v->next = i + 1 < nr_vers ? 64 : 0;
			off += 64;
		}
		if (!nr_vers) {
			struct dm_versions *v = t->buf;

			strcpy(v->name, "linear");
			v->next = 0;
		}
	}
	return t;
}

void dm_task_destroy(struct dm_task *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t);
}

int dm_task_set_name(struct dm_task *t, const char *name)
{
	if (strlen(name) >= sizeof(t->name))
		return 0;
	strcpy(t->name, name);
	return 1;
}

static int fake_runerr(struct dm_task *t)
{
	static const char *const names[] = { "list", "table", "status",
					     "versions" };
	static const int types[] = { DM_DEVICE_LIST, DM_DEVICE_TABLE,
				     DM_DEVICE_STATUS,
				     DM_DEVICE_LIST_VERSIONS };
	unsigned int i, j;

	for (i = 0; i < t->nr_runerr; i++)
		for (j = 0; j < 4; j++)
			if (!strcmp(t->runerr[i], names[j]) &&
			    types[j] == t->type)
				return t->runerrno[i];
	return 0;
}

int dm_task_run(struct dm_task *t)
{
	struct fake_device *d = NULL;
	unsigned int i;
	size_t off = 0;

	fake_dm_log_fn_during_run = fake_log_fn != NULL;
	if (fake_log_fn)
		fake_log_fn(7, __FILE__, __LINE__, 0, "fake %s", "dm_task_run");
	t->err = fake_runerr(t);
	if (t->err)
		return 0;
	switch (t->type) {
	case DM_DEVICE_LIST:
		t->buf = calloc(1, 160 * (t->nr_devs + 1));
		for (i = 0; i < t->nr_devs; i++) {
			struct dm_names *n = (void *)((char *)t->buf + off);

			n->dev = ((uint64_t)t->devs[i].major << 8) |
				 t->devs[i].minor;
			strcpy(n->name, t->devs[i].name);
			n->next = i + 1 < t->nr_devs ? 160 : 0;
			off += 160;
		}
		return 1;
	case DM_DEVICE_TABLE:
	case DM_DEVICE_STATUS:
		for (i = 0; i < t->nr_devs; i++)
			if (!strcmp(t->devs[i].name, t->name))
				d = &t->devs[i];
		if (!d || d->vanish) {
			t->err = ENXIO;
			return 0;
		}
		t->dev = d;
		if (t->type == DM_DEVICE_TABLE) {
			t->targets = d->table;
			t->nr_targets = d->nr_table;
		} else if (fake_flaky_seen < d->flaky) {
			/* A reload came between table and status. */
			fake_flaky_seen++;
			memcpy(t->flaky, d->status, sizeof(d->status));
			t->flaky[d->nr_status] = (struct fake_target){
				d->nr_status ? 1000000 : 0, 8, "linear", "8:0 0" };
			t->targets = t->flaky;
			t->nr_targets = d->nr_status + 1;
		} else {
			t->targets = d->status;
			t->nr_targets = d->nr_status;
		}
		return 1;
	case DM_DEVICE_LIST_VERSIONS:
		return 1;
	default:
		t->err = EINVAL;
		return 0;
	}
}

int dm_task_get_errno(struct dm_task *t)
{
	return t->err;
}

int dm_task_get_info(struct dm_task *t, struct dm_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!t->dev)
		return 1;
	info->exists = 1;
	info->live_table = t->dev->nr_table > 0;
	info->open_count = (int32_t)t->dev->open_count;
	info->suspended = (int)t->dev->suspended;
	info->major = t->dev->major;
	info->minor = t->dev->minor;
	info->target_count = (int32_t)t->dev->nr_table;
	return 1;
}

const char *dm_task_get_name(const struct dm_task *t)
{
	return t->dev ? t->dev->name : NULL;
}

const char *dm_task_get_uuid(const struct dm_task *t)
{
	return t->dev ? t->dev->uuid : "";
}

struct dm_names *dm_task_get_names(struct dm_task *t)
{
	return t->buf;
}

struct dm_versions *dm_task_get_versions(struct dm_task *t)
{
	return t->buf;
}

void *dm_get_next_target(struct dm_task *t, void *next, uint64_t *start,
			 uint64_t *length, char **target_type, char **params)
{
	struct fake_target *tg = next ? next : t->targets;

	if (!t->nr_targets) {
		*start = *length = 0;
		*target_type = *params = NULL;
		return NULL;
	}
	*start = tg->start;
	*length = tg->length;
	*target_type = tg->type;
	*params = tg->params;
	return tg + 1 < t->targets + t->nr_targets ? tg + 1 : NULL;
}

void fake_dm_reset(void)
{
	fake_flaky_seen = 0;
}
