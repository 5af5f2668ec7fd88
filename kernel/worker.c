// SPDX-License-Identifier: GPL-2.0
/*
 * Storage I/O workers.
 *
 * One kernel thread per CPU named by the workers= module parameter. Each
 * has a lock-free queue (llist): front ends add requests from any context,
 * the worker takes the whole queue at once, restores arrival order, and
 * handles it in batches of up to SP_BATCH_MAX requests: sorted by class
 * and address (batch.c), carried out under one blk_plug so the block layer
 * merges neighbours, counted.
 *
 * CPU hotplug: a worker never stops while the module is loaded, so no
 * request is ever stranded. When its CPU goes offline the worker is moved
 * to the remaining online CPUs; when the CPU comes back the worker returns
 * to it. Routing (the partitioner) does not change with hotplug, so each
 * address keeps a single owner.
 */
#define pr_fmt(fmt) "storproto: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/blkdev.h>

#include "worker.h"
#include "../uapi/linux/storproto.h"

struct sp_worker {
	struct llist_head queue;	/* lock-free; any producer */
	struct task_struct *task;
	unsigned int index;
	unsigned int cpu;
	bool online;			/* hotplug callbacks, under cpus lock */
	atomic_t queued;		/* requests queued, not yet drained */
	atomic_t queue_hwm;		/* high-water mark of queued */

	/* Written only by the worker thread; read racily for statistics. */
	u64 requests;
	u64 batches;
	u64 coalesced;

	/* Only the worker thread uses this. */
	struct sp_addr *batch[SP_BATCH_MAX];
} ____cacheline_aligned_in_smp;

static struct sp_worker *sp_workers;
static unsigned int sp_nr_workers;
static int *sp_cpu_to_worker;		/* nr_cpu_ids entries, -1 if none */
static enum cpuhp_state sp_cpuhp_state;
static struct dentry *sp_debugfs_dir;

unsigned int sp_workers_nr(void)
{
	return sp_nr_workers;
}

unsigned int sp_worker_local(void)
{
	unsigned int cpu = raw_smp_processor_id();
	int w = sp_cpu_to_worker[cpu];

	return w >= 0 ? (unsigned int)w : cpu % sp_nr_workers;
}

static void sp_worker_note_depth(struct sp_worker *w, int depth)
{
	int hwm = atomic_read(&w->queue_hwm);

	while (depth > hwm) {
		if (atomic_try_cmpxchg(&w->queue_hwm, &hwm, depth))
			break;
	}
}

void sp_worker_queue(unsigned int index, struct sp_req *req)
{
	struct sp_worker *w = &sp_workers[index];

	sp_worker_note_depth(w, atomic_inc_return(&w->queued));
	/* llist_add() returns true when the queue was empty: wake the worker. */
	if (llist_add(&req->node, &w->queue))
		wake_up_process(w->task);
}

static void sp_worker_run_batch(struct sp_worker *w, unsigned int n)
{
	struct blk_plug plug;
	unsigned int i;

	sp_batch_sort(w->batch, n);
	w->coalesced += sp_batch_contiguous(w->batch, n);

	blk_start_plug(&plug);
	for (i = 0; i < n; i++) {
		struct sp_req *req = container_of(w->batch[i], struct sp_req, addr);

		/* The request may complete and vanish inside execute(). */
		req->ops->execute(req);
	}
	blk_finish_plug(&plug);

	WRITE_ONCE(w->requests, w->requests + n);
	WRITE_ONCE(w->batches, w->batches + 1);
}

static void sp_worker_drain(struct sp_worker *w)
{
	struct llist_node *node = llist_reverse_order(llist_del_all(&w->queue));

	while (node) {
		unsigned int n = 0;

		while (node && n < SP_BATCH_MAX) {
			struct sp_req *req = llist_entry(node, struct sp_req, node);

			node = node->next;
			w->batch[n++] = &req->addr;
		}
		atomic_sub(n, &w->queued);
		sp_worker_run_batch(w, n);
		cond_resched();
	}
}

static int sp_worker_fn(void *data)
{
	struct sp_worker *w = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (llist_empty(&w->queue)) {
			/* Stop only once the queue is empty. */
			if (kthread_should_stop()) {
				__set_current_state(TASK_RUNNING);
				break;
			}
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		sp_worker_drain(w);
	}
	return 0;
}

/* Hotplug: bring a worker home to its CPU. */
static int sp_cpu_online(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < sp_nr_workers; i++) {
		struct sp_worker *w = &sp_workers[i];

		if (w->cpu != cpu)
			continue;
		set_cpus_allowed_ptr(w->task, cpumask_of(cpu));
		w->online = true;
	}
	return 0;
}

