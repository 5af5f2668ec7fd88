/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for storproto's unit tests: each test program prints
 * "ok N - text" or "not ok N - text" per case, then the plan "1..N" (a
 * program that dies early prints no plan, which the runner counts as a
 * failure), and exits 0 only when every case passed.
 */
#ifndef SP_TAP_H
#define SP_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static unsigned int tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
static inline bool tap_ok(bool cond, const char *format, ...)
{
	va_list args;

	printf("%sok %u - ", cond ? "" : "not ", ++tap_n);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

__attribute__((format(printf, 1, 2)))
static inline void tap_diag(const char *format, ...)
{
	va_list args;

	printf("#   ");
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
}

/* Print the plan; return the exit status of the test program. */
static inline int tap_done(void)
{
	printf("1..%u\n", tap_n);
	fflush(stdout);
	return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * Split @line (copied into @buf) into words at spaces, the way dm splits a
 * table line. Return: the number of words in @argv.
 */
static inline unsigned int tap_split(const char *line, char *buf, size_t size,
				     char **argv, unsigned int max)
{
	unsigned int argc = 0;
	char *p, *save = NULL;

	snprintf(buf, size, "%s", line);
	for (p = strtok_r(buf, " ", &save); p && argc < max;
	     p = strtok_r(NULL, " ", &save))
		argv[argc++] = p;
	return argc;
}

/* Deterministic pseudo-random numbers (xorshift64*). */
static inline unsigned long long tap_rand(unsigned long long *state)
{
	unsigned long long x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

#endif /* SP_TAP_H */
