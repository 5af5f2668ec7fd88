// SPDX-License-Identifier: GPL-2.0
/*
 * The tier engine (see engine.h and Documentation/storproto-format.rst).
 *
 * Data path. Every bio lies inside one extent (dm splits at extent
 * boundaries) and reaches the worker that owns the extent. Reads of an
 * unmapped extent return zeroes. The first write to an extent takes a
 * free physical extent on the fastest capacity tier with room, zeroes it
 * (unless the write covers it whole), and records the new mapping; the
 * data then goes to the tier: a remapped bio for a block device, loads and
 * stores for a DAX tier. Whole-extent discards unmap.
 *
 * Metadata. Mapping changes are records, kept in memory until a commit:
 * every tier holding data is flushed, then the records go to the journal
 * ring on the metadata tier in one or more checksummed blocks (FUA). A
 * PREFLUSH commits before anything else happens to its bio, unless no
 * foreground write has completed on a capacity tier since the last commit
 * began (a write in the DAX write log is durable when it completes; what
 * write-back moved stays dirty in the log until its own commit); a FUA
 * write whose mapping is not yet committed commits first. A periodic commit
 * bounds the work a crash can lose. When half the ring is in use (and on
 * suspend) the whole map is written to the older of two checkpoint slots,
 * after which the ring before it may be reused. A physical extent given
 * up by a record becomes free only after the record is committed and no
 * I/O to it is in flight, so after a crash no logical extent can point at
 * another's data.
 *
 * Migration ("dmsetup message ... migrate"). A work item takes the queued
 * extents one at a time, at a limited rate. The extent's owning worker
 * starts the move: it takes a free extent on the destination tier and from
 * then on parks every request for the extent. The work item waits until
 * no I/O to the source is in flight, copies (dm-kcopyd between block
 * devices, loads and stores when a side is DAX), and the owning worker
 * finishes: it records the new location (the source is given up like a
 * discarded extent) and runs the parked requests, in order, against it.
 * A write racing a move is therefore never lost or reordered.
 */
#define pr_fmt(fmt) "storproto: " fmt

#include <linux/blkdev.h>
#include <linux/device-mapper.h>
#include <linux/delay.h>
#include <linux/dm-io.h>
#include <linux/dm-kcopyd.h>
#include <linux/ioprio.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uuid.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "../part.h"
#include "../req.h"
#include "../status.h"
#include "../table.h"
#include "../transport/transport.h"
#include "../worker.h"
#include "engine_int.h"
#include "hot.h"

static LIST_HEAD(sp_sets);
static DEFINE_MUTEX(sp_sets_lock);
static struct workqueue_struct *sp_commit_wq;
static struct workqueue_struct *sp_mig_wq;

static const char *const sp_state_names[] = {
	[SP_SET_OK]		= "ok",
	[SP_SET_DEGRADED]	= "degraded",
	[SP_SET_READ_ONLY]	= "read_only",
	[SP_SET_NEEDS_CHECK]	= "needs_check",
};

const struct sp_layout *sp_set_layout(const struct sp_set *set)
{
	return &set->sb.l;
}

enum sp_set_state sp_set_state(struct sp_set *set)
{
	return (enum sp_set_state)atomic_read(&set->state);
}

/* Move to a worse state (never back). */
void sp_set_worsen(struct sp_set *set, enum sp_set_state to)
{
	int old = atomic_read(&set->state);

	while (old < (int)to) {
		if (atomic_try_cmpxchg(&set->state, &old, (int)to)) {
			pr_err("set %s: state %s -> %s\n", set->id,
			       sp_state_names[old], sp_state_names[to]);
			return;
		}
	}
}


/* ---- metadata I/O on the metadata tier ---- */

static int sp_md_read(void *ctx, u64 sector, void *buf, size_t len)
{
	struct sp_set *set = ctx;

	return sp_transport_read(&set->tier[set->sb.l.meta_tier].tr, set->io,
				 sector, buf, len);
}

static int sp_md_write(struct sp_set *set, u64 sector, const void *buf,
		       size_t len)
{
	return sp_transport_write(&set->tier[set->sb.l.meta_tier].tr, set->io,
				  sector, buf, len);
}

/*
 * Flush every tier written to since its last flush: data written and
 * completed so far becomes durable. A failed flush of a data tier fails
 * this flush (-EIO) and degrades the set; of the metadata tier, it stops
 * the commit (-EROFS).
 */
static int sp_set_flush_tiers(struct sp_set *set)
{
	unsigned int i;
	int ret, err = 0;

	for (i = 0; i < set->nr_tiers; i++) {
		struct sp_tier *t = &set->tier[i];

		if (!atomic_xchg(&t->dirty, 0))
			continue;
		ret = sp_transport_flush(&t->tr);
		if (!ret)
			continue;
		atomic_set(&t->dirty, 1);
		pr_err_ratelimited("set %s: tier %u (%s): flush failed: %d\n",
				   set->id, i, t->name, ret);
		if (i == set->sb.l.meta_tier)
			return -EROFS;
		sp_set_count_error(set, i, BLK_STS_IOERR);
		err = -EIO;
	}
	return err;
}

/* Encode the map (@nr entries) after the header in ckbuf; return its crc. */
static u32 sp_ckpt_fill_map(struct sp_set *set, u64 nr)
{
	__le32 *out = (__le32 *)((u8 *)set->ckbuf + SP_MD_BLOCK_SIZE);
	u64 e;

	for (e = 0; e < nr; e++)
		out[e] = cpu_to_le32(set->map.loc[e]);
	return sp_crc32c(out, (size_t)sp_ckpt_map_bytes(nr));
}

static int sp_ckpt_write(struct sp_set *set, u64 nr, u32 map_crc, u64 replay_seq)
{
	const struct sp_layout *l = &set->sb.l;
	struct sp_ckpt ck = {
		.generation = set->ckpt_generation + 1,
		.replay_seq = replay_seq,
		.nr_entries = nr,
		.map_crc = map_crc,
	};
	size_t len = SP_MD_BLOCK_SIZE +
		     round_up((size_t)sp_ckpt_map_bytes(nr), SECTOR_SIZE);
	int ret;

	memcpy(ck.uuid, set->sb.uuid, SP_UUID_LEN);
	sp_ckpt_encode(&ck, set->ckbuf);
	ret = sp_md_write(set, l->ckpt_offset[set->ckpt_slot], set->ckbuf, len);
	if (ret)
		return ret;
	set->ckpt_generation++;
	set->replay_seq = replay_seq;
	set->ckpt_slot ^= 1;
	atomic64_inc(&set->checkpoints);
	return 0;
}

/* Write @nb encoded blocks from jbuf at ring position next_seq. */
static int sp_journal_write(struct sp_set *set, unsigned int nb)
{
	const struct sp_layout *l = &set->sb.l;
	unsigned int done = 0;

	while (done < nb) {
		u64 slot = (set->next_seq + done) % l->journal_blocks;
		unsigned int n = min_t(u64, nb - done, l->journal_blocks - slot);
		int ret = sp_md_write(set, l->journal_offset +
					   slot * SP_MD_BLOCK_SECTORS,
				      (u8 *)set->jbuf + (size_t)done * SP_MD_BLOCK_SIZE,
				      (size_t)n * SP_MD_BLOCK_SIZE);

		if (ret)
			return ret;
		done += n;
	}
	return 0;
}

/* One commit; under commit_mutex. */
static int __sp_commit(struct sp_set *set, bool force_ckpt)
{
	const struct sp_layout *l = &set->sb.l;
	unsigned int n, nb, b;
	u64 nf, i, recs, fg, nr = l->nr_extents;
	bool ckpt;
	u32 crc = 0;
	int ret, flushed;

	if (sp_set_state(set) >= SP_SET_READ_ONLY || !set->writable)
		return -EIO;
	WRITE_ONCE(set->commits_started, set->commits_started + 1);
	/* Before the records are taken: a write counted here recorded its
	 * mapping before it was sent, and completed before the flush below. */
	fg = atomic64_read_acquire(&set->fg_writes);

	spin_lock(&set->lock);
	n = set->nr_pend;
	memcpy(set->c_lext, set->pend_lext, n * sizeof(u32));
	memcpy(set->c_loc, set->pend_loc, n * sizeof(u32));
	set->nr_pend = 0;
	nf = set->nr_frees;
	memcpy(set->c_frees, set->frees, nf * sizeof(u32));
	set->nr_frees = 0;
	set->nr_committing = nf;
	recs = set->records;
	nb = DIV_ROUND_UP(n, (unsigned int)SP_JBLOCK_ENTRIES);
	ckpt = force_ckpt ||
	       set->next_seq + nb - set->replay_seq >= l->journal_blocks / 2;
	if (ckpt)
		crc = sp_ckpt_fill_map(set, nr);
	spin_unlock(&set->lock);

	flushed = sp_set_flush_tiers(set);
	if (flushed == -EROFS) {
		ret = flushed;
		goto fail;
	}

	for (b = 0; b < nb; b++) {
		unsigned int first = b * (unsigned int)SP_JBLOCK_ENTRIES;
		struct sp_jblock jb = {
			.seq = set->next_seq + b,
			.commit_seq = set->next_seq,
			.nr = min_t(unsigned int, n - first, SP_JBLOCK_ENTRIES),
		};

		memcpy(jb.uuid, set->sb.uuid, SP_UUID_LEN);
		sp_jblock_encode(&jb, set->c_lext + first, set->c_loc + first,
				 (u8 *)set->jbuf + (size_t)b * SP_MD_BLOCK_SIZE);
	}
	if (nb) {
		ret = sp_journal_write(set, nb);
		if (ret)
			goto fail;
		set->next_seq += nb;
	}
	if (ckpt) {
		ret = sp_ckpt_write(set, nr, crc, set->next_seq);
		if (ret)
			goto fail;
	}

	/* Committed: what the records gave up may be reused once idle. */
	spin_lock(&set->lock);
	for (i = 0; i < nf; i++) {
		u32 loc = set->c_frees[i];
		struct sp_tier *t = &set->tier[sp_loc_tier(loc)];

		if (atomic_read(&t->inflight[sp_loc_phys(loc)]))
			set->frees[set->nr_frees++] = loc;
		else
			sp_map_release(&set->map, loc);
	}
	set->nr_committing = 0;
	spin_unlock(&set->lock);

	if (nb || ckpt)
		atomic64_inc(&set->commits);
	WRITE_ONCE(set->records_committed, recs);
	if (!flushed)
		WRITE_ONCE(set->fg_writes_committed, fg);
	WRITE_ONCE(set->commits_done, set->commits_started);
	return flushed;

fail:
	spin_lock(&set->lock);
	set->nr_committing = 0;		/* read-only now: never reused */
	spin_unlock(&set->lock);
	pr_err("set %s: metadata commit failed (%d): no more writes are accepted\n",
	       set->id, ret);
	sp_set_worsen(set, SP_SET_READ_ONLY);
	return -EIO;
}

