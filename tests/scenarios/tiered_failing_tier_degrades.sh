#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a tier whose device returns I/O errors (dm-error switched in under it) puts the device in state degraded: reads of its extents fail with EIO, the other tier keeps reading and writing, status and dmesg name the tier and count its errors
# REQUIRES: SP_DEV_NVME, SP_DEV_SPARE1
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_SPARE1
sp_check "modprobe storproto" sp_load

# Tier 0: 64 MiB of NVMe; tier 1: the spare namespace through a dm device
# that can be switched to dm-error.
s1=$(blockdev --getsz $SP_DEV_SPARE1)
dmsetup create sp_f0 --table "0 $((64 * 2048)) linear $SP_DEV_NVME 0" && SP_DMDEVS+=(sp_f0)
dmsetup create sp_f1 --table "0 $s1 linear $SP_DEV_SPARE1 0" && SP_DMDEVS+=(sp_f1)
dev=$(sp_tiered sp_deg format "/dev/mapper/sp_f0 /dev/mapper/sp_f1" tiering manual) || { sp_fail "format"; sp_done; }
SP_DMDEVS=(sp_deg sp_f0 sp_f1)	# removed in this order
sp_ok "format a 2-tier device over 64 MiB of NVMe and the spare namespace"

dd if=/dev/urandom of=/tmp/deg.bin bs=1M count=96 status=none
sp_check "96 MiB written" dd if=/tmp/deg.bin of="$dev" bs=1M oflag=direct conv=fsync status=none
k=$(dmsetup status sp_deg | awk '{ split($16, a, "/"); print a[2] }')
sp_check "data spans both tiers (tier 0 full: $k extents)" test "$(sp_tier_used sp_deg 1)" -gt 0
f1=$(lsblk -dno MAJ:MIN /dev/mapper/sp_f1 | tr -d ' ')

sp_check "tier 1's device starts failing" bash -c \
	"dmsetup load sp_f1 --table '0 $s1 error' && dmsetup resume sp_f1"
sp_check_fails "a read of an extent on tier 1 fails" \
	dd if="$dev" of=/dev/null bs=1M skip=$((k + 2)) count=1 iflag=direct status=none
sp_check "a read of an extent on tier 0 works" bash -c \
	"cmp <(dd if=$dev bs=1M skip=3 count=1 iflag=direct status=none) <(dd if=/tmp/deg.bin bs=1M skip=3 count=1 status=none)"
sp_check "a write to tier 0 works, flushed" \
	dd if=/tmp/deg.bin of="$dev" bs=1M seek=5 skip=7 count=1 oflag=direct conv=fsync status=none
sp_check "and reads back" bash -c \
	"cmp <(dd if=$dev bs=1M skip=5 count=1 iflag=direct status=none) <(dd if=/tmp/deg.bin bs=1M skip=7 count=1 status=none)"
sp_expect_eq "state degraded" degraded "$(sp_tiered_field sp_deg state)"
sp_expect_eq "no errors counted on tier 0" 0 "$(sp_tiered_field sp_deg errors0)"
sp_check "errors counted on tier 1" test "$(sp_tiered_field sp_deg errors1)" -gt 0
sp_check "dmesg names the tier" sh -c "dmesg | grep -qE 'storproto: set [0-9a-f]+: tier 1 \\($f1\\): I/O error'"

sp_check "tier 1's device works again" bash -c \
	"dmsetup load sp_f1 --table '0 $s1 linear $SP_DEV_SPARE1 0' && dmsetup resume sp_f1"
sp_check "tier 1's extents read back intact" bash -c \
	"cmp <(dd if=$dev bs=1M skip=$k count=$((96 - k)) iflag=direct status=none) <(dd if=/tmp/deg.bin bs=1M skip=$k count=$((96 - k)) status=none)"
sp_check "remove" sh -c "dmsetup remove --retry sp_deg && dmsetup remove --retry sp_f1 && dmsetup remove --retry sp_f0"
SP_DMDEVS=()
sp_done
