#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make install DESTDIR=... PREFIX=/usr" lays out what a distribution
# package holds (library, soname link, archive, headers, ABI header, .pc,
# man pages, tool), and a program built with
# "pkg-config --cflags --libs libstorproto" against it compiles, links and
# runs, as does one linked with the static archive.
. "$(dirname "$0")/tap.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL
dest=$(mktemp -d)
# libdevmapper makes its control node when it is missing (as root): there.
export DM_DEV_DIR=$dest/dev
mkdir "$DM_DEV_DIR"
trap 'rm -rf "$dest"' EXIT
make -s -C "$TOP/lib" install DESTDIR="$dest" PREFIX=/usr > "$dest.log" 2>&1 &&
	make -s -C "$TOP/tools" install DESTDIR="$dest" PREFIX=/usr >> "$dest.log" 2>&1
rc=$?
tap_ok $rc "make -C lib install and make -C tools install with DESTDIR and PREFIX=/usr"
[ $rc -eq 0 ] || tap_diag "$(tail -20 "$dest.log")"
rm -f "$dest.log"

missing=
for f in usr/lib/libstorproto.so.0.1.0 usr/lib/libstorproto.so.0 usr/lib/libstorproto.so \
	usr/lib/libstorproto.a usr/lib/pkgconfig/libstorproto.pc \
	usr/include/storproto.h usr/include/storproto/ctx.h usr/include/storproto/dm.h \
	usr/include/storproto/workers.h usr/include/storproto/uapi/linux/storproto.h \
	usr/share/man/man3/libstorproto.3 usr/share/man/man3/sp_dm_list.3 \
	usr/share/man/man8/storprotoctl.8 usr/sbin/storprotoctl; do
	[ -e "$dest/$f" ] || missing="$missing $f"
done
tap_ok "$([ -z "$missing" ] && echo 0 || echo 1)" "every file is installed where a package expects it"
[ -z "$missing" ] || tap_diag "missing:$missing"
tap_ok "$([ ! -e "$dest/usr/include/linux" ] && echo 0 || echo 1)" \
	"nothing is installed into include/linux (the kernel headers' directory)"

cat > "$dest/prog.c" <<'PROG'
#include <stdio.h>
#include <string.h>
#include <storproto.h>
#include <linux/storproto.h>

int main(void)
{
	struct sp_dm_target t;
	struct sp_ctx *ctx;

	if (sp_new(&ctx) || sp_dm_decode(ctx, "1 259:0 0", NULL, &t))
		return 1;
	printf("%s %s %s\n", sp_version(), STORPROTO_DM_TARGET, t.devs[0]);
	sp_unref(ctx);
	return 0;
}
PROG
export PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$dest/usr/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/share/pkgconfig
flags=$(pkg-config --cflags --libs libstorproto) && rc=0 || rc=1
tap_ok $rc "pkg-config --cflags --libs libstorproto: $flags"
# shellcheck disable=SC2086
cc -Wall -Werror -o "$dest/prog" "$dest/prog.c" $flags 2> "$dest/cc.log" && rc=0 || rc=1
tap_ok $rc "a program using storproto.h and linux/storproto.h builds with those flags"
[ $rc -eq 0 ] || tap_diag "$(cat "$dest/cc.log")"
got=$(LD_LIBRARY_PATH=$dest/usr/lib "$dest/prog" 2>&1)
tap_ok "$([ "$got" = "0.1.0 storproto 259:0" ] && echo 0 || echo 1)" "it runs against the installed library"
needed=$(readelf -d "$dest/prog" 2>/dev/null | grep -c 'NEEDED.*libstorproto.so.0')
tap_ok "$([ "$needed" = 1 ] && echo 0 || echo 1)" "it needs libstorproto.so.0 (the soname)"

# shellcheck disable=SC2086
cc -Wall -Werror -o "$dest/prog-static" "$dest/prog.c" $(pkg-config --cflags libstorproto) \
	"$dest/usr/lib/libstorproto.a" -ldevmapper 2> "$dest/cc.log" && rc=0 || rc=1
got=$("$dest/prog-static" 2>&1)
tap_ok "$([ $rc -eq 0 ] && [ "$got" = "0.1.0 storproto 259:0" ] && echo 0 || echo 1)" \
	"a program linked with libstorproto.a builds and runs"
[ $rc -eq 0 ] || tap_diag "$(cat "$dest/cc.log")"

got=$(LD_LIBRARY_PATH=$dest/usr/lib "$dest/usr/sbin/storprotoctl" version 2>&1 | head -2 | tr '\n' ' ')
tap_ok "$([ "$got" = "storprotoctl 0.1.0 libstorproto 0.1.0 " ] && echo 0 || echo 1)" \
	"the installed storprotoctl runs with the installed library"
tap_done
