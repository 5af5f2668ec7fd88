#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: suspend/resume and table reloads of a 3-tier device while fio writes and verifies at queue depth 32 lose nothing
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd fio
sp_check "modprobe storproto" sp_load
dev=$(sp_tiered sp_sus format "$SP_DEV_PMEM $SP_DEV_NVME $SP_DEV_NVMEOF") || { sp_fail "format"; sp_done; }
sp_ok "format a 3-tier device"
mb=256
[ $SP_SLOW = 1 ] && mb=48
job=(--name=sus --filename="$dev" --size=${mb}M --bs=4k --iodepth=32 --ioengine=libaio
	--direct=1 --rw=randwrite --verify=crc32c --verify_backlog=128 --verify_fatal=1 --randseed=99 --verify_state_save=0)
fio "${job[@]}" --output=/tmp/fio-sus.out &
pid=$!
table=$(dmsetup table sp_sus)
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 8 ]; do
	sleep 1
	if [ $((i % 2)) = 0 ]; then
		dmsetup suspend sp_sus && dmsetup resume sp_sus || break
	else
		dmsetup reload sp_sus --table "$table" && dmsetup resume sp_sus || break
	fi
	i=$((i + 1))
done
sp_check "$i suspends and reloads done while fio ran" test $i -ge 2
wait $pid
rc=$?
sp_expect_eq "fio wrote and verified through them: exit 0" 0 $rc
[ $rc = 0 ] || tail -20 /tmp/fio-sus.out | sed 's/^/#   /'
sp_check "everything verifies afterwards" fio "${job[@]}" --verify_only --output=/tmp/fio-sus2.out
sp_check "and after reactivation" sh -c \
	"dmsetup remove --retry sp_sus && dmsetup create sp_sus --table '$table' && fio ${job[*]} --verify_only --output=/tmp/fio-sus3.out"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_sus state)"
sp_check "remove" dmsetup remove --retry sp_sus
SP_DMDEVS=()
sp_done
