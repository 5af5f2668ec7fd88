#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: a device with every extent in use still takes writes to extents just discarded (their room is committed back, not refused with ENOSPC) and to free extents while moves hold a destination extent; every byte reads back
# REQUIRES: SP_DEV_NVME, SP_DEV_NVMEOF, blkdiscard
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd blkdiscard
sp_check "modprobe storproto" sp_load
sp_slice sp_f0 $SP_DEV_NVME 24 >/dev/null
sp_slice sp_f1 $SP_DEV_NVMEOF 24 >/dev/null
DEVS="/dev/mapper/sp_f0 /dev/mapper/sp_f1"
dev=$(sp_tiered sp_full format "$DEVS" tiering manual migrate_rate 4000) ||
	{ sp_fail "format"; sp_done; }
SP_DMDEVS+=(sp_full)	# (sp_tiered ran in a subshell) removed before its slices
sp_ok "format a 2-tier device over 24 MiB of NVMe and 24 MiB of NVMe-oF (1 MiB extents)"
size=$(blockdev --getsz "$dev")
ext=$((size / 2048))
head -c $((size * 512)) /dev/urandom > /tmp/full.bin
sp_check "every extent written ($ext MiB)" \
	dd if=/tmp/full.bin of="$dev" bs=1M oflag=direct conv=fsync status=none
sp_expect_eq "tier 0 full" "$(sp_tier_used sp_full 0)" "$(dmsetup status sp_full | awk '{ split($16, a, "/"); print a[2] }')"

# Discard and rewrite at once, before the periodic commit frees the room.
bad=0
for r in $(seq 0 7); do
	o=$(((r * 5 % ext) * 1048576))
	blkdiscard -o $o -l $((2 * 1048576)) "$dev" || bad=$((bad + 1))
	dd if=/tmp/full.bin of="$dev" bs=1M skip=$o seek=$o count=2 iflag=skip_bytes \
		oflag=direct,seek_bytes status=none 2>>/tmp/full.err || bad=$((bad + 1))
done
sp_expect_eq "8 discard + rewrite pairs of 2 MiB on a full device: no error" 0 $bad
[ $bad = 0 ] || sed 's/^/#   /' /tmp/full.err

# Free 4 extents on tier 1, then move tier 0's extents down and back while
# writing them again: a move holds one destination extent the whole time.
half=$(sp_tier_used sp_full 0)
sp_check "discard the last 4 MiB" blkdiscard -o $(((ext - 4) * 1048576)) -l $((4 * 1048576)) "$dev"
sleep 2
sp_check "move tier 0's $half extents to tier 1 and back" sh -c \
	"dmsetup message sp_full 0 migrate 0 $half 1 && dmsetup message sp_full 0 migrate 0 $half 0"
bad=0
for r in 1 2 3; do
	dd if=/tmp/full.bin of="$dev" bs=1M skip=$((ext - 4)) seek=$((ext - 4)) count=4 \
		oflag=direct status=none 2>>/tmp/full.err || bad=$((bad + 1))
	blkdiscard -o $(((ext - 4) * 1048576)) -l $((4 * 1048576)) "$dev" || bad=$((bad + 1))
done
dd if=/tmp/full.bin of="$dev" bs=1M skip=$((ext - 4)) seek=$((ext - 4)) count=4 \
	oflag=direct status=none 2>>/tmp/full.err || bad=$((bad + 1))
sp_expect_eq "the free extents written, discarded and written again while extents move: no error" 0 $bad
[ $bad = 0 ] || sed 's/^/#   /' /tmp/full.err
for _ in $(seq 1 600); do
	[ "$(sp_tiered_field sp_full migrations_in_flight)" = 0 ] && break
	sleep 0.5
done
sp_expect_eq "the moves finished" 0 "$(sp_tiered_field sp_full migrations_in_flight)"
sp_check "every byte reads back" cmp /tmp/full.bin "$dev"
sp_check "and again after reactivation" sh -c \
	"dmsetup remove --retry sp_full && dmsetup create sp_full --table \"0 $size storproto 2 $DEVS 0\" && cmp /tmp/full.bin $dev"
sp_done
