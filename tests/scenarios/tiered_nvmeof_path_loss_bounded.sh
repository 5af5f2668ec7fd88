#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: when the NVMe-oF target's port goes away, reads of extents on the remote tier fail within the connection's fast_io_fail_tmo (no hang) while local tiers keep working, and after the port returns they read back intact
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, SP_NVMEOF_NQN
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_check "modprobe storproto" sp_load
cfs=/sys/kernel/config/nvmet
link=$cfs/ports/1/subsystems/$SP_NVMEOF_NQN
ctrl=
for c in /sys/class/nvme/nvme*; do
	[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$SP_NVMEOF_NQN" ] && ctrl=$c
done
[ -e "$link" ] && [ -n "$ctrl" ] && [ -w "$ctrl/fast_io_fail_tmo" ] ||
	sp_skip "needs the rig's nvmet port and a fabrics controller"
FAIL_TMO=5

dev=$(sp_tiered sp_of format "$SP_DEV_PMEM $SP_DEV_NVME $SP_DEV_NVMEOF" tiering manual) || { sp_fail "format"; sp_done; }
sp_ok "format a 3-tier device"
dd if=/dev/urandom of=/tmp/of.bin bs=1M count=16 status=none
sp_check "16 MiB written" dd if=/tmp/of.bin of="$dev" bs=1M oflag=direct conv=fsync status=none
sp_check "extents 8..15 moved to the NVMe-oF tier" dmsetup message sp_of 0 migrate 8 8 2
for _ in $(seq 1 120); do [ "$(sp_tiered_field sp_of migrations_in_flight)" = 0 ] && break; sleep 0.5; done
sp_expect_eq "8 extents on the NVMe-oF tier" 8 "$(sp_tier_used sp_of 2)"
sp_check "flushed" sync

echo $FAIL_TMO > "$ctrl/fast_io_fail_tmo"
echo 1 > "$ctrl/reconnect_delay" 2>/dev/null || true
sp_check "the target's port goes away" rm "$link"
start=$(date +%s)
sp_check_fails "a read of a remote extent fails" \
	timeout 120 dd if="$dev" of=/dev/null bs=1M skip=12 count=1 iflag=direct status=none
took=$(( $(date +%s) - start ))
sp_check "it failed within fast_io_fail_tmo + 15 s ($took s)" test $took -le $((FAIL_TMO + 15))
sp_check "a local extent still reads" bash -c \
	"cmp <(dd if=$dev bs=1M skip=2 count=1 iflag=direct status=none) <(dd if=/tmp/of.bin bs=1M skip=2 count=1 status=none)"
sp_check "and takes writes" dd if=/tmp/of.bin of="$dev" bs=1M seek=1 skip=1 count=1 oflag=direct status=none
sp_expect_eq "state degraded" degraded "$(sp_tiered_field sp_of state)"
sp_check "errors counted on the NVMe-oF tier" test "$(sp_tiered_field sp_of errors2)" -gt 0

sp_check "the port comes back" ln -s "$cfs/subsystems/$SP_NVMEOF_NQN" "$link"
for _ in $(seq 1 60); do [ "$(cat $ctrl/state)" = live ] && break; sleep 1; done
sp_expect_eq "the controller reconnects" live "$(cat $ctrl/state)"
sp_check "remote extents read back intact" bash -c \
	"cmp <(dd if=$dev bs=1M skip=8 count=8 iflag=direct status=none) <(dd if=/tmp/of.bin bs=1M skip=8 count=8 status=none)"
sp_check "remove" dmsetup remove --retry sp_of
SP_DMDEVS=()
sp_done
