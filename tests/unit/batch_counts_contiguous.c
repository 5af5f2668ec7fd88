// SPDX-License-Identifier: GPL-2.0
/*
 * sp_batch_contiguous() counts the requests of a sorted batch that start
 * where the previous request of the same class ends, flushes excepted.
 */
#include "tap.h"
#include "batch.h"

static unsigned int count(const struct sp_addr *a, unsigned int n)
{
	struct sp_addr *v[SP_BATCH_MAX];
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = (struct sp_addr *)&a[i];
	return sp_batch_contiguous(v, n);
}

int main(void)
{
	static const struct sp_addr seq[] = {
		{ 0, 8, SP_CLASS_WRITE }, { 8, 8, SP_CLASS_WRITE },
		{ 16, 16, SP_CLASS_WRITE }, { 32, 8, SP_CLASS_WRITE },
	};
	static const struct sp_addr gap[] = {
		{ 0, 8, SP_CLASS_WRITE }, { 9, 8, SP_CLASS_WRITE },
	};
	static const struct sp_addr overlap[] = {
		{ 0, 8, SP_CLASS_READ }, { 4, 8, SP_CLASS_READ },
	};
	static const struct sp_addr classes[] = {
		{ 0, 8, SP_CLASS_READ }, { 8, 8, SP_CLASS_WRITE },
	};
	static const struct sp_addr flushes[] = {
		{ 0, 0, SP_CLASS_FLUSH }, { 0, 0, SP_CLASS_FLUSH },
	};
	static const struct sp_addr reads[] = {
		{ 0, 8, SP_CLASS_READ }, { 8, 8, SP_CLASS_READ },
		{ 100, 8, SP_CLASS_WRITE }, { 108, 8, SP_CLASS_WRITE },
		{ 200, 8, SP_CLASS_OTHER }, { 208, 8, SP_CLASS_OTHER },
	};
	static const struct sp_addr same[] = {
		{ 0, 8, SP_CLASS_WRITE }, { 0, 8, SP_CLASS_WRITE },
	};

	tap_ok(count(seq, 4) == 3, "four back-to-back writes: 3 contiguous");
	tap_ok(count(gap, 2) == 0, "a one-sector gap is not contiguous");
	tap_ok(count(overlap, 2) == 0, "overlapping reads are not contiguous");
	tap_ok(count(classes, 2) == 0, "a write after a read is not contiguous with it");
	tap_ok(count(flushes, 2) == 0, "empty flushes are never contiguous");
	tap_ok(count(reads, 6) == 3, "contiguous pairs are counted in each class");
	tap_ok(count(same, 2) == 0, "two writes to the same sector are not contiguous");
	tap_ok(count(seq, 1) == 0 && count(seq, 0) == 0,
	       "batches of one or none have none");
	return tap_done();
}
