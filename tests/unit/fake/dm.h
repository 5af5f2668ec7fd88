/* SPDX-License-Identifier: GPL-2.0 */
/* What the fake libdevmapper (fake/dm.c) lets a test look at. */
#ifndef SP_FAKE_DM_H
#define SP_FAKE_DM_H

#include <stdbool.h>

/* libstorproto's log function is installed in libdevmapper now. */
extern bool fake_dm_log_fn_set;
/* It was installed during the last dm_task_run(). */
extern bool fake_dm_log_fn_during_run;

/* Forget how many flaky status reads were served. */
void fake_dm_reset(void);

#endif /* SP_FAKE_DM_H */
