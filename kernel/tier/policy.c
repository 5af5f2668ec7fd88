// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * Placement policy (see policy.h). Pure logic: builds in the module, in
 * libstorproto and in the unit tests.
 */
#include "policy.h"
#include "../table.h"

static const char *const sp_tiering_words[] = { "auto", "manual", NULL };
static const char *const sp_cache_mode_words[] = {
	"writeback", "writethrough", "writearound", "passthrough", NULL,
};

const struct sp_knob_desc sp_knob_descs[SP_NR_KNOBS] = {
	[SP_KNOB_TIERING] = {
		"tiering", 0, 1, SP_TIERING_AUTO,
		"Invalid tiering: auto or manual", sp_tiering_words,
	},
	[SP_KNOB_MIGRATE_RATE] = {
		"migrate_rate", 1, 65536, 128,
		"Invalid migrate_rate: MiB/s from 1 to 65536",
	},
	[SP_KNOB_FILL_WATERMARK] = {
		"fill_watermark", 10, 100, 90,
		"Invalid fill_watermark: a percentage from 10 to 100",
	},
	[SP_KNOB_PROMOTE_HEAT] = {
		"promote_heat", 1, SP_HEAT_MAX, 8,
		"Invalid promote_heat: a heat from 1 to 65535",
	},
	[SP_KNOB_HEAT_HALFLIFE] = {
		"heat_halflife", 1, 86400, 60,
		"Invalid heat_halflife: seconds from 1 to 86400",
	},
	[SP_KNOB_EVACUATE] = {
		"evacuate", 0, SP_MAX_TIERS - 1, SP_EVACUATE_NONE,
		"Invalid evacuate: a tier number below the number of devices",
	},
	[SP_KNOB_CACHE_MODE] = {
		"cache_mode", 0, SP_CACHE_PASSTHROUGH, SP_CACHE_WRITEBACK,
		"Invalid cache_mode: writeback, writethrough, writearound or passthrough",
		sp_cache_mode_words,
	},
	[SP_KNOB_SEQ_CUTOFF] = {
		"sequential_cutoff", 0, 1048576, 1024,
		"Invalid sequential_cutoff: KiB from 0 (never bypass) to 1048576",
	},
	[SP_KNOB_DIRTY_LOW] = {
		"dirty_low", 0, 100, 10,
		"Invalid dirty_low: a percentage from 0 to 100",
	},
	[SP_KNOB_DIRTY_HIGH] = {
		"dirty_high", 1, 100, 60,
		"Invalid dirty_high: a percentage from 1 to 100",
	},
};

void sp_knobs_init(struct sp_knobs *k)
{
	unsigned int i;

	for (i = 0; i < SP_NR_KNOBS; i++)
		k->v[i] = sp_knob_descs[i].def;
	k->given = 0;
}

int sp_knob_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < SP_NR_KNOBS; i++)
		if (!strcmp(name, sp_knob_descs[i].name))
			return (int)i;
	return -ENOENT;
}

int sp_knob_parse(int knob, const char *s, unsigned int nr_tiers, u32 *val,
		  const char **error)
{
	const struct sp_knob_desc *d = &sp_knob_descs[knob];
	u64 v;

	*error = d->invalid;
	if (d->words) {
		u32 i;

		for (i = 0; d->words[i]; i++) {
			if (!strcmp(s, d->words[i])) {
				*val = i;
				return 0;
			}
		}
		return -EINVAL;
	}
	if (sp_parse_u64(s, &v) || v < d->min || v > d->max)
		return -EINVAL;
	if (knob == SP_KNOB_EVACUATE && v >= nr_tiers)
		return -EINVAL;
	*val = (u32)v;
	return 0;
}

int sp_knobs_emit(const struct sp_knobs *k, char *buf, size_t size,
		  size_t *len)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < SP_NR_KNOBS && !ret; i++) {
		if (!(k->given & (1U << i)))
			continue;
		if (sp_knob_descs[i].words)
			ret = sp_append(buf, size, len, " %s %s", sp_knob_descs[i].name,
					sp_knob_descs[i].words[k->v[i]]);
		else
			ret = sp_append(buf, size, len, " %s %u",
					sp_knob_descs[i].name, k->v[i]);
	}
	return ret;
}

unsigned int sp_knobs_nr_words(const struct sp_knobs *k)
{
	unsigned int i, n = 0;

	for (i = 0; i < SP_NR_KNOBS; i++)
		if (k->given & (1U << i))
			n += 2;
	return n;
}

/* ---- bounded candidate lists ---- */

/*
 * A heap of at most @k candidates keeping the @k largest keys (@cold:
 * the smallest heats; otherwise the largest). The root is the candidate
 * that goes first when a better one comes.
 */
static bool sp_cand_before(const struct sp_cand *a, const struct sp_cand *b,
			   bool cold)
{
	/* true: a is worse than b, so nearer the root */
	if (a->heat != b->heat)
		return cold ? a->heat > b->heat : a->heat < b->heat;
	return a->lext > b->lext;
}

