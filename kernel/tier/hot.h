/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hot tier as block cache and write log (kernel side; the layout,
 * the write log scan, admission and the slot allocator are in cache.h).
 * Used when the first tier is DAX and not a capacity tier: its hot area
 * holds 4 KiB slots, reached with loads and stores.
 *
 * Every call is made by the worker that owns the block's extent, except
 * sp_hot_read_hit() and sp_hot_write_direct() (the submitter's context,
 * for up to SP_HOT_DIRECT_BLOCKS), sp_hot_complete() (any context), the
 * write-back work and the control calls (flush, mode, status), which take
 * the cache's lock.
 */
#ifndef SP_TIER_HOT_H
#define SP_TIER_HOT_H

#include <linux/blk_types.h>

/* A read or write handled in its submitter's context: at most 16 blocks. */
#define SP_HOT_DIRECT_BLOCKS	16U

struct sp_set;
struct sp_req;
struct sp_status;

/*
 * Set up the cache over the set's hot area: find the write log left by
 * the last activation (or lay out an empty cache). Return 0 (set->hot is
 * NULL when the set has no DAX hot area), or a negative errno with @error.
 */
int sp_hot_open(struct sp_set *set, const char **error);
/* Stop write-back (dirty blocks stay in the log) and free the cache. */
void sp_hot_close(struct sp_set *set);

/*
 * Worker side. Return true when the cache took @req (it completes on its
 * own); false to send it to the capacity tiers as usual (the cache may
 * have attached work for sp_hot_complete()).
 */
bool sp_hot_read(struct sp_set *set, struct sp_req *req);
/*
 * Submitter side (may sleep): serve read @req from the hot tier and
 * complete it when every block of it (at most 16) is cached, as
 * sp_hot_read() would; otherwise change nothing and return false.
 */
bool sp_hot_read_hit(struct sp_set *set, struct sp_req *req);
bool sp_hot_write(struct sp_set *set, struct sp_req *req);
/*
 * Submitter side (may sleep): take write @req of at most 16 blocks into the
 * log in writeback mode as sp_hot_write() would (it completes, or waits
 * for a slot and then goes to its worker); otherwise return false, having
 * changed nothing but the stream detector's note in @req's flags.
 */
bool sp_hot_write_direct(struct sp_set *set, struct sp_req *req);
/* Forget cached blocks of logical extents [@first, @end) (a discard). */
void sp_hot_discard(struct sp_set *set, u64 first, u64 end);
/* @req went to the capacity tiers and completed. Any context. */
void sp_hot_complete(struct sp_set *set, struct sp_req *req,
		     blk_status_t status);

/* Write every dirty block back; wait. Return 0 or -EIO. */
int sp_hot_flush(struct sp_set *set);
/* Take cache knobs (mode, cutoff, dirty marks); a mode without write-back
 * first writes every dirty block back. Return 0 or -EIO. */
int sp_hot_set_mode(struct sp_set *set, u32 mode);
void sp_hot_stop(struct sp_set *set);	/* suspend: no write-back */
void sp_hot_start(struct sp_set *set);

void sp_hot_fill_status(struct sp_set *set, struct sp_status *st);

struct sp_knobs;
/* Take the cutoff and dirty marks; a return to writeback. */
void sp_hot_knobs(struct sp_set *set, const struct sp_knobs *k);

int sp_hot_init(void);
void sp_hot_exit(void);

#endif /* SP_TIER_HOT_H */
