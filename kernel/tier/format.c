// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * On-disk format of a storproto tier set: layout, superblock, checkpoint
 * header and journal block encoding. Pure logic (see format.h).
 */
#include "format.h"

static u64 sp_round_up(u64 v, u64 align)
{
	return (v + align - 1) / align * align;
}

u32 sp_default_capacity_mask(unsigned int nr_tiers, const bool *dax)
{
	u32 all = (1U << nr_tiers) - 1, mask = 0;
	unsigned int i;

	for (i = 0; i < nr_tiers; i++)
		if (!dax[i])
			mask |= 1U << i;
	return mask ? mask : all;
}

int sp_layout_compute(struct sp_layout *l, const struct sp_layout_input *in,
		      const char **error)
{
	u64 upper = 0, meta_end, total = 0;
	unsigned int i;
	u32 ext;

	memset(l, 0, sizeof(*l));
	if (in->nr_tiers < 1 || in->nr_tiers > SP_MAX_TIERS) {
		*error = "Invalid number of tiers: must be from 1 to 4";
		return -EINVAL;
	}
	ext = in->extent_sectors ? in->extent_sectors : SP_EXTENT_SECTORS_DEFAULT;
	if (!is_power_of_2(ext) || ext < SP_EXTENT_SECTORS_MIN ||
	    ext > SP_EXTENT_SECTORS_MAX) {
		*error = "Invalid extent_sectors: must be a power of two from 128 to 2097152";
		return -EINVAL;
	}
	l->nr_tiers = in->nr_tiers;
	l->extent_sectors = ext;
	l->meta_tier = 0;
	l->journal_blocks = in->journal_blocks ? in->journal_blocks :
						 SP_JOURNAL_BLOCKS_DEFAULT;
	if (l->journal_blocks < SP_JOURNAL_BLOCKS_MIN ||
	    l->journal_blocks > SP_JOURNAL_BLOCKS_MAX) {
		*error = "Invalid journal size: must be from 16 to 65536 blocks";
		return -EINVAL;
	}
	l->capacity_mask = in->capacity_mask ? in->capacity_mask :
			   sp_default_capacity_mask(in->nr_tiers, in->dax);
	if (l->capacity_mask >> in->nr_tiers) {
		*error = "capacity_tiers names a tier that is not in the table";
		return -EINVAL;
	}

	/* Size the map for twice what the tiers could hold, for growth. */
	for (i = 0; i < l->nr_tiers; i++)
		if ((l->capacity_mask & (1U << i)) && in->sectors[i] > ext)
			upper += (in->sectors[i] - ext) / ext;
	l->map_capacity = sp_round_up(upper ? upper * 2 : 1,
				      SP_MD_BLOCK_SIZE / sizeof(__le32));
	if (l->map_capacity > SP_LOGICAL_EXTENTS_MAX)	/* a multiple of 1024 */
		l->map_capacity = SP_LOGICAL_EXTENTS_MAX;
	l->ckpt_sectors = SP_MD_BLOCK_SECTORS +
		sp_round_up(sp_ckpt_map_bytes(l->map_capacity), SP_MD_BLOCK_SIZE) / 512;
	l->journal_offset = SP_MD_BLOCK_SECTORS;
	l->ckpt_offset[0] = l->journal_offset +
			    (u64)l->journal_blocks * SP_MD_BLOCK_SECTORS;
	l->ckpt_offset[1] = l->ckpt_offset[0] + l->ckpt_sectors;
	meta_end = l->ckpt_offset[1] + l->ckpt_sectors;

	for (i = 0; i < l->nr_tiers; i++) {
		struct sp_member *m = &l->m[i];
		u64 start = i == l->meta_tier ? meta_end : SP_MD_BLOCK_SECTORS;

		m->sectors = in->sectors[i];
		m->dax = in->dax[i];
		if (m->sectors < start) {
			*error = i == l->meta_tier ?
				"The first tier is too small for the metadata (superblock, journal, checkpoints)" :
				"A tier is too small to hold a superblock";
			return -EINVAL;
		}
		if (!(l->capacity_mask & (1U << i))) {
			m->data_offset = start;	/* the hot area */
			continue;
		}
		m->data_offset = sp_round_up(start, ext);
		m->nr_extents = m->sectors > m->data_offset ?
				(m->sectors - m->data_offset) / ext : 0;
		if (!m->nr_extents) {
			*error = "A capacity tier is too small to hold one extent";
			return -EINVAL;
		}
		if (m->nr_extents > SP_LOC_PHYS_MAX) {
			*error = "A tier has too many extents: choose a larger extent_sectors";
			return -EINVAL;
		}
		total += m->nr_extents;
	}
	if (total > SP_LOGICAL_EXTENTS_MAX) {
		*error = "The set has too many extents: choose a larger extent_sectors";
		return -EINVAL;
	}
	l->nr_extents = total;
	return 0;
}

