/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The on-disk format of a storproto tier set (Documentation/storproto-format.rst
 * describes every field and the version rules). Pure logic: encoding,
 * decoding, checksums and the layout computation build in the module, in
 * libstorproto and in the unit tests.
 *
 * Every member (tier device) starts with a superblock naming the set (a
 * uuid), the member's position and the layout of the whole set. The
 * metadata tier (the first, fastest tier) also holds a journal ring and
 * two checkpoint slots, each a full copy of the extent map.
 */
#ifndef SP_TIER_FORMAT_H
#define SP_TIER_FORMAT_H

#include "../sp_types.h"

#define SP_MD_BLOCK_SIZE	4096U		/* metadata block, bytes */
#define SP_MD_BLOCK_SECTORS	8U
#define SP_MAX_TIERS		4U
#define SP_FORMAT_VERSION	1U
/*
 * Incompatible features: a reader that does not know a bit set in a
 * superblock refuses the set. WRITE_LOG: the hot area of tier 0 holds a
 * write log, whose dirty blocks are newer than the capacity tiers; a
 * reader that ignored it would read back older data.
 */
#define SP_INCOMPAT_WRITE_LOG	(1U << 0)
#define SP_INCOMPAT_KNOWN	SP_INCOMPAT_WRITE_LOG

#define SP_SB_MAGIC		"SPROTOSB"
#define SP_CKPT_MAGIC		"SPROTOCK"
#define SP_JBLOCK_MAGIC		"SPROTOJB"
#define SP_MAGIC_LEN		8U
#define SP_UUID_LEN		16U

#define SP_EXTENT_SECTORS_DEFAULT	2048U		/* 1 MiB */
#define SP_EXTENT_SECTORS_MIN		128U		/* 64 KiB */
#define SP_EXTENT_SECTORS_MAX		(1U << 21)	/* 1 GiB */
#define SP_JOURNAL_BLOCKS_DEFAULT	256U		/* 1 MiB of journal */
#define SP_JOURNAL_BLOCKS_MIN		16U
#define SP_JOURNAL_BLOCKS_MAX		65536U

/*
 * An extent's location: the tier in the top 4 bits, the physical extent
 * on that tier in the low 28. SP_LOC_NONE: not mapped (reads as zeroes).
 */
#define SP_LOC_NONE		0xffffffffU
#define SP_LOC_PHYS_BITS	28U
#define SP_LOC_PHYS_MAX		((1U << SP_LOC_PHYS_BITS) - 1)	/* exclusive */
#define SP_LOGICAL_EXTENTS_MAX	(1U << 31)

static inline u32 sp_loc(unsigned int tier, u32 phys)
{
	return ((u32)tier << SP_LOC_PHYS_BITS) | phys;
}

static inline unsigned int sp_loc_tier(u32 loc)
{
	return loc >> SP_LOC_PHYS_BITS;
}

static inline u32 sp_loc_phys(u32 loc)
{
	return loc & SP_LOC_PHYS_MAX;
}

/* Member flags (struct sp_member_disk.flags). */
#define SP_MEMBER_DAX		(1U << 0)	/* used through direct access */

/* ---- on disk, little endian, each structure at the start of a 4 KiB block ---- */

struct sp_member_disk {
	__le64 sectors;		/* device size recorded at format or growth */
	__le64 data_offset;	/* sector of data extent 0 (or of the hot area) */
	__le64 nr_extents;	/* data extents, 0 when not a capacity tier */
	__le32 flags;		/* SP_MEMBER_* */
	__le32 reserved;
};

