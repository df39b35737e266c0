// SPDX-License-Identifier: MIT
/*
 * EFI configuration tables without EFI: when /chosen names an EFI system
 * table (`linux,uefi-system-table`), its configuration tables are read
 * from the machine's memory and each known one's address is stored where
 * the kernel's efi core stores it (drivers/firmware/efi/efi.c's
 * common_tables[]), found by name among the loaded modules' symbols.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include <linux/efi.h>

#define EFI_SYSTAB_SIZE	     120 /* the 64-bit EFI_SYSTEM_TABLE */
#define EFI_SYSTAB_NR_TABLES 104
#define EFI_SYSTAB_TABLES    112
#define EFI_MAX_TABLES	     256

static struct kobject efi_kobj_s = {.name = "efi", .mr_refs = 1};
MR_EXPORT struct kobject *efi_kobj = &efi_kobj_s;
static bool efi_found;

/* /sys/firmware/efi: firmware_kobj is another file's, so the link is made at load. */
static void __attribute__((constructor)) efi_kobj_link(void)
{
	efi_kobj_s.parent = firmware_kobj;
}

MR_EXPORT bool efi_enabled(int feature)
{
	return efi_found &&
	       (feature == EFI_BOOT || feature == EFI_CONFIG_TABLES || feature == EFI_64BIT);
}

/* The tables whose address a driver reads from a variable of its own. */
static const struct {
	efi_guid_t guid;
	const char *name;
	const char *variable;
} efi_known[] = {
	{DELLEMC_EFI_RCI2_TABLE_GUID, "RCI2", "rci2_table_phys"},
};

static void efi_match(const efi_config_table_64_t *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(efi_known); i++) {
		unsigned long *var;

		if (efi_guidcmp(t->guid, efi_known[i].guid))
			continue;
		char what[128];

		var = dlsym(RTLD_DEFAULT, efi_known[i].variable);
		if (var)
			*var = (unsigned long)t->table;
		snprintf(what, sizeof(what), "config table %s at %#llx -> %s", efi_known[i].name,
			 (unsigned long long)t->table, var ? efi_known[i].variable : "(nobody)");
		mr_host_record("efi", efi_known[i].name, what);
		pr_info("efi: %s=0x%llx%s\n", efi_known[i].name, (unsigned long long)t->table,
			var ? "" : " (no module reads it)");
	}
}

int mr_efi_parse_tables(void)
{
	struct device_node *chosen = of_find_node_by_path("/chosen");
	efi_config_table_64_t *tables;
	u64 systab, nr, at;
	u8 *st;

	if (!chosen || of_property_read_u64(chosen, "linux,uefi-system-table", &systab))
		return 0;
	st = memremap(systab, EFI_SYSTAB_SIZE, MEMREMAP_WB);
	if (!st) {
		pr_err("efi: cannot map the system table at 0x%llx\n", (unsigned long long)systab);
		return -ENOMEM;
	}
	if (get_unaligned_le64(st) != EFI_SYSTEM_TABLE_SIGNATURE) {
		pr_err("efi: no EFI system table at 0x%llx\n", (unsigned long long)systab);
		memunmap(st);
		return -EINVAL;
	}
	nr = get_unaligned_le64(st + EFI_SYSTAB_NR_TABLES);
	at = get_unaligned_le64(st + EFI_SYSTAB_TABLES);
	memunmap(st);
	if (!nr || nr > EFI_MAX_TABLES)
		return nr ? -EINVAL : 0;
	tables = memremap(at, nr * sizeof(*tables), MEMREMAP_WB);
	if (!tables)
		return -ENOMEM;
	efi_found = true;
	for (u64 i = 0; i < nr; i++)
		efi_match(&tables[i]);
	memunmap(tables);
	return 0;
}
