/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Storage I/O workers: one kernel thread per CPU of the workers= cpulist.
 * Front ends queue struct sp_req to the worker that owns the address (see
 * part.h); the worker drains its queue in batches, sorted and submitted
 * under one plug.
 */
#ifndef SP_WORKER_H
#define SP_WORKER_H

#include "req.h"

int sp_workers_init(const char *cpulist);
void sp_workers_exit(void);

/* Number of workers; fixed while the module is loaded. */
unsigned int sp_workers_nr(void);

/* The worker whose CPU is the caller's, or a fixed one if none is. */
unsigned int sp_worker_local(void);

/* Queue @req to worker @index (< sp_workers_nr()). Any context. */
void sp_worker_queue(unsigned int index, struct sp_req *req);

#endif /* SP_WORKER_H */
