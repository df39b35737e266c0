// SPDX-License-Identifier: MIT
/*
 * A firmware table reader: the table lies in a no-map reserved region that
 * the node's memory-region names; the driver checks its header and sum,
 * lists its entries, and offers the table as a sysfs binary attribute
 * under /sys/firmware, as the kernel's firmware-table drivers do. Written
 * for the tests.
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#define FWT_MAGIC "ACMEFWT1"

struct fwt_entry {
	__le32 tag;
	__le32 value;
};

struct fwt_header {
	char magic[8];
	__le32 length; /* header and entries */
	__le16 count;
	u8 checksum; /* all bytes of length sum to 0 */
	u8 reserved;
	struct fwt_entry entries[];
};

struct fwt {
	void *base;
	size_t length;
	struct kobject *kobj;
	struct bin_attribute attr;
};

static ssize_t table_read(struct file *f, struct kobject *kobj, struct bin_attribute *attr,
			  char *buf, loff_t off, size_t count)
{
	struct fwt *fwt = attr->private;

	(void)f;
	(void)kobj;
	return memory_read_from_buffer(buf, count, &off, fwt->base, fwt->length);
}

static int fwt_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np;
	struct reserved_mem *rmem;
	const struct fwt_header *hdr;
	struct fwt *fwt;
	u8 sum = 0;
	size_t i;
	int ret;

	np = of_parse_phandle(dev->of_node, "memory-region", 0);
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	if (!rmem)
		return dev_err_probe(dev, -ENODEV, "no memory-region\n");
	fwt = devm_kzalloc(dev, sizeof(*fwt), GFP_KERNEL);
	if (!fwt)
		return -ENOMEM;
	fwt->base = devm_memremap(dev, rmem->base, rmem->size, MEMREMAP_WB);
	if (IS_ERR(fwt->base))
		return PTR_ERR(fwt->base);
	hdr = fwt->base;
	if (memcmp(hdr->magic, FWT_MAGIC, sizeof(hdr->magic)))
		return dev_err_probe(dev, -EINVAL, "no table at %pa: %8ph\n", &rmem->base,
				     hdr->magic);
	fwt->length = le32_to_cpu(hdr->length);
	if (fwt->length > rmem->size ||
	    struct_size(hdr, entries, le16_to_cpu(hdr->count)) > fwt->length)
		return dev_err_probe(dev, -EINVAL, "table longer than its region\n");
	for (i = 0; i < fwt->length; i++)
		sum += ((const u8 *)fwt->base)[i];
	if (sum)
		return dev_err_probe(dev, -EILSEQ, "bad checksum %#x\n", sum);
	for (i = 0; i < le16_to_cpu(hdr->count); i++)
		dev_info(dev, "entry %zu: tag %#x value %u\n", i, le32_to_cpu(hdr->entries[i].tag),
			 le32_to_cpu(hdr->entries[i].value));

	fwt->kobj = kobject_create_and_add("acme", firmware_kobj);
	if (!fwt->kobj)
		return -ENOMEM;
	sysfs_bin_attr_init(&fwt->attr);
	fwt->attr.attr.name = "table";
	fwt->attr.attr.mode = 0400;
	fwt->attr.size = fwt->length;
	fwt->attr.read = table_read;
	fwt->attr.private = fwt;
	ret = sysfs_create_bin_file(fwt->kobj, &fwt->attr);
	if (ret) {
		kobject_put(fwt->kobj);
		return ret;
	}
	platform_set_drvdata(pdev, fwt);
	dev_info(dev, "%u entries, %zu bytes at %pa\n", le16_to_cpu(hdr->count), fwt->length,
		 &rmem->base);
	return 0;
}

static void fwt_remove(struct platform_device *pdev)
{
	struct fwt *fwt = platform_get_drvdata(pdev);

	sysfs_remove_bin_file(fwt->kobj, &fwt->attr);
	kobject_put(fwt->kobj);
}

static const struct of_device_id fwt_match[] = {{.compatible = "acme,fw-table"}, {}};
MODULE_DEVICE_TABLE(of, fwt_match);

static struct platform_driver fwt_driver = {
	.probe = fwt_probe,
	.remove = fwt_remove,
	.driver =
		{
			.name = "acme-fw-table",
			.of_match_table = of_match_ptr(fwt_match),
		},
};
module_platform_driver(fwt_driver);

MODULE_DESCRIPTION("Acme firmware table (test driver)");
MODULE_LICENSE("Dual MIT/GPL");
