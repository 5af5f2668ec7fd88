/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstorproto: the library context, logging and version.
 *
 * Every call that can fail returns 0 (or a count) on success and a
 * negative errno on failure. The library never prints: it hands its
 * messages to the log function set with sp_set_log_fn().
 */
#ifndef _STORPROTO_CTX_H
#define _STORPROTO_CTX_H

#include <stdarg.h>
#include <syslog.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the library, as numbers and as "major.minor.patch". */
#define SP_LIB_VERSION_MAJOR	0
#define SP_LIB_VERSION_MINOR	1
#define SP_LIB_VERSION_PATCH	0

struct sp_ctx;

/**
 * typedef sp_log_fn - a log function
 * @ctx: the context logging
 * @userdata: what was given to sp_set_log_fn()
 * @priority: syslog priority: LOG_ERR, LOG_INFO or LOG_DEBUG
 * @file: source file of the library that logs
 * @line: its line
 * @fn: its function
 * @format: printf format of the message (no trailing newline)
 * @args: the arguments
 *
 * Called only for messages at or below the context's log priority.
 */
typedef void (*sp_log_fn)(struct sp_ctx *ctx, void *userdata, int priority,
			  const char *file, int line, const char *fn,
			  const char *format, va_list args);

/**
 * sp_new() - create a library context
 * @ctx: on success, the new context, holding one reference
 *
 * The log priority starts from the environment variable STORPROTO_LOG
 * ("err", "info", "debug" or a syslog priority number; default "err"),
 * and the debugfs mount point from STORPROTO_DEBUGFS (default
 * "/sys/kernel/debug"). No log function is set: until sp_set_log_fn() is
 * called, messages are dropped.
 *
 * A context may be used by one thread at a time; use one context per
 * thread to work from several threads.
 *
 * Return: 0, or -ENOMEM.
 */
int sp_new(struct sp_ctx **ctx);

/**
 * sp_ref() - take a reference to a context
 * @ctx: the context, or NULL
 *
 * Return: @ctx.
 */
struct sp_ctx *sp_ref(struct sp_ctx *ctx);

/**
 * sp_unref() - drop a reference to a context
 * @ctx: the context, or NULL
 *
 * The context is freed when its last reference is dropped.
 */
void sp_unref(struct sp_ctx *ctx);

/**
 * sp_set_log_fn() - set the function that receives the library's messages
 * @ctx: the context
 * @fn: the log function, or NULL to drop messages
 * @userdata: passed to @fn as it is
 */
void sp_set_log_fn(struct sp_ctx *ctx, sp_log_fn fn, void *userdata);

/**
 * sp_get_log_priority() - the context's log priority
 * @ctx: the context
 *
 * Return: the syslog priority up to which messages are logged.
 */
int sp_get_log_priority(struct sp_ctx *ctx);

/**
 * sp_set_log_priority() - set the context's log priority
 * @ctx: the context
 * @priority: LOG_ERR (failures only), LOG_INFO or LOG_DEBUG (everything)
 */
void sp_set_log_priority(struct sp_ctx *ctx, int priority);

/**
 * sp_get_debugfs() - where the context looks for debugfs
 * @ctx: the context
 *
 * Return: the debugfs mount point, owned by @ctx.
 */
const char *sp_get_debugfs(struct sp_ctx *ctx);

/**
 * sp_set_debugfs() - set where the context looks for debugfs
 * @ctx: the context
 * @dir: the directory that stands for debugfs's mount point; its
 *       storproto/workers file is read by sp_workers_get(). NULL restores
 *       the default, "/sys/kernel/debug".
 *
 * Return: 0, or -ENOMEM, or -EINVAL when @dir is empty.
 */
int sp_set_debugfs(struct sp_ctx *ctx, const char *dir);

/**
 * sp_version() - the library's version
 *
 * Return: "major.minor.patch" of the library in use (static storage).
 */
const char *sp_version(void);

#ifdef __cplusplus
}
#endif

#endif /* _STORPROTO_CTX_H */
