// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstorproto: storproto devices, found and read through libdevmapper.
 *
 * libdevmapper logs through one process-wide function. While a call of
 * this file runs, that function is ours and forwards libdevmapper's
 * messages to the calling thread's context at LOG_DEBUG; when the last
 * such call returns, libdevmapper's default is restored.
 *
 * Like dmsetup, the library takes the device directory from DM_DEV_DIR
 * when it is set (default /dev).
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include <libdevmapper.h>
#include <linux/storproto.h>

#include "private.h"

/* How often a device is read again when its table changed meanwhile. */
#define SP_DM_READ_TRIES	3

static __thread struct sp_ctx *sp_dm_log_ctx;
static pthread_mutex_t sp_dm_log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int sp_dm_log_users;	/* protected by sp_dm_log_lock */

__attribute__((format(printf, 5, 6)))
static void sp_dm_log(int level, const char *file, int line,
		      int dm_errno_or_class, const char *f, ...)
{
	struct sp_ctx *ctx = sp_dm_log_ctx;
	char msg[512];
	va_list args;

	if (!sp_log_enabled(ctx, LOG_DEBUG) || !strcmp(f, "<backtrace>"))
		return;
	va_start(args, f);
	vsnprintf(msg, sizeof(msg), f, args);
	va_end(args);
	sp_log(ctx, LOG_DEBUG, file, line, "libdevmapper",
	       "libdevmapper: %s", msg);
}

static void sp_dm_begin(struct sp_ctx *ctx)
{
	const char *dev_dir;

	sp_dm_log_ctx = ctx;
	pthread_mutex_lock(&sp_dm_log_lock);
	if (!sp_dm_log_users++) {
		dm_log_with_errno_init(sp_dm_log);
		dev_dir = secure_getenv("DM_DEV_DIR");
		if (dev_dir && *dev_dir && !dm_set_dev_dir(dev_dir))
			sp_dbg(ctx, "DM_DEV_DIR=%s is not usable, ignored",
			       dev_dir);
	}
	pthread_mutex_unlock(&sp_dm_log_lock);
}

static void sp_dm_end(void)
{
	pthread_mutex_lock(&sp_dm_log_lock);
	if (!--sp_dm_log_users)
		dm_log_with_errno_init(NULL);
	pthread_mutex_unlock(&sp_dm_log_lock);
	sp_dm_log_ctx = NULL;
}

/*
 * dm_task_create() failed: libdevmapper could not open its control node,
 * or refused the kernel's driver. Find out which, for the caller.
 */
static int sp_dm_unavailable(struct sp_ctx *ctx)
{
	char path[PATH_MAX];
	int fd, e;

	snprintf(path, sizeof(path), "%s/control", dm_dir());
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		sp_err(ctx, "libdevmapper cannot work with this kernel's device-mapper driver (STORPROTO_LOG=debug says why)");
		return -EIO;
	}
	e = errno;
	switch (e) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		sp_err(ctx, "device-mapper is not available in this kernel (%s: %s)",
		       path, strerror(e));
		return -ENODEV;
	case EACCES:
	case EPERM:
		sp_err(ctx, "no permission to use device-mapper (%s): run as root",
		       path);
		return -e;
	default:
		sp_err(ctx, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
}

static const char *sp_dm_task_name(int type)
{
	switch (type) {
	case DM_DEVICE_LIST:
		return "list devices";
	case DM_DEVICE_TABLE:
		return "read table";
	case DM_DEVICE_STATUS:
		return "read status";
	case DM_DEVICE_LIST_VERSIONS:
		return "list targets";
	default:
		return "request";
	}
}

/*
 * Run a device-mapper request of @type, on device @name if not NULL.
 * Return: 0 and the task in *@tp, -ENOENT when device @name does not
 * exist, or another negative errno (logged).
 */
static int sp_dm_run(struct sp_ctx *ctx, int type, const char *name,
		     struct dm_task **tp)
{
	struct dm_task *t;
	int e;

