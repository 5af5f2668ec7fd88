# SPDX-License-Identifier: GPL-2.0
# Helpers for storproto's guest scenarios (sourced). A scenario is one
# behaviour: it prints TAP lines through sp_check/sp_ok/sp_fail, ends with
# sp_done (plan, "N passed, N failed" and exit status), and exits 4 through
# sp_skip when something it needs is missing (kselftest convention).

set -u

SP_PASS=0
SP_FAIL=0
SP_N=0
SP_MOUNTS=()
SP_DMDEVS=()
SP_MNT_BASE=${SP_MNT_BASE:-/mnt/storproto-test}

# Scale sizes down on the (slow) debug kernel.
if [ "${SP_KERNEL:-}" = debug ]; then
	SP_SLOW=1
else
	SP_SLOW=0
fi

sp_log() { echo "# $*"; }

sp_ok() {
	SP_N=$((SP_N + 1)); SP_PASS=$((SP_PASS + 1))
	echo "ok $SP_N - $*"
}

sp_fail() {
	SP_N=$((SP_N + 1)); SP_FAIL=$((SP_FAIL + 1))
	echo "not ok $SP_N - $*"
}

# sp_check "description" command...: ok when the command succeeds.
sp_check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ $rc -eq 0 ]; then
		sp_ok "$desc"
	else
		sp_fail "$desc"
		[ -n "$out" ] && printf '%s\n' "$out" | tail -20 | sed 's/^/#   /'
		echo "#   (command: $*, exit $rc)"
	fi
	return 0
}

# sp_check_fails "description" command...: ok when the command fails.
sp_check_fails() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		sp_fail "$desc (command succeeded: $*)"
	else
		sp_ok "$desc"
	fi
}

# sp_expect_eq "description" expected actual
sp_expect_eq() {
	if [ "$2" = "$3" ]; then
		sp_ok "$1"
	else
		sp_fail "$1 (expected '$2', got '$3')"
	fi
}

# sp_refused create|reload NAME "TABLE" "SENTENCE" [dmsetup options]: ok
# when dmsetup refuses the table and the kernel log gives SENTENCE as the
# reason. A table that was wrongly taken is removed (create) or cleared
# (reload) again.
sp_refused() {
	local verb=$1 name=$2 table=$3 msg=$4
	shift 4
	if dmsetup "$verb" "$@" "$name" --table "$table" >/dev/null 2>&1; then
		sp_fail "refused: $table"
		if [ "$verb" = create ]; then dmsetup remove --retry "$name"; else dmsetup clear "$name"; fi
		return 0
	fi
	if dmesg | tail -n 20 | grep -qF "storproto: $msg"; then
		sp_ok "refused with \"$msg\""
	else
		sp_fail "refused but without \"$msg\": $table"
		dmesg | tail -n 3 | sed 's/^/#   /'
	fi
	[ "$verb" = create ] && dmsetup remove --retry "$name" >/dev/null 2>&1
	return 0
}

# sp_msg_refused NAME "SENTENCE" WORD...: ok when "dmsetup message NAME 0
# WORD..." fails and the kernel log gives SENTENCE as the reason.
sp_msg_refused() {
	local name=$1 msg=$2
	shift 2
	if dmsetup message "$name" 0 "$@" >/dev/null 2>&1; then
		sp_fail "message refused: $*"
	elif dmesg | tail -n 5 | grep -qF "$msg"; then
		sp_ok "message \"$*\" refused: $msg"
	else
		sp_fail "message \"$*\" refused without \"$msg\""
	fi
}

sp_skip() {
	echo "1..0 # SKIP $*"
	exit 4
}

sp_need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || sp_skip "needs $c"
	done
}

sp_need_dev() {
	local v
	for v in "$@"; do
		[ -b "${!v:-}" ] || sp_skip "needs block device \$$v"
	done
}

sp_done() {
	echo "1..$SP_N"
	echo "# $SP_PASS passed, $SP_FAIL failed"
	[ $SP_FAIL -eq 0 ]
	exit $?
}

sp_load() {
	modprobe storproto "$@"
}

