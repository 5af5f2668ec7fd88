// SPDX-License-Identifier: GPL-2.0
/*
 * The hot tier as block cache and write log (hot.h, cache.h).
 *
 * Blocks. The device's logical block is 4 KiB when it has a hot cache, so
 * every bio covers whole 4 KiB blocks. The index (an xarray: logical block
 * -> slot) holds clean and dirty slots and the BUSY slots being filled;
 * dirty entries carry XA_MARK_0, so write-back finds them in address
 * order. The xarray's lock (taken with interrupts off: fills finish in
 * bio completion) is the cache's lock: it covers the index, the slot
 * states, pins, the sketch and the stream detector.
 *
 * Reads. All blocks cached: copied from the hot tier, done; a read of up
 * to SP_HOT_DIRECT_BLOCKS found so in dm's map is served right there, in its
 * submitter's context, without the trip to a worker (a read that missed
 * there leaves no trace, and the worker handles it as usual). Otherwise the
 * bio goes to the capacity tiers; blocks dirty in the cache are copied
 * over its data when it completes (they are newer), and missing blocks
 * the admission policy accepts (seen before, and more often than the
 * CLOCK victim they replace) are copied into slots reserved for them.
 * Sequential streams longer than sequential_cutoff and idle-class I/O
 * are not admitted.
 *
 * Read-ahead. A read of less than SP_HOT_PF_BLOCKS that continues a
 * stream (and is not bypassed) makes
 * sure the blocks after it are cached or on their way: when the block
 * half a window ahead is missing, slots are reserved for the missing ones
 * of the next window (as long as the stream so far, at most
 * SP_HOT_PF_BLOCKS, within one extent) and an idle-class read for them is
 * sent to the extent's worker, which fills the slots at completion like
 * any fill. Read-ahead takes free slots, or evicts only blocks used at
 * most once, so it never pushes out what admission kept.
 *
 * Writes (writeback). Each block gets a new slot: the data is stored,
 * then the entry's sequence number, then its block number with the dirty
 * bit, each persistent before the next; the slot replaces the block's old
 * one in the index, and an old dirty slot has its dirty bit cleared
 * before it can be reused. The write completes when all that is durable.
 * A write of up to SP_HOT_DIRECT_BLOCKS is taken into the log in dm's map,
 * in its submitter's context, like a read hit (so it never queues behind
 * write-back on a worker); a larger one, a bypassed one and one in another
 * mode go to the extent's worker. A slot is a free one or a clean one the
 * CLOCK hand passes over twice at most; with none to be had (every slot
 * dirty, pinned or being filled) the write waits for write-back. In the other
 * modes writes go to the capacity tiers (a block still dirty in the cache
 * goes to the log, so nothing older overtakes it) and cached copies are
 * dropped, or (writethrough) replaced when the write completes.
 *
 * Write-back. A work item takes up to SP_HOT_WB_BATCH dirty blocks from a
 * cursor, in block order, builds one write per run of consecutive blocks
 * in one extent, and sends each to the extent's worker like any write
 * (so it allocates, and waits for a move, as a write does). When all
 * completed, a commit makes them durable; then each slot that is still
 * the block's current one has its dirty bit cleared and becomes clean.
 * One pass runs at a time, so two writes of one block never race. Passes
 * follow each other when the dirty share is above dirty_high, are spaced
 * out between dirty_low and dirty_high, and stop below dirty_low.
 */
#define pr_fmt(fmt) "storproto: " fmt

#include <linux/bio.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/ioprio.h>
#include <linux/libnvdimm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/wait_bit.h>
#include <linux/xarray.h>

#include "../status.h"
#include "../worker.h"
#include "cache.h"
#include "engine_int.h"
#include "hot.h"

#define SP_HOT_WB_BATCH		1024U	/* blocks per write-back pass */
#define SP_HOT_WB_RUN		256U	/* blocks per write-back bio (1 MiB) */
#define SP_HOT_VICTIM_SCAN	64U
#define SP_HOT_WB_PAUSE_MS	20U	/* between passes below dirty_high */
#define SP_HOT_PF_BLOCKS	64U	/* read ahead of a stream, at most */

struct sp_hot {
	struct sp_set *set;
	struct sp_cache_layout cl;
	struct sp_cslot_disk *table;	/* in the hot area */
	u8 *data;			/* slot 0, in the hot area */
	struct xarray index;		/* its lock is the cache's lock */
	struct sp_slots slots;
	u64 *slot_lblock;
	u16 *pins;			/* copies from the slot under way */
	u8 *doomed;			/* free it when the last pin goes */
	struct sp_sketch sketch;
	struct sp_seq seq;
	u64 next_seq;

	u32 mode;			/* enum sp_cache_mode; READ_ONCE */
	u64 cutoff;			/* sectors; 0: never bypass */
	u32 dirty_low, dirty_high;	/* percent of the slots */

	struct sp_req *wait_head;	/* writes waiting for a slot */
	struct sp_req **wait_tail;

	struct work_struct wb_work;
	struct mutex wb_mutex;		/* one pass at a time */
	bool wb_stopped;
	u64 wb_cursor;
	struct sp_hot_wb **wb;		/* the runs of a pass */

	atomic64_t read_hits, read_misses, write_hits, written_back;
	atomic64_t bypassed, prefetched;
	atomic_t pf_inflight;		/* read-ahead requests under way */
	atomic_t log_writers;		/* in sp_hot_write() */
};

/* What a request sent to the capacity tiers leaves for its completion. */
enum { SP_HOT_NONE, SP_HOT_FILL, SP_HOT_OVERLAY };

struct sp_hot_io {
	struct bvec_iter iter;		/* the bio's data as submitted */
	u64 lblock;
	unsigned int nr;
	u32 slot[];			/* per block; act in the top 2 bits */
};

#define SP_HOT_ACT_SHIFT	30
#define SP_HOT_SLOT_MASK	((1U << SP_HOT_ACT_SHIFT) - 1)

struct sp_hot_batch {
	atomic_t pending;
	struct completion done;
};

/* One write-back run, sent to its extent's worker as a write. */
struct sp_hot_wb {
	struct sp_req req;
	struct sp_hot *hot;
	struct sp_hot_batch *batch;
	struct bio *bio;
	u64 lblock;
	unsigned int nr;
	bool dropped;			/* a block was discarded meanwhile */
	blk_status_t status;
	u32 slot[];
};

static struct workqueue_struct *sp_hot_wq;

static inline u8 *sp_hot_slot_addr(struct sp_hot *hot, u32 slot)
{
	return hot->data + (u64)slot * SP_CACHE_BLOCK;
}

static bool sp_hot_idle(const struct sp_req *req)
{
	return IOPRIO_PRIO_CLASS(req->bio->bi_ioprio) == IOPRIO_CLASS_IDLE;
}

/* ---- persistent entries ---- */

static void sp_hot_put_seq(struct sp_hot *hot, u32 slot, u64 seq)
{
	__le64 v = cpu_to_le64(seq);

	memcpy_flushcache(&hot->table[slot].seq, &v, sizeof(v));
}

static void sp_hot_put_lblock(struct sp_hot *hot, u32 slot, u64 lblock,
			      bool dirty)
{
	__le64 v = cpu_to_le64((lblock & SP_CSLOT_LBLOCK_MASK) |
			       (dirty ? SP_CSLOT_DIRTY : 0));

	memcpy_flushcache(&hot->table[slot].lblock_flags, &v, sizeof(v));
}

/* ---- slots, under the lock ---- */

static u32 sp_hot_index_get(struct sp_hot *hot, u64 lblock)
{
	void *e = xa_load(&hot->index, lblock);

	return e ? (u32)xa_to_value(e) : SP_SLOT_NONE;
}

