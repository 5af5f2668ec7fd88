// SPDX-License-Identifier: GPL-2.0
/*
 * Block-device transport: any bdev (local NVMe, an NVMe-oF namespace,
 * virtio, another dm device). Bios are addressed to the device and sent
 * with submit_bio_noacct(); the front end's accounting already saw them.
 * Also the synchronous transfers (metadata, copies) of every transport:
 * dm-io for block devices, loads and stores for dax.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/dm-io.h>
#include <linux/ioprio.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

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
	p->discard = bdev_max_discard_sectors(bdev) > 0;
}

static int sp_transport_io(struct sp_transport *tr, struct dm_io_client *client,
			   blk_opf_t opf, sector_t sector, void *buf, size_t len)
{
	struct dm_io_region region = {
		.bdev = tr->bdev,
		.sector = sector,
		.count = len >> SECTOR_SHIFT,
	};
	struct dm_io_request req = {
		.bi_opf = opf | REQ_SYNC,
		.notify.fn = NULL,
		.client = client,
	};

	if (is_vmalloc_addr(buf)) {
		req.mem.type = DM_IO_VMA;
		req.mem.ptr.vma = buf;
	} else {
		req.mem.type = DM_IO_KMEM;
		req.mem.ptr.addr = buf;
	}
	return dm_io(&req, 1, &region, NULL, IOPRIO_DEFAULT);
}

int sp_transport_read(struct sp_transport *tr, struct dm_io_client *client,
		      sector_t sector, void *buf, size_t len)
{
	if (sp_transport_is_dax(tr)) {
		if (!sp_dax_in_range(tr, sector, len))
			return -EIO;
		if (copy_mc_to_kernel(buf, (u8 *)tr->dax_addr +
				      ((size_t)sector << SECTOR_SHIFT), len))
			return -EIO;
		return 0;
	}
	return sp_transport_io(tr, client, REQ_OP_READ, sector, buf, len);
}

int sp_transport_write(struct sp_transport *tr, struct dm_io_client *client,
		       sector_t sector, const void *buf, size_t len)
{
	if (sp_transport_is_dax(tr)) {
		if (!sp_dax_in_range(tr, sector, len))
			return -EIO;
		memcpy_flushcache((u8 *)tr->dax_addr +
				  ((size_t)sector << SECTOR_SHIFT), buf, len);
		pmem_wmb();
		return 0;
	}
	return sp_transport_io(tr, client, REQ_OP_WRITE | REQ_FUA, sector,
			       (void *)buf, len);
}

int sp_transport_flush(struct sp_transport *tr)
{
	if (sp_transport_is_dax(tr)) {
		pmem_wmb();
		return 0;
	}
	return blkdev_issue_flush(tr->bdev);
}

int sp_transport_zero(struct sp_transport *tr, sector_t sector, sector_t nr)
{
	if (sp_transport_is_dax(tr)) {
		if (!sp_dax_in_range(tr, sector, (size_t)nr << SECTOR_SHIFT))
			return -EIO;
		sp_dax_zero(tr, sector, nr);
		return 0;
	}
	return blkdev_issue_zeroout(tr->bdev, sector, nr, GFP_NOIO, 0);
}