static int sp_commit(struct sp_set *set, bool force_ckpt)
{
	int ret;

	mutex_lock(&set->commit_mutex);
	ret = __sp_commit(set, force_ckpt);
	mutex_unlock(&set->commit_mutex);
	return ret;
}

/* A foreground write on a capacity tier completed: counted for PREFLUSH. */
static void sp_set_fg_write_done(struct sp_set *set)
{
	smp_mb__before_atomic();
	atomic64_inc(&set->fg_writes);
}

/*
 * Make everything completed before now durable: a commit that started
 * after this call began does it; wait for one, or run one.
 */
int sp_commit_barrier(struct sp_set *set)
{
	u64 ticket = READ_ONCE(set->commits_started);
	int ret = 0;

	mutex_lock(&set->commit_mutex);
	if (set->commits_done <= ticket)
		ret = __sp_commit(set, false);
	else if (sp_set_state(set) >= SP_SET_READ_ONLY)
		ret = -EIO;
	mutex_unlock(&set->commit_mutex);
	return ret;
}

/*
 * What a PREFLUSH needs: a commit if a foreground write completed on a
 * capacity tier since the last finished commit began; else nothing (a
 * write in the log was durable when it completed, a discard need not be).
 */
static bool sp_set_commit_due(struct sp_set *set)
{
	return atomic64_read_acquire(&set->fg_writes) != READ_ONCE(set->fg_writes_committed);
}

static int sp_set_preflush(struct sp_set *set)
{
	if (sp_set_commit_due(set))
		return sp_commit_barrier(set);
	return sp_set_state(set) >= SP_SET_READ_ONLY ? -EIO : 0;
}

bool sp_set_preflush_met(struct sp_set *set, struct sp_req *req)
{
	if (!(req->flags & SP_REQ_PREFLUSH) || sp_set_state(set) >= SP_SET_READ_ONLY ||
	    sp_set_commit_due(set))
		return false;
	req->bio->bi_opf &= ~REQ_PREFLUSH;
	req->flags &= ~SP_REQ_PREFLUSH;
	if (req->op != SP_OP_FLUSH)
		return false;
	/* Its completion (sp_set_complete()) finds nothing sent anywhere. */
	req->loc = SP_LOC_NONE;
	req->start_ns = 0;
	sp_req_end(req, BLK_STS_OK);
	return true;
}

static void sp_commit_work(struct work_struct *work)
{
	struct sp_set *set = container_of(to_delayed_work(work), struct sp_set,
					  commit_work);
	bool due;

	spin_lock(&set->lock);
	due = set->nr_pend || set->nr_frees;
	spin_unlock(&set->lock);
	if (due)
		sp_commit(set, false);
	if (sp_set_state(set) < SP_SET_READ_ONLY)
		queue_delayed_work(sp_commit_wq, &set->commit_work,
				   SP_COMMIT_INTERVAL);
}

/*
 * Record lext -> loc (and the physical extent @freed given up, or
 * SP_LOC_NONE). The in-memory map changes at once.
 */
static int sp_set_record(struct sp_set *set, u32 lext, u32 loc, u32 freed)
{
	int ret;

	for (;;) {
		spin_lock(&set->lock);
		if (set->nr_pend < SP_PEND_MAX) {
			set->map.loc[lext] = loc;
			set->pend_lext[set->nr_pend] = lext;
			set->pend_loc[set->nr_pend] = loc;
			set->nr_pend++;
			set->records++;
			if (freed != SP_LOC_NONE)
				set->frees[set->nr_frees++] = freed;
			spin_unlock(&set->lock);
			return 0;
		}
		spin_unlock(&set->lock);
		ret = sp_commit(set, false);
		/* A data tier's failed flush leaves the journal written. */
		if (ret && sp_set_state(set) >= SP_SET_READ_ONLY)
			return ret;
	}
}

/* ---- data path ---- */

void sp_req_end(struct sp_req *req, blk_status_t status)
{
	req->bio->bi_status = status;
	bio_endio(req->bio);
}

void sp_set_count_error(struct sp_set *set, unsigned int tier,
			blk_status_t status)
{
	struct sp_tier *t = &set->tier[tier];
	s64 n = atomic64_inc_return(&t->errors);

	sp_set_worsen(set, SP_SET_DEGRADED);
	if (n == 1 || is_power_of_2(n))
		pr_err("set %s: tier %u (%s): I/O error %d, %lld so far\n",
		       set->id, tier, t->name, blk_status_to_errno(status), n);
}

/* Send @req's bio to @loc, @off sectors into the extent. */
static void sp_set_submit(struct sp_set *set, struct sp_req *req, u32 loc,
			  sector_t off)
{
	struct sp_tier *t = &set->tier[sp_loc_tier(loc)];
	sector_t dsec = sp_layout_loc_sector(&set->sb.l, loc) + off;
	struct bio *bio = req->bio;

	if (sp_transport_is_dax(&t->tr)) {
		blk_status_t st = sp_dax_rw_bio(&t->tr, bio, dsec);

		if (st)
			sp_set_count_error(set, sp_loc_tier(loc), st);
		else if (op_is_write(bio_op(bio)) && !(req->flags & SP_REQ_NOCACHE))
			sp_set_fg_write_done(set);
		sp_req_end(req, st);
		return;
	}
	atomic_inc(&t->inflight[sp_loc_phys(loc)]);
	req->loc = loc;
	req->start_ns = ktime_get_ns();
	if (op_is_write(bio_op(bio)))
		atomic_set(&t->dirty, 1);
	bio->bi_iter.bi_sector = dsec;
	sp_transport_submit(&t->tr, bio);
}

/*
 * A free extent on the fastest capacity tier with room, not on the tier
 * being evacuated unless no other has room. Under set->lock.
 */
static u32 sp_set_alloc_extent(struct sp_set *set)
{
	u32 ev = READ_ONCE(set->knobs.v[SP_KNOB_EVACUATE]);
	unsigned int t;

	for (t = 0; t < set->nr_tiers; t++) {
		u32 loc = t == ev ? SP_LOC_NONE : sp_map_alloc_on(&set->map, t);

		if (loc != SP_LOC_NONE)
			return loc;
	}
	return ev < set->nr_tiers ? sp_map_alloc_on(&set->map, ev) : SP_LOC_NONE;
}

/* Hold @req until the move under way finishes (owner worker only). */
static void sp_set_park(struct sp_set *set, struct sp_req *req)
{
	req->node.next = NULL;
	*set->park_tail = req;
	set->park_tail = (struct sp_req **)&req->node.next;
}

/*
 * No tier has a free extent, yet the set has a physical extent for every
 * logical one: what is missing is only lent out, to the destination of a
 * move under way or to extents given up and not yet committed. Get it back
 * rather than fail the write: wait for the move (park @req if this worker
 * must run the move's last step) and commit the frees.
 * Return 0 to try again, 1 when @req was parked, or a negative errno.
 */
static int sp_set_reclaim_room(struct sp_set *set, struct sp_req *req,
			       unsigned int tries, unsigned long deadline)
{
	u64 moving, frees;

	spin_lock(&set->lock);
	moving = READ_ONCE(set->mig_lext);
	/* Those a commit under way took are released when it ends. */
	frees = set->nr_frees + set->nr_committing;
	spin_unlock(&set->lock);
	if ((moving == SP_NO_EXTENT && !frees) || time_after(jiffies, deadline))
		return -ENOSPC;
	if (moving != SP_NO_EXTENT) {
		sector_t msec = (sector_t)moving << ilog2(set->sb.l.extent_sectors);

		if (sp_part_of(&set->part, msec) ==
		    sp_part_of(&set->part, req->addr.sector)) {
			sp_set_park(set, req);
			return 1;
		}
		/* One extent's copy: bounded by the tiers' own timeouts. */
		while (READ_ONCE(set->mig_lext) == moving)
			usleep_range(500, 1000);
		return 0;
	}
	/* Frees still under I/O are released by a later commit. */
	if (tries)
		usleep_range(1000, 2000);
	return sp_commit_barrier(set) ? -EIO : 0;
}

