#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: under a Zipf 1.2 random read load over twice the hot tier cache's size, the hit ratio in status rises from one period to the next and ends above 80 % (the ideal for this cache and distribution is about 97 %)
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_need_cmd fio
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME"
dev=$(sp_tiered sp_zipf format "$DEVS" cache_mode writearound) || { sp_fail "format"; sp_done; }
sp_ok "format pmem (cache) over NVMe, writearound"
mib=$(($(sp_tiered_field sp_zipf cache_blocks) * 2 / 256))
sp_check "write $mib MiB (twice the cache)" dd if=/dev/urandom of="$dev" bs=1M count=$mib oflag=direct status=none
job=(--name=zipf --filename="$dev" --size=${mib}M --bs=4k --rw=randread --random_distribution=zipf:1.2
	--ioengine=libaio --iodepth=16 --direct=1 --time_based --runtime=15 --randseed=42)
ratios=()
for p in 1 2 3; do
	h0=$(sp_tiered_field sp_zipf read_hits) m0=$(sp_tiered_field sp_zipf read_misses)
	fio "${job[@]}" --output=/tmp/fio-zipf$p.out
	h1=$(sp_tiered_field sp_zipf read_hits) m1=$(sp_tiered_field sp_zipf read_misses)
	ratios+=($(((h1 - h0) * 1000 / (h1 - h0 + m1 - m0 + 1))))
	sp_log "period $p: $((h1 - h0)) hits, $((m1 - m0)) misses: $((ratios[p - 1] / 10)).$((ratios[p - 1] % 10)) %"
done
sp_check "the hit ratio rose from the first period to the last" test "${ratios[2]}" -gt "${ratios[0]}"
sp_check "and ends above 80 %" test "${ratios[2]}" -gt 800
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_zipf state)"
sp_done
