#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: ext4 on a 2-tier device without DAX (256 MiB of NVMe holding metadata and data, NVMe-oF) is filled past the NVMe tier, and survives remount, reactivation and a table reload, fsck clean
# REQUIRES: SP_DEV_NVME, SP_DEV_NVMEOF, mkfs.ext4, e2fsck
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd mkfs.ext4 e2fsck sha256sum
FS=ext4 MKFS="mkfs.ext4 -q -F" FSCK="e2fsck -fn"
DEVS="slice:$SP_DEV_NVME:256 $SP_DEV_NVMEOF" ARGS=""
FILL_MB=300 SPAN=2
. "$(dirname "$0")/tiered_fs.inc"