/*
 * A free, zeroed extent for @lext, recorded; or SP_LOC_NONE with @status
 * set, or with @status BLK_STS_OK when @req was parked.
 */
static u32 sp_set_allocate(struct sp_set *set, struct sp_req *req, u32 lext,
			   bool whole, blk_status_t *status)
{
	const struct sp_layout *l = &set->sb.l;
	unsigned long deadline = jiffies + msecs_to_jiffies(SP_RECLAIM_MS);
	unsigned int tries;
	u32 loc;
	int ret;

	for (tries = 0;; tries++) {
		spin_lock(&set->lock);
		loc = sp_set_alloc_extent(set);
		spin_unlock(&set->lock);
		if (tries)
			atomic_dec(&set->room_waiters);
		if (loc != SP_LOC_NONE)
			break;
		/* Moves wait to start while a write waits for room. */
		atomic_inc(&set->room_waiters);
		ret = sp_set_reclaim_room(set, req, tries, deadline);
		if (ret)
			atomic_dec(&set->room_waiters);
		if (ret == 1) {
			*status = BLK_STS_OK;
			return SP_LOC_NONE;
		}
		if (ret == -EIO) {
			*status = BLK_STS_IOERR;
			return SP_LOC_NONE;
		}
		if (ret) {
			pr_err_ratelimited("set %s: no free extent on any tier\n",
					   set->id);
			*status = BLK_STS_NOSPC;
			return SP_LOC_NONE;
		}
	}
	if (!whole) {
		atomic_set(&set->tier[sp_loc_tier(loc)].dirty, 1);
		ret = sp_transport_zero(&set->tier[sp_loc_tier(loc)].tr,
					sp_layout_loc_sector(l, loc),
					l->extent_sectors);
		if (ret) {
			sp_set_count_error(set, sp_loc_tier(loc), BLK_STS_IOERR);
			goto undo;
		}
	}
	if (sp_set_record(set, lext, loc, SP_LOC_NONE))
		goto undo;
	return loc;

undo:
	spin_lock(&set->lock);
	sp_map_release(&set->map, loc);	/* never mapped: free at once */
	spin_unlock(&set->lock);
	*status = BLK_STS_IOERR;
	return SP_LOC_NONE;
}

static void sp_set_write(struct sp_set *set, struct sp_req *req, u32 lext,
			 sector_t off)
{
	const struct sp_layout *l = &set->sb.l;
	u32 loc = READ_ONCE(set->map.loc[lext]);
	blk_status_t status;

	if (sp_set_state(set) >= SP_SET_READ_ONLY || !set->writable) {
		sp_req_end(req, BLK_STS_IOERR);
		return;
	}
	if (set->hot && !(req->flags & SP_REQ_NOCACHE) && sp_hot_write(set, req))
		return;
	if (loc == SP_LOC_NONE) {
		bool whole = off == 0 && req->addr.nr_sectors == l->extent_sectors;

		loc = sp_set_allocate(set, req, lext, whole, &status);
		if (loc == SP_LOC_NONE) {
			if (status != BLK_STS_OK)
				sp_req_end(req, status);
			return;
		}
	}
	/* A FUA write needs its mapping durable too. */
	if ((req->flags & SP_REQ_FUA) &&
	    READ_ONCE(set->records_committed) != READ_ONCE(set->records) &&
	    sp_commit_barrier(set)) {
		sp_req_end(req, BLK_STS_IOERR);
		return;
	}
	sp_set_submit(set, req, loc, off);
}

static void sp_set_discard(struct sp_set *set, struct sp_req *req)
{
	const struct sp_layout *l = &set->sb.l;
	u64 first = DIV_ROUND_UP_ULL(req->addr.sector, l->extent_sectors);
	u64 end = (req->addr.sector + req->addr.nr_sectors) / l->extent_sectors;
	u64 e;

	if (sp_set_state(set) >= SP_SET_READ_ONLY || !set->writable) {
		sp_req_end(req, BLK_STS_IOERR);
		return;
	}
	/* Whole extents are unmapped; a partial one is left as it is. */
	sp_hot_discard(set, first, min(end, l->nr_extents));
	for (e = first; e < end && e < l->nr_extents; e++) {
		u32 loc = READ_ONCE(set->map.loc[e]);

		if (loc == SP_LOC_NONE)
			continue;
		if (sp_set_record(set, (u32)e, SP_LOC_NONE, loc)) {
			sp_req_end(req, BLK_STS_IOERR);
			return;
		}
	}
	sp_req_end(req, BLK_STS_OK);
}

/* Idle-class I/O leaves no heat behind. */
static bool sp_req_idle(const struct sp_req *req)
{
	return IOPRIO_PRIO_CLASS(req->bio->bi_ioprio) == IOPRIO_CLASS_IDLE;
}

/*
 * The owner worker and cache hits served in their submitters' context
 * both heat an extent: a compare-and-swap keeps either from losing the
 * other's update.
 */
static void sp_set_heat_add(struct sp_set *set, u64 lext, u32 weight)
{
	u32 *h = &set->heat[lext], old = READ_ONCE(*h);
	u16 epoch = READ_ONCE(set->heat_epoch);

	while (!try_cmpxchg(h, &old, sp_heat_add(old, epoch, weight)))
		;
}

/*
 * May @req (in extent *@lext) be served in its submitter's context? Not
 * without a cache, nor the cache's own I/O, a PREFLUSH (it may need a
 * commit) or a request dm should have split. Readies @req's completion,
 * which then finds nothing sent anywhere (sp_set_complete()).
 */
static bool sp_set_direct_begin(struct sp_set *set, struct sp_req *req, u64 *lext)
{
	const struct sp_layout *l = &set->sb.l;
	sector_t off = req->addr.sector & (l->extent_sectors - 1);

	*lext = req->addr.sector >> ilog2(l->extent_sectors);
	if (!set->hot || (req->flags & (SP_REQ_PREFLUSH | SP_REQ_NOCACHE)) ||
	    *lext >= l->nr_extents || off + req->addr.nr_sectors > l->extent_sectors)
		return false;
	req->loc = SP_LOC_NONE;
	req->start_ns = 0;
	return true;
}

bool sp_set_read_hit(struct sp_set *set, struct sp_req *req)
{
	bool idle = sp_req_idle(req);
	u64 lext;

	if (req->op != SP_OP_READ || (req->flags & SP_REQ_FUA) ||
	    sp_set_state(set) == SP_SET_NEEDS_CHECK ||
	    !sp_set_direct_begin(set, req, &lext))
		return false;
	/* Read beforehand what heating needs: once served, @req may be gone. */
	if (!sp_hot_read_hit(set, req))
		return false;
	if (!idle)
		sp_set_heat_add(set, lext, SP_HEAT_READ);
	return true;
}

bool sp_set_log_write(struct sp_set *set, struct sp_req *req)
{
	bool idle = sp_req_idle(req);
	u64 lext;

	if (req->op != SP_OP_WRITE ||
	    sp_set_state(set) >= SP_SET_READ_ONLY || !set->writable ||
	    !sp_set_direct_begin(set, req, &lext))
		return false;
	/* As above: @req may be gone once taken. */
	if (!sp_hot_write_direct(set, req))
		return false;
	if (!idle)
		sp_set_heat_add(set, lext, SP_HEAT_WRITE);
	return true;
}

void sp_set_execute(struct sp_set *set, struct sp_req *req)
{
	const struct sp_layout *l = &set->sb.l;
	struct bio *bio = req->bio;
	u64 lext = req->addr.sector >> ilog2(l->extent_sectors);
	sector_t off = req->addr.sector & (l->extent_sectors - 1);
	u32 loc;

	req->loc = SP_LOC_NONE;
	req->start_ns = 0;
	if (sp_set_state(set) == SP_SET_NEEDS_CHECK) {
		sp_req_end(req, BLK_STS_IOERR);
		return;
	}
	if (req->flags & SP_REQ_PREFLUSH) {
		if (sp_set_preflush(set)) {
			sp_req_end(req, BLK_STS_IOERR);
			return;
		}
		bio->bi_opf &= ~REQ_PREFLUSH;
		req->flags &= ~SP_REQ_PREFLUSH;
	}
	if (req->op == SP_OP_FLUSH) {
		sp_req_end(req, BLK_STS_OK);
		return;
	}
	/* The extent is being moved: wait for the move to finish. */
	if (unlikely(READ_ONCE(set->mig_lext) == lext)) {
		sp_set_park(set, req);
		return;
	}

	switch (req->op) {
	case SP_OP_DISCARD:
		sp_set_discard(set, req);
		return;
	case SP_OP_READ:
	case SP_OP_WRITE:
		if (lext < l->nr_extents && !sp_req_idle(req) &&
		    !(req->flags & SP_REQ_NOCACHE))
			sp_set_heat_add(set, lext, req->op == SP_OP_READ ?
					SP_HEAT_READ : SP_HEAT_WRITE);
		break;
	default:
		sp_req_end(req, BLK_STS_NOTSUPP);
		return;
	}
	if (lext >= l->nr_extents ||
	    off + req->addr.nr_sectors > l->extent_sectors) {
		sp_req_end(req, BLK_STS_IOERR);	/* dm splits: cannot happen */
		return;
	}
	if (req->op == SP_OP_WRITE) {
		sp_set_write(set, req, (u32)lext, off);
		return;
	}
	if (set->hot && !(req->flags & SP_REQ_NOCACHE) && sp_hot_read(set, req))
		return;
	loc = READ_ONCE(set->map.loc[lext]);
	if (loc == SP_LOC_NONE) {
		zero_fill_bio(bio);
		sp_req_end(req, BLK_STS_OK);
		return;
	}
	sp_set_submit(set, req, loc, off);
}

