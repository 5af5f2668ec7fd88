// SPDX-License-Identifier: GPL-2.0
/*
 * The library context: log priority from STORPROTO_LOG (err, info, debug
 * or a number; anything else keeps err), messages reach the log function
 * with its userdata only up to the priority, references count, and the
 * version string matches the header.
 */
#include <stdlib.h>

#include "tap.h"
#include <storproto.h>

static unsigned int calls;
static int max_prio;

static void count(struct sp_ctx *ctx, void *userdata, int priority,
		  const char *file, int line, const char *fn,
		  const char *format, va_list args)
{
	calls++;
	if (priority > max_prio)
		max_prio = priority;
	(*(unsigned int *)userdata)++;
}

static int prio_from_env(const char *value)
{
	struct sp_ctx *ctx;
	int prio;

	if (value)
		setenv("STORPROTO_LOG", value, 1);
	else
		unsetenv("STORPROTO_LOG");
	if (sp_new(&ctx))
		return -1;
	prio = sp_get_log_priority(ctx);
	sp_unref(ctx);
	return prio;
}

int main(void)
{
	static const struct {
		const char *env;
		int prio;
	} envs[] = {
		{ NULL, LOG_ERR }, { "err", LOG_ERR }, { "info", LOG_INFO },
		{ "debug", LOG_DEBUG }, { "5", 5 }, { "bogus", LOG_ERR },
		{ "99", LOG_ERR }, { "", LOG_ERR },
	};
	struct sp_dm_target t;
	struct sp_ctx *ctx, *ref;
	unsigned int i, mine = 0;
	char version[32];

	for (i = 0; i < ARRAY_SIZE(envs); i++)
		tap_ok(prio_from_env(envs[i].env) == envs[i].prio,
		       "STORPROTO_LOG=%s gives priority %d",
		       envs[i].env ? envs[i].env : "(unset)", envs[i].prio);

	unsetenv("STORPROTO_LOG");
	if (sp_new(&ctx))
		return EXIT_FAILURE;
	sp_set_log_priority(ctx, LOG_DEBUG);
	tap_ok(sp_get_log_priority(ctx) == LOG_DEBUG,
	       "sp_set_log_priority() is read back");

	sp_set_log_fn(ctx, count, &mine);
	calls = 0;
	mine = 0;
	max_prio = -1;
	sp_dm_decode(ctx, "x", NULL, &t);
	tap_ok(calls > 0 && mine == calls,
	       "messages reach the log function, with its userdata");

	sp_set_log_priority(ctx, LOG_CRIT);
	calls = 0;
	sp_dm_decode(ctx, "x", NULL, &t);
	tap_ok(calls == 0, "nothing is logged above the priority (LOG_CRIT)");

	sp_set_log_priority(ctx, LOG_ERR);
	calls = 0;
	max_prio = -1;
	sp_set_log_fn(ctx, count, &mine);	/* logs at LOG_DEBUG */
	sp_dm_decode(ctx, "x", NULL, &t);
	tap_ok(calls == 1 && max_prio == LOG_ERR,
	       "at LOG_ERR only the error is logged");

	sp_set_log_fn(ctx, NULL, NULL);
	calls = 0;
	sp_dm_decode(ctx, "x", NULL, &t);
	tap_ok(calls == 0, "no log function: nothing is called");

	ref = sp_ref(ctx);
	tap_ok(ref == ctx, "sp_ref() returns the context");
	sp_unref(ctx);
	tap_ok(sp_get_log_priority(ref) == LOG_ERR,
	       "the context lives on while a reference is held");
	sp_unref(ref);
	tap_ok(sp_ref(NULL) == NULL, "sp_ref(NULL) is NULL");
	sp_unref(NULL);
	tap_ok(true, "sp_unref(NULL) does nothing");

	snprintf(version, sizeof(version), "%d.%d.%d", SP_LIB_VERSION_MAJOR,
		 SP_LIB_VERSION_MINOR, SP_LIB_VERSION_PATCH);
	tap_ok(!strcmp(sp_version(), version), "sp_version() is %s", version);
	return tap_done();
}
