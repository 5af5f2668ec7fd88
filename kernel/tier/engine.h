/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tier engine: a set of tiers (fastest first) behind one logical
 * block device, with an extent map kept crash-consistent by a journal and
 * checkpoints on the metadata tier. Front ends hand it requests through
 * the storage I/O workers; each extent is owned by one worker, so only
 * that worker changes the extent's mapping.
 *
 * A set is shared by every dm table that names it (a reload builds the
 * new table while the old one is live), found by the uuid in its
 * superblocks.
 */
#ifndef SP_TIER_ENGINE_H
#define SP_TIER_ENGINE_H

#include <linux/blk_types.h>

#include "format.h"

struct dm_dev;
struct sp_req;
struct sp_set;
struct sp_status;
struct sp_knobs;

enum sp_set_state {
	SP_SET_OK,
	SP_SET_DEGRADED,	/* a tier returned I/O errors */
	SP_SET_READ_ONLY,	/* metadata cannot be written: writes fail */
	SP_SET_NEEDS_CHECK,	/* metadata is corrupt: all I/O fails */
};

struct sp_set_args {
	unsigned int nr_tiers;
	struct dm_dev *dev[SP_MAX_TIERS];
	bool format;
	bool writable;		/* the table was loaded read-write */
	sector_t len;		/* the target's length */
	u32 extent_sectors;	/* 0: as formatted (or the default) */
	u32 capacity_mask;	/* 0: as formatted (or the default) */
	const struct sp_knobs *knobs;	/* checked against the set */
};

int sp_engine_init(void);
void sp_engine_exit(void);

/**
 * sp_set_get() - format, activate or find the set on @a's devices
 * @a: the table's devices and choices
 * @setp: the set, with a reference for the caller
 * @error: on failure, a sentence for ti->error
 *
 * Nothing is written unless @a->format is set and every check passed.
 * Return: 0 or a negative errno.
 */
int sp_set_get(const struct sp_set_args *a, struct sp_set **setp,
	       const char **error);
void sp_set_put(struct sp_set *set);

const struct sp_layout *sp_set_layout(const struct sp_set *set);

/* Worker side: carry out @req; its bio completes through the front end. */
void sp_set_execute(struct sp_set *set, struct sp_req *req);
/*
 * Submitter side (dm's map; may sleep): serve read @req from the hot tier
 * cache when it holds all of it, and complete it. Return false (nothing
 * done) to queue @req to its worker as usual.
 */
bool sp_set_read_hit(struct sp_set *set, struct sp_req *req);
/*
 * Submitter side (dm's map; may sleep): take write @req into the hot tier's
 * write log in writeback mode (sp_hot_write_direct()). Return false
 * (nothing done) to queue @req to its worker as usual.
 */
bool sp_set_log_write(struct sp_set *set, struct sp_req *req);
/*
 * Submitter side: a PREFLUSH that needs no commit (no write completed on a
 * capacity tier since the last commit began: see sp_set_preflush()) is met
 * at once. Its flag is dropped from @req and its bio; an empty flush is
 * completed (return true). Otherwise (false) @req goes on as it was, or
 * without the flag.
 */
bool sp_set_preflush_met(struct sp_set *set, struct sp_req *req);
/* The front end saw @req's bio complete. Any context. */
void sp_set_complete(struct sp_set *set, struct sp_req *req,
		     blk_status_t status);

/*
 * Queue extents [@first, @first + @count) to move to @tier; they move in
 * the background. Return 0, or -EINVAL/-EIO with @error set.
 */
int sp_set_migrate(struct sp_set *set, u64 first, u64 count, u64 tier,
		   const char **error);

/* "migrate pause" (@pause) and "migrate resume". */
void sp_set_migrate_pause(struct sp_set *set, bool pause);

/*
 * Switch the hot tier to the cache mode of the knobs taken last; leaving
 * writeback writes every dirty block back first (may take long). Process
 * context. Return 0 or -EIO.
 */
int sp_set_apply_cache_mode(struct sp_set *set);
/* "flush": write every dirty block of the write log back; wait. */
int sp_set_flush_cache(struct sp_set *set);
/* Has the set a hot tier cache (and so 4 KiB logical blocks)? */
bool sp_set_has_cache(const struct sp_set *set);

/* Can @k apply to @set? Return 0, or -EINVAL with @error. */
int sp_set_check_knobs(struct sp_set *set, const struct sp_knobs *k,
		       const char **error);

/* Take the table's (or a message's) policy knobs. */
void sp_set_knobs(struct sp_set *set, const struct sp_knobs *k);

/*
 * "where <first> <count>": each extent's tier ("-" when unmapped) and
 * heat, as "tier:heat" words. Return 0, -EINVAL or -ENOSPC with @error.
 */
int sp_set_where(struct sp_set *set, u64 first, u64 count, char *result,
		 unsigned int maxlen, const char **error);

/* dm presuspend: finish the move under way, start no other. */
void sp_set_presuspend(struct sp_set *set);
void sp_set_presuspend_undo(struct sp_set *set);
/* dm postsuspend: commit and checkpoint, stop the periodic commit. */
void sp_set_suspend(struct sp_set *set);
/* dm preresume: take in tiers that grew (found by a reload). */
int sp_set_preresume(struct sp_set *set);
/* dm resume: restart the periodic commit and the moves. */
void sp_set_resume(struct sp_set *set);

void sp_set_fill_status(struct sp_set *set, struct sp_status *st);

#endif /* SP_TIER_ENGINE_H */