void sp_set_complete(struct sp_set *set, struct sp_req *req,
		     blk_status_t status)
{
	u32 loc = req->loc;

	if (req->hot)
		sp_hot_complete(set, req, status);
	if (loc == SP_LOC_NONE)
		return;
	req->loc = SP_LOC_NONE;
	if (req->start_ns) {
		atomic64_add(ktime_get_ns() - req->start_ns, &set->fg_lat_ns);
		atomic64_inc(&set->fg_ios);
	}
	if (status && status != BLK_STS_NOTSUPP)
		sp_set_count_error(set, sp_loc_tier(loc), status);
	else if (req->op == SP_OP_WRITE && !(req->flags & SP_REQ_NOCACHE))
		sp_set_fg_write_done(set);	/* write-back has its own commit */
	atomic_dec(&set->tier[sp_loc_tier(loc)].inflight[sp_loc_phys(loc)]);
}

/* ---- migration ---- */

/* The owning worker's part of a move. */
static void sp_mig_execute(struct sp_req *req)
{
	struct sp_mig_step *step = container_of(req, struct sp_mig_step, req);
	struct sp_set *set = step->set;
	struct sp_req *parked;
	u32 loc;

	if (step->kind == SP_MIG_START) {
		loc = READ_ONCE(set->map.loc[step->lext]);
		step->result = -EALREADY;
		if (loc != SP_LOC_NONE && sp_loc_tier(loc) != step->tier) {
			/* Under the lock with the allocation: a write that
			 * finds no room sees the move that holds it. */
			spin_lock(&set->lock);
			step->dst = sp_map_alloc_on(&set->map, step->tier);
			if (step->dst != SP_LOC_NONE)
				WRITE_ONCE(set->mig_lext, step->lext);
			spin_unlock(&set->lock);
			step->src = loc;
			step->result = step->dst == SP_LOC_NONE ? -ENOSPC : 0;
		}
		complete(&step->done);
		return;
	}

	if (!step->result)
		step->result = sp_set_record(set, step->lext, step->dst, step->src);
	if (step->result) {
		spin_lock(&set->lock);
		sp_map_release(&set->map, step->dst);	/* never mapped */
		spin_unlock(&set->lock);
	}
	WRITE_ONCE(set->mig_lext, SP_NO_EXTENT);
	parked = set->park_head;
	set->park_head = NULL;
	set->park_tail = &set->park_head;
	while (parked) {
		struct sp_req *next = (struct sp_req *)parked->node.next;

		sp_set_execute(set, parked);
		parked = next;
	}
	complete(&step->done);
}

static const struct sp_req_ops sp_mig_ops = {
	.execute = sp_mig_execute,
};

/* Run @kind of the current move on the extent's owning worker; wait. */
static int sp_mig_run_step(struct sp_set *set, enum sp_mig_kind kind)
{
	struct sp_mig_step *step = &set->step;
	sector_t sector = (sector_t)step->lext << ilog2(set->sb.l.extent_sectors);

	step->kind = kind;
	reinit_completion(&step->done);
	memset(&step->req, 0, sizeof(step->req));
	step->req.addr.sector = sector;
	step->req.addr.class = SP_CLASS_OTHER;
	step->req.op = SP_OP_OTHER;
	step->req.ops = &sp_mig_ops;
	step->req.owner = set;
	sp_worker_queue(sp_part_of(&set->part, sector), &step->req);
	wait_for_completion(&step->done);
	return step->result;
}

struct sp_kcopy {
	struct completion done;
	int error;
};

static void sp_kcopy_done(int read_err, unsigned long write_err, void *context)
{
	struct sp_kcopy *kc = context;

	kc->error = read_err || write_err ? -EIO : 0;
	complete(&kc->done);
}

static int sp_mig_copy(struct sp_set *set, u32 src, u32 dst)
{
	const struct sp_layout *l = &set->sb.l;
	struct sp_tier *ts = &set->tier[sp_loc_tier(src)];
	struct sp_tier *td = &set->tier[sp_loc_tier(dst)];
	sector_t ss = sp_layout_loc_sector(l, src), ds = sp_layout_loc_sector(l, dst);
	sector_t off;
	int ret;

	atomic_set(&td->dirty, 1);
	if (!sp_transport_is_dax(&ts->tr) && !sp_transport_is_dax(&td->tr)) {
		struct dm_io_region from = {
			.bdev = ts->tr.bdev, .sector = ss, .count = l->extent_sectors,
		};
		struct dm_io_region to = {
			.bdev = td->tr.bdev, .sector = ds, .count = l->extent_sectors,
		};
		struct sp_kcopy kc;

		init_completion(&kc.done);
		dm_kcopyd_copy(set->kc, &from, 1, &to, 0, sp_kcopy_done, &kc);
		wait_for_completion(&kc.done);
		return kc.error;
	}
	for (off = 0; off < l->extent_sectors; off += SP_MIG_CHUNK_SECTORS) {
		size_t len = min_t(size_t, l->extent_sectors - off,
				   SP_MIG_CHUNK_SECTORS) << SECTOR_SHIFT;

		ret = sp_transport_read(&ts->tr, set->io, ss + off, set->mig_buf, len);
		if (!ret)
			ret = sp_transport_write(&td->tr, set->io, ds + off,
						 set->mig_buf, len);
		if (ret)
			return ret;
	}
	return 0;
}

/* Move extent @lext to @tier. Return 0 when moved, -EALREADY if not needed. */
static int sp_migrate_one(struct sp_set *set, u32 lext, unsigned int tier)
{
	struct sp_mig_step *step = &set->step;
	unsigned int i;
	atomic_t *busy;
	int ret;

	/* A write waiting for room gets it before a move can take it. */
	for (i = 0; atomic_read(&set->room_waiters) && i < SP_ROOM_WAIT_MS; i++)
		msleep(1);
	step->lext = lext;
	step->tier = tier;
	ret = sp_mig_run_step(set, SP_MIG_START);
	if (ret)
		return ret;
	/* New requests are parked now; let the ones under way finish. */
	busy = &set->tier[sp_loc_tier(step->src)].inflight[sp_loc_phys(step->src)];
	while (atomic_read(busy))
		usleep_range(50, 200);
	ret = sp_mig_copy(set, step->src, step->dst);
	if (ret)
		pr_err("set %s: moving extent %u from tier %u to tier %u failed: %d\n",
		       set->id, lext, sp_loc_tier(step->src), tier, ret);
	step->result = ret;
	return sp_mig_run_step(set, SP_MIG_FINISH);
}

/*
 * Back off while foreground I/O is slower than usual: wait in steps until
 * a window's mean latency is back near the baseline, at most
 * SP_THROTTLE_MAX_WAITS steps, so moves never stop altogether.
 */
static void sp_mig_throttle(struct sp_set *set)
{
	unsigned int i;

	for (i = 0; i < SP_THROTTLE_MAX_WAITS; i++) {
		u64 ios = (u64)atomic64_xchg(&set->fg_ios, 0);
		u64 ns = (u64)atomic64_xchg(&set->fg_lat_ns, 0);

		if (ios < SP_THROTTLE_MIN_IOS ||
		    !sp_throttle_check(&set->thr, div64_u64(ns, ios)))
			return;
		atomic64_inc(&set->throttled);
		msleep(SP_THROTTLE_WAIT_MS);
		if (READ_ONCE(set->mig_stop) || READ_ONCE(set->mig_paused))
			return;
	}
}

static void sp_mig_work(struct work_struct *work)
{
	struct sp_set *set = container_of(work, struct sp_set, mig_work);

	for (;;) {
		u32 rate = READ_ONCE(set->knobs.v[SP_KNOB_MIGRATE_RATE]);
		struct sp_mig_range *r;
		enum sp_mig_why why;
		unsigned int tier;
		u64 lext;

		spin_lock(&set->mig_lock);
		r = list_first_entry_or_null(&set->mig_ranges,
					     struct sp_mig_range, node);
		if (!r || set->mig_stop || set->mig_paused ||
		    sp_set_state(set) >= SP_SET_READ_ONLY) {
			spin_unlock(&set->mig_lock);
			return;
		}
		lext = r->next++;
		tier = r->tier;
		why = r->why;
		if (r->next == r->end) {
			list_del(&r->node);
			kfree(r);
		}
		if (why != SP_WHY_MESSAGE)
			set->auto_pending--;
		spin_unlock(&set->mig_lock);

		sp_mig_throttle(set);
		if (!sp_migrate_one(set, (u32)lext, tier)) {
			atomic64_inc(&set->migrations_done);
			if (why == SP_WHY_PROMOTE)
				atomic64_inc(&set->promotions);
			else if (why == SP_WHY_DEMOTE)
				atomic64_inc(&set->demotions);
			else if (why == SP_WHY_EVACUATE)
				atomic64_inc(&set->evacuated);
			/* rate: one extent per extent_sectors / (rate MiB/s) */
			msleep(DIV_ROUND_UP(set->sb.l.extent_sectors * 1000U,
					    rate * 2048U));
		}
		atomic64_dec(&set->migrations_in_flight);
		cond_resched();
	}
}