struct sp_sb_disk {
	u8 magic[SP_MAGIC_LEN];		/* SP_SB_MAGIC */
	__le32 crc;			/* crc32c of the 4 KiB block, this field 0 */
	__le32 version;			/* SP_FORMAT_VERSION */
	__le32 incompat;		/* features a reader must know (SP_INCOMPAT_*) */
	__le32 position;		/* this member's index in the set */
	u8 uuid[SP_UUID_LEN];		/* the set */
	__le64 generation;		/* bumped by every superblock rewrite */
	__le32 nr_tiers;
	__le32 extent_sectors;
	__le32 meta_tier;		/* holds the journal and the checkpoints */
	__le32 capacity_mask;		/* bit i: tier i holds data extents */
	__le32 journal_blocks;
	__le32 reserved0;
	__le64 journal_offset;		/* sectors, on the metadata tier */
	__le64 ckpt_offset[2];		/* sectors, on the metadata tier */
	__le64 ckpt_sectors;		/* size of one checkpoint slot */
	__le64 map_capacity;		/* logical extents a checkpoint can hold */
	__le64 nr_extents;		/* logical extents: sum over capacity tiers */
	struct sp_member_disk members[SP_MAX_TIERS];
};

struct sp_ckpt_disk {
	u8 magic[SP_MAGIC_LEN];		/* SP_CKPT_MAGIC */
	__le32 crc;			/* crc32c of the 4 KiB header block */
	__le32 map_crc;			/* crc32c of the map that follows */
	u8 uuid[SP_UUID_LEN];
	__le64 generation;		/* the newer valid slot wins */
	__le64 replay_seq;		/* first journal block to replay */
	__le64 nr_entries;		/* map entries (__le32 each) that follow */
};

struct sp_jent_disk {
	__le32 lext;			/* logical extent */
	__le32 loc;			/* new location, or SP_LOC_NONE */
};

struct sp_jblock_disk {
	u8 magic[SP_MAGIC_LEN];		/* SP_JBLOCK_MAGIC */
	__le32 crc;			/* crc32c of the 4 KiB block, this field 0 */
	__le32 nr;			/* records in this block */
	u8 uuid[SP_UUID_LEN];
	__le64 seq;			/* block sequence number; ring slot seq % n */
	__le64 commit_seq;		/* seq of the first block of its commit */
	struct sp_jent_disk ent[];
};

#define SP_JBLOCK_ENTRIES \
	((SP_MD_BLOCK_SIZE - sizeof(struct sp_jblock_disk)) / sizeof(struct sp_jent_disk))

/* ---- in memory ---- */

struct sp_member {
	u64 sectors;
	u64 data_offset;
	u64 nr_extents;
	bool dax;
};

struct sp_layout {
	unsigned int nr_tiers;
	u32 extent_sectors;
	unsigned int meta_tier;
	u32 capacity_mask;
	u32 journal_blocks;
	u64 journal_offset;
	u64 ckpt_offset[2];
	u64 ckpt_sectors;
	u64 map_capacity;
	u64 nr_extents;
	struct sp_member m[SP_MAX_TIERS];
};

struct sp_sb {
	u8 uuid[SP_UUID_LEN];
	u64 generation;
	unsigned int position;
	u32 incompat;			/* SP_INCOMPAT_* */
	struct sp_layout l;
};

/* What a layout is computed from: the devices and the table's choices. */
struct sp_layout_input {
	unsigned int nr_tiers;
	u64 sectors[SP_MAX_TIERS];
	bool dax[SP_MAX_TIERS];
	u32 extent_sectors;		/* 0: default */
	u32 capacity_mask;		/* 0: default (see sp_layout_compute) */
	u32 journal_blocks;		/* 0: default */
};

struct sp_ckpt {
	u8 uuid[SP_UUID_LEN];
	u64 generation;
	u64 replay_seq;
	u64 nr_entries;
	u32 map_crc;
};

struct sp_jblock {
	u8 uuid[SP_UUID_LEN];
	u64 seq;
	u64 commit_seq;
	unsigned int nr;
};

/* crc32c as stored on disk: seeded with ~0, inverted at the end. */
static inline u32 sp_crc32c(const void *p, size_t len)
{
	return ~sp_crc32c_raw(~0U, p, len);
}

/* crc32c of a 4 KiB metadata block with its crc field (at @crc_off) taken as 0. */
u32 sp_block_crc(const void *block, size_t crc_off);

