/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batching in the storage I/O workers: a worker drains up to SP_BATCH_MAX
 * requests at a time, orders them by class (flushes, reads, writes, other)
 * and address, keeping arrival order among equal addresses, and submits
 * them under one plug, so that the block layer merges neighbours. Pure
 * logic.
 */
#ifndef SP_BATCH_H
#define SP_BATCH_H

#include "sp_types.h"

#define SP_BATCH_MAX	64

enum sp_class {
	SP_CLASS_FLUSH,		/* empty PREFLUSH */
	SP_CLASS_READ,
	SP_CLASS_WRITE,
	SP_CLASS_OTHER,		/* discard, write zeroes, anything else */
};

/* What batching needs to know of a request; embedded in struct sp_req. */
struct sp_addr {
	u64 sector;
	u32 nr_sectors;
	u8 class;		/* enum sp_class */
};

/* Stable sort of @v[0..n) by (class, sector). */
void sp_batch_sort(struct sp_addr **v, unsigned int n);

/*
 * Number of entries of a sorted batch that start where their predecessor
 * of the same class ends: requests the plug can merge into a neighbour.
 */
unsigned int sp_batch_contiguous(struct sp_addr *const *v, unsigned int n);

#endif /* SP_BATCH_H */