static void sp_cand_sift_down(struct sp_cand *h, unsigned int n,
			      unsigned int i, bool cold)
{
	for (;;) {
		unsigned int l = 2 * i + 1, r = l + 1, w = i;
		struct sp_cand tmp;

		if (l < n && sp_cand_before(&h[l], &h[w], cold))
			w = l;
		if (r < n && sp_cand_before(&h[r], &h[w], cold))
			w = r;
		if (w == i)
			return;
		tmp = h[i];
		h[i] = h[w];
		h[w] = tmp;
		i = w;
	}
}

static void sp_cand_push(struct sp_cand *h, unsigned int *n, unsigned int k,
			 struct sp_cand c, bool cold)
{
	unsigned int i;

	if (!k)
		return;
	if (*n == k) {
		if (!sp_cand_before(&h[0], &c, cold))
			return;
		h[0] = c;
		sp_cand_sift_down(h, k, 0, cold);
		return;
	}
	i = (*n)++;
	h[i] = c;
	while (i) {
		unsigned int p = (i - 1) / 2;
		struct sp_cand tmp;

		if (!sp_cand_before(&h[i], &h[p], cold))
			break;
		tmp = h[i];
		h[i] = h[p];
		h[p] = tmp;
		i = p;
	}
}

/* Best first: hottest (or, @cold, coldest) first; ties by extent. */
static void sp_cand_sort(struct sp_cand *h, unsigned int n, bool cold)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct sp_cand c = h[i];

		for (j = i; j && sp_cand_before(&h[j - 1], &c, cold); j--)
			h[j] = h[j - 1];
		h[j] = c;
	}
}

/* ---- the plan ---- */

struct sp_plan {
	const struct sp_policy_in *in;
	u64 used[SP_MAX_TIERS];
	u64 mark[SP_MAX_TIERS];		/* the watermark, in extents */
	struct sp_move *moves;
	unsigned int n;
	unsigned int budget;		/* moves, at most */
};

static bool sp_plan_usable(const struct sp_plan *p, unsigned int t)
{
	return (p->in->capacity_mask & (1U << t)) && t != p->in->evacuate;
}

static bool sp_plan_moved(const struct sp_plan *p, u32 lext)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (p->moves[i].lext == lext)
			return true;
	return false;
}

static void sp_plan_add(struct sp_plan *p, u32 lext, unsigned int from,
			unsigned int to, enum sp_move_kind kind)
{
	p->moves[p->n].lext = lext;
	p->moves[p->n].tier = (u8)to;
	p->moves[p->n].kind = (u8)kind;
	p->n++;
	p->used[from]--;
	p->used[to]++;
}

/*
 * Where to demote from @t: the nearest usable slower tier below its
 * watermark, else the nearest with a free extent, else -1.
 */
static int sp_plan_below(const struct sp_plan *p, unsigned int t)
{
	unsigned int d;

	for (d = t + 1; d < p->in->nr_tiers; d++)
		if (sp_plan_usable(p, d) && p->used[d] < p->mark[d])
			return (int)d;
	for (d = t + 1; d < p->in->nr_tiers; d++)
		if (sp_plan_usable(p, d) && p->used[d] < p->in->total[d])
			return (int)d;
	return -1;
}

static void sp_plan_evacuate(struct sp_plan *p, struct sp_policy_scratch *s)
{
	const struct sp_policy_in *in = p->in;
	unsigned int i, t;

	for (i = 0; i < s->nr_evac && p->n < p->budget; i++) {
		int dst = -1;

		for (t = 0; t < in->nr_tiers && dst < 0; t++)
			if (sp_plan_usable(p, t) && p->used[t] < p->mark[t])
				dst = (int)t;
		for (t = 0; t < in->nr_tiers && dst < 0; t++)
			if (sp_plan_usable(p, t) && p->used[t] < in->total[t])
				dst = (int)t;
		if (dst < 0)
			return;		/* nowhere to go: the set is full */
		sp_plan_add(p, s->evac[i], in->evacuate, (unsigned int)dst,
			    SP_MOVE_EVACUATE);
	}
}

static void sp_plan_demote(struct sp_plan *p, struct sp_policy_scratch *s)
{
	const struct sp_policy_in *in = p->in;
	unsigned int t, i;

	for (t = 0; t < in->nr_tiers; t++) {
		if (!sp_plan_usable(p, t))
			continue;
		for (i = 0; i < s->nr_cold[t] && p->used[t] > p->mark[t] &&
			    p->n < p->budget; i++) {
			int d = sp_plan_below(p, t);

			if (d < 0)
				break;
			if (sp_plan_moved(p, s->cold[t][i].lext))
				continue;
			sp_plan_add(p, s->cold[t][i].lext, t, (unsigned int)d,
				    SP_MOVE_DEMOTE);
		}
	}
}

