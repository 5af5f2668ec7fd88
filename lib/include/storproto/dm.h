/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstorproto: storproto device-mapper devices, found and decoded through
 * libdevmapper.
 *
 * A storproto device is a device-mapper device whose live table has at
 * least one target of type "storproto". Each storproto target (a table
 * may hold several, with other targets between them) is reported as one
 * struct sp_dm_target, its table line and status line decoded.
 *
 * The structures below are part of the library's ABI, version
 * LIBSTORPROTO_0.1. Room for counters that later versions of the module
 * append to the status line is reserved (SP_DM_MAX_COUNTERS).
 */
#ifndef _STORPROTO_DM_H
#define _STORPROTO_DM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sp_ctx;

#define SP_DM_NAME_LEN		128	/* device name, with its NUL */
#define SP_DM_UUID_LEN		129	/* device uuid, with its NUL */
#define SP_DM_MAX_DEVS		4	/* devices in one storproto table */
#define SP_DM_DEV_LEN		128	/* a device: "major:minor" or a path */
#define SP_DM_MODE_LEN		16	/* mode word of the status line */
#define SP_DM_MAX_COUNTERS	32	/* counters kept from a status line */
#define SP_DM_STATE_LEN		16	/* state word of a tiered status line */

/*
 * The counters of the status line, in their fixed order. A newer module
 * may print more; they follow these in sp_dm_target.counters[].
 */
enum sp_counter {
	SP_COUNTER_READS,		/* read bios handled */
	SP_COUNTER_WRITES,		/* write bios carrying data */
	SP_COUNTER_READ_SECTORS,	/* 512-byte sectors read */
	SP_COUNTER_WRITE_SECTORS,	/* 512-byte sectors written */
	SP_COUNTER_FLUSHES,		/* bios carrying REQ_PREFLUSH */
	SP_COUNTER_FUA,			/* writes carrying REQ_FUA */
	SP_COUNTER_DISCARDS,		/* discard bios */
	SP_COUNTER_WRITE_ZEROES,	/* write-zeroes bios */
	SP_COUNTER_ERRORS,		/* bios completed with an error */
	SP_COUNTER_IN_FLIGHT,		/* bios mapped, not yet completed */
	SP_COUNTER_NR_KNOWN		/* counters this library names */
};

/* What the status line of a tiered target says about one tier. */
#define SP_DM_HEAT_BUCKETS	5

struct sp_dm_tier {
	uint64_t used;			/* data extents in use */
	uint64_t total;			/* data extents; 0: not a capacity tier */
	uint64_t errors;		/* I/O errors the tier's device returned */
	/* Extents by heat: 0, 1-3, 4-15, 16-63, 64 and more (has_policy). */
	uint64_t heat[SP_DM_HEAT_BUCKETS];
};

/*
 * One storproto target of a device's table: a segment of the device.
 * Its table line has one of two forms: tiered (the default; devs[] are
 * the tiers, fastest first) or pass-through (one device, "passthrough").
 */
struct sp_dm_target {
	uint64_t start;			/* first sector of the segment */
	uint64_t length;		/* its length in sectors */

	/* Decoded table line. */
	unsigned int nr_devs;
	char devs[SP_DM_MAX_DEVS][SP_DM_DEV_LEN];	/* as dm prints them */
	uint32_t chunk_sectors;		/* worker partition size, sectors */
	int chunk_sectors_set;		/* 1: given in the table line */

	/* Decoded status line; nr_counters is 0 when it was not read. */
	char mode[SP_DM_MODE_LEN];	/* "tiered" or "passthrough" */
	unsigned int nr_counters;	/* >= SP_COUNTER_NR_KNOWN when read */
	uint64_t counters[SP_DM_MAX_COUNTERS];	/* index: enum sp_counter */

	/*
	 * Decoded table line, continued. Tiered form: extent_sectors 0 when
	 * the line has none (2048); capacity_mask has bit i set for each
	 * tier i that holds data, 0 when the line does not say (the default:
	 * the tiers without DAX, or all when all have it).
	 */
	int passthrough;		/* 1: the pass-through form */
	uint32_t extent_sectors;
	uint32_t capacity_mask;

	/* Decoded status line of mode "tiered"; nr_tiers is 0 otherwise. */
	unsigned int nr_tiers;
	struct sp_dm_tier tiers[SP_DM_MAX_DEVS];
	uint64_t migrations_done;	/* extents moved since activation */
	uint64_t migrations_in_flight;	/* extents queued or being moved */
	uint64_t commits;		/* journal commits since activation */
	uint64_t checkpoints;		/* checkpoints since activation */
	uint64_t recovery_ms;		/* how long the last activation took */
	char state[SP_DM_STATE_LEN];	/* ok, degraded, read_only, needs_check */

	/*
	 * Placement policy. From the table line, each knob's value with the
	 * defaults filled in; knobs_given has bit k set for the k-th knob
	 * below when the line gives it (tiering, migrate_rate,
	 * fill_watermark, promote_heat, heat_halflife, evacuate).
	 */
	int tiering_manual;		/* 1: "tiering manual" */
	uint32_t migrate_rate;		/* MiB/s */
	uint32_t fill_watermark;	/* percent */
	uint32_t promote_heat;
	uint32_t heat_halflife;		/* seconds */
	int evacuate;			/* tier being emptied, or -1 */
	uint32_t knobs_given;
	/* From the status line; has_policy 0 for a module without it. */
	int has_policy;
	uint64_t promotions;		/* extents the policy moved up */
	uint64_t demotions;		/* and down */
	uint64_t evacuated;		/* moved off the evacuated tier */
	int migrate_paused;		/* 1: "migrate pause" is in force */
	uint64_t throttled;		/* back-off steps for foreground I/O */
	int evacuating;			/* tier, or -1 */
	uint64_t evacuate_left;		/* extents still on it */
	uint64_t evacuate_eta_s;	/* estimate at the migration rate */