bool sp_layout_grow(struct sp_layout *l, const u64 *sectors)
{
	bool grew = false;
	unsigned int i;

	for (i = 0; i < l->nr_tiers; i++) {
		struct sp_member *m = &l->m[i];
		u64 fit, add;

		if (!(l->capacity_mask & (1U << i)) || sectors[i] <= m->sectors)
			continue;
		fit = (sectors[i] - m->data_offset) / l->extent_sectors;
		if (fit > SP_LOC_PHYS_MAX)
			fit = SP_LOC_PHYS_MAX;
		if (fit <= m->nr_extents)
			continue;
		add = min(fit - m->nr_extents, l->map_capacity - l->nr_extents);
		if (!add)
			continue;
		m->nr_extents += add;
		m->sectors = sectors[i];
		l->nr_extents += add;
		grew = true;
	}
	return grew;
}

bool sp_layout_loc_valid(const struct sp_layout *l, u32 loc)
{
	unsigned int t = sp_loc_tier(loc);

	return loc != SP_LOC_NONE && t < l->nr_tiers &&
	       (l->capacity_mask & (1U << t)) &&
	       sp_loc_phys(loc) < l->m[t].nr_extents;
}

u32 sp_block_crc(const void *block, size_t crc_off)
{
	static const u8 zero[4];
	u32 crc = ~0U;

	crc = sp_crc32c_raw(crc, block, crc_off);
	crc = sp_crc32c_raw(crc, zero, sizeof(zero));
	crc = sp_crc32c_raw(crc, (const u8 *)block + crc_off + 4,
			    SP_MD_BLOCK_SIZE - crc_off - 4);
	return ~crc;
}

void sp_sb_encode(const struct sp_sb *sb, void *block)
{
	struct sp_sb_disk *d = block;
	const struct sp_layout *l = &sb->l;
	unsigned int i;

	memset(block, 0, SP_MD_BLOCK_SIZE);
	memcpy(d->magic, SP_SB_MAGIC, SP_MAGIC_LEN);
	d->version = cpu_to_le32(SP_FORMAT_VERSION);
	d->incompat = cpu_to_le32(sb->incompat);
	d->position = cpu_to_le32(sb->position);
	memcpy(d->uuid, sb->uuid, SP_UUID_LEN);
	d->generation = cpu_to_le64(sb->generation);
	d->nr_tiers = cpu_to_le32(l->nr_tiers);
	d->extent_sectors = cpu_to_le32(l->extent_sectors);
	d->meta_tier = cpu_to_le32(l->meta_tier);
	d->capacity_mask = cpu_to_le32(l->capacity_mask);
	d->journal_blocks = cpu_to_le32(l->journal_blocks);
	d->journal_offset = cpu_to_le64(l->journal_offset);
	d->ckpt_offset[0] = cpu_to_le64(l->ckpt_offset[0]);
	d->ckpt_offset[1] = cpu_to_le64(l->ckpt_offset[1]);
	d->ckpt_sectors = cpu_to_le64(l->ckpt_sectors);
	d->map_capacity = cpu_to_le64(l->map_capacity);
	d->nr_extents = cpu_to_le64(l->nr_extents);
	for (i = 0; i < l->nr_tiers && i < SP_MAX_TIERS; i++) {
		d->members[i].sectors = cpu_to_le64(l->m[i].sectors);
		d->members[i].data_offset = cpu_to_le64(l->m[i].data_offset);
		d->members[i].nr_extents = cpu_to_le64(l->m[i].nr_extents);
		d->members[i].flags = cpu_to_le32(l->m[i].dax ? SP_MEMBER_DAX : 0);
	}
	d->crc = cpu_to_le32(sp_block_crc(block, offsetof(struct sp_sb_disk, crc)));
}

