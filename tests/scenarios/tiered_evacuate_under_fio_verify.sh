#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: "evacuate 1" moves every extent off tier 1 while fio writes and verifies across the device (crc32c, zero mismatches); status shows the tier, the extents left and an estimate until done; new data never lands on the evacuated tier; the table line carries "evacuate 1" and reactivates it; "evacuate cancel" lets data back
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd fio
sp_check "modprobe storproto" sp_load

s1=$(sp_slice sp_es1 $SP_DEV_NVME 64) || { sp_fail "slice"; sp_done; }
SP_DMDEVS+=(sp_es1)
DEVS="$SP_DEV_PMEM $s1 $SP_DEV_NVMEOF"
dev=$(sp_tiered sp_ev format "$DEVS" tiering manual migrate_rate 8) ||
	{ sp_fail "format"; sp_done; }
SP_DMDEVS=(sp_ev sp_es1)
sp_ok "format a 3-tier device, tier 1 of 64 MiB"

fio_job=(--name=ev --filename="$dev" --size=96M --bs=4k --iodepth=16
	--ioengine=libaio --direct=1 --rw=randwrite --verify=crc32c
	--verify_backlog=64 --verify_fatal=1 --randseed=77 --verify_state_save=0)
sp_check "fio fills 96 MiB (tier 1 and part of tier 2)" \
	fio "${fio_job[@]}" --output=/tmp/fio-ev0.out
# The write log on the DAX tier holds new data until write-back: write it
# back before counting where the data is.
sp_check "write the log back" dmsetup message sp_ev 0 flush
u1=$(sp_tier_used sp_ev 1)
sp_check "tier 1 holds data ($u1 extents)" test "$u1" -gt 0

fio "${fio_job[@]}" --time_based --runtime=20 --output=/tmp/fio-ev.out &
fio_pid=$!
sleep 1
sp_check "evacuate tier 1 while fio writes" dmsetup message sp_ev 0 evacuate 1
sleep 2
sp_expect_eq "status names the tier being evacuated" 1 "$(sp_tiered_field sp_ev evacuating)"
# Both from one status line (the evacuation goes on meanwhile).
read -r left eta < <(dmsetup status sp_ev | awk '{ p = 15 + 2 * $15 + 7; print $(p + 6), $(p + 7) }')
sp_log "evacuating: $left extents left, about $eta s"
sp_check "extents left and an estimate are shown" test "$left" -gt 0 -a "$eta" -gt 0
sp_check "the table line carries evacuate 1" sh -c "dmsetup table sp_ev | grep -q 'evacuate 1'"
wait $fio_pid
rc=$?
sp_expect_eq "fio wrote and verified while tier 1 emptied: exit 0" 0 $rc
[ $rc = 0 ] || sed 's/^/#   /' /tmp/fio-ev.out | tail -20
for _ in $(seq 1 120); do
	[ "$(sp_tier_used sp_ev 1)" = 0 ] && break
	sleep 1
done
sp_expect_eq "tier 1 is empty" 0 "$(sp_tier_used sp_ev 1)"
sp_expect_eq "no extent left to move" 0 "$(sp_tiered_field sp_ev evacuate_left)"
sp_check "evacuations counted" test "$(sp_tiered_field sp_ev evacuated)" -ge "$u1"
sp_check "fio verifies everything after the evacuation" \
	fio "${fio_job[@]}" --verify_only --output=/tmp/fio-ev2.out
sp_check "new data goes elsewhere" \
	dd if=/dev/urandom of="$dev" bs=1M seek=200 count=8 oflag=direct status=none
sp_check "and written back" dmsetup message sp_ev 0 flush
sp_expect_eq "tier 1 still empty" 0 "$(sp_tier_used sp_ev 1)"

table=$(dmsetup table sp_ev)
sp_check "remove and reactivate with the printed line" sh -c \
	"dmsetup remove --retry sp_ev && dmsetup create sp_ev --table '$table'"
sp_expect_eq "still evacuating tier 1 after reactivation" 1 "$(sp_tiered_field sp_ev evacuating)"
sp_check "fio verifies after reactivation" \
	fio "${fio_job[@]}" --verify_only --output=/tmp/fio-ev3.out

sp_check "evacuate cancel" dmsetup message sp_ev 0 evacuate cancel
sp_expect_eq "status: nothing evacuating" - "$(sp_tiered_field sp_ev evacuating)"
sp_check "the table line no longer says evacuate" sh -c "! dmsetup table sp_ev | grep -q evacuate"
sp_check "new data lands on tier 1 again" \
	dd if=/dev/urandom of="$dev" bs=1M seek=220 count=2 oflag=direct status=none
sp_check "and written back" dmsetup message sp_ev 0 flush
sp_expect_eq "tier 1 holds the 2 new extents" 2 "$(sp_tier_used sp_ev 1)"

sp_msg_refused sp_ev "evacuate: the tier holds no data extents (not a capacity tier)" evacuate 0
sp_msg_refused sp_ev "Invalid evacuate: a tier number below the number of devices" evacuate 3
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_ev state)"
sp_check "remove" dmsetup remove --retry sp_ev
SP_DMDEVS=(sp_es1)
sp_done
