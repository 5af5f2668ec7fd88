/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The hot tier as block cache and write log: the pure parts. The hot area
 * of the metadata tier (a DAX device) is divided into 4 KiB slots, each
 * described by a 16-byte entry of a slot table in front of them:
 *
 *   hot area:  cache header (4 KiB) | slot table (16 B per slot, 4 KiB
 *              aligned) | slots (4 KiB each)
 *
 * A slot holds one logical 4 KiB block, clean (a copy of what the capacity
 * tiers hold) or dirty (newer than they, to be written back). Only dirty
 * slots are described on the medium: a write stores the data, then the
 * entry's sequence number, then its block number with the dirty bit, each
 * store made persistent before the next; a slot written back, superseded
 * or discarded has its dirty bit cleared. After a crash the dirty entries,
 * the newest per block, are the write log to replay; clean slots start
 * empty.
 *
 * Also here: the frequency sketch that admits blocks to the cache (a
 * count-min sketch of 4-bit counters, halved as it fills, as in TinyLFU),
 * the CLOCK slot allocator, and the detector of sequential streams.
 * Builds in the module and in the unit tests.
 */
#ifndef SP_TIER_CACHE_H
#define SP_TIER_CACHE_H

#include "format.h"

#define SP_CACHE_MAGIC		"SPROTOHC"
#define SP_CACHE_BLOCK		4096U
#define SP_CACHE_BLOCK_SECTORS	8U
#define SP_CACHE_MIN_SLOTS	16U

/* Entry flags, in the top bits of lblock_flags. */
#define SP_CSLOT_DIRTY		(1ULL << 63)
#define SP_CSLOT_LBLOCK_MASK	((1ULL << 56) - 1)

struct sp_cslot_disk {
	__le64 lblock_flags;	/* logical 4 KiB block | SP_CSLOT_DIRTY */
	__le64 seq;		/* write order: the highest wins per block */
};

struct sp_cache_hdr_disk {
	u8 magic[SP_MAGIC_LEN];	/* SP_CACHE_MAGIC */
	__le32 crc;		/* crc32c of the 4 KiB block, this field 0 */
	__le32 block_size;	/* SP_CACHE_BLOCK */
	u8 uuid[SP_UUID_LEN];	/* the set's */
	__le64 nr_slots;
	__le64 table_offset;	/* bytes from the start of the hot area */
	__le64 data_offset;
};

/* Where things are in a hot area, in bytes from its start. */
struct sp_cache_layout {
	u64 nr_slots;
	u64 table_offset;
	u64 data_offset;
};

/**
 * sp_cache_layout() - lay out a hot area of @bytes
 * Return: 0, or -ENOSPC when fewer than SP_CACHE_MIN_SLOTS fit.
 */
int sp_cache_layout(struct sp_cache_layout *cl, u64 bytes);

void sp_cache_hdr_encode(const struct sp_cache_layout *cl, const u8 *uuid,
			 void *block);
/*
 * Return 0, -ENOENT (no header: a hot area never used as a cache), or
 * -EBADMSG (damaged, another set's, or not the layout of @bytes).
 */
int sp_cache_hdr_decode(const void *block, const u8 *uuid, u64 bytes,
			struct sp_cache_layout *cl);

static inline void sp_cslot_encode(struct sp_cslot_disk *d, u64 lblock,
				   bool dirty, u64 seq)
{
	d->seq = cpu_to_le64(seq);
	d->lblock_flags = cpu_to_le64((lblock & SP_CSLOT_LBLOCK_MASK) |
				      (dirty ? SP_CSLOT_DIRTY : 0));
}

/* A dirty block of the write log, as found on the medium. */
struct sp_clog_ent {
	u64 lblock;
	u64 seq;
	u32 slot;
};

/* What a scan of the slot table found. */
struct sp_clog_scan {
	u64 nr_dirty;		/* entries in ent[], one per block, newest */
	u64 nr_stale;		/* dirty entries superseded by a newer one */
	u64 max_seq;		/* the highest sequence number seen */
};

