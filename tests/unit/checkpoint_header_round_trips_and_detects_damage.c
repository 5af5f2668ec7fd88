// SPDX-License-Identifier: GPL-2.0
/*
 * sp_ckpt_encode() and sp_ckpt_decode() agree on a checkpoint header:
 * generation, replay point, entry count, the map's crc and the set's uuid
 * come back as written, little endian at their offsets; a block without
 * the magic is -ENOENT and every other single bit flip is -EBADMSG, so a
 * torn checkpoint header is never loaded.
 */
#include "tap.h"
#include "tier/format.h"

static u64 le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

int main(void)
{
	static u8 block[SP_MD_BLOCK_SIZE], bad[SP_MD_BLOCK_SIZE];
	struct sp_ckpt ck = {
		.generation = 0x1122334455667788ULL,
		.replay_seq = 0x99aabbccddULL,
		.nr_entries = 123456,
		.map_crc = 0xdeadbeef,
	}, back;
	unsigned int bit, wrong = 0;
	int ret, want;

	memset(ck.uuid, 0x42, SP_UUID_LEN);
	memset(block, 0xee, sizeof(block));
	sp_ckpt_encode(&ck, block);
	ret = sp_ckpt_decode(block, &back);
	tap_ok(ret == 0 && back.generation == ck.generation &&
	       back.replay_seq == ck.replay_seq && back.nr_entries == ck.nr_entries &&
	       back.map_crc == ck.map_crc && !memcmp(back.uuid, ck.uuid, SP_UUID_LEN),
	       "a header decodes as encoded");
	tap_ok(!memcmp(block, "SPROTOCK", 8) && le(block + 12, 4) == 0xdeadbeef &&
	       block[16] == 0x42 && le(block + 32, 8) == ck.generation &&
	       le(block + 40, 8) == ck.replay_seq && le(block + 48, 8) == 123456 &&
	       block[56] == 0 && block[SP_MD_BLOCK_SIZE - 1] == 0,
	       "fields at their offsets, little endian; the rest of the block zero");

	memset(bad, 0, sizeof(bad));
	tap_ok(sp_ckpt_decode(bad, &back) == -ENOENT, "a zeroed block: -ENOENT");
	for (bit = 0; bit < 8 * SP_MD_BLOCK_SIZE; bit++) {
		memcpy(bad, block, sizeof(bad));
		bad[bit / 8] ^= (u8)(1U << (bit % 8));
		want = bit < 8 * SP_MAGIC_LEN ? -ENOENT : -EBADMSG;
		ret = sp_ckpt_decode(bad, &back);
		if (ret != want && wrong++ < 5)
			tap_diag("bit %u: got %d", bit, ret);
	}
	tap_ok(!wrong, "each of the 32768 single bit flips: -ENOENT in the magic, else -EBADMSG");
	return tap_done();
}
