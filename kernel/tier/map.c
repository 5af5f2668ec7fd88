// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * Extent map, allocator and recovery. Pure logic (see map.h).
 */
#include "map.h"

#define SP_WORD_BITS 64U

static bool sp_bit_test(const u64 *bm, u64 i)
{
	return (bm[i / SP_WORD_BITS] >> (i % SP_WORD_BITS)) & 1;
}

static void sp_bit_set(u64 *bm, u64 i)
{
	bm[i / SP_WORD_BITS] |= 1ULL << (i % SP_WORD_BITS);
}

static void sp_bit_clear(u64 *bm, u64 i)
{
	bm[i / SP_WORD_BITS] &= ~(1ULL << (i % SP_WORD_BITS));
}

/* First clear bit in [from, nr), or nr. */
static u64 sp_find_clear(const u64 *bm, u64 nr, u64 from)
{
	u64 i = from;

	while (i < nr) {
		u64 w = bm[i / SP_WORD_BITS] >> (i % SP_WORD_BITS);

		if (~w == 0 && i % SP_WORD_BITS == 0) {
			i += SP_WORD_BITS;
			continue;
		}
		if (!(w & 1))
			return i;
		i++;
	}
	return nr;
}

int sp_map_init(struct sp_map *m, const struct sp_layout *l)
{
	unsigned int i;
	u64 e;

	memset(m, 0, sizeof(*m));
	m->l = *l;
	m->loc = sp_kvcalloc(l->map_capacity, sizeof(u32));
	if (!m->loc)
		return -ENOMEM;
	for (e = 0; e < l->map_capacity; e++)
		m->loc[e] = SP_LOC_NONE;
	for (i = 0; i < l->nr_tiers; i++) {
		struct sp_tier_alloc *t = &m->t[i];

		t->nr = l->m[i].nr_extents;
		t->nr_free = t->nr;
		if (!t->nr)
			continue;
		t->used = sp_kvcalloc(DIV_ROUND_UP(t->nr, SP_WORD_BITS), sizeof(u64));
		if (!t->used) {
			sp_map_destroy(m);
			return -ENOMEM;
		}
	}
	return 0;
}

int sp_map_grow(struct sp_map *m, const struct sp_layout *l)
{
	u64 *grown[SP_MAX_TIERS] = { NULL };
	unsigned int i;

	for (i = 0; i < l->nr_tiers; i++) {
		u64 words = DIV_ROUND_UP(l->m[i].nr_extents, SP_WORD_BITS);

		if (l->m[i].nr_extents <= m->t[i].nr)
			continue;
		grown[i] = sp_kvcalloc(words, sizeof(u64));
		if (!grown[i])
			goto nomem;
		if (m->t[i].used)
			memcpy(grown[i], m->t[i].used,
			       DIV_ROUND_UP(m->t[i].nr, SP_WORD_BITS) * sizeof(u64));
	}
	for (i = 0; i < l->nr_tiers; i++) {
		struct sp_tier_alloc *t = &m->t[i];

		if (!grown[i])
			continue;
		sp_kvfree(t->used);
		t->used = grown[i];
		t->nr_free += l->m[i].nr_extents - t->nr;
		t->nr = l->m[i].nr_extents;
	}
	m->l = *l;
	return 0;

nomem:
	for (i = 0; i < SP_MAX_TIERS; i++)
		sp_kvfree(grown[i]);
	return -ENOMEM;
}

void sp_map_destroy(struct sp_map *m)
{
	unsigned int i;

	for (i = 0; i < SP_MAX_TIERS; i++)
		sp_kvfree(m->t[i].used);
	sp_kvfree(m->loc);
	memset(m, 0, sizeof(*m));
}

int sp_map_rebuild_alloc(struct sp_map *m, const char **error)
{
	unsigned int i;
	u64 e;

	for (i = 0; i < m->l.nr_tiers; i++) {
		struct sp_tier_alloc *t = &m->t[i];

		if (t->used)
			memset(t->used, 0,
			       DIV_ROUND_UP(t->nr, SP_WORD_BITS) * sizeof(u64));
		t->nr_free = t->nr;
		t->hint = 0;
	}
	for (e = 0; e < m->l.nr_extents; e++) {
		u32 loc = m->loc[e];
		struct sp_tier_alloc *t;

		if (loc == SP_LOC_NONE)
			continue;
		if (!sp_layout_loc_valid(&m->l, loc)) {
			*error = "The extent map points outside the set (corrupt)";
			return -EUCLEAN;
		}
		t = &m->t[sp_loc_tier(loc)];
		if (sp_bit_test(t->used, sp_loc_phys(loc))) {
			*error = "Two logical extents share one physical extent (corrupt)";
			return -EUCLEAN;
		}
		sp_bit_set(t->used, sp_loc_phys(loc));
		t->nr_free--;
	}
	for (e = m->l.nr_extents; e < m->l.map_capacity; e++) {
		if (m->loc[e] != SP_LOC_NONE) {
			*error = "The extent map maps extents past the end of the set (corrupt)";
			return -EUCLEAN;
		}
	}
	return 0;
}

