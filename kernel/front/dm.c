// SPDX-License-Identifier: GPL-2.0
/*
 * Device-mapper target "storproto", pass-through form.
 *
 *   dmsetup create NAME --table "0 <sectors> storproto 1 <dev> 0"
 *
 * Every bio becomes a struct sp_req (in the bio's per-I/O data) and goes
 * to the storage I/O worker that owns its address; nothing is remapped in
 * the caller's context. The worker addresses the bio to the device and
 * submits it through the block-device transport. dm splits bios at worker
 * chunk boundaries (max_io_len), so one bio has one owner.
 */
#define pr_fmt(fmt) "storproto: " fmt

#include <linux/device-mapper.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "../compat/compat.h"
#include "../part.h"
#include "../req.h"
#include "../status.h"
#include "../table.h"
#include "../transport/transport.h"
#include "../worker.h"
#include "../../uapi/linux/storproto.h"
#include "dm.h"

#define DM_MSG_PREFIX "storproto"

struct sp_dm_stats {
	u64 v[SP_STAT_NR];
};

struct sp_dm {
	struct dm_target *ti;
	struct dm_dev *dev;
	struct sp_transport tr;
	struct sp_table table;		/* as parsed; devs[] not kept */
	struct sp_part part;
	struct sp_dm_stats __percpu *stats;
	atomic_t in_flight;		/* mapped, not yet completed */
};

static inline void sp_dm_count(struct sp_dm *sp, enum sp_stat s, u64 n)
{
	this_cpu_add(sp->stats->v[s], n);
}

static void sp_dm_execute(struct sp_req *req)
{
	struct sp_dm *sp = req->owner;
	struct bio *bio = req->bio;

	switch (req->op) {
	case SP_OP_READ:
		sp_dm_count(sp, SP_STAT_READS, 1);
		sp_dm_count(sp, SP_STAT_READ_SECTORS, req->addr.nr_sectors);
		break;
	case SP_OP_WRITE:
		sp_dm_count(sp, SP_STAT_WRITES, 1);
		sp_dm_count(sp, SP_STAT_WRITE_SECTORS, req->addr.nr_sectors);
		break;
	case SP_OP_DISCARD:
		sp_dm_count(sp, SP_STAT_DISCARDS, 1);
		break;
	case SP_OP_WRITE_ZEROES:
		sp_dm_count(sp, SP_STAT_WRITE_ZEROES, 1);
		break;
	default:
		break;
	}
	if (req->flags & SP_REQ_PREFLUSH)
		sp_dm_count(sp, SP_STAT_FLUSHES, 1);
	if (req->flags & SP_REQ_FUA)
		sp_dm_count(sp, SP_STAT_FUA, 1);

	/* Pass-through: target sector N is device sector N. */
	if (req->op != SP_OP_FLUSH)
		bio->bi_iter.bi_sector = req->addr.sector;
	sp_transport_submit(&sp->tr, bio);
}

static void sp_dm_complete(struct sp_req *req, blk_status_t status)
{
	struct sp_dm *sp = req->owner;

	if (status)
		sp_dm_count(sp, SP_STAT_ERRORS, 1);
	atomic_dec(&sp->in_flight);
}

static const struct sp_req_ops sp_dm_req_ops = {
	.execute	= sp_dm_execute,
	.complete	= sp_dm_complete,
};

/*
 * Constructor: <#devs> <dev>... <#opt_args> [chunk_sectors <n>]
 */
static int sp_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct sp_table table;
	struct sp_dm *sp;
	const char *path;
	dev_t devt;
	int ret;

	ret = sp_table_parse(&table, argc, argv, (const char **)&ti->error);
	if (ret)
		return ret;
	if (table.nr_devs != 1) {
		ti->error = "This version maps exactly one device (pass-through): use \"1 <dev> 0\"";
		return -EINVAL;
	}
	path = table.devs[0];
	memset(table.devs, 0, sizeof(table.devs));	/* argv goes away */

	if (sp_devt_from_path(path, &devt)) {
		ti->error = "Device not found: no block device by that path or number";
		return -ENODEV;
	}

	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp) {
		ti->error = "Cannot allocate target context";
		return -ENOMEM;
	}
	sp->ti = ti;
	sp->table = table;
	sp->part.nr_parts = sp_workers_nr();
	sp->part.chunk_shift = ilog2(table.chunk_sectors);
	atomic_set(&sp->in_flight, 0);

	ret = dm_get_device(ti, path, dm_table_get_mode(ti->table), &sp->dev);
	if (ret) {
		ti->error = "Cannot open device: in use exclusively or not accessible";
		goto out_free_sp;
	}
	sp_bdev_transport_init(&sp->tr, sp->dev->bdev);

	if (ti->len > sp->tr.props.capacity) {
		ti->error = "Target length exceeds the device size";
		ret = -EINVAL;
		goto out_put_device;
	}

	sp->stats = alloc_percpu(struct sp_dm_stats);
	if (!sp->stats) {
		ti->error = "Cannot allocate statistics";
		ret = -ENOMEM;
		goto out_put_device;
	}

	ret = dm_set_target_max_io_len(ti, table.chunk_sectors);
	if (ret) {
		ti->error = "Cannot set the maximum I/O size to chunk_sectors";
		goto out_free_stats;
	}
	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->num_write_zeroes_bios = 1;
	ti->per_io_data_size = sizeof(struct sp_req);
	ti->private = sp;
	return 0;

