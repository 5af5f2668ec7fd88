#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: reads of up to 64 KiB that the hot tier cache holds whole (clean or dirty) are copied from it where they were submitted, not queued to a worker: they read back what was written, count as hits and reads, and heat their extents; larger hits and misses still go through the workers
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
W=/sys/kernel/debug/storproto/workers
sp_check "modprobe storproto" sp_load
dev=$(sp_tiered sp_hit format "$SP_DEV_PMEM $SP_DEV_NVME" sequential_cutoff 0) || { sp_fail "format"; sp_done; }
sp_ok "format pmem (cache and write log) over NVMe, writeback, no sequential bypass"

# Worker requests so far, summed over the workers.
requests() { tail -n +2 $W | awk '{ n += $4 } END { print n }'; }
# Heat of logical extent $1 (1 MiB extents), from "where".
heat() { dmsetup message sp_hit 0 where "$1" 1 | cut -d: -f2; }

head -c 8M /dev/urandom > /tmp/hit-data
sp_check "write 8 MiB (into the write log: dirty in the cache)" \
	dd if=/tmp/hit-data of="$dev" bs=1M oflag=direct status=none
sp_check "read it back in 4 KiB reads while dirty, intact" \
	sh -c "dd if='$dev' bs=4k count=2048 iflag=direct status=none | cmp - /tmp/hit-data"
sp_check "flush: written back, the blocks stay cached, clean" dmsetup message sp_hit 0 flush
sp_expect_eq "nothing dirty" 0 "$(sp_tiered_field sp_hit dirty)"

# (the writes above made udev probe the device: let that end first)
udevadm settle 2>/dev/null
r0=$(requests) h0=$(sp_tiered_field sp_hit read_hits) m0=$(sp_tiered_field sp_hit read_misses)
n0=$(sp_stat sp_hit reads) e0=$(heat 3)
sp_check "read the 8 MiB in 4 KiB reads from the clean cache, intact" \
	sh -c "dd if='$dev' bs=4k count=2048 iflag=direct status=none | cmp - /tmp/hit-data"
sp_check "and in 64 KiB reads, intact" \
	sh -c "dd if='$dev' bs=64k count=128 iflag=direct status=none | cmp - /tmp/hit-data"
r1=$(requests) h1=$(sp_tiered_field sp_hit read_hits) m1=$(sp_tiered_field sp_hit read_misses)
n1=$(sp_stat sp_hit reads) e1=$(heat 3)
sp_expect_eq "all 2176 reads hit" 2176 $((h1 - h0))
sp_expect_eq "none missed" 0 $((m1 - m0))
sp_check "the status line counts them as reads ($((n1 - n0)))" test $((n1 - n0)) -ge 2176
# (udev or blkid may read the device meanwhile: a few worker requests)
sp_check "the workers handled almost none of them ($((r1 - r0)) requests)" \
	test $((r1 - r0)) -lt 100
sp_check "the extent read heated up (heat $e0 -> $e1)" test "$e1" -gt "$e0"

r0=$r1 h0=$h1
sp_check "read it in 128 KiB reads (more than a hit served on the spot), intact" \
	sh -c "dd if='$dev' bs=128k count=64 iflag=direct status=none | cmp - /tmp/hit-data"
r1=$(requests) h1=$(sp_tiered_field sp_hit read_hits)
sp_expect_eq "they hit too" 64 $((h1 - h0))
sp_check "through the workers ($((r1 - r0)) requests)" test $((r1 - r0)) -ge 64

sp_check "read 4 KiB past the cached 8 MiB (a miss)" \
	dd if="$dev" of=/dev/null bs=4k skip=4096 count=1 iflag=direct status=none
sp_check "a miss still counts" test "$(sp_tiered_field sp_hit read_misses)" -gt "$m1"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_hit state)"
sp_done
