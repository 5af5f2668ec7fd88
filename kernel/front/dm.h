/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SP_FRONT_DM_H
#define SP_FRONT_DM_H

/* front/dm.c: the device-mapper target "storproto" */
int sp_dm_init(void);
void sp_dm_exit(void);

#endif /* SP_FRONT_DM_H */
