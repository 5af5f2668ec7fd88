#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: with a DAX first tier, writes land in the write log on the hot tier (write hits, dirty blocks counted), reads of them are served from it, fio verify=crc32c passes before and after "flush" writes everything back (dirty 0), after reactivation, and across switches to writearound, writethrough and passthrough and back
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_need_cmd fio
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME"
dev=$(sp_tiered sp_wb format "$DEVS" dirty_low 90 dirty_high 95) || { sp_fail "format"; sp_done; }
sp_ok "format a 2-tier device (pmem: metadata and cache; NVMe: capacity)"
sp_expect_eq "cache mode writeback by default" writeback "$(sp_tiered_field sp_wb cache_mode)"
sp_check "the cache has slots" test "$(sp_tiered_field sp_wb cache_blocks)" -gt 1000
sp_expect_eq "the device's logical block is 4 KiB" 4096 "$(blockdev --getss $dev)"

MB=32
[ $SP_SLOW = 1 ] && MB=16	# still over 1000 blocks, in half the time
job=(--name=wb --filename="$dev" --size=${MB}M --bs=4k --iodepth=16 --ioengine=libaio
	--direct=1 --rw=randwrite --verify=crc32c --verify_backlog=64 --verify_fatal=1
	--randseed=5 --verify_state_save=0)
sp_check "fio writes $MB MiB and verifies" fio "${job[@]}" --output=/tmp/fio-wb.out
sp_check "the writes went to the log" test "$(sp_tiered_field sp_wb write_hits)" -gt 1000
d=$(sp_tiered_field sp_wb dirty)
sp_check "dirty blocks counted ($d)" test "$d" -gt 1000
# fio opens the device for writing even to verify, and its close makes
# udev probe the device (blkid reads its ends, which miss): the probes of
# the last run end first, and those of this one wait until it is counted
udevadm settle 2>/dev/null
udevadm control --stop-exec-queue
h0=$(sp_tiered_field sp_wb read_hits) m0=$(sp_tiered_field sp_wb read_misses)
sp_check "fio verifies from the log" fio "${job[@]}" --verify_only --output=/tmp/fio-wb2.out
h1=$(sp_tiered_field sp_wb read_hits) m1=$(sp_tiered_field sp_wb read_misses)
udevadm control --start-exec-queue
sp_check "every read was a cache hit ($((h1 - h0)) hits, $((m1 - m0)) misses)" \
	test "$h1" -gt "$h0" -a "$m1" = "$m0"
sp_check "flush" dmsetup message sp_wb 0 flush
sp_expect_eq "nothing dirty after flush" 0 "$(sp_tiered_field sp_wb dirty)"
sp_check "blocks written back" test "$(sp_tiered_field sp_wb written_back)" -ge "$d"
sp_check "fio verifies after the write-back" fio "${job[@]}" --verify_only --output=/tmp/fio-wb3.out

sp_check "fio writes again (dirty in the log)" fio "${job[@]}" --randseed=6 --output=/tmp/fio-wb4.out
table=$(dmsetup table sp_wb)
sp_check "remove and reactivate with dirty blocks in the log" sh -c \
	"dmsetup remove --retry sp_wb && dmsetup create sp_wb --table '$table'"
sp_check "dirty blocks found again after reactivation" test "$(sp_tiered_field sp_wb dirty)" -gt 1000
sp_check "fio verifies after reactivation" fio "${job[@]}" --randseed=6 --verify_only --output=/tmp/fio-wb5.out

for m in writearound writethrough passthrough writeback; do
	sp_check "cache_mode $m" dmsetup message sp_wb 0 cache_mode $m
	sp_expect_eq "status says $m" $m "$(sp_tiered_field sp_wb cache_mode)"
	[ $m = writeback ] || sp_expect_eq "nothing dirty in $m" 0 "$(sp_tiered_field sp_wb dirty)"
	sp_check "fio writes and verifies in $m" fio "${job[@]}" --randseed=7 --output=/tmp/fio-wb6.out
done
sp_check "the table line shows the knobs" sh -c "dmsetup table sp_wb | grep -q 'cache_mode writeback'"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_wb state)"
sp_check "remove" dmsetup remove --retry sp_wb
SP_DMDEVS=()
sp_done
