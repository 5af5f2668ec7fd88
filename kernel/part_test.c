// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for part.h: which worker owns an address. */
#include <kunit/test.h>

#include "part.h"

static void sp_part_one_owner_per_chunk(struct kunit *test)
{
	struct sp_part p = { .nr_parts = 7, .chunk_shift = 11 };
	u64 chunk;

	for (chunk = 0; chunk < 1000; chunk++) {
		u64 first = chunk << p.chunk_shift;
		u32 owner = sp_part_of(&p, first);

		KUNIT_EXPECT_LT(test, owner, p.nr_parts);
		KUNIT_EXPECT_EQ(test, sp_part_of(&p, first + 1), owner);
		KUNIT_EXPECT_EQ(test, sp_part_of(&p, first + 2047), owner);
		KUNIT_EXPECT_EQ(test, sp_part_chunk_left(&p, first + 2047), 1ULL);
	}
}

static void sp_part_spreads_sequential_chunks(struct kunit *test)
{
	u32 nr;

	for (nr = 1; nr <= 64; nr++) {
		struct sp_part p = { .nr_parts = nr, .chunk_shift = 3 };
		unsigned int count[64] = { 0 };
		unsigned int per = 256, i, min = UINT_MAX, max = 0;

		for (i = 0; i < per * nr; i++)
			count[sp_part_of(&p, (u64)i << 3)]++;
		for (i = 0; i < nr; i++) {
			min = min_t(unsigned int, min, count[i]);
			max = max_t(unsigned int, max, count[i]);
		}
		/* Every worker within 25% of the fair share. */
		KUNIT_EXPECT_GE_MSG(test, min, per * 3 / 4, "nr=%u", nr);
		KUNIT_EXPECT_LE_MSG(test, max, per * 5 / 4, "nr=%u", nr);
	}
}

static struct kunit_case sp_part_cases[] = {
	KUNIT_CASE(sp_part_one_owner_per_chunk),
	KUNIT_CASE(sp_part_spreads_sequential_chunks),
	{}
};

static struct kunit_suite sp_part_suite = {
	.name = "storproto_part",
	.test_cases = sp_part_cases,
};
kunit_test_suites(&sp_part_suite);
