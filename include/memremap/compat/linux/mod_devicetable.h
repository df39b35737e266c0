/* SPDX-License-Identifier: MIT */
/*
 * <linux/mod_devicetable.h>: the ID tables drivers match devices by. The
 * kernel's sizes, so that tables written for it fit.
 */
#ifndef MR_COMPAT_LINUX_MOD_DEVICETABLE_H
#define MR_COMPAT_LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

struct of_device_id {
	char name[32];
	char type[32];
	char compatible[128];
	const void *data;
};

#define ACPI_ID_LEN 16
struct acpi_device_id {
	__u8 id[ACPI_ID_LEN];
	kernel_ulong_t driver_data;
	__u32 cls;
	__u32 cls_msk;
};

#define PLATFORM_NAME_SIZE 20
struct platform_device_id {
	char name[PLATFORM_NAME_SIZE];
	kernel_ulong_t driver_data;
};

/* Entries of a coreboot table, by tag. */
struct coreboot_device_id {
	__u32 tag;
	kernel_ulong_t driver_data;
};

#endif /* MR_COMPAT_LINUX_MOD_DEVICETABLE_H */
