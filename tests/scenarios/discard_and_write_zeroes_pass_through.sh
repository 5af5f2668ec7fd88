#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: discard and write-zeroes sent to a storproto device are carried out on the device and counted
# REQUIRES: SP_DEV_NVME, blkdiscard
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd blkdiscard

sp_check "modprobe storproto" sp_load
dev=$(sp_create sp_dz "$SP_DEV_NVME") || { sp_fail "create device"; sp_done; }
sp_ok "create device"
q=/sys/block/$(basename "$(readlink -f "$dev")")/queue

dd if=/dev/urandom of="$dev" bs=1M count=8 oflag=direct status=none
sp_check "write zeroes over 3 MiB across worker chunks" blkdiscard -z -o $((512 * 1024)) -l $((3 * 1024 * 1024)) "$dev"
sp_expect_eq "zeroed range reads back as zeros" 0 \
	"$(dd if="$dev" bs=512k skip=1 count=6 iflag=direct status=none | tr -d '\0' | wc -c)"
sp_check "data around the range untouched" sh -c \
	"test \$(dd if=$dev bs=512k count=1 iflag=direct status=none | tr -d '\\0' | wc -c) -gt 500000"
sp_check "write zeroes counted" test "$(sp_stat sp_dz write_zeroes)" -gt 0

if [ "$(cat $q/discard_max_bytes)" -gt 0 ]; then
	sp_check "discard 4 MiB" blkdiscard -o $((4 * 1024 * 1024)) -l $((4 * 1024 * 1024)) "$dev"
	sp_check "discard counted" test "$(sp_stat sp_dz discards)" -gt 0
else
	sp_log "device does not advertise discard; discard part skipped"
fi
sp_expect_eq "no errors" 0 "$(sp_stat sp_dz errors)"
sp_done