# sp_create NAME DEV [TABLE_ARGS...]: a pass-through device over all of DEV.
# Prints /dev/mapper/NAME.
sp_create() {
	local name=$1 dev=$2 size
	shift 2
	size=$(blockdev --getsz "$dev")
	local nopt=$(($# + 1))
	dmsetup create "$name" --table "0 $size storproto 1 $dev $nopt passthrough $*" >&2 || return 1
	SP_DMDEVS+=("$name")
	udevadm settle 2>/dev/null || true
	echo "/dev/mapper/$name"
}

# sp_tiered NAME format|activate "DEV..." [TABLE_ARGS...]: a tiered device
# over all the capacity of DEVs (fastest first); "format" writes a new set.
# Prints /dev/mapper/NAME.
sp_tiered() {
	local name=$1 how=$2 devs=$3 size n capargs=() a
	shift 3
	local args=("$@")
	for ((a = 0; a < ${#args[@]}; a++)); do
		case ${args[a]} in
		extent_sectors) capargs+=(--extent-sectors "${args[a + 1]}") ;;
		capacity_tiers) capargs+=(--capacity-tiers "${args[a + 1]}") ;;
		esac
	done
	if [ "$how" = format ]; then
		size=$(storprotoctl capacity "${capargs[@]}" $devs) || return 1
	else
		size=$(storprotoctl capacity --existing $devs) || return 1
	fi
	n=$(echo $devs | wc -w)
	[ "$how" = format ] && args=(format "${args[@]}")
	dmsetup create "$name" --table "0 $size storproto $n $devs ${#args[@]} ${args[*]}" >&2 || return 1
	SP_DMDEVS+=("$name")
	udevadm settle 2>/dev/null || true
	echo "/dev/mapper/$name"
}

# sp_slice NAME DEV MIB: a dm-linear device over the first MIB MiB of DEV
# (a small tier, so a test fills it quickly). Prints /dev/mapper/NAME.
sp_slice() {
	dmsetup create "$1" --table "0 $(($3 * 2048)) linear $2 0" >&2 || return 1
	SP_DMDEVS+=("$1")
	echo "/dev/mapper/$1"
}

# sp_tier_used NAME TIER: data extents in use on TIER, from its status line.
sp_tier_used() {
	dmsetup status "$1" | awk -v t="$2" '{ print substr($(16 + t), 1, index($(16 + t), "/") - 1) }'
}

# sp_tiered_field NAME FIELD (tests/scenarios/fields.inc).
. "$(dirname "${BASH_SOURCE[0]}")/fields.inc"

sp_mount() {
	mkdir -p "$2"
	mount "$@" && SP_MOUNTS+=("$2")
}

# Status counter by name from `dmsetup status NAME`.
sp_stat() {
	local name=$1 field=$2 i=0 f
	local fields=(reads writes read_sectors write_sectors flushes fua discards write_zeroes errors in_flight)
	for f in "${fields[@]}"; do
		if [ "$f" = "$field" ]; then
			# start length target mode counters...
			dmsetup status "$name" | awk -v k=$((i + 5)) '{print $k}'
			return 0
		fi
		i=$((i + 1))
	done
	echo "sp_stat: no field $field" >&2
	return 1
}

sp_cleanup() {
	local m d i pass left next
	for m in "${SP_MOUNTS[@]}"; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	# Newest first: a device may sit on one created before it. A device
	# still held (a storproto device this list missed holding a slice) is
	# tried again once the storproto devices left behind are gone.
	left=("${SP_DMDEVS[@]}")
	for pass in 1 2 3; do
		next=()
		for ((i = ${#left[@]} - 1; i >= 0; i--)); do
			dmsetup remove --retry "${left[i]}" >/dev/null 2>&1 ||
				next=("${left[i]}" "${next[@]}")
		done
		left=("${next[@]}")
		# Anything else of ours left behind by a failed step.
		for d in $(dmsetup table 2>/dev/null | awk '$4 == "storproto" {sub(":$", "", $1); print $1}'); do
			dmsetup remove --force --retry "$d" >/dev/null 2>&1 || true
		done
		[ ${#left[@]} = 0 ] && break
	done
	modprobe -r storproto 2>/dev/null || true
}
trap sp_cleanup EXIT

# Block until /sys/kernel/tracing is mounted; print its path.
sp_tracefs() {
	if [ -d /sys/kernel/tracing/events ]; then
		echo /sys/kernel/tracing
		return
	fi
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
	[ -d /sys/kernel/tracing/events ] && echo /sys/kernel/tracing && return
	[ -d /sys/kernel/debug/tracing/events ] && echo /sys/kernel/debug/tracing && return
	return 1
}
