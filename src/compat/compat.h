/* SPDX-License-Identifier: MIT */
/*
 * libmemremap-compat, inside: the out-of-line half of the compatibility
 * headers (include/memremap/compat). It is built against those headers, so
 * the structures it fills are the ones driver code reads.
 */
#ifndef MR_COMPAT_INTERNAL_H
#define MR_COMPAT_INTERNAL_H

#include <linux/acpi.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nvmem-provider.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_device.h>
#include <linux/of_platform.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/thermal.h>
#include <linux/unaligned.h>

#include "../../include/memremap/compat_host.h"

#define MR_EXPORT __attribute__((visibility("default")))

/* One lock for the driver core's lists: binding is rare, correctness is not. */
extern pthread_mutex_t mr_core_lock;

/* fdt.c: is the device tree whole (NULL), or what is wrong with it? */
const char *mr_compat_fdt_bad(const void *blob, size_t len);

/* printk.c */
int mr_compat_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* of.c: the unflattened tree of the current machine, made on first use. */
int mr_of_ensure(void);
void mr_of_release(void);
const char *mr_of_node_path(const struct device_node *np, char *buf, size_t len);
/* The node's reg entry @index translated to a CPU address; 0 or -errno. */
int mr_of_reg(const struct device_node *np, int index, u64 *addr, u64 *size);
struct reserved_mem *mr_of_rmem_all(size_t *n);
/* Every node, depth first. */
size_t mr_of_count(void);
struct device_node *mr_of_node(size_t i);

/* efi.c: the EFI configuration tables /chosen points at, where modules read them. */
int mr_efi_parse_tables(void);

/* acpi.c: ACPI devices for nodes that name a hardware ID. */
int mr_acpi_populate(void);
void mr_acpi_depopulate(void);

/* host.c: what the driver core tells the host. */
void mr_host_probe_begin(struct device *dev, const char *driver);
void mr_host_probe_end(struct device *dev, const char *driver, int ret);
void mr_host_record(const char *kind, const char *owner, const char *what);
struct thermal_zone_device;
void mr_host_thermal(struct thermal_zone_device *tz);
void mr_host_thermal_gone(struct thermal_zone_device *tz);
void mr_host_nvmem(struct nvmem_device *nvmem);
void mr_host_nvmem_gone(struct nvmem_device *nvmem);
int mr_thermal_read(struct thermal_zone_device *tz, const char **type, int *temp);
int mr_nvmem_read(struct nvmem_device *nv, const char **name, void *buf, size_t len, int *size);
int mr_compat_vsnprintf_wrap(char *buf, size_t size, const char *fmt, ...);

/* core.c */
int mr_platform_populate_machine(void);
void mr_platform_depopulate_machine(void);
bool mr_driver_has_remove(const struct device_driver *drv);

#endif /* MR_COMPAT_INTERNAL_H */
