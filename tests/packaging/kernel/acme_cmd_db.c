// SPDX-License-Identifier: MIT
/*
 * A command-DB reader in the shape of the kernel's SoC firmware databases:
 * built-in code (core_initcall, no remove, no exit) that maps its
 * reserved-memory region write-combined once and keeps it for the life of
 * the system. Written for the tests; when the magic is wrong it returns
 * without unmapping, the bug `memremap module` must call a leak.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/types.h>

#define ACME_DB_MAGIC 0x42444d43 /* "CMDB" */

struct acme_db_header {
	__le32 magic;
	__le32 version;
	__le32 entries;
	__le32 reserved;
};

static struct acme_db_header *acme_db;

int acme_db_ready(void)
{
	if (!acme_db)
		return -EPROBE_DEFER;
	return 0;
}
EXPORT_SYMBOL_GPL(acme_db_ready);

static int acme_db_probe(struct platform_device *pdev)
{
	struct reserved_mem *rmem;

	rmem = of_reserved_mem_lookup(pdev->dev.of_node);
	if (!rmem) {
		dev_err(&pdev->dev, "failed to acquire memory region\n");
		return -EINVAL;
	}
	acme_db = memremap(rmem->base, rmem->size, MEMREMAP_WC);
	if (!acme_db)
		return -ENOMEM;
	if (le32_to_cpu(acme_db->magic) != ACME_DB_MAGIC) {
		dev_err(&pdev->dev, "Invalid Command DB Magic %#x at %pa\n",
			le32_to_cpu(acme_db->magic), &rmem->base);
		return -EINVAL;
	}
	dev_info(&pdev->dev, "v%u, %u entries, %pa+%pa\n", le32_to_cpu(acme_db->version),
		 le32_to_cpu(acme_db->entries), &rmem->base, &rmem->size);
	return 0;
}

static const struct of_device_id acme_db_match[] = {{.compatible = "acme,cmd-db"}, {}};
MODULE_DEVICE_TABLE(of, acme_db_match);

static struct platform_driver acme_db_driver = {
	.probe = acme_db_probe,
	.driver =
		{
			.name = "acme-cmd-db",
			.of_match_table = acme_db_match,
			.suppress_bind_attrs = true,
		},
};

static int __init acme_db_init(void)
{
	return platform_driver_register(&acme_db_driver);
}
core_initcall(acme_db_init);

MODULE_DESCRIPTION("Acme command DB (test driver)");
MODULE_LICENSE("Dual MIT/GPL");
