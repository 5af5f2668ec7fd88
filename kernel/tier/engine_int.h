/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tier engine's own structures, shared by its files (engine.c: data
 * path, metadata, migration, policy; hot.c: the hot tier as cache and
 * write log). Nothing outside kernel/tier/ includes this.
 */
#ifndef SP_TIER_ENGINE_INT_H
#define SP_TIER_ENGINE_INT_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../part.h"
#include "../req.h"
#include "../transport/transport.h"
#include "engine.h"
#include "map.h"
#include "policy.h"

struct sp_hot;

/* Records kept between commits, at most; a full buffer commits. */
#define SP_PEND_BLOCKS		8U
#define SP_PEND_MAX		(SP_PEND_BLOCKS * (unsigned int)SP_JBLOCK_ENTRIES)
#define SP_COMMIT_INTERVAL	HZ
#define SP_POLICY_INTERVAL	HZ	/* a placement round */
#define SP_THROTTLE_WAIT_MS	50U	/* a back-off step of migration */
#define SP_THROTTLE_MAX_WAITS	20U	/* then one move goes anyway */
#define SP_THROTTLE_MIN_IOS	4U	/* fewer in a window: no signal */
#define SP_MIG_CHUNK_SECTORS	256U	/* DAX copies go through 128 KiB */
#define SP_NO_EXTENT		U64_MAX
/*
 * How long (ms) a write waits for room that is only lent out (a move's
 * destination, frees not yet committed or still under I/O) before ENOSPC:
 * a time, not a number of tries, so slow tiers do not turn a wait into an
 * error.
 */
#define SP_RECLAIM_MS		10000U
/* A move waits at most this long (ms) for writes waiting for room. */
#define SP_ROOM_WAIT_MS		1000U

enum sp_mig_kind { SP_MIG_START, SP_MIG_FINISH };

/* A step of a move, carried out by the extent's owning worker. */
struct sp_mig_step {
	struct sp_req req;
	struct sp_set *set;
	enum sp_mig_kind kind;
	u32 lext;
	unsigned int tier;
	u32 src, dst;
	int result;
	struct completion done;
};

/* What queued a move. */
enum sp_mig_why {
	SP_WHY_MESSAGE,		/* "migrate" */
	SP_WHY_PROMOTE,		/* the policy: hot, up */
	SP_WHY_DEMOTE,		/* the policy: cold, or over the watermark, down */
	SP_WHY_EVACUATE,	/* off the tier being evacuated */
};

/* Extents [next, end) to move to @tier. */
struct sp_mig_range {
	struct list_head node;
	u64 next, end;
	unsigned int tier;
	enum sp_mig_why why;
};

struct sp_tier {
	struct sp_transport tr;
	atomic_t dirty;			/* written to since its last flush */
	dev_t devt;
	atomic_t *inflight;		/* per physical extent: bios in flight */
	atomic64_t errors;
	char name[16];
};

struct sp_set {
	struct list_head node;		/* on sp_sets */
	unsigned int users;		/* under sp_sets_lock */
	char id[9];			/* uuid prefix, for log lines */
	struct sp_sb sb;		/* uuid, generation, layout */
	unsigned int nr_tiers;
	struct sp_tier tier[SP_MAX_TIERS];
	struct dm_io_client *io;
	bool writable;
	atomic_t state;			/* enum sp_set_state */

	/* The map, the allocator and the uncommitted records. */
	spinlock_t lock;
	struct sp_map map;
	u32 *pend_lext, *pend_loc;	/* SP_PEND_MAX each */
	unsigned int nr_pend;
	u32 *frees;			/* given up, not yet committed */
	u64 nr_frees;
	u64 nr_committing;		/* frees taken by the commit under way */
	u64 records;			/* appended since activation */

	/* Commit state, under commit_mutex. */
	struct mutex commit_mutex;
	u32 *c_lext, *c_loc, *c_frees;	/* what the commit took */
	void *jbuf;			/* SP_PEND_BLOCKS journal blocks */
	void *ckbuf;			/* checkpoint header + map */
	u64 next_seq;			/* next journal block */
	u64 replay_seq;			/* of the newest checkpoint */
	u64 ckpt_generation;
	unsigned int ckpt_slot;		/* the slot the next checkpoint uses */
	u64 commits_started;		/* READ_ONCE outside the mutex */
	u64 commits_done;
	u64 records_committed;		/* records taken by finished commits */
	/* Foreground writes completed on capacity tiers, and how many of
	 * them the last finished commit covered: a PREFLUSH with nothing
	 * new there (in writeback, every write went to the log) commits
	 * nothing. */
	atomic64_t fg_writes;
	u64 fg_writes_committed;	/* READ_ONCE outside the mutex */
	struct delayed_work commit_work;
	bool running;			/* periodic commit scheduled */

	/* Migration. */
	struct sp_part part;		/* which worker owns an extent */
	spinlock_t mig_lock;		/* mig_ranges, mig_stop */
	struct list_head mig_ranges;
	bool mig_stop;			/* suspended: do not start moves */
	struct work_struct mig_work;
	struct dm_kcopyd_client *kc;
	void *mig_buf;			/* SP_MIG_CHUNK_SECTORS, DAX copies */
	struct sp_mig_step step;
	u64 mig_lext;			/* being moved; owner worker writes */
	struct sp_req *park_head;	/* parked requests, owner worker only */
	struct sp_req **park_tail;

	struct sp_hot *hot;		/* the hot tier's cache, or NULL */

	/* Placement policy (policy.h). */
	u32 *heat;			/* per logical extent; cmpxchg (policy.h) */
	u16 heat_epoch;			/* READ_ONCE; the policy work advances it */
	unsigned long epoch_start;	/* jiffies */
	struct sp_knobs knobs;		/* under mig_lock; v[] read with READ_ONCE */
	bool mig_paused;		/* "migrate pause"; under mig_lock */
	u64 auto_pending;		/* policy moves queued; under mig_lock */
	struct delayed_work policy_work;
	bool policy_running;		/* under sp_sets_lock */
	struct sp_policy_scratch *ps;	/* policy work only */
	struct sp_move *moves;
	u64 hist[SP_MAX_TIERS][SP_HEAT_BUCKETS];	/* under mig_lock */
	struct sp_throttle thr;		/* migration work only */
	atomic64_t fg_lat_ns, fg_ios;	/* foreground I/O of this window */
	atomic64_t throttled;		/* back-off steps taken */
	atomic64_t promotions, demotions, evacuated;

	/* Growth found by a reload's constructor, applied at its preresume. */
	struct sp_layout grow;		/* under sp_sets_lock */
	bool grow_pending;

	atomic64_t commits;
	atomic64_t checkpoints;
	u64 recovery_ms;
	atomic64_t migrations_done;
	atomic64_t migrations_in_flight;
	atomic_t room_waiters;		/* writes waiting for a free extent */
};


enum sp_set_state sp_set_state(struct sp_set *set);
void sp_set_worsen(struct sp_set *set, enum sp_set_state to);
void sp_set_count_error(struct sp_set *set, unsigned int tier,
			blk_status_t status);
/* Commit what is pending and wait for it (a flush of the set). */
int sp_commit_barrier(struct sp_set *set);
void sp_req_end(struct sp_req *req, blk_status_t status);

#endif /* SP_TIER_ENGINE_INT_H */
