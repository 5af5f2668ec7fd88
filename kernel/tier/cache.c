// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * The hot tier as block cache and write log: layout, slot table, write log
 * scan, admission sketch, slot allocator, sequential streams (cache.h).
 * Pure logic: builds in the module and in the unit tests.
 */
#include "cache.h"

#define SP_CSLOT_SIZE		sizeof(struct sp_cslot_disk)

static u64 sp_round_up(u64 v, u64 a)
{
	return (v + a - 1) / a * a;
}

int sp_cache_layout(struct sp_cache_layout *cl, u64 bytes)
{
	u64 n;

	if (bytes < 2 * SP_CACHE_BLOCK)
		return -ENOSPC;
	/* Each slot costs a block and an entry; the table is block aligned. */
	n = (bytes - 2 * SP_CACHE_BLOCK) / (SP_CACHE_BLOCK + SP_CSLOT_SIZE);
	while (n && SP_CACHE_BLOCK + sp_round_up(n * SP_CSLOT_SIZE, SP_CACHE_BLOCK) +
		    n * SP_CACHE_BLOCK > bytes)
		n--;
	if (n > U32_MAX - 1)
		n = U32_MAX - 1;
	if (n < SP_CACHE_MIN_SLOTS)
		return -ENOSPC;
	cl->nr_slots = n;
	cl->table_offset = SP_CACHE_BLOCK;
	cl->data_offset = SP_CACHE_BLOCK + sp_round_up(n * SP_CSLOT_SIZE, SP_CACHE_BLOCK);
	return 0;
}

void sp_cache_hdr_encode(const struct sp_cache_layout *cl, const u8 *uuid,
			 void *block)
{
	struct sp_cache_hdr_disk *d = block;

	memset(block, 0, SP_CACHE_BLOCK);
	memcpy(d->magic, SP_CACHE_MAGIC, SP_MAGIC_LEN);
	d->block_size = cpu_to_le32(SP_CACHE_BLOCK);
	memcpy(d->uuid, uuid, SP_UUID_LEN);
	d->nr_slots = cpu_to_le64(cl->nr_slots);
	d->table_offset = cpu_to_le64(cl->table_offset);
	d->data_offset = cpu_to_le64(cl->data_offset);
	d->crc = cpu_to_le32(sp_block_crc(block, offsetof(struct sp_cache_hdr_disk, crc)));
}

int sp_cache_hdr_decode(const void *block, const u8 *uuid, u64 bytes,
			struct sp_cache_layout *cl)
{
	const struct sp_cache_hdr_disk *d = block;
	struct sp_cache_layout want;

	if (memcmp(d->magic, SP_CACHE_MAGIC, SP_MAGIC_LEN))
		return -ENOENT;
	if (le32_to_cpu(d->crc) !=
	    sp_block_crc(block, offsetof(struct sp_cache_hdr_disk, crc)) ||
	    memcmp(d->uuid, uuid, SP_UUID_LEN) ||
	    le32_to_cpu(d->block_size) != SP_CACHE_BLOCK ||
	    sp_cache_layout(&want, bytes) ||
	    le64_to_cpu(d->nr_slots) != want.nr_slots ||
	    le64_to_cpu(d->table_offset) != want.table_offset ||
	    le64_to_cpu(d->data_offset) != want.data_offset)
		return -EBADMSG;
	*cl = want;
	return 0;
}

/* ---- the write log ---- */

static int sp_clog_cmp(const void *a, const void *b)
{
	const struct sp_clog_ent *x = a, *y = b;

	if (x->lblock != y->lblock)
		return x->lblock < y->lblock ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq > y->seq ? -1 : 1;	/* newest first */
	return x->slot < y->slot ? -1 : (x->slot > y->slot);
}

int sp_clog_scan(const struct sp_cslot_disk *table, u64 nr_slots,
		 u64 nr_lblocks, struct sp_clog_ent *ent, u32 *stale,
		 struct sp_clog_scan *res, const char **error)
{
	u64 i, n = 0, kept = 0;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < nr_slots; i++) {
		u64 lf = le64_to_cpu(table[i].lblock_flags);
		u64 seq = le64_to_cpu(table[i].seq);

		if (!(lf & SP_CSLOT_DIRTY))
			continue;
		if ((lf & SP_CSLOT_LBLOCK_MASK) >= nr_lblocks) {
			*error = "A dirty block of the write log lies outside the device (corrupt)";
			return -EUCLEAN;
		}
		ent[n].lblock = lf & SP_CSLOT_LBLOCK_MASK;
		ent[n].seq = seq;
		ent[n].slot = (u32)i;
		n++;
		if (seq > res->max_seq)
			res->max_seq = seq;
	}
	sp_sort(ent, n, sizeof(*ent), sp_clog_cmp);
	for (i = 0; i < n; i++) {
		if (kept && ent[kept - 1].lblock == ent[i].lblock) {
			stale[res->nr_stale++] = ent[i].slot;
			continue;
		}
		ent[kept++] = ent[i];
	}
	res->nr_dirty = kept;
	return 0;
}

/* ---- frequency sketch ---- */