/* Do the decoded fields describe a layout this code can use safely? */
static bool sp_layout_consistent(const struct sp_layout *l)
{
	u64 meta_end, total = 0;
	unsigned int i;

	if (l->nr_tiers < 1 || l->nr_tiers > SP_MAX_TIERS ||
	    l->meta_tier >= l->nr_tiers ||
	    !is_power_of_2(l->extent_sectors) ||
	    l->extent_sectors < SP_EXTENT_SECTORS_MIN ||
	    l->extent_sectors > SP_EXTENT_SECTORS_MAX ||
	    !l->capacity_mask || (l->capacity_mask >> l->nr_tiers) ||
	    l->journal_blocks < SP_JOURNAL_BLOCKS_MIN ||
	    l->journal_blocks > SP_JOURNAL_BLOCKS_MAX ||
	    l->map_capacity > SP_LOGICAL_EXTENTS_MAX ||
	    l->nr_extents > l->map_capacity)
		return false;
	if (l->journal_offset < SP_MD_BLOCK_SECTORS ||
	    l->ckpt_sectors < SP_MD_BLOCK_SECTORS +
			      sp_ckpt_map_bytes(l->map_capacity) / 512 ||
	    l->ckpt_offset[0] < l->journal_offset +
				(u64)l->journal_blocks * SP_MD_BLOCK_SECTORS ||
	    l->ckpt_offset[1] < l->ckpt_offset[0] + l->ckpt_sectors)
		return false;
	meta_end = l->ckpt_offset[1] + l->ckpt_sectors;
	for (i = 0; i < l->nr_tiers; i++) {
		const struct sp_member *m = &l->m[i];
		u64 start = i == l->meta_tier ? meta_end : SP_MD_BLOCK_SECTORS;

		if (m->data_offset < start || m->data_offset > m->sectors)
			return false;
		if (!(l->capacity_mask & (1U << i))) {
			if (m->nr_extents)
				return false;
			continue;
		}
		if (m->nr_extents > SP_LOC_PHYS_MAX ||
		    m->nr_extents > (m->sectors - m->data_offset) / l->extent_sectors)
			return false;
		total += m->nr_extents;
	}
	return total == l->nr_extents;
}

int sp_sb_decode(const void *block, struct sp_sb *sb, const char **error)
{
	const struct sp_sb_disk *d = block;
	struct sp_layout *l = &sb->l;
	unsigned int i;

	memset(sb, 0, sizeof(*sb));
	if (memcmp(d->magic, SP_SB_MAGIC, SP_MAGIC_LEN)) {
		*error = "No storproto superblock (unformatted or foreign device)";
		return -ENOENT;
	}
	if (le32_to_cpu(d->crc) !=
	    sp_block_crc(block, offsetof(struct sp_sb_disk, crc))) {
		*error = "Superblock checksum mismatch (corrupt)";
		return -EBADMSG;
	}
	if (le32_to_cpu(d->version) != SP_FORMAT_VERSION ||
	    (le32_to_cpu(d->incompat) & ~SP_INCOMPAT_KNOWN)) {
		*error = "Superblock of an unknown format version or feature";
		return -EOPNOTSUPP;
	}
	memcpy(sb->uuid, d->uuid, SP_UUID_LEN);
	sb->incompat = le32_to_cpu(d->incompat);
	sb->generation = le64_to_cpu(d->generation);
	sb->position = le32_to_cpu(d->position);
	l->nr_tiers = le32_to_cpu(d->nr_tiers);
	l->extent_sectors = le32_to_cpu(d->extent_sectors);
	l->meta_tier = le32_to_cpu(d->meta_tier);
	l->capacity_mask = le32_to_cpu(d->capacity_mask);
	l->journal_blocks = le32_to_cpu(d->journal_blocks);
	l->journal_offset = le64_to_cpu(d->journal_offset);
	l->ckpt_offset[0] = le64_to_cpu(d->ckpt_offset[0]);
	l->ckpt_offset[1] = le64_to_cpu(d->ckpt_offset[1]);
	l->ckpt_sectors = le64_to_cpu(d->ckpt_sectors);
	l->map_capacity = le64_to_cpu(d->map_capacity);
	l->nr_extents = le64_to_cpu(d->nr_extents);
	for (i = 0; i < SP_MAX_TIERS && i < l->nr_tiers; i++) {
		l->m[i].sectors = le64_to_cpu(d->members[i].sectors);
		l->m[i].data_offset = le64_to_cpu(d->members[i].data_offset);
		l->m[i].nr_extents = le64_to_cpu(d->members[i].nr_extents);
		l->m[i].dax = le32_to_cpu(d->members[i].flags) & SP_MEMBER_DAX;
	}
	if (!sp_layout_consistent(l) || sb->position >= l->nr_tiers) {
		*error = "Superblock fields contradict each other (corrupt)";
		return -EUCLEAN;
	}
	return 0;
}