/* Queue extents [@first, @first + @count) to go to @tier. */
static int sp_mig_queue(struct sp_set *set, u64 first, u64 count,
			unsigned int tier, enum sp_mig_why why)
{
	struct sp_mig_range *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->next = first;
	r->end = first + count;
	r->tier = tier;
	r->why = why;
	atomic64_add(count, &set->migrations_in_flight);
	spin_lock(&set->mig_lock);
	list_add_tail(&r->node, &set->mig_ranges);
	if (why != SP_WHY_MESSAGE)
		set->auto_pending += count;
	if (!set->mig_stop && !set->mig_paused)
		queue_work(sp_mig_wq, &set->mig_work);
	spin_unlock(&set->mig_lock);
	return 0;
}

int sp_set_migrate(struct sp_set *set, u64 first, u64 count, u64 tier,
		   const char **error)
{
	const struct sp_layout *l = &set->sb.l;

	if (first >= l->nr_extents || count > l->nr_extents - first) {
		*error = "migrate: the extent range lies outside the device";
		return -EINVAL;
	}
	if (tier >= l->nr_tiers) {
		*error = "migrate: no such tier";
		return -EINVAL;
	}
	if (!(l->capacity_mask & (1U << tier))) {
		*error = "migrate: the tier holds no data extents (not a capacity tier)";
		return -EINVAL;
	}
	if (tier == READ_ONCE(set->knobs.v[SP_KNOB_EVACUATE])) {
		*error = "migrate: the tier is being evacuated";
		return -EINVAL;
	}
	if (sp_set_state(set) >= SP_SET_READ_ONLY || !set->writable) {
		*error = "migrate: the device is read-only or needs_check";
		return -EIO;
	}
	if (sp_mig_queue(set, first, count, (unsigned int)tier, SP_WHY_MESSAGE)) {
		*error = "migrate: out of memory";
		return -ENOMEM;
	}
	return 0;
}

void sp_set_migrate_pause(struct sp_set *set, bool pause)
{
	spin_lock(&set->mig_lock);
	set->mig_paused = pause;
	if (!pause && !set->mig_stop && !list_empty(&set->mig_ranges))
		queue_work(sp_mig_wq, &set->mig_work);
	spin_unlock(&set->mig_lock);
}

/* ---- placement policy ---- */

/* One round: advance the heat epoch, plan, queue the moves. */
static void sp_policy_work(struct work_struct *work)
{
	struct sp_set *set = container_of(to_delayed_work(work), struct sp_set,
					  policy_work);
	const struct sp_layout *l = &set->sb.l;
	struct sp_policy_in in = { 0 };
	struct sp_knobs k;
	unsigned int i, n;
	bool idle;

	spin_lock(&set->mig_lock);
	k = set->knobs;
	idle = !set->auto_pending && !set->mig_paused && !set->mig_stop;
	spin_unlock(&set->mig_lock);

	if (time_after_eq(jiffies, set->epoch_start +
			  (unsigned long)k.v[SP_KNOB_HEAT_HALFLIFE] * HZ)) {
		WRITE_ONCE(set->heat_epoch, set->heat_epoch + 1);
		set->epoch_start = jiffies;
	}

	in.nr_tiers = set->nr_tiers;
	in.capacity_mask = l->capacity_mask;
	spin_lock(&set->lock);
	for (i = 0; i < set->nr_tiers; i++) {
		in.total[i] = set->map.t[i].nr;
		in.used[i] = set->map.t[i].used ? sp_map_used(&set->map, i) : 0;
	}
	spin_unlock(&set->lock);
	in.evacuate = k.v[SP_KNOB_EVACUATE];
	in.automatic = k.v[SP_KNOB_TIERING] == SP_TIERING_AUTO;
	in.watermark_pct = k.v[SP_KNOB_FILL_WATERMARK];
	in.promote_heat = k.v[SP_KNOB_PROMOTE_HEAT];
	in.epoch = READ_ONCE(set->heat_epoch);
	/* One interval's worth of moves at the rate, when none are queued. */
	if (idle && set->writable && sp_set_state(set) < SP_SET_READ_ONLY)
		in.budget = clamp_t(u64, (u64)k.v[SP_KNOB_MIGRATE_RATE] * 2048U *
				    SP_POLICY_INTERVAL / HZ / l->extent_sectors,
				    1, SP_POLICY_MAX_MOVES);

	n = sp_policy_plan(&in, set->map.loc, set->heat, l->nr_extents,
			   set->ps, set->moves);

	spin_lock(&set->mig_lock);
	memcpy(set->hist, set->ps->hist, sizeof(set->hist));
	spin_unlock(&set->mig_lock);

	for (i = 0; i < n; i++) {
		static const enum sp_mig_why why[] = {
			[SP_MOVE_PROMOTE] = SP_WHY_PROMOTE,
			[SP_MOVE_DEMOTE] = SP_WHY_DEMOTE,
			[SP_MOVE_EVACUATE] = SP_WHY_EVACUATE,
		};
		const struct sp_move *mv = &set->moves[i];

		if (sp_mig_queue(set, mv->lext, 1, mv->tier, why[mv->kind]))
			break;
	}

	mutex_lock(&sp_sets_lock);
	if (set->policy_running)
		queue_delayed_work(sp_commit_wq, &set->policy_work,
				   SP_POLICY_INTERVAL);
	mutex_unlock(&sp_sets_lock);
}

int sp_set_check_knobs(struct sp_set *set, const struct sp_knobs *k,
		       const char **error)
{
	u32 cap = set->sb.l.capacity_mask, ev = k->v[SP_KNOB_EVACUATE];

	if (k->v[SP_KNOB_DIRTY_LOW] > k->v[SP_KNOB_DIRTY_HIGH]) {
		*error = "dirty_low must not exceed dirty_high";
		return -EINVAL;
	}
	if (ev == SP_EVACUATE_NONE)
		return 0;
	if (ev >= set->nr_tiers || !(cap & (1U << ev))) {
		*error = "evacuate: the tier holds no data extents (not a capacity tier)";
		return -EINVAL;
	}
	if (!(cap & ~(1U << ev))) {
		*error = "evacuate: no other capacity tier to move the data to";
		return -EINVAL;
	}
	return 0;
}

void sp_set_knobs(struct sp_set *set, const struct sp_knobs *k)
{
	unsigned int i;

	spin_lock(&set->mig_lock);
	for (i = 0; i < SP_NR_KNOBS; i++)
		WRITE_ONCE(set->knobs.v[i], k->v[i]);
	set->knobs.given = k->given;
	spin_unlock(&set->mig_lock);
	sp_hot_knobs(set, k);
}

int sp_set_where(struct sp_set *set, u64 first, u64 count, char *result,
		 unsigned int maxlen, const char **error)
{
	const struct sp_layout *l = &set->sb.l;
	u16 epoch = READ_ONCE(set->heat_epoch);
	size_t len = 0;
	u64 e;

	if (first >= l->nr_extents || count > l->nr_extents - first) {
		*error = "where: the extent range lies outside the device";
		return -EINVAL;
	}
	if (maxlen)
		result[0] = '\0';
	for (e = first; e < first + count; e++) {
		u32 loc = READ_ONCE(set->map.loc[e]);
		u32 heat = sp_heat_value(READ_ONCE(set->heat[e]), epoch);
		int ret;

		if (loc == SP_LOC_NONE)
			ret = sp_append(result, maxlen, &len, "%s-:%u",
					len ? " " : "", heat);
		else
			ret = sp_append(result, maxlen, &len, "%s%u:%u",
					len ? " " : "", sp_loc_tier(loc), heat);
		if (ret) {
			*error = "where: the answer does not fit; ask for fewer extents";
			return -ENOSPC;
		}
	}
	return 0;
}

/* Stop starting moves and wait for the one under way. */
static void sp_mig_stop(struct sp_set *set)
{
	spin_lock(&set->mig_lock);
	set->mig_stop = true;
	spin_unlock(&set->mig_lock);
	cancel_work_sync(&set->mig_work);
}

static void sp_mig_start(struct sp_set *set)
{
	spin_lock(&set->mig_lock);
	set->mig_stop = false;
	if (!list_empty(&set->mig_ranges))
		queue_work(sp_mig_wq, &set->mig_work);
	spin_unlock(&set->mig_lock);
}

void sp_set_presuspend(struct sp_set *set)
{
	sp_mig_stop(set);
}

void sp_set_presuspend_undo(struct sp_set *set)
{
	sp_mig_start(set);
}

/* ---- activation ---- */

static void sp_set_free(struct sp_set *set)
{
	struct sp_mig_range *r, *tmp;
	unsigned int i;

	sp_hot_close(set);
	list_for_each_entry_safe(r, tmp, &set->mig_ranges, node)
		kfree(r);
	if (set->kc)
		dm_kcopyd_client_destroy(set->kc);
	kvfree(set->mig_buf);
	for (i = 0; i < SP_MAX_TIERS; i++)
		kvfree(set->tier[i].inflight);
	sp_map_destroy(&set->map);
	kvfree(set->pend_lext);
	kvfree(set->pend_loc);
	kvfree(set->c_lext);
	kvfree(set->c_loc);
	kvfree(set->frees);
	kvfree(set->c_frees);
	kvfree(set->jbuf);
	kvfree(set->ckbuf);
	kvfree(set->heat);
	kvfree(set->ps);
	kvfree(set->moves);
	if (set->io)
		dm_io_client_destroy(set->io);
	kfree(set);
}