/* Give a slot back, or leave that to its last unpin. */
static void sp_hot_release(struct sp_hot *hot, u32 slot)
{
	if (hot->pins[slot]) {
		hot->doomed[slot] = 1;
		sp_slots_set(&hot->slots, slot, SP_SLOT_BUSY);
		return;
	}
	sp_slots_set(&hot->slots, slot, SP_SLOT_FREE);
}

static void sp_hot_unpin(struct sp_hot *hot, u32 slot)
{
	if (--hot->pins[slot] == 0 && hot->doomed[slot]) {
		hot->doomed[slot] = 0;
		sp_slots_set(&hot->slots, slot, SP_SLOT_FREE);
	}
}

/* Evict CLOCK victim @v (clean, unpinned) and take a free slot. */
static u32 sp_hot_evict_take(struct sp_hot *hot, u32 v)
{
	if (sp_hot_index_get(hot, hot->slot_lblock[v]) == v)
		__xa_erase(&hot->index, hot->slot_lblock[v]);
	sp_slots_set(&hot->slots, v, SP_SLOT_FREE);
	return sp_slots_take_free(&hot->slots);
}

/*
 * A slot for @lblock: a free one, else the CLOCK victim if @admit says
 * @lblock is used more often (or @force). State BUSY. SP_SLOT_NONE if none.
 * Admission looks at a few stretches of the clock; a write (@force) lets
 * the hand go round twice, which finds any clean unpinned slot, so it
 * waits for write-back only when every slot is dirty, pinned or being
 * filled.
 */
static u32 sp_hot_take(struct sp_hot *hot, u64 lblock, bool force)
{
	u32 slot = sp_slots_take_free(&hot->slots), i;

	if (slot != SP_SLOT_NONE)
		return slot;
	if (force) {
		u32 v = sp_slots_victim_unpinned(&hot->slots,
						 2ULL * hot->slots.nr, hot->pins);

		return v == SP_SLOT_NONE ? v : sp_hot_evict_take(hot, v);
	}
	for (i = 0; i < 4; i++) {
		u32 v = sp_slots_victim(&hot->slots, SP_HOT_VICTIM_SCAN);

		if (v == SP_SLOT_NONE)
			return SP_SLOT_NONE;
		if (hot->pins[v])
			continue;
		if (!sp_admit(&hot->sketch, lblock, hot->slot_lblock[v]))
			return SP_SLOT_NONE;
		return sp_hot_evict_take(hot, v);
	}
	return SP_SLOT_NONE;
}

/* A slot for a block read ahead: free, or of a block used at most once. */
static u32 sp_hot_take_ahead(struct sp_hot *hot)
{
	u32 slot = sp_slots_take_free(&hot->slots), v;

	if (slot != SP_SLOT_NONE)
		return slot;
	v = sp_slots_victim(&hot->slots, SP_HOT_VICTIM_SCAN);
	if (v == SP_SLOT_NONE || hot->pins[v] ||
	    sp_sketch_estimate(&hot->sketch, hot->slot_lblock[v]) > 1)
		return SP_SLOT_NONE;
	return sp_hot_evict_take(hot, v);
}

/* Index @lblock at slot @s, to be filled: the FILL-tagged slot, or NONE. */
static u32 sp_hot_reserve(struct sp_hot *hot, u64 lblock, u32 s)
{
	if (xa_is_err(__xa_store(&hot->index, lblock, xa_mk_value(s), GFP_ATOMIC))) {
		sp_slots_set(&hot->slots, s, SP_SLOT_FREE);
		return SP_SLOT_NONE;
	}
	hot->slot_lblock[s] = lblock;
	return s | (SP_HOT_FILL << SP_HOT_ACT_SHIFT);
}

/* Note a use of uncached @lblock; a reserved slot if admitted, or NONE. */
static u32 sp_hot_admit(struct sp_hot *hot, u64 lblock)
{
	u32 s;

	sp_sketch_add(&hot->sketch, lblock);
	if (sp_hot_index_get(hot, lblock) != SP_SLOT_NONE ||
	    sp_sketch_estimate(&hot->sketch, lblock) < 2)
		return SP_SLOT_NONE;	/* being filled already, or first use */
	s = sp_hot_take(hot, lblock, false);
	return s == SP_SLOT_NONE ? s : sp_hot_reserve(hot, lblock, s);
}

/* Admit block @i of @io's range into @io->slot[i]; 1 if a slot was taken. */
static unsigned int sp_hot_admit_io(struct sp_hot *hot, struct sp_hot_io *io,
				    unsigned int i)
{
	io->slot[i] = sp_hot_admit(hot, io->lblock + i);
	return io->slot[i] != SP_SLOT_NONE;
}

/* @req carries @io to its completion if it has something to do there. */
static void sp_hot_io_keep(struct sp_req *req, struct sp_hot_io *io,
			   unsigned int acts)
{
	if (acts)
		req->hot = io;
	else
		kfree(io);
}

/* Drop the clean or filling copy of @lblock (not a dirty one). */
static void sp_hot_drop_clean(struct sp_hot *hot, u64 lblock)
{
	u32 slot = sp_hot_index_get(hot, lblock);

	if (slot == SP_SLOT_NONE || hot->slots.state[slot] == SP_SLOT_DIRTY)
		return;
	__xa_erase(&hot->index, lblock);
	if (hot->slots.state[slot] == SP_SLOT_CLEAN)
		sp_hot_release(hot, slot);
	/* a BUSY (filling) slot is freed by its fill, which finds it gone */
}

/* ---- copies between bios and slots ---- */

/*
 * Copy between @bio's data (@iter) and the slots of its blocks: @to_bio
 * copies slot -> bio for the blocks whose act is @act (any, if 0).
 * Return false if a poisoned line was read.
 */
static bool sp_hot_copy(struct sp_hot *hot, struct bio *bio,
			struct bvec_iter iter, const u32 *slot, u32 act,
			bool to_bio)
{
	struct bvec_iter it;
	struct bio_vec bv;
	u64 pos = 0;
	bool ok = true;

	__bio_for_each_segment(bv, bio, it, iter) {
		u32 done = 0;

		while (done < bv.bv_len) {
			u64 b = (pos + done) / SP_CACHE_BLOCK;
			u32 off = (pos + done) % SP_CACHE_BLOCK;
			u32 n = min_t(u32, bv.bv_len - done, SP_CACHE_BLOCK - off);
			u32 s = slot[b];
			u8 *p;

			if (act && (s >> SP_HOT_ACT_SHIFT) != act) {
				done += n;
				continue;
			}
			s &= SP_HOT_SLOT_MASK;
			p = kmap_local_page(bv.bv_page);
			if (to_bio) {
				if (copy_mc_to_kernel(p + bv.bv_offset + done,
						      sp_hot_slot_addr(hot, s) + off, n))
					ok = false;
			} else {
				memcpy_flushcache(sp_hot_slot_addr(hot, s) + off,
						  p + bv.bv_offset + done, n);
			}
			kunmap_local(p);
			done += n;
		}
		pos += bv.bv_len;
	}
	return ok;
}

/* ---- read-ahead ---- */

/* A read-ahead request: an idle-class read that fills reserved slots. */
struct sp_hot_ahead {
	struct sp_req req;
	struct sp_hot *hot;
	struct bio *bio;
	unsigned int nr;		/* slots reserved */
};

/*
 * Under the lock, after a read of a stream @run blocks long that ended
 * before block @next: reserve slots for the missing blocks of the next
 * window. Return the fill to send, or NULL when nothing is to be read.
 */
