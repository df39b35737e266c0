// SPDX-License-Identifier: MIT
/*
 * A module in the kernel's device-managed style: everything it takes is
 * tied to its device, and freeing the device at exit releases it all.
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>

#define REGS_PHYS   0xfe000000
#define REGS_SIZE   0x1000
#define REG_SCRATCH 0x10

struct regs_priv {
	void __iomem *regs;
	u32 seen;
};

static struct device *dev;

static int __init devm_ok_init(void)
{
	struct regs_priv *priv;

	dev = mr_device_new("devm-ok");
	if (!dev)
		return -ENOMEM;
	priv = devm_kzalloc(dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->regs = devm_memremap(dev, REGS_PHYS, REGS_SIZE, MEMREMAP_WT);
	if (IS_ERR(priv->regs))
		return dev_err_probe(dev, (int)PTR_ERR(priv->regs), "cannot map registers\n");
	writel(0x55aa, priv->regs + REG_SCRATCH);
	priv->seen = readl(priv->regs + REG_SCRATCH);
	if (priv->seen != 0x55aa) {
		dev_err(dev, "scratch register reads %#x\n", priv->seen);
		return -EIO;
	}
	dev_info(dev, "registers at %#x, scratch ok\n", REGS_PHYS);
	return 0;
}

static void __exit devm_ok_exit(void)
{
	mr_device_free(dev);
}

module_init(devm_ok_init);
module_exit(devm_ok_exit);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("devm_memremap and readl/writel through the compatibility headers");
