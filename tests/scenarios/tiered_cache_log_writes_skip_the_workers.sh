#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: in writeback mode, writes of up to 64 KiB (FUA ones too: their durability is the log's) go into the hot tier's write log where they were submitted, not queued to a worker, and the flushes after them are met there too (nothing to commit): they count as write hits and writes, combine in the log, heat their extents and read back intact before and after a flush; larger writes and idle-class (bypassing) writes still go through the workers
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, ionice
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_need_cmd ionice
W=/sys/kernel/debug/storproto/workers
sp_check "modprobe storproto" sp_load
# (dirty_low 50: no write-back, which goes through the workers, meanwhile)
dev=$(sp_tiered sp_lw format "$SP_DEV_PMEM $SP_DEV_NVME" sequential_cutoff 0 dirty_low 50 dirty_high 90) ||
	{ sp_fail "format"; sp_done; }
sp_ok "format pmem (cache and write log) over NVMe, writeback, no sequential bypass, dirty_low 50"

# Worker requests so far, summed over the workers.
requests() { tail -n +2 $W | awk '{ n += $4 } END { print n }'; }
# Heat of logical extent $1 (1 MiB extents), from "where".
heat() { dmsetup message sp_lw 0 where "$1" 1 | cut -d: -f2; }
# Take the counters: r (worker requests), w (write hits), n (writes), b (bypassed).
take() {
	udevadm settle 2>/dev/null	# (udev's probes after a write end first)
	r=$(requests) w=$(sp_tiered_field sp_lw write_hits) n=$(sp_stat sp_lw writes)
	b=$(sp_tiered_field sp_lw bypassed)
}

head -c 8M /dev/urandom > /tmp/lw-data
head -c 1M /dev/urandom > /tmp/lw-idle
take; r0=$r w0=$w n0=$n e0=$(heat 3)
sp_check "write 8 MiB in 4 KiB writes" \
	dd if=/tmp/lw-data of="$dev" bs=4k oflag=direct status=none
take
sp_expect_eq "all 2048 went into the log (write hits)" 2048 $((w - w0))
sp_check "the status line counts them as writes ($((n - n0)))" test $((n - n0)) -ge 2048
sp_expect_eq "2048 blocks dirty" 2048 "$(sp_tiered_field sp_lw dirty)"
# (udev or blkid may read the device meanwhile: a few worker requests)
sp_check "the workers handled almost none of them ($((r - r0)) requests)" test $((r - r0)) -lt 100
e1=$(heat 3)
sp_check "the extent written heated up (heat $e0 -> $e1)" test "$e1" -gt "$e0"

r0=$r w0=$w
sp_check "write the same 8 MiB again in 64 KiB writes" \
	dd if=/tmp/lw-data of="$dev" bs=64k oflag=direct status=none
take
sp_expect_eq "128 write hits" 128 $((w - w0))
sp_expect_eq "they combined with the first: still 2048 blocks dirty" 2048 "$(sp_tiered_field sp_lw dirty)"
sp_check "the workers handled almost none of them ($((r - r0)) requests)" test $((r - r0)) -lt 100

r0=$r w0=$w f0=$(sp_stat sp_lw fua) fl0=$(sp_stat sp_lw flushes)
sp_check "write its first MiB again in 4 KiB writes with O_DSYNC" \
	dd if=/tmp/lw-data of="$dev" bs=4k count=256 oflag=direct,dsync status=none
take
f1=$(sp_stat sp_lw fua) fl1=$(sp_stat sp_lw flushes)
sp_expect_eq "256 FUA writes counted" 256 $((f1 - f0))
sp_expect_eq "256 write hits" 256 $((w - w0))
# (O_DSYNC also flushes after each write: with nothing written to a
# capacity tier since the last commit, a flush is met where it was submitted)
sp_check "the flushes O_DSYNC adds are counted ($((fl1 - fl0)))" test $((fl1 - fl0)) -ge 256
sp_check "the workers handled almost none of the writes and flushes ($((r - r0)) requests)" \
	test $((r - r0)) -lt 100

r0=$r w0=$w
sp_check "write the 8 MiB in 128 KiB writes (more than the log takes on the spot)" \
	dd if=/tmp/lw-data of="$dev" bs=128k oflag=direct status=none
take
sp_expect_eq "64 write hits" 64 $((w - w0))
sp_check "through the workers ($((r - r0)) requests)" test $((r - r0)) -ge 64

r0=$r w0=$w b0=$b
sp_check "idle class: write 1 MiB at 16 MiB in 4 KiB writes" \
	ionice -c3 dd if=/tmp/lw-idle of="$dev" bs=4k seek=4096 oflag=direct status=none
take
sp_expect_eq "all 256 bypassed the log" 256 $((b - b0))
sp_expect_eq "no write hits" 0 $((w - w0))
sp_check "through the workers ($((r - r0)) requests)" test $((r - r0)) -ge 256
sp_expect_eq "still 2048 blocks dirty" 2048 "$(sp_tiered_field sp_lw dirty)"

sp_check "the 8 MiB read back intact while dirty" \
	sh -c "dd if='$dev' bs=1M count=8 iflag=direct status=none | cmp - /tmp/lw-data"
sp_check "the idle-class MiB read back intact" \
	sh -c "dd if='$dev' bs=1M skip=16 count=1 iflag=direct status=none | cmp - /tmp/lw-idle"
sp_check "flush: everything written back" dmsetup message sp_lw 0 flush
sp_expect_eq "nothing dirty" 0 "$(sp_tiered_field sp_lw dirty)"
sp_check "the 8 MiB read back intact after write-back" \
	sh -c "dd if='$dev' bs=1M count=8 iflag=direct status=none | cmp - /tmp/lw-data"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_lw state)"
rm -f /tmp/lw-data /tmp/lw-idle
sp_done
