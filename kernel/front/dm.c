// SPDX-License-Identifier: GPL-2.0
/*
 * Device-mapper target "storproto".
 *
 *   tiered:      "0 <sectors> storproto <#tiers> <dev>... <#args> [format] ..."
 *   passthrough: "0 <sectors> storproto 1 <dev> 1 passthrough"
 *
 * Every bio becomes a struct sp_req (in the bio's per-I/O data) and goes
 * to the storage I/O worker that owns its address; nothing is remapped in
 * the caller's context. The exceptions: a read that the hot tier cache
 * holds whole is copied from it at once (sp_set_read_hit()), a write the
 * hot tier's write log takes is stored there at once (sp_set_log_write()),
 * and a PREFLUSH with nothing to commit is met at once
 * (sp_set_preflush_met()). dm splits bios at extent (or chunk) boundaries
 * (max_io_len), so one bio has one owner. The worker hands a tiered
 * request to the tier engine (tier/engine.c); a pass-through one is
 * addressed to the device and submitted through the bdev transport.
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
#include "../tier/engine.h"
#include "../../uapi/linux/storproto.h"
#include "dm.h"

#define DM_MSG_PREFIX "storproto"

struct sp_dm_stats {
	u64 v[SP_STAT_NR];
};

struct sp_dm {
	struct dm_target *ti;
	struct dm_dev *devs[SP_TABLE_MAX_DEVS];
	struct dm_dev *dev;		/* devs[0] */
	struct sp_set *set;		/* tiered; NULL for pass-through */
	struct sp_transport tr;		/* pass-through */
	struct sp_table table;		/* as parsed; devs[] not kept */
	struct sp_part part;
	struct sp_dm_stats __percpu *stats;
	atomic_t in_flight;		/* mapped, not yet completed */
};

static inline void sp_dm_count(struct sp_dm *sp, enum sp_stat s, u64 n)
{
	this_cpu_add(sp->stats->v[s], n);
}

/* Count @req in the front end's statistics, once (in sp_map(), or when
 * first run). */
static void sp_dm_count_req(struct sp_dm *sp, struct sp_req *req)
{
	if (req->flags & SP_REQ_COUNTED)
		return;
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
	req->flags |= SP_REQ_COUNTED;
}

static void sp_dm_execute(struct sp_req *req)
{
	struct sp_dm *sp = req->owner;
	struct bio *bio = req->bio;

	sp_dm_count_req(sp, req);
	if (sp->set) {
		sp_set_execute(sp->set, req);
		return;
	}
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
	if (sp->set)
		sp_set_complete(sp->set, req, status);
	atomic_dec(&sp->in_flight);
}

static const struct sp_req_ops sp_dm_req_ops = {
	.execute	= sp_dm_execute,
	.complete	= sp_dm_complete,
};

static void sp_put_devices(struct dm_target *ti, struct sp_dm *sp)
{
	unsigned int i;

	for (i = 0; i < SP_TABLE_MAX_DEVS; i++)
		if (sp->devs[i])
			dm_put_device(ti, sp->devs[i]);
}

/* Open every device of the table. */
static int sp_get_devices(struct dm_target *ti, struct sp_dm *sp,
			  struct sp_table *table)
{
	unsigned int i, j;
	dev_t devt;
	int ret;

	for (i = 0; i < table->nr_devs; i++) {
		if (sp_devt_from_path(table->devs[i], &devt)) {
			ti->error = "Device not found: no block device by that path or number";
			return -ENODEV;
		}
		for (j = 0; j < i; j++) {
			if (sp->devs[j]->bdev->bd_dev == devt) {
				ti->error = "The same device is named twice";
				return -EINVAL;
			}
		}
		ret = dm_get_device(ti, table->devs[i],
				    dm_table_get_mode(ti->table), &sp->devs[i]);
		if (ret) {
			ti->error = "Cannot open device: in use exclusively or not accessible";
			return ret;
		}
	}
	sp->dev = sp->devs[0];
	return 0;
}

static int sp_ctr_passthrough(struct dm_target *ti, struct sp_dm *sp)
{
	sp_bdev_transport_init(&sp->tr, sp->dev->bdev);
	if (ti->len > sp->tr.props.capacity) {
		ti->error = "Target length exceeds the device size";
		return -EINVAL;
	}
	sp->part.chunk_shift = ilog2(sp->table.chunk_sectors);
	ti->num_write_zeroes_bios = 1;
	if (dm_set_target_max_io_len(ti, sp->table.chunk_sectors)) {
		ti->error = "Cannot set the maximum I/O size to chunk_sectors";
		return -EINVAL;
	}
	return 0;
}

