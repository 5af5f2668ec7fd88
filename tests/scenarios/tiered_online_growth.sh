#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: after a tier's device grows, a table reload with the larger size takes the new extents online and keeps the data; a reload that would hide data and a tier device that shrank are refused
# REQUIRES: SP_DEV_NVME, SP_DEV_SPARE1
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_SPARE1
sp_check "modprobe storproto" sp_load
S1=$SP_DEV_SPARE1
sp_slice sp_g0 $SP_DEV_NVME 64 >/dev/null && SP_DMDEVS+=(sp_g0)
sp_slice sp_g1 $S1 64 >/dev/null && SP_DMDEVS+=(sp_g1)
DEVS="/dev/mapper/sp_g0 /dev/mapper/sp_g1"
dev=$(sp_tiered sp_grow format "$DEVS") || { sp_fail "format"; sp_done; }
SP_DMDEVS+=(sp_grow)
sp_ok "format a 2-tier device over 64 MiB of NVMe and 64 MiB of the spare namespace"
size1=$(blockdev --getsz "$dev")
total1=$(dmsetup status sp_grow | awk '{ split($17, a, "/"); print a[2] }')
head -c $((size1 * 512)) /dev/urandom > /tmp/g1.bin
sp_check "filled ($size1 sectors)" dd if=/tmp/g1.bin of="$dev" bs=1M oflag=direct conv=fsync status=none

sp_check "tier 1's device grows to 192 MiB" sh -c \
	"dmsetup load sp_g1 --table '0 $((192 * 2048)) linear $S1 0' && dmsetup resume sp_g1"
size2=$(storprotoctl capacity --existing $DEVS)
sp_check "the usable size grew ($size1 -> $size2 sectors)" test "$size2" -gt "$size1"
table="0 $size2 storproto 2 $DEVS 0"
sp_check "a reload with the larger size works" sh -c "dmsetup reload sp_grow --table '$table' && dmsetup resume sp_grow"
sp_expect_eq "the device has the new size" "$size2" "$(blockdev --getsz "$dev")"
total2=$(dmsetup status sp_grow | awk '{ split($17, a, "/"); print a[2] }')
sp_check "tier 1 holds more extents ($total1 -> $total2)" test "$total2" -gt "$total1"
head -c $(((size2 - size1) * 512)) /dev/urandom > /tmp/g2.bin
sp_check "the new space takes data" dd if=/tmp/g2.bin of="$dev" bs=1M seek=$((size1 * 512)) oflag=direct,seek_bytes conv=fsync status=none
sp_check "old data intact" cmp -n $((size1 * 512)) /tmp/g1.bin "$dev"
sp_check "new data intact" cmp -i 0:$((size1 * 512)) /tmp/g2.bin "$dev"

sp_refused reload sp_grow "0 $size1 storproto 2 $DEVS 0" \
	"A table this short would hide extents that hold data"

sp_check "remove, and reactivate with the new size" sh -c \
	"dmsetup remove --retry sp_grow && dmsetup create sp_grow --table '$table'"
sp_check "all data intact after reactivation" sh -c \
	"cmp -n $((size1 * 512)) /tmp/g1.bin $dev && cmp -i 0:$((size1 * 512)) /tmp/g2.bin $dev"
sp_check "remove" dmsetup remove --retry sp_grow

sp_check "tier 1's device shrinks back to 64 MiB" sh -c \
	"dmsetup load sp_g1 --table '0 $((64 * 2048)) linear $S1 0' && dmsetup resume sp_g1"
sp_refused create sp_grow "$table" \
	"A tier's device is smaller than when the set was formatted"
sp_done
