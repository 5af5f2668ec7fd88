/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Types and helpers for storproto's pure-logic files: the files that build
 * both into storproto.ko and into userspace (unit tests, libstorproto).
 * In the kernel this only pulls in kernel headers; in userspace it provides
 * the few equivalents the pure files need.
 */
#ifndef SP_TYPES_H
#define SP_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/stdarg.h>
#else
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#ifndef U64_MAX
#define U64_MAX UINT64_MAX
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static inline bool is_power_of_2(u64 n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static inline unsigned int ilog2(u64 n)
{
	return 63 - (unsigned int)__builtin_clzll(n);
}
#endif /* __KERNEL__ */

#endif /* SP_TYPES_H */