static struct sp_hot_io *sp_hot_ahead_plan(struct sp_hot *hot, u64 next,
					   u64 run)
{
	const struct sp_layout *l = &hot->set->sb.l;
	u64 per_ext = l->extent_sectors / SP_CACHE_BLOCK_SECTORS;
	u64 dev_end = l->nr_extents * per_ext;
	u64 want = min_t(u64, run, SP_HOT_PF_BLOCKS), first, end, b;
	struct sp_hot_io *io;
	unsigned int taken = 0;

	if (READ_ONCE(hot->wb_stopped) || next >= dev_end)
		return NULL;
	/* Far enough ahead already: wait until the reader is half way. */
	if (next + want / 2 < dev_end &&
	    sp_hot_index_get(hot, next + want / 2) != SP_SLOT_NONE)
		return NULL;
	for (first = next; first < next + want && first < dev_end &&
	     sp_hot_index_get(hot, first) != SP_SLOT_NONE; first++)
		;
	end = min3(next + want, dev_end, (first / per_ext + 1) * per_ext);
	if (first >= end)
		return NULL;
	io = kmalloc(struct_size(io, slot, end - first), GFP_ATOMIC);
	if (!io)
		return NULL;
	io->lblock = first;
	io->nr = (unsigned int)(end - first);
	for (b = first; b < end; b++) {
		u32 s = SP_SLOT_NONE;

		if (sp_hot_index_get(hot, b) == SP_SLOT_NONE)
			s = sp_hot_take_ahead(hot);
		if (s != SP_SLOT_NONE)
			s = sp_hot_reserve(hot, b, s);
		io->slot[b - first] = s;
		if (s != SP_SLOT_NONE)
			taken++;
	}
	if (!taken) {
		kfree(io);
		return NULL;
	}
	atomic_inc(&hot->pf_inflight);
	return io;
}

static void sp_hot_ahead_done(struct sp_hot *hot)
{
	if (atomic_dec_and_test(&hot->pf_inflight))
		wake_up_var(&hot->pf_inflight);
}

static void sp_hot_ahead_endio(struct bio *bio)
{
	struct sp_hot_ahead *ra = bio->bi_private;
	struct sp_hot *hot = ra->hot;
	struct bvec_iter_all it;
	struct bio_vec *bv;

	sp_set_complete(hot->set, &ra->req, bio->bi_status);	/* fills */
	if (!bio->bi_status)
		atomic64_add(ra->nr, &hot->prefetched);
	bio_for_each_segment_all(bv, bio, it)
		__free_page(bv->bv_page);
	bio_uninit(bio);
	kfree(bio);
	kfree(ra);
	sp_hot_ahead_done(hot);
}

static void sp_hot_ahead_execute(struct sp_req *req)
{
	struct sp_hot_ahead *ra = container_of(req, struct sp_hot_ahead, req);

	sp_set_execute(ra->hot->set, req);
}

static const struct sp_req_ops sp_hot_ahead_ops = {
	.execute = sp_hot_ahead_execute,
};

/* Send the read for @io to its extent's worker (or give the slots back). */
static void sp_hot_ahead_send(struct sp_hot *hot, struct sp_hot_io *io)
{
	struct sp_hot_ahead *ra = kzalloc(sizeof(*ra), GFP_NOIO);
	struct bio *bio = ra ? bio_kmalloc(io->nr, GFP_NOIO) : NULL;
	unsigned int i, taken = 0;

	if (!bio)
		goto fail;
	bio_init(bio, NULL, bio->bi_inline_vecs, io->nr, REQ_OP_READ);
	for (i = 0; i < io->nr; i++) {
		struct page *page = alloc_page(GFP_NOIO);

		if (!page)
			goto fail;
		__bio_add_page(bio, page, SP_CACHE_BLOCK, 0);
		if ((io->slot[i] >> SP_HOT_ACT_SHIFT) == SP_HOT_FILL)
			taken++;
	}
	bio->bi_iter.bi_sector = io->lblock * SP_CACHE_BLOCK_SECTORS;
	bio->bi_ioprio = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0);
	bio->bi_end_io = sp_hot_ahead_endio;
	bio->bi_private = ra;
	io->iter = bio->bi_iter;
	ra->hot = hot;
	ra->bio = bio;
	ra->nr = taken;
	ra->req.addr.sector = bio->bi_iter.bi_sector;
	ra->req.addr.nr_sectors = io->nr * SP_CACHE_BLOCK_SECTORS;
	ra->req.addr.class = SP_CLASS_READ;
	ra->req.op = SP_OP_READ;
	ra->req.flags = SP_REQ_NOCACHE;
	ra->req.bio = bio;
	ra->req.ops = &sp_hot_ahead_ops;
	ra->req.owner = hot;
	ra->req.hot = io;
	sp_worker_queue(sp_part_of(&hot->set->part, ra->req.addr.sector), &ra->req);
	return;
fail:
	if (bio) {
		struct bvec_iter_all it;
		struct bio_vec *bv;

		bio_for_each_segment_all(bv, bio, it)
			__free_page(bv->bv_page);
		bio_uninit(bio);
		kfree(bio);
	}
	kfree(ra);
	{
		struct sp_req req = { .hot = io };

		sp_hot_complete(hot->set, &req, BLK_STS_RESOURCE);	/* frees */
	}
	sp_hot_ahead_done(hot);
}

/* ---- reads ---- */

/*
 * Under the lock: note read @req of blocks [@lb, @lb + @nr) in the stream
 * detector. Return true when it bypasses the cache (idle class, or a
 * stream past the cutoff); a read that continues a stream may get the
 * read-ahead to send in *@ahead.
 */
static bool sp_hot_observe(struct sp_hot *hot, struct sp_req *req, u64 lb,
			   unsigned int nr, struct sp_hot_io **ahead)
{
	u64 cutoff = READ_ONCE(hot->cutoff), run;

	*ahead = NULL;
	if (sp_hot_idle(req))
		return true;
	run = sp_seq_observe(&hot->seq, req->addr.sector, req->addr.nr_sectors);
	if (cutoff && run > cutoff)
		return true;
	if (run > req->addr.nr_sectors && nr < SP_HOT_PF_BLOCKS)
		*ahead = sp_hot_ahead_plan(hot, lb + nr,
					   run / SP_CACHE_BLOCK_SECTORS);
	return false;
}

/* Under the lock: the readable (clean or dirty) slots of [@lb, @lb + @nr)
 * in @slot[], SP_SLOT_NONE for the others; return how many there are. */
static unsigned int sp_hot_lookup(struct sp_hot *hot, u64 lb, unsigned int nr,
				  u32 *slot)
{
	unsigned int i, hits = 0;

	for (i = 0; i < nr; i++) {
		u32 s = sp_hot_index_get(hot, lb + i);

		slot[i] = SP_SLOT_NONE;
		if (s != SP_SLOT_NONE && (hot->slots.state[s] == SP_SLOT_CLEAN ||
					  hot->slots.state[s] == SP_SLOT_DIRTY)) {
			slot[i] = s;
			hits++;
		}
	}
	return hits;
}

/* Under the lock: pin every block of a hit for its copy. */
static void sp_hot_pin_hit(struct sp_hot *hot, const u32 *slot,
			   unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		hot->pins[slot[i]]++;
		sp_slots_touch(&hot->slots, slot[i]);
	}
}

/* Under the lock: a use of each block of [@lb, @lb + @nr) for admission. */
static void sp_hot_note_uses(struct sp_hot *hot, u64 lb, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		sp_sketch_add(&hot->sketch, lb + i);
}

/* Without the lock: copy the pinned blocks of a hit into @req's bio,
 * unpin them, send the read-ahead, complete @req. */
