// SPDX-License-Identifier: GPL-2.0
/* HAVE_DM_GET_DEV_T: dev_t dm_get_dev_t(const char *) (up to 6.7) */
#include <linux/device-mapper.h>

int sp_probe(void);
int sp_probe(void)
{
	return dm_get_dev_t("/dev/null") != 0;
}
