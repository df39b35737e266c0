/* SPDX-License-Identifier: MIT */
/*
 * <linux/nvmem-provider.h>: a driver that serves non-volatile memory
 * registers it; libmemremap-compat records the provider, and `memremap
 * module` reads its first bytes through the driver's reg_read().
 */
#ifndef MR_COMPAT_LINUX_NVMEM_PROVIDER_H
#define MR_COMPAT_LINUX_NVMEM_PROVIDER_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/types.h>

struct nvmem_device;
typedef int (*nvmem_reg_read_t)(void *priv, unsigned int offset, void *val, size_t bytes);
typedef int (*nvmem_reg_write_t)(void *priv, unsigned int offset, void *val, size_t bytes);

enum nvmem_type {
	NVMEM_TYPE_UNKNOWN = 0,
	NVMEM_TYPE_EEPROM,
	NVMEM_TYPE_OTP,
	NVMEM_TYPE_BATTERY_BACKED,
	NVMEM_TYPE_FRAM,
};

#define NVMEM_DEVID_NONE (-1)
#define NVMEM_DEVID_AUTO (-2)

struct nvmem_config {
	struct device *dev;
	const char *name;
	int id;
	struct module *owner;
	const struct nvmem_cell_info *cells;
	int ncells;
	enum nvmem_type type;
	bool read_only;
	bool root_only;
	bool ignore_wp;
	bool no_of_node;
	nvmem_reg_read_t reg_read;
	nvmem_reg_write_t reg_write;
	int size;
	int word_size;
	int stride;
	void *priv;
};

extern struct nvmem_device *devm_nvmem_register(struct device *dev, const struct nvmem_config *cfg);
extern struct nvmem_device *nvmem_register(const struct nvmem_config *cfg);
extern void nvmem_unregister(struct nvmem_device *nvmem);

#endif /* MR_COMPAT_LINUX_NVMEM_PROVIDER_H */
