#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: every malformed storproto table is refused with its own error sentence, and nothing is written to the device
# REQUIRES: SP_DEV_NVME, SP_DEV_SPARE1
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_SPARE1

sp_check "modprobe storproto" sp_load
D=$SP_DEV_NVME
size=$(blockdev --getsz $D)
dd if=/dev/urandom of=$D bs=1M count=4 oflag=direct status=none
before=$(dd if=$D bs=1M count=4 iflag=direct status=none | sha256sum)

# table | words the kernel log must show
cases=(
	"0 $size storproto|Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]"
	"0 $size storproto 1|Not enough arguments: expected <#devs> <dev>... <#opt_args> [args]"
	"0 $size storproto x $D 0|Invalid number of devices: not a number"
	"0 $size storproto 0 0|Invalid number of devices: must be from 1 to 4"
	"0 $size storproto 2 $D 0|Not enough arguments: fewer devices than announced, or no optional argument count"
	"0 $size storproto 2 $D $SP_DEV_SPARE1 1 passthrough|passthrough maps exactly one device"
	"0 $size storproto 1 $D 2 chunk_sectors 256|chunk_sectors applies only to passthrough (a tiered device partitions by extent)"
	"0 $size storproto 1 $D 3 passthrough extent_sectors 256|format, extent_sectors and capacity_tiers do not apply to passthrough"
	"0 $size storproto 1 $D x|Invalid number of optional arguments: not a number"
	"0 $size storproto 1 $D 3 passthrough chunk_sectors|Not enough optional arguments for the count given"
	"0 $size storproto 1 $D 0 junk|Unexpected arguments after the optional arguments"
	"0 $size storproto 1 $D 1 bogus|Unknown optional argument"
	"0 $size storproto 1 $D 2 passthrough chunk_sectors|Optional argument chunk_sectors needs a value"
	"0 $size storproto 1 $D 3 passthrough chunk_sectors 1000|Invalid chunk_sectors: must be a power of two from 8 to 2097152"
	"0 $size storproto 1 $D 5 passthrough chunk_sectors 8 chunk_sectors 16|Optional argument chunk_sectors given twice"
	"0 $size storproto 1 /dev/no-such-device 1 passthrough|Device not found: no block device by that path or number"
	"0 $size storproto 1 $D 3 passthrough tiering manual|Policy arguments do not apply to passthrough"
	"0 $((size + 8)) storproto 1 $D 1 passthrough|Target length exceeds the device size"
)
for c in "${cases[@]}"; do
	sp_refused create sp_bad "${c%%|*}" "${c#*|}"
done

# A device that another holder has open exclusively.
sp_mount_hold=$SP_MNT_BASE/hold
mkfs.ext4 -q -F $SP_DEV_SPARE1 && sp_mount $SP_DEV_SPARE1 $sp_mount_hold
ssize=$(blockdev --getsz $SP_DEV_SPARE1)
sp_refused create sp_busy "0 $ssize storproto 1 $SP_DEV_SPARE1 1 passthrough" \
	"Cannot open device: in use exclusively or not accessible"
umount $sp_mount_hold

after=$(dd if=$D bs=1M count=4 iflag=direct status=none | sha256sum)
sp_expect_eq "nothing written to the device by refused tables" "$before" "$after"
sp_check "no device left behind" sh -c '! dmsetup ls | grep -q sp_bad'
sp_check "module still unloads" modprobe -r storproto
sp_done
