// SPDX-License-Identifier: GPL-2.0
/*
 * sp_jblock_encode() and sp_jblock_decode() agree: a journal block with
 * 0, 1 or SP_JBLOCK_ENTRIES records decodes to its header and records; a
 * block of another set (other uuid) or no journal block at all is -ENOENT,
 * a block that claims more records than fit is -ENOENT, and every single
 * bit flip is -EBADMSG (or -ENOENT in the magic): a torn or damaged block
 * is never replayed.
 */
#include "tap.h"
#include "tier/format.h"

static u32 lext[SP_JBLOCK_ENTRIES], loc[SP_JBLOCK_ENTRIES];

static bool records_match(const u8 *block, unsigned int nr)
{
	unsigned int i;
	u32 a, b;

	for (i = 0; i < nr; i++) {
		sp_jblock_entry(block, i, &a, &b);
		if (a != lext[i] || b != loc[i])
			return false;
	}
	return true;
}

/* Put the crc back after changing the block by hand. */
static void fix_crc(u8 *block)
{
	u32 crc;

	memset(block + 8, 0, 4);
	crc = sp_crc32c(block, SP_MD_BLOCK_SIZE);
	memcpy(block + 8, (u8[]){ (u8)crc, (u8)(crc >> 8), (u8)(crc >> 16),
				  (u8)(crc >> 24) }, 4);
}

int main(void)
{
	static u8 block[SP_MD_BLOCK_SIZE], bad[SP_MD_BLOCK_SIZE];
	static const unsigned int counts[] = { 0, 1, 37, SP_JBLOCK_ENTRIES };
	unsigned long long seed = 3;
	u8 uuid[SP_UUID_LEN], other[SP_UUID_LEN];
	struct sp_jblock jb, back;
	unsigned int i, bit, wrong = 0;
	int ret, want;

	tap_ok(SP_JBLOCK_ENTRIES == 506, "a 4 KiB block holds 506 records after its 48-byte header");
	for (i = 0; i < SP_UUID_LEN; i++) {
		uuid[i] = (u8)(0x30 + i);
		other[i] = (u8)(0x30 + i);
	}
	other[15] ^= 1;
	for (i = 0; i < SP_JBLOCK_ENTRIES; i++) {
		lext[i] = (u32)(tap_rand(&seed) % SP_LOGICAL_EXTENTS_MAX);
		loc[i] = i % 7 ? sp_loc(i % 4, (u32)(tap_rand(&seed) % SP_LOC_PHYS_MAX)) :
				 SP_LOC_NONE;
	}

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		memset(&jb, 0, sizeof(jb));
		memcpy(jb.uuid, uuid, SP_UUID_LEN);
		jb.seq = 0x1000000000ULL + i;
		jb.commit_seq = 0x1000000000ULL;
		jb.nr = counts[i];
		memset(block, 0xee, sizeof(block));
		sp_jblock_encode(&jb, lext, loc, block);
		ret = sp_jblock_decode(block, uuid, &back);
		tap_ok(ret == 0 && back.seq == jb.seq && back.commit_seq == jb.commit_seq &&
		       back.nr == jb.nr && !memcmp(back.uuid, uuid, SP_UUID_LEN) &&
		       records_match(block, counts[i]),
		       "%u records: header and records decode as encoded", counts[i]);
	}
	tap_ok(!memcmp(block, "SPROTOJB", 8) && block[16] == 0x30 && block[32] == 3 &&
	       block[36] == 0x10 &&
	       block[40] == 0x00 && block[44] == 0x10 && block[48] == (u8)lext[0],
	       "magic, uuid, seq, commit_seq, records at their offsets, little endian");

	ret = sp_jblock_decode(block, other, &back);
	tap_ok(ret == -ENOENT, "a block of another set (one uuid bit differs): -ENOENT");
	memset(bad, 0, sizeof(bad));
	tap_ok(sp_jblock_decode(bad, uuid, &back) == -ENOENT, "a zeroed block: -ENOENT");

	memcpy(bad, block, sizeof(bad));
	bad[12] = (u8)(SP_JBLOCK_ENTRIES + 1);
	bad[13] = (u8)((SP_JBLOCK_ENTRIES + 1) >> 8);
	fix_crc(bad);
	tap_ok(sp_jblock_decode(bad, uuid, &back) == -ENOENT,
	       "507 records claimed, checksum valid: -ENOENT");

	for (bit = 0; bit < 8 * SP_MD_BLOCK_SIZE; bit++) {
		memcpy(bad, block, sizeof(bad));
		bad[bit / 8] ^= (u8)(1U << (bit % 8));
		want = bit < 8 * SP_MAGIC_LEN ? -ENOENT : -EBADMSG;
		ret = sp_jblock_decode(bad, uuid, &back);
		if (ret != want && wrong++ < 5)
			tap_diag("bit %u: got %d", bit, ret);
	}
	tap_ok(!wrong, "each of the 32768 single bit flips: -ENOENT in the magic, else -EBADMSG");
	return tap_done();
}
