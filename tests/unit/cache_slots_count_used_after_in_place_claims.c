// SPDX-License-Identifier: GPL-2.0
/*
 * The slot allocator's count of unused slots (the cache's "used" in
 * status is slots minus that): recovery claims dirty slots in place,
 * leaving their stale entries on the free stack, and the count must still
 * say they are in use; taking, dirtying, cleaning and freeing slots keep
 * it equal to the slots in state FREE.
 */
#include "tap.h"
#include "tier/cache.h"

#define NR 64U

static u32 unused_by_state(const struct sp_slots *s)
{
	u32 i, n = 0;

	for (i = 0; i < s->nr; i++)
		n += s->state[i] == SP_SLOT_FREE;
	return n;
}

int main(void)
{
	struct sp_slots s;
	u32 i, taken[8];

	tap_ok(sp_slots_init(&s, NR) == 0 && s.nr_unused == NR, "a new allocator has every slot unused");
	/* Recovery: every third slot found dirty in the log. */
	for (i = 0; i < NR; i += 3)
		sp_slots_set(&s, i, SP_SLOT_DIRTY);
	tap_ok(s.nr_unused == NR - (NR + 2) / 3 && s.nr_unused == unused_by_state(&s),
	       "dirty slots claimed in place count as used (%u unused)", s.nr_unused);
	tap_ok(s.nr_free == NR, "their stale entries are still on the free stack");
	for (i = 0; i < 8; i++)
		taken[i] = sp_slots_take_free(&s);
	tap_ok(s.nr_unused == unused_by_state(&s), "taking free slots skips the stale entries and counts");
	for (i = 0; i < 8; i++)
		tap_ok(taken[i] != SP_SLOT_NONE && taken[i] % 3 != 0, "taken slot %u was free", taken[i]);
	for (i = 0; i < 8; i++)
		sp_slots_set(&s, taken[i], SP_SLOT_CLEAN);
	sp_slots_set(&s, 0, SP_SLOT_CLEAN);
	sp_slots_set(&s, 3, SP_SLOT_FREE);
	sp_slots_set(&s, taken[0], SP_SLOT_FREE);
	tap_ok(s.nr_unused == unused_by_state(&s) && s.nr_dirty == (NR + 2) / 3 - 2,
	       "cleaning and freeing keep both counts (%u unused, %u dirty)", s.nr_unused, s.nr_dirty);
	sp_slots_destroy(&s);
	return tap_done();
}
