#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# storprotoctl capacity DEV... prints the sectors a tiered table over the
# devices would hold, laid out as the target formats a set: sparse files
# stand for devices, --dax marks tiers as DAX (a DAX first tier holds no
# data by default; all DAX: every tier does), --capacity-tiers and
# --extent-sectors act as the table arguments do; a set that cannot be
# laid out exits 1 with the layout's sentence, a bad argument exits 2
# with the table's.
. "$(dirname "$0")/tap.sh"
: "${FAKE_CTL:?FAKE_CTL must name storprotoctl built over fake/dm.c}"
ctl=$FAKE_CTL
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
truncate -s 1G t0 && truncate -s 4G t1 && truncate -s 4G t3 && truncate -s 1M small &&
	truncate -s 2K tiny && truncate -s 64G big || exit 1
mkdir adir

# expect <description> <exit status> <stdout expected, or ""> <stderr text, or ""> -- args...
expect() {
	local what=$1 want=$2 stdout=$3 stderr=$4 rc ok=0
	shift 5
	"$ctl" capacity "$@" > out 2> err && rc=0 || rc=$?
	[ "$rc" -eq "$want" ] || ok=1
	[ -z "$stdout" ] || [ "$(cat out)" = "$stdout" ] || ok=1
	[ -z "$stderr" ] || grep -qF -- "$stderr" err || ok=1
	[ "$want" -eq 0 ] || [ ! -s out ] || ok=1
	tap_ok $ok "$what"
	[ $ok -eq 0 ] || tap_diag "capacity $* -> exit $rc" "stdout: $(head -c 300 out)" "stderr: $(head -c 300 err)"
}

# 1 GiB (2097152 sectors) then 4 GiB (8388608), extents of 2048 sectors.
# Map room: 2 * (1023 + 4095) entries, rounded up to 10240 (40 KiB): a
# checkpoint is 8 + 80 sectors. Tier 0: superblock 8, journal 256 * 8,
# two checkpoints: metadata ends at 2232, data from 4096: 1022 extents.
# Tier 1: data from 2048: 4095 extents. 5117 * 2048 = 10479616.
expect "two files, no DAX: both hold data, 5117 extents" 0 10479616 "" -- t0 t1
# A DAX tier 0 holds no data by default: only tier 1's 4095 extents.
expect "--dax 0: the DAX first tier holds no data" 0 8386560 "" -- --dax 0 t0 t1
expect "--dax 0,1: all DAX, so all hold data" 0 10479616 "" -- --dax 0,1 t0 t1
expect "--capacity-tiers 0,1 with tier 0 DAX: as the table says" 0 10479616 "" -- -d 0 -c 0,1 t0 t1
# Only tier 0 holds data: map room 2048 entries, checkpoints of 24 sectors,
# metadata ends at 2104, data from 4096: 1022 extents.
expect "--capacity-tiers 0: tier 0 only, 1022 extents" 0 2093056 "" -- --capacity-tiers 0 t0 t1
expect "--capacity-tiers 1: tier 1 only, 4095 extents" 0 8386560 "" -- -c 1 t0 t1
# Extents of 128: map room 163840 entries (640 KiB), checkpoints of 1288
# sectors, metadata ends at 4632, tier 0 data from 4736: 16347 extents;
# tier 1 from 128: 65535 extents. 81882 * 128 = 10480896.
expect "--extent-sectors 128: smaller extents, less lost to alignment" 0 10480896 "" -- --extent-sectors 128 t0 t1
# One 64 GiB tier (134217728 sectors): map room 2 * 65535 entries, rounded
# up to 131072 (512 KiB), checkpoints of 1032 sectors, metadata ends at
# 4120, data from 6144: 65533 extents.
expect "one tier of 64 GiB" 0 $((65533 * 2048)) "" -- big
# Four tiers: map room 2 * (1023 + 4095 + 65535 + 4095) rounded up to
# 150528 entries, checkpoints of 1184 sectors, metadata ends at 4424,
# tier 0 data from 6144: 1021 extents; the others lose only their
# first extent to the superblock.
expect "four tiers: their extents add up" 0 $(((1021 + 4095 + 65535 + 4095) * 2048)) "" -- t0 t1 big t3
ln t1 t1link
expect "a device named twice: exit 1" 1 "" \
	"storprotoctl: capacity: 't1' and 't1link' are the same device: a tier set uses each device once" -- t0 t1 t1link
expect "the first tier too small for the metadata: exit 1" 1 "" \
	"storprotoctl: capacity: The first tier is too small for the metadata (superblock, journal, checkpoints)" -- small t1
expect "a tier smaller than a superblock: exit 1" 1 "" \
	"storprotoctl: capacity: A tier is too small to hold a superblock" -- t0 tiny
expect "a capacity tier without room for one extent: exit 1" 1 "" \
	"storprotoctl: capacity: A capacity tier is too small to hold one extent" -- -e 4096 t0 small
expect "a bad extent size: exit 2, the table's sentence" 2 "" \
	"storprotoctl: capacity: Invalid extent_sectors: must be a power of two from 128 to 2097152" -- -e 100 t0
expect "capacity tiers naming a tier that is not there: exit 2" 2 "" \
	"storprotoctl: capacity: Invalid capacity_tiers: a comma-separated list of tier numbers, each below the number of devices, none twice" -- -c 2 t0 t1
expect "a bad --dax list: exit 2" 2 "" "storprotoctl: capacity: invalid --dax '0,0'" -- --dax 0,0 t0 t1
expect "--dax naming a tier that is not there: exit 2" 2 "" "invalid --dax '1'" -- --dax 1 t0
expect "no device: exit 2" 2 "" "storprotoctl: capacity: no device given" --
expect "five devices: exit 2" 2 "" "Invalid number of devices: must be from 1 to 4" -- t0 t1 t3 big small
expect "an option without its value: exit 2" 2 "" "option '--extent-sectors' needs a value" -- t0 --extent-sectors
expect "a missing device: exit 1" 1 "" "storprotoctl: capacity: cannot open 'nosuch': No such file or directory" -- t0 nosuch
expect "a directory: exit 1" 1 "" "storprotoctl: capacity: 'adir' is neither a block device nor a regular file" -- t0 adir
expect "a character device: exit 1" 1 "" "'/dev/null' is neither a block device nor a regular file" -- /dev/null

if command -v python3 > /dev/null; then
	got=$("$ctl" capacity --json --dax 0 t0 t1 big | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d["tiers"]
print(d["sectors"] == d["extents"] * d["extent_sectors"] == sum(x["extents"] for x in t) * 2048,
      d["capacity_tiers"], [x["device"] for x in t], [x["dax"] for x in t],
      [x["capacity"] for x in t], [x["metadata"] for x in t], [x["sectors"] for x in t],
      [x["data_offset"] % 2048 == 0 for x in t[1:]], t[0]["extents"])')
	want="True [1, 2] ['t0', 't1', 'big'] [True, False, False] [False, True, True] [True, False, False] [2097152, 8388608, 134217728] [True, True] 0"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "--json: the layout of each tier, the sizes adding up"
	[ "$got" = "$want" ] || tap_diag "$got"
else
	echo "ok $((TAP_N += 1)) - --json # SKIP no python3"
fi

got=$(LD_LIBRARY_PATH=$TOP/lib "$TOP/tools/storprotoctl" capacity t0 t1)
tap_ok "$([ "$got" = 10479616 ] && echo 0 || echo 1)" "the installed tool's build agrees"
tap_done