u32 sp_map_alloc_on(struct sp_map *m, unsigned int tier)
{
	struct sp_tier_alloc *t = &m->t[tier];
	u64 p;

	if (tier >= m->l.nr_tiers || !(m->l.capacity_mask & (1U << tier)) ||
	    !t->nr_free)
		return SP_LOC_NONE;
	p = sp_find_clear(t->used, t->nr, t->hint);
	if (p == t->nr)
		p = sp_find_clear(t->used, t->nr, 0);
	if (p == t->nr)		/* nr_free said otherwise: cannot happen */
		return SP_LOC_NONE;
	sp_bit_set(t->used, p);
	t->nr_free--;
	t->hint = p + 1 < t->nr ? p + 1 : 0;
	return sp_loc(tier, (u32)p);
}

u32 sp_map_alloc(struct sp_map *m, unsigned int first_tier)
{
	unsigned int i;

	for (i = first_tier; i < m->l.nr_tiers; i++) {
		u32 loc = sp_map_alloc_on(m, i);

		if (loc != SP_LOC_NONE)
			return loc;
	}
	return SP_LOC_NONE;
}

void sp_map_release(struct sp_map *m, u32 loc)
{
	struct sp_tier_alloc *t;

	if (!sp_layout_loc_valid(&m->l, loc))
		return;
	t = &m->t[sp_loc_tier(loc)];
	if (!sp_bit_test(t->used, sp_loc_phys(loc)))
		return;
	sp_bit_clear(t->used, sp_loc_phys(loc));
	t->nr_free++;
	if (sp_loc_phys(loc) < t->hint)
		t->hint = sp_loc_phys(loc);
}

/* Read checkpoint slot @slot's header; 0 when it is valid for @sb. */
static int sp_read_ckpt(const struct sp_sb *sb, const struct sp_md_reader *rd,
			unsigned int slot, void *block, struct sp_ckpt *ck)
{
	int ret = rd->read(rd->ctx, sb->l.ckpt_offset[slot], block,
			   SP_MD_BLOCK_SIZE);

	if (ret)
		return ret;
	ret = sp_ckpt_decode(block, ck);
	if (ret)
		return ret;
	if (memcmp(ck->uuid, sb->uuid, SP_UUID_LEN) ||
	    ck->nr_entries > sb->l.nr_extents)
		return -ENOENT;
	return 0;
}

/* Read slot @slot's map into m->loc; 0 when its checksum matches. */
static int sp_load_ckpt_map(struct sp_map *m, const struct sp_sb *sb,
			    const struct sp_md_reader *rd, unsigned int slot,
			    const struct sp_ckpt *ck)
{
	size_t bytes = (size_t)sp_ckpt_map_bytes(ck->nr_entries);
	size_t padded = (bytes + 511) / 512 * 512;
	u64 e;
	int ret;

	if (padded > (size_t)sp_ckpt_map_bytes(m->l.map_capacity))
		return -EUCLEAN;	/* map_capacity is a multiple of 128 */
	if (padded) {
		ret = rd->read(rd->ctx, sb->l.ckpt_offset[slot] + SP_MD_BLOCK_SECTORS,
			       m->loc, padded);
		if (ret)
			return ret;
	}
	if (sp_crc32c(m->loc, bytes) != ck->map_crc)
		return -EBADMSG;
	for (e = 0; e < ck->nr_entries; e++)
		m->loc[e] = le32_to_cpu((__le32)m->loc[e]);
	for (e = ck->nr_entries; e < m->l.map_capacity; e++)
		m->loc[e] = SP_LOC_NONE;
	return 0;
}

