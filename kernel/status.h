/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The INFO status line of target "storproto" (what `dmsetup status` prints
 * after the target name): a mode word, then counters in a fixed order.
 * Pure logic, shared by the module and libstorproto. New counters are only
 * ever appended; readers accept lines with more counters than they know.
 */
#ifndef SP_STATUS_H
#define SP_STATUS_H

#include "sp_types.h"

enum sp_stat {
	SP_STAT_READS,		/* read bios completed or in flight */
	SP_STAT_WRITES,		/* write bios with data */
	SP_STAT_READ_SECTORS,
	SP_STAT_WRITE_SECTORS,
	SP_STAT_FLUSHES,	/* bios carrying REQ_PREFLUSH (empty or not) */
	SP_STAT_FUA,		/* writes carrying REQ_FUA */
	SP_STAT_DISCARDS,
	SP_STAT_WRITE_ZEROES,
	SP_STAT_ERRORS,		/* bios completed with an error */
	SP_STAT_IN_FLIGHT,	/* bios mapped and not yet completed */
	SP_STAT_NR
};

#define SP_STATUS_MODE_MAX	16
#define SP_STATUS_TIERS_MAX	4

#define SP_STATUS_HEAT_BUCKETS	5

/*
 * After the counters, mode "tiered" prints, in this order:
 *   <nr_tiers> <used>/<total> per tier (extents) <migrations_done>
 *   <migrations_in_flight> <commits> <checkpoints> <recovery_ms>
 *   <errors> per tier <state>
 * then the placement policy:
 *   <promotions> <demotions> <evacuated> <migrate: running|paused>
 *   <throttled> <evacuating tier, or -> <evacuate_left> <evacuate_eta_s>
 *   <heat histogram> per tier: extents with heat 0, 1-3, 4-15, 16-63,
 *   64+, as h0:h1:h2:h3:h4
 * then the hot tier's cache:
 *   <cache_mode> <cache_blocks> <cache_used> <dirty> <read_hits>
 *   <read_misses> <write_hits> <written_back> <bypassed> <prefetched>
 */
struct sp_status_tier {
	u64 used;		/* data extents in use */
	u64 total;		/* data extents; 0 when not a capacity tier */
	u64 errors;		/* I/O errors returned by the tier's device */
	u64 heat[SP_STATUS_HEAT_BUCKETS];
};

struct sp_status {
	char mode[SP_STATUS_MODE_MAX];	/* "passthrough" or "tiered" */
	u64 v[SP_STAT_NR];
	/* mode "tiered" only */
	unsigned int nr_tiers;
	struct sp_status_tier tier[SP_STATUS_TIERS_MAX];
	u64 migrations_done;		/* extents moved since activation */
	u64 migrations_in_flight;	/* extents queued or being moved */
	u64 commits;			/* journal commits since activation */
	u64 checkpoints;		/* checkpoints since activation */
	u64 recovery_ms;		/* time the last activation took */
	char state[SP_STATUS_MODE_MAX];	/* ok, degraded, read_only, needs_check */
	/* placement policy; has_policy false for a module without it */
	bool has_policy;
	u64 promotions;			/* extents moved up by the policy */
	u64 demotions;			/* moved down by the policy */
	u64 evacuated;			/* moved off the tier being evacuated */
	char migrate[SP_STATUS_MODE_MAX];	/* running or paused */
	u64 throttled;			/* back-off steps for foreground I/O */
	int evacuating;			/* tier, or -1 */
	u64 evacuate_left;		/* extents still on it */
	u64 evacuate_eta_s;		/* at the migration rate */
	/* the hot tier's cache; has_cache false for a module without it */
	bool has_cache;
	char cache_mode[SP_STATUS_MODE_MAX];	/* writeback ... passthrough, none */
	u64 cache_blocks;		/* 4 KiB slots */
	u64 cache_used;			/* slots holding a block */
	u64 dirty;			/* blocks in the write log */
	u64 read_hits;			/* reads served wholly from the cache */
	u64 read_misses;		/* reads that went to the capacity tiers */
	u64 write_hits;			/* writes taken by the write log */
	u64 written_back;		/* blocks written back */
	u64 bypassed;			/* I/Os past the sequential cutoff, or idle */
	u64 prefetched;			/* blocks read ahead into the cache */
};

extern const char *const sp_stat_names[SP_STAT_NR];

/**
 * sp_status_emit() - write a status line
 * Return: the length written (without the NUL), or -ENOSPC.
 */
int sp_status_emit(const struct sp_status *st, char *buf, size_t size);

/**
 * sp_status_parse() - read a status line as written by sp_status_emit()
 * @line: the line (not modified)
 * @st: the result
 * @error: on failure, a sentence saying what is wrong
 *
 * Return: 0 or -EINVAL.
 */
int sp_status_parse(const char *line, struct sp_status *st, const char **error);

#endif /* SP_STATUS_H */
