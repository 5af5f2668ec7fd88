// SPDX-License-Identifier: GPL-2.0
/*
 * sp_crc32c(), the checksum of every metadata block, is CRC-32C
 * (Castagnoli) as everyone computes it: the check value of "123456789" is
 * 0xE3069283, the iSCSI test patterns of RFC 3720 give their published
 * values, and sp_crc32c_raw() chains: a block summed in pieces sums as a
 * whole. The same check value in the KUnit suite proves the kernel's
 * crc32c() agrees with this userspace one.
 */
#include "tap.h"
#include "tier/format.h"

int main(void)
{
	u8 buf[SP_MD_BLOCK_SIZE];
	unsigned long long seed = 7;
	unsigned int i, cut;
	bool all;
	u32 crc;

	tap_ok(sp_crc32c("123456789", 9) == 0xE3069283U,
	       "crc32c(\"123456789\") is 0xE3069283");
	tap_ok(sp_crc32c("", 0) == 0, "crc32c of nothing is 0");

	memset(buf, 0, 32);
	tap_ok(sp_crc32c(buf, 32) == 0x8A9136AAU, "32 bytes of 0x00: 0x8A9136AA");
	memset(buf, 0xff, 32);
	tap_ok(sp_crc32c(buf, 32) == 0x62A8AB43U, "32 bytes of 0xFF: 0x62A8AB43");
	for (i = 0; i < 32; i++)
		buf[i] = (u8)i;
	tap_ok(sp_crc32c(buf, 32) == 0x46DD794EU, "bytes 0x00..0x1F: 0x46DD794E");
	for (i = 0; i < 32; i++)
		buf[i] = (u8)(31 - i);
	tap_ok(sp_crc32c(buf, 32) == 0x113FDB5CU, "bytes 0x1F..0x00: 0x113FDB5C");

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)tap_rand(&seed);
	all = true;
	for (cut = 0; cut <= sizeof(buf); cut += 509) {
		crc = sp_crc32c_raw(~0U, buf, cut);
		crc = ~sp_crc32c_raw(crc, buf + cut, sizeof(buf) - cut);
		all &= crc == sp_crc32c(buf, sizeof(buf));
	}
	tap_ok(all, "a 4 KiB block summed in two pieces sums as a whole");

	crc = sp_crc32c(buf, sizeof(buf));
	buf[1234] ^= 0x10;
	tap_ok(sp_crc32c(buf, sizeof(buf)) != crc, "one flipped bit changes the sum");
	return tap_done();
}
