#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: ext4 on a storproto device keeps its files across unmount, remount, device re-creation, and reads the same on the raw device
# REQUIRES: SP_DEV_NVME, mkfs.ext4, e2fsck
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME
sp_need_cmd mkfs.ext4 e2fsck sha256sum
FS=ext4 MKFS="mkfs.ext4 -q -F" FSCK="e2fsck -fn"
. "$(dirname "$0")/fs_roundtrip.inc"