out_free_stats:
	free_percpu(sp->stats);
out_put_device:
	dm_put_device(ti, sp->dev);
out_free_sp:
	kfree(sp);
	return ret;
}

static void sp_dtr(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	/* dm destroys a table only once none of its bios is in flight. */
	WARN_ON_ONCE(atomic_read(&sp->in_flight));
	free_percpu(sp->stats);
	dm_put_device(ti, sp->dev);
	kfree(sp);
}

static int sp_map(struct dm_target *ti, struct bio *bio)
{
	struct sp_dm *sp = ti->private;
	struct sp_req *req = dm_per_bio_data(bio, sizeof(struct sp_req));
	unsigned int worker;

	sp_req_init_bio(req, bio, dm_target_offset(ti, bio->bi_iter.bi_sector),
			&sp_dm_req_ops, sp);
	atomic_inc(&sp->in_flight);

	/* An empty flush has no address: the caller's CPU's worker sends it. */
	if (req->op == SP_OP_FLUSH)
		worker = sp_worker_local();
	else
		worker = sp_part_of(&sp->part, req->addr.sector);
	sp_worker_queue(worker, req);
	return DM_MAPIO_SUBMITTED;
}

static int sp_end_io(struct dm_target *ti, struct bio *bio, blk_status_t *error)
{
	struct sp_req *req = dm_per_bio_data(bio, sizeof(struct sp_req));

	req->ops->complete(req, *error);
	return DM_ENDIO_DONE;
}

static void sp_dm_sum_stats(struct sp_dm *sp, struct sp_status *st)
{
	int cpu, i;

	memset(st, 0, sizeof(*st));
	strscpy(st->mode, "passthrough", sizeof(st->mode));
	for_each_possible_cpu(cpu) {
		struct sp_dm_stats *s = per_cpu_ptr(sp->stats, cpu);

		for (i = 0; i < SP_STAT_NR; i++)
			st->v[i] += READ_ONCE(s->v[i]);
	}
	st->v[SP_STAT_IN_FLIGHT] = atomic_read(&sp->in_flight);
}

static void sp_status(struct dm_target *ti, status_type_t type,
		      unsigned int status_flags, char *result, unsigned int maxlen)
{
	struct sp_dm *sp = ti->private;
	const char *names[1] = { sp->dev->name };
	unsigned int sz = 0;
	struct sp_status st;

	switch (type) {
	/*
	 * On -ENOSPC the buffer is left full: dm sees that and asks again
	 * with a larger one.
	 */
	case STATUSTYPE_INFO:
		sp_dm_sum_stats(sp, &st);
		sp_status_emit(&st, result, maxlen);
		break;
	case STATUSTYPE_TABLE:
		sp_table_emit(&sp->table, names, result, maxlen);
		break;
	case STATUSTYPE_IMA:
		DMEMIT_TARGET_NAME_VERSION(ti->type);
		DMEMIT(",mode=passthrough,device=%s,chunk_sectors=%u;",
		       sp->dev->name, sp->table.chunk_sectors);
		break;
	}
}

static int sp_iterate_devices(struct dm_target *ti,
			      iterate_devices_callout_fn fn, void *data)
{
	struct sp_dm *sp = ti->private;

	return fn(ti, sp->dev, 0, ti->len, data);
}

/*
 * dm has already stacked the device's limits (block sizes, discard and
 * write-zeroes limits, alignment) through sp_iterate_devices(); pass on
 * the device's I/O size hints too.
 */
static void sp_io_hints(struct dm_target *ti, struct queue_limits *limits)
{
	struct sp_dm *sp = ti->private;
	struct block_device *bdev = sp->dev->bdev;

	limits->io_min = max(limits->io_min, bdev_io_min(bdev));
	if (bdev_io_opt(bdev) > 0)
		limits->io_opt = max_t(unsigned int, limits->io_opt,
				       bdev_io_opt(bdev));
}

static struct target_type sp_target = {
	.name			= STORPROTO_DM_TARGET,
	.version		= { STORPROTO_DM_VERSION_MAJOR,
				    STORPROTO_DM_VERSION_MINOR,
				    STORPROTO_DM_VERSION_PATCH },
	.module			= THIS_MODULE,
	.ctr			= sp_ctr,
	.dtr			= sp_dtr,
	.map			= sp_map,
	.end_io			= sp_end_io,
	.status			= sp_status,
	.iterate_devices	= sp_iterate_devices,
	.io_hints		= sp_io_hints,
};

int sp_dm_init(void)
{
	int ret = dm_register_target(&sp_target);

	if (ret)
		pr_err("cannot register dm target: %d\n", ret);
	return ret;
}

void sp_dm_exit(void)
{
	dm_unregister_target(&sp_target);
}