static void sp_plan_promote(struct sp_plan *p, struct sp_policy_scratch *s)
{
	const struct sp_policy_in *in = p->in;
	unsigned int next[SP_MAX_TIERS] = { 0 };	/* hot list cursors */
	unsigned int victim[SP_MAX_TIERS] = { 0 };	/* cold list cursors */

	while (p->n < p->budget) {
		unsigned int from = SP_MAX_TIERS, t;
		struct sp_cand c;

		/* The hottest candidate left, over every tier's list. */
		for (t = 0; t < in->nr_tiers; t++) {
			while (next[t] < s->nr_hot[t] &&
			       sp_plan_moved(p, s->hot[t][next[t]].lext))
				next[t]++;
			if (next[t] < s->nr_hot[t] &&
			    (from == SP_MAX_TIERS ||
			     s->hot[t][next[t]].heat > s->hot[from][next[from]].heat))
				from = t;
		}
		if (from == SP_MAX_TIERS)
			return;
		c = s->hot[from][next[from]++];

		for (t = 0; t < from; t++) {
			struct sp_cand *v;
			int d;

			if (!sp_plan_usable(p, t))
				continue;
			if (p->used[t] < p->mark[t]) {
				sp_plan_add(p, c.lext, from, t, SP_MOVE_PROMOTE);
				break;
			}
			/* Full: swap with its coldest extent, if much colder. */
			while (victim[t] < s->nr_cold[t] &&
			       sp_plan_moved(p, s->cold[t][victim[t]].lext))
				victim[t]++;
			if (victim[t] >= s->nr_cold[t] || p->n + 2 > p->budget)
				continue;
			v = &s->cold[t][victim[t]];
			if ((u64)v->heat * 2 >= c.heat)
				continue;
			d = sp_plan_below(p, t);
			if (d < 0)
				continue;
			victim[t]++;
			sp_plan_add(p, v->lext, t, (unsigned int)d, SP_MOVE_DEMOTE);
			sp_plan_add(p, c.lext, from, t, SP_MOVE_PROMOTE);
			break;
		}
	}
}

unsigned int sp_policy_plan(const struct sp_policy_in *in, const u32 *loc,
			    const u32 *heat, u64 nr_extents,
			    struct sp_policy_scratch *s, struct sp_move *moves)
{
	unsigned int k = min(in->budget, SP_POLICY_MAX_MOVES);
	struct sp_plan p = { .in = in, .moves = moves, .budget = k };
	unsigned int t, slowest = SP_MAX_TIERS;
	u64 e;

	memset(s->nr_hot, 0, sizeof(s->nr_hot));
	memset(s->nr_cold, 0, sizeof(s->nr_cold));
	memset(s->hist, 0, sizeof(s->hist));
	s->nr_evac = 0;

	for (e = 0; e < nr_extents; e++) {
		u32 l = loc[e];
		struct sp_cand c;

		if (l == SP_LOC_NONE)
			continue;
		t = sp_loc_tier(l);
		if (t >= in->nr_tiers)
			continue;
		c.lext = (u32)e;
		c.heat = sp_heat_value(heat[e], in->epoch);
		s->hist[t][sp_heat_bucket(c.heat)]++;
		if (t == in->evacuate) {
			if (s->nr_evac < k)
				s->evac[s->nr_evac++] = (u32)e;
			continue;
		}
		if (!in->automatic)
			continue;
		if (c.heat >= in->promote_heat)
			sp_cand_push(s->hot[t], &s->nr_hot[t], k, c, false);
		sp_cand_push(s->cold[t], &s->nr_cold[t], k, c, true);
	}
	for (t = 0; t < in->nr_tiers; t++) {
		sp_cand_sort(s->hot[t], s->nr_hot[t], false);
		sp_cand_sort(s->cold[t], s->nr_cold[t], true);
		p.used[t] = in->used[t];
		p.mark[t] = in->total[t] * in->watermark_pct / 100;
		if (sp_plan_usable(&p, t))
			slowest = t;
	}
	/* The slowest tier may fill up: there is nowhere further down. */
	if (slowest < SP_MAX_TIERS)
		p.mark[slowest] = in->total[slowest];

	if (in->evacuate < in->nr_tiers)
		sp_plan_evacuate(&p, s);
	if (in->automatic) {
		sp_plan_demote(&p, s);
		sp_plan_promote(&p, s);
	}
	return p.n;
}

/* ---- throttle ---- */

#define SP_THROTTLE_SLACK_NS	200000ULL

bool sp_throttle_check(struct sp_throttle *t, u64 mean_ns)
{
	if (!mean_ns)
		return false;
	if (!t->baseline_ns || mean_ns < t->baseline_ns)
		t->baseline_ns = mean_ns;
	else if (mean_ns > t->baseline_ns + (t->baseline_ns >> 6))
		t->baseline_ns += t->baseline_ns >> 6;
	else
		t->baseline_ns = mean_ns;
	return mean_ns > 2 * t->baseline_ns + SP_THROTTLE_SLACK_NS;
}
