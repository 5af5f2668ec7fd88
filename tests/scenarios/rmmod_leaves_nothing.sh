#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: create, use and remove devices, then rmmod: no thread, debugfs entry or module is left, and kmemleak (debug kernel) finds no leak
# REQUIRES: SP_DEV_NVME
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
K=/sys/kernel/debug/kmemleak

if [ -w $K ]; then
	echo scan > $K; echo clear > $K
fi
for round in 1 2 3; do
	sp_check "round $round: modprobe" sp_load
	dev=$(sp_create sp_leak "$SP_DEV_NVME" chunk_sectors 64) || { sp_fail "round $round: create"; continue; }
	dd if=/dev/urandom of="$dev" bs=64k count=64 oflag=direct status=none
	dd if="$dev" of=/dev/null bs=64k count=64 iflag=direct status=none
	dmsetup status sp_leak >/dev/null; dmsetup table sp_leak >/dev/null
	cat /sys/kernel/debug/storproto/workers >/dev/null
	sp_check "round $round: remove" dmsetup remove --retry sp_leak
	SP_DMDEVS=()
	sp_check "round $round: rmmod" modprobe -r storproto
done
sp_check "no worker thread left" sh -c '! pgrep "^storproto/"'
sp_check "no debugfs directory left" test ! -e /sys/kernel/debug/storproto
sp_check "no module left" test ! -e /sys/module/storproto
sp_check "dm target unregistered" sh -c '! dmsetup targets | grep -q "^storproto"'
if [ -w $K ]; then
	# kmemleak reports objects unreferenced for 5 s and seen in two scans.
	sleep 6; echo scan > $K; sleep 1; echo scan > $K
	leaks=$(cat $K)
	if [ -z "$leaks" ]; then
		sp_ok "kmemleak: no new suspected leak"
	else
		sp_fail "kmemleak: suspected leaks"
		echo "$leaks" | head -40 | sed 's/^/#   /'
	fi
else
	sp_log "kmemleak not available on this kernel; leak scan skipped"
fi
sp_done
