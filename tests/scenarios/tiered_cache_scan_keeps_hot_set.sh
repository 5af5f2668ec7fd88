#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a hot set read over and over is admitted to the hot tier cache and served from it; a one-time sequential scan of twice the cache's size (sequential_cutoff 0, so only admission can keep it out) admits next to nothing, and the hot set still hits afterwards
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, fio
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME
sp_need_cmd fio
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME"
dev=$(sp_tiered sp_scan format "$DEVS" cache_mode writearound sequential_cutoff 0) ||
	{ sp_fail "format"; sp_done; }
sp_ok "format pmem (cache) over NVMe, writearound (writes go straight to NVMe), no sequential bypass"
blocks=$(sp_tiered_field sp_scan cache_blocks)
scan_mib=$((blocks * 2 / 256))
sp_check "write $scan_mib MiB + 16 MiB of data (twice the cache's $blocks blocks)" \
	dd if=/dev/urandom of="$dev" bs=1M count=$((scan_mib + 16)) oflag=direct status=none
hot=(--name=hot --filename="$dev" --offset=${scan_mib}M --size=16M --bs=4k --rw=randread
	--ioengine=libaio --iodepth=8 --direct=1 --randrepeat=0 --norandommap)
sp_check "read the 16 MiB hot set 4 times over" fio "${hot[@]}" --io_size=64M --output=/tmp/fio-hot1.out
used0=$(sp_tiered_field sp_scan cache_used)
sp_check "the hot set is in the cache ($used0 blocks)" test "$used0" -ge 3500
sp_log "cache: $(sp_tiered_field sp_scan cache_used) used, $(sp_tiered_field sp_scan read_hits) hits, $(sp_tiered_field sp_scan read_misses) misses"
h0=$(sp_tiered_field sp_scan read_hits) m0=$(sp_tiered_field sp_scan read_misses)
sp_check "read the hot set again" fio "${hot[@]}" --io_size=32M --output=/tmp/fio-hot2.out
h1=$(sp_tiered_field sp_scan read_hits) m1=$(sp_tiered_field sp_scan read_misses)
sp_check "at least 95 % of its reads hit ($((h1 - h0)) hits, $((m1 - m0)) misses)" \
	test $(((h1 - h0) * 100)) -ge $(((h1 - h0 + m1 - m0) * 95))

sp_check "scan $scan_mib MiB once, sequentially" \
	dd if="$dev" of=/dev/null bs=1M count=$scan_mib iflag=direct status=none
used1=$(sp_tiered_field sp_scan cache_used)
sp_check "the scan admitted under 1 % of its $((scan_mib * 256)) blocks ($((used1 - used0)))" \
	test $(((used1 - used0) * 100)) -lt $((scan_mib * 256))
h2=$(sp_tiered_field sp_scan read_hits) m2=$(sp_tiered_field sp_scan read_misses)
sp_check "read the hot set after the scan" fio "${hot[@]}" --io_size=32M --output=/tmp/fio-hot3.out
h3=$(sp_tiered_field sp_scan read_hits) m3=$(sp_tiered_field sp_scan read_misses)
sp_check "still at least 95 % hits ($((h3 - h2)) hits, $((m3 - m2)) misses)" \
	test $(((h3 - h2) * 100)) -ge $(((h3 - h2 + m3 - m2) * 95))
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_scan state)"
sp_done