/* Buffers sized by the layout; the map itself is set up by the caller. */
static int sp_set_alloc_buffers(struct sp_set *set)
{
	const struct sp_layout *l = &set->sb.l;
	u64 phys = 0;
	unsigned int i;

	if (set->ckbuf)		/* already, by sp_set_format() */
		return 0;
	for (i = 0; i < l->nr_tiers; i++) {
		if (!l->m[i].nr_extents)
			continue;
		set->tier[i].inflight = kvcalloc(l->m[i].nr_extents,
						 sizeof(atomic_t), GFP_KERNEL);
		if (!set->tier[i].inflight)
			return -ENOMEM;
		phys += l->m[i].nr_extents;
	}
	set->pend_lext = kvcalloc(SP_PEND_MAX, sizeof(u32), GFP_KERNEL);
	set->pend_loc = kvcalloc(SP_PEND_MAX, sizeof(u32), GFP_KERNEL);
	set->c_lext = kvcalloc(SP_PEND_MAX, sizeof(u32), GFP_KERNEL);
	set->c_loc = kvcalloc(SP_PEND_MAX, sizeof(u32), GFP_KERNEL);
	set->frees = kvcalloc(phys, sizeof(u32), GFP_KERNEL);
	set->c_frees = kvcalloc(phys, sizeof(u32), GFP_KERNEL);
	set->jbuf = kvmalloc(SP_PEND_BLOCKS * SP_MD_BLOCK_SIZE, GFP_KERNEL);
	set->ckbuf = vmalloc(l->ckpt_sectors << SECTOR_SHIFT);
	/* Room for growth: the map's capacity, not today's extents. */
	set->heat = kvcalloc(l->map_capacity, sizeof(u32), GFP_KERNEL);
	if (!set->pend_lext || !set->pend_loc || !set->c_lext || !set->c_loc ||
	    !set->frees || !set->c_frees || !set->jbuf || !set->ckbuf ||
	    !set->heat)
		return -ENOMEM;
	return 0;
}

static struct sp_set *sp_set_alloc(const struct sp_set_args *a)
{
	struct sp_set *set = kzalloc(sizeof(*set), GFP_KERNEL);
	unsigned int i;

	if (!set)
		return NULL;
	INIT_LIST_HEAD(&set->mig_ranges);
	set->io = dm_io_client_create();
	if (IS_ERR(set->io)) {
		set->io = NULL;
		sp_set_free(set);
		return NULL;
	}
	set->kc = dm_kcopyd_client_create(NULL);
	if (IS_ERR(set->kc)) {
		set->kc = NULL;
		sp_set_free(set);
		return NULL;
	}
	set->mig_buf = kvmalloc(SP_MIG_CHUNK_SECTORS << SECTOR_SHIFT, GFP_KERNEL);
	set->ps = kvmalloc(sizeof(*set->ps), GFP_KERNEL);
	set->moves = kvcalloc(SP_POLICY_MAX_MOVES, sizeof(*set->moves), GFP_KERNEL);
	if (!set->mig_buf || !set->ps || !set->moves) {
		sp_set_free(set);
		return NULL;
	}
	set->nr_tiers = a->nr_tiers;
	set->writable = a->writable;
	spin_lock_init(&set->lock);
	mutex_init(&set->commit_mutex);
	INIT_DELAYED_WORK(&set->commit_work, sp_commit_work);
	spin_lock_init(&set->mig_lock);
	INIT_WORK(&set->mig_work, sp_mig_work);
	INIT_DELAYED_WORK(&set->policy_work, sp_policy_work);
	sp_knobs_init(&set->knobs);
	set->epoch_start = jiffies;
	init_completion(&set->step.done);
	set->step.set = set;
	set->mig_lext = SP_NO_EXTENT;
	set->park_tail = &set->park_head;
	set->part.nr_parts = sp_workers_nr();
	atomic_set(&set->state, SP_SET_OK);
	for (i = 0; i < a->nr_tiers; i++) {
		struct sp_tier *t = &set->tier[i];
		struct dm_dev *d = a->dev[i];

		sp_bdev_transport_init(&t->tr, d->bdev);
		/* DAX when the device offers it as one mapping. */
		if (d->dax_dev)
			sp_dax_transport_init(&t->tr, d->bdev, d->dax_dev);
		t->devt = d->bdev->bd_dev;
		strscpy(t->name, d->name, sizeof(t->name));
	}
	return set;
}

static struct sp_set *sp_set_find(const u8 *uuid)
{
	struct sp_set *set;

	list_for_each_entry(set, &sp_sets, node)
		if (!memcmp(set->sb.uuid, uuid, SP_UUID_LEN))
			return set;
	return NULL;
}

/* Write a new set's metadata: checkpoint 0 (empty map), 1 (invalid), sbs. */
static int sp_set_format(struct sp_set *set, const struct sp_set_args *a,
			 const char **error)
{
	struct sp_layout_input in = {
		.nr_tiers = a->nr_tiers,
		.extent_sectors = a->extent_sectors,
		.capacity_mask = a->capacity_mask,
	};
	struct sp_layout *l = &set->sb.l;
	unsigned int i;
	u32 crc;
	int ret;

	for (i = 0; i < a->nr_tiers; i++) {
		in.sectors[i] = set->tier[i].tr.props.capacity;
		in.dax[i] = sp_transport_is_dax(&set->tier[i].tr);
	}
	ret = sp_layout_compute(l, &in, error);
	if (ret)
		return ret;
	if (a->len > sp_layout_sectors(l)) {
		pr_err("the tiers hold %llu sectors; the table asks for %llu\n",
		       sp_layout_sectors(l), (u64)a->len);
		*error = "Target length exceeds the usable capacity of the tiers (the kernel log gives it)";
		return -EINVAL;
	}
	ret = sp_set_check_knobs(set, a->knobs, error);
	if (ret)
		return ret;
	generate_random_uuid(set->sb.uuid);
	set->sb.generation = 1;
	snprintf(set->id, sizeof(set->id), "%*phN", 4, set->sb.uuid);

	ret = sp_map_init(&set->map, l);
	if (!ret)
		ret = sp_set_alloc_buffers(set);
	if (ret) {
		*error = "Cannot allocate memory for the extent map";
		return ret;
	}
	memset(set->ckbuf, 0, SP_MD_BLOCK_SIZE);
	ret = sp_md_write(set, l->ckpt_offset[1], set->ckbuf, SP_MD_BLOCK_SIZE);
	if (!ret) {
		crc = sp_ckpt_fill_map(set, l->nr_extents);
		set->ckpt_slot = 0;
		set->ckpt_generation = 0;
		ret = sp_ckpt_write(set, l->nr_extents, crc, 1);
	}
	/*
	 * A DAX first tier that holds no data extents is the hot cache and
	 * write log: it starts empty (a cache header another set left there
	 * is made void), and older modules must refuse the set.
	 */
	if (!ret && !(l->capacity_mask & 1U) && in.dax[0] &&
	    l->m[0].sectors > l->m[0].data_offset) {
		set->sb.incompat |= SP_INCOMPAT_WRITE_LOG;
		memset(set->ckbuf, 0, SP_MD_BLOCK_SIZE);
		ret = sp_transport_write(&set->tier[0].tr, set->io,
					 l->m[0].data_offset, set->ckbuf,
					 SP_MD_BLOCK_SIZE);
	}
	/* The metadata tier's superblock last: it makes the set whole. */
	for (i = a->nr_tiers; !ret && i-- > 0;) {
		set->sb.position = i;
		sp_sb_encode(&set->sb, set->ckbuf);
		ret = sp_transport_write(&set->tier[i].tr, set->io, 0,
					 set->ckbuf, SP_MD_BLOCK_SIZE);
	}
	if (ret) {
		*error = "Cannot write the new metadata (I/O error)";
		return ret;
	}
	sp_map_destroy(&set->map);
	pr_info("set %s: formatted %u tiers, %llu extents of %u sectors\n",
		set->id, l->nr_tiers, l->nr_extents, l->extent_sectors);
	return 0;
}

/*
 * Read every member's superblock and check that the devices form one
 * whole set in the table's order. On success set->sb holds the newest.
 */
