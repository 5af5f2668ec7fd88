#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: suspending and removing a storproto device while fio hammers it drains every request, never hangs, and lets the module unload
# REQUIRES: SP_DEV_NVME, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd fio timeout

sp_check "modprobe storproto" sp_load
dev=$(sp_create sp_rm "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"

load() {
	fio --name=load --filename="$dev" --direct=1 --ioengine=io_uring --iodepth=32 \
		--rw=randrw --bs=4k --size=256M --time_based --runtime="$1" \
		--numjobs=2 --group_reporting >/tmp/fio-rm.log 2>&1
}

load 12 &
pid=$!
sleep 3
sp_check "suspend under load returns" timeout 60 dmsetup suspend sp_rm
sp_expect_eq "nothing in flight while suspended" 0 "$(sp_stat sp_rm in_flight)"
sp_check "resume" timeout 60 dmsetup resume sp_rm
sp_check "reload the same table under load" sh -c \
	"timeout 60 dmsetup reload sp_rm --table \"\$(dmsetup table sp_rm)\" && timeout 60 dmsetup resume sp_rm"
wait $pid
sp_check "fio saw no error through suspend and reload" grep -q 'err= 0' /tmp/fio-rm.log

load 30 &
pid=$!
sleep 3
# --force swaps in an error table, failing I/O in flight; removal completes once fio lets go.
sp_check "forced removal under load returns" timeout 60 dmsetup remove --force --deferred sp_rm
sp_check "fio ends after removal" timeout 60 sh -c "while kill -0 $pid 2>/dev/null; do sleep 1; done"
wait $pid 2>/dev/null
SP_DMDEVS=()
sp_check "device gone" timeout 30 sh -c 'while dmsetup info sp_rm >/dev/null 2>&1; do sleep 1; done'
sp_check "module unloads after removal under load" modprobe -r storproto
sp_done
