#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# storprotoctl status and list over a stand-in libdevmapper (fake/dm.c,
# built into $FAKE_CTL), for pass-through devices: one text block per
# device with the table decoded and the counters named, JSON with the same
# values (an object for NAME, an array otherwise), list as a table with a
# row per target, the errors for a missing device and for a device of
# another kind, and "no storproto devices" with exit 0 when the kernel has
# no device-mapper. (Tiered devices: storprotoctl_shows_tiered_devices.sh.)
. "$(dirname "$0")/tap.sh"
: "${FAKE_CTL:?FAKE_CTL must name storprotoctl built over fake/dm.c}"
ctl=$FAKE_CTL
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SP_FAKE_DM=$dir/scenario
cat > "$SP_FAKE_DM" <<'SCENARIO'
target storproto 1 0 0
device fast 253 0 STORPROTO-fast 1 0
table 0 2097152 storproto 1 259:0 1 passthrough
status 0 2097152 storproto passthrough 10 20 80 160 3 2 1 0 0 0
device lin 253 2 - 0 0
table 0 2048 linear 8:0 0
status 0 2048 linear
device mixed 253 1 - 0 1
table 0 1000 storproto 1 259:1 3 passthrough chunk_sectors 256
table 1000 500 linear 8:16 0
status 0 1000 storproto passthrough 1 2 3 4 5 6 7 8 9 10 11
status 1000 500 linear
SCENARIO

has() {	# has <description> <text> <line expected, blanks squeezed>
	local ok=1
	printf '%s\n' "$2" | tr -s ' ' | grep -qxF -- "$3" && ok=0
	tap_ok $ok "$1"
}

text=$("$ctl" status 2> "$dir/err") && rc=0 || rc=$?
tap_ok $rc "status exits 0"
has "a block per device, named" "$text" "fast"
has "device number" "$text" " device 253:0"
has "uuid" "$text" " uuid STORPROTO-fast"
has "size in sectors and bytes" "$text" " size 2097152 sectors (1.0 GiB)"
has "state" "$text" " state active, read-write, open 1"
has "target with its sectors" "$text" " target 0 sectors 0-2097151 (2097152)"
has "devices of the table" "$text" " devices 259:0"
has "default chunk_sectors said to be so" "$text" " chunk_sectors 2048 (1.0 MiB, default)"
has "mode" "$text" " mode passthrough"
has "counters named: writes" "$text" " writes 20"
has "counters named: write_sectors" "$text" " write_sectors 160"
has "counters named: in_flight" "$text" " in_flight 0"
has "a mixed table says how many targets are storproto" "$text" " table 2 targets, 1 of them storproto"
has "a suspended device says so" "$text" " state suspended, read-write, open 0"
has "given chunk_sectors" "$text" " chunk_sectors 256 (128.0 KiB)"
has "an appended counter is shown by number" "$text" " counter_10 11"
tap_ok "$(printf '%s\n' "$text" | grep -qx lin && echo 1 || echo 0)" "a linear device is not shown"

if command -v python3 > /dev/null; then
	got=$("$ctl" status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d[1]["targets"][0]
print(len(d), d[0]["name"], d[0]["targets"][0]["counters"]["writes"], d[1]["suspended"],
      t["passthrough"], t["chunk_sectors"], t["chunk_sectors_set"], t["devices"],
      t["counters"]["counter_10"], "extent_sectors" in t, "tiers" in t)')
	want="2 fast 20 True True 256 True ['259:1'] 11 False False"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "status --json: an array with the same values"
	[ "$got" = "$want" ] || tap_diag "$got"
	got=$("$ctl" status fast --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["name"], d["major"], d["minor"], d["size"], d["targets"][0]["mode"], d["targets"][0]["counters"]["reads"])')
	want="fast 253 0 2097152 passthrough 10"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "status NAME --json: one object"
	[ "$got" = "$want" ] || tap_diag "$got"
	got=$("$ctl" list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(x["name"] for x in d), d[1]["size"], d[1]["targets"][0]["mode"],
      d[1]["targets"][0]["length"], "tiers" in d[1]["targets"][0])')
	want="fast mixed 1500 passthrough 1000 False"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "list --json names both, with their targets"
	[ "$got" = "$want" ] || tap_diag "$got"
else
	for d in "status --json" "status NAME --json" "list --json"; do
		echo "ok $((TAP_N += 1)) - $d # SKIP no python3"
	done
fi

text=$("$ctl" list)
has "list: a header" "$text" "name mode size extent capacity extents errors state"
has "list: a passthrough row, tier columns empty" "$text" "fast passthrough 1.0GiB - - - 0 -"
has "list: a row for the storproto target of a mixed table only" "$text" "mixed passthrough 500.0KiB - - - 9 -"
tap_ok "$([ "$(printf '%s\n' "$text" | wc -l)" -eq 3 ] && echo 0 || echo 1)" "list: three lines, no more"

"$ctl" status nosuch > /dev/null 2> "$dir/err" && rc=0 || rc=$?
tap_ok "$([ $rc -eq 1 ] && grep -qF "storprotoctl: status: no device named 'nosuch'" "$dir/err" && echo 0 || echo 1)" \
	"status of a missing device: exit 1, \"no device named 'nosuch'\""
"$ctl" status lin > /dev/null 2> "$dir/err" && rc=0 || rc=$?
tap_ok "$([ $rc -eq 1 ] && grep -qF "storprotoctl: status: 'lin' is not a storproto device" "$dir/err" && echo 0 || echo 1)" \
	"status of a linear device: exit 1, \"'lin' is not a storproto device\""
got=$("$ctl" version | tail -1)
tap_ok "$([ "$got" = "dm target storproto 1.0.0" ] && echo 0 || echo 1)" "version shows the dm target's"

echo nodm > "$SP_FAKE_DM"
out=$("$ctl" status 2> "$dir/err") && rc=0 || rc=$?
tap_ok "$([ $rc -eq 0 ] && [ "$out" = "no storproto devices" ] && echo 0 || echo 1)" \
	"no device-mapper: status says \"no storproto devices\", exit 0"
tap_ok "$(grep -q "device-mapper is not available" "$dir/err" && echo 0 || echo 1)" \
	"and says on stderr that device-mapper is not available"
out=$("$ctl" status --json 2> /dev/null) && rc=0 || rc=$?
tap_ok "$([ $rc -eq 0 ] && [ "$out" = "[]" ] && echo 0 || echo 1)" "no device-mapper: status --json is []"
out=$("$ctl" list 2> /dev/null) && rc=0 || rc=$?
tap_ok "$([ $rc -eq 0 ] && [ -z "$out" ] && echo 0 || echo 1)" "no device-mapper: list prints nothing, exit 0"
"$ctl" status fast > /dev/null 2> "$dir/err" && rc=0 || rc=$?
tap_ok "$([ $rc -eq 1 ] && grep -q "no device named 'fast'" "$dir/err" && echo 0 || echo 1)" \
	"no device-mapper: status NAME exits 1"
printf 'device bad 253 0 - 0 0\ntable 0 8 storproto 1 259:0 1 passthrough\nstatus 0 8 storproto passthrough 1\n' > "$SP_FAKE_DM"
"$ctl" status > /dev/null 2> "$dir/err" && rc=0 || rc=$?
tap_ok "$([ $rc -eq 1 ] && grep -q "cannot list devices" "$dir/err" && grep -q "too few counters" "$dir/err" && echo 0 || echo 1)" \
	"a status line it cannot decode: exit 1, the reason on stderr"
tap_done