/* Hotplug: move a worker off its CPU, to every other online CPU. */
static int sp_cpu_offline(unsigned int cpu)
{
	cpumask_var_t mask;
	unsigned int i;

	if (!alloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	cpumask_copy(mask, cpu_online_mask);
	cpumask_clear_cpu(cpu, mask);
	for (i = 0; i < sp_nr_workers; i++) {
		struct sp_worker *w = &sp_workers[i];

		if (w->cpu != cpu)
			continue;
		w->online = false;
		set_cpus_allowed_ptr(w->task, mask);
	}
	free_cpumask_var(mask);
	return 0;
}

static int sp_workers_show(struct seq_file *m, void *v)
{
	unsigned int i;

	seq_puts(m, "worker cpu online requests batches coalesced mean_batch queue_hwm queued\n");
	for (i = 0; i < sp_nr_workers; i++) {
		struct sp_worker *w = &sp_workers[i];
		u64 reqs = READ_ONCE(w->requests);
		u64 batches = READ_ONCE(w->batches);
		u64 mean100 = batches ? div64_u64(reqs * 100, batches) : 0;

		seq_printf(m, "%u %u %d %llu %llu %llu %llu.%02llu %d %d\n",
			   w->index, w->cpu, READ_ONCE(w->online) ? 1 : 0,
			   reqs, batches, READ_ONCE(w->coalesced),
			   div_u64(mean100, 100), mean100 % 100,
			   atomic_read(&w->queue_hwm), atomic_read(&w->queued));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sp_workers);

/*
 * The default worker set: every CPU on machines of up to 8 CPUs; above
 * that, every 4th CPU, leaving the others to applications.
 */
static void sp_default_cpus(struct cpumask *mask)
{
	unsigned int cpu, n = 0;
	bool every = num_possible_cpus() <= 8;

	cpumask_clear(mask);
	for_each_possible_cpu(cpu) {
		if (every || n % 4 == 0)
			cpumask_set_cpu(cpu, mask);
		n++;
	}
}

static int sp_workers_parse(const char *cpulist, struct cpumask *mask)
{
	int ret;

	if (!cpulist || !*cpulist || !strcmp(cpulist, "auto")) {
		sp_default_cpus(mask);
		return 0;
	}
	ret = cpulist_parse(cpulist, mask);
	if (ret == -ERANGE || (!ret && !cpumask_subset(mask, cpu_possible_mask))) {
		pr_err("workers=%s names CPUs this machine cannot have (possible: %*pbl)\n",
		       cpulist, cpumask_pr_args(cpu_possible_mask));
		return -EINVAL;
	}
	if (ret) {
		pr_err("workers=%s is not a CPU list (e.g. 0-3,8)\n", cpulist);
		return ret;
	}
	if (cpumask_empty(mask)) {
		pr_err("workers=%s names no CPU\n", cpulist);
		return -EINVAL;
	}
	return 0;
}

static void sp_workers_stop(unsigned int nr)
{
	while (nr--)
		kthread_stop(sp_workers[nr].task);
}

int sp_workers_init(const char *cpulist)
{
	cpumask_var_t mask;
	unsigned int cpu, i;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	ret = sp_workers_parse(cpulist, mask);
	if (ret)
		goto out_free_mask;

	sp_nr_workers = cpumask_weight(mask);
	sp_workers = kcalloc(sp_nr_workers, sizeof(*sp_workers), GFP_KERNEL);
	sp_cpu_to_worker = kcalloc(nr_cpu_ids, sizeof(int), GFP_KERNEL);
	if (!sp_workers || !sp_cpu_to_worker) {
		ret = -ENOMEM;
		goto out_free_arrays;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		sp_cpu_to_worker[cpu] = -1;

	i = 0;
	for_each_cpu(cpu, mask) {
		struct sp_worker *w = &sp_workers[i];
		struct task_struct *t;

		init_llist_head(&w->queue);
		w->index = i;
		w->cpu = cpu;
		t = kthread_create_on_node(sp_worker_fn, w, cpu_to_node(cpu),
					   "storproto/%u", cpu);
		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			sp_workers_stop(i);
			goto out_free_arrays;
		}
		w->task = t;
		sp_cpu_to_worker[cpu] = (int)i;
		i++;
	}

	/* Place the workers and follow hotplug from here on, atomically. */
	cpus_read_lock();
	for (i = 0; i < sp_nr_workers; i++) {
		struct sp_worker *w = &sp_workers[i];

		w->online = cpu_online(w->cpu);
		set_cpus_allowed_ptr(w->task, w->online ? cpumask_of(w->cpu) :
				     cpu_online_mask);
	}
	ret = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "block/storproto:online",
						   sp_cpu_online, sp_cpu_offline);
	cpus_read_unlock();
	if (ret < 0) {
		sp_workers_stop(sp_nr_workers);
		goto out_free_arrays;
	}
	sp_cpuhp_state = ret;

	for (i = 0; i < sp_nr_workers; i++)
		wake_up_process(sp_workers[i].task);

	sp_debugfs_dir = debugfs_create_dir(STORPROTO_DEBUGFS_DIR, NULL);
	debugfs_create_file(STORPROTO_DEBUGFS_WORKERS, 0444, sp_debugfs_dir,
			    NULL, &sp_workers_fops);

	pr_info("%u storage I/O workers on CPUs %*pbl\n", sp_nr_workers,
		cpumask_pr_args(mask));
	free_cpumask_var(mask);
	return 0;

out_free_arrays:
	kfree(sp_cpu_to_worker);
	kfree(sp_workers);
	sp_cpu_to_worker = NULL;
	sp_workers = NULL;
	sp_nr_workers = 0;
out_free_mask:
	free_cpumask_var(mask);
	return ret;
}

void sp_workers_exit(void)
{
	debugfs_remove_recursive(sp_debugfs_dir);
	cpuhp_remove_state_nocalls(sp_cpuhp_state);
	/* kthread_stop() returns once the worker has drained its queue. */
	sp_workers_stop(sp_nr_workers);
	kfree(sp_cpu_to_worker);
	kfree(sp_workers);
	sp_workers = NULL;
	sp_nr_workers = 0;
}