	t = dm_task_create(type);
	if (!t)
		return sp_dm_unavailable(ctx);
	if (name && !dm_task_set_name(t, name)) {
		dm_task_destroy(t);
		sp_dbg(ctx, "invalid device-mapper name \"%s\"", name);
		return -EINVAL;
	}
	if (!dm_task_run(t)) {
		e = dm_task_get_errno(t);
		dm_task_destroy(t);
		if (name && e == ENXIO) {
			sp_dbg(ctx, "no device-mapper device \"%s\"", name);
			return -ENOENT;
		}
		if (e == EACCES || e == EPERM) {
			sp_err(ctx, "no permission to use device-mapper: run as root");
			return -e;
		}
		if (!e)
			e = EIO;
		sp_err(ctx, "device-mapper: cannot %s%s%s: %s",
		       sp_dm_task_name(type), name ? " of " : "",
		       name ? name : "", strerror(e));
		return -e;
	}
	*tp = t;
	return 0;
}

/* A target of a table or status, copied out of its task. */
struct sp_dm_seg {
	uint64_t start;
	uint64_t length;
	char *type;
	char *params;
};

static void sp_dm_segs_free(struct sp_dm_seg *segs, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		free(segs[i].type);
		free(segs[i].params);
	}
	free(segs);
}

static int sp_dm_segs_copy(struct dm_task *t, struct sp_dm_seg **segsp,
			   unsigned int *nrp)
{
	struct sp_dm_seg *segs = NULL, *tmp;
	unsigned int nr = 0;
	uint64_t start, length;
	char *type, *params;
	void *next = NULL;

	do {
		next = dm_get_next_target(t, next, &start, &length, &type,
					  &params);
		if (!type)
			break;
		tmp = realloc(segs, (nr + 1) * sizeof(*segs));
		if (!tmp)
			goto out_free;
		segs = tmp;
		segs[nr].start = start;
		segs[nr].length = length;
		segs[nr].type = strdup(type);
		segs[nr].params = strdup(params ? params : "");
		nr++;
		if (!segs[nr - 1].type || !segs[nr - 1].params)
			goto out_free;
	} while (next);
	*segsp = segs;
	*nrp = nr;
	return 0;
out_free:
	sp_dm_segs_free(segs, nr);
	return -ENOMEM;
}

/* Table and status describe the same targets (no reload in between). */
static bool sp_dm_segs_match(const struct sp_dm_seg *a, unsigned int nr_a,
			     const struct sp_dm_seg *b, unsigned int nr_b)
{
	unsigned int i;

	if (nr_a != nr_b)
		return false;
	for (i = 0; i < nr_a; i++)
		if (a[i].start != b[i].start || a[i].length != b[i].length ||
		    strcmp(a[i].type, b[i].type))
			return false;
	return true;
}

static bool sp_dm_is_ours(const struct sp_dm_seg *seg)
{
	return !strcmp(seg->type, STORPROTO_DM_TARGET);
}

/* Decode the storproto targets of @dev from its table and status. */
static int sp_dm_decode_dev(struct sp_ctx *ctx, struct sp_dm_dev *dev,
			    const struct sp_dm_seg *table,
			    const struct sp_dm_seg *status, unsigned int nr)
{
	struct sp_dm_target *tg;
	unsigned int i, n = 0;

	dev->nr_table_targets = nr;
	for (i = 0; i < nr; i++) {
		dev->size += table[i].length;
		n += sp_dm_is_ours(&table[i]);
	}
	dev->targets = calloc(n, sizeof(*dev->targets));
	if (!dev->targets)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		if (!sp_dm_is_ours(&table[i]))
			continue;
		tg = &dev->targets[dev->nr_targets++];
		if (sp_dm_decode(ctx, table[i].params, status[i].params, tg)) {
			sp_err(ctx, "device %s: the storproto target at sector %llu is not in a form this library knows (libstorproto %s)",
			       dev->name, (unsigned long long)table[i].start,
			       sp_version());
			return -EPROTO;
		}
		tg->start = table[i].start;
		tg->length = table[i].length;
	}
	return 0;
}

