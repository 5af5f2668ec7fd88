#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: while fio writes and verifies (crc32c) across a 3-tier device, the hot tier cache switches writeback -> writethrough -> writearound -> passthrough -> writeback by message and by table reload; each switch away from writeback leaves nothing dirty, and fio finds zero mismatches, during and after
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd fio
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME $SP_DEV_NVMEOF"
dev=$(sp_tiered sp_ms format "$DEVS") || { sp_fail "format"; sp_done; }
sp_ok "format a 3-tier device (pmem: cache and write log, writeback)"
job=(--name=ms --filename="$dev" --size=64M --bs=4k --iodepth=16 --ioengine=libaio
	--direct=1 --rw=randrw --rwmixread=30 --verify=crc32c --verify_backlog=32
	--verify_fatal=1 --randseed=91 --verify_state_save=0)
sp_check "fio writes 64 MiB" fio "${job[@]}" --rw=randwrite --output=/tmp/fio-ms0.out
sp_check "dirty blocks in the log" test "$(sp_tiered_field sp_ms dirty)" -gt 0

fio "${job[@]}" --time_based --runtime=40 --output=/tmp/fio-ms.out &
fio_pid=$!
sleep 3
for m in writethrough writearound passthrough writeback; do
	sp_check "cache_mode $m by message, under fio" dmsetup message sp_ms 0 cache_mode $m
	[ $m = writeback ] || sp_expect_eq "nothing dirty once in $m" 0 "$(sp_tiered_field sp_ms dirty)"
	sleep 3
done
for m in writearound writeback; do
	t=$(dmsetup table sp_ms | awk -v m=$m '{
		n = $4; a = 5 + n; k = $a; line = $1 " " $2 " " $3 " " n
		for (i = 5; i < a; i++) line = line " " $i
		out = ""; c = 0
		for (i = a + 1; i <= a + k; i++) {
			if ($i == "cache_mode") { i++; continue }
			out = out " " $i; c++
		}
		print line " " (c + 2) out " cache_mode " m }')
	sp_check "cache_mode $m by table reload, under fio" sh -c \
		"dmsetup reload sp_ms --table '$t' && dmsetup resume sp_ms"
	sp_expect_eq "status says $m" $m "$(sp_tiered_field sp_ms cache_mode)"
	[ $m = writeback ] || sp_expect_eq "nothing dirty once in $m" 0 "$(sp_tiered_field sp_ms dirty)"
	sleep 3
done
wait $fio_pid
rc=$?
sp_expect_eq "fio wrote and verified through every switch: exit 0" 0 $rc
[ $rc = 0 ] || sed 's/^/#   /' /tmp/fio-ms.out | tail -20
sp_check "fio verifies everything written, after the switches" \
	fio "${job[@]}" --rw=randwrite --verify_only --output=/tmp/fio-ms2.out
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_ms state)"
sp_done
