// SPDX-License-Identifier: GPL-2.0
/* HAVE_DM_DEVT_FROM_PATH: int dm_devt_from_path(const char *, dev_t *) (6.8+) */
#include <linux/device-mapper.h>

int sp_probe(void);
int sp_probe(void)
{
	dev_t devt;

	return dm_devt_from_path("/dev/null", &devt);
}