/* Read device @name into @dev (zeroed by the caller). */
static int sp_dm_read(struct sp_ctx *ctx, const char *name,
		      struct sp_dm_dev *dev)
{
	struct sp_dm_seg *table = NULL, *status = NULL;
	unsigned int nr_table = 0, nr_status = 0, i, tries;
	struct dm_info info;
	struct dm_task *t;
	const char *s;
	bool ours;
	int ret;

	for (tries = 0; tries < SP_DM_READ_TRIES; tries++) {
		sp_dm_segs_free(table, nr_table);
		sp_dm_segs_free(status, nr_status);
		table = status = NULL;
		nr_table = nr_status = 0;

		ret = sp_dm_run(ctx, DM_DEVICE_TABLE, name, &t);
		if (ret)
			goto out_free;
		if (!dm_task_get_info(t, &info) || !info.exists) {
			dm_task_destroy(t);
			ret = -ENOENT;
			goto out_free;
		}
		s = dm_task_get_name(t);
		sp_strlcpy(dev->name, s ? s : name, sizeof(dev->name));
		s = dm_task_get_uuid(t);
		sp_strlcpy(dev->uuid, s ? s : "", sizeof(dev->uuid));
		dev->major = info.major;
		dev->minor = info.minor;
		dev->open_count = info.open_count;
		dev->event_nr = info.event_nr;
		dev->suspended = !!info.suspended;
		dev->read_only = !!info.read_only;
		dev->inactive_table = !!info.inactive_table;
		ret = sp_dm_segs_copy(t, &table, &nr_table);
		dm_task_destroy(t);
		if (ret)
			goto out_free;

		ours = false;
		for (i = 0; i < nr_table; i++)
			ours |= sp_dm_is_ours(&table[i]);
		if (!ours) {
			sp_dbg(ctx, "device %s has no storproto target", name);
			ret = -EMEDIUMTYPE;
			goto out_free;
		}

		ret = sp_dm_run(ctx, DM_DEVICE_STATUS, name, &t);
		if (ret)
			goto out_free;
		ret = sp_dm_segs_copy(t, &status, &nr_status);
		dm_task_destroy(t);
		if (ret)
			goto out_free;
		if (sp_dm_segs_match(table, nr_table, status, nr_status))
			break;
		sp_dbg(ctx, "device %s: table changed while it was read, again",
		       name);
	}
	if (tries == SP_DM_READ_TRIES) {
		sp_err(ctx, "device %s: its table kept changing while it was read",
		       name);
		ret = -EAGAIN;
		goto out_free;
	}
	ret = sp_dm_decode_dev(ctx, dev, table, status, nr_table);
out_free:
	sp_dm_segs_free(table, nr_table);
	sp_dm_segs_free(status, nr_status);
	return ret;
}

static void sp_dm_dev_release(struct sp_dm_dev *dev)
{
	free(dev->targets);
	dev->targets = NULL;
}

SP_EXPORT void sp_dm_dev_free(struct sp_dm_dev *dev)
{
	if (!dev)
		return;
	sp_dm_dev_release(dev);
	free(dev);
}

SP_EXPORT void sp_dm_list_free(struct sp_dm_dev *devs, size_t nr)
{
	size_t i;

	if (!devs)
		return;
	for (i = 0; i < nr; i++)
		sp_dm_dev_release(&devs[i]);
	free(devs);
}

SP_EXPORT int sp_dm_get(struct sp_ctx *ctx, const char *name,
			struct sp_dm_dev **devp)
{
	struct sp_dm_dev *dev;
	int ret;

	if (!name || !*name || strlen(name) >= SP_DM_NAME_LEN)
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	sp_dm_begin(ctx);
	ret = sp_dm_read(ctx, name, dev);
	sp_dm_end();
	if (ret) {
		sp_dm_dev_free(dev);
		return ret;
	}
	*devp = dev;
	return 0;
}

