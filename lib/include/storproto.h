/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstorproto: userspace library for storproto.
 *
 * This umbrella header only includes the sub-headers; include it rather
 * than the sub-headers. The kernel ABI (target name, debugfs paths, and in
 * later versions ioctl and uring_cmd structures) is <linux/storproto.h>,
 * installed with the library and found through
 * "pkg-config --cflags libstorproto".
 */
#ifndef _STORPROTO_H
#define _STORPROTO_H

#include <storproto/ctx.h>
#include <storproto/dm.h>
#include <storproto/workers.h>

#endif /* _STORPROTO_H */
