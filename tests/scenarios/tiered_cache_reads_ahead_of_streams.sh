#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a sequential reader of 4 KiB blocks is read ahead of: blocks it has never read before are prefetched into the hot tier cache (counted in prefetched) and most of its reads hit, while the data read stays intact
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME"
dev=$(sp_tiered sp_ra format "$DEVS" cache_mode writearound sequential_cutoff 65536) ||
	{ sp_fail "format"; sp_done; }
sp_ok "format pmem (cache) over NVMe, writearound, streams bypass only past 64 MiB"
head -c $((16 << 20)) /dev/urandom > /tmp/ra.bin
sp_check "write 16 MiB" dd if=/tmp/ra.bin of="$dev" bs=1M oflag=direct conv=fsync status=none
# (udev's probe of the new device reads its first blocks: start at 4 MiB.)
h0=$(sp_tiered_field sp_ra read_hits) m0=$(sp_tiered_field sp_ra read_misses)
pf0=$(sp_tiered_field sp_ra prefetched)
sp_check "read 8 MiB from 4 MiB on sequentially in 4 KiB reads, once" sh -c \
	"dd if=$dev bs=4k skip=1024 count=2048 iflag=direct status=none |
	 cmp - /tmp/ra.bin -i 0:$((4 << 20)) -n $((8 << 20))"
h1=$(sp_tiered_field sp_ra read_hits) m1=$(sp_tiered_field sp_ra read_misses)
pf=$(sp_tiered_field sp_ra prefetched)
sp_check "blocks were read ahead ($((pf - pf0)))" test $((pf - pf0)) -ge 1024
sp_check "more than half of the 2048 first-time reads hit ($((h1 - h0)) hits, $((m1 - m0)) misses)" \
	test $((h1 - h0)) -gt 1024
sp_check "a random 4 KiB read pattern is not read ahead" sh -c \
	"for o in 3001 2011 3517 2203 3911 2999 3203; do dd if=$dev of=/dev/null bs=4k skip=\$o count=1 iflag=direct status=none; done"
sp_expect_eq "prefetched unchanged" "$pf" "$(sp_tiered_field sp_ra prefetched)"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_ra state)"
sp_done