static u64 sp_mix64(u64 x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static const u64 sp_sketch_seeds[4] = {
	0x97cb3127c4e1b5d3ULL, 0xd6e8feb86659fd93ULL,
	0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL,
};

int sp_sketch_init(struct sp_sketch *s, u64 items)
{
	u64 words = 16;

	while (words < items && words < (1ULL << 28))
		words <<= 1;
	s->table = sp_kvcalloc(words, sizeof(u64));
	if (!s->table)
		return -ENOMEM;
	s->mask = (u32)(words - 1);
	s->additions = 0;
	s->sample = (u32)min(words * 10, (u64)U32_MAX);
	return 0;
}

void sp_sketch_destroy(struct sp_sketch *s)
{
	sp_kvfree(s->table);
	s->table = NULL;
}

/* Counter @i of @key: its word and its 4-bit position in it. */
static void sp_sketch_slot(const struct sp_sketch *s, u64 key, unsigned int i,
			   u32 *word, unsigned int *shift)
{
	u64 h = sp_mix64(key ^ sp_sketch_seeds[i]);

	*word = (u32)h & s->mask;
	*shift = (unsigned int)(h >> 60) * 4;
}

void sp_sketch_add(struct sp_sketch *s, u64 key)
{
	bool added = false;
	unsigned int i, shift;
	u32 w;

	for (i = 0; i < 4; i++) {
		sp_sketch_slot(s, key, i, &w, &shift);
		if (((s->table[w] >> shift) & 0xf) != 0xf) {
			s->table[w] += 1ULL << shift;
			added = true;
		}
	}
	if (added && ++s->additions >= s->sample) {
		/* Age: halve every counter. */
		for (w = 0; w <= s->mask; w++)
			s->table[w] = (s->table[w] >> 1) & 0x7777777777777777ULL;
		s->additions /= 2;
	}
}

unsigned int sp_sketch_estimate(const struct sp_sketch *s, u64 key)
{
	unsigned int i, shift, est = 15;
	u32 w;

	for (i = 0; i < 4; i++) {
		unsigned int c;

		sp_sketch_slot(s, key, i, &w, &shift);
		c = (unsigned int)(s->table[w] >> shift) & 0xf;
		if (c < est)
			est = c;
	}
	return est;
}

/* ---- slot allocator ---- */

int sp_slots_init(struct sp_slots *s, u32 nr)
{
	u32 i;

	memset(s, 0, sizeof(*s));
	s->state = sp_kvcalloc(nr, 1);
	s->ref = sp_kvcalloc(nr, 1);
	s->free = sp_kvcalloc(nr, sizeof(u32));
	if (!s->state || !s->ref || !s->free) {
		sp_slots_destroy(s);
		return -ENOMEM;
	}
	s->nr = nr;
	/* Lowest slot on top: fills from the start of the area. */
	for (i = 0; i < nr; i++)
		s->free[i] = nr - 1 - i;
	s->nr_free = nr;
	s->nr_unused = nr;
	return 0;
}

void sp_slots_destroy(struct sp_slots *s)
{
	sp_kvfree(s->state);
	sp_kvfree(s->ref);
	sp_kvfree(s->free);
	s->state = s->ref = NULL;
	s->free = NULL;
}

u32 sp_slots_take_free(struct sp_slots *s)
{
	u32 slot;

	while (s->nr_free) {
		slot = s->free[--s->nr_free];
		/* A slot taken by sp_slots_set() meanwhile is skipped. */
		if (s->state[slot] == SP_SLOT_FREE) {
			s->state[slot] = SP_SLOT_BUSY;
			s->nr_unused--;
			s->ref[slot] = 0;
			return slot;
		}
	}
	return SP_SLOT_NONE;
}

u32 sp_slots_victim_unpinned(struct sp_slots *s, u64 max_scan, const u16 *pins)
{
	u64 i;

	for (i = 0; i < max_scan && s->nr; i++) {
		u32 slot = s->hand;

		s->hand = s->hand + 1 < s->nr ? s->hand + 1 : 0;
		if (s->state[slot] != SP_SLOT_CLEAN || (pins && pins[slot]))
			continue;
		if (s->ref[slot]) {
			s->ref[slot] = 0;
			continue;
		}
		return slot;
	}
	return SP_SLOT_NONE;
}

u32 sp_slots_victim(struct sp_slots *s, u32 max_scan)
{
	return sp_slots_victim_unpinned(s, max_scan, NULL);
}

void sp_slots_set(struct sp_slots *s, u32 slot, enum sp_slot_state st)
{
	enum sp_slot_state old = (enum sp_slot_state)s->state[slot];

	if (old == st)
		return;
	if (old == SP_SLOT_DIRTY)
		s->nr_dirty--;
	if (st == SP_SLOT_DIRTY)
		s->nr_dirty++;
	if (old == SP_SLOT_FREE)
		s->nr_unused--;
	s->state[slot] = (u8)st;
	if (st != SP_SLOT_FREE)
		return;
	s->nr_unused++;
	s->ref[slot] = 0;
	if (s->nr_free < s->nr) {
		s->free[s->nr_free++] = slot;
		return;
	}
	/* Full of entries that went stale (slots claimed in place): rebuild. */
	s->nr_free = 0;
	for (slot = s->nr; slot-- > 0;)
		if (s->state[slot] == SP_SLOT_FREE)
			s->free[s->nr_free++] = slot;
}

/* ---- sequential streams ---- */

u64 sp_seq_observe(struct sp_seq *q, u64 sector, u32 nr)
{
	unsigned int i, lru = 0;

	q->tick++;
	for (i = 0; i < SP_SEQ_STREAMS; i++) {
		if (q->len[i] && q->next[i] == sector) {
			q->next[i] = sector + nr;
			q->len[i] += nr;
			q->used[i] = q->tick;
			return q->len[i];
		}
		if (q->used[i] < q->used[lru])
			lru = i;
	}
	q->next[lru] = sector + nr;
	q->len[lru] = nr;
	q->used[lru] = q->tick;
	return nr;
}