static int sp_ctr_tiered(struct dm_target *ti, struct sp_dm *sp)
{
	struct sp_table *t = &sp->table;
	struct sp_set_args a = {
		.nr_tiers = t->nr_devs,
		.format = t->format,
		.writable = sp_dm_table_writable(ti),
		.len = ti->len,
		.extent_sectors = t->extent_sectors,
		.capacity_mask = t->capacity_mask,
		.knobs = &t->knobs,
	};
	const struct sp_layout *l;
	bool dax[SP_MAX_TIERS];
	unsigned int i;
	int ret;

	for (i = 0; i < t->nr_devs; i++)
		a.dev[i] = sp->devs[i];
	ret = sp_set_get(&a, &sp->set, (const char **)&ti->error);
	if (ret)
		return ret;
	l = sp_set_layout(sp->set);

	/* What "dmsetup table" prints: the set as it is, never format. */
	t->format = false;
	t->extent_sectors = l->extent_sectors != SP_EXTENT_SECTORS_DEFAULT ?
			    l->extent_sectors : 0;
	for (i = 0; i < l->nr_tiers; i++)
		dax[i] = l->m[i].dax;
	t->capacity_mask = l->capacity_mask !=
			   sp_default_capacity_mask(l->nr_tiers, dax) ?
			   l->capacity_mask : 0;

	sp->part.chunk_shift = ilog2(l->extent_sectors);
	ti->discards_supported = true;
	ret = dm_set_target_max_io_len(ti, l->extent_sectors);
	if (ret) {
		ti->error = "Cannot set the maximum I/O size to the extent size";
		sp_set_put(sp->set);
		sp->set = NULL;
	}
	return ret;
}

/*
 * Constructor: <#devs> <dev>... <#opt_args> [opt_args] (see table.h)
 */
static int sp_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct sp_dm *sp;
	int ret;

	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp) {
		ti->error = "Cannot allocate target context";
		return -ENOMEM;
	}
	ret = sp_table_parse(&sp->table, argc, argv, (const char **)&ti->error);
	if (ret)
		goto out_free_sp;
	sp->ti = ti;
	sp->part.nr_parts = sp_workers_nr();
	atomic_set(&sp->in_flight, 0);

	ret = sp_get_devices(ti, sp, &sp->table);
	memset(sp->table.devs, 0, sizeof(sp->table.devs));	/* argv goes away */
	if (ret)
		goto out_put_devices;

	sp->stats = alloc_percpu(struct sp_dm_stats);
	if (!sp->stats) {
		ti->error = "Cannot allocate statistics";
		ret = -ENOMEM;
		goto out_put_devices;
	}

	ret = sp->table.passthrough ? sp_ctr_passthrough(ti, sp) :
				      sp_ctr_tiered(ti, sp);
	if (ret)
		goto out_free_stats;
	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->per_io_data_size = sizeof(struct sp_req);
	ti->private = sp;
	return 0;

out_free_stats:
	free_percpu(sp->stats);
out_put_devices:
	sp_put_devices(ti, sp);
out_free_sp:
	kfree(sp);
	return ret;
}

static void sp_dtr(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	/* dm destroys a table only once none of its bios is in flight. */
	WARN_ON_ONCE(atomic_read(&sp->in_flight));
	if (sp->set)
		sp_set_put(sp->set);
	free_percpu(sp->stats);
	sp_put_devices(ti, sp);
	kfree(sp);
}

static void sp_presuspend(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	if (sp->set)
		sp_set_presuspend(sp->set);
}

static void sp_presuspend_undo(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	if (sp->set)
		sp_set_presuspend_undo(sp->set);
}

/*
 * dmsetup message NAME 0 ...:
 *   migrate <first_extent> <count> <tier> | migrate pause | migrate resume
 *   where <first_extent> <count>          (answers "tier:heat" per extent)
 *   <knob> <value>                        (a policy knob; evacuate cancel)
 *   flush                                 (write the write log back; wait)
 */
static int sp_message(struct dm_target *ti, unsigned int argc, char **argv,
		      char *result, unsigned int maxlen)
{
	struct sp_dm *sp = ti->private;
	struct sp_message msg;
	struct sp_knobs k;
	const char *error;
	int ret;

	if (!sp->set) {
		pr_err("%s: messages apply to tiered devices only\n",
		      dm_table_device_name(ti->table));
		return -EINVAL;
	}
	ret = sp_message_parse(&msg, argc, argv, sp->table.nr_devs, &error);
	if (ret)
		goto out;
	switch (msg.op) {
	case SP_MSG_MIGRATE:
		ret = sp_set_migrate(sp->set, msg.first, msg.count, msg.tier,
				     &error);
		break;
	case SP_MSG_MIGRATE_PAUSE:
	case SP_MSG_MIGRATE_RESUME:
		sp_set_migrate_pause(sp->set, msg.op == SP_MSG_MIGRATE_PAUSE);
		break;
	case SP_MSG_WHERE:
		ret = sp_set_where(sp->set, msg.first, msg.count, result, maxlen,
				   &error);
		if (!ret)
			return 1;	/* dm: result holds the answer */
		break;
	case SP_MSG_FLUSH:
		if (sp_set_flush_cache(sp->set)) {
			error = "flush: writing the write log back failed (I/O error)";
			ret = -EIO;
		}
		break;
	case SP_MSG_KNOB:
		k = sp->table.knobs;
		k.v[msg.knob] = msg.value;
		k.given |= 1U << msg.knob;
		if (msg.knob == SP_KNOB_EVACUATE && msg.value == SP_EVACUATE_NONE)
			k.given &= ~(1U << msg.knob);
		ret = sp_set_check_knobs(sp->set, &k, &error);
		if (ret)
			break;
		sp->table.knobs = k;
		sp_set_knobs(sp->set, &k);
		if (msg.knob == SP_KNOB_CACHE_MODE && sp_set_apply_cache_mode(sp->set)) {
			error = "cache_mode: writing the write log back failed (I/O error)";
			ret = -EIO;
		}
		break;
	}
out:
	if (ret)
		pr_err("%s: %s\n", dm_table_device_name(ti->table), error);
	return ret;
}

