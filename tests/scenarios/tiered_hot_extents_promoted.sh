#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: automatic placement: under a Zipf 1.2 random read load on extents that lie on the slow NVMe-oF tier, the hottest extents move up to the NVMe tier (promotions counted, the tier kept at its fill watermark), and when the hot spot moves to other extents those move up in turn while the old ones cool and make room
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_need_cmd fio
sp_check "modprobe storproto" sp_load

# Tier 1: 64 MiB of NVMe (60 extents of 1 MiB after its superblock).
s1=$(sp_slice sp_hs1 $SP_DEV_NVME 64) || { sp_fail "slice"; sp_done; }
SP_DMDEVS+=(sp_hs1)
DEVS="$SP_DEV_PMEM $s1 $SP_DEV_NVMEOF"
knobs="heat_halflife 3 promote_heat 8 fill_watermark 75 migrate_rate 64"
dev=$(sp_tiered sp_hot format "$DEVS" $knobs) || { sp_fail "format"; sp_done; }
SP_DMDEVS=(sp_hot sp_hs1)
sp_ok "format a 3-tier device, tier 1 of 64 MiB, with $knobs"
sp_check "the knobs are in the table line" sh -c \
	"dmsetup table sp_hot | grep -q 'migrate_rate 64 fill_watermark 75 promote_heat 8 heat_halflife 3'"
total1=$(dmsetup status sp_hot | awk '{ split($17, a, "/"); print a[2] }')
mark=$((total1 * 75 / 100))

sp_check "256 MiB written: tier 1 fills, the rest spills to tier 2" \
	dd if=/dev/zero of="$dev" bs=1M count=256 oflag=direct status=none
for _ in $(seq 1 60); do
	[ "$(sp_tier_used sp_hot 1)" -le $mark ] && break
	sleep 1
done
sp_check "tier 1 demoted down to its watermark ($mark of $total1 extents)" \
	test "$(sp_tier_used sp_hot 1)" -le $mark
sp_check "demotions counted" test "$(sp_tiered_field sp_hot demotions)" -gt 0

# hot FIRST: fio Zipf 1.2 random reads over extents FIRST..FIRST+63 for
# 25 s; then the 8 hottest extents of the range (by the heat "where"
# reports) must be on tier 1.
hot() {
	local first=$1 top
	fio --name=zipf --filename="$dev" --offset=${first}M --size=64M --bs=4k \
		--rw=randread --random_distribution=zipf:1.2 --randseed=$first \
		--ioengine=libaio --iodepth=8 --direct=1 --time_based --runtime=25 \
		--output=/tmp/fio-hot.out || sp_fail "fio zipf over extents $first.."
	sleep 3	# the last round's moves
	for _ in $(seq 1 30); do
		[ "$(sp_tiered_field sp_hot migrations_in_flight)" = 0 ] && break
		sleep 1
	done
	top=$(dmsetup message sp_hot 0 where $first 64 | tr ' ' '\n' |
		awk -F: -v f=$first '{ print $2, $1, f + NR - 1 }' | sort -rn | head -8)
	sp_log "the 8 hottest of extents $first..$((first + 63)) (heat tier extent):" $top
	sp_expect_eq "the 8 hottest extents of $first..$((first + 63)) are on tier 1" \
		"1 1 1 1 1 1 1 1" "$(echo "$top" | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 }')"
}

before=$(sp_tiered_field sp_hot promotions)
hot 128
p1=$(sp_tiered_field sp_hot promotions)
sp_check "promotions counted ($before -> $p1)" test "$p1" -gt "$before"
sp_check "tier 1 stays within its size" test "$(sp_tier_used sp_hot 1)" -le "$total1"

hot 192
p2=$(sp_tiered_field sp_hot promotions)
sp_check "the moved hot spot moved data up ($p1 -> $p2 promotions)" test "$p2" -gt "$p1"
sp_check "heat histogram of tier 1 shows hot extents" \
	test "$(sp_tiered_field sp_hot heat1 | awk -F: '{ print $3 + $4 + $5 }')" -gt 0
sp_expect_eq "state ok" ok "$(sp_tiered_field sp_hot state)"
sp_check "data reads back as written (zeroes)" sh -c \
	"cmp -n $((256 << 20)) /dev/zero $dev"
sp_check "remove" dmsetup remove --retry sp_hot
SP_DMDEVS=(sp_hs1)
sp_done