	/* The hot tier's cache. From the table line (defaults filled in): */
	char cache_mode_knob[SP_DM_MODE_LEN];	/* writeback ... passthrough */
	uint32_t sequential_cutoff;	/* KiB; 0: never bypass */
	uint32_t dirty_low, dirty_high;	/* percent */
	/* From the status line; has_cache 0 for a module without it: */
	int has_cache;
	char cache_mode[SP_DM_MODE_LEN];	/* as in force, or "none" */
	uint64_t cache_blocks;		/* 4 KiB slots */
	uint64_t cache_used;
	uint64_t dirty;			/* blocks in the write log */
	uint64_t read_hits;		/* reads served wholly by the cache */
	uint64_t read_misses;
	uint64_t write_hits;		/* writes taken by the write log */
	uint64_t written_back;		/* blocks */
	uint64_t bypassed;		/* I/Os past the cutoff, or idle class */
	uint64_t prefetched;		/* blocks read ahead */
};

/* A device-mapper device with at least one storproto target. */
struct sp_dm_dev {
	char name[SP_DM_NAME_LEN];
	char uuid[SP_DM_UUID_LEN];	/* "" when the device has none */
	unsigned int major;
	unsigned int minor;
	int open_count;
	unsigned int event_nr;
	int suspended;			/* 1: I/O is held */
	int read_only;
	int inactive_table;		/* 1: a table is loaded, not resumed */
	uint64_t size;			/* sectors, all targets together */
	unsigned int nr_table_targets;	/* targets in the table, any type */
	unsigned int nr_targets;	/* storproto targets, in targets[] */
	struct sp_dm_target *targets;
};

/**
 * sp_counter_name() - the name of a status counter
 * @counter: index into sp_dm_target.counters[] (enum sp_counter)
 *
 * Return: the name used in the documentation, "reads" ... "in_flight"
 * (static storage), or NULL for a counter this library does not know.
 */
const char *sp_counter_name(unsigned int counter);

/**
 * sp_dm_list() - find every storproto device
 * @ctx: library context
 * @devs: on success, an array of *@nr devices sorted by name (NULL when
 *        there is none); free it with sp_dm_list_free()
 * @nr: on success, the number of devices
 *
 * Devices removed while they are being listed are left out.
 *
 * Return: 0 on success, or a negative errno:
 * -ENODEV when the kernel has no device-mapper driver (no storproto device
 * can exist), -EACCES or -EPERM without the privilege to ask
 * device-mapper (CAP_SYS_ADMIN), -EPROTO when the kernel printed a table
 * or status line this library cannot decode, -EAGAIN when a table kept
 * changing while it was read, -ENOMEM, -EIO.
 */
int sp_dm_list(struct sp_ctx *ctx, struct sp_dm_dev **devs, size_t *nr);

/**
 * sp_dm_list_free() - free what sp_dm_list() returned
 * @devs: the array, or NULL
 * @nr: its length
 */
void sp_dm_list_free(struct sp_dm_dev *devs, size_t nr);

/**
 * sp_dm_get() - read one storproto device
 * @ctx: library context
 * @name: the device-mapper name of the device
 * @dev: on success, the device; free it with sp_dm_dev_free()
 *
 * Return: 0 on success, or a negative errno: -ENOENT when no
 * device-mapper device has that name, -EMEDIUMTYPE when the device exists
 * but its live table has no storproto target (it is another kind of
 * device, or has no table loaded), -EINVAL when @name is empty or too
 * long, and the errors of sp_dm_list().
 */
int sp_dm_get(struct sp_ctx *ctx, const char *name, struct sp_dm_dev **dev);

/**
 * sp_dm_dev_free() - free a device returned by sp_dm_get()
 * @dev: the device, or NULL
 */
void sp_dm_dev_free(struct sp_dm_dev *dev);

/**
 * sp_dm_decode() - decode the table and status lines of a storproto target
 * @ctx: library context (for logging)
 * @table: what "dmsetup table" prints after the target name, e.g.
 *         "2 259:0 259:1 2 extent_sectors 4096" or
 *         "1 259:0 3 passthrough chunk_sectors 256"
 * @status: what "dmsetup status" prints after the target name, e.g.
 *          "passthrough 10 20 80 160 3 2 1 0 0 0", or NULL
 * @target: the result; its start and length are set to 0
 *
 * Works without a kernel: sp_dm_list() and sp_dm_get() use it on the
 * lines the kernel prints. Counters beyond the ones this library knows
 * are kept, up to SP_DM_MAX_COUNTERS, for a mode other than "tiered"; a
 * tiered status line carries the tier fields after its counters instead.
 *
 * Return: 0, or -EINVAL when a line cannot be decoded (the reason is
 * logged at LOG_ERR).
 */
int sp_dm_decode(struct sp_ctx *ctx, const char *table, const char *status,
		 struct sp_dm_target *target);

/**
 * sp_dm_target_version() - version of the loaded storproto dm target
 * @ctx: library context
 * @version: on success, major, minor and patch level
 *
 * Return: 0, or -ENOENT when device-mapper has no target "storproto"
 * (the module is not loaded), or the errors of sp_dm_list().
 */
int sp_dm_target_version(struct sp_ctx *ctx, unsigned int version[3]);

#ifdef __cplusplus
}
#endif

#endif /* _STORPROTO_DM_H */