static void sp_postsuspend(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	if (sp->set)
		sp_set_suspend(sp->set);
}

static int sp_preresume(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;
	int ret;

	if (!sp->set)
		return 0;
	sp_set_knobs(sp->set, &sp->table.knobs);
	ret = sp_set_apply_cache_mode(sp->set);
	if (ret) {
		pr_err("%s: switching the cache mode: writing the write log back failed\n",
		       dm_table_device_name(ti->table));
		return ret;
	}
	return sp_set_preresume(sp->set);
}

static void sp_resume(struct dm_target *ti)
{
	struct sp_dm *sp = ti->private;

	if (sp->set)
		sp_set_resume(sp->set);
}

static int sp_map(struct dm_target *ti, struct bio *bio)
{
	struct sp_dm *sp = ti->private;
	struct sp_req *req = dm_per_bio_data(bio, sizeof(struct sp_req));
	unsigned int worker;

	sp_req_init_bio(req, bio, dm_target_offset(ti, bio->bi_iter.bi_sector),
			&sp_dm_req_ops, sp);
	atomic_inc(&sp->in_flight);

	/*
	 * A PREFLUSH with nothing to commit is met here and now (an empty
	 * flush completes); one that needs a commit is the worker's. A read
	 * the hot tier holds whole is served here and now; so is a write the
	 * write log takes (FUA is met there).
	 */
	if ((req->flags & SP_REQ_PREFLUSH) && sp->set) {
		sp_dm_count_req(sp, req);
		if (sp_set_preflush_met(sp->set, req))
			return DM_MAPIO_SUBMITTED;
	}
	if (req->op == SP_OP_READ && !req->flags && sp->set) {
		sp_dm_count_req(sp, req);
		if (sp_set_read_hit(sp->set, req))
			return DM_MAPIO_SUBMITTED;
	} else if (req->op == SP_OP_WRITE && !(req->flags & SP_REQ_PREFLUSH) && sp->set) {
		sp_dm_count_req(sp, req);
		if (sp_set_log_write(sp->set, req))
			return DM_MAPIO_SUBMITTED;
	}

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
	strscpy(st->mode, sp->set ? "tiered" : "passthrough", sizeof(st->mode));
	if (sp->set)
		sp_set_fill_status(sp->set, st);
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
	const char *names[SP_TABLE_MAX_DEVS];
	unsigned int sz = 0, i;
	struct sp_status st;

	for (i = 0; i < sp->table.nr_devs; i++)
		names[i] = sp->devs[i]->name;

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
		if (!sp->set) {
			DMEMIT(",mode=passthrough,device=%s,chunk_sectors=%u;",
			       sp->dev->name, sp->table.chunk_sectors);
			break;
		}
		DMEMIT(",mode=tiered,tiers=%u", sp->table.nr_devs);
		for (i = 0; i < sp->table.nr_devs; i++)
			DMEMIT(",tier%u=%s", i, names[i]);
		DMEMIT(",extent_sectors=%u;",
		       sp_set_layout(sp->set)->extent_sectors);
		break;
	}
}

static int sp_iterate_devices(struct dm_target *ti,
			      iterate_devices_callout_fn fn, void *data)
{
	struct sp_dm *sp = ti->private;
	unsigned int i;
	int ret = 0;

	if (!sp->set)
		return fn(ti, sp->dev, 0, ti->len, data);
	for (i = 0; !ret && i < sp->table.nr_devs; i++)
		ret = fn(ti, sp->devs[i], 0,
			 sp_set_layout(sp->set)->m[i].sectors, data);
	return ret;
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

	if (sp->set) {
		/* Discards count only as whole extents: say so, one at a time. */
		u32 ext = sp_set_layout(sp->set)->extent_sectors;

		limits->discard_granularity = ext << SECTOR_SHIFT;
		limits->max_hw_discard_sectors = ext;
		limits->max_discard_sectors = ext;
		/* The hot tier caches and logs whole 4 KiB blocks. */
		if (sp_set_has_cache(sp->set)) {
			limits->logical_block_size = max(limits->logical_block_size, 4096U);
			limits->physical_block_size = max(limits->physical_block_size, 4096U);
			limits->io_min = max(limits->io_min, 4096U);
		}
		return;
	}

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
	.presuspend		= sp_presuspend,
	.presuspend_undo	= sp_presuspend_undo,
	.postsuspend		= sp_postsuspend,
	.preresume		= sp_preresume,
	.resume			= sp_resume,
	.status			= sp_status,
	.message		= sp_message,
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
