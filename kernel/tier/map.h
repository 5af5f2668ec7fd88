/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The extent map (logical extent -> location), the allocator of physical
 * extents per tier, and recovery: loading the newest valid checkpoint and
 * replaying the journal after it. Pure logic: builds in the module and in
 * the unit tests; I/O goes through a caller-supplied reader.
 *
 * Locking is the caller's business: the map has no locks of its own.
 */
#ifndef SP_TIER_MAP_H
#define SP_TIER_MAP_H

#include "format.h"

struct sp_tier_alloc {
	u64 nr;			/* physical extents on the tier */
	u64 nr_free;
	u64 hint;		/* the next search starts here */
	u64 *used;		/* bitmap, one bit per physical extent */
};

struct sp_map {
	struct sp_layout l;
	u32 *loc;		/* l.map_capacity entries; l.nr_extents in use */
	struct sp_tier_alloc t[SP_MAX_TIERS];
};

/* An empty map for @l: every extent unmapped, every tier free. */
int sp_map_init(struct sp_map *m, const struct sp_layout *l);
void sp_map_destroy(struct sp_map *m);

/*
 * Take in a grown layout (sp_layout_grow() of the map's own): the tiers'
 * allocators get the new physical extents, free. Return 0 or -ENOMEM
 * (the map is then unchanged).
 */
int sp_map_grow(struct sp_map *m, const struct sp_layout *l);

/**
 * sp_map_rebuild_alloc() - derive the allocation state from the map
 * Return: 0, or -EUCLEAN when an entry points outside the set or two
 * logical extents share one physical extent (@error says which).
 */
int sp_map_rebuild_alloc(struct sp_map *m, const char **error);

/* Take a free extent on the fastest capacity tier at or after @first_tier
 * that has one. Return: its location, or SP_LOC_NONE. */
u32 sp_map_alloc(struct sp_map *m, unsigned int first_tier);

/* Take a free extent on @tier exactly. Return: location or SP_LOC_NONE. */
u32 sp_map_alloc_on(struct sp_map *m, unsigned int tier);

/* Give back a physical extent. */
void sp_map_release(struct sp_map *m, u32 loc);

static inline u64 sp_map_used(const struct sp_map *m, unsigned int tier)
{
	return m->t[tier].nr - m->t[tier].nr_free;
}

/* What one reading of the metadata found. */
struct sp_recovery {
	unsigned int ckpt_slot;		/* the checkpoint loaded */
	u64 ckpt_generation;
	u64 replay_seq;			/* first journal block replayed */
	u64 next_seq;			/* the next journal block to write */
	u64 blocks;			/* journal blocks replayed */
	u64 records;			/* records applied */
	bool torn_tail;			/* the last commit was cut short */
};

/* Reads @len bytes (a multiple of 512) at @sector of the metadata tier. */
struct sp_md_reader {
	int (*read)(void *ctx, u64 sector, void *buf, size_t len);
	void *ctx;
};

/**
 * sp_recover() - load the newest valid checkpoint and replay the journal
 * @m: an initialised map for @sb's layout; filled in
 * @sb: the set's superblock
 * @rd: how to read the metadata tier
 * @block: a scratch buffer of 2 * SP_MD_BLOCK_SIZE bytes
 * @res: what was found
 * @error: on failure, a sentence saying what is wrong
 *
 * A torn last commit (power cut while the journal was written) is the
 * normal end of the journal. A damaged block followed by a valid later
 * commit, a journal newer than every valid checkpoint, a record outside
 * the set, or no valid checkpoint is corruption.
 *
 * Return: 0; -EUCLEAN on corruption; the reader's error on I/O failure.
 */
int sp_recover(struct sp_map *m, const struct sp_sb *sb,
	       const struct sp_md_reader *rd, void *block,
	       struct sp_recovery *res, const char **error);

#endif /* SP_TIER_MAP_H */
