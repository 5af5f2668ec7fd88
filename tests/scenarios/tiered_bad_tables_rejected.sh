#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DESCRIPTION: tiered tables over unformatted, foreign, mismatched, incomplete or misordered devices are refused, each with its own sentence, and nothing is written to the devices
# REQUIRES: SP_DEV_PMEM, SP_DEV_NVME, SP_DEV_NVMEOF, SP_DEV_SPARE1, SP_DEV_SPARE2
. "$(dirname "$0")/lib.sh"
sp_need_dev SP_DEV_PMEM SP_DEV_NVME SP_DEV_NVMEOF SP_DEV_SPARE1 SP_DEV_SPARE2
sp_check "modprobe storproto" sp_load

P=$SP_DEV_PMEM N=$SP_DEV_NVME C=$SP_DEV_NVMEOF S1=$SP_DEV_SPARE1 S2=$SP_DEV_SPARE2
for d in $P $N $C $S2; do dd if=/dev/zero of=$d bs=1M count=8 oflag=direct status=none; done
size=$(storprotoctl capacity $P $N $C)

refused() { sp_refused create sp_bad "$@"; }

heads() { for d in $P $N $C $S2; do dd if=$d bs=1M count=8 iflag=direct status=none | sha256sum; done; }

before=$(heads)
refused "0 $size storproto 3 $P $N $C 0" \
	"Not a storproto set: no superblock on the first tier (add format to create one)"
refused "0 $((size * 2)) storproto 3 $P $N $C 1 format" \
	"Target length exceeds the usable capacity of the tiers (the kernel log gives it)"
refused "0 $size storproto 3 $P $N $C 3 format capacity_tiers 3" \
	"Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice"
refused "0 $size storproto 3 $P $N $C 3 format extent_sectors 100" \
	"Invalid extent_sectors: must be a power of two from 128 to 2097152"
dmsetup create sp_tiny --table "0 2048 linear $S2 0" && SP_DMDEVS+=(sp_tiny)
refused "0 1024 storproto 1 /dev/mapper/sp_tiny 1 format" \
	"The first tier is too small for the metadata (superblock, journal, checkpoints)"
dmsetup remove --retry sp_tiny && SP_DMDEVS=()
sp_expect_eq "nothing written by refused tables on unformatted devices" "$before" "$(heads)"

# A formatted set A over P N C, not active; a set B on S1.
sp_check "format set A" sh -c "dmsetup create sp_a --table '0 $size storproto 3 $P $N $C 1 format' && dmsetup remove --retry sp_a"
sp_check "format set B" sh -c "dmsetup create sp_b --table '0 $(storprotoctl capacity $S1) storproto 1 $S1 1 format' && dmsetup remove --retry sp_b"
before=$(heads)
refused "0 $size storproto 3 $N $P $C 0" \
	"A tier is in the wrong position: list the tiers in their formatted order"
refused "0 $size storproto 2 $P $N 0" \
	"The table lists a different number of tiers than the set has (missing tier)"
refused "0 $size storproto 3 $P $S1 $C 0" \
	"The tiers belong to different sets (foreign device)"
refused "0 $size storproto 3 $P $S2 $C 0" \
	"A tier has no storproto superblock (missing or foreign device)"
refused "0 $size storproto 3 $P $N $N 0" \
	"The same device is named twice"
refused "0 $size storproto 3 $P $N $C 2 extent_sectors 4096" \
	"extent_sectors differs from the formatted set"
refused "0 $size storproto 3 $P $N $C 2 capacity_tiers 0,1,2" \
	"capacity_tiers differs from the formatted set"
refused "0 $((size + 2048)) storproto 3 $P $N $C 0" \
	"Target length exceeds the usable capacity of the tiers (the kernel log gives it)"
refused "0 $size storproto 3 $P $N $C 2 tiering sideways" \
	"Invalid tiering: auto or manual"
refused "0 $size storproto 3 $P $N $C 4 migrate_rate 8 migrate_rate 9" \
	"A policy argument is given twice"
refused "0 $size storproto 3 $P $N $C 1 fill_watermark" \
	"A policy argument needs a value"
refused "0 $size storproto 3 $P $N $C 2 evacuate 0" \
	"evacuate: the tier holds no data extents (not a capacity tier)"
sp_expect_eq "nothing written by refused tables on a formatted set" "$before" "$(heads)"

# Read-only tables never format.
sp_refused create sp_ro "0 $size storproto 3 $P $N $C 1 format" \
	"format needs a read-write table" --readonly

# A live set is never formatted over, not even by a reload of itself.
sp_check "activate set A" sh -c "dmsetup create sp_a --table '0 $size storproto 3 $P $N $C 0'"
SP_DMDEVS+=(sp_a)
dd if=/dev/urandom of=/tmp/a.bin bs=1M count=4 status=none
dd if=/tmp/a.bin of=/dev/mapper/sp_a bs=1M oflag=direct status=none
sp_refused reload sp_a "0 $size storproto 3 $P $N $C 1 format" \
	"Refusing to format: a device belongs to an active storproto set"
sp_check "the live set's data is intact" cmp -n 4194304 /tmp/a.bin /dev/mapper/sp_a
sp_check "remove set A" dmsetup remove --retry sp_a
SP_DMDEVS=()
sp_check "no device left behind" sh -c '! dmsetup ls | grep -q sp_bad'
sp_check "module still unloads" modprobe -r storproto
sp_done
