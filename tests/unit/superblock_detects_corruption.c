// SPDX-License-Identifier: GPL-2.0
/*
 * sp_sb_decode() never takes a damaged superblock for a good one: every
 * single bit flip in the 4 KiB block gives -ENOENT (in the magic: no
 * superblock) or -EBADMSG (anywhere else: checksum); an unknown version or
 * feature with a valid checksum gives -EOPNOTSUPP; fields that contradict
 * each other under a valid checksum (a corrupt writer) give -EUCLEAN;
 * each with its sentence.
 */
#include "tap.h"
#include "tier/format.h"

#define E_NONE		"No storproto superblock (unformatted or foreign device)"
#define E_CRC		"Superblock checksum mismatch (corrupt)"
#define E_VERSION	"Superblock of an unknown format version or feature"
#define E_FIELDS	"Superblock fields contradict each other (corrupt)"

static struct sp_sb good;

/* Re-encode @sb (valid checksum) and decode it. */
static int decode_encoded(const struct sp_sb *sb, const char **err)
{
	static u8 block[SP_MD_BLOCK_SIZE];
	struct sp_sb back;

	sp_sb_encode(sb, block);
	*err = NULL;
	return sp_sb_decode(block, &back, err);
}

/* Put the crc back after changing the block by hand. */
static void fix_crc(u8 *block)
{
	u32 crc;

	memset(block + 8, 0, 4);
	crc = sp_crc32c(block, SP_MD_BLOCK_SIZE);
	block[8] = (u8)crc;
	block[9] = (u8)(crc >> 8);
	block[10] = (u8)(crc >> 16);
	block[11] = (u8)(crc >> 24);
}

struct mutation {
	const char *what;
	void (*apply)(struct sp_sb *sb);
};

#define MUT(name, body) \
	static void name(struct sp_sb *sb) { struct sp_layout *l = &sb->l; (void)l; body; }

MUT(no_tiers, l->nr_tiers = 0)
MUT(meta_tier_out, l->meta_tier = l->nr_tiers)
MUT(extent_not_pow2, l->extent_sectors = 3000)
MUT(extent_small, l->extent_sectors = 64)
MUT(extent_large, l->extent_sectors = 1U << 22)
MUT(no_capacity, l->capacity_mask = 0)
MUT(capacity_out, l->capacity_mask |= 1U << l->nr_tiers)
MUT(journal_short, l->journal_blocks = 15)
MUT(journal_long, l->journal_blocks = 65537)
MUT(map_huge, l->map_capacity = (1ULL << 31) + 1024)
MUT(extents_over_map, l->map_capacity = l->nr_extents - 1)
MUT(journal_on_sb, l->journal_offset = 0)
MUT(ckpt_small, l->ckpt_sectors = SP_MD_BLOCK_SECTORS)
MUT(ckpt_on_journal, l->ckpt_offset[0] -= 8)
MUT(ckpts_overlap, l->ckpt_offset[1] = l->ckpt_offset[0] + 8)
MUT(data_on_meta, l->m[0].data_offset = l->ckpt_offset[1])
MUT(data_on_sb, l->m[1].data_offset = 0)
MUT(data_past_end, l->m[1].data_offset = l->m[1].sectors + 1)
MUT(hot_tier_extents, l->m[0].nr_extents = 1; l->nr_extents += 1)
MUT(tier_overfull, l->m[1].nr_extents += 1; l->nr_extents += 1)
MUT(sum_wrong, l->nr_extents -= 1)
MUT(position_out, sb->position = l->nr_tiers)

static const struct mutation mutations[] = {
	{ "no tiers", no_tiers },
	{ "the metadata tier is not in the set", meta_tier_out },
	{ "an extent size that is no power of two", extent_not_pow2 },
	{ "extents of 64 sectors", extent_small },
	{ "extents of 4194304 sectors", extent_large },
	{ "no capacity tier", no_capacity },
	{ "a capacity tier beyond the set", capacity_out },
	{ "a journal of 15 blocks", journal_short },
	{ "a journal of 65537 blocks", journal_long },
	{ "a map larger than 2^31 extents", map_huge },
	{ "more extents than the map holds", extents_over_map },
	{ "the journal over the superblock", journal_on_sb },
	{ "checkpoint slots too small for the map", ckpt_small },
	{ "the first checkpoint over the journal", ckpt_on_journal },
	{ "checkpoint slots that overlap", ckpts_overlap },
	{ "data over the checkpoints", data_on_meta },
	{ "data over a superblock", data_on_sb },
	{ "data past the end of its tier", data_past_end },
	{ "data extents on a tier that holds none", hot_tier_extents },
	{ "more extents than fit on a tier", tier_overfull },
	{ "extent counts that do not add up", sum_wrong },
	{ "a position beyond the set", position_out },
};

