// SPDX-License-Identifier: GPL-2.0
/*
 * storproto: storage protocols (block, key-value, object) carried by
 * per-CPU storage I/O workers over DAX, local NVMe and NVMe over Fabrics.
 *
 * Module init/exit and parameters.
 */
#define pr_fmt(fmt) "storproto: " fmt

#include <linux/module.h>

#include "front/dm.h"
#include "tier/engine.h"
#include "worker.h"

static char *g_workers = "auto";
module_param_named(workers, g_workers, charp, 0444);
MODULE_PARM_DESC(workers,
		 "CPUs that run storage I/O workers, as a cpulist (e.g. 0-3,8). Default: auto = every CPU on machines of up to 8 CPUs, else every 4th CPU");

static int __init sp_init(void)
{
	int ret;

	ret = sp_workers_init(g_workers);
	if (ret)
		return ret;
	ret = sp_engine_init();
	if (ret)
		goto out_workers_exit;
	ret = sp_dm_init();
	if (ret)
		goto out_engine_exit;
	return 0;

out_engine_exit:
	sp_engine_exit();
out_workers_exit:
	sp_workers_exit();
	return ret;
}

static void __exit sp_exit(void)
{
	sp_dm_exit();
	sp_engine_exit();
	sp_workers_exit();
}

module_init(sp_init);
module_exit(sp_exit);

MODULE_DESCRIPTION("storproto: tiered block, key-value and object storage over DAX, NVMe and NVMe-oF");
MODULE_AUTHOR("The storproto authors");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
