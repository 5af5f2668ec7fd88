# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell unit tests (sourced): ok/not ok per case, then
# the plan from tap_done, which also sets the exit status.
# The runner sets TOP to the repository's root.

set -u
: "${TOP:?TOP must name the repository root}"
TAP_N=0
TAP_FAILED=0

tap_ok() {	# tap_ok <status 0|1> <description>
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "not ok $TAP_N - $2"
	fi
}

tap_diag() {
	printf '%s\n' "$@" | sed 's/^/#   /'
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit
}
