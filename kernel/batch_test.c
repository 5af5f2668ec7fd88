// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for batch.c: ordering and coalescing in the workers. */
#include <kunit/test.h>

#include "batch.c"

static void sp_batch_sorts_by_class_then_sector(struct kunit *test)
{
	struct sp_addr a[] = {
		{ 100, 8, SP_CLASS_WRITE }, { 0, 0, SP_CLASS_FLUSH },
		{ 50, 8, SP_CLASS_READ },   { 10, 8, SP_CLASS_WRITE },
		{ 5, 8, SP_CLASS_OTHER },   { 20, 8, SP_CLASS_READ },
	};
	struct sp_addr *v[ARRAY_SIZE(a)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(a); i++)
		v[i] = &a[i];
	sp_batch_sort(v, ARRAY_SIZE(a));
	KUNIT_EXPECT_PTR_EQ(test, v[0], &a[1]);
	KUNIT_EXPECT_PTR_EQ(test, v[1], &a[5]);
	KUNIT_EXPECT_PTR_EQ(test, v[2], &a[2]);
	KUNIT_EXPECT_PTR_EQ(test, v[3], &a[3]);
	KUNIT_EXPECT_PTR_EQ(test, v[4], &a[0]);
	KUNIT_EXPECT_PTR_EQ(test, v[5], &a[4]);
}

static void sp_batch_keeps_arrival_order_of_equal_addresses(struct kunit *test)
{
	struct sp_addr a[SP_BATCH_MAX];
	struct sp_addr *v[SP_BATCH_MAX];
	unsigned int i;

	/* Writes to 4 addresses, many to each, in arrival order. */
	for (i = 0; i < SP_BATCH_MAX; i++) {
		a[i].sector = (SP_BATCH_MAX - i) % 4 * 8;
		a[i].nr_sectors = 8;
		a[i].class = SP_CLASS_WRITE;
		v[i] = &a[i];
	}
	sp_batch_sort(v, SP_BATCH_MAX);
	for (i = 1; i < SP_BATCH_MAX; i++) {
		KUNIT_EXPECT_LE(test, v[i - 1]->sector, v[i]->sector);
		if (v[i - 1]->sector == v[i]->sector)
			KUNIT_EXPECT_TRUE(test, v[i - 1] < v[i]);
	}
}

static void sp_batch_counts_contiguous_neighbours(struct kunit *test)
{
	struct sp_addr a[] = {
		{ 0, 8, SP_CLASS_WRITE }, { 8, 8, SP_CLASS_WRITE },
		{ 16, 8, SP_CLASS_WRITE }, { 40, 8, SP_CLASS_WRITE },
		{ 48, 8, SP_CLASS_READ }, { 0, 0, SP_CLASS_FLUSH },
		{ 0, 0, SP_CLASS_FLUSH },
	};
	struct sp_addr *v[ARRAY_SIZE(a)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(a); i++)
		v[i] = &a[i];
	sp_batch_sort(v, ARRAY_SIZE(a));
	/* 0-8-16 chain (2); 40->48 changes class; flushes never merge. */
	KUNIT_EXPECT_EQ(test, sp_batch_contiguous(v, ARRAY_SIZE(a)), 2U);
	KUNIT_EXPECT_EQ(test, sp_batch_contiguous(v, 0), 0U);
}

static struct kunit_case sp_batch_cases[] = {
	KUNIT_CASE(sp_batch_sorts_by_class_then_sector),
	KUNIT_CASE(sp_batch_keeps_arrival_order_of_equal_addresses),
	KUNIT_CASE(sp_batch_counts_contiguous_neighbours),
	{}
};

static struct kunit_suite sp_batch_suite = {
	.name = "storproto_batch",
	.test_cases = sp_batch_cases,
};
kunit_test_suites(&sp_batch_suite);
