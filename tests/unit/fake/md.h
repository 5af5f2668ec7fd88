/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An in-memory metadata tier for the recovery tests: a buffer that holds
 * the superblock, the journal ring and the two checkpoint slots of a tier
 * set, written with the module's own encoders (kernel/tier/format.c) and
 * read by sp_recover() through fake_md_read(), an sp_md_reader. A test
 * then damages blocks the way a power cut or a bad disk would.
 */
#ifndef SP_FAKE_MD_H
#define SP_FAKE_MD_H

#include <stdlib.h>
#include <string.h>

#include "tier/map.h"

struct fake_md {
	struct sp_sb sb;
	u8 *buf;		/* sectors 0 .. size / 512 of the metadata tier */
	size_t size;
	u64 fail_sector;	/* a read that covers this sector fails */
	unsigned int reads;
	bool bad_len;		/* a read was not a multiple of 512 bytes */
	struct sp_md_reader rd;
};

static inline int fake_md_read(void *ctx, u64 sector, void *buf, size_t len)
{
	struct fake_md *md = ctx;

	md->reads++;
	if (len % 512) {
		md->bad_len = true;
		return -EINVAL;
	}
	if (sector * 512 + len > md->size)
		return -EIO;
	if (md->fail_sector >= sector && md->fail_sector < sector + len / 512)
		return -EIO;
	memcpy(buf, md->buf + sector * 512, len);
	return 0;
}

/* Two tiers of 32 and 128 MiB, extents of 64 KiB, the shortest journal. */
static inline void fake_md_default_input(struct sp_layout_input *in)
{
	memset(in, 0, sizeof(*in));
	in->nr_tiers = 2;
	in->sectors[0] = 65536;
	in->sectors[1] = 262144;
	in->extent_sectors = 128;
	in->journal_blocks = SP_JOURNAL_BLOCKS_MIN;
}

/* A metadata tier for @in, all zeroes but the superblock; 0 or -1. */
static inline int fake_md_init(struct fake_md *md, const struct sp_layout_input *in)
{
	const char *error;
	unsigned int i;

	memset(md, 0, sizeof(*md));
	if (sp_layout_compute(&md->sb.l, in, &error))
		return -1;
	for (i = 0; i < SP_UUID_LEN; i++)
		md->sb.uuid[i] = (u8)(0xa0 + i);
	md->sb.generation = 1;
	md->size = (size_t)(md->sb.l.ckpt_offset[1] + md->sb.l.ckpt_sectors) * 512;
	md->buf = calloc(1, md->size);
	if (!md->buf)
		return -1;
	sp_sb_encode(&md->sb, md->buf);
	md->fail_sector = U64_MAX;
	md->rd.read = fake_md_read;
	md->rd.ctx = md;
	return 0;
}

static inline void fake_md_destroy(struct fake_md *md)
{
	free(md->buf);
	md->buf = NULL;
}

/* The 4 KiB block at @sector. */
static inline u8 *fake_md_at(struct fake_md *md, u64 sector)
{
	return md->buf + sector * 512;
}

/* The journal block that holds sequence number @seq. */
static inline u8 *fake_md_jslot(struct fake_md *md, u64 seq)
{
	return fake_md_at(md, md->sb.l.journal_offset +
			  (seq % md->sb.l.journal_blocks) * SP_MD_BLOCK_SECTORS);
}

/* Write checkpoint slot @slot: a header and the @nr map entries @map. */
static inline void fake_md_write_ckpt(struct fake_md *md, unsigned int slot,
				      u64 generation, u64 replay_seq,
				      const u32 *map, u64 nr)
{
	u8 *hdr = fake_md_at(md, md->sb.l.ckpt_offset[slot]);
	__le32 *out = (__le32 *)(hdr + SP_MD_BLOCK_SIZE);
	struct sp_ckpt ck = {
		.generation = generation,
		.replay_seq = replay_seq,
		.nr_entries = nr,
	};
	u64 e;

	for (e = 0; e < nr; e++)
		out[e] = cpu_to_le32(map[e]);
	ck.map_crc = sp_crc32c(out, (size_t)sp_ckpt_map_bytes(nr));
	memcpy(ck.uuid, md->sb.uuid, SP_UUID_LEN);
	sp_ckpt_encode(&ck, hdr);
}

/* A checkpoint of a map with every extent unmapped. */
static inline void fake_md_write_empty_ckpt(struct fake_md *md, unsigned int slot,
					    u64 generation, u64 replay_seq)
{
	u32 *map = malloc(md->sb.l.nr_extents * sizeof(u32) + 1);
	u64 e;

	for (e = 0; e < md->sb.l.nr_extents; e++)
		map[e] = SP_LOC_NONE;
	fake_md_write_ckpt(md, slot, generation, replay_seq, map,
			   md->sb.l.nr_extents);
	free(map);
}

/* One journal block: @nr records, sequence @seq, of the commit @commit_seq. */
static inline void fake_md_write_jblock(struct fake_md *md, u64 seq,
					u64 commit_seq, unsigned int nr,
					const u32 *lext, const u32 *loc)
{
	struct sp_jblock jb = { .seq = seq, .commit_seq = commit_seq, .nr = nr };

	memcpy(jb.uuid, md->sb.uuid, SP_UUID_LEN);
	sp_jblock_encode(&jb, lext, loc, fake_md_jslot(md, seq));
}

/*
 * A commit of @nr records from block @seq on, SP_JBLOCK_ENTRIES records
 * a block, as the engine writes one. Return: the blocks it took.
 */
static inline unsigned int fake_md_write_commit(struct fake_md *md, u64 seq,
						unsigned int nr, const u32 *lext,
						const u32 *loc)
{
	unsigned int b = 0, done = 0;

	do {
		unsigned int n = nr - done < SP_JBLOCK_ENTRIES ?
				 nr - done : (unsigned int)SP_JBLOCK_ENTRIES;

		fake_md_write_jblock(md, seq + b, seq, n, lext + done, loc + done);
		done += n;
		b++;
	} while (done < nr);
	return b;
}

/* Garble a block the way a torn write leaves it: the crc no longer fits. */
static inline void fake_md_tear(u8 *block)
{
	unsigned int i;

	for (i = SP_MD_BLOCK_SIZE / 2; i < SP_MD_BLOCK_SIZE; i++)
		block[i] ^= (u8)(0x5a + i);
}

/* Run sp_recover() on @md into a fresh map @m (destroy it afterwards). */
static inline int fake_md_recover(struct fake_md *md, struct sp_map *m,
				  struct sp_recovery *res, const char **error)
{
	static u8 scratch[2 * SP_MD_BLOCK_SIZE];

	*error = NULL;
	if (sp_map_init(m, &md->sb.l))
		return -ENOMEM;
	return sp_recover(m, &md->sb, &md->rd, scratch, res, error);
}

#endif /* SP_FAKE_MD_H */
