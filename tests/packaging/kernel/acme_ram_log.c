// SPDX-License-Identifier: MIT
/*
 * Maps a page of System RAM write-back (the direct map: memremap() keeps
 * no mapping of its own) and forgets it at exit: a leak all the same,
 * which `memremap module` must see. Written for the tests.
 */
#include <linux/io.h>
#include <linux/module.h>

#define RAM_LOG 0x40100000

static void *ram_log;

static int __init ram_log_init(void)
{
	ram_log = memremap(RAM_LOG, 0x1000, MEMREMAP_WB);
	if (!ram_log)
		return -ENOMEM;
	pr_info("ram log at %p\n", ram_log);
	return 0;
}

static void __exit ram_log_exit(void)
{
	/* memunmap(ram_log) forgotten */
}

module_init(ram_log_init);
module_exit(ram_log_exit);
MODULE_LICENSE("Dual MIT/GPL");
