// SPDX-License-Identifier: MIT
/*
 * A table the firmware hands over through an EFI configuration table: the
 * efi core stores its address in a variable of the driver's (the kernel's
 * rci2_table_phys), a late initcall maps it, checks it, and offers it under
 * /sys/firmware/efi/tables. Written for the tests.
 */
#include <linux/efi.h>
#include <linux/unaligned.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>

unsigned long rci2_table_phys __ro_after_init = EFI_INVALID_TABLE_ADDR;

static struct bin_attribute table_attr = {
	.attr = {.name = "acme", .mode = 0400},
};

static int __init acme_efi_table_init(void)
{
	struct kobject *tables;
	u8 *table;
	u32 len;

	if (rci2_table_phys == EFI_INVALID_TABLE_ADDR)
		return -ENODEV;
	table = memremap(rci2_table_phys, 12, MEMREMAP_WB);
	if (!table)
		return -ENOMEM;
	if (memcmp(table, "ACMERCI2", 8)) {
		memunmap(table);
		return -ENODEV;
	}
	len = get_unaligned_le32(table + 8);
	memunmap(table);
	table = memremap(rci2_table_phys, len, MEMREMAP_WB);
	if (!table)
		return -ENOMEM;
	tables = kobject_create_and_add("tables", efi_kobj);
	if (!tables) {
		memunmap(table);
		return -ENOMEM;
	}
	table_attr.size = len;
	table_attr.private = table;
	pr_info("acme efi table: %u bytes at %#lx\n", len, rci2_table_phys);
	return sysfs_create_bin_file(tables, &table_attr);
}
late_initcall(acme_efi_table_init);

MODULE_LICENSE("Dual MIT/GPL");
