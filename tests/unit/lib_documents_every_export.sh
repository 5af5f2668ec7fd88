#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every function libstorproto exports has a kernel-doc comment on its
# prototype in lib/include, and a man page in lib/man (its own, or a .so
# link to its group's) whose NAME section names it; every page has the
# sections NAME, SYNOPSIS, DESCRIPTION, RETURN VALUE, ERRORS and SEE ALSO.
. "$(dirname "$0")/tap.sh"
lib=$TOP/lib
for f in $(sed -n 's/^[[:space:]]*\(sp_[a-z0-9_]*\);/\1/p' "$lib/libstorproto.map"); do
	ok=0
	grep -rq -- "^ \* $f() - " "$lib/include" || ok=1
	page=$lib/man/$f.3
	if [ ! -f "$page" ]; then
		ok=1
	else
		target=$(sed -n 's/^\.so man3\/\(.*\)$/\1/p' "$page")
		[ -n "$target" ] && page=$lib/man/$target
		sed -n '/^\.SH NAME/,/^\.SH/p' "$page" | grep -qw -- "$f" || ok=1
	fi
	tap_ok $ok "$f: kernel-doc comment and man page"
done
for page in "$lib"/man/*.3 "$TOP"/tools/storprotoctl.8; do
	grep -q '^\.so ' "$page" && continue
	ok=0
	case $page in
	*.8) sections="NAME SYNOPSIS DESCRIPTION EXIT.STATUS SEE.ALSO" ;;
	*libstorproto.3) sections="NAME SYNOPSIS DESCRIPTION SEE.ALSO" ;;
	*) sections="NAME SYNOPSIS DESCRIPTION RETURN.VALUE ERRORS SEE.ALSO" ;;
	esac
	for s in $sections; do
		grep -q "^\.SH \"\?$s" "$page" || { ok=1; tap_diag "$(basename "$page"): no section $s"; }
	done
	if command -v man > /dev/null; then
		warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 > /dev/null)
		[ -z "$warn" ] || { ok=1; tap_diag "$warn"; }
	fi
	tap_ok $ok "$(basename "$page"): sections present, formats without warnings"
done
tap_done
