// SPDX-License-Identifier: MIT
/* A module that leaves its device bound: its devm mapping outlives exit. */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/module.h>

static struct device *dev;

static int __init bound_init(void)
{
	void *fb;

	dev = mr_device_new("leaky-fb");
	if (!dev)
		return -ENOMEM;
	fb = devm_memremap(dev, 0xe0000000, 0x100000, MEMREMAP_WC);
	return PTR_ERR_OR_ZERO(fb);
}

static void __exit bound_exit(void)
{
	/* forgets mr_device_free(dev) */
}

module_init(bound_init);
module_exit(bound_exit);