/* The capacity tiers by default: every tier without direct access, or,
 * when every tier has it, all of them. */
u32 sp_default_capacity_mask(unsigned int nr_tiers, const bool *dax);

/**
 * sp_layout_compute() - lay out a new set
 * @l: the result
 * @in: device sizes and the table's choices
 * @error: on failure, a sentence saying what is wrong
 *
 * The metadata tier is tier 0. Its layout: superblock, journal, two
 * checkpoint slots, then data extents aligned to the extent size (or the
 * hot area when it is not a capacity tier). Other tiers: superblock, then
 * data from the first extent boundary. Each checkpoint slot has room for
 * twice the formatted number of extents, for online growth.
 *
 * Return: 0 or -EINVAL.
 */
int sp_layout_compute(struct sp_layout *l, const struct sp_layout_input *in,
		      const char **error);

/**
 * sp_layout_grow() - take in capacity tiers whose devices grew
 * @l: the set's layout; changed in place
 * @sectors: each tier's device size now
 *
 * Each capacity tier gains the whole extents that now fit on its device,
 * as far as the map has room (map_capacity); nothing ever shrinks. New
 * logical extents are appended, unmapped.
 *
 * Return: true when the set grew.
 */
bool sp_layout_grow(struct sp_layout *l, const u64 *sectors);

/* Logical size in sectors. */
static inline u64 sp_layout_sectors(const struct sp_layout *l)
{
	return l->nr_extents * l->extent_sectors;
}

/* Is @loc a data extent that exists in @l? */
bool sp_layout_loc_valid(const struct sp_layout *l, u32 loc);

/* Device sector of byte 0 of the extent at @loc. */
static inline u64 sp_layout_loc_sector(const struct sp_layout *l, u32 loc)
{
	return l->m[sp_loc_tier(loc)].data_offset +
	       (u64)sp_loc_phys(loc) * l->extent_sectors;
}

/* Encode a superblock into a zeroed SP_MD_BLOCK_SIZE block, with its crc. */
void sp_sb_encode(const struct sp_sb *sb, void *block);

/**
 * sp_sb_decode() - read and check a superblock
 * @block: SP_MD_BLOCK_SIZE bytes
 * @sb: the result
 * @error: on failure, a sentence saying what is wrong
 *
 * Return: 0; -ENOENT when there is no storproto superblock (unformatted or
 * foreign); -EBADMSG when the checksum does not match (corrupt or torn);
 * -EOPNOTSUPP for a version or feature this code does not know; -EUCLEAN
 * when the fields contradict each other.
 */
int sp_sb_decode(const void *block, struct sp_sb *sb, const char **error);

void sp_ckpt_encode(const struct sp_ckpt *ck, void *block);
/* Return: 0, -ENOENT (no header), -EBADMSG (checksum). */
int sp_ckpt_decode(const void *block, struct sp_ckpt *ck);

/* Bytes of map a checkpoint with @nr entries stores after its header. */
static inline u64 sp_ckpt_map_bytes(u64 nr)
{
	return nr * sizeof(__le32);
}

/* Encode @nr (<= SP_JBLOCK_ENTRIES) records into a journal block. */
void sp_jblock_encode(const struct sp_jblock *jb, const u32 *lext,
		      const u32 *loc, void *block);
/**
 * sp_jblock_decode() - check a journal block and read its header
 * Return: 0 when the block is a valid journal block of set @uuid; -ENOENT
 * when it is not a journal block of this set; -EBADMSG on a checksum
 * mismatch.
 */
int sp_jblock_decode(const void *block, const u8 *uuid, struct sp_jblock *jb);

/* Record @i of a decoded journal block. */
static inline void sp_jblock_entry(const void *block, unsigned int i,
				   u32 *lext, u32 *loc)
{
	const struct sp_jblock_disk *d = block;

	*lext = le32_to_cpu(d->ent[i].lext);
	*loc = le32_to_cpu(d->ent[i].loc);
}

#endif /* SP_TIER_FORMAT_H */
