// SPDX-License-Identifier: GPL-2.0
/*
 * sp_sb_encode() and sp_sb_decode() agree: a superblock of any set the
 * layout code makes (1 to 4 tiers, DAX or not, any member position)
 * decodes to what was encoded, field by field; the block is little endian
 * at the documented offsets, starts with "SPROTOSB", carries its crc32c
 * and leaves everything after the members zero.
 */
#include "tap.h"
#include "tier/format.h"

static bool same_sb(const struct sp_sb *a, const struct sp_sb *b)
{
	const struct sp_layout *x = &a->l, *y = &b->l;
	unsigned int i;

	if (memcmp(a->uuid, b->uuid, SP_UUID_LEN) ||
	    a->generation != b->generation || a->position != b->position ||
	    x->nr_tiers != y->nr_tiers || x->extent_sectors != y->extent_sectors ||
	    x->meta_tier != y->meta_tier || x->capacity_mask != y->capacity_mask ||
	    x->journal_blocks != y->journal_blocks ||
	    x->journal_offset != y->journal_offset ||
	    x->ckpt_offset[0] != y->ckpt_offset[0] ||
	    x->ckpt_offset[1] != y->ckpt_offset[1] ||
	    x->ckpt_sectors != y->ckpt_sectors ||
	    x->map_capacity != y->map_capacity || x->nr_extents != y->nr_extents)
		return false;
	for (i = 0; i < x->nr_tiers; i++)
		if (x->m[i].sectors != y->m[i].sectors ||
		    x->m[i].data_offset != y->m[i].data_offset ||
		    x->m[i].nr_extents != y->m[i].nr_extents ||
		    x->m[i].dax != y->m[i].dax)
			return false;
	return true;
}

static u64 le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static bool zero_from(const u8 *p, size_t from, size_t to)
{
	for (; from < to; from++)
		if (p[from])
			return false;
	return true;
}

int main(void)
{
	static u8 block[SP_MD_BLOCK_SIZE];
	unsigned long long seed = 1;
	struct sp_layout_input in;
	struct sp_sb sb, back;
	const char *err;
	unsigned int i, k, tried = 0;
	bool all;
	int ret;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 3;
	in.sectors[0] = 1048576;
	in.sectors[1] = 4194304;
	in.sectors[2] = 16777216;
	in.dax[0] = true;
	memset(&sb, 0, sizeof(sb));
	ret = sp_layout_compute(&sb.l, &in, &err);
	for (i = 0; i < SP_UUID_LEN; i++)
		sb.uuid[i] = (u8)(i * 17 + 3);
	sb.generation = 0x0102030405060708ULL;
	sb.position = 2;
	sp_sb_encode(&sb, block);
	tap_ok(ret == 0 && !memcmp(block, "SPROTOSB", 8), "the block starts with SPROTOSB");
	tap_ok(le(block + 12, 4) == SP_FORMAT_VERSION && le(block + 16, 4) == 0 &&
	       le(block + 20, 4) == 2 && !memcmp(block + 24, sb.uuid, SP_UUID_LEN) &&
	       le(block + 40, 8) == 0x0102030405060708ULL,
	       "version, incompat, position, uuid, generation at their offsets, little endian");
	tap_ok(le(block + 48, 4) == 3 && le(block + 52, 4) == sb.l.extent_sectors &&
	       le(block + 56, 4) == 0 && le(block + 60, 4) == 0x6 &&
	       le(block + 64, 4) == sb.l.journal_blocks &&
	       le(block + 72, 8) == sb.l.journal_offset &&
	       le(block + 80, 8) == sb.l.ckpt_offset[0] &&
	       le(block + 88, 8) == sb.l.ckpt_offset[1] &&
	       le(block + 96, 8) == sb.l.ckpt_sectors &&
	       le(block + 104, 8) == sb.l.map_capacity &&
	       le(block + 112, 8) == sb.l.nr_extents,
	       "the layout at its offsets");
	tap_ok(le(block + 120, 8) == 1048576 && le(block + 128, 8) == sb.l.m[0].data_offset &&
	       le(block + 136, 8) == 0 && le(block + 144, 4) == SP_MEMBER_DAX &&
	       le(block + 152, 8) == 4194304 && le(block + 168, 8) == sb.l.m[1].nr_extents &&
	       le(block + 176, 4) == 0 && zero_from(block, 184 + 32, SP_MD_BLOCK_SIZE),
	       "members of 32 bytes from offset 120; the rest of the block zero");
	{
		u8 copy[SP_MD_BLOCK_SIZE];

		memcpy(copy, block, sizeof(copy));
		memset(copy + 8, 0, 4);
		tap_ok(le(block + 8, 4) == sp_crc32c(copy, sizeof(copy)),
		       "the crc is the crc32c of the block with the crc field 0");
	}
	ret = sp_sb_decode(block, &back, &err);
	tap_ok(ret == 0 && same_sb(&sb, &back), "it decodes to what was encoded");

	all = true;
	for (k = 0; k < 3000; k++) {
		memset(&in, 0, sizeof(in));
		in.nr_tiers = 1 + (unsigned int)(tap_rand(&seed) % 4);
		for (i = 0; i < in.nr_tiers; i++) {
			in.sectors[i] = 16384 + tap_rand(&seed) % (1ULL << 34);
			in.dax[i] = tap_rand(&seed) % 2;
		}
		in.extent_sectors = 128U << (tap_rand(&seed) % 15);
		in.journal_blocks = 16 + (u32)(tap_rand(&seed) % 1000);
		memset(&sb, 0, sizeof(sb));
		if (sp_layout_compute(&sb.l, &in, &err))
			continue;
		tried++;
		for (i = 0; i < SP_UUID_LEN; i++)
			sb.uuid[i] = (u8)tap_rand(&seed);
		sb.generation = tap_rand(&seed);
		sb.position = (unsigned int)(tap_rand(&seed) % in.nr_tiers);
		sp_sb_encode(&sb, block);
		ret = sp_sb_decode(block, &back, &err);
		if (ret || !same_sb(&sb, &back)) {
			tap_diag("set %u: %d %s", k, ret, ret ? err : "differs");
			all = false;
		}
	}
	tap_ok(all && tried > 2000,
	       "%u random sets of 1 to 4 tiers, every position: each decodes as encoded",
	       tried);
	return tap_done();
}