static void sp_hot_serve_hit(struct sp_set *set, struct sp_req *req,
			     const u32 *slot, unsigned int nr,
			     struct sp_hot_io *ahead)
{
	struct sp_hot *hot = set->hot;
	unsigned long flags;
	unsigned int i;
	bool ok;

	ok = sp_hot_copy(hot, req->bio, req->bio->bi_iter, slot, 0, true);
	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < nr; i++)
		sp_hot_unpin(hot, slot[i]);
	xa_unlock_irqrestore(&hot->index, flags);
	if (ahead)
		sp_hot_ahead_send(hot, ahead);
	atomic64_inc(&hot->read_hits);
	if (!ok)
		sp_set_count_error(set, 0, BLK_STS_MEDIUM);
	sp_req_end(req, ok ? BLK_STS_OK : BLK_STS_MEDIUM);
}

/* Is @req a read the cache can look at (whole 4 KiB blocks)? */
static bool sp_hot_cacheable(struct sp_hot *hot, const struct sp_req *req)
{
	return hot && READ_ONCE(hot->mode) != SP_CACHE_PASSTHROUGH &&
	       req->addr.nr_sectors &&
	       !((req->addr.sector | req->addr.nr_sectors) &
		 (SP_CACHE_BLOCK_SECTORS - 1));
}

bool sp_hot_read_hit(struct sp_set *set, struct sp_req *req)
{
	struct sp_hot *hot = set->hot;
	u64 lb = req->addr.sector / SP_CACHE_BLOCK_SECTORS;
	unsigned int nr = req->addr.nr_sectors / SP_CACHE_BLOCK_SECTORS;
	u32 slot[SP_HOT_DIRECT_BLOCKS];
	struct sp_hot_io *ahead;
	unsigned long flags;
	bool bypass;

	if (!sp_hot_cacheable(hot, req) || nr > SP_HOT_DIRECT_BLOCKS)
		return false;
	xa_lock_irqsave(&hot->index, flags);
	if (sp_hot_lookup(hot, lb, nr, slot) < nr) {
		xa_unlock_irqrestore(&hot->index, flags);
		return false;	/* the worker sees it as if it came first */
	}
	/* Pinned first, so the read-ahead's evictions pass these slots by. */
	sp_hot_pin_hit(hot, slot, nr);
	bypass = sp_hot_observe(hot, req, lb, nr, &ahead);
	if (!bypass)
		sp_hot_note_uses(hot, lb, nr);
	xa_unlock_irqrestore(&hot->index, flags);
	sp_hot_serve_hit(set, req, slot, nr, ahead);
	return true;
}

bool sp_hot_read(struct sp_set *set, struct sp_req *req)
{
	struct sp_hot *hot = set->hot;
	u64 lb = req->addr.sector / SP_CACHE_BLOCK_SECTORS;
	unsigned int nr = req->addr.nr_sectors / SP_CACHE_BLOCK_SECTORS, i;
	unsigned int acts = 0;
	struct sp_hot_io *io, *ahead;
	unsigned long flags;
	bool bypass;

	if (!sp_hot_cacheable(hot, req))
		return false;
	io = kmalloc(struct_size(io, slot, nr), GFP_NOIO);
	if (!io)
		return false;
	io->iter = req->bio->bi_iter;
	io->lblock = lb;
	io->nr = nr;

	xa_lock_irqsave(&hot->index, flags);
	bypass = sp_hot_observe(hot, req, lb, nr, &ahead);
	if (sp_hot_lookup(hot, lb, nr, io->slot) == nr) {
		/* Every block cached: serve the read from the hot tier. */
		sp_hot_pin_hit(hot, io->slot, nr);
		if (!bypass)
			sp_hot_note_uses(hot, lb, nr);
		xa_unlock_irqrestore(&hot->index, flags);
		sp_hot_serve_hit(set, req, io->slot, nr, ahead);
		kfree(io);
		return true;
	}

	/* To the capacity tiers: overlay the dirty blocks, fill admitted ones. */
	for (i = 0; i < nr; i++) {
		u32 s = io->slot[i];

		if (s != SP_SLOT_NONE) {
			sp_slots_touch(&hot->slots, s);
			if (hot->slots.state[s] == SP_SLOT_DIRTY) {
				hot->pins[s]++;
				io->slot[i] = s | (SP_HOT_OVERLAY << SP_HOT_ACT_SHIFT);
				acts++;
			} else {
				io->slot[i] = SP_SLOT_NONE;
			}
			continue;
		}
		if (!bypass)
			acts += sp_hot_admit_io(hot, io, i);
	}
	xa_unlock_irqrestore(&hot->index, flags);
	if (ahead)
		sp_hot_ahead_send(hot, ahead);
	atomic64_inc(&hot->read_misses);
	if (bypass)
		atomic64_inc(&hot->bypassed);
	sp_hot_io_keep(req, io, acts);
	return false;
}

void sp_hot_complete(struct sp_set *set, struct sp_req *req,
		     blk_status_t status)
{
	struct sp_hot *hot = set->hot;
	struct sp_hot_io *io = req->hot;
	unsigned long flags;
	unsigned int i;

	if (!io)
		return;
	req->hot = NULL;
	/* Newer data of dirty blocks over what the capacity tier returned. */
	if (!status && !sp_hot_copy(hot, req->bio, io->iter, io->slot,
				    SP_HOT_OVERLAY, true))
		status = BLK_STS_MEDIUM;
	if (!status)
		sp_hot_copy(hot, req->bio, io->iter, io->slot, SP_HOT_FILL, false);

	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < io->nr; i++) {
		u32 s = io->slot[i] & SP_HOT_SLOT_MASK;

		switch (io->slot[i] >> SP_HOT_ACT_SHIFT) {
		case SP_HOT_OVERLAY:
			sp_hot_unpin(hot, s);
			break;
		case SP_HOT_FILL:
			if (!status && sp_hot_index_get(hot, io->lblock + i) == s) {
				sp_slots_set(&hot->slots, s, SP_SLOT_CLEAN);
				break;
			}
			if (sp_hot_index_get(hot, io->lblock + i) == s)
				__xa_erase(&hot->index, io->lblock + i);
			sp_slots_set(&hot->slots, s, SP_SLOT_FREE);
			break;
		}
	}
	xa_unlock_irqrestore(&hot->index, flags);
	if (status)
		req->bio->bi_status = status;
	kfree(io);
}

/* ---- writes ---- */

static void sp_hot_kick(struct sp_hot *hot)
{
	if (!READ_ONCE(hot->wb_stopped))
		queue_work(sp_hot_wq, &hot->wb_work);
}

/* Clear the dirty bits of @slot[0..@n), durably; then give them back. */
static void sp_hot_retire(struct sp_hot *hot, const u32 *slot, unsigned int n)
{
	unsigned long flags;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		sp_hot_put_lblock(hot, slot[i], hot->slot_lblock[slot[i]], false);
	pmem_wmb();
	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < n; i++)
		sp_hot_release(hot, slot[i]);
	xa_unlock_irqrestore(&hot->index, flags);
}

/* Writes in modes other than writeback, and bypassing ones: drop copies. */
static bool sp_hot_write_around(struct sp_hot *hot, struct sp_req *req,
				u64 lb, unsigned int nr, bool fill)
{
	struct sp_hot_io *io = NULL;
	unsigned long flags;
	unsigned int i, acts = 0;

	if (fill) {
		io = kmalloc(struct_size(io, slot, nr), GFP_NOIO);
		if (io) {
			io->iter = req->bio->bi_iter;
			io->lblock = lb;
			io->nr = nr;
		}
	}
	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < nr; i++) {
		sp_hot_drop_clean(hot, lb + i);
		if (io)
			acts += sp_hot_admit_io(hot, io, i);
	}
	xa_unlock_irqrestore(&hot->index, flags);
	sp_hot_io_keep(req, io, acts);
	return false;
}