static int sp_set_identify(struct sp_set *set, const struct sp_set_args *a,
			   void *block, const char **error)
{
	struct sp_sb sb[SP_MAX_TIERS];
	unsigned int i, newest = 0;
	int ret;

	for (i = 0; i < a->nr_tiers; i++) {
		const char *why;

		ret = sp_transport_read(&set->tier[i].tr, set->io, 0, block,
					SP_MD_BLOCK_SIZE);
		if (ret) {
			*error = "Cannot read a superblock (I/O error)";
			return ret;
		}
		ret = sp_sb_decode(block, &sb[i], &why);
		if (ret) {
			pr_err("tier %u (%s): %s\n", i, set->tier[i].name, why);
			switch (ret) {
			case -ENOENT:
				*error = i == 0 ?
					"Not a storproto set: no superblock on the first tier (add format to create one)" :
					"A tier has no storproto superblock (missing or foreign device)";
				break;
			case -EBADMSG:
				*error = "Superblock checksum mismatch (corrupt): needs_check, see the kernel log";
				ret = -EUCLEAN;
				break;
			case -EOPNOTSUPP:
				*error = "Superblock of an unknown format version";
				break;
			default:
				*error = "Superblock fields contradict each other (corrupt): needs_check";
				break;
			}
			return ret;
		}
		if (sb[i].generation > sb[newest].generation)
			newest = i;
	}
	for (i = 0; i < a->nr_tiers; i++) {
		if (memcmp(sb[i].uuid, sb[0].uuid, SP_UUID_LEN)) {
			*error = "The tiers belong to different sets (foreign device)";
			return -EINVAL;
		}
		if (sb[i].position != i) {
			*error = "A tier is in the wrong position: list the tiers in their formatted order";
			return -EINVAL;
		}
	}
	set->sb = sb[newest];
	if (set->sb.l.nr_tiers != a->nr_tiers) {
		*error = "The table lists a different number of tiers than the set has (missing tier)";
		return -EINVAL;
	}
	if (a->extent_sectors && a->extent_sectors != set->sb.l.extent_sectors) {
		*error = "extent_sectors differs from the formatted set";
		return -EINVAL;
	}
	if (a->capacity_mask && a->capacity_mask != set->sb.l.capacity_mask) {
		*error = "capacity_tiers differs from the formatted set";
		return -EINVAL;
	}
	for (i = 0; i < a->nr_tiers; i++) {
		const struct sp_member *m = &set->sb.l.m[i];

		if (set->tier[i].tr.props.capacity < m->sectors) {
			*error = "A tier's device is smaller than when the set was formatted";
			return -EINVAL;
		}
		if (m->dax && !sp_transport_is_dax(&set->tier[i].tr)) {
			*error = "A tier formatted for direct access (DAX) no longer offers it";
			return -EINVAL;
		}
	}
	snprintf(set->id, sizeof(set->id), "%*phN", 4, set->sb.uuid);
	return 0;
}

/* Rewrite every member's superblock for the layout now in set->sb. */
static int sp_set_write_sbs(struct sp_set *set)
{
	void *block = kmalloc(SP_MD_BLOCK_SIZE, GFP_KERNEL);
	struct sp_sb sb = set->sb;
	unsigned int i;
	int ret = 0;

	if (!block)
		return -ENOMEM;
	sb.generation++;
	for (i = 0; !ret && i < set->nr_tiers; i++) {
		sb.position = i;
		sp_sb_encode(&sb, block);
		ret = sp_transport_write(&set->tier[i].tr, set->io, 0, block,
					 SP_MD_BLOCK_SIZE);
	}
	kfree(block);
	if (!ret)
		set->sb.generation = sb.generation;
	return ret;
}

/* Would a target of @len sectors hide extents that hold data? */
static bool sp_set_hides_data(struct sp_set *set, sector_t len)
{
	u64 e = DIV_ROUND_UP_ULL(len, set->sb.l.extent_sectors);

	for (; e < set->sb.l.nr_extents; e++)
		if (READ_ONCE(set->map.loc[e]) != SP_LOC_NONE)
			return true;
	return false;
}

/*
 * Take in the grown layout: the allocator, the in-flight counters and the
 * lists of given-up extents get room for the new extents, and every
 * superblock is rewritten. No I/O may be under way (the set is suspended,
 * or not yet activated).
 */
static int sp_set_apply_growth(struct sp_set *set, const struct sp_layout *grown)
{
	const struct sp_layout *old = &set->sb.l;
	atomic_t *inflight[SP_MAX_TIERS] = { NULL };
	u32 *frees = NULL, *c_frees = NULL;
	u64 phys = 0;
	unsigned int i;
	int ret = -ENOMEM;

	mutex_lock(&set->commit_mutex);
	for (i = 0; i < grown->nr_tiers; i++) {
		phys += grown->m[i].nr_extents;
		if (grown->m[i].nr_extents <= old->m[i].nr_extents)
			continue;
		inflight[i] = kvcalloc(grown->m[i].nr_extents, sizeof(atomic_t),
				       GFP_KERNEL);
		if (!inflight[i])
			goto out;
		if (set->tier[i].inflight)
			memcpy(inflight[i], set->tier[i].inflight,
			       old->m[i].nr_extents * sizeof(atomic_t));
	}
	frees = kvcalloc(phys, sizeof(u32), GFP_KERNEL);
	c_frees = kvcalloc(phys, sizeof(u32), GFP_KERNEL);
	if (!frees || !c_frees || sp_map_grow(&set->map, grown))
		goto out;

	spin_lock(&set->lock);
	memcpy(frees, set->frees, set->nr_frees * sizeof(u32));
	swap(set->frees, frees);
	swap(set->c_frees, c_frees);
	for (i = 0; i < grown->nr_tiers; i++)
		if (inflight[i])
			swap(set->tier[i].inflight, inflight[i]);
	set->sb.l = *grown;
	spin_unlock(&set->lock);

	ret = sp_set_write_sbs(set);
	if (ret)
		pr_err("set %s: cannot write the grown superblocks: %d\n", set->id, ret);
	else
		pr_info("set %s: grew to %llu extents\n", set->id, grown->nr_extents);
out:
	mutex_unlock(&set->commit_mutex);
	for (i = 0; i < SP_MAX_TIERS; i++)
		kvfree(inflight[i]);
	kvfree(frees);
	kvfree(c_frees);
	return ret;
}

/*
 * After recovery: checkpoint the map, then overwrite the ring slots that a
 * commit cut short by a power cut may have left behind with empty blocks,
 * so the journal stays continuous (an older checkpoint can still replay
 * through it) and those blocks are never replayed.
 */
static int sp_journal_restart(struct sp_set *set)
{
	u64 nr = set->sb.l.nr_extents;
	unsigned int b;
	int ret;

	mutex_lock(&set->commit_mutex);
	ret = sp_ckpt_write(set, nr, sp_ckpt_fill_map(set, nr),
			    set->next_seq + SP_PEND_BLOCKS);
	for (b = 0; !ret && b < SP_PEND_BLOCKS; b++) {
		struct sp_jblock jb = {
			.seq = set->next_seq + b,
			.commit_seq = set->next_seq + b,
		};

		memcpy(jb.uuid, set->sb.uuid, SP_UUID_LEN);
		sp_jblock_encode(&jb, NULL, NULL,
				 (u8 *)set->jbuf + (size_t)b * SP_MD_BLOCK_SIZE);
	}
	if (!ret)
		ret = sp_journal_write(set, SP_PEND_BLOCKS);
	if (!ret)
		set->next_seq += SP_PEND_BLOCKS;
	mutex_unlock(&set->commit_mutex);
	return ret;
}

/* Load the map from the metadata; a corrupt one leaves needs_check. */
static int sp_set_load(struct sp_set *set, void *block, const char **error)
{
	struct sp_md_reader rd = { .read = sp_md_read, .ctx = set };
	struct sp_recovery res;
	const char *why = NULL;
	ktime_t start = ktime_get();
	int ret;

	ret = sp_map_init(&set->map, &set->sb.l);
	if (!ret)
		ret = sp_set_alloc_buffers(set);
	if (ret) {
		*error = "Cannot allocate memory for the extent map";
		return ret;
	}
	ret = sp_recover(&set->map, &set->sb, &rd, block, &res, &why);
	set->recovery_ms = ktime_ms_delta(ktime_get(), start);
	if (ret == -EUCLEAN) {
		pr_err("set %s: %s; activated in state needs_check: all I/O fails until the metadata is repaired\n",
		       set->id, why);
		atomic_set(&set->state, SP_SET_NEEDS_CHECK);
		return 0;
	}
	if (ret) {
		pr_err("set %s: %s (%d)\n", set->id, why, ret);
		*error = "Cannot read the metadata (I/O error)";
		return ret;
	}
	set->next_seq = res.next_seq;
	set->replay_seq = res.replay_seq;
	set->ckpt_generation = res.ckpt_generation;
	set->ckpt_slot = res.ckpt_slot ^ 1;
	pr_info("set %s: activated in %llu ms: checkpoint %llu, %llu journal blocks, %llu records replayed%s\n",
		set->id, set->recovery_ms, res.ckpt_generation, res.blocks,
		res.records, res.torn_tail ? ", last commit cut short" : "");
	if (!set->writable) {
		atomic_set(&set->state, SP_SET_READ_ONLY);
	} else if (sp_journal_restart(set)) {
		*error = "Cannot write a checkpoint after recovery (I/O error)";
		return -EIO;
	}
	ret = sp_hot_open(set, &why);
	/* A set formatted before the write log existed: mark it now. */
	if (!ret && set->hot && set->writable &&
	    !(set->sb.incompat & SP_INCOMPAT_WRITE_LOG)) {
		set->sb.incompat |= SP_INCOMPAT_WRITE_LOG;
		if (sp_set_write_sbs(set)) {
			*error = "Cannot write the superblocks (I/O error)";
			return -EIO;
		}
	}
	if (ret == -EUCLEAN) {
		pr_err("set %s: %s; activated in state needs_check: all I/O fails until the metadata is repaired\n",
		       set->id, why);
		atomic_set(&set->state, SP_SET_NEEDS_CHECK);
		ret = 0;
	} else if (ret) {
		*error = why;
	}
	set->recovery_ms = ktime_ms_delta(ktime_get(), start);
	return ret;
}

