/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstorproto: statistics of the storage I/O workers, read from debugfs
 * (<debugfs>/storproto/workers; see sp_set_debugfs()).
 */
#ifndef _STORPROTO_WORKERS_H
#define _STORPROTO_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sp_ctx;

/* One storage I/O worker. */
struct sp_worker {
	unsigned int index;		/* worker index; routing uses it */
	unsigned int cpu;		/* the CPU it belongs to */
	int online;			/* 1: the CPU is online, worker on it */
	uint64_t requests;		/* requests handled */
	uint64_t batches;		/* batches handled, one plug each */
	uint64_t coalesced;		/* requests contiguous with the last */
	uint64_t mean_batch_x100;	/* requests / batches, times 100 */
	uint64_t queue_hwm;		/* most requests ever queued at once */
	uint64_t queued;		/* requests queued now */
};

/**
 * sp_workers_get() - read the statistics of every storage I/O worker
 * @ctx: library context
 * @workers: on success, an array of *@nr workers in the kernel's order
 *           (NULL when there is none); free it with sp_workers_free()
 * @nr: on success, the number of workers
 *
 * Columns that a later module appends to the table are ignored.
 *
 * Return: 0 on success, or a negative errno: -ENOENT when the table does
 * not exist, because the storproto module is not loaded or debugfs is not
 * mounted (which of the two is logged at LOG_ERR), -EACCES without the
 * privilege to read debugfs (root), -EPROTO when the table cannot be
 * decoded, -ENOMEM, or the errno of a failed read.
 */
int sp_workers_get(struct sp_ctx *ctx, struct sp_worker **workers, size_t *nr);

/**
 * sp_workers_free() - free what sp_workers_get() returned
 * @workers: the array, or NULL
 */
void sp_workers_free(struct sp_worker *workers);

#ifdef __cplusplus
}
#endif

#endif /* _STORPROTO_WORKERS_H */
