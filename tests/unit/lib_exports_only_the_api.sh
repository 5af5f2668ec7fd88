#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libstorproto exports exactly the functions of its version script, all
# at LIBSTORPROTO_0.1, under the soname libstorproto.so.0; the static
# archive offers the same ones and keeps the module's parsers to itself.
. "$(dirname "$0")/tap.sh"
lib=$TOP/lib
map=$(sed -n 's/^[[:space:]]*\(sp_[a-z0-9_]*\);/\1/p' "$lib/libstorproto.map" | sort)
so=$(nm -D --defined-only "$lib/libstorproto.so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort)
tap_ok "$([ -n "$map" ] && [ "$map" = "$so" ] && echo 0 || echo 1)" \
	"the shared library exports the version script's functions, no more"
[ "$map" = "$so" ] || tap_diag "$(diff <(echo "$map") <(echo "$so"))"
other=$(nm -D --defined-only "$lib/libstorproto.so" | awk '$2 != "A"' | grep -vc '@@LIBSTORPROTO_0.1$')
tap_ok "$other" "every exported symbol has version LIBSTORPROTO_0.1"
soname=$(readelf -d "$lib/libstorproto.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
tap_ok "$([ "$soname" = libstorproto.so.0 ] && echo 0 || echo 1)" "soname is libstorproto.so.0"
tap_ok "$([ "$(readlink "$lib/libstorproto.so.0")" = libstorproto.so.0.1.0 ] && echo 0 || echo 1)" \
	"libstorproto.so.0 links to libstorproto.so.0.1.0"
ar=$(nm --defined-only "$lib/libstorproto.a" | awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' | sort)
tap_ok "$([ "$map" = "$ar" ] && echo 0 || echo 1)" \
	"the static archive's global symbols are the same functions"
[ "$map" = "$ar" ] || tap_diag "$(diff <(echo "$map") <(echo "$ar"))"
tap_done
