/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstorproto internals: the context, logging macros, and what the
 * source files share. Not installed.
 */
#ifndef SP_LIB_PRIVATE_H
#define SP_LIB_PRIVATE_H

#include <stdbool.h>
#include <storproto.h>

#define SP_EXPORT	__attribute__((visibility("default")))

#define SP_DEBUGFS_DEFAULT	"/sys/kernel/debug"

struct sp_ctx {
	int refcount;			/* atomic */
	int log_priority;
	sp_log_fn log_fn;
	void *log_userdata;
	char *debugfs;			/* debugfs mount point */
};

void sp_log(struct sp_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...)
	__attribute__((format(printf, 6, 7)));

static inline bool sp_log_enabled(const struct sp_ctx *ctx, int priority)
{
	return ctx && ctx->log_fn && priority <= ctx->log_priority;
}

#define sp_log_cond(ctx, prio, ...)					\
	do {								\
		if (sp_log_enabled(ctx, prio))				\
			sp_log(ctx, prio, __FILE__, __LINE__, __func__,	\
			       __VA_ARGS__);				\
	} while (0)

#define sp_err(ctx, ...)	sp_log_cond(ctx, LOG_ERR, __VA_ARGS__)
#define sp_info(ctx, ...)	sp_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define sp_dbg(ctx, ...)	sp_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)

/* Copy @src into @dst of @size bytes; false when it had to be cut. */
bool sp_strlcpy(char *dst, const char *src, size_t size);

#endif /* SP_LIB_PRIVATE_H */
