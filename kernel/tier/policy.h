/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Placement policy of the tier engine: per-extent heat, the plan of
 * promotions, demotions and evacuation moves, the migration throttle, and
 * the policy knobs (table arguments and messages). Pure logic: builds in
 * the module, in libstorproto and in the unit tests.
 *
 * Heat. Each logical extent has a 32-bit heat word: an access count in the
 * low 16 bits and, in the high 16, the heat epoch it was last brought up
 * to date in. The engine advances the epoch once per half-life; a count
 * read in a later epoch is halved once per epoch passed. The extent's
 * owning worker and cache hits served in their submitters' context add to
 * its word with a compare-and-swap, no lock; the policy reads the words
 * racily (heat is advice, never correctness).
 */
#ifndef SP_TIER_POLICY_H
#define SP_TIER_POLICY_H

#include "format.h"

#define SP_HEAT_READ		2U	/* a read adds this much heat */
#define SP_HEAT_WRITE		1U	/* a write */
#define SP_HEAT_MAX		0xffffU

static inline u32 sp_heat_value(u32 h, u16 epoch)
{
	u16 age = (u16)(epoch - (u16)(h >> 16));

	return age >= 16 ? 0 : (h & 0xffffU) >> age;
}

static inline u32 sp_heat_add(u32 h, u16 epoch, u32 weight)
{
	u32 v = sp_heat_value(h, epoch) + weight;

	return ((u32)epoch << 16) | (v > SP_HEAT_MAX ? SP_HEAT_MAX : v);
}

/* Heat histogram buckets: 0, 1-3, 4-15, 16-63, 64 and more. */
#define SP_HEAT_BUCKETS		5U

static inline unsigned int sp_heat_bucket(u32 v)
{
	if (!v)
		return 0;
	if (v < 4)
		return 1;
	if (v < 16)
		return 2;
	if (v < 64)
		return 3;
	return 4;
}

/* ---- knobs: table arguments and "dmsetup message" ---- */

enum sp_knob {
	SP_KNOB_TIERING,		/* auto (0) or manual (1) */
	SP_KNOB_MIGRATE_RATE,		/* MiB/s of extents moved, at most */
	SP_KNOB_FILL_WATERMARK,		/* percent of a tier kept in use, at most */
	SP_KNOB_PROMOTE_HEAT,		/* heat an extent needs to move up */
	SP_KNOB_HEAT_HALFLIFE,		/* seconds */
	SP_KNOB_EVACUATE,		/* tier being emptied, or none */
	SP_KNOB_CACHE_MODE,		/* enum sp_cache_mode */
	SP_KNOB_SEQ_CUTOFF,		/* KiB of a sequential stream that bypasses */
	SP_KNOB_DIRTY_LOW,		/* percent dirty where write-back starts */
	SP_KNOB_DIRTY_HIGH,		/* percent dirty where it runs flat out */
	SP_NR_KNOBS,
};

/* What the hot tier does with writes (and whether it caches at all). */
enum sp_cache_mode {
	SP_CACHE_WRITEBACK,	/* writes land in the log on the hot tier */
	SP_CACHE_WRITETHROUGH,	/* writes go to the capacity tiers, and stay cached */
	SP_CACHE_WRITEAROUND,	/* writes go to the capacity tiers only */
	SP_CACHE_PASSTHROUGH,	/* no cache at all */
};

#define SP_TIERING_AUTO		0U
#define SP_TIERING_MANUAL	1U
#define SP_EVACUATE_NONE	U32_MAX

struct sp_knob_desc {
	const char *name;
	u32 min, max, def;
	const char *invalid;	/* error sentence for a bad value */
	const char *const *words;	/* value i is written words[i]; NULL: a number */
};

extern const struct sp_knob_desc sp_knob_descs[SP_NR_KNOBS];

/* Knob values; @given: bit k set when knob k was given (table or message). */
struct sp_knobs {
	u32 v[SP_NR_KNOBS];
	u32 given;
};

/* Every knob at its default, none given. */
void sp_knobs_init(struct sp_knobs *k);

/* The knob called @name, or -ENOENT. */
int sp_knob_lookup(const char *name);

