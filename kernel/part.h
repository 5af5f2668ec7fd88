/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The partitioner: which storage I/O worker owns an address. The address
 * space is cut into chunks of 2^chunk_shift sectors and each chunk is
 * owned by one worker, chosen by a multiplicative hash of the chunk number
 * so that neighbouring chunks (a sequential stream) spread over all
 * workers. Later protocols hash keys the same way. Pure logic.
 */
#ifndef SP_PART_H
#define SP_PART_H

#include "sp_types.h"

struct sp_part {
	u32 nr_parts;		/* number of workers, at least 1 */
	u32 chunk_shift;	/* log2 of the chunk size in sectors */
};

#define SP_PART_HASH_MUL	0x9E3779B97F4A7C15ULL	/* 2^64 / golden ratio */

/* Spread a 64-bit value over [0, nr) without a division. */
static inline u32 sp_part_reduce(u64 v, u32 nr)
{
	u64 h = v * SP_PART_HASH_MUL;

	return (u32)(((h >> 32) * nr) >> 32);
}

/* The worker that owns @sector. */
static inline u32 sp_part_of(const struct sp_part *p, u64 sector)
{
	return sp_part_reduce(sector >> p->chunk_shift, p->nr_parts);
}

/* Sectors from @sector to the end of its chunk. */
static inline u64 sp_part_chunk_left(const struct sp_part *p, u64 sector)
{
	u64 size = 1ULL << p->chunk_shift;

	return size - (sector & (size - 1));
}

#endif /* SP_PART_H */
