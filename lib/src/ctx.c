// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstorproto: the library context and logging.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "private.h"

#define SP_STR(x)	#x
#define SP_XSTR(x)	SP_STR(x)

bool sp_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (len >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, len + 1);
	return true;
}

void sp_log(struct sp_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx, ctx->log_userdata, priority, file, line, fn, format,
		    args);
	va_end(args);
}

/* "err", "info", "debug" or a number; -1 when it is none of those. */
static int sp_log_priority_from_string(const char *s)
{
	char *end;
	long v;

	if (!strcmp(s, "err") || !strcmp(s, "error"))
		return LOG_ERR;
	if (!strcmp(s, "info"))
		return LOG_INFO;
	if (!strcmp(s, "debug"))
		return LOG_DEBUG;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < LOG_EMERG || v > LOG_DEBUG)
		return -1;
	return (int)v;
}

SP_EXPORT int sp_new(struct sp_ctx **ctxp)
{
	struct sp_ctx *ctx;
	const char *env;
	int prio;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->log_priority = LOG_ERR;
	env = secure_getenv("STORPROTO_LOG");
	if (env) {
		prio = sp_log_priority_from_string(env);
		if (prio >= 0)
			ctx->log_priority = prio;
	}
	env = secure_getenv("STORPROTO_DEBUGFS");
	ctx->debugfs = strdup(env && *env ? env : SP_DEBUGFS_DEFAULT);
	if (!ctx->debugfs) {
		free(ctx);
		return -ENOMEM;
	}
	*ctxp = ctx;
	return 0;
}

SP_EXPORT struct sp_ctx *sp_ref(struct sp_ctx *ctx)
{
	if (ctx)
		__atomic_add_fetch(&ctx->refcount, 1, __ATOMIC_RELAXED);
	return ctx;
}

SP_EXPORT void sp_unref(struct sp_ctx *ctx)
{
	if (!ctx || __atomic_sub_fetch(&ctx->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	free(ctx->debugfs);
	free(ctx);
}

SP_EXPORT void sp_set_log_fn(struct sp_ctx *ctx, sp_log_fn fn, void *userdata)
{
	ctx->log_fn = fn;
	ctx->log_userdata = userdata;
	sp_dbg(ctx, "libstorproto %s, log priority %d", sp_version(),
	       ctx->log_priority);
}

SP_EXPORT int sp_get_log_priority(struct sp_ctx *ctx)
{
	return ctx->log_priority;
}

SP_EXPORT void sp_set_log_priority(struct sp_ctx *ctx, int priority)
{
	ctx->log_priority = priority;
}

SP_EXPORT const char *sp_get_debugfs(struct sp_ctx *ctx)
{
	return ctx->debugfs;
}

SP_EXPORT int sp_set_debugfs(struct sp_ctx *ctx, const char *dir)
{
	char *copy;

	if (dir && !*dir)
		return -EINVAL;
	copy = strdup(dir ? dir : SP_DEBUGFS_DEFAULT);
	if (!copy)
		return -ENOMEM;
	free(ctx->debugfs);
	ctx->debugfs = copy;
	return 0;
}

SP_EXPORT const char *sp_version(void)
{
	return SP_XSTR(SP_LIB_VERSION_MAJOR) "." SP_XSTR(SP_LIB_VERSION_MINOR)
	       "." SP_XSTR(SP_LIB_VERSION_PATCH);
}
