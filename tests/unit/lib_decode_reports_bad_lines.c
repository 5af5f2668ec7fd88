// SPDX-License-Identifier: GPL-2.0
/*
 * sp_dm_decode() refuses lines it cannot decode with -EINVAL, logs the
 * module's own sentence at LOG_ERR through the context's log function, and
 * leaves the target zeroed.
 */
#include "tap.h"
#include <storproto.h>

static char last[512];
static int last_prio = -1;
static void *last_userdata;

static void capture(struct sp_ctx *ctx, void *userdata, int priority,
		    const char *file, int line, const char *fn,
		    const char *format, va_list args)
{
	if (priority > LOG_ERR)
		return;
	last_prio = priority;
	last_userdata = userdata;
	vsnprintf(last, sizeof(last), format, args);
}

static bool zeroed(const struct sp_dm_target *t)
{
	static const struct sp_dm_target zero;

	return !memcmp(t, &zero, sizeof(zero));
}

int main(void)
{
	static const struct {
		const char *table, *status, *sentence;
	} bad[] = {
		{ "", NULL, "Not enough arguments" },
		{ "1 259:0", NULL, "fewer devices than announced" },
		{ "1 259:0 3 passthrough chunk_sectors 100", NULL,
		  "Invalid chunk_sectors" },
		{ "1 259:0 2 chunk_sectors 256", NULL,
		  "chunk_sectors applies only to passthrough" },
		{ "2 259:0 259:1 1 passthrough", NULL,
		  "passthrough maps exactly one device" },
		{ "2 259:0 259:1 2 extent_sectors 100", NULL,
		  "Invalid extent_sectors" },
		{ "2 259:0 259:1 2 capacity_tiers 2", NULL,
		  "Invalid capacity_tiers" },
		{ "5 a b c d e 0", NULL, "must be from 1 to 4" },
		{ "1 259:0 1 passthrough", "", "Status line has no mode word" },
		{ "1 259:0 1 passthrough", "passthrough 1 2 3", "too few counters" },
		{ "1 259:0 1 passthrough", "passthrough 1 2 3 4 5 6 7 8 9 x",
		  "not a number" },
		{ "2 259:0 259:1 0", "tiered 1 2 3 4 5 6 7 8 9 10",
		  "Tiered status line is cut short or malformed" },
		{ "2 259:0 259:1 0", "tiered 1 2 3 4 5 6 7 8 9 10 2 1/2 3/4 0 0 0 0 0 0 0",
		  "Tiered status line is cut short or malformed" },
		{ "2 259:0 259:1 0", "tiered 1 2 3 4 5 6 7 8 9 10 2 1-2 3/4 0 0 0 0 0 0 0 ok",
		  "Tiered status line is cut short or malformed" },
	};
	char longdev[SP_DM_DEV_LEN + 16], line[SP_DM_DEV_LEN + 32];
	struct sp_dm_target t;
	struct sp_ctx *ctx;
	int cookie, ret;
	unsigned int i;

	if (sp_new(&ctx))
		return EXIT_FAILURE;
	sp_set_log_fn(ctx, capture, &cookie);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		last[0] = '\0';
		memset(&t, 0xff, sizeof(t));
		ret = sp_dm_decode(ctx, bad[i].table, bad[i].status, &t);
		if (!tap_ok(ret == -EINVAL && strstr(last, bad[i].sentence) &&
			    last_prio == LOG_ERR && last_userdata == &cookie &&
			    zeroed(&t),
			    "table \"%s\" status \"%s\": -EINVAL, logged \"%s\"",
			    bad[i].table, bad[i].status ? bad[i].status : "(none)",
			    bad[i].sentence))
			tap_diag("got %d, logged \"%s\"", ret, last);
	}

	memset(longdev, 'd', sizeof(longdev) - 1);
	longdev[sizeof(longdev) - 1] = '\0';
	snprintf(line, sizeof(line), "1 %s 0", longdev);
	last[0] = '\0';
	ret = sp_dm_decode(ctx, line, NULL, &t);
	tap_ok(ret == -EINVAL && strstr(last, "device name longer than"),
	       "a device name longer than SP_DM_DEV_LEN is refused, not cut");

	last[0] = '\0';
	ret = sp_dm_decode(ctx, NULL, NULL, &t);
	tap_ok(ret == -EINVAL && last[0], "no table line at all: -EINVAL");

	sp_unref(ctx);
	return tap_done();
}
