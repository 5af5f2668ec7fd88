// SPDX-License-Identifier: GPL-2.0
/*
 * Block-device transport: any bdev (local NVMe, an NVMe-oF namespace,
 * virtio, another dm device). Bios are addressed to the device and sent
 * with submit_bio_noacct(); the front end's accounting already saw them.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>

#include "transport.h"

static void sp_bdev_submit(struct sp_transport *tr, struct bio *bio)
{
	bio_set_dev(bio, tr->bdev);
	submit_bio_noacct(bio);
}

static const struct sp_transport_ops sp_bdev_transport_ops = {
	.name	= "bdev",
	.submit	= sp_bdev_submit,
};

void sp_bdev_transport_init(struct sp_transport *tr, struct block_device *bdev)
{
	struct sp_transport_props *p = &tr->props;

	tr->ops = &sp_bdev_transport_ops;
	tr->bdev = bdev;
	p->capacity = bdev_nr_sectors(bdev);
	p->logical_block_size = bdev_logical_block_size(bdev);
	p->physical_block_size = bdev_physical_block_size(bdev);
	p->write_cache = bdev_write_cache(bdev);
	p->fua = bdev_fua(bdev);
	p->dax = blk_queue_dax(bdev_get_queue(bdev));
	p->rotational = !bdev_nonrot(bdev);
}
