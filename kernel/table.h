/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The dm table of target "storproto": parsing and re-emitting the
 * constructor line. Pure logic, shared by the module and libstorproto.
 *
 *   <#devs> <dev>... <#opt_args> [<opt_arg>...]
 *
 * The devices are tiers, fastest first. Optional arguments:
 *   format               write a new tier set (once; never printed back)
 *   extent_sectors <n>   extent size in 512-byte sectors (tiered)
 *   capacity_tiers <l>   comma-separated tier numbers that hold data
 *   passthrough          no tiering: one device, every bio passed on
 *   chunk_sectors <n>    worker partition size (passthrough only)
 *   <knob> <value>       placement policy knobs (tier/policy.h):
 *                        tiering, migrate_rate, fill_watermark,
 *                        promote_heat, heat_halflife, evacuate
 */
#ifndef SP_TABLE_H
#define SP_TABLE_H

#include "sp_types.h"
#include "tier/policy.h"

#define SP_TABLE_MAX_DEVS		4
#define SP_TABLE_MAX_OPT_ARGS		32

#define SP_CHUNK_SECTORS_DEFAULT	2048U		/* 1 MiB */
#define SP_CHUNK_SECTORS_MIN		8U		/* 4 KiB */
#define SP_CHUNK_SECTORS_MAX		(1U << 21)	/* 1 GiB */

struct sp_table {
	unsigned int nr_devs;
	const char *devs[SP_TABLE_MAX_DEVS];	/* point into the argv parsed */
	bool passthrough;
	u32 chunk_sectors;
	bool chunk_sectors_set;			/* given explicitly */
	bool format;
	u32 extent_sectors;			/* 0: not given */
	u32 capacity_mask;			/* 0: not given */
	struct sp_knobs knobs;			/* tiered only */
};

/**
 * sp_table_parse() - parse the arguments that follow the target name
 * @t: filled in on success; left in an unspecified state on failure
 * @argc: number of arguments
 * @argv: the arguments; @t keeps pointers into them
 * @error: on failure, a sentence saying what is wrong (static storage)
 *
 * Return: 0 or -EINVAL.
 */
int sp_table_parse(struct sp_table *t, unsigned int argc, char **argv,
		   const char **error);

/**
 * sp_table_emit() - write the constructor line for @t
 * @t: a parsed table
 * @dev_names: names to print for the devices (dm prints "major:minor")
 * @buf: output buffer
 * @size: its size
 *
 * Only arguments that differ from their defaults, or were given, are
 * written, so the output of a parsed line parses to the same table.
 * "format" is never written: the line printed reactivates the set.
 *
 * Return: the length written (without the NUL), or -ENOSPC.
 */
int sp_table_emit(const struct sp_table *t, const char *const *dev_names,
		  char *buf, size_t size);

/* A "dmsetup message" to a tiered device. */
enum sp_message_op {
	SP_MSG_MIGRATE,		/* migrate <first_extent> <count> <tier> */
	SP_MSG_MIGRATE_PAUSE,	/* migrate pause */
	SP_MSG_MIGRATE_RESUME,	/* migrate resume */
	SP_MSG_KNOB,		/* <knob> <value>; evacuate cancel */
	SP_MSG_WHERE,		/* where <first_extent> <count> */
	SP_MSG_FLUSH,		/* flush: write the write log back */
};

#define SP_WHERE_MAX		1024U	/* extents one "where" answers for */

struct sp_message {
	enum sp_message_op op;
	u64 first;
	u64 count;
	u64 tier;
	int knob;		/* SP_MSG_KNOB */
	u32 value;		/* SP_MSG_KNOB; evacuate cancel: SP_EVACUATE_NONE */
};

/**
 * sp_message_parse() - parse the words of a target message
 * @m: the result
 * @argc: number of words
 * @argv: the words
 * @nr_tiers: the device's tiers (knob evacuate)
 * @error: on failure, a sentence saying what is wrong
 *
 * Ranges against the device are the engine's to check.
 * Return: 0 or -EINVAL.
 */
int sp_message_parse(struct sp_message *m, unsigned int argc, char **argv,
		     unsigned int nr_tiers, const char **error);

/**
 * sp_parse_tier_list() - parse a list of tier numbers such as "0,2"
 * @s: the list: decimal digits separated by commas
 * @nr_devs: every number must be below this
 * @mask: the result, one bit per tier
 *
 * Return: 0, or -EINVAL for a malformed list, a number out of range or
 * one given twice.
 */
int sp_parse_tier_list(const char *s, unsigned int nr_devs, u32 *mask);

/**
 * sp_parse_u64() - parse a decimal number, strictly
 * @s: the string; no sign, no spaces, no trailing characters
 * @val: the result
 *
 * Return: 0, or -EINVAL when @s is not a decimal number, or -ERANGE.
 */
int sp_parse_u64(const char *s, u64 *val);

/**
 * sp_append() - append formatted text at *@len in @buf
 * @buf: output buffer, NUL-terminated after each call
 * @size: its size
 * @len: length written so far; advanced on success
 * @fmt: printf format
 *
 * Return: 0, or -ENOSPC when the text did not fit (@buf is then full).
 */
__printf(4, 5)
int sp_append(char *buf, size_t size, size_t *len, const char *fmt, ...);

#endif /* SP_TABLE_H */