static int sp_replay(struct sp_map *m, const struct sp_sb *sb,
		     const struct sp_md_reader *rd, void *block,
		     struct sp_recovery *res, const char **error)
{
	u32 nr_blocks = sb->l.journal_blocks;
	void *next = (u8 *)block + SP_MD_BLOCK_SIZE;
	u64 seq = res->replay_seq, n;
	struct sp_jblock jb, jn;
	int ret;

	for (n = 0; n < nr_blocks; n++, seq++) {
		unsigned int i;

		ret = rd->read(rd->ctx, sb->l.journal_offset +
				(seq % nr_blocks) * SP_MD_BLOCK_SECTORS,
			       block, SP_MD_BLOCK_SIZE);
		if (ret) {
			*error = "Cannot read the journal";
			return ret;
		}
		ret = sp_jblock_decode(block, sb->uuid, &jb);
		if (!ret && jb.seq > seq) {
			*error = "The journal is newer than every valid checkpoint (checkpoint lost)";
			return -EUCLEAN;
		}
		if (ret || jb.seq != seq)
			break;		/* the end, or damage: see below */
		for (i = 0; i < jb.nr; i++) {
			u32 lext, loc;

			sp_jblock_entry(block, i, &lext, &loc);
			if (lext >= m->l.nr_extents ||
			    (loc != SP_LOC_NONE && !sp_layout_loc_valid(&m->l, loc))) {
				*error = "A journal record points outside the set (corrupt)";
				return -EUCLEAN;
			}
			m->loc[lext] = loc;
		}
		res->blocks++;
		res->records += jb.nr;
	}
	res->next_seq = seq;
	if (n == nr_blocks)
		return 0;

	/*
	 * Block @seq is missing or damaged. That is the normal end of the
	 * journal unless a later commit follows it: commits are written one
	 * after the other, so a block after a damaged one can only be valid
	 * if it belongs to the same, cut-short commit.
	 */
	ret = rd->read(rd->ctx, sb->l.journal_offset +
			((seq + 1) % nr_blocks) * SP_MD_BLOCK_SECTORS,
		       next, SP_MD_BLOCK_SIZE);
	if (ret) {
		*error = "Cannot read the journal";
		return ret;
	}
	if (!sp_jblock_decode(next, sb->uuid, &jn) && jn.seq == seq + 1) {
		if (jn.commit_seq > seq) {
			*error = "A journal block is damaged in the middle of the journal (corrupt)";
			return -EUCLEAN;
		}
		res->torn_tail = true;
	} else if (sp_jblock_decode(block, sb->uuid, &jb) == -EBADMSG) {
		res->torn_tail = true;
	}
	return 0;
}

int sp_recover(struct sp_map *m, const struct sp_sb *sb,
	       const struct sp_md_reader *rd, void *block,
	       struct sp_recovery *res, const char **error)
{
	struct sp_ckpt ck[2];
	int rc[2], order[2], k, ret;

	memset(res, 0, sizeof(*res));
	rc[0] = sp_read_ckpt(sb, rd, 0, block, &ck[0]);
	rc[1] = sp_read_ckpt(sb, rd, 1, block, &ck[1]);
	if (rc[0] && rc[0] != -ENOENT && rc[0] != -EBADMSG) {
		*error = "Cannot read a checkpoint";
		return rc[0];
	}
	if (rc[1] && rc[1] != -ENOENT && rc[1] != -EBADMSG) {
		*error = "Cannot read a checkpoint";
		return rc[1];
	}
	/* Newest valid header first. */
	order[0] = (!rc[1] && (rc[0] || ck[1].generation > ck[0].generation)) ? 1 : 0;
	order[1] = !order[0];

	for (k = 0; k < 2; k++) {
		int s = order[k];

		if (rc[s])
			continue;
		ret = sp_load_ckpt_map(m, sb, rd, (unsigned int)s, &ck[s]);
		if (ret == -EBADMSG || ret == -EUCLEAN)
			continue;	/* torn or damaged: try the other */
		if (ret) {
			*error = "Cannot read a checkpoint";
			return ret;
		}
		res->ckpt_slot = (unsigned int)s;
		res->ckpt_generation = ck[s].generation;
		res->replay_seq = ck[s].replay_seq;
		ret = sp_replay(m, sb, rd, block, res, error);
		if (ret)
			return ret;
		return sp_map_rebuild_alloc(m, error);
	}
	*error = "No valid checkpoint of the extent map (corrupt)";
	return -EUCLEAN;
}
