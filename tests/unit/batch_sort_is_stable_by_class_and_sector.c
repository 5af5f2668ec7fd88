// SPDX-License-Identifier: GPL-2.0
/*
 * sp_batch_sort() orders a batch by class (flush, read, write, other),
 * then sector, and keeps arrival order among requests of equal class and
 * sector; it moves pointers only.
 */
#include "tap.h"
#include "batch.h"

/* A request and its arrival position. */
struct req {
	struct sp_addr a;
	unsigned int arrival;
};

static bool sorted_and_stable(struct sp_addr **v, unsigned int n)
{
	unsigned int i;

	for (i = 1; i < n; i++) {
		const struct req *p = (const struct req *)v[i - 1];
		const struct req *q = (const struct req *)v[i];

		if (p->a.class > q->a.class)
			return false;
		if (p->a.class == q->a.class && p->a.sector > q->a.sector)
			return false;
		if (p->a.class == q->a.class && p->a.sector == q->a.sector &&
		    p->arrival > q->arrival)
			return false;
	}
	return true;
}

static bool same_set(struct sp_addr **v, unsigned int n)
{
	bool seen[SP_BATCH_MAX] = { false };
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int k = ((const struct req *)v[i])->arrival;

		if (k >= n || seen[k])
			return false;
		seen[k] = true;
	}
	return true;
}

int main(void)
{
	struct req reqs[SP_BATCH_MAX];
	struct sp_addr *v[SP_BATCH_MAX];
	unsigned long long seed = 1;
	unsigned int round, i, n;
	bool ok_sorted = true, ok_set = true;

	for (round = 0; round < 2000; round++) {
		n = (unsigned int)(tap_rand(&seed) % (SP_BATCH_MAX + 1));
		for (i = 0; i < n; i++) {
			reqs[i].a.class = (u8)(tap_rand(&seed) % 4);
			/* Few distinct sectors, so that ties are common. */
			reqs[i].a.sector = tap_rand(&seed) % 8;
			reqs[i].a.nr_sectors = 8;
			reqs[i].arrival = i;
			v[i] = &reqs[i].a;
		}
		sp_batch_sort(v, n);
		ok_sorted &= sorted_and_stable(v, n);
		ok_set &= same_set(v, n);
	}
	tap_ok(ok_sorted, "2000 random batches come out by class, sector, then arrival");
	tap_ok(ok_set, "sorting keeps every request exactly once");

	reqs[0] = (struct req){ { 100, 8, SP_CLASS_WRITE }, 0 };
	reqs[1] = (struct req){ { 0, 0, SP_CLASS_FLUSH }, 1 };
	reqs[2] = (struct req){ { 50, 8, SP_CLASS_READ }, 2 };
	reqs[3] = (struct req){ { 10, 8, SP_CLASS_OTHER }, 3 };
	reqs[4] = (struct req){ { 20, 8, SP_CLASS_WRITE }, 4 };
	for (i = 0; i < 5; i++)
		v[i] = &reqs[i].a;
	sp_batch_sort(v, 5);
	tap_ok(v[0] == &reqs[1].a && v[1] == &reqs[2].a && v[2] == &reqs[4].a &&
	       v[3] == &reqs[0].a && v[4] == &reqs[3].a,
	       "flush, read, writes by sector, then other");

	v[0] = &reqs[0].a;
	sp_batch_sort(v, 1);
	tap_ok(v[0] == &reqs[0].a, "a batch of one is left as it is");
	sp_batch_sort(v, 0);
	tap_ok(true, "an empty batch is accepted");

	for (i = 0; i < SP_BATCH_MAX; i++) {
		reqs[i] = (struct req){ { (u64)(SP_BATCH_MAX - i) * 8, 8,
					  SP_CLASS_WRITE }, i };
		v[i] = &reqs[i].a;
	}
	sp_batch_sort(v, SP_BATCH_MAX);
	tap_ok(sorted_and_stable(v, SP_BATCH_MAX) && v[0] == &reqs[SP_BATCH_MAX - 1].a,
	       "a full batch in reverse order comes out ascending");
	return tap_done();
}
