#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: storproto loads, starts one worker per CPU of workers=, rejects bad workers= lists, and unloads without a trace
# REQUIRES: modprobe, debugfs
. "$(dirname "$0")/lib.sh"

W=/sys/kernel/debug/storproto/workers
ncpu=$(nproc --all)

sp_check "modprobe storproto" sp_load
sp_check "dm target registered" sh -c 'dmsetup targets | grep -q "^storproto *v1\."'
sp_check "debugfs workers table present" test -r $W
sp_expect_eq "default: one worker per CPU on a $ncpu-CPU guest" "$ncpu" "$(tail -n +2 $W | wc -l)"
sp_expect_eq "worker threads running" "$ncpu" "$(pgrep -c '^storproto/')"
sp_check "rmmod storproto" modprobe -r storproto
sp_check "no worker thread left" sh -c '! pgrep "^storproto/"'
sp_check "no debugfs directory left" test ! -e /sys/kernel/debug/storproto
sp_check "no module left" test ! -e /sys/module/storproto

last=$((ncpu - 1))
sp_check "modprobe workers=$last" sp_load workers=$last
sp_expect_eq "one worker, on CPU $last" "0 $last 1" "$(tail -n +2 $W | awk '{print $1, $2, $3}')"
modprobe -r storproto

for bad in "abc" "0-$((ncpu + 100))" "5-2"; do
	sp_check_fails "workers=$bad refused" sp_load workers=$bad
	sp_check "module not left loaded after workers=$bad" test ! -e /sys/module/storproto
done
sp_check "refusal explained in the kernel log" sh -c 'dmesg | grep -q "storproto: workers=abc is not a CPU list"'
sp_check "CPUs that cannot exist named" sh -c "dmesg | grep -q 'storproto: workers=0-$((ncpu + 100)) names CPUs this machine cannot have'"
sp_done
