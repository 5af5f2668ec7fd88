#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: xfs on the default 3-tier device (DAX pmem for metadata, NVMe and NVMe-oF for data) (192 MiB of NVMe, to fill it quickly) is filled past the NVMe tier so data spans both, and survives remount, reactivation and a table reload, xfs_repair clean
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, mkfs.xfs, xfs_repair
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd mkfs.xfs xfs_repair sha256sum
FS=xfs MKFS="mkfs.xfs -q -f" FSCK="xfs_repair -n"
DEVS="$SP_DEV_PMEM slice:$SP_DEV_NVME:192 $SP_DEV_NVMEOF" ARGS=""
FILL_MB=256 SPAN=2
. "$(dirname "$0")/tiered_fs.inc"
