// SPDX-License-Identifier: MIT
/*
 * A reserved-memory nvmem provider: the region is the device's own node
 * under /reserved-memory; each read maps it, copies, and unmaps, so no
 * mapping lives between reads. Written for the tests.
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/nvmem-provider.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>

struct acme_rmem {
	struct device *dev;
	struct nvmem_device *nvmem;
	struct reserved_mem *mem;
};

static int acme_rmem_read(void *context, unsigned int offset, void *val, size_t bytes)
{
	struct acme_rmem *priv = context;
	void *addr;

	if (offset >= priv->mem->size)
		return -EINVAL;
	bytes = min_t(size_t, bytes, priv->mem->size - offset);
	addr = memremap(priv->mem->base, priv->mem->size, MEMREMAP_WB);
	if (!addr)
		return -ENOMEM;
	memcpy(val, addr + offset, bytes);
	memunmap(addr);
	return 0;
}

static int acme_rmem_probe(struct platform_device *pdev)
{
	struct nvmem_config config = {};
	struct device *dev = &pdev->dev;
	struct reserved_mem *mem;
	struct acme_rmem *priv;

	priv = devm_kzalloc(dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->dev = dev;
	mem = of_reserved_mem_lookup(dev->of_node);
	if (!mem) {
		dev_err(dev, "Failed to lookup reserved memory\n");
		return -EINVAL;
	}
	priv->mem = mem;
	config.dev = dev;
	config.priv = priv;
	config.name = "acme-rmem";
	config.id = NVMEM_DEVID_AUTO;
	config.size = mem->size;
	config.read_only = true;
	config.reg_read = acme_rmem_read;
	return PTR_ERR_OR_ZERO(devm_nvmem_register(dev, &config));
}

static const struct of_device_id acme_rmem_match[] = {{
							      .compatible = "acme,nvmem-rmem",
						      },
						      {}};
MODULE_DEVICE_TABLE(of, acme_rmem_match);

static struct platform_driver acme_rmem_driver = {
	.driver =
		{
			.name = "acme-rmem",
			.of_match_table = acme_rmem_match,
		},
	.probe = acme_rmem_probe,
};
module_platform_driver(acme_rmem_driver);

MODULE_DESCRIPTION("Acme reserved-memory nvmem provider (test driver)");
MODULE_LICENSE("Dual MIT/GPL");
