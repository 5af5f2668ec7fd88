#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# storprotoctl's usage: help on stdout with exit 0 when asked for; bad
# usage on stderr with exit 2 and a message naming the command; failures
# exit 1 with a sentence. None of these needs the module or device-mapper.
. "$(dirname "$0")/tap.sh"
ctl=$TOP/tools/storprotoctl
export LD_LIBRARY_PATH=$TOP/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
out=$(mktemp) err=$(mktemp)
# libdevmapper makes its control node when it is missing (as root): there.
DM_DEV_DIR=$(mktemp -d)
export DM_DEV_DIR
trap 'rm -rf "$out" "$err" "$DM_DEV_DIR"' EXIT

# expect <exit status> <stdout|stderr|none> <text expected in it> -- args...
expect() {
	local want=$1 where=$2 text=$3 rc ok=0
	shift 4
	"$ctl" "$@" > "$out" 2> "$err" && rc=0 || rc=$?
	[ "$rc" -eq "$want" ] || ok=1
	case $where in
	stdout) grep -qF -- "$text" "$out" || ok=1 ;;
	stderr) grep -qF -- "$text" "$err" || ok=1 ;;
	esac
	tap_ok $ok "storprotoctl $* -> exit $want${text:+, $where has \"$text\"}"
	[ $ok -eq 0 ] || tap_diag "exit $rc" "stdout: $(head -c 300 "$out")" "stderr: $(head -c 300 "$err")"
}

expect 2 stderr "usage: storprotoctl <command>" --
expect 0 stdout "usage: storprotoctl <command>" -- --help
expect 0 stdout "usage: storprotoctl <command>" -- -h
expect 0 stdout "usage: storprotoctl <command>" -- help
expect 0 stdout "usage: storprotoctl status [NAME] [--json]" -- help status
expect 0 stdout "usage: storprotoctl workers [--json]" -- workers --help
expect 0 stdout "usage: storprotoctl list [--json]" -- list -h
expect 0 stdout "usage: storprotoctl capacity [options] DEV..." -- capacity --help
expect 0 stdout "--capacity-tiers L" -- help capacity
expect 0 stdout "  capacity " -- help
expect 2 stderr "storprotoctl: unknown command 'frob'" -- frob
expect 2 stderr "storprotoctl: unknown command 'nosuch'" -- help nosuch
expect 2 stderr "storprotoctl: help: too many arguments" -- help status list
expect 2 stderr "storprotoctl: unknown option '--frob'" -- --frob
expect 2 stderr "storprotoctl: status: too many arguments" -- status a b
expect 2 stderr "storprotoctl: status: unknown option '--bogus'" -- status --bogus
expect 2 stderr "storprotoctl: status: unknown option '-x'" -- status -x
expect 2 stderr "storprotoctl: list: unexpected argument 'extra'" -- list extra
expect 2 stderr "storprotoctl: workers: unexpected argument 'extra'" -- workers extra
expect 2 stderr "storprotoctl: version: unexpected argument 'extra'" -- version extra
expect 2 stderr "storprotoctl: capacity: no device given" -- capacity
expect 2 stderr "storprotoctl: capacity: unknown option '--bogus'" -- capacity --bogus /dev/null
expect 2 stderr "storprotoctl: capacity: unknown option '-q'" -- capacity -q /dev/null
expect 2 stderr "Try 'storprotoctl capacity --help'." -- capacity --dax x /dev/null
expect 2 stderr "storprotoctl: capacity: --existing takes the layout from the superblocks: no --extent-sectors, --capacity-tiers or --dax" -- capacity --existing -e 256 /dev/null
expect 1 stderr "storprotoctl: capacity: '/bin/bash': No storproto superblock (unformatted or foreign device)" -- capacity --existing /bin/bash
expect 2 stderr "Try 'storprotoctl status --help'." -- status --bogus
expect 0 stdout "libstorproto 0.1.0" -- version
expect 0 stdout "storprotoctl 0.1.0" -- --version
expect 1 stderr "storprotoctl: status: '' is not a valid device-mapper name" -- status ""
expect 1 stderr "is not a valid device-mapper name" -- status "$(printf 'n%.0s' {1..200})"
expect 1 stderr "storprotoctl: status: " -- status sp-unit-no-such-device
STORPROTO_DEBUGFS=/nonexistent expect 1 stderr "storprotoctl: workers: no workers table under /nonexistent" -- workers
STORPROTO_DEBUGFS=/nonexistent expect 1 stderr "/nonexistent does not exist" -- workers --json

# Bad usage prints nothing on stdout.
"$ctl" status --bogus > "$out" 2>/dev/null
tap_ok "$([ -s "$out" ] && echo 1 || echo 0)" "bad usage writes nothing to stdout"
tap_done
