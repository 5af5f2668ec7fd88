#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: taking a worker's CPU offline and back online while fio writes and verifies loses no request and brings the worker home
# REQUIRES: SP_DEV_NVME, fio, two CPUs with CPU 1 hot-pluggable
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd fio
C=/sys/devices/system/cpu/cpu1/online
[ -w $C ] || sp_skip "needs CPU 1 to be hot-pluggable"
W=/sys/kernel/debug/storproto/workers
size=128M
[ $SP_SLOW = 1 ] && size=16M

sp_check "modprobe storproto" sp_load
dev=$(sp_create sp_hp "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"

fio --name=hp --filename="$dev" --direct=1 --ioengine=io_uring --iodepth=32 \
	--rw=randwrite --bs=4k --size=$size --loops=2 --verify=crc32c --verify_fatal=1 --verify_state_save=0 \
	--randseed=7 >/tmp/fio-hp.log 2>&1 &
pid=$!
sleep 2
sp_check "CPU 1 goes offline under load" sh -c "echo 0 > $C"
sp_expect_eq "its worker shows offline" 0 "$(awk '$2 == 1 {print $3}' $W)"
# A sleeping thread shows the CPU it last ran on until it runs again: give
# it up to 10 s (a guest sharing the host's CPUs is slow to get there).
sp_check "worker thread still alive, now off CPU 1" sh -c \
	"for i in \$(seq 1 20); do ps -o psr= -p \$(pgrep '^storproto/1\$') | grep -qv '^ *1\$' && exit 0; sleep 0.5; done; exit 1"
sleep 2
sp_check "CPU 1 comes back" sh -c "echo 1 > $C"
sp_expect_eq "its worker shows online" 1 "$(awk '$2 == 1 {print $3}' $W)"
sleep 1
echo 0 > $C; sleep 1; echo 1 > $C
wait $pid && rc=0 || rc=$?
sp_expect_eq "fio verify passed across hotplug" 0 "$rc"
[ $rc -eq 0 ] || tail -20 /tmp/fio-hp.log | sed 's/^/#   /'
sp_expect_eq "nothing left queued" "0" "$(tail -n +2 $W | awk '{q += $9} END {print q}')"
sp_check "worker back on CPU 1" sh -c "sleep 1; taskset -pc \$(pgrep '^storproto/1\$') | grep -q ': 1\$'"
sp_done
