#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a PREFLUSH and a FUA write sent to a storproto device reach the device beneath it (block tracepoints on that device)
# REQUIRES: SP_DEV_NVME, tracefs, xfs_io
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd xfs_io
T=$(sp_tracefs) || sp_skip "needs tracefs"
[ -d "$T/events/block/block_bio_queue" ] || sp_skip "needs the block tracepoints"

sp_check "modprobe storproto" sp_load
dev=$(sp_create sp_fl "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"

wc=$(cat /sys/block/$(basename "$(readlink -f "$SP_DEV_NVME")")/queue/write_cache)
sp_log "device write cache: $wc"
[ "$wc" = "write back" ] || sp_skip "the device has no volatile write cache, so flushes are dropped"

# Kernel dev_t in tracepoints: major << 20 | minor.
mm=$(stat -L -c '%t %T' "$SP_DEV_NVME")
set -- $mm
kdev=$(( (0x$1 << 20) | 0x$2 ))
E=$T/events/block/block_bio_queue
# No comm recording: it would hook sched_switch, and patching that hook in
# and out of __schedule() can livelock a TCG guest (seen on 6.1).
echo 0 > $T/options/record-cmd 2>/dev/null || true
echo 0 > $T/tracing_on
echo > $T/trace
echo "dev == $kdev" > $E/filter
echo 1 > $E/enable
echo 1 > $T/tracing_on

f0=$(sp_stat sp_fl flushes); u0=$(sp_stat sp_fl fua)
# fsync on the block device: an empty PREFLUSH bio.
sp_check "fsync of the dm device" xfs_io -c fsync "$dev"
# O_DIRECT write with RWF_DSYNC (pwritev2 needs -V): a REQ_FUA write.
sp_check "O_DSYNC direct write to the dm device" xfs_io -d -c "pwrite -V 1 -D -S 0x5a 8192 4096" "$dev"

echo 0 > $T/tracing_on
echo 0 > $E/enable
echo 0 > $E/filter
# Only the flush and FUA bios matter here (rwbs with an F).
trace=$(grep block_bio_queue $T/trace | grep -E ' F[A-Z]* +[0-9]| [A-Z]+F[A-Z]* +[0-9]')
echo "$trace" | sed 's/^/#   /' | tail -10

# rwbs: F before the op is PREFLUSH; F after W is FUA.
sp_check "an empty PREFLUSH reached the device" sh -c "echo '$trace' | grep -Eq ' F[WN]S* +[0-9]+ \+ 0 | FWS '"
sp_check "the 4 KiB write reached the device with FUA" sh -c "echo '$trace' | grep -Eq ' F?WFS* +16 \+ 8 '"
sp_check "target counted the flush" test "$(sp_stat sp_fl flushes)" -gt "$f0"
sp_check "target counted the FUA write" test "$(sp_stat sp_fl fua)" -gt "$u0"
sp_expect_eq "the data is on the device" 0 "$(dd if=$SP_DEV_NVME bs=4096 skip=2 count=1 iflag=direct status=none | tr -d Z | wc -c)"
echo > $T/trace
echo 1 > $T/options/record-cmd 2>/dev/null || true
sp_done
