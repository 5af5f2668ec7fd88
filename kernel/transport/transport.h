/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transports hide the device from the engines: they move data and say
 * what the device can do. The engine never asks which device it has.
 *
 *   bdev  any block device (local NVMe, NVMe-oF namespace, another dm
 *         device): bios, submitted with submit_bio_noacct().
 *   dax   persistent memory through the kernel's DAX API: loads and
 *         stores into the device's mapping, made durable with
 *         memcpy_flushcache() and a store fence; no bios.
 */
#ifndef SP_TRANSPORT_H
#define SP_TRANSPORT_H

#include <linux/blkdev.h>

struct dax_device;
struct dm_io_client;
struct sp_transport;

struct sp_transport_props {
	sector_t capacity;		/* in 512-byte sectors */
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	bool write_cache;		/* volatile cache: needs flushes */
	bool fua;			/* honours REQ_FUA natively */
	bool dax;			/* supports direct access */
	bool rotational;
	bool discard;			/* supports REQ_OP_DISCARD */
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
	/* dax only: the whole device, mapped once */
	struct dax_device *dax_dev;
	void *dax_addr;
	size_t dax_len;
};

/* transport/bdev.c */
void sp_bdev_transport_init(struct sp_transport *tr, struct block_device *bdev);

static inline void sp_transport_submit(struct sp_transport *tr, struct bio *bio)
{
	tr->ops->submit(tr, bio);
}

static inline bool sp_transport_is_dax(const struct sp_transport *tr)
{
	return tr->dax_addr != NULL;
}

/* transport/dax.c */

/*
 * Map @dax_dev (the DAX device behind @bdev) for direct access. Return 0,
 * or -EOPNOTSUPP when the device cannot be mapped as one range; the
 * transport then stays a bdev transport.
 */
int sp_dax_transport_init(struct sp_transport *tr, struct block_device *bdev,
			  struct dax_device *dax_dev);

/*
 * Copy @bio's data to or from the device at @sector (bytes stored are
 * durable on return). Return: 0 or BLK_STS_IOERR / BLK_STS_MEDIUM.
 */
blk_status_t sp_dax_rw_bio(struct sp_transport *tr, struct bio *bio,
			   sector_t sector);

/* Is [@sector, +@len bytes) inside the mapping? */
bool sp_dax_in_range(struct sp_transport *tr, sector_t sector, size_t len);

/* Zero @nr sectors at @sector, durably. */
void sp_dax_zero(struct sp_transport *tr, sector_t sector, sector_t nr);

/*
 * Synchronous transfers for metadata and copies, any transport: @buf is
 * kernel memory (vmalloc or direct map), @len a multiple of 512. Writes
 * are durable on return (REQ_FUA for bdevs). @client: a dm-io client.
 */
int sp_transport_read(struct sp_transport *tr, struct dm_io_client *client,
		      sector_t sector, void *buf, size_t len);
int sp_transport_write(struct sp_transport *tr, struct dm_io_client *client,
		       sector_t sector, const void *buf, size_t len);

/* Make every completed write durable (a cache flush; a fence for dax). */
int sp_transport_flush(struct sp_transport *tr);

/* Zero @nr sectors at @sector (not yet durable for bdevs: flush). */
int sp_transport_zero(struct sp_transport *tr, sector_t sector, sector_t nr);

#endif /* SP_TRANSPORT_H */