void sp_ckpt_encode(const struct sp_ckpt *ck, void *block)
{
	struct sp_ckpt_disk *d = block;

	memset(block, 0, SP_MD_BLOCK_SIZE);
	memcpy(d->magic, SP_CKPT_MAGIC, SP_MAGIC_LEN);
	d->map_crc = cpu_to_le32(ck->map_crc);
	memcpy(d->uuid, ck->uuid, SP_UUID_LEN);
	d->generation = cpu_to_le64(ck->generation);
	d->replay_seq = cpu_to_le64(ck->replay_seq);
	d->nr_entries = cpu_to_le64(ck->nr_entries);
	d->crc = cpu_to_le32(sp_block_crc(block, offsetof(struct sp_ckpt_disk, crc)));
}

int sp_ckpt_decode(const void *block, struct sp_ckpt *ck)
{
	const struct sp_ckpt_disk *d = block;

	memset(ck, 0, sizeof(*ck));
	if (memcmp(d->magic, SP_CKPT_MAGIC, SP_MAGIC_LEN))
		return -ENOENT;
	if (le32_to_cpu(d->crc) !=
	    sp_block_crc(block, offsetof(struct sp_ckpt_disk, crc)))
		return -EBADMSG;
	memcpy(ck->uuid, d->uuid, SP_UUID_LEN);
	ck->map_crc = le32_to_cpu(d->map_crc);
	ck->generation = le64_to_cpu(d->generation);
	ck->replay_seq = le64_to_cpu(d->replay_seq);
	ck->nr_entries = le64_to_cpu(d->nr_entries);
	return 0;
}

void sp_jblock_encode(const struct sp_jblock *jb, const u32 *lext,
		      const u32 *loc, void *block)
{
	struct sp_jblock_disk *d = block;
	unsigned int i;

	memset(block, 0, SP_MD_BLOCK_SIZE);
	memcpy(d->magic, SP_JBLOCK_MAGIC, SP_MAGIC_LEN);
	d->nr = cpu_to_le32(jb->nr);
	memcpy(d->uuid, jb->uuid, SP_UUID_LEN);
	d->seq = cpu_to_le64(jb->seq);
	d->commit_seq = cpu_to_le64(jb->commit_seq);
	for (i = 0; i < jb->nr; i++) {
		d->ent[i].lext = cpu_to_le32(lext[i]);
		d->ent[i].loc = cpu_to_le32(loc[i]);
	}
	d->crc = cpu_to_le32(sp_block_crc(block, offsetof(struct sp_jblock_disk, crc)));
}

int sp_jblock_decode(const void *block, const u8 *uuid, struct sp_jblock *jb)
{
	const struct sp_jblock_disk *d = block;

	memset(jb, 0, sizeof(*jb));
	if (memcmp(d->magic, SP_JBLOCK_MAGIC, SP_MAGIC_LEN))
		return -ENOENT;
	if (le32_to_cpu(d->crc) !=
	    sp_block_crc(block, offsetof(struct sp_jblock_disk, crc)))
		return -EBADMSG;
	if (memcmp(d->uuid, uuid, SP_UUID_LEN) ||
	    le32_to_cpu(d->nr) > SP_JBLOCK_ENTRIES)
		return -ENOENT;
	memcpy(jb->uuid, d->uuid, SP_UUID_LEN);
	jb->seq = le64_to_cpu(d->seq);
	jb->commit_seq = le64_to_cpu(d->commit_seq);
	jb->nr = le32_to_cpu(d->nr);
	return 0;
}