/* The names of all device-mapper devices. */
static int sp_dm_names(struct sp_ctx *ctx, char ***namesp, size_t *nrp)
{
	struct dm_names *names;
	char **v = NULL, **tmp;
	unsigned int next = 0;
	struct dm_task *t;
	size_t nr = 0;
	int ret;

	ret = sp_dm_run(ctx, DM_DEVICE_LIST, NULL, &t);
	if (ret)
		return ret;
	names = dm_task_get_names(t);
	if (names && names->dev) {
		do {
			names = (struct dm_names *)((char *)names + next);
			tmp = realloc(v, (nr + 1) * sizeof(*v));
			if (!tmp)
				goto out_nomem;
			v = tmp;
			v[nr] = strdup(names->name);
			if (!v[nr])
				goto out_nomem;
			nr++;
			next = names->next;
		} while (next);
	}
	dm_task_destroy(t);
	*namesp = v;
	*nrp = nr;
	return 0;
out_nomem:
	dm_task_destroy(t);
	while (nr)
		free(v[--nr]);
	free(v);
	return -ENOMEM;
}

static int sp_dm_dev_cmp(const void *a, const void *b)
{
	const struct sp_dm_dev *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int sp_dm_list_locked(struct sp_ctx *ctx, struct sp_dm_dev **devsp,
			     size_t *nrp)
{
	struct sp_dm_dev *devs = NULL;
	char **names = NULL;
	size_t nr_names = 0, nr = 0, i;
	int ret;

	ret = sp_dm_names(ctx, &names, &nr_names);
	if (ret)
		return ret;
	if (nr_names) {
		devs = calloc(nr_names, sizeof(*devs));
		if (!devs) {
			ret = -ENOMEM;
			goto out_free_names;
		}
	}
	for (i = 0; i < nr_names; i++) {
		ret = sp_dm_read(ctx, names[i], &devs[nr]);
		if (!ret) {
			nr++;
			continue;
		}
		sp_dm_dev_release(&devs[nr]);
		memset(&devs[nr], 0, sizeof(devs[nr]));
		if (ret != -ENOENT && ret != -EMEDIUMTYPE)
			goto out_free_devs;
	}
	ret = 0;
	if (!nr) {
		free(devs);
		devs = NULL;
	}
	if (nr > 1)
		qsort(devs, nr, sizeof(*devs), sp_dm_dev_cmp);
	sp_dbg(ctx, "%zu device-mapper devices, %zu storproto", nr_names, nr);
	*devsp = devs;
	*nrp = nr;
	goto out_free_names;
out_free_devs:
	sp_dm_list_free(devs, nr);
out_free_names:
	for (i = 0; i < nr_names; i++)
		free(names[i]);
	free(names);
	return ret;
}

SP_EXPORT int sp_dm_list(struct sp_ctx *ctx, struct sp_dm_dev **devsp,
			 size_t *nrp)
{
	int ret;

	sp_dm_begin(ctx);
	ret = sp_dm_list_locked(ctx, devsp, nrp);
	sp_dm_end();
	return ret;
}

SP_EXPORT int sp_dm_target_version(struct sp_ctx *ctx, unsigned int version[3])
{
	struct dm_versions *v, *last;
	struct dm_task *t;
	int ret;

	sp_dm_begin(ctx);
	ret = sp_dm_run(ctx, DM_DEVICE_LIST_VERSIONS, NULL, &t);
	if (ret)
		goto out;
	ret = -ENOENT;
	v = dm_task_get_versions(t);
	if (v) {
		do {
			last = v;
			if (!strcmp(v->name, STORPROTO_DM_TARGET)) {
				version[0] = v->version[0];
				version[1] = v->version[1];
				version[2] = v->version[2];
				ret = 0;
				break;
			}
			v = (struct dm_versions *)((char *)v + v->next);
		} while (v != last);
	}
	dm_task_destroy(t);
	if (ret)
		sp_dbg(ctx, "device-mapper has no target \"%s\"",
		       STORPROTO_DM_TARGET);
out:
	sp_dm_end();
	return ret;
}
