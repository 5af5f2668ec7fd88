#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: extents move between the NVMe and NVMe-oF tiers (dmsetup message migrate) while fio writes and verifies them at queue depth 1 in writethrough mode (so each write races a move on its capacity tier, not the log), and across a table reload: no write lost or reordered, bad messages refused
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
QD=1 MB=32 CACHE_ARGS="cache_mode writethrough"
[ $SP_SLOW = 1 ] && MB=16
. "$(dirname "$0")/tiered_migrate.inc"
