// SPDX-License-Identifier: GPL-2.0
/*
 * Direct-access (DAX) transport: persistent memory used through the
 * kernel's DAX API. The whole device is mapped once; data moves with
 * loads and stores. Stores use memcpy_flushcache() (non-temporal or
 * flushed cache lines) and a pmem_wmb() fence before they count as
 * durable; loads use copy_mc_to_kernel() so a poisoned line becomes an
 * I/O error instead of a machine check.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/dax.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "transport.h"

int sp_dax_transport_init(struct sp_transport *tr, struct block_device *bdev,
			  struct dax_device *dax_dev)
{
	sector_t start = get_start_sect(bdev);
	long pages = (long)(bdev_nr_bytes(bdev) >> PAGE_SHIFT);
	void *kaddr = NULL;
	long got;
	int id;

	if (!dax_dev || !pages || (start & (PAGE_SECTORS - 1)))
		return -EOPNOTSUPP;
	id = dax_read_lock();
	got = dax_direct_access(dax_dev, start >> PAGE_SECTORS_SHIFT, pages,
				DAX_ACCESS, &kaddr, NULL);
	dax_read_unlock(id);
	if (got < pages || !kaddr)
		return -EOPNOTSUPP;	/* not one contiguous range */
	tr->dax_dev = dax_dev;
	tr->dax_addr = kaddr;
	tr->dax_len = (size_t)pages << PAGE_SHIFT;
	tr->props.capacity = (sector_t)pages << PAGE_SECTORS_SHIFT;
	tr->props.dax = true;
	return 0;
}

bool sp_dax_in_range(struct sp_transport *tr, sector_t sector, size_t len)
{
	return sector <= (tr->dax_len >> SECTOR_SHIFT) &&
	       len <= tr->dax_len - ((size_t)sector << SECTOR_SHIFT);
}

blk_status_t sp_dax_rw_bio(struct sp_transport *tr, struct bio *bio,
			   sector_t sector)
{
	bool write = op_is_write(bio_op(bio));
	u8 *p = (u8 *)tr->dax_addr + ((size_t)sector << SECTOR_SHIFT);
	struct bvec_iter iter;
	struct bio_vec bv;

	if (!sp_dax_in_range(tr, sector, bio->bi_iter.bi_size))
		return BLK_STS_IOERR;
	bio_for_each_segment(bv, bio, iter) {
		void *b = bvec_kmap_local(&bv);
		unsigned long left = 0;

		if (write)
			memcpy_flushcache(p, b, bv.bv_len);
		else
			left = copy_mc_to_kernel(b, p, bv.bv_len);
		kunmap_local(b);
		if (left)
			return BLK_STS_MEDIUM;
		p += bv.bv_len;
	}
	if (write)
		pmem_wmb();
	return BLK_STS_OK;
}

void sp_dax_zero(struct sp_transport *tr, sector_t sector, sector_t nr)
{
	u8 *p = (u8 *)tr->dax_addr + ((size_t)sector << SECTOR_SHIFT);
	size_t len = (size_t)nr << SECTOR_SHIFT;

	if (!sp_dax_in_range(tr, sector, len))
		return;
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE);

		memcpy_flushcache(p, page_address(ZERO_PAGE(0)), n);
		p += n;
		len -= n;
	}
	pmem_wmb();
}
