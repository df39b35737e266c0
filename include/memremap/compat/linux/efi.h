/* SPDX-License-Identifier: MIT */
/*
 * <linux/efi.h>, the part firmware-table readers use: GUIDs, the
 * configuration tables' addresses, /sys/firmware/efi. There are no EFI
 * runtime services. When the device tree's /chosen node names an EFI
 * system table (`linux,uefi-system-table`, as arm64 boot loaders write
 * it), libmemremap-compat reads its configuration tables from the sim
 * machine's memory before the first initcall and stores each known table's
 * address where the kernel's efi core would (rci2_table_phys, ...).
 */
#ifndef MR_COMPAT_LINUX_EFI_H
#define MR_COMPAT_LINUX_EFI_H

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/types.h>

typedef struct {
	__u8 b[16];
} efi_guid_t;

#define EFI_GUID(a, b, c, d...)                                                             \
	((efi_guid_t){{(a)&0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff, ((a) >> 24) & 0xff, \
		       (b)&0xff, ((b) >> 8) & 0xff, (c)&0xff, ((c) >> 8) & 0xff, d}})

#define EFI_INVALID_TABLE_ADDR	   (~0UL)
#define EFI_SYSTEM_TABLE_SIGNATURE ((u64)0x5453595320494249ULL) /* "IBI SYST" */

#define DELLEMC_EFI_RCI2_TABLE_GUID \
	EFI_GUID(0x2d9f28a2, 0xa886, 0x456a, 0x97, 0xa8, 0xf1, 0x1e, 0xf2, 0x4f, 0xf4, 0x55)

typedef struct {
	efi_guid_t guid;
	u64 table;
} efi_config_table_64_t;

/* What efi_enabled() can be asked. */
#define EFI_BOOT	  0
#define EFI_CONFIG_TABLES 2
#define EFI_64BIT	  5

static inline int efi_guidcmp(efi_guid_t left, efi_guid_t right)
{
	return memcmp(&left, &right, sizeof(left));
}

extern struct kobject *efi_kobj;
extern bool efi_enabled(int feature);

#endif /* MR_COMPAT_LINUX_EFI_H */
