#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# storprotoctl status and list over a stand-in libdevmapper (fake/dm.c,
# built into $FAKE_CTL), for tiered devices: the mode, the extent size and
# the capacity tiers (given, or defaulted and then read from the status
# line), per tier its device, used/total extents and errors, migrations
# done and in flight, commits, checkpoints, recovery time and state, in
# text, in JSON, and as rows of list; no chunk_sectors for a tiered target.
. "$(dirname "$0")/tap.sh"
: "${FAKE_CTL:?FAKE_CTL must name storprotoctl built over fake/dm.c}"
ctl=$FAKE_CTL
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SP_FAKE_DM=$dir/scenario
cat > "$SP_FAKE_DM" <<'SCENARIO'
target storproto 1 0 0
device tier3 253 4 STORPROTO-tier3 1 0
table 0 10479616 storproto 3 259:0 259:1 259:2 0
status 0 10479616 storproto tiered 10 20 80 160 3 2 1 0 0 0 3 0/0 5/100 7/400 12 1 9 2 35 0 0 4 degraded
device two 253 5 - 0 0
table 0 8192 storproto 2 8:0 8:16 4 extent_sectors 4096 capacity_tiers 0,1
status 0 8192 storproto tiered 1 2 3 4 5 6 7 8 9 10 2 1/1 0/1 0 0 1 1 250 1 0 needs_check
SCENARIO

has() {	# has <description> <text> <line expected, blanks squeezed>
	local ok=1
	printf '%s\n' "$2" | tr -s ' ' | grep -qxF -- "$3" && ok=0
	tap_ok $ok "$1"
	[ $ok -eq 0 ] || tap_diag "no line \"$3\""
}

block() {	# the text block of device $1
	printf '%s\n' "$text" | sed -n "/^$1\$/,/^\$/p"
}

text=$("$ctl" status 2> "$dir/err") && rc=0 || rc=$?
tap_ok $rc "status exits 0"
t3=$(block tier3)
two=$(block two)
has "the devices are the tiers, fastest first" "$t3" " devices 259:0 259:1 259:2"
has "mode tiered" "$t3" " mode tiered"
has "default extent size said to be so" "$t3" " extent_sectors 2048 (1.0 MiB, default)"
has "default capacity tiers: those with data extents, said to be default" "$t3" " capacity_tiers 1,2 (default)"
has "tier 0: its device, 0/0 extents, not a capacity tier, errors" "$t3" " tier 0 259:0 0/0 extents (not a capacity tier), 0 errors"
has "tier 1: its device, used/total extents, errors" "$t3" " tier 1 259:1 5/100 extents, 0 errors"
has "tier 2: its device, used/total extents, errors" "$t3" " tier 2 259:2 7/400 extents, 4 errors"
has "migrations done and in flight" "$t3" " migrations 12 done, 1 in flight"
has "commits" "$t3" " commits 9"
has "checkpoints" "$t3" " checkpoints 2"
has "recovery time" "$t3" " recovery 35 ms"
has "state" "$t3" " state degraded"
has "counters still named" "$t3" " write_sectors 160"
tap_ok "$(printf '%s\n' "$t3" | grep -q chunk_sectors && echo 1 || echo 0)" "no chunk_sectors for a tiered target"
has "given extent size" "$two" " extent_sectors 4096 (2.0 MiB)"
has "given capacity tiers" "$two" " capacity_tiers 0,1"
has "one error is one error" "$two" " tier 0 8:0 1/1 extents, 1 error"
has "state needs_check" "$two" " state needs_check"

text=$("$ctl" list)
has "list: a header" "$text" "name mode size extent capacity extents errors state"
has "list: a tiered row, each column filled" "$text" "tier3 tiered 5.0GiB 1.0MiB 1,2 0/0,5/100,7/400 0,0,4 degraded"
has "list: a row with what the table gives" "$text" "two tiered 4.0MiB 2.0MiB 0,1 1/1,0/1 1,0 needs_check"

if command -v python3 > /dev/null; then
	got=$("$ctl" status tier3 --json | python3 -c '
import json, sys
t = json.load(sys.stdin)["targets"][0]
print(t["passthrough"], t["mode"], t["extent_sectors"], t["extent_sectors_set"],
      t["capacity_tiers"], t["capacity_tiers_set"], "chunk_sectors" in t)
print(" ".join("%s:%s:%d/%d:%d" % (x["device"], x["capacity"], x["used"], x["total"], x["errors"])
               for x in t["tiers"]))
print(t["migrations_done"], t["migrations_in_flight"], t["commits"], t["checkpoints"],
      t["recovery_ms"], t["state"], t["counters"]["reads"])')
	want="False tiered 2048 False [1, 2] False False
259:0:False:0/0:0 259:1:True:5/100:0 259:2:True:7/400:4
12 1 9 2 35 degraded 10"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "status NAME --json: every tiered field"
	[ "$got" = "$want" ] || tap_diag "$got"
	got=$("$ctl" list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d[1]["targets"][0]
print(d[0]["name"], d[1]["name"], t["mode"], t["extent_sectors"], t["extent_sectors_set"],
      t["capacity_tiers"], t["capacity_tiers_set"], [x["used"] for x in t["tiers"]],
      t["recovery_ms"], t["state"])')
	want="tier3 two tiered 4096 True [0, 1] True [1, 0] 250 needs_check"
	tap_ok "$([ "$got" = "$want" ] && echo 0 || echo 1)" "list --json: the tiered fields of each target"
	[ "$got" = "$want" ] || tap_diag "$got"
else
	for d in "status NAME --json" "list --json"; do
		echo "ok $((TAP_N += 1)) - $d # SKIP no python3"
	done
fi

# Four tiers with the largest numbers: nothing is cut.
M=18446744073709551615
printf 'device big 253 0 - 0 0\ntable 0 8 storproto 4 8:0 8:16 8:32 8:48 0\nstatus 0 8 storproto tiered 1 2 3 4 5 6 7 8 9 10 4 %s %s %s %s %s %s %s %s %s %s %s %s %s ok\n' \
	"$M/$M" "$M/$M" "$M/$M" "$M/$M" $M $M $M $M $M $M $M $M $M > "$SP_FAKE_DM"
text=$("$ctl" list)
has "list: four tiers of the largest numbers, in full" "$text" \
	"big tiered 4.0KiB 1.0MiB 0,1,2,3 $M/$M,$M/$M,$M/$M,$M/$M $M,$M,$M,$M ok"
text=$("$ctl" status)
has "status: the largest numbers in full" "$text" " tier 3 8:48 $M/$M extents, $M errors"

# A status line cut short: the device cannot be read, the reason given.
printf 'device cut 253 0 - 0 0\ntable 0 8 storproto 2 8:0 8:16 0\nstatus 0 8 storproto tiered 1 2 3 4 5 6 7 8 9 10 2 1/1\n' > "$SP_FAKE_DM"
"$ctl" status cut > /dev/null 2> "$dir/err" && rc=0 || rc=$?
tap_ok "$([ $rc -eq 1 ] && grep -q "Tiered status line is cut short or malformed" "$dir/err" && echo 0 || echo 1)" \
	"a tiered status line cut short: exit 1, the reason on stderr"
tap_done
