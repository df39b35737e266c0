// SPDX-License-Identifier: MIT
/*
 * An ACPI-table reader: bound by ACPI hardware ID only, it maps the
 * standard table header at its memory resource, checks signature, length
 * and checksum, then maps the whole table, copies it out and unmaps, as
 * firmware-table readers do. Written for the tests.
 */
#include <linux/acpi.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include <linux/slab.h>

struct acme_table_header {
	char signature[4];
	__le32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	__le32 oem_revision;
	__le32 asl_compiler_id;
	__le32 asl_compiler_revision;
} __packed;

static int acme_table_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct acme_table_header *hdr;
	struct resource *res;
	u32 length;
	void *copy;
	u8 sum = 0;
	u8 *table;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return -ENODEV;
	hdr = memremap(res->start, sizeof(*hdr), MEMREMAP_WB);
	if (!hdr)
		return -ENOMEM;
	length = le32_to_cpu(hdr->length);
	if (memcmp(hdr->signature, "ACME", 4) || length < sizeof(*hdr) ||
	    length > resource_size(res)) {
		dev_err(dev, "no table at %pR: %*phN\n", res, 4, hdr->signature);
		memunmap(hdr);
		return -ENODEV;
	}
	memunmap(hdr);
	table = memremap(res->start, length, MEMREMAP_WB);
	if (!table)
		return -ENOMEM;
	for (u32 i = 0; i < length; i++)
		sum += table[i];
	copy = sum ? NULL : devm_kmemdup(dev, table, length, GFP_KERNEL);
	memunmap(table);
	if (sum) {
		dev_err(dev, "checksum %#x, not 0\n", sum);
		return -EILSEQ;
	}
	if (!copy)
		return -ENOMEM;
	hdr = copy;
	add_device_randomness(copy, length);
	dev_info(dev, "%.4s %pa v%u %.6s %.8s, %u bytes\n", hdr->signature, &res->start,
		 hdr->revision, hdr->oem_id, hdr->oem_table_id, length);
	platform_set_drvdata(pdev, copy);
	return 0;
}

static const struct acpi_device_id acme_table_ids[] = {{.id = "ACME0001"}, {}};
MODULE_DEVICE_TABLE(acpi, acme_table_ids);

static struct platform_driver acme_table_driver = {
	.probe = acme_table_probe,
	.driver =
		{
			.name = "acme-acpi-table",
			.acpi_match_table = ACPI_PTR(acme_table_ids),
		},
};
module_platform_driver(acme_table_driver);

MODULE_DESCRIPTION("Acme ACPI table reader (test driver)");
MODULE_LICENSE("Dual MIT/GPL");
