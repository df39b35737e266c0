/* SPDX-License-Identifier: MIT */
/*
 * memremap/device.h - the kernel's struct device, embeddable.
 *
 * A driver embeds a struct device in its own structure (a bus's device, a
 * platform_device) and reads its fields as the kernel's code does: parent,
 * of_node, driver_data, bus, release. The device holds its device-managed
 * (devm_*) resources and a reference count; the last put_device() releases
 * the resources, last in first out, and calls @release.
 *
 * The layout is part of the ABI (symbol node MEMREMAP_0.5): a field is never
 * moved or removed, and the @mr part is the library's alone.
 */
#ifndef MEMREMAP_DEVICE_H
#define MEMREMAP_DEVICE_H

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>

#include "../memremap.h"

#ifdef __cplusplus
extern "C" {
#endif

struct device_node;
struct fwnode_handle;
struct bus_type;
struct device_driver;
struct device_type;
#ifndef __cplusplus
struct class;
#endif
struct attribute_group;
struct mr_devres;

/**
 * struct kobject - the part of a device that sysfs sees
 * @name: the device's name (dev_set_name()), owned by the device
 * @parent: the parent's kobject, or NULL
 * @mr_sysfs: the attributes and groups registered on it (compat library)
 * @mr_refs: reference count of a kobject that is not a device's
 */
struct kobject {
	const char *name;
	struct kobject *parent;
	void *mr_sysfs;
	int mr_refs;
};

/* The library's part of a device: its devres stack and its references. */
struct mr_device_core {
	uint32_t magic;		/* MR_DEVICE_MAGIC once device_initialize() ran */
	uint32_t flags;		/* MR_DEVICE_* */
	int refs;		/* get_device()/put_device() */
	int count;		/* devres records held */
	struct mr_devres *head; /* the newest devres record */
	void *reserved[4];
	pthread_mutex_t lock;
};

#define MR_DEVICE_MAGIC	    0x6d726476u /* "mrdv" */
#define MR_DEVICE_ALLOCATED 0x1u	/* made by mr_device_new() */

/**
 * struct device - a device as drivers see it
 * @kobj: its name and its sysfs attributes
 * @parent: the device it hangs off, or NULL
 * @init_name: the name before dev_set_name(); dev_name() prefers it
 * @type: the device type, or NULL
 * @bus: the bus it is on (a platform device: &platform_bus_type)
 * @driver: the driver bound to it, or NULL
 * @platform_data: board data for the driver
 * @driver_data: the driver's data (dev_get_drvdata())
 * @of_node: its device-tree node, or NULL
 * @fwnode: its firmware node, or NULL
 * @devt: its device number, or 0
 * @id: its instance number on the bus
 * @class: its class, or NULL
 * @groups: attribute groups registered with it
 * @dma_mask: the DMA mask (accepted, not used)
 * @coherent_dma_mask: the coherent DMA mask (accepted, not used)
 * @release: called by the last put_device(), after the devm_* resources go
 * @mr: the library's (devres stack, references)
 */
struct device {
	struct kobject kobj;
	struct device *parent;
	const char *init_name;
	const struct device_type *type;
	const struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;
	struct device_node *of_node;
	struct fwnode_handle *fwnode;
	uint32_t devt;
	uint32_t id;
#ifndef __cplusplus
	const struct class *class;
#else
	const void *class_; /* a C++ keyword */
#endif
	const struct attribute_group **groups;
	uint64_t *dma_mask;
	uint64_t coherent_dma_mask;
	void (*release)(struct device *dev);
	struct mr_device_core mr;
};

/**
 * device_initialize() - make a device ready to hold resources and references
 * @dev: the device, embedded in its owner's structure (zeroed or not: the
 *	 fields the caller set before the call are kept)
 *
 * One reference is held afterwards; put_device() drops it.
 */
MR_API void device_initialize(struct device *dev);

/**
 * dev_set_name() - name a device
 * @dev: the device
 * @fmt: printf format of the name
 *
 * Return: 0, -EINVAL, or -ENOMEM.
 */
MR_API int dev_set_name(struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * get_device() - take a reference
 * @dev: the device, or NULL
 *
 * Return: @dev.
 */
MR_API struct device *get_device(struct device *dev);

/**
 * put_device() - drop a reference; the last one releases the device
 * @dev: the device, or NULL
 *
 * The last reference releases every devm_* resource, last in first out,
 * frees the name and calls @dev->release (or the type's or class's, as the
 * kernel would); a device without any release function is warned about.
 */
MR_API void put_device(struct device *dev);

/**
 * mr_device_is_initialized() - whether device_initialize() ran on @dev
 * @dev: the device, or NULL
 *
 * Return: 1 or 0.
 */
MR_API int mr_device_is_initialized(const struct device *dev);

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_DEVICE_H */
