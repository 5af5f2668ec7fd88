#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: xfs on a 1-tier device (one NVMe namespace, no DAX, no remote tier) keeps its files across remount, reactivation and a table reload, xfs_repair clean
# REQUIRES: SP_DEV_NVME, mkfs.xfs, xfs_repair
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd mkfs.xfs xfs_repair sha256sum
FS=xfs MKFS="mkfs.xfs -q -f" FSCK="xfs_repair -n"
DEVS="$SP_DEV_NVME" ARGS=""
FILL_MB=256 SPAN=1
. "$(dirname "$0")/tiered_fs.inc"
