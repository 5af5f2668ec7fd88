#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: dmsetup table reproduces the constructor line and reloads as is; dmsetup status and storprotoctl report the documented counters
# REQUIRES: SP_DEV_NVME, storprotoctl, python3
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd storprotoctl python3

sp_check "modprobe storproto" sp_load
size=$(blockdev --getsz "$SP_DEV_NVME")
mm=$(lsblk -dno MAJ:MIN "$SP_DEV_NVME" | tr -d ' ')
dev=$(sp_create sp_rt "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"
sp_expect_eq "table line" "0 $size storproto 1 $mm 1 passthrough" "$(dmsetup table sp_rt)"
sp_check "table reloads as printed" sh -c \
	'dmsetup reload sp_rt --table "$(dmsetup table sp_rt)" && dmsetup resume sp_rt'
sp_check "reload with chunk_sectors 256" sh -c \
	"dmsetup reload sp_rt --table '0 $size storproto 1 $SP_DEV_NVME 3 passthrough chunk_sectors 256' && dmsetup resume sp_rt"
sp_expect_eq "table shows chunk_sectors" "0 $size storproto 1 $mm 3 passthrough chunk_sectors 256" "$(dmsetup table sp_rt)"

dd if=/dev/zero of="$dev" bs=4k count=10 oflag=direct status=none
dd if="$dev" of=/dev/null bs=4k count=5 iflag=direct status=none
st=$(dmsetup status sp_rt)
sp_log "status: $st"
sp_expect_eq "status: mode and 10 counters" "passthrough 11" "$(echo "$st" | awk '{print $4, NF - 3}')"
sp_expect_eq "writes counted" 10 "$(sp_stat sp_rt writes)"
sp_expect_eq "write sectors counted" 80 "$(sp_stat sp_rt write_sectors)"
sp_check "reads counted" test "$(sp_stat sp_rt reads)" -ge 5

sp_check "storprotoctl list names the device" sh -c 'storprotoctl list | grep -qw sp_rt'
sp_check "storprotoctl status prints it" sh -c 'storprotoctl status sp_rt | grep -q sp_rt'
js=$(storprotoctl status sp_rt --json)
sp_check "storprotoctl status --json is JSON" sh -c "echo '$js' | python3 -m json.tool"
sp_expect_eq "JSON writes match dmsetup status" 10 \
	"$(echo "$js" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(json.dumps(d)); ' | grep -o '"writes": [0-9]*' | head -1 | awk '{print $2}')"
sp_check "storprotoctl status of a missing device fails" sh -c '! storprotoctl status no_such_dev'
sp_check "storprotoctl workers --json is JSON" sh -c 'storprotoctl workers --json | python3 -m json.tool'
sp_done
