/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transports hide the device from the engines: they submit bios and say
 * what the device can do. The engine never asks which device it has.
 * This version has the block-device transport (local NVMe, NVMe-oF
 * namespaces, any bdev); direct access (DAX) comes with the tier engine.
 */
#ifndef SP_TRANSPORT_H
#define SP_TRANSPORT_H

#include <linux/blkdev.h>

struct sp_transport;

struct sp_transport_props {
	sector_t capacity;		/* in 512-byte sectors */
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	bool write_cache;		/* volatile cache: needs flushes */
	bool fua;			/* honours REQ_FUA natively */
	bool dax;			/* supports direct access */
	bool rotational;
};

struct sp_transport_ops {
	const char *name;
	/* Send @bio, already addressed in device sectors, to the device. */
	void (*submit)(struct sp_transport *tr, struct bio *bio);
};

struct sp_transport {
	const struct sp_transport_ops *ops;
	struct block_device *bdev;
	struct sp_transport_props props;
};

/* transport/bdev.c */
void sp_bdev_transport_init(struct sp_transport *tr, struct block_device *bdev);

static inline void sp_transport_submit(struct sp_transport *tr, struct bio *bio)
{
	tr->ops->submit(tr, bio);
}

#endif /* SP_TRANSPORT_H */
