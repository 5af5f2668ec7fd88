// SPDX-License-Identifier: GPL-2.0
/*
 * storprotoctl: look at storproto devices and storage I/O workers.
 *
 *   storprotoctl <command> [options]
 *
 * One function per command (cmd_<name>); every command that reports takes
 * --json. Exit status: 0 success, 1 failure, 2 bad usage.
 *
 * Besides libstorproto, the tool builds in two of the module's pure-logic
 * files: kernel/table.c (to check a would-be table the way the target
 * does) and kernel/tier/format.c (to lay out a tier set the way the
 * target formats one, for "capacity").
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <json-c/json.h>
#include <storproto.h>

#include "table.h"
#include "tier/format.h"

#define PROG		"storprotoctl"
#define SPCTL_VERSION	"0.1.0"

#define EXIT_USAGE	2

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

struct cmd {
	const char *name;
	int (*fn)(struct sp_ctx *ctx, int argc, char **argv);
	const char *args;
	const char *summary;
	const char *details;
};

static const struct cmd cmds[];

/* Messages of the library go to stderr, like the tool's own. */
static void log_to_stderr(struct sp_ctx *ctx, void *userdata, int priority,
			  const char *file, int line, const char *fn,
			  const char *format, va_list args)
{
	fprintf(stderr, PROG ": ");
	if (priority > LOG_ERR)
		fprintf(stderr, "%s: ", priority >= LOG_DEBUG ? "debug" : "info");
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

__attribute__((format(printf, 2, 3)))
static int fail(const char *cmd, const char *format, ...)
{
	va_list args;

	fprintf(stderr, PROG ": %s: ", cmd);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

static void usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: " PROG " <command> [options]\n\ncommands:\n");
	for (c = cmds; c->name; c++)
		fprintf(f, "  %-8s %-18s %s\n", c->name, c->args, c->summary);
	fprintf(f, "\n'" PROG " help <command>' or '" PROG
		" <command> --help' describes a command;\n"
		"see storprotoctl(8). STORPROTO_LOG=debug shows what the library does.\n");
}

static void cmd_usage(const struct cmd *c, FILE *f)
{
	fprintf(f, "usage: " PROG " %s %s\n\n%s\n%s", c->name, c->args,
		c->summary, c->details);
}

static const struct cmd *find_cmd(const char *name)
{
	const struct cmd *c;

	for (c = cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static int bad_usage(const char *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static int bad_usage(const char *cmd, const char *format, ...)
{
	va_list args;

	fprintf(stderr, PROG ": %s%s", cmd ? cmd : "", cmd ? ": " : "");
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, "\nTry '" PROG " %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

/*
 * Options common to the commands: --json (when @json is not NULL) and
 * --help. Return: -1 to go on (argv[optind...] are the operands), or the
 * exit status.
 */
static int parse_opts(int argc, char **argv, bool *json)
{
	static const struct option json_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct option *opts = json ? json_opts : json_opts + 1;
	const char *cmd = argv[0];
	int c;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, json ? "jh" : "h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			cmd_usage(find_cmd(cmd), stdout);
			return EXIT_SUCCESS;
		default:
			if (optopt)
				return bad_usage(cmd, "unknown option '-%c'",
						 optopt);
			return bad_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	return -1;
}

static void json_print(struct json_object *obj)
{
	/* json-c prints an empty array as "[\n]". */
	if (json_object_is_type(obj, json_type_array) &&
	    !json_object_array_length(obj))
		puts("[]");
	else
		puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(obj);
}

static void json_add(struct json_object *obj, const char *key,
		     struct json_object *val)
{
	json_object_object_add(obj, key, val);
}

/* "1.0 GiB" for a size in bytes. */
static const char *human_size(unsigned long long bytes, char *buf,
			      size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", bytes);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

static const char *counter_label(unsigned int i, char *buf, size_t size)
{
	const char *name = sp_counter_name(i);

	if (name)
		return name;
	snprintf(buf, size, "counter_%u", i);
	return buf;
}

/* "0,2" for tiers 0 and 2; "" for none. */
static const char *tier_list(unsigned int mask, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < SP_DM_MAX_DEVS; i++)
		if (mask & (1U << i))
			len += (size_t)snprintf(buf + len, size - len,
						len ? ",%u" : "%u", i);
	return buf;
}

static bool is_tiered(const struct sp_dm_target *t)
{
	return !t->passthrough;
}

static uint32_t extent_sectors(const struct sp_dm_target *t)
{
	return t->extent_sectors ? t->extent_sectors : SP_EXTENT_SECTORS_DEFAULT;
}

/*
 * The capacity tiers of a tiered target: as the table line gives them,
 * or else as the status line shows them (the tiers with data extents);
 * 0 when neither says.
 */
static unsigned int capacity_mask(const struct sp_dm_target *t)
{
	unsigned int i, mask = 0;

	if (t->capacity_mask)
		return t->capacity_mask;
	for (i = 0; i < t->nr_tiers; i++)
		if (t->tiers[i].total)
			mask |= 1U << i;
	return mask;
}

/* ------------------------------------------------------------ status */

/* The keys a tiered target adds, from its table and status lines. */
/* The hot tier's cache: knobs (from the table) and counters (status). */
static void cache_json(struct json_object *o, const struct sp_dm_target *t)
{
	struct json_object *c = json_object_new_object();

	json_add(c, "cache_mode_knob", json_object_new_string(t->cache_mode_knob));
	json_add(c, "sequential_cutoff", json_object_new_uint64(t->sequential_cutoff));
	json_add(c, "dirty_low", json_object_new_uint64(t->dirty_low));
	json_add(c, "dirty_high", json_object_new_uint64(t->dirty_high));
	if (t->has_cache) {
		json_add(c, "mode", json_object_new_string(t->cache_mode));
		json_add(c, "blocks", json_object_new_uint64(t->cache_blocks));
		json_add(c, "used", json_object_new_uint64(t->cache_used));
		json_add(c, "dirty", json_object_new_uint64(t->dirty));
		json_add(c, "read_hits", json_object_new_uint64(t->read_hits));
		json_add(c, "read_misses", json_object_new_uint64(t->read_misses));
		json_add(c, "write_hits", json_object_new_uint64(t->write_hits));
		json_add(c, "written_back", json_object_new_uint64(t->written_back));
		json_add(c, "bypassed", json_object_new_uint64(t->bypassed));
		json_add(c, "prefetched", json_object_new_uint64(t->prefetched));
	}
	json_add(o, "cache", c);
}

/* The placement knobs (from the table) and counters (from status). */
static void policy_json(struct json_object *o, const struct sp_dm_target *t)
{
	struct json_object *p = json_object_new_object(), *heat;
	unsigned int i, b;

	json_add(p, "tiering", json_object_new_string(t->tiering_manual ?
						      "manual" : "auto"));
	json_add(p, "migrate_rate", json_object_new_uint64(t->migrate_rate));
	json_add(p, "fill_watermark", json_object_new_uint64(t->fill_watermark));
	json_add(p, "promote_heat", json_object_new_uint64(t->promote_heat));
	json_add(p, "heat_halflife", json_object_new_uint64(t->heat_halflife));
	json_add(p, "evacuate", t->evacuate < 0 ? NULL :
		 json_object_new_int64(t->evacuate));
	if (t->has_policy) {
		json_add(p, "promotions", json_object_new_uint64(t->promotions));
		json_add(p, "demotions", json_object_new_uint64(t->demotions));
		json_add(p, "evacuated", json_object_new_uint64(t->evacuated));
		json_add(p, "migrate", json_object_new_string(t->migrate_paused ?
							      "paused" : "running"));
		json_add(p, "throttled", json_object_new_uint64(t->throttled));
		json_add(p, "evacuating", t->evacuating < 0 ? NULL :
			 json_object_new_int64(t->evacuating));
		json_add(p, "evacuate_left", json_object_new_uint64(t->evacuate_left));
		json_add(p, "evacuate_eta_s", json_object_new_uint64(t->evacuate_eta_s));
		heat = json_object_new_array();
		for (i = 0; i < t->nr_tiers; i++) {
			struct json_object *h = json_object_new_array();

			for (b = 0; b < SP_DM_HEAT_BUCKETS; b++)
				json_object_array_add(h,
					json_object_new_uint64(t->tiers[i].heat[b]));
			json_object_array_add(heat, h);
		}
		json_add(p, "heat", heat);
	}
	json_add(o, "policy", p);
	cache_json(o, t);
}

static void tiered_json(struct json_object *o, const struct sp_dm_target *t)
{
	struct json_object *tiers, *caps, *tier;
	unsigned int i, mask = capacity_mask(t);

	json_add(o, "extent_sectors", json_object_new_uint64(extent_sectors(t)));
	json_add(o, "extent_sectors_set",
		 json_object_new_boolean(t->extent_sectors != 0));
	caps = mask ? json_object_new_array() : NULL;	/* null: unknown */
	for (i = 0; i < SP_DM_MAX_DEVS; i++)
		if (mask & (1U << i))
			json_object_array_add(caps, json_object_new_int64(i));
	json_add(o, "capacity_tiers", caps);
	json_add(o, "capacity_tiers_set",
		 json_object_new_boolean(t->capacity_mask != 0));
	if (!t->nr_tiers)
		return;

	tiers = json_object_new_array();
	for (i = 0; i < t->nr_tiers; i++) {
		tier = json_object_new_object();
		json_add(tier, "device", i < t->nr_devs ?
			 json_object_new_string(t->devs[i]) : NULL);
		json_add(tier, "capacity",
			 json_object_new_boolean(t->tiers[i].total != 0));
		json_add(tier, "used", json_object_new_uint64(t->tiers[i].used));
		json_add(tier, "total", json_object_new_uint64(t->tiers[i].total));
		json_add(tier, "errors", json_object_new_uint64(t->tiers[i].errors));
		json_object_array_add(tiers, tier);
	}
	json_add(o, "tiers", tiers);
	json_add(o, "migrations_done", json_object_new_uint64(t->migrations_done));
	json_add(o, "migrations_in_flight",
		 json_object_new_uint64(t->migrations_in_flight));
	json_add(o, "commits", json_object_new_uint64(t->commits));
	json_add(o, "checkpoints", json_object_new_uint64(t->checkpoints));
	json_add(o, "recovery_ms", json_object_new_uint64(t->recovery_ms));
	json_add(o, "state", json_object_new_string(t->state));
	policy_json(o, t);
}

static struct json_object *target_json(const struct sp_dm_target *t)
{
	struct json_object *o = json_object_new_object();
	struct json_object *devs = json_object_new_array();
	struct json_object *counters = json_object_new_object();
	unsigned int i;
	char buf[32];

	json_add(o, "start", json_object_new_uint64(t->start));
	json_add(o, "length", json_object_new_uint64(t->length));
	for (i = 0; i < t->nr_devs; i++)
		json_object_array_add(devs, json_object_new_string(t->devs[i]));
	json_add(o, "devices", devs);
	json_add(o, "passthrough", json_object_new_boolean(t->passthrough));
	json_add(o, "mode", json_object_new_string(t->mode));
	if (is_tiered(t)) {
		tiered_json(o, t);
	} else {
		json_add(o, "chunk_sectors",
			 json_object_new_uint64(t->chunk_sectors));
		json_add(o, "chunk_sectors_set",
			 json_object_new_boolean(t->chunk_sectors_set));
	}
	for (i = 0; i < t->nr_counters; i++)
		json_add(counters, counter_label(i, buf, sizeof(buf)),
			 json_object_new_uint64(t->counters[i]));
	json_add(o, "counters", counters);
	return o;
}

static struct json_object *dev_json(const struct sp_dm_dev *d)
{
	struct json_object *o = json_object_new_object();
	struct json_object *targets = json_object_new_array();
	unsigned int i;

	json_add(o, "name", json_object_new_string(d->name));
	json_add(o, "uuid", json_object_new_string(d->uuid));
	json_add(o, "major", json_object_new_int64(d->major));
	json_add(o, "minor", json_object_new_int64(d->minor));
	json_add(o, "size", json_object_new_uint64(d->size));
	json_add(o, "suspended", json_object_new_boolean(d->suspended));
	json_add(o, "read_only", json_object_new_boolean(d->read_only));
	json_add(o, "open_count", json_object_new_int(d->open_count));
	json_add(o, "event_nr", json_object_new_int64(d->event_nr));
	json_add(o, "inactive_table",
		 json_object_new_boolean(d->inactive_table));
	json_add(o, "table_targets", json_object_new_int64(d->nr_table_targets));
	for (i = 0; i < d->nr_targets; i++)
		json_object_array_add(targets, target_json(&d->targets[i]));
	json_add(o, "targets", targets);
	return o;
}

static void tiered_print(const struct sp_dm_target *t)
{
	unsigned int i, mask = capacity_mask(t);
	char size[32], list[16], label[16];

	printf("    %-14s %u (%s%s)\n", "extent_sectors", extent_sectors(t),
	       human_size((unsigned long long)extent_sectors(t) * 512, size,
			  sizeof(size)),
	       t->extent_sectors ? "" : ", default");
	if (mask)
		printf("    %-14s %s%s\n", "capacity_tiers",
		       tier_list(mask, list, sizeof(list)),
		       t->capacity_mask ? "" : " (default)");
	else
		printf("    %-14s default\n", "capacity_tiers");
	if (!t->nr_tiers)
		return;

	for (i = 0; i < t->nr_tiers; i++) {
		snprintf(label, sizeof(label), "tier %u", i);
		printf("    %-14s %s %llu/%llu extents%s, %llu error%s\n", label,
		       i < t->nr_devs ? t->devs[i] : "?",
		       (unsigned long long)t->tiers[i].used,
		       (unsigned long long)t->tiers[i].total,
		       t->tiers[i].total ? "" : " (not a capacity tier)",
		       (unsigned long long)t->tiers[i].errors,
		       t->tiers[i].errors == 1 ? "" : "s");
	}
	printf("    %-14s %llu done, %llu in flight\n", "migrations",
	       (unsigned long long)t->migrations_done,
	       (unsigned long long)t->migrations_in_flight);
	printf("    %-14s %llu\n", "commits", (unsigned long long)t->commits);
	printf("    %-14s %llu\n", "checkpoints",
	       (unsigned long long)t->checkpoints);
	printf("    %-14s %llu ms\n", "recovery",
	       (unsigned long long)t->recovery_ms);
	printf("    %-14s %s\n", "state", t->state);
	printf("    %-14s %s, %u MiB/s, watermark %u%%, promote at heat %u, half-life %u s\n",
	       "placement", t->tiering_manual ? "manual" : "auto", t->migrate_rate,
	       t->fill_watermark, t->promote_heat, t->heat_halflife);
	if (!t->has_policy)
		return;
	printf("    %-14s %llu promoted, %llu demoted, %llu evacuated, %s, %llu throttled\n",
	       "moves", (unsigned long long)t->promotions,
	       (unsigned long long)t->demotions,
	       (unsigned long long)t->evacuated,
	       t->migrate_paused ? "paused" : "running",
	       (unsigned long long)t->throttled);
	if (t->evacuating >= 0)
		printf("    %-14s tier %d, %llu extents left, about %llu s\n",
		       "evacuating", t->evacuating,
		       (unsigned long long)t->evacuate_left,
		       (unsigned long long)t->evacuate_eta_s);
	for (i = 0; i < t->nr_tiers; i++) {
		const uint64_t *h = t->tiers[i].heat;

		snprintf(label, sizeof(label), "heat tier %u", i & 7);
		printf("    %-14s 0:%llu 1-3:%llu 4-15:%llu 16-63:%llu 64+:%llu\n",
		       label, (unsigned long long)h[0], (unsigned long long)h[1],
		       (unsigned long long)h[2], (unsigned long long)h[3],
		       (unsigned long long)h[4]);
	}
	if (!t->has_cache)
		return;
	if (!strcmp(t->cache_mode, "none")) {
		printf("    %-14s none (the first tier is not a DAX tier kept for metadata)\n",
		       "cache");
		return;
	}
	printf("    %-14s %s, %llu/%llu blocks used, %llu dirty, cutoff %u KiB, write-back %u-%u%%\n",
	       "cache", t->cache_mode, (unsigned long long)t->cache_used,
	       (unsigned long long)t->cache_blocks, (unsigned long long)t->dirty,
	       t->sequential_cutoff, t->dirty_low, t->dirty_high);
	printf("    %-14s %.1f %% of reads hit (%llu hits, %llu misses), %llu write hits, %llu written back, %llu bypassed, %llu prefetched\n",
	       "cache I/O", t->read_hits + t->read_misses ?
	       100.0 * (double)t->read_hits / (double)(t->read_hits + t->read_misses) : 0.0,
	       (unsigned long long)t->read_hits,
	       (unsigned long long)t->read_misses, (unsigned long long)t->write_hits,
	       (unsigned long long)t->written_back, (unsigned long long)t->bypassed,
	       (unsigned long long)t->prefetched);
}

static void target_print(const struct sp_dm_target *t, unsigned int index)
{
	char buf[32], size[32];
	unsigned int i;

	printf("  target %-7u sectors %llu-%llu (%llu)\n", index,
	       (unsigned long long)t->start,
	       (unsigned long long)(t->start + t->length - 1),
	       (unsigned long long)t->length);
	printf("    %-14s", "devices");
	for (i = 0; i < t->nr_devs; i++)
		printf(" %s", t->devs[i]);
	putchar('\n');
	printf("    %-14s %s\n", "mode", t->mode[0] ? t->mode :
	       is_tiered(t) ? "tiered" : "passthrough");
	if (is_tiered(t))
		tiered_print(t);
	else
		printf("    %-14s %u (%s%s)\n", "chunk_sectors", t->chunk_sectors,
		       human_size((unsigned long long)t->chunk_sectors * 512,
				  size, sizeof(size)),
		       t->chunk_sectors_set ? "" : ", default");
	for (i = 0; i < t->nr_counters; i++)
		printf("    %-14s %llu\n", counter_label(i, buf, sizeof(buf)),
		       (unsigned long long)t->counters[i]);
}

static void dev_print(const struct sp_dm_dev *d)
{
	char size[32];
	unsigned int i;

	printf("%s\n", d->name);
	printf("  %-14s %u:%u\n", "device", d->major, d->minor);
	if (d->uuid[0])
		printf("  %-14s %s\n", "uuid", d->uuid);
	printf("  %-14s %llu sectors (%s)\n", "size",
	       (unsigned long long)d->size,
	       human_size((unsigned long long)d->size * 512, size,
			  sizeof(size)));
	printf("  %-14s %s, %s, open %d%s\n", "state",
	       d->suspended ? "suspended" : "active",
	       d->read_only ? "read-only" : "read-write", d->open_count,
	       d->inactive_table ? ", new table loaded (not resumed)" : "");
	if (d->nr_table_targets == d->nr_targets)
		printf("  %-14s %u storproto target%s\n", "table",
		       d->nr_targets, d->nr_targets == 1 ? "" : "s");
	else
		printf("  %-14s %u targets, %u of them storproto\n", "table",
		       d->nr_table_targets, d->nr_targets);
	for (i = 0; i < d->nr_targets; i++)
		target_print(&d->targets[i], i);
}

static int status_one(struct sp_ctx *ctx, const char *name, bool json)
{
	struct sp_dm_dev *dev;
	int ret;

	ret = sp_dm_get(ctx, name, &dev);
	switch (ret) {
	case 0:
		break;
	case -ENOENT:
		return fail("status", "no device named '%s'", name);
	case -ENODEV:
		return fail("status", "no device named '%s' (device-mapper is not available)",
			    name);
	case -EMEDIUMTYPE:
		return fail("status", "'%s' is not a storproto device (its table has no storproto target)",
			    name);
	case -EINVAL:
		return fail("status", "'%s' is not a valid device-mapper name",
			    name);
	default:
		return fail("status", "cannot read device '%s': %s", name,
			    strerror(-ret));
	}
	if (json)
		json_print(dev_json(dev));
	else
		dev_print(dev);
	sp_dm_dev_free(dev);
	return EXIT_SUCCESS;
}

/* All storproto devices; -ENODEV (no device-mapper) counts as none. */
static int list_devs(struct sp_ctx *ctx, const char *cmd,
		     struct sp_dm_dev **devs, size_t *nr)
{
	int ret;

	ret = sp_dm_list(ctx, devs, nr);
	if (ret == -ENODEV) {
		*devs = NULL;
		*nr = 0;
		return 0;
	}
	if (ret)
		return fail(cmd, "cannot list devices: %s", strerror(-ret));
	return 0;
}

static int cmd_status(struct sp_ctx *ctx, int argc, char **argv)
{
	struct sp_dm_dev *devs;
	struct json_object *arr;
	bool json = false;
	size_t nr, i;
	int ret;

	ret = parse_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (argc - optind > 1)
		return bad_usage("status", "too many arguments");
	if (argc - optind == 1)
		return status_one(ctx, argv[optind], json);

	if (list_devs(ctx, "status", &devs, &nr))
		return EXIT_FAILURE;
	if (json) {
		arr = json_object_new_array();
		for (i = 0; i < nr; i++)
			json_object_array_add(arr, dev_json(&devs[i]));
		json_print(arr);
	} else if (!nr) {
		printf("no storproto devices\n");
	} else {
		for (i = 0; i < nr; i++) {
			if (i)
				putchar('\n');
			dev_print(&devs[i]);
		}
	}
	sp_dm_list_free(devs, nr);
	return EXIT_SUCCESS;
}

/* -------------------------------------------------------------- list */

enum {
	L_NAME, L_MODE, L_SIZE, L_EXTENT, L_CAPACITY, L_EXTENTS, L_ERRORS,
	L_STATE, L_NR
};

static const char *const l_names[L_NR] = {
	"name", "mode", "size", "extent", "capacity", "extents", "errors",
	"state",
};

/* Room for a device name, or four tiers' "used/total" of 20-digit numbers. */
#define L_CELL	192

__attribute__((format(printf, 3, 4)))
static void cell_append(char *cell, size_t *len, const char *format, ...)
{
	va_list args;
	int n;

	if (*len >= L_CELL - 1)
		return;
	va_start(args, format);
	n = vsnprintf(cell + *len, L_CELL - *len, format, args);
	va_end(args);
	if (n > 0)
		*len = *len + (size_t)n < L_CELL ? *len + (size_t)n : L_CELL - 1;
}

/* "1.0GiB": a size as one word, for a table. */
static void compact_size(unsigned long long bytes, char *cell)
{
	char buf[32], *sp;

	human_size(bytes, buf, sizeof(buf));
	sp = strchr(buf, ' ');
	if (sp)
		memmove(sp, sp + 1, strlen(sp));
	snprintf(cell, L_CELL, "%s", buf);
}

/* One row per storproto target; "-" where a column does not apply. */
static void list_cells(const struct sp_dm_dev *d, const struct sp_dm_target *t,
		       char cells[L_NR][L_CELL])
{
	size_t a = 0, b = 0;
	unsigned int i, mask;

	snprintf(cells[L_NAME], L_CELL, "%s", d->name);
	snprintf(cells[L_MODE], L_CELL, "%s", t->mode[0] ? t->mode :
		 is_tiered(t) ? "tiered" : "passthrough");
	compact_size((unsigned long long)t->length * 512, cells[L_SIZE]);
	for (i = L_EXTENT; i < L_NR; i++)
		snprintf(cells[i], L_CELL, "-");
	if (!is_tiered(t)) {
		if (t->nr_counters > SP_COUNTER_ERRORS)
			snprintf(cells[L_ERRORS], L_CELL, "%llu",
				 (unsigned long long)t->counters[SP_COUNTER_ERRORS]);
		return;
	}

	compact_size((unsigned long long)extent_sectors(t) * 512, cells[L_EXTENT]);
	mask = capacity_mask(t);
	if (mask)
		tier_list(mask, cells[L_CAPACITY], L_CELL);
	if (!t->nr_tiers)
		return;
	for (i = 0; i < t->nr_tiers; i++) {
		cell_append(cells[L_EXTENTS], &a, "%s%llu/%llu", i ? "," : "",
			    (unsigned long long)t->tiers[i].used,
			    (unsigned long long)t->tiers[i].total);
		cell_append(cells[L_ERRORS], &b, "%s%llu", i ? "," : "",
			    (unsigned long long)t->tiers[i].errors);
	}
	snprintf(cells[L_STATE], L_CELL, "%s", t->state);
}

static void list_print(const struct sp_dm_dev *devs, size_t nr)
{
	char cells[L_NR][L_CELL];
	int width[L_NR];
	unsigned int j;
	size_t i;
	int c;

	if (!nr)
		return;
	for (c = 0; c < L_NR; c++)
		width[c] = (int)strlen(l_names[c]);
	for (i = 0; i < nr; i++) {
		for (j = 0; j < devs[i].nr_targets; j++) {
			list_cells(&devs[i], &devs[i].targets[j], cells);
			for (c = 0; c < L_NR; c++)
				if ((int)strlen(cells[c]) > width[c])
					width[c] = (int)strlen(cells[c]);
		}
	}
	for (c = 0; c < L_NR; c++)
		printf("%s%-*s", c ? "  " : "", c + 1 < L_NR ? width[c] : 0,
		       l_names[c]);
	putchar('\n');
	for (i = 0; i < nr; i++) {
		for (j = 0; j < devs[i].nr_targets; j++) {
			list_cells(&devs[i], &devs[i].targets[j], cells);
			for (c = 0; c < L_NR; c++)
				printf("%s%-*s", c ? "  " : "",
				       c + 1 < L_NR ? width[c] : 0, cells[c]);
			putchar('\n');
		}
	}
}

static struct json_object *list_json(const struct sp_dm_dev *devs, size_t nr)
{
	struct json_object *arr = json_object_new_array(), *o, *targets, *to;
	const struct sp_dm_target *t;
	unsigned int j;
	size_t i;

	for (i = 0; i < nr; i++) {
		o = json_object_new_object();
		json_add(o, "name", json_object_new_string(devs[i].name));
		json_add(o, "major", json_object_new_int64(devs[i].major));
		json_add(o, "minor", json_object_new_int64(devs[i].minor));
		json_add(o, "size", json_object_new_uint64(devs[i].size));
		targets = json_object_new_array();
		for (j = 0; j < devs[i].nr_targets; j++) {
			t = &devs[i].targets[j];
			to = json_object_new_object();
			json_add(to, "start", json_object_new_uint64(t->start));
			json_add(to, "length", json_object_new_uint64(t->length));
			json_add(to, "mode", json_object_new_string(t->mode));
			if (is_tiered(t))
				tiered_json(to, t);
			json_object_array_add(targets, to);
		}
		json_add(o, "targets", targets);
		json_object_array_add(arr, o);
	}
	return arr;
}

static int cmd_list(struct sp_ctx *ctx, int argc, char **argv)
{
	struct sp_dm_dev *devs;
	bool json = false;
	size_t nr;
	int ret;

	ret = parse_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (argc > optind)
		return bad_usage("list", "unexpected argument '%s'",
				 argv[optind]);
	if (list_devs(ctx, "list", &devs, &nr))
		return EXIT_FAILURE;
	if (json)
		json_print(list_json(devs, nr));
	else
		list_print(devs, nr);
	sp_dm_list_free(devs, nr);
	return EXIT_SUCCESS;
}

/* ----------------------------------------------------------- workers */

enum {
	W_WORKER, W_CPU, W_ONLINE, W_REQUESTS, W_BATCHES, W_COALESCED,
	W_MEAN_BATCH, W_QUEUE_HWM, W_QUEUED, W_NR
};

static const char *const w_names[W_NR] = {
	"worker", "cpu", "online", "requests", "batches", "coalesced",
	"mean_batch", "queue_hwm", "queued",
};

static void worker_cells(const struct sp_worker *w, char cells[W_NR][24])
{
	snprintf(cells[W_WORKER], 24, "%u", w->index);
	snprintf(cells[W_CPU], 24, "%u", w->cpu);
	snprintf(cells[W_ONLINE], 24, "%s", w->online ? "yes" : "no");
	snprintf(cells[W_REQUESTS], 24, "%llu",
		 (unsigned long long)w->requests);
	snprintf(cells[W_BATCHES], 24, "%llu", (unsigned long long)w->batches);
	snprintf(cells[W_COALESCED], 24, "%llu",
		 (unsigned long long)w->coalesced);
	snprintf(cells[W_MEAN_BATCH], 24, "%llu.%02llu",
		 (unsigned long long)(w->mean_batch_x100 / 100),
		 (unsigned long long)(w->mean_batch_x100 % 100));
	snprintf(cells[W_QUEUE_HWM], 24, "%llu",
		 (unsigned long long)w->queue_hwm);
	snprintf(cells[W_QUEUED], 24, "%llu", (unsigned long long)w->queued);
}

static void workers_print(const struct sp_worker *ws, size_t nr)
{
	char cells[W_NR][24];
	int width[W_NR];
	size_t i;
	int c;

	for (c = 0; c < W_NR; c++)
		width[c] = (int)strlen(w_names[c]);
	for (i = 0; i < nr; i++) {
		worker_cells(&ws[i], cells);
		for (c = 0; c < W_NR; c++)
			if ((int)strlen(cells[c]) > width[c])
				width[c] = (int)strlen(cells[c]);
	}
	for (c = 0; c < W_NR; c++)
		printf("%s%*s", c ? "  " : "", width[c], w_names[c]);
	putchar('\n');
	for (i = 0; i < nr; i++) {
		worker_cells(&ws[i], cells);
		for (c = 0; c < W_NR; c++)
			printf("%s%*s", c ? "  " : "", width[c], cells[c]);
		putchar('\n');
	}
}

static struct json_object *workers_json(const struct sp_worker *ws, size_t nr)
{
	struct json_object *arr = json_object_new_array(), *o;
	char mean[32];
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct sp_worker *w = &ws[i];

		snprintf(mean, sizeof(mean), "%llu.%02llu",
			 (unsigned long long)(w->mean_batch_x100 / 100),
			 (unsigned long long)(w->mean_batch_x100 % 100));
		o = json_object_new_object();
		json_add(o, "worker", json_object_new_int64(w->index));
		json_add(o, "cpu", json_object_new_int64(w->cpu));
		json_add(o, "online", json_object_new_boolean(w->online));
		json_add(o, "requests", json_object_new_uint64(w->requests));
		json_add(o, "batches", json_object_new_uint64(w->batches));
		json_add(o, "coalesced", json_object_new_uint64(w->coalesced));
		json_add(o, "mean_batch",
			 json_object_new_double_s((double)w->mean_batch_x100 / 100,
						  mean));
		json_add(o, "queue_hwm", json_object_new_uint64(w->queue_hwm));
		json_add(o, "queued", json_object_new_uint64(w->queued));
		json_object_array_add(arr, o);
	}
	return arr;
}

static int cmd_workers(struct sp_ctx *ctx, int argc, char **argv)
{
	struct sp_worker *ws;
	bool json = false;
	size_t nr;
	int ret;

	ret = parse_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (argc > optind)
		return bad_usage("workers", "unexpected argument '%s'",
				 argv[optind]);
	ret = sp_workers_get(ctx, &ws, &nr);
	if (ret == -ENOENT)
		return fail("workers", "no workers table under %s",
			    sp_get_debugfs(ctx));
	if (ret)
		return fail("workers", "cannot read the workers table: %s",
			    strerror(-ret));
	if (json)
		json_print(workers_json(ws, nr));
	else
		workers_print(ws, nr);
	sp_workers_free(ws);
	return EXIT_SUCCESS;
}

/* ---------------------------------------------------------- capacity */

/*
 * Size in 512-byte sectors and direct-access capability of @path: a block
 * device (BLKGETSIZE64, and its queue/dax attribute in sysfs) or, for
 * trying things out, a regular file (its size; never DAX).
 */
static int probe_tier(const char *path, uint64_t *sectors, bool *dax,
		      struct stat *st_out)
{
	unsigned long long bytes;
	char attr[64], val[8] = "";
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("capacity", "cannot open '%s': %s", path,
			    strerror(errno));
	if (fstat(fd, &st)) {
		close(fd);
		return fail("capacity", "cannot stat '%s': %s", path,
			    strerror(errno));
	}
	*dax = false;
	if (S_ISREG(st.st_mode)) {
		bytes = (unsigned long long)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &bytes)) {
			close(fd);
			return fail("capacity", "cannot get the size of '%s': %s",
				    path, strerror(errno));
		}
		snprintf(attr, sizeof(attr), "/sys/dev/block/%u:%u/queue/dax",
			 major(st.st_rdev), minor(st.st_rdev));
		f = fopen(attr, "re");
		if (f) {
			*dax = fgets(val, sizeof(val), f) && val[0] == '1';
			fclose(f);
		}
	} else {
		close(fd);
		return fail("capacity", "'%s' is neither a block device nor a regular file",
			    path);
	}
	close(fd);
	*sectors = bytes / 512;
	*st_out = st;
	return 0;
}

/* Do @a and @b name the same device (or file)? */
static bool same_tier(const struct stat *a, const struct stat *b)
{
	if (S_ISBLK(a->st_mode) && S_ISBLK(b->st_mode))
		return a->st_rdev == b->st_rdev;
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static struct json_object *layout_json(const struct sp_layout *l,
				       char **paths)
{
	struct json_object *o = json_object_new_object();
	struct json_object *tiers = json_object_new_array(), *caps, *t;
	unsigned int i;

	json_add(o, "sectors", json_object_new_uint64(sp_layout_sectors(l)));
	json_add(o, "extent_sectors", json_object_new_uint64(l->extent_sectors));
	json_add(o, "extents", json_object_new_uint64(l->nr_extents));
	caps = json_object_new_array();
	for (i = 0; i < l->nr_tiers; i++)
		if (l->capacity_mask & (1U << i))
			json_object_array_add(caps, json_object_new_int64(i));
	json_add(o, "capacity_tiers", caps);
	for (i = 0; i < l->nr_tiers; i++) {
		t = json_object_new_object();
		json_add(t, "device", json_object_new_string(paths[i]));
		json_add(t, "sectors", json_object_new_uint64(l->m[i].sectors));
		json_add(t, "dax", json_object_new_boolean(l->m[i].dax));
		json_add(t, "capacity", json_object_new_boolean(
				 l->capacity_mask & (1U << i)));
		json_add(t, "metadata", json_object_new_boolean(i == l->meta_tier));
		json_add(t, "data_offset", json_object_new_uint64(l->m[i].data_offset));
		json_add(t, "extents", json_object_new_uint64(l->m[i].nr_extents));
		json_object_array_add(tiers, t);
	}
	json_add(o, "tiers", tiers);
	return o;
}

/*
 * The layout of the set already on @paths (in table order), grown to the
 * devices' sizes @sectors as a table reload would grow it.
 */
static int existing_layout(char **paths, unsigned int nr, const uint64_t *sectors,
			   struct sp_layout *l)
{
	struct sp_sb sb, newest;
	unsigned char *block;
	const char *error;
	unsigned int i;
	int fd, ok = 0;

	if (posix_memalign((void **)&block, SP_MD_BLOCK_SIZE, SP_MD_BLOCK_SIZE))
		return fail("capacity", "out of memory");
	for (i = 0; i < nr && !ok; i++) {
		/*
		 * The module writes superblocks with bios, past the device's
		 * page cache, which may hold an older copy (udev's blkid
		 * probe): read around it.
		 */
		fd = open(paths[i], O_RDONLY | O_CLOEXEC | O_DIRECT);
		if (fd < 0 && errno == EINVAL)
			fd = open(paths[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || pread(fd, block, SP_MD_BLOCK_SIZE, 0) != SP_MD_BLOCK_SIZE)
			ok = fail("capacity", "cannot read the superblock of '%s': %s",
				  paths[i], strerror(errno));
		else if (sp_sb_decode(block, &sb, &error))
			ok = fail("capacity", "'%s': %s", paths[i], error);
		else if (sb.position != i || sb.l.nr_tiers != nr ||
			 (i && memcmp(sb.uuid, newest.uuid, SP_UUID_LEN)))
			ok = fail("capacity", "'%s' is not tier %u of the same set as the devices before it",
				  paths[i], i);
		else if (!i || sb.generation > newest.generation)
			newest = sb;
		if (fd >= 0)
			close(fd);
	}
	free(block);
	if (ok)
		return ok;
	*l = newest.l;
	sp_layout_grow(l, sectors);
	return 0;
}

static int cmd_capacity(struct sp_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "extent-sectors", required_argument, NULL, 'e' },
		{ "capacity-tiers", required_argument, NULL, 'c' },
		{ "dax", required_argument, NULL, 'd' },
		{ "existing", no_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *extent = NULL, *capacity = NULL, *dax = NULL, *error = "";
	struct sp_layout_input in = { 0 };
	char *targv[SP_TABLE_MAX_DEVS + 6], nr_devs[12], nr_opt[12];
	char key_ext[] = "extent_sectors", key_cap[] = "capacity_tiers";
	unsigned int i, j, nr, targc = 0, opt = 0;
	u32 dax_mask = 0;
	struct stat st[SP_TABLE_MAX_DEVS];
	struct sp_layout l;
	struct sp_table t;
	bool json = false, existing = false;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":e:c:d:xjh", opts, NULL)) != -1) {
		switch (c) {
		case 'x':
			existing = true;
			break;
		case 'e':
			extent = optarg;
			break;
		case 'c':
			capacity = optarg;
			break;
		case 'd':
			dax = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			cmd_usage(find_cmd("capacity"), stdout);
			return EXIT_SUCCESS;
		case ':':
			return bad_usage("capacity", "option '%s' needs a value",
					 argv[optind - 1]);
		default:
			if (optopt)
				return bad_usage("capacity", "unknown option '-%c'",
						 optopt);
			return bad_usage("capacity", "unknown option '%s'",
					 argv[optind - 1]);
		}
	}
	if (optind == argc)
		return bad_usage("capacity", "no device given");
	if (existing && (extent || capacity || dax))
		return bad_usage("capacity", "--existing takes the layout from the superblocks: no --extent-sectors, --capacity-tiers or --dax");
	if (argc - optind > SP_TABLE_MAX_DEVS)
		return bad_usage("capacity", "Invalid number of devices: must be from 1 to 4");
	nr = (unsigned int)(argc - optind);

	/* The table line these choices make, checked as the target would. */
	snprintf(nr_devs, sizeof(nr_devs), "%u", nr);
	targv[targc++] = nr_devs;
	for (i = 0; i < nr; i++)
		targv[targc++] = argv[optind + i];
	targv[targc++] = nr_opt;
	if (extent) {
		targv[targc++] = key_ext;
		targv[targc++] = (char *)extent;
		opt += 2;
	}
	if (capacity) {
		targv[targc++] = key_cap;
		targv[targc++] = (char *)capacity;
		opt += 2;
	}
	snprintf(nr_opt, sizeof(nr_opt), "%u", opt);
	if (sp_table_parse(&t, targc, targv, &error))
		return bad_usage("capacity", "%s", error);
	if (dax && sp_parse_tier_list(dax, nr, &dax_mask))
		return bad_usage("capacity", "invalid --dax '%s': a comma-separated list of tier numbers, each below the number of devices, none twice",
				 dax);

	in.nr_tiers = nr;
	in.extent_sectors = t.extent_sectors;
	in.capacity_mask = t.capacity_mask;
	for (i = 0; i < nr; i++) {
		if (probe_tier(argv[optind + i], &in.sectors[i], &in.dax[i], &st[i]))
			return EXIT_FAILURE;
		if (dax_mask & (1U << i))
			in.dax[i] = true;
		for (j = 0; j < i; j++)
			if (same_tier(&st[i], &st[j]))
				return fail("capacity", "'%s' and '%s' are the same device: a tier set uses each device once",
					    argv[optind + j], argv[optind + i]);
	}
	if (existing) {
		if (existing_layout(argv + optind, nr, in.sectors, &l))
			return EXIT_FAILURE;
	} else if (sp_layout_compute(&l, &in, &error)) {
		return fail("capacity", "%s", error);
	}
	if (json)
		json_print(layout_json(&l, argv + optind));
	else
		printf("%llu\n", (unsigned long long)sp_layout_sectors(&l));
	return EXIT_SUCCESS;
}

/* ----------------------------------------------------------- version */

static int cmd_version(struct sp_ctx *ctx, int argc, char **argv)
{
	struct json_object *o;
	unsigned int v[3];
	char target[64];
	bool json = false;
	int ret, prio;

	ret = parse_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (argc > optind)
		return bad_usage("version", "unexpected argument '%s'",
				 argv[optind]);

	/* The target's version is a bonus: keep the library quiet about it. */
	prio = sp_get_log_priority(ctx);
	if (prio <= LOG_ERR)
		sp_set_log_priority(ctx, LOG_CRIT);
	ret = sp_dm_target_version(ctx, v);
	sp_set_log_priority(ctx, prio);
	if (!ret)
		snprintf(target, sizeof(target), "%u.%u.%u", v[0], v[1], v[2]);

	if (json) {
		o = json_object_new_object();
		json_add(o, "storprotoctl", json_object_new_string(SPCTL_VERSION));
		json_add(o, "libstorproto", json_object_new_string(sp_version()));
		json_add(o, "dm_target", ret ? NULL : json_object_new_string(target));
		json_print(o);
		return EXIT_SUCCESS;
	}
	printf(PROG " %s\nlibstorproto %s\n", SPCTL_VERSION, sp_version());
	if (!ret)
		printf("dm target storproto %s\n", target);
	else if (ret == -ENOENT)
		printf("dm target storproto: not loaded\n");
	else
		printf("dm target storproto: unknown (%s)\n",
		       ret == -ENODEV ? "no device-mapper" : strerror(-ret));
	return EXIT_SUCCESS;
}

/* -------------------------------------------------------------- help */

static int cmd_help(struct sp_ctx *ctx, int argc, char **argv)
{
	const struct cmd *c;
	int ret;

	ret = parse_opts(argc, argv, NULL);
	if (ret >= 0)
		return ret;
	if (argc - optind > 1)
		return bad_usage("help", "too many arguments");
	if (argc == optind) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	c = find_cmd(argv[optind]);
	if (!c)
		return bad_usage(NULL, "unknown command '%s'", argv[optind]);
	cmd_usage(c, stdout);
	return EXIT_SUCCESS;
}

#define JSON_HELP	"  -j, --json   print JSON instead of text\n"

static const struct cmd cmds[] = {
	{ "status", cmd_status, "[NAME] [--json]",
	  "Show storproto devices (all, or NAME): table decoded, counters named.",
	  "\n  NAME         a device-mapper device name; without it, every\n"
	  "               storproto device (a JSON array; with NAME, an object)\n"
	  JSON_HELP },
	{ "list", cmd_list, "[--json]",
	  "List the storproto devices: mode, size, tiers and state of each target.",
	  "\n" JSON_HELP },
	{ "capacity", cmd_capacity, "[options] DEV...",
	  "Print the size in sectors a tiered table over DEV... (fastest first) has.",
	  "\n  DEV...       1 to 4 block devices (or regular files), the tiers,\n"
	  "               fastest first\n"
	  "  -e, --extent-sectors N   extent size in 512-byte sectors (default 2048)\n"
	  "  -c, --capacity-tiers L   tiers that hold data, e.g. 1,2 (default: every\n"
	  "                           tier without DAX, or all when all have it)\n"
	  "  -d, --dax L              count tiers L as DAX (direct access) too\n"
	  "  -x, --existing           the set already on DEV...: its size with the\n"
	  "                           devices as they are now (grown tiers included)\n"
	  JSON_HELP },
	{ "workers", cmd_workers, "[--json]",
	  "Show the statistics of the storage I/O workers (needs debugfs, root).",
	  "\n" JSON_HELP },
	{ "version", cmd_version, "[--json]",
	  "Show the versions of the tool, the library and the loaded dm target.",
	  "\n" JSON_HELP },
	{ "help", cmd_help, "[COMMAND]",
	  "Show how to use storprotoctl or one of its commands.", "" },
	{ NULL, NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	static char version_cmd[] = "version";
	const struct cmd *c;
	struct sp_ctx *ctx;
	int ret;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		argv[1] = version_cmd;
	if (argv[1][0] == '-')
		return bad_usage(NULL, "unknown option '%s'", argv[1]);
	c = find_cmd(argv[1]);
	if (!c)
		return bad_usage(NULL, "unknown command '%s'", argv[1]);

	ret = sp_new(&ctx);
	if (ret) {
		fprintf(stderr, PROG ": cannot start: %s\n", strerror(-ret));
		return EXIT_FAILURE;
	}
	sp_set_log_fn(ctx, log_to_stderr, NULL);
	ret = c->fn(ctx, argc - 1, argv + 1);
	sp_unref(ctx);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG ": cannot write output: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	return ret;
}