int sp_set_get(const struct sp_set_args *a, struct sp_set **setp,
	       const char **error)
{
	u64 sectors[SP_MAX_TIERS] = { 0 };
	struct sp_set *set, *found;
	struct sp_layout grown;
	bool grew;
	void *block;
	unsigned int i;
	int ret;

	block = kmalloc(2 * SP_MD_BLOCK_SIZE, GFP_KERNEL);
	set = sp_set_alloc(a);
	if (!set || !block) {
		*error = "Cannot allocate the tier set";
		ret = -ENOMEM;
		goto out_free;
	}

	mutex_lock(&sp_sets_lock);
	if (a->format) {
		/* Never format under a live set. */
		for (i = 0; i < a->nr_tiers; i++) {
			struct sp_sb sb;
			const char *why;

			if (!sp_transport_read(&set->tier[i].tr, set->io, 0,
					       block, SP_MD_BLOCK_SIZE) &&
			    !sp_sb_decode(block, &sb, &why) &&
			    sp_set_find(sb.uuid)) {
				*error = "Refusing to format: a device belongs to an active storproto set";
				ret = -EBUSY;
				goto out_unlock;
			}
		}
		if (!a->writable) {
			*error = "format needs a read-write table";
			ret = -EINVAL;
			goto out_unlock;
		}
		ret = sp_set_format(set, a, error);
		if (ret)
			goto out_unlock;
	}

	ret = sp_set_identify(set, a, block, error);
	if (!ret)
		ret = sp_set_check_knobs(set, a->knobs, error);
	if (ret)
		goto out_unlock;

	/* Tiers whose devices grew add their new extents. */
	grown = set->sb.l;
	for (i = 0; i < a->nr_tiers; i++)
		sectors[i] = set->tier[i].tr.props.capacity;
	grew = a->writable && sp_layout_grow(&grown, sectors);
	if (a->len > sp_layout_sectors(&grown)) {
		pr_err("set %s holds %llu sectors; the table asks for %llu\n",
		       set->id, sp_layout_sectors(&grown), (u64)a->len);
		*error = "Target length exceeds the usable capacity of the tiers (the kernel log gives it)";
		ret = -EINVAL;
		goto out_unlock;
	}

	found = sp_set_find(set->sb.uuid);
	if (found) {
		/* A reload of a live set: the same devices, in order. */
		for (i = 0; i < a->nr_tiers; i++) {
			if (found->tier[i].devt != set->tier[i].devt) {
				*error = "The set is active on other devices";
				ret = -EINVAL;
				goto out_unlock;
			}
		}
		if (sp_set_hides_data(found, a->len)) {
			*error = "A table this short would hide extents that hold data";
			ret = -EINVAL;
			goto out_unlock;
		}
		if (grew) {
			found->grow = grown;
			found->grow_pending = true;
		}
		found->users++;
		mutex_unlock(&sp_sets_lock);
		sp_set_free(set);
		kfree(block);
		*setp = found;
		return 0;
	}

	set->part.chunk_shift = ilog2(set->sb.l.extent_sectors);
	ret = sp_set_load(set, block, error);
	if (ret)
		goto out_unlock;
	if (sp_set_state(set) != SP_SET_NEEDS_CHECK && sp_set_hides_data(set, a->len)) {
		*error = "A table this short would hide extents that hold data";
		ret = -EINVAL;
		goto out_unlock;
	}
	if (grew && sp_set_state(set) == SP_SET_OK &&
	    sp_set_apply_growth(set, &grown)) {
		*error = "Cannot grow the set (out of memory or I/O error)";
		ret = -EIO;
		goto out_unlock;
	}
	set->users = 1;
	list_add(&set->node, &sp_sets);
	mutex_unlock(&sp_sets_lock);
	kfree(block);
	*setp = set;
	return 0;

out_unlock:
	mutex_unlock(&sp_sets_lock);
out_free:
	kfree(block);
	if (set)
		sp_set_free(set);
	return ret;
}

void sp_set_suspend(struct sp_set *set)
{
	mutex_lock(&sp_sets_lock);
	if (set->running) {
		set->running = false;
		cancel_delayed_work_sync(&set->commit_work);
	}
	set->policy_running = false;
	mutex_unlock(&sp_sets_lock);
	cancel_delayed_work_sync(&set->policy_work);
	sp_hot_stop(set);
	if (sp_set_state(set) < SP_SET_READ_ONLY && set->writable)
		sp_commit(set, true);
}

int sp_set_preresume(struct sp_set *set)
{
	struct sp_layout grown;
	bool grow;
	int ret = 0;

	mutex_lock(&sp_sets_lock);
	grow = set->grow_pending;
	grown = set->grow;
	set->grow_pending = false;
	mutex_unlock(&sp_sets_lock);
	if (grow && grown.nr_extents > set->sb.l.nr_extents)
		ret = sp_set_apply_growth(set, &grown);
	return ret;
}

void sp_set_resume(struct sp_set *set)
{
	mutex_lock(&sp_sets_lock);
	if (!set->running && sp_set_state(set) < SP_SET_READ_ONLY &&
	    set->writable) {
		set->running = true;
		queue_delayed_work(sp_commit_wq, &set->commit_work,
				   SP_COMMIT_INTERVAL);
	}
	if (!set->policy_running) {
		set->policy_running = true;
		queue_delayed_work(sp_commit_wq, &set->policy_work,
				   SP_POLICY_INTERVAL);
	}
	mutex_unlock(&sp_sets_lock);
	sp_mig_start(set);
	if (set->writable && sp_set_state(set) < SP_SET_READ_ONLY)
		sp_hot_start(set);
}

void sp_set_put(struct sp_set *set)
{
	mutex_lock(&sp_sets_lock);
	if (--set->users) {
		mutex_unlock(&sp_sets_lock);
		return;
	}
	list_del(&set->node);
	set->running = false;
	set->policy_running = false;
	mutex_unlock(&sp_sets_lock);

	cancel_delayed_work_sync(&set->policy_work);
	sp_mig_stop(set);
	sp_hot_stop(set);
	cancel_delayed_work_sync(&set->commit_work);
	if (sp_set_state(set) < SP_SET_READ_ONLY && set->writable)
		sp_commit(set, true);
	sp_set_free(set);
}

void sp_set_fill_status(struct sp_set *set, struct sp_status *st)
{
	unsigned int i, b;
	u32 ev, rate;

	st->nr_tiers = set->nr_tiers;
	spin_lock(&set->lock);
	for (i = 0; i < set->nr_tiers; i++) {
		st->tier[i].used = set->map.t[i].used ? sp_map_used(&set->map, i) : 0;
		st->tier[i].total = set->map.t[i].nr;
	}
	spin_unlock(&set->lock);
	for (i = 0; i < set->nr_tiers; i++)
		st->tier[i].errors = atomic64_read(&set->tier[i].errors);
	st->migrations_done = atomic64_read(&set->migrations_done);
	st->migrations_in_flight = atomic64_read(&set->migrations_in_flight);
	st->commits = atomic64_read(&set->commits);
	st->checkpoints = atomic64_read(&set->checkpoints);
	st->recovery_ms = set->recovery_ms;
	strscpy(st->state, sp_state_names[sp_set_state(set)], sizeof(st->state));

	st->has_policy = true;
	st->promotions = atomic64_read(&set->promotions);
	st->demotions = atomic64_read(&set->demotions);
	st->evacuated = atomic64_read(&set->evacuated);
	st->throttled = atomic64_read(&set->throttled);
	spin_lock(&set->mig_lock);
	strscpy(st->migrate, set->mig_paused ? "paused" : "running",
		sizeof(st->migrate));
	ev = set->knobs.v[SP_KNOB_EVACUATE];
	rate = set->knobs.v[SP_KNOB_MIGRATE_RATE];
	for (i = 0; i < set->nr_tiers; i++)
		for (b = 0; b < SP_HEAT_BUCKETS; b++)
			st->tier[i].heat[b] = set->hist[i][b];
	spin_unlock(&set->mig_lock);
	sp_hot_fill_status(set, st);
	st->evacuating = ev < set->nr_tiers ? (int)ev : -1;
	if (ev < set->nr_tiers) {
		st->evacuate_left = st->tier[ev].used;
		st->evacuate_eta_s = DIV_ROUND_UP_ULL(st->evacuate_left *
				set->sb.l.extent_sectors, (u64)rate * 2048U);
	}
}

int sp_set_apply_cache_mode(struct sp_set *set)
{
	return sp_hot_set_mode(set, READ_ONCE(set->knobs.v[SP_KNOB_CACHE_MODE]));
}

bool sp_set_has_cache(const struct sp_set *set)
{
	return set->hot;
}

int sp_set_flush_cache(struct sp_set *set)
{
	return sp_hot_flush(set);
}

int sp_engine_init(void)
{
	sp_commit_wq = alloc_workqueue("storproto_commit", WQ_MEM_RECLAIM, 0);
	sp_mig_wq = alloc_workqueue("storproto_migrate",
				    WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (!sp_commit_wq || !sp_mig_wq || sp_hot_init()) {
		sp_engine_exit();
		return -ENOMEM;
	}
	return 0;
}

void sp_engine_exit(void)
{
	sp_hot_exit();
	if (sp_mig_wq)
		destroy_workqueue(sp_mig_wq);
	if (sp_commit_wq)
		destroy_workqueue(sp_commit_wq);
	sp_mig_wq = NULL;
	sp_commit_wq = NULL;
}
