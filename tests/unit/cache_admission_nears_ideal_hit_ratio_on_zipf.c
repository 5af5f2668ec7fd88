// SPDX-License-Identifier: GPL-2.0
/*
 * The cache's admission and eviction (cache.h: a slot allocator with
 * CLOCK over clean slots, a TinyLFU frequency sketch, admission only from
 * the second use) simulated at the size of the benchmark: 61440 slots
 * (240 MiB of 4 KiB blocks) over a Zipf 1.2 read set of 393216 blocks
 * (1.5 GiB). After warm-up the hit ratio is within 3 points of the ideal
 * (the probability mass of the 61440 most likely blocks); a one-time
 * sequential scan of twice the cache's size then leaves the hot set in
 * place (the hit ratio right after it is still within 3 points).
 */
#include <math.h>

#include "tap.h"
#include "tier/cache.h"

#define SLOTS	61440U
#define BLOCKS	393216U
#define WARM	2000000U
#define MEASURE	2000000U

static double cdf[BLOCKS];
static u32 slot_of[BLOCKS + 2 * SLOTS];	/* block -> slot + 1, 0: absent */
static u64 block_of[SLOTS];
static struct sp_slots slots;
static struct sp_sketch sk;

/* The block of rank r is scattered over the set, as fio's Zipf does. */
static u32 zipf_block(void)
{
	double u = (double)random() / RAND_MAX;
	u32 lo = 0, hi = BLOCKS - 1;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (u32)(((u64)lo * 2654435761ULL) % BLOCKS);
}

/* One read of @b; return true on a hit. */
static bool access_block(u64 b)
{
	u32 slot, victim;

	sp_sketch_add(&sk, b);
	if (slot_of[b]) {
		sp_slots_touch(&slots, slot_of[b] - 1);
		return true;
	}
	if (sp_sketch_estimate(&sk, b) < 2)
		return false;			/* first use: not admitted */
	slot = sp_slots_take_free(&slots);
	if (slot == SP_SLOT_NONE) {
		victim = sp_slots_victim(&slots, 64);
		if (victim == SP_SLOT_NONE || !sp_admit(&sk, b, block_of[victim]))
			return false;
		slot_of[block_of[victim]] = 0;
		sp_slots_set(&slots, victim, SP_SLOT_FREE);
		slot = sp_slots_take_free(&slots);
	}
	sp_slots_set(&slots, slot, SP_SLOT_CLEAN);
	block_of[slot] = b;
	slot_of[b] = slot + 1;
	return false;
}

static double run(unsigned int n)
{
	unsigned int i, hits = 0;

	for (i = 0; i < n; i++)
		hits += access_block(zipf_block());
	return 100.0 * hits / n;
}

int main(void)
{
	double sum = 0, ideal = 0, warm, after;
	unsigned int i;

	for (i = 0; i < BLOCKS; i++) {
		sum += 1.0 / pow(i + 1, 1.2);
		cdf[i] = sum;
	}
	for (i = 0; i < BLOCKS; i++)
		cdf[i] /= sum;
	ideal = 100.0 * cdf[SLOTS - 1];
	if (sp_slots_init(&slots, SLOTS) || sp_sketch_init(&sk, SLOTS))
		return tap_ok(false, "allocation"), tap_done();

	srandom(12);
	run(WARM);
	warm = run(MEASURE);
	tap_ok(warm >= ideal - 3.0,
	       "Zipf 1.2: hit ratio %.1f %% against the ideal %.1f %% (within 3 points)",
	       warm, ideal);

	/* A scan of blocks never read before, twice the cache's size. */
	for (i = 0; i < 2 * SLOTS; i++)
		access_block(BLOCKS + i);
	after = run(MEASURE / 4);
	tap_ok(after >= ideal - 3.0,
	       "after a one-time scan of %u blocks: hit ratio %.1f %% (the hot set stayed)",
	       2 * SLOTS, after);
	sp_slots_destroy(&slots);
	sp_sketch_destroy(&sk);
	return tap_done();
}
