#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: reads of a sequential stream past sequential_cutoff bypass the hot tier cache (counted, nothing admitted even when read twice), and idle-class (ionice -c3) reads admit nothing and add no heat, while the same random reads at normal priority are admitted
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, fio, ionice
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_need_cmd fio ionice
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME"
dev=$(sp_tiered sp_byp format "$DEVS" cache_mode writearound heat_halflife 86400) || { sp_fail "format"; sp_done; }
sp_ok "format pmem (cache) over NVMe, writearound, sequential_cutoff 1024 KiB (default)"
sp_check "write 96 MiB" dd if=/dev/urandom of="$dev" bs=1M count=96 oflag=direct status=none

b0=$(sp_tiered_field sp_byp bypassed) u0=$(sp_tiered_field sp_byp cache_used)
sp_check "read the first 64 MiB sequentially, twice, in 64 KiB reads" sh -c \
	"dd if=$dev of=/dev/null bs=64k count=1024 iflag=direct status=none &&
	 dd if=$dev of=/dev/null bs=64k count=1024 iflag=direct status=none"
b1=$(sp_tiered_field sp_byp bypassed) u1=$(sp_tiered_field sp_byp cache_used)
sp_log "status: $(dmsetup status sp_byp)"
sp_check "reads past the first 1 MiB of each stream bypassed ($((b1 - b0)) of 2048)" \
	test $((b1 - b0)) -ge 2000
sp_check "at most the stream's start (1 MiB and its read-ahead) admitted ($((u1 - u0)) blocks)" \
	test $((u1 - u0)) -le 512

idle=(--name=idle --filename="$dev" --offset=64M --size=16M --bs=4k --rw=randread
	--ioengine=libaio --iodepth=4 --direct=1 --io_size=48M --randrepeat=0)
heat0=$(dmsetup message sp_byp 0 where 64 16)
sp_check "idle class: random reads of 16 MiB, 3 times over" ionice -c3 fio "${idle[@]}" --output=/tmp/fio-idle.out
u2=$(sp_tiered_field sp_byp cache_used)
sp_expect_eq "nothing admitted by idle-class reads" "$u1" "$u2"
sp_expect_eq "no heat added to extents 64..79 (tier:heat)" "$heat0" "$(dmsetup message sp_byp 0 where 64 16)"
sp_check "the same reads at normal priority" fio "${idle[@]}" --output=/tmp/fio-best.out
u3=$(sp_tiered_field sp_byp cache_used)
sp_check "are admitted ($((u3 - u2)) blocks)" test $((u3 - u2)) -ge 2000
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_byp state)"
sp_done