/*
 * Bypass @req (a write of @nr blocks at @lb)? Count the blocks of it dirty
 * in the log in @ndirty. The stream detector sees a request once: the
 * answer stays in its flags (a write tried in dm's map, or waiting for a
 * slot, runs here again). Under the lock.
 */
static bool sp_hot_write_bypass(struct sp_hot *hot, struct sp_req *req, u64 lb,
				unsigned int nr, unsigned int *ndirty)
{
	u64 cutoff = READ_ONCE(hot->cutoff);
	unsigned int i;
	bool bypass;

	*ndirty = 0;
	for (i = 0; i < nr; i++) {
		u32 s = sp_hot_index_get(hot, lb + i);

		if (s != SP_SLOT_NONE && hot->slots.state[s] == SP_SLOT_DIRTY)
			(*ndirty)++;
	}
	if (req->flags & SP_REQ_SEEN)
		return req->flags & SP_REQ_BYPASS;
	bypass = sp_hot_idle(req) ||
		 (cutoff && sp_seq_observe(&hot->seq, req->addr.sector,
					   req->addr.nr_sectors) > cutoff);
	req->flags |= SP_REQ_SEEN | (bypass ? SP_REQ_BYPASS : 0);
	return bypass;
}

/*
 * @direct: called from the submitter (sp_hot_write_direct()), which only
 * takes writes into the log; whatever else the write needs is left to its
 * worker (return false).
 */
static bool sp_hot_write_one(struct sp_set *set, struct sp_req *req, bool direct)
{
	struct sp_hot *hot = set->hot;
	u64 lb = req->addr.sector / SP_CACHE_BLOCK_SECTORS;
	unsigned int nr = req->addr.nr_sectors / SP_CACHE_BLOCK_SECTORS, i;
	unsigned int nold = 0, ndirty;
	u32 mode, *slot, *old, on_stack[2 * SP_HOT_DIRECT_BLOCKS];
	unsigned long flags;
	bool bypass;
	u64 seq;

	if (!hot || !nr ||
	    ((req->addr.sector | req->addr.nr_sectors) & (SP_CACHE_BLOCK_SECTORS - 1)))
		return false;
	mode = READ_ONCE(hot->mode);
	if (direct && (mode != SP_CACHE_WRITEBACK || nr > SP_HOT_DIRECT_BLOCKS))
		return false;

	xa_lock_irqsave(&hot->index, flags);
	bypass = sp_hot_write_bypass(hot, req, lb, nr, &ndirty);
	xa_unlock_irqrestore(&hot->index, flags);
	/* A block dirty in the log is written there, in any mode. */
	if (!ndirty && (mode != SP_CACHE_WRITEBACK || bypass)) {
		if (direct)
			return false;
		if (bypass && mode == SP_CACHE_WRITEBACK)
			atomic64_inc(&hot->bypassed);
		if (mode == SP_CACHE_PASSTHROUGH)
			return false;
		return sp_hot_write_around(hot, req, lb, nr,
					   mode == SP_CACHE_WRITETHROUGH && !bypass);
	}

	slot = nr <= SP_HOT_DIRECT_BLOCKS ? on_stack :
	       kmalloc_array(2 * nr, sizeof(u32), GFP_NOIO);
	if (!slot) {
		sp_req_end(req, BLK_STS_RESOURCE);
		return true;
	}
	old = slot + nr;

	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < nr; i++) {
		slot[i] = sp_hot_take(hot, lb + i, true);
		if (slot[i] == SP_SLOT_NONE)
			break;
		hot->slot_lblock[slot[i]] = lb + i;
		/* A block not cached yet gets its index entry now (it may
		 * need memory); one cached keeps its old entry until the new
		 * slot is durable. */
		if (sp_hot_index_get(hot, lb + i) == SP_SLOT_NONE &&
		    xa_is_err(__xa_store(&hot->index, lb + i,
					 xa_mk_value(slot[i]), GFP_ATOMIC))) {
			sp_slots_set(&hot->slots, slot[i], SP_SLOT_FREE);
			break;
		}
	}
	if (i < nr) {
		/* No room: give back what was taken, wait for write-back. */
		while (i--) {
			if (sp_hot_index_get(hot, lb + i) == slot[i])
				__xa_erase(&hot->index, lb + i);
			sp_slots_set(&hot->slots, slot[i], SP_SLOT_FREE);
		}
		req->node.next = NULL;
		*hot->wait_tail = req;
		hot->wait_tail = (struct sp_req **)&req->node.next;
		xa_unlock_irqrestore(&hot->index, flags);
		if (slot != on_stack)
			kfree(slot);
		sp_hot_kick(hot);
		return true;
	}
	seq = hot->next_seq;
	hot->next_seq += nr;
	xa_unlock_irqrestore(&hot->index, flags);

	/* Data, then sequence numbers, then block numbers with the dirty bit. */
	sp_hot_copy(hot, req->bio, req->bio->bi_iter, slot, 0, false);
	pmem_wmb();
	for (i = 0; i < nr; i++)
		sp_hot_put_seq(hot, slot[i], seq + i);
	pmem_wmb();
	for (i = 0; i < nr; i++)
		sp_hot_put_lblock(hot, slot[i], lb + i, true);
	pmem_wmb();

	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < nr; i++) {
		u32 o = sp_hot_index_get(hot, lb + i);

		if (o != slot[i]) {
			__xa_store(&hot->index, lb + i, xa_mk_value(slot[i]),
				   GFP_ATOMIC);	/* replaces: no memory needed */
			if (o != SP_SLOT_NONE) {
				if (hot->slots.state[o] == SP_SLOT_DIRTY)
					old[nold++] = o;
				else if (hot->slots.state[o] == SP_SLOT_CLEAN)
					sp_hot_release(hot, o);
				/* BUSY: a fill, which frees it itself */
			}
		}
		__xa_set_mark(&hot->index, lb + i, XA_MARK_0);
		sp_slots_set(&hot->slots, slot[i], SP_SLOT_DIRTY);
		sp_slots_touch(&hot->slots, slot[i]);
	}
	/* Keep the superseded dirty slots from reuse until retired. */
	for (i = 0; i < nold; i++)
		sp_slots_set(&hot->slots, old[i], SP_SLOT_BUSY);
	ndirty = hot->slots.nr_dirty;
	xa_unlock_irqrestore(&hot->index, flags);
	sp_hot_retire(hot, old, nold);
	if (slot != on_stack)
		kfree(slot);

	atomic64_inc(&hot->write_hits);
	if ((u64)ndirty * 100 > (u64)hot->slots.nr * READ_ONCE(hot->dirty_low))
		sp_hot_kick(hot);
	sp_req_end(req, BLK_STS_OK);
	return true;
}

static bool sp_hot_write_counted(struct sp_set *set, struct sp_req *req,
				 bool direct)
{
	struct sp_hot *hot = set->hot;
	bool taken;

	if (!hot)
		return false;
	/* A mode switch waits for writes that may still use the log. */
	atomic_inc(&hot->log_writers);
	smp_mb__after_atomic();		/* pairs with sp_hot_set_mode() */
	taken = sp_hot_write_one(set, req, direct);
	if (atomic_dec_and_test(&hot->log_writers))
		wake_up_var(&hot->log_writers);
	return taken;
}

bool sp_hot_write(struct sp_set *set, struct sp_req *req)
{
	return sp_hot_write_counted(set, req, false);
}

bool sp_hot_write_direct(struct sp_set *set, struct sp_req *req)
{
	return sp_hot_write_counted(set, req, true);
}

