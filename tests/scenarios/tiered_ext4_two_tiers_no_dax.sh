#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: ext4 on a 2-tier device without DAX (NVMe holding metadata and data, NVMe-oF) is filled past the NVMe tier, and survives remount, reactivation and a table reload, fsck clean
# REQUIRES: SP_DEV_NVME, SP_DEV_NVMEOF, mkfs.ext4, e2fsck
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd mkfs.ext4 e2fsck sha256sum
FS=ext4 MKFS="mkfs.ext4 -q -F" FSCK="e2fsck -fn"
DEVS="$SP_DEV_NVME $SP_DEV_NVMEOF" ARGS=""
FILL_MB=1100 SPAN=2
. "$(dirname "$0")/tiered_fs.inc"
