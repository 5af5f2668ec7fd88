#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a storproto device shows its device's queue limits (block sizes, I/O hints, discard, write zeroes, cache, FUA)
# REQUIRES: SP_DEV_NVME
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME

sp_check "modprobe storproto" sp_load
dev=$(sp_create sp_lim "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"
dq=/sys/block/$(basename "$(readlink -f "$dev")")/queue
nq=/sys/block/$(basename "$(readlink -f "$SP_DEV_NVME")")/queue

for f in logical_block_size physical_block_size minimum_io_size optimal_io_size \
	 discard_granularity write_cache fua rotational dax; do
	[ -r $nq/$f ] || continue
	sp_expect_eq "queue/$f as on the device" "$(cat $nq/$f)" "$(cat $dq/$f)"
done
# Discard and write zeroes stay on when the device has them; dm may lower
# the maximum to the worker chunk, it must not turn the feature off.
for f in discard_max_bytes write_zeroes_max_bytes; do
	n=$(cat $nq/$f); d=$(cat $dq/$f)
	if [ "$n" -gt 0 ]; then
		sp_check "queue/$f kept on ($d, device $n)" test "$d" -gt 0
	else
		sp_expect_eq "queue/$f off like the device" 0 "$d"
	fi
done
sp_done
