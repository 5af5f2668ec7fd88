/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version shims. Each choice is made by a compile probe
 * (probes/NAME.c -> HAVE_NAME in the generated sp_config.h), never by a
 * version number.
 */
#ifndef SP_COMPAT_H
#define SP_COMPAT_H

#include <linux/device-mapper.h>

#include "generated/sp_config.h"

/* Resolve a device path (or "major:minor") to a dev_t without opening it. */
static inline int sp_devt_from_path(const char *path, dev_t *devt)
{
#if defined(HAVE_DM_DEVT_FROM_PATH)
	return dm_devt_from_path(path, devt);
#elif defined(HAVE_DM_GET_DEV_T)
	*devt = dm_get_dev_t(path);
	return *devt ? 0 : -ENODEV;
#else
#error "compat: no way to resolve a device path; run kernel/compat/probe.sh"
#endif
}

/* Was the dm table loaded for writing? (blk_mode_t from 6.5, fmode_t before) */
static inline bool sp_dm_table_writable(struct dm_target *ti)
{
#ifdef BLK_OPEN_WRITE
	return dm_table_get_mode(ti->table) & BLK_OPEN_WRITE;
#else
	return dm_table_get_mode(ti->table) & FMODE_WRITE;
#endif
}

#endif /* SP_COMPAT_H */