void sp_hot_discard(struct sp_set *set, u64 first, u64 end)
{
	struct sp_hot *hot = set->hot;
	u64 bpe = set->sb.l.extent_sectors / SP_CACHE_BLOCK_SECTORS;
	unsigned long flags, idx;
	u32 *old;
	unsigned int n = 0, cap = 64;
	void *e;

	if (!hot || first >= end)
		return;
again:
	old = kmalloc_array(cap, sizeof(u32), GFP_NOIO | __GFP_NOFAIL);
	xa_lock_irqsave(&hot->index, flags);
	xa_for_each_range(&hot->index, idx, e, first * bpe, end * bpe - 1) {
		u32 s = (u32)xa_to_value(e);

		if (hot->slots.state[s] == SP_SLOT_DIRTY) {
			if (n == cap)
				break;
			old[n++] = s;
			sp_slots_set(&hot->slots, s, SP_SLOT_BUSY);
			__xa_erase(&hot->index, idx);
			continue;
		}
		__xa_erase(&hot->index, idx);
		if (hot->slots.state[s] == SP_SLOT_CLEAN)
			sp_hot_release(hot, s);
	}
	xa_unlock_irqrestore(&hot->index, flags);
	sp_hot_retire(hot, old, n);
	kfree(old);
	if (n == cap) {
		n = 0;
		goto again;
	}
}

/* ---- write-back ---- */

static void sp_hot_wb_endio(struct bio *bio)
{
	struct sp_hot_wb *wb = bio->bi_private;

	sp_set_complete(wb->hot->set, &wb->req, bio->bi_status);
	wb->status = bio->bi_status;
	if (atomic_dec_and_test(&wb->batch->pending))
		complete(&wb->batch->done);
}

/* On the extent's worker: still wanted? then write it like any write. */
static void sp_hot_wb_execute(struct sp_req *req)
{
	struct sp_hot_wb *wb = container_of(req, struct sp_hot_wb, req);
	struct sp_hot *hot = wb->hot;
	unsigned long flags;
	unsigned int i;

	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < wb->nr; i++)
		if (sp_hot_index_get(hot, wb->lblock + i) == SP_SLOT_NONE)
			wb->dropped = true;	/* discarded since */
	xa_unlock_irqrestore(&hot->index, flags);
	if (wb->dropped) {
		sp_req_end(req, BLK_STS_OK);
		return;
	}
	sp_set_execute(hot->set, req);
}

static const struct sp_req_ops sp_hot_wb_ops = {
	.execute = sp_hot_wb_execute,
};

static void sp_hot_wb_free(struct sp_hot_wb *wb)
{
	struct bvec_iter_all it;
	struct bio_vec *bv;

	if (wb->bio) {
		bio_for_each_segment_all(bv, wb->bio, it)
			__free_page(bv->bv_page);
		bio_uninit(wb->bio);
		kfree(wb->bio);
	}
	kfree(wb);
}

/* One run of @nr blocks from @lblock, slots @slot (pinned). */
static struct sp_hot_wb *sp_hot_wb_build(struct sp_hot *hot, u64 lblock,
					 const u32 *slot, unsigned int nr,
					 struct sp_hot_batch *batch)
{
	struct sp_hot_wb *wb = kzalloc(struct_size(wb, slot, nr), GFP_NOIO);
	unsigned int i;

	if (!wb)
		return NULL;
	wb->hot = hot;
	wb->batch = batch;
	wb->lblock = lblock;
	wb->nr = nr;
	memcpy(wb->slot, slot, nr * sizeof(u32));
	wb->bio = bio_kmalloc(nr, GFP_NOIO);
	if (!wb->bio)
		goto fail;
	bio_init(wb->bio, NULL, wb->bio->bi_inline_vecs, nr, REQ_OP_WRITE);
	for (i = 0; i < nr; i++) {
		struct page *page = alloc_page(GFP_NOIO);

		if (!page)
			goto fail;
		if (copy_mc_to_kernel(page_address(page),
				      sp_hot_slot_addr(hot, slot[i]), SP_CACHE_BLOCK)) {
			__free_page(page);
			sp_set_count_error(hot->set, 0, BLK_STS_MEDIUM);
			goto fail;
		}
		__bio_add_page(wb->bio, page, SP_CACHE_BLOCK, 0);
	}
	wb->bio->bi_iter.bi_sector = lblock * SP_CACHE_BLOCK_SECTORS;
	wb->bio->bi_end_io = sp_hot_wb_endio;
	wb->bio->bi_private = wb;
	wb->req.addr.sector = lblock * SP_CACHE_BLOCK_SECTORS;
	wb->req.addr.nr_sectors = nr * SP_CACHE_BLOCK_SECTORS;
	wb->req.addr.class = SP_CLASS_WRITE;
	wb->req.op = SP_OP_WRITE;
	wb->req.flags = SP_REQ_NOCACHE;
	wb->req.bio = wb->bio;
	wb->req.ops = &sp_hot_wb_ops;
	wb->req.owner = hot;
	return wb;
fail:
	sp_hot_wb_free(wb);
	return NULL;
}

/* Requeue the writes that waited for a slot. */
static void sp_hot_wake_waiters(struct sp_hot *hot)
{
	struct sp_req *req, *next;
	unsigned long flags;

	xa_lock_irqsave(&hot->index, flags);
	req = hot->wait_head;
	hot->wait_head = NULL;
	hot->wait_tail = &hot->wait_head;
	xa_unlock_irqrestore(&hot->index, flags);
	for (; req; req = next) {
		next = (struct sp_req *)req->node.next;
		req->flags |= SP_REQ_COUNTED;	/* runs again */
		sp_worker_queue(sp_part_of(&hot->set->part, req->addr.sector), req);
	}
}

/*
 * One pass: write back up to SP_HOT_WB_BATCH dirty blocks from the cursor.
 * Return the blocks made clean, or a negative errno.
 */
