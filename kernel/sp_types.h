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
#include <linux/slab.h>
#include <linux/crc32c.h>
#include <linux/sort.h>

static inline void sp_sort(void *base, size_t num, size_t size,
			   int (*cmp)(const void *, const void *))
{
	sort(base, num, size, cmp, NULL);
}

static inline void *sp_kvcalloc(size_t n, size_t size)
{
	return kvcalloc(n, size, GFP_KERNEL);
}

static inline void sp_kvfree(const void *p)
{
	kvfree(p);
}

/* crc32c without pre- or post-inversion, as the kernel's crc32c(). */
static inline u32 sp_crc32c_raw(u32 crc, const void *p, size_t len)
{
	return crc32c(crc, p, len);
}
#else
#include <endian.h>
#include <errno.h>
#include <linux/types.h>	/* __le16, __le32, __le64 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define cpu_to_le16(x) htole16(x)
#define cpu_to_le32(x) htole32(x)
#define cpu_to_le64(x) htole64(x)
#define le16_to_cpu(x) le16toh(x)
#define le32_to_cpu(x) le32toh(x)
#define le64_to_cpu(x) le64toh(x)

#ifndef U32_MAX
#define U32_MAX UINT32_MAX
#endif
#ifndef BITS_PER_LONG
#define BITS_PER_LONG (8 * (int)sizeof(long))
#endif
#ifndef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#endif
#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif

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

static inline void *sp_kvcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static inline void sp_sort(void *base, size_t num, size_t size,
			   int (*cmp)(const void *, const void *))
{
	qsort(base, num, size, cmp);
}

static inline void sp_kvfree(const void *p)
{
	free((void *)p);
}

/* crc32c (Castagnoli, reflected) without pre- or post-inversion. */
static inline u32 sp_crc32c_raw(u32 crc, const void *p, size_t len)
{
	const u8 *b = p;

	while (len--) {
		int k;

		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78U & (0U - (crc & 1)));
	}
	return crc;
}
#endif /* __KERNEL__ */

#endif /* SP_TYPES_H */
