#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# storprotoctl workers prints the workers table of (a stand-in for)
# debugfs: aligned text with the documented columns, and JSON with the same
# values, mean_batch keeping its two decimals.
. "$(dirname "$0")/tap.sh"
ctl=$TOP/tools/storprotoctl
export LD_LIBRARY_PATH=$TOP/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/storproto"
cat > "$dir/storproto/workers" <<'TABLE'
worker cpu online requests batches coalesced mean_batch queue_hwm queued
0 0 1 183224 61012 1201 3.00 41 0
1 1 0 1234 100 20 12.34 32 7
TABLE
export STORPROTO_DEBUGFS=$dir

text=$("$ctl" workers) && rc=0 || rc=$?
tap_ok $rc "workers exits 0"
head=$(echo "$text" | head -1 | tr -s ' ' | sed 's/^ //')
tap_ok "$([ "$head" = "worker cpu online requests batches coalesced mean_batch queue_hwm queued" ] && echo 0 || echo 1)" \
	"text header names the documented columns"
row=$(echo "$text" | sed -n 3p | tr -s ' ' | sed 's/^ //')
tap_ok "$([ "$row" = "1 1 no 1234 100 20 12.34 32 7" ] && echo 0 || echo 1)" \
	"text row of worker 1 holds its values"
widths=$(echo "$text" | awk '{ print length($0) }' | sort -u | wc -l)
tap_ok "$([ "$widths" -eq 1 ] && echo 0 || echo 1)" "text lines are aligned (same length)"

json=$("$ctl" workers --json) && rc=0 || rc=$?
tap_ok $rc "workers --json exits 0"
if command -v python3 > /dev/null; then
	got=$(echo "$json" | python3 -c '
import json, sys
w = json.load(sys.stdin)
print(len(w), w[0]["requests"], w[0]["online"], w[1]["online"], w[1]["mean_batch"], w[1]["queued"])')
	tap_ok "$([ "$got" = "2 183224 True False 12.34 7" ] && echo 0 || echo 1)" \
		"JSON is an array with the same values"
	[ "$got" = "2 183224 True False 12.34 7" ] || tap_diag "$got"
else
	echo "ok $((TAP_N += 1)) - JSON is an array with the same values # SKIP no python3"
fi
tap_ok "$(echo "$json" | grep -q '"mean_batch": 3.00,' && echo 0 || echo 1)" \
	"mean_batch keeps two decimals in JSON"
tap_done
