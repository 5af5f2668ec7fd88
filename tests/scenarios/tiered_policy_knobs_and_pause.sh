#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: placement knobs set by message show in "dmsetup table" and survive a reload of that line; "migrate pause" holds queued moves (status says paused) until "migrate resume"; reads add heat to their extent but idle-class (ionice -c3) reads add none; bad knob values and messages are refused with their sentence
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd ionice
sp_check "modprobe storproto" sp_load
DEVS="$SP_DEV_PMEM $SP_DEV_NVME $SP_DEV_NVMEOF"
dev=$(sp_tiered sp_kn format "$DEVS") || { sp_fail "format"; sp_done; }
sp_ok "format a 3-tier device (defaults: tiering auto)"
sp_check "the default table line has no knob" sh -c "! dmsetup table sp_kn | grep -q tiering"
sp_expect_eq "status: migration running" running "$(sp_tiered_field sp_kn migrate)"

for kv in "tiering manual" "migrate_rate 16" "fill_watermark 80" "promote_heat 12" "heat_halflife 30"; do
	sp_check "message $kv" dmsetup message sp_kn 0 $kv
done
want="tiering manual migrate_rate 16 fill_watermark 80 promote_heat 12 heat_halflife 30"
sp_check "dmsetup table shows them" sh -c "dmsetup table sp_kn | grep -q '10 $want'"
table=$(dmsetup table sp_kn)
sp_check "the line reloads" sh -c "dmsetup reload sp_kn --table '$table' && dmsetup resume sp_kn"
sp_expect_eq "and prints back the same" "$table" "$(dmsetup table sp_kn)"
sp_check "storprotoctl shows the placement knobs" sh -c \
	"storprotoctl status sp_kn | grep -q 'manual, 16 MiB/s, watermark 80%, promote at heat 12, half-life 30 s'"

sp_check "8 MiB written (extents 0..7 on tier 1)" \
	dd if=/dev/urandom of="$dev" bs=1M count=8 oflag=direct status=none
# (from the write log: an extent not written back yet has nothing to move)
sp_check "and written back" dmsetup message sp_kn 0 flush
sp_check "migrate pause" dmsetup message sp_kn 0 migrate pause
sp_expect_eq "status: migration paused" paused "$(sp_tiered_field sp_kn migrate)"
sp_check "queue 8 moves to tier 2" dmsetup message sp_kn 0 migrate 0 8 2
sleep 3
sp_expect_eq "nothing moved while paused" "0 8" \
	"$(sp_tiered_field sp_kn migrations_done) $(sp_tiered_field sp_kn migrations_in_flight)"
sp_check "migrate resume" dmsetup message sp_kn 0 migrate resume
for _ in $(seq 1 60); do
	[ "$(sp_tiered_field sp_kn migrations_in_flight)" = 0 ] && break
	sleep 0.5
done
sp_expect_eq "all 8 moved after resume" "8 8" \
	"$(sp_tiered_field sp_kn migrations_done) $(sp_tier_used sp_kn 2)"

heat() { dmsetup message sp_kn 0 where $1 1 | cut -d: -f2; }
h0=$(heat 5)
ionice -c3 dd if="$dev" of=/dev/null bs=4k count=64 skip=$((5 * 256)) iflag=direct status=none
# (heat halves once per half-life: it may have decayed meanwhile, never grown)
h1=$(heat 5)
sp_check "idle-class reads add no heat ($h0 -> $h1)" test "$h1" -le "$h0"
dd if="$dev" of=/dev/null bs=4k count=64 skip=$((5 * 256)) iflag=direct status=none
sp_check "normal reads add heat ($h0 -> $(heat 5))" test "$(heat 5)" -gt "$h0"
sp_expect_eq "where: tier and heat of an unmapped extent" "-:0" \
	"$(dmsetup message sp_kn 0 where 100 1)"

sp_msg_refused sp_kn "Invalid tiering: auto or manual" tiering sometimes
sp_msg_refused sp_kn "Invalid migrate_rate: MiB/s from 1 to 65536" migrate_rate 0
sp_msg_refused sp_kn "Invalid fill_watermark: a percentage from 10 to 100" fill_watermark 5
sp_msg_refused sp_kn "Invalid promote_heat: a heat from 1 to 65535" promote_heat 70000
sp_msg_refused sp_kn "Invalid heat_halflife: seconds from 1 to 86400" heat_halflife x
sp_msg_refused sp_kn "A policy message needs exactly one value" migrate_rate
sp_msg_refused sp_kn "migrate needs <first_extent> <count> <tier>, or pause, or resume" migrate halt
sp_msg_refused sp_kn "where: the extent range lies outside the device" where 100000 1
sp_msg_refused sp_kn "where: count is at most 1024" where 0 2000
sp_expect_eq "the table line is unchanged by refused messages" "$table" "$(dmsetup table sp_kn)"
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_kn state)"
sp_check "remove" dmsetup remove --retry sp_kn
SP_DMDEVS=()
sp_done