/**
 * sp_clog_scan() - find the write log in a slot table
 * @table: the slot table, @nr_slots entries
 * @nr_slots: its entries
 * @nr_lblocks: logical 4 KiB blocks of the device
 * @ent: room for @nr_slots entries; filled with the newest dirty entry of
 *	 each block, sorted by block
 * @stale: room for @nr_slots slot numbers; filled with the dirty slots
 *	   that a newer entry of the same block supersedes
 * @res: counts
 * @error: on failure, what is wrong
 *
 * Return: 0, or -EUCLEAN when a dirty entry names a block outside the
 * device (the table is not one this set wrote).
 */
int sp_clog_scan(const struct sp_cslot_disk *table, u64 nr_slots,
		 u64 nr_lblocks, struct sp_clog_ent *ent, u32 *stale,
		 struct sp_clog_scan *res, const char **error);

/* ---- admission: frequency sketch ---- */

struct sp_sketch {
	u64 *table;		/* 16 4-bit counters per word */
	u32 mask;		/* words - 1 (a power of two) */
	u32 additions;		/* since the last halving */
	u32 sample;		/* halve after this many additions */
};

/* A sketch for about @items distinct blocks (the cache's slots). */
int sp_sketch_init(struct sp_sketch *s, u64 items);
void sp_sketch_destroy(struct sp_sketch *s);
void sp_sketch_add(struct sp_sketch *s, u64 key);
unsigned int sp_sketch_estimate(const struct sp_sketch *s, u64 key);

/* TinyLFU: a candidate replaces a victim only if it is used more often. */
static inline bool sp_admit(const struct sp_sketch *s, u64 candidate,
			    u64 victim)
{
	return sp_sketch_estimate(s, candidate) > sp_sketch_estimate(s, victim);
}

/* ---- the slot allocator: free slots, then CLOCK over clean ones ---- */

enum sp_slot_state {
	SP_SLOT_FREE,
	SP_SLOT_CLEAN,		/* evictable when not referenced or in use */
	SP_SLOT_DIRTY,
	SP_SLOT_BUSY,		/* being filled, written back or read */
};

struct sp_slots {
	u32 nr;
	u8 *state;		/* enum sp_slot_state */
	u8 *ref;		/* used since the hand last passed */
	u32 *free;		/* stack of free slots (may hold stale entries) */
	u32 nr_free;
	u32 nr_unused;		/* slots in state FREE */
	u32 hand;
	u32 nr_dirty;
};

int sp_slots_init(struct sp_slots *s, u32 nr);
void sp_slots_destroy(struct sp_slots *s);

#define SP_SLOT_NONE	U32_MAX

/* Take a free slot (state BUSY), or SP_SLOT_NONE. */
u32 sp_slots_take_free(struct sp_slots *s);

/*
 * The next clean slot the CLOCK hand finds unreferenced (clearing the
 * references it passes), looking at @max_scan slots at most; it stays
 * CLEAN, for the caller to evict. SP_SLOT_NONE when none was found.
 */
u32 sp_slots_victim(struct sp_slots *s, u32 max_scan);
/*
 * As sp_slots_victim(), passing over the slots with a nonzero @pins[] count
 * too. With @max_scan at twice the slots (the first turn clears every
 * reference), SP_SLOT_NONE means no clean unpinned slot exists.
 */
u32 sp_slots_victim_unpinned(struct sp_slots *s, u64 max_scan, const u16 *pins);

/* Change a slot's state, keeping the free stack and the dirty count. */
void sp_slots_set(struct sp_slots *s, u32 slot, enum sp_slot_state st);

static inline void sp_slots_touch(struct sp_slots *s, u32 slot)
{
	s->ref[slot] = 1;
}

/* ---- sequential streams ---- */

#define SP_SEQ_STREAMS		8U

struct sp_seq {
	u64 next[SP_SEQ_STREAMS];	/* sector a continuation starts at */
	u64 len[SP_SEQ_STREAMS];	/* sectors in the stream so far */
	u64 used[SP_SEQ_STREAMS];	/* tick of the last access */
	u64 tick;
};

/*
 * Note a read of @nr sectors at @sector. Return the length of the stream
 * it continues, this read included, in sectors (just @nr for a new one).
 * A stream is tracked until SP_SEQ_STREAMS newer ones push it out.
 */
u64 sp_seq_observe(struct sp_seq *q, u64 sector, u32 nr);

#endif /* SP_TIER_CACHE_H */
