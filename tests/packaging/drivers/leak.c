// SPDX-License-Identifier: MIT
/* A module whose exit forgets memunmap(): the host must say what is left. */
#include <linux/io.h>
#include <linux/module.h>

static void __iomem *regs;

static int __init leak_init(void)
{
	regs = memremap(0xfe000000, 0x1000, MEMREMAP_WT);
	return regs ? 0 : -ENOMEM;
}

static void __exit leak_exit(void)
{
	pr_info("leak: exit without memunmap\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("MIT");
