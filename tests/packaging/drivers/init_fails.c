// SPDX-License-Identifier: MIT
/* A module whose init fails after cleaning up: exit must not run. */
#include <linux/io.h>
#include <linux/module.h>

static int __init fails_init(void)
{
	void *p = memremap(0xfe000000, 0x1000, MEMREMAP_WT);

	memunmap(p);
	return -ENODEV;
}

static void __exit fails_exit(void)
{
	pr_err("fails: exit ran after a failed init\n");
}

module_init(fails_init);
module_exit(fails_exit);
