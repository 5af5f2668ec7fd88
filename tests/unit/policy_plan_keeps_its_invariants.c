// SPDX-License-Identifier: GPL-2.0
/*
 * sp_policy_plan() over 2000 random sets (2 to 4 tiers, random capacity
 * tiers, fill, heat, watermark, budget, evacuation): a plan never exceeds
 * its budget, moves an extent at most once, never to a tier that holds no
 * data or is being evacuated, never off the tier it is on to the same
 * tier, never fills a tier past its size (counting the moves in order),
 * moves promotions up and demotions down, and after it no tier but the
 * slowest is left above its watermark while the budget had room. The
 * histogram counts every mapped extent once.
 */
#include "tap.h"
#include "tier/policy.h"

#define N 512U

static u32 loc[N], heat[N];
static struct sp_policy_scratch s;
static struct sp_move moves[SP_POLICY_MAX_MOVES];

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(random() % n);
}

int main(void)
{
	unsigned int round, bad_budget = 0, bad_twice = 0, bad_dest = 0,
		     bad_full = 0, bad_dir = 0, bad_mark = 0, bad_hist = 0;

	srandom(4242);
	for (round = 0; round < 2000; round++) {
		struct sp_policy_in in = { 0 };
		u64 used[SP_MAX_TIERS], next[SP_MAX_TIERS] = { 0 }, hist_sum = 0, mapped = 0;
		unsigned int t, i, n, e, slowest = 0;
		u8 seen[N] = { 0 };
		unsigned int demoted[SP_MAX_TIERS] = { 0 };

		in.nr_tiers = 2 + rnd(3);
		do
			in.capacity_mask = (u32)rnd(1U << in.nr_tiers);
		while (!in.capacity_mask);
		for (t = 0; t < in.nr_tiers; t++)
			if (in.capacity_mask & (1U << t)) {
				in.total[t] = 1 + rnd(N / in.nr_tiers);
				slowest = t;
			}
		in.automatic = rnd(4) != 0;
		in.watermark_pct = 10 + rnd(91);
		in.promote_heat = 1 + rnd(40);
		in.budget = rnd(SP_POLICY_MAX_MOVES + 1);
		in.epoch = (u16)rnd(65536);
		in.evacuate = SP_EVACUATE_NONE;
		if (rnd(3) == 0) {
			t = rnd(in.nr_tiers);
			if ((in.capacity_mask & (1U << t)) && (in.capacity_mask & ~(1U << t)))
				in.evacuate = t;
		}
		for (e = 0; e < N; e++) {
			loc[e] = SP_LOC_NONE;
			heat[e] = ((u32)(u16)(in.epoch - rnd(4)) << 16) | rnd(200);
			t = rnd(in.nr_tiers);
			if (rnd(3) && (in.capacity_mask & (1U << t)) && next[t] < in.total[t]) {
				loc[e] = sp_loc(t, (u32)next[t]++);
				mapped++;
			}
		}
		for (t = 0; t < in.nr_tiers; t++) {
			in.used[t] = used[t] = next[t];
			if ((in.capacity_mask & (1U << t)) && t != in.evacuate)
				slowest = t;	/* the slowest tier data may go to */
		}

		n = sp_policy_plan(&in, loc, heat, N, &s, moves);
		if (n > in.budget)
			bad_budget++;
		for (i = 0; i < n && i < SP_POLICY_MAX_MOVES; i++) {
			const struct sp_move *m = &moves[i];
			unsigned int from = sp_loc_tier(loc[m->lext]);

			if (seen[m->lext]++)
				bad_twice++;
			if (!(in.capacity_mask & (1U << m->tier)) || m->tier == in.evacuate ||
			    m->tier == from || loc[m->lext] == SP_LOC_NONE)
				bad_dest++;
			if ((m->kind == SP_MOVE_PROMOTE && m->tier > from) ||
			    (m->kind == SP_MOVE_DEMOTE && m->tier < from) ||
			    (m->kind == SP_MOVE_EVACUATE && from != in.evacuate))
				bad_dir++;
			if (m->kind == SP_MOVE_DEMOTE)
				demoted[from]++;
			used[from]--;
			if (++used[m->tier] > in.total[m->tier])
				bad_full++;
		}
		/* A tier above its watermark, room below, budget left over. */
		if (in.automatic && n < in.budget)
			for (t = 0; t < slowest; t++) {
				unsigned int d;
				bool room = false;

				if (!(in.capacity_mask & (1U << t)) || t == in.evacuate)
					continue;
				for (d = t + 1; d < in.nr_tiers; d++)
					if ((in.capacity_mask & (1U << d)) && d != in.evacuate &&
					    in.used[d] < in.total[d] && used[d] < in.total[d])
						room = true;
				if (room && in.used[t] > in.total[t] * in.watermark_pct / 100 &&
				    !demoted[t])
					bad_mark++;
			}
		for (t = 0; t < in.nr_tiers; t++)
			for (i = 0; i < SP_HEAT_BUCKETS; i++)
				hist_sum += s.hist[t][i];
		if (hist_sum != mapped)
			bad_hist++;
	}
	tap_ok(!bad_budget, "never more moves than the budget (%u plans did)", bad_budget);
	tap_ok(!bad_twice, "no extent moves twice in one plan (%u)", bad_twice);
	tap_ok(!bad_dest, "every move goes from where the extent is to another usable capacity tier (%u)", bad_dest);
	tap_ok(!bad_dir, "promotions go up, demotions down, evacuations off the evacuated tier (%u)", bad_dir);
	tap_ok(!bad_full, "no tier fills past its size, moves counted in order (%u)", bad_full);
	tap_ok(!bad_mark, "a tier over its watermark, with room below and budget left, demotes (%u)", bad_mark);
	tap_ok(!bad_hist, "the heat histogram counts each mapped extent once (%u)", bad_hist);
	return tap_done();
}