static int sp_hot_wb_pass(struct sp_hot *hot)
{
	struct sp_set *set = hot->set;
	u64 bpe = set->sb.l.extent_sectors / SP_CACHE_BLOCK_SECTORS;
	u32 *slot, *clean;
	u64 *lblk;
	unsigned int n = 0, nrun = 0, i, j, nclean = 0;
	struct sp_hot_batch batch;
	unsigned long flags, idx;
	bool wrapped = false;
	int ret = 0;
	void *e;

	slot = kvmalloc_array(SP_HOT_WB_BATCH, sizeof(u32), GFP_NOIO);
	clean = kvmalloc_array(SP_HOT_WB_BATCH, sizeof(u32), GFP_NOIO);
	lblk = kvmalloc_array(SP_HOT_WB_BATCH, sizeof(u64), GFP_NOIO);
	if (!slot || !clean || !lblk) {
		ret = -ENOMEM;
		goto out;
	}

	xa_lock_irqsave(&hot->index, flags);
	idx = hot->wb_cursor;
	for (;;) {
		e = xa_find(&hot->index, &idx, ULONG_MAX, XA_MARK_0);
		while (e && n < SP_HOT_WB_BATCH) {
			u32 s = (u32)xa_to_value(e);

			if (hot->slots.state[s] == SP_SLOT_DIRTY) {
				hot->pins[s]++;
				slot[n] = s;
				lblk[n++] = idx;
			}
			e = xa_find_after(&hot->index, &idx, ULONG_MAX, XA_MARK_0);
		}
		if (n || wrapped || !hot->wb_cursor)
			break;
		wrapped = true;
		idx = 0;
	}
	hot->wb_cursor = n ? lblk[n - 1] + 1 : 0;
	xa_unlock_irqrestore(&hot->index, flags);
	if (!n)
		goto out;

	/* Runs of consecutive blocks inside one extent. */
	init_completion(&batch.done);
	atomic_set(&batch.pending, 1);
	for (i = 0; i < n; i = j) {
		struct sp_hot_wb *wb;

		for (j = i + 1; j < n && j - i < SP_HOT_WB_RUN &&
			    lblk[j] == lblk[j - 1] + 1 && lblk[j] / bpe == lblk[i] / bpe; j++)
			;
		wb = sp_hot_wb_build(hot, lblk[i], slot + i, j - i, &batch);
		if (!wb) {
			ret = -ENOMEM;
			continue;
		}
		hot->wb[nrun++] = wb;
		atomic_inc(&batch.pending);
		sp_worker_queue(sp_part_of(&set->part, wb->req.addr.sector), &wb->req);
	}
	if (atomic_dec_and_test(&batch.pending))
		complete(&batch.done);
	wait_for_completion(&batch.done);

	/* Durable on the capacity tiers (data and any new mapping)? */
	if (sp_commit_barrier(set))
		ret = -EIO;
	for (i = 0; i < nrun; i++) {
		struct sp_hot_wb *wb = hot->wb[i];

		if (wb->status)
			ret = -EIO;
		if (ret || wb->status || wb->dropped)
			continue;
		for (j = 0; j < wb->nr; j++)
			clean[nclean++] = wb->slot[j];
	}
	/* Clear the dirty bits first: a slot can be reused only once clean. */
	for (i = 0; i < nclean; i++)
		sp_hot_put_lblock(hot, clean[i], hot->slot_lblock[clean[i]], false);
	pmem_wmb();
	xa_lock_irqsave(&hot->index, flags);
	for (i = 0; i < nclean; i++) {
		u32 s = clean[i];
		u64 b = hot->slot_lblock[s];

		if (hot->slots.state[s] == SP_SLOT_DIRTY && sp_hot_index_get(hot, b) == s) {
			sp_slots_set(&hot->slots, s, SP_SLOT_CLEAN);
			__xa_clear_mark(&hot->index, b, XA_MARK_0);
		}
	}
	for (i = 0; i < n; i++)
		sp_hot_unpin(hot, slot[i]);
	xa_unlock_irqrestore(&hot->index, flags);
	atomic64_add(nclean, &hot->written_back);
	for (i = 0; i < nrun; i++)
		sp_hot_wb_free(hot->wb[i]);
	if (!ret)
		ret = (int)nclean;
out:
	kvfree(slot);
	kvfree(clean);
	kvfree(lblk);
	sp_hot_wake_waiters(hot);
	return ret;
}

static unsigned int sp_hot_dirty_pct(struct sp_hot *hot)
{
	return (unsigned int)div_u64((u64)READ_ONCE(hot->slots.nr_dirty) * 100,
				     hot->slots.nr);
}

static void sp_hot_wb_work(struct work_struct *work)
{
	struct sp_hot *hot = container_of(work, struct sp_hot, wb_work);

	while (!READ_ONCE(hot->wb_stopped) &&
	       sp_set_state(hot->set) < SP_SET_READ_ONLY) {
		unsigned int pct = sp_hot_dirty_pct(hot);
		bool waiters = READ_ONCE(hot->wait_head) != NULL;
		int ret;

		if (!waiters && pct <= READ_ONCE(hot->dirty_low))
			break;
		mutex_lock(&hot->wb_mutex);
		ret = sp_hot_wb_pass(hot);
		mutex_unlock(&hot->wb_mutex);
		if (ret <= 0 && !waiters)
			break;
		if (ret < 0)
			msleep(100);
		else if (!ret)
			msleep(10);	/* waiters, but slots busy: let fills end */
		else if (!waiters && pct < READ_ONCE(hot->dirty_high))
			msleep(SP_HOT_WB_PAUSE_MS);
		cond_resched();
	}
}

int sp_hot_flush(struct sp_set *set)
{
	struct sp_hot *hot = set->hot;
	int ret = 0;

	if (!hot)
		return 0;
	while (READ_ONCE(hot->slots.nr_dirty)) {
		if (sp_set_state(set) >= SP_SET_READ_ONLY)
			return -EIO;
		mutex_lock(&hot->wb_mutex);
		ret = sp_hot_wb_pass(hot);
		mutex_unlock(&hot->wb_mutex);
		if (ret < 0)
			return ret;
		cond_resched();
	}
	return 0;
}

int sp_hot_set_mode(struct sp_set *set, u32 mode)
{
	struct sp_hot *hot = set->hot;
	unsigned long flags, idx;
	int ret;
	void *e;

	if (!hot)
		return 0;
	WRITE_ONCE(hot->mode, mode);
	if (mode == SP_CACHE_WRITEBACK)
		return 0;
	/* Writes that read the old mode finish first: none dirties after. */
	smp_mb();
	wait_var_event(&hot->log_writers, !atomic_read(&hot->log_writers));
	ret = sp_hot_flush(set);
	if (ret || mode != SP_CACHE_PASSTHROUGH)
		return ret;
	/* No cache at all: forget the clean copies too. */
	xa_lock_irqsave(&hot->index, flags);
	xa_for_each(&hot->index, idx, e)
		sp_hot_drop_clean(hot, idx);
	xa_unlock_irqrestore(&hot->index, flags);
	return 0;
}

void sp_hot_knobs(struct sp_set *set, const struct sp_knobs *k)
{
	struct sp_hot *hot = set->hot;

	if (!hot)
		return;
	WRITE_ONCE(hot->cutoff, (u64)k->v[SP_KNOB_SEQ_CUTOFF] * 2);
	WRITE_ONCE(hot->dirty_low, k->v[SP_KNOB_DIRTY_LOW]);
	WRITE_ONCE(hot->dirty_high, k->v[SP_KNOB_DIRTY_HIGH]);
	if (k->v[SP_KNOB_CACHE_MODE] == SP_CACHE_WRITEBACK)
		WRITE_ONCE(hot->mode, SP_CACHE_WRITEBACK);
	sp_hot_kick(hot);
}

void sp_hot_stop(struct sp_set *set)
{
	struct sp_hot *hot = set->hot;

	if (!hot)
		return;
	WRITE_ONCE(hot->wb_stopped, true);
	cancel_work_sync(&hot->wb_work);
	wait_var_event(&hot->pf_inflight, !atomic_read(&hot->pf_inflight));
}

void sp_hot_start(struct sp_set *set)
{
	struct sp_hot *hot = set->hot;

	if (!hot)
		return;
	WRITE_ONCE(hot->wb_stopped, false);
	sp_hot_kick(hot);
}

void sp_hot_fill_status(struct sp_set *set, struct sp_status *st)
{
	struct sp_hot *hot = set->hot;

	st->has_cache = true;
	if (!hot) {
		strscpy(st->cache_mode, "none", sizeof(st->cache_mode));
		return;
	}
	strscpy(st->cache_mode, sp_knob_descs[SP_KNOB_CACHE_MODE].words[READ_ONCE(hot->mode)],
		sizeof(st->cache_mode));
	st->cache_blocks = hot->slots.nr;
	st->cache_used = hot->slots.nr - READ_ONCE(hot->slots.nr_unused);
	st->dirty = READ_ONCE(hot->slots.nr_dirty);
	st->read_hits = atomic64_read(&hot->read_hits);
	st->read_misses = atomic64_read(&hot->read_misses);
	st->write_hits = atomic64_read(&hot->write_hits);
	st->written_back = atomic64_read(&hot->written_back);
	st->bypassed = atomic64_read(&hot->bypassed);
	st->prefetched = atomic64_read(&hot->prefetched);
}

/* ---- activation ---- */

