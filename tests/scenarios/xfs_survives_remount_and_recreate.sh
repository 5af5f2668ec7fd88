#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: xfs on a storproto device keeps its files across unmount, remount, device re-creation, and reads the same on the raw device
# REQUIRES: SP_DEV_NVME, mkfs.xfs, xfs_repair
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd mkfs.xfs xfs_repair sha256sum
# reflink off: see ../../shared VM notes on Debian 6.1 and reflink.
FS=xfs MKFS="mkfs.xfs -q -f -m reflink=0" FSCK="xfs_repair -n"
. "$(dirname "$0")/fs_roundtrip.inc"
