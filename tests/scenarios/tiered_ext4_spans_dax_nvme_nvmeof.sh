#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: ext4 on a 3-tier device (DAX pmem as a capacity tier, NVMe, NVMe-oF) is filled past the DAX tier so data spans tiers, and survives remount, reactivation and a table reload, fsck clean
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, mkfs.ext4, e2fsck
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd mkfs.ext4 e2fsck sha256sum
FS=ext4 MKFS="mkfs.ext4 -q -F" FSCK="e2fsck -fn"
DEVS="$SP_DEV_PMEM $SP_DEV_NVME $SP_DEV_NVMEOF" ARGS="capacity_tiers 0,1,2"
FILL_MB=320 SPAN=2
. "$(dirname "$0")/tiered_fs.inc"