static void sp_hot_free(struct sp_hot *hot)
{
	xa_destroy(&hot->index);
	sp_slots_destroy(&hot->slots);
	sp_sketch_destroy(&hot->sketch);
	kvfree(hot->slot_lblock);
	kvfree(hot->pins);
	kvfree(hot->doomed);
	kvfree(hot->wb);
	kfree(hot);
}

/* Lay out an empty cache: a zeroed slot table, then the header. */
static void sp_hot_format(struct sp_hot *hot, u8 *base, const u8 *uuid,
			  void *block)
{
	u64 off, len = hot->cl.data_offset - hot->cl.table_offset;

	memset(block, 0, SP_CACHE_BLOCK);
	for (off = 0; off < len; off += SP_CACHE_BLOCK)
		memcpy_flushcache(base + hot->cl.table_offset + off, block,
				  min_t(u64, SP_CACHE_BLOCK, len - off));
	pmem_wmb();
	sp_cache_hdr_encode(&hot->cl, uuid, block);
	memcpy_flushcache(base, block, SP_CACHE_BLOCK);
	pmem_wmb();
}

/* Take the write log found in the slot table in. */
static int sp_hot_replay(struct sp_hot *hot, u64 nr_lblocks,
			 const char **error)
{
	u64 nr = hot->cl.nr_slots, i;
	struct sp_cslot_disk *table;
	struct sp_clog_ent *ent;
	struct sp_clog_scan res;
	u32 *stale;
	int ret = -ENOMEM;

	table = kvmalloc_array(nr, sizeof(*table), GFP_KERNEL);
	ent = kvmalloc_array(nr, sizeof(*ent), GFP_KERNEL);
	stale = kvmalloc_array(nr, sizeof(u32), GFP_KERNEL);
	if (!table || !ent || !stale) {
		*error = "Cannot allocate memory for the write log";
		goto out;
	}
	if (copy_mc_to_kernel(table, hot->table, nr * sizeof(*table))) {
		*error = "Cannot read the write log on the hot tier (media error)";
		ret = -EIO;
		goto out;
	}
	ret = sp_clog_scan(table, nr, nr_lblocks, ent, stale, &res, error);
	if (ret)
		goto out;
	for (i = 0; i < res.nr_stale; i++)
		sp_hot_put_lblock(hot, stale[i],
				  le64_to_cpu(table[stale[i]].lblock_flags), false);
	pmem_wmb();
	for (i = 0; i < res.nr_dirty; i++) {
		u32 s = ent[i].slot;
		void *old;

		/* Completions take the index lock in interrupt context. */
		xa_lock_irq(&hot->index);
		old = __xa_store(&hot->index, ent[i].lblock, xa_mk_value(s),
				 GFP_KERNEL);
		if (!xa_is_err(old))
			__xa_set_mark(&hot->index, ent[i].lblock, XA_MARK_0);
		xa_unlock_irq(&hot->index);
		if (xa_is_err(old)) {
			*error = "Cannot allocate memory for the write log";
			ret = -ENOMEM;
			goto out;
		}
		hot->slot_lblock[s] = ent[i].lblock;
		sp_slots_set(&hot->slots, s, SP_SLOT_DIRTY);
	}
	hot->next_seq = res.max_seq + 1;
	if (res.nr_dirty)
		pr_info("set %s: write log: %llu dirty blocks to write back (%llu superseded)\n",
			hot->set->id, res.nr_dirty, res.nr_stale);
	ret = 0;
out:
	kvfree(table);
	kvfree(ent);
	kvfree(stale);
	return ret;
}

int sp_hot_open(struct sp_set *set, const char **error)
{
	const struct sp_layout *l = &set->sb.l;
	struct sp_transport *tr = &set->tier[0].tr;
	struct sp_cache_layout cl;
	struct sp_hot *hot;
	void *block;
	u8 *base;
	u64 bytes;
	int ret;

	set->hot = NULL;
	if ((l->capacity_mask & 1U) || !sp_transport_is_dax(tr))
		return 0;
	bytes = (l->m[0].sectors - l->m[0].data_offset) << SECTOR_SHIFT;
	if (sp_cache_layout(&cl, bytes))
		return 0;
	base = (u8 *)tr->dax_addr + (l->m[0].data_offset << SECTOR_SHIFT);

	hot = kzalloc(sizeof(*hot), GFP_KERNEL);
	block = kmalloc(SP_CACHE_BLOCK, GFP_KERNEL);
	if (!hot || !block) {
		kfree(hot);
		kfree(block);
		*error = "Cannot allocate memory for the hot tier's cache";
		return -ENOMEM;
	}
	hot->set = set;
	hot->cl = cl;
	hot->table = (struct sp_cslot_disk *)(base + cl.table_offset);
	hot->data = base + cl.data_offset;
	xa_init_flags(&hot->index, XA_FLAGS_LOCK_IRQ);
	hot->wait_tail = &hot->wait_head;
	INIT_WORK(&hot->wb_work, sp_hot_wb_work);
	mutex_init(&hot->wb_mutex);
	hot->wb_stopped = true;
	hot->mode = SP_CACHE_WRITEBACK;
	hot->cutoff = 2048;
	hot->dirty_low = 10;
	hot->dirty_high = 60;
	hot->next_seq = 1;
	atomic64_set(&hot->read_hits, 0);
	ret = -ENOMEM;
	*error = "Cannot allocate memory for the hot tier's cache";
	if (sp_slots_init(&hot->slots, (u32)cl.nr_slots) ||
	    sp_sketch_init(&hot->sketch, cl.nr_slots))
		goto fail;
	hot->slot_lblock = kvcalloc(cl.nr_slots, sizeof(u64), GFP_KERNEL);
	hot->pins = kvcalloc(cl.nr_slots, sizeof(u16), GFP_KERNEL);
	hot->doomed = kvcalloc(cl.nr_slots, 1, GFP_KERNEL);
	hot->wb = kvcalloc(SP_HOT_WB_BATCH, sizeof(*hot->wb), GFP_KERNEL);
	if (!hot->slot_lblock || !hot->pins || !hot->doomed || !hot->wb)
		goto fail;

	if (copy_mc_to_kernel(block, base, SP_CACHE_BLOCK)) {
		*error = "Cannot read the hot tier's cache header (media error)";
		ret = -EIO;
		goto fail;
	}
	ret = sp_cache_hdr_decode(block, set->sb.uuid, bytes, &cl);
	if (ret == -ENOENT) {
		if (!set->writable) {
			ret = 0;	/* nothing cached, nothing to replay */
		} else {
			sp_hot_format(hot, base, set->sb.uuid, block);
			ret = 0;
		}
	} else if (ret) {
		*error = "The hot tier's cache header is damaged (corrupt)";
		ret = -EUCLEAN;
		goto fail;
	} else {
		ret = sp_hot_replay(hot, sp_layout_sectors(l) / SP_CACHE_BLOCK_SECTORS,
				    error);
		if (ret)
			goto fail;
	}
	kfree(block);
	set->hot = hot;
	return 0;
fail:
	kfree(block);
	sp_hot_free(hot);
	return ret;
}

void sp_hot_close(struct sp_set *set)
{
	struct sp_hot *hot = set->hot;

	if (!hot)
		return;
	sp_hot_stop(set);
	set->hot = NULL;
	sp_hot_free(hot);
}

int sp_hot_init(void)
{
	sp_hot_wq = alloc_workqueue("storproto_writeback",
				    WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	return sp_hot_wq ? 0 : -ENOMEM;
}

void sp_hot_exit(void)
{
	if (sp_hot_wq)
		destroy_workqueue(sp_hot_wq);
	sp_hot_wq = NULL;
}
