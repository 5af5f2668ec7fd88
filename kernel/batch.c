// SPDX-License-Identifier: GPL-2.0
/*
 * Request batching for the storage I/O workers. Pure logic: builds in the
 * module and in the unit tests.
 */
#include "batch.h"

static bool sp_addr_before(const struct sp_addr *a, const struct sp_addr *b)
{
	if (a->class != b->class)
		return a->class < b->class;
	return a->sector < b->sector;
}

void sp_batch_sort(struct sp_addr **v, unsigned int n)
{
	unsigned int i, j;

	/* Insertion sort: stable, in place, and cheap for SP_BATCH_MAX. */
	for (i = 1; i < n; i++) {
		struct sp_addr *x = v[i];

		for (j = i; j > 0 && sp_addr_before(x, v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

unsigned int sp_batch_contiguous(struct sp_addr *const *v, unsigned int n)
{
	unsigned int i, c = 0;

	for (i = 1; i < n; i++) {
		if (v[i]->class == v[i - 1]->class &&
		    v[i]->class != SP_CLASS_FLUSH &&
		    v[i]->sector == v[i - 1]->sector + v[i - 1]->nr_sectors)
			c++;
	}
	return c;
}
