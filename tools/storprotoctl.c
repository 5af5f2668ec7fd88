// SPDX-License-Identifier: GPL-2.0
/*
 * storprotoctl: look at storproto devices and storage I/O workers.
 *
 *   storprotoctl <command> [options]
 *
 * One function per command (cmd_<name>); every command that reports takes
 * --json. Exit status: 0 success, 1 failure, 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <storproto.h>

#define PROG		"storprotoctl"
#define SPCTL_VERSION	"0.1.0"

#define EXIT_USAGE	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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

/* ------------------------------------------------------------ status */

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
	json_add(o, "chunk_sectors", json_object_new_uint64(t->chunk_sectors));
	json_add(o, "chunk_sectors_set",
		 json_object_new_boolean(t->chunk_sectors_set));
	json_add(o, "mode", json_object_new_string(t->mode));
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
	printf("\n    %-14s %u (%s%s)\n", "chunk_sectors", t->chunk_sectors,
	       human_size((unsigned long long)t->chunk_sectors * 512, size,
			  sizeof(size)),
	       t->chunk_sectors_set ? "" : ", default");
	printf("    %-14s %s\n", "mode", t->mode);
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

static int cmd_list(struct sp_ctx *ctx, int argc, char **argv)
{
	struct json_object *arr, *o;
	struct sp_dm_dev *devs;
	bool json = false;
	size_t nr, i;
	int ret;

	ret = parse_opts(argc, argv, &json);
	if (ret >= 0)
		return ret;
	if (argc > optind)
		return bad_usage("list", "unexpected argument '%s'",
				 argv[optind]);
	if (list_devs(ctx, "list", &devs, &nr))
		return EXIT_FAILURE;
	if (json) {
		arr = json_object_new_array();
		for (i = 0; i < nr; i++) {
			o = json_object_new_object();
			json_add(o, "name", json_object_new_string(devs[i].name));
			json_add(o, "major", json_object_new_int64(devs[i].major));
			json_add(o, "minor", json_object_new_int64(devs[i].minor));
			json_add(o, "size", json_object_new_uint64(devs[i].size));
			json_object_array_add(arr, o);
		}
		json_print(arr);
	} else {
		for (i = 0; i < nr; i++)
			printf("%s\n", devs[i].name);
	}
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
	  "List the names of the storproto devices.", "\n" JSON_HELP },
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
