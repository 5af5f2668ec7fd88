/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * storproto user ABI. This header only grows: numbers are never reused and
 * structs carry explicit reserved fields.
 *
 * Version 1 of the ABI offers the device-mapper target "storproto" (its
 * table and status lines are documented in
 * Documentation/admin-guide/storproto.rst) and the per-worker statistics
 * in debugfs. Netlink, ioctl and uring_cmd interfaces come in later
 * versions.
 */
#ifndef _UAPI_LINUX_STORPROTO_H
#define _UAPI_LINUX_STORPROTO_H

/* Name of the device-mapper target. */
#define STORPROTO_DM_TARGET		"storproto"

/* Version of the dm target ("dmsetup targets" prints it). */
#define STORPROTO_DM_VERSION_MAJOR	1
#define STORPROTO_DM_VERSION_MINOR	0
#define STORPROTO_DM_VERSION_PATCH	0

/*
 * Per-worker statistics, one table in debugfs: a header line naming the
 * columns, then one line per worker:
 *   worker cpu online requests batches coalesced mean_batch queue_hwm queued
 */
#define STORPROTO_DEBUGFS_DIR		"storproto"
#define STORPROTO_DEBUGFS_WORKERS	"workers"

#endif /* _UAPI_LINUX_STORPROTO_H */
