#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: flipped bits in a superblock, in a journal block followed by later commits, and in both checkpoint maps are detected by checksum: activation is refused or the device comes up needs_check and serves no data; a torn newest checkpoint falls back to the older one and loses nothing
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF
sp_check "modprobe storproto" sp_load
P=$SP_DEV_PMEM N=$SP_DEV_NVME C=$SP_DEV_NVMEOF
DEVS="$P $N $C"
META_MB=8	# superblock, journal and both checkpoints of this set fit

# flip DEV OFFSET: invert one byte, durably. Direct I/O on the whole 4 KiB
# block: the module writes past the device's page cache, so a buffered
# read-modify-write could put an old copy (udev's probe) back.
flip() {
	local blk=$(($2 / 4096)) off=$(($2 % 4096)) b
	dd if="$1" of=/tmp/flip.blk bs=4096 skip=$blk count=1 iflag=direct status=none
	b=$(od -An -tu1 -j $off -N 1 /tmp/flip.blk | tr -d ' ')
	printf "\\x$(printf %02x $((b ^ 0xff)))" |
		dd of=/tmp/flip.blk bs=1 seek=$off conv=notrunc status=none
	dd if=/tmp/flip.blk of="$1" bs=4096 seek=$blk count=1 oflag=direct,sync conv=notrunc status=none
}
# offsets DEV MAGIC: byte offsets of MAGIC in DEV's metadata area.
offsets() {
	dd if="$1" bs=1M count=$META_MB iflag=direct status=none | grep -obUa "$2" | cut -d: -f1
}
restore() { dd if=/tmp/meta.img of=$P bs=1M oflag=direct status=none; }
activate() {	# straight to the target: the table line as a user would type it
	dmsetup create sp_cor --table "0 $size storproto 3 $DEVS 0" && SP_DMDEVS+=(sp_cor)
}
state() { sp_tiered_field sp_cor state; }

# No metadata of earlier sets on the devices: only this set's blocks.
for d in $DEVS; do dd if=/dev/zero of=$d bs=1M count=$META_MB oflag=direct status=none; done
dev=$(sp_tiered sp_cor format "$DEVS") || { sp_fail "format"; sp_done; }
sp_ok "format a 3-tier device (metadata on DAX)"
size=$(blockdev --getsz "$dev")
dd if=/dev/urandom of=/tmp/data.bin bs=1M count=8 status=none
for i in $(seq 0 7); do
	dd if=/tmp/data.bin of="$dev" bs=1M skip=$i seek=$((i * 3)) count=1 oflag=direct,sync status=none
done
sum() { for i in $(seq 0 7); do dd if="$1" bs=1M skip=$((i * 3)) count=1 iflag=direct status=none; done | sha256sum; }
want=$(sha256sum < /tmp/data.bin)
sp_expect_eq "data written in 8 synced pieces" "$want" "$(sum "$dev")"
# In writeback mode the pieces sit in the write log on DAX: write them back
# so that their mappings are journal records.
sp_check "write the log back" dmsetup message sp_cor 0 flush
# The metadata as a power cut would leave it: journal records after the
# last checkpoint.
dd if=$P of=/tmp/meta.img bs=1M count=$META_MB iflag=direct status=none
sp_check "remove" dmsetup remove --retry sp_cor
SP_DMDEVS=()

restore
sp_check "activation replays the journal" activate
sp_expect_eq "state ok after replay" ok "$(state)"
sp_check "dmesg reports records replayed" sh -c "dmesg | tail -n 20 | grep -E 'storproto: set .*: activated in [0-9]+ ms: checkpoint [0-9]+, [1-9][0-9]* journal blocks'"
sp_expect_eq "data intact after replay" "$want" "$(sum "$dev")"
dmsetup remove --retry sp_cor; SP_DMDEVS=()

# A damaged journal block followed by a later commit: the last but one
# written (the ring has not wrapped, so ring order is commit order).
restore
jb=$(offsets $P SPROTOJB | tail -2 | head -1)
sp_check "journal blocks found ($(offsets $P SPROTOJB | wc -l))" test "$(offsets $P SPROTOJB | wc -l)" -ge 2
flip $P $((jb + 200))
sp_check "activation with a damaged journal block" activate
sp_expect_eq "state needs_check" needs_check "$(state)"
sp_check "the log says why" sh -c "dmesg | tail -n 20 | grep -qF 'A journal block is damaged in the middle of the journal (corrupt)'"
sp_check_fails "no data served in needs_check" dd if="$dev" of=/dev/null bs=4k count=1 iflag=direct status=none
sp_check_fails "no write accepted in needs_check" dd if=/dev/zero of="$dev" bs=4k count=1 oflag=direct status=none
dmsetup remove --retry sp_cor; SP_DMDEVS=()

# Both checkpoint maps damaged.
restore
for ck in $(offsets $P SPROTOCK); do flip $P $((ck + 4096 + 8)); done
sp_check "activation with both checkpoint maps damaged" activate
sp_expect_eq "state needs_check" needs_check "$(state)"
sp_check "the log says why" sh -c "dmesg | tail -n 20 | grep -qF 'No valid checkpoint of the extent map (corrupt)'"
dmsetup remove --retry sp_cor; SP_DMDEVS=()

# Only the newest checkpoint damaged (as by a cut while it was written).
restore
newest= best=-1
for ck in $(offsets $P SPROTOCK); do
	dd if=$P of=/tmp/ck.blk bs=4096 skip=$((ck / 4096)) count=1 iflag=direct status=none
	g=$(od -An -tu8 -j $((ck % 4096 + 32)) -N 8 /tmp/ck.blk | tr -d ' ')
	[ "$g" -gt "$best" ] && best=$g newest=$ck
done
flip $P $((newest + 4096 + 8))
sp_check "activation with the newest checkpoint damaged" activate
sp_expect_eq "state ok: the older checkpoint and the journal are used" ok "$(state)"
sp_expect_eq "data intact" "$want" "$(sum "$dev")"
dmsetup remove --retry sp_cor; SP_DMDEVS=()

# A damaged superblock.
restore
flip $N 300
if activate 2>/dev/null; then
	sp_fail "a damaged superblock is refused"
	dmsetup remove --retry sp_cor; SP_DMDEVS=()
else
	sp_check "a damaged superblock is refused, with its sentence" sh -c \
		"dmesg | tail -n 20 | grep -qF 'storproto: Superblock checksum mismatch (corrupt): needs_check, see the kernel log'"
fi
flip $N 300
sp_check "activation once the superblock is repaired" activate
sp_expect_eq "data intact" "$want" "$(sum "$dev")"
sp_check "remove" dmsetup remove --retry sp_cor
SP_DMDEVS=()
sp_done
