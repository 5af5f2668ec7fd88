#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: fio writes at queue depth 1 read back intact (crc32c verify) through the workers
# REQUIRES: SP_DEV_NVME, fio
. "$(dirname "$0")/lib.sh"
QD=1
. "$(dirname "$0")/fio_verify.inc"