int main(void)
{
	static u8 block[SP_MD_BLOCK_SIZE], bad[SP_MD_BLOCK_SIZE];
	struct sp_layout_input in;
	struct sp_sb sb, back;
	unsigned int bit, i, wrong = 0;
	const char *err;
	int ret;

	memset(&in, 0, sizeof(in));
	in.nr_tiers = 2;
	in.sectors[0] = 1048576;
	in.sectors[1] = 4194304;
	in.dax[0] = true;
	if (!tap_ok(!sp_layout_compute(&good.l, &in, &err), "a two-tier set is laid out"))
		return tap_done();
	memset(good.uuid, 0x5c, SP_UUID_LEN);
	good.generation = 9;
	good.position = 1;
	sp_sb_encode(&good, block);
	tap_ok(!sp_sb_decode(block, &back, &err), "its superblock decodes");

	for (bit = 0; bit < 8 * SP_MD_BLOCK_SIZE; bit++) {
		int want = bit < 8 * SP_MAGIC_LEN ? -ENOENT : -EBADMSG;
		const char *sentence = want == -ENOENT ? E_NONE : E_CRC;

		memcpy(bad, block, sizeof(bad));
		bad[bit / 8] ^= (u8)(1U << (bit % 8));
		err = NULL;
		ret = sp_sb_decode(bad, &back, &err);
		if (ret != want || !err || strcmp(err, sentence)) {
			if (wrong++ < 5)
				tap_diag("bit %u: got %d", bit, ret);
		}
	}
	tap_ok(!wrong, "each of the 32768 single bit flips: -ENOENT in the magic, else -EBADMSG");

	memset(bad, 0, sizeof(bad));
	ret = sp_sb_decode(bad, &back, &err);
	tap_ok(ret == -ENOENT && !strcmp(err, E_NONE), "a zeroed block: -ENOENT, %s", E_NONE);

	memcpy(bad, block, sizeof(bad));
	bad[12] = 2;			/* version */
	fix_crc(bad);
	ret = sp_sb_decode(bad, &back, &err);
	tap_ok(ret == -EOPNOTSUPP && !strcmp(err, E_VERSION),
	       "version 2 with a valid checksum: -EOPNOTSUPP");
	memcpy(bad, block, sizeof(bad));
	bad[16] = 2;			/* incompat: a bit after WRITE_LOG */
	fix_crc(bad);
	ret = sp_sb_decode(bad, &back, &err);
	tap_ok(ret == -EOPNOTSUPP && !strcmp(err, E_VERSION),
	       "an unknown incompatible feature: -EOPNOTSUPP");
	memcpy(bad, block, sizeof(bad));
	bad[16] = SP_INCOMPAT_WRITE_LOG;
	fix_crc(bad);
	ret = sp_sb_decode(bad, &back, &err);
	tap_ok(ret == 0 && back.incompat == SP_INCOMPAT_WRITE_LOG,
	       "the write-log feature bit is known: decoded and kept");

	/* sp_sb_encode() writes at most four members: five by hand. */
	memcpy(bad, block, sizeof(bad));
	bad[48] = 5;			/* nr_tiers */
	fix_crc(bad);
	ret = sp_sb_decode(bad, &back, &err);
	tap_ok(ret == -EUCLEAN && !strcmp(err, E_FIELDS),
	       "five tiers, checksum valid: -EUCLEAN");

	for (i = 0; i < ARRAY_SIZE(mutations); i++) {
		sb = good;
		mutations[i].apply(&sb);
		ret = decode_encoded(&sb, &err);
		if (!tap_ok(ret == -EUCLEAN && err && !strcmp(err, E_FIELDS),
			    "%s, checksum valid: -EUCLEAN", mutations[i].what))
			tap_diag("got %d \"%s\"", ret, err ? err : "(none)");
	}
	return tap_done();
}
