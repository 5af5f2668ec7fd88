/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct sp_req: the protocol message, the only thing that crosses from a
 * front end (dm target, later blk-mq, uring_cmd) to the storage I/O
 * workers. It lives in the front end's per-I/O data (dm per-bio data), so
 * queueing a request allocates nothing.
 */
#ifndef SP_REQ_H
#define SP_REQ_H

#include <linux/bio.h>
#include <linux/blk_types.h>
#include <linux/llist.h>

#include "batch.h"

enum sp_op {
	SP_OP_READ,
	SP_OP_WRITE,
	SP_OP_FLUSH,		/* empty PREFLUSH */
	SP_OP_DISCARD,
	SP_OP_WRITE_ZEROES,
	SP_OP_OTHER,		/* passed on as it is */
};

#define SP_REQ_FUA		(1U << 0)	/* REQ_FUA */
#define SP_REQ_PREFLUSH		(1U << 1)	/* REQ_PREFLUSH */
#define SP_REQ_NOCACHE		(1U << 2)	/* engine: the cache's own I/O (write-back, read-ahead) */
#define SP_REQ_COUNTED		(1U << 3)	/* front end counted it: on arrival, or when first run */
#define SP_REQ_SEEN		(1U << 4)	/* engine: the cache's stream detector counted it */
#define SP_REQ_BYPASS		(1U << 5)	/* engine: ... and it bypasses the cache */

struct sp_req;

struct sp_req_ops {
	/* Carry the request out; called by its worker under a plug. */
	void (*execute)(struct sp_req *req);
	/* The request finished; may be called in interrupt context. */
	void (*complete)(struct sp_req *req, blk_status_t status);
};

struct sp_req {
	struct sp_addr addr;		/* address in the front end's space */
	struct llist_node node;		/* on its worker's queue */
	u8 op;				/* enum sp_op */
	u32 flags;			/* SP_REQ_* */
	struct bio *bio;		/* the data, if the request carries a bio */
	const struct sp_req_ops *ops;
	void *owner;			/* the front end's object (target) */
	u32 loc;			/* engine: where the bio was sent */
	u64 start_ns;			/* engine: when it was sent, or 0 */
	void *hot;			/* engine: cache work at completion */
};

static inline enum sp_op sp_op_of_bio(const struct bio *bio)
{
	switch (bio_op(bio)) {
	case REQ_OP_READ:
		return SP_OP_READ;
	case REQ_OP_WRITE:
		return bio_sectors(bio) ? SP_OP_WRITE : SP_OP_FLUSH;
	case REQ_OP_DISCARD:
		return SP_OP_DISCARD;
	case REQ_OP_WRITE_ZEROES:
		return SP_OP_WRITE_ZEROES;
	default:
		return SP_OP_OTHER;
	}
}

static inline u8 sp_class_of_op(enum sp_op op)
{
	switch (op) {
	case SP_OP_FLUSH:
		return SP_CLASS_FLUSH;
	case SP_OP_READ:
		return SP_CLASS_READ;
	case SP_OP_WRITE:
		return SP_CLASS_WRITE;
	default:
		return SP_CLASS_OTHER;
	}
}

/**
 * sp_req_init_bio() - describe a bio as a protocol message
 * @req: the request, usually in the bio's per-I/O data
 * @bio: the bio
 * @sector: the bio's address in the front end's space
 * @ops: what the worker does with it and how it completes
 * @owner: the front end's object
 */
static inline void sp_req_init_bio(struct sp_req *req, struct bio *bio,
				   sector_t sector,
				   const struct sp_req_ops *ops, void *owner)
{
	req->op = sp_op_of_bio(bio);
	req->flags = 0;
	if (bio->bi_opf & REQ_FUA)
		req->flags |= SP_REQ_FUA;
	if (bio->bi_opf & REQ_PREFLUSH)
		req->flags |= SP_REQ_PREFLUSH;
	req->addr.sector = sector;
	req->addr.nr_sectors = bio_sectors(bio);
	req->addr.class = sp_class_of_op(req->op);
	req->bio = bio;
	req->ops = ops;
	req->owner = owner;
	req->start_ns = 0;
	req->hot = NULL;
}

#endif /* SP_REQ_H */