/**
 * sp_knob_parse() - parse a value for knob @knob
 * @knob: enum sp_knob
 * @s: the value as written ("auto", "64", "2", "none")
 * @nr_tiers: tiers of the device (for evacuate)
 * @val: the result
 * @error: on failure, the knob's sentence
 * Return: 0 or -EINVAL.
 */
int sp_knob_parse(int knob, const char *s, unsigned int nr_tiers, u32 *val,
		  const char **error);

/* Write " name value" for each given knob. Return 0 or -ENOSPC. */
int sp_knobs_emit(const struct sp_knobs *k, char *buf, size_t size,
		  size_t *len);

/* Number of words sp_knobs_emit() writes. */
unsigned int sp_knobs_nr_words(const struct sp_knobs *k);

/* ---- the plan ---- */

#define SP_POLICY_MAX_MOVES	128U

enum sp_move_kind {
	SP_MOVE_PROMOTE,
	SP_MOVE_DEMOTE,
	SP_MOVE_EVACUATE,
};

struct sp_move {
	u32 lext;
	u8 tier;		/* destination */
	u8 kind;		/* enum sp_move_kind */
};

struct sp_cand {
	u32 heat;
	u32 lext;
};

/* What the planner knows of the set. */
struct sp_policy_in {
	unsigned int nr_tiers;
	u32 capacity_mask;
	u64 total[SP_MAX_TIERS];	/* physical extents per tier */
	u64 used[SP_MAX_TIERS];
	u32 evacuate;			/* tier, or SP_EVACUATE_NONE */
	bool automatic;			/* promote and demote (else only evacuate) */
	u32 watermark_pct;
	u32 promote_heat;
	unsigned int budget;		/* moves, at most SP_POLICY_MAX_MOVES */
	u16 epoch;
};

/* Scratch space and by-products of one plan. */
struct sp_policy_scratch {
	struct sp_cand hot[SP_MAX_TIERS][SP_POLICY_MAX_MOVES];
	struct sp_cand cold[SP_MAX_TIERS][SP_POLICY_MAX_MOVES];
	u32 evac[SP_POLICY_MAX_MOVES];
	unsigned int nr_hot[SP_MAX_TIERS], nr_cold[SP_MAX_TIERS], nr_evac;
	u64 hist[SP_MAX_TIERS][SP_HEAT_BUCKETS];	/* extents per heat bucket */
};

/**
 * sp_policy_plan() - choose the moves of one policy round
 * @in: the set's tiers and knobs
 * @loc: the extent map (SP_LOC_NONE: unmapped)
 * @heat: the heat words
 * @nr_extents: logical extents
 * @s: scratch; its hist[] is filled in for status
 * @moves: at least @in->budget entries
 *
 * In this order, within the budget: extents on the tier being evacuated
 * go to the fastest other capacity tier with room (below the watermark
 * if one is, else below full); a capacity tier above the watermark
 * demotes its coldest extents to the next slower tier with room; extents
 * at least promote_heat hot move, hottest first, to the fastest faster
 * tier below its watermark, or, when that tier is full, swap with its
 * coldest extent if that is less than half as hot. The slowest capacity
 * tier may fill completely. Moves are listed in the order to carry them
 * out (a swap's demotion before its promotion).
 *
 * Return: the number of moves.
 */
unsigned int sp_policy_plan(const struct sp_policy_in *in, const u32 *loc,
			    const u32 *heat, u64 nr_extents,
			    struct sp_policy_scratch *s, struct sp_move *moves);

/* ---- throttle: migration backs off when foreground latency rises ---- */

struct sp_throttle {
	u64 baseline_ns;	/* lowest recent window mean, slowly forgotten */
};

/**
 * sp_throttle_check() - fold in one window's foreground latency
 * @t: the throttle state
 * @mean_ns: mean latency of the window's foreground I/O (0: no I/O)
 *
 * The baseline is the lowest window mean seen, rising by 1/16 per window
 * so it follows a changed device. Migration backs off while a window's
 * mean is above twice the baseline plus 200 us.
 * Return: true to back off.
 */
bool sp_throttle_check(struct sp_throttle *t, u64 mean_ns);

#endif /* SP_TIER_POLICY_H */
