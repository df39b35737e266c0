/* SPDX-License-Identifier: MIT */
/*
 * <linux/platform_device.h>: the platform bus (libmemremap-compat). On the
 * sim machine with `dt=FILE`, every device-tree node with a `compatible`
 * under the root or a simple-bus is a platform device named as the kernel
 * names it ("9000000.serial"), its `reg` and `interrupts` its resources.
 * A driver binds by its of_match_table (compatible), its acpi_match_table
 * (a node's `memremap,acpi-hid`), its id_table, or its name.
 */
#ifndef MR_COMPAT_LINUX_PLATFORM_DEVICE_H
#define MR_COMPAT_LINUX_PLATFORM_DEVICE_H

#include <linux/device.h>
#include <linux/io.h>
#include <linux/mod_devicetable.h>

#define PLATFORM_DEVID_NONE (-1)
#define PLATFORM_DEVID_AUTO (-2)

struct mfd_cell;

struct platform_device {
	const char *name;
	int id;
	bool id_auto;
	struct device dev;
	u64 platform_dma_mask;
	u32 num_resources;
	struct resource *resource;
	const struct platform_device_id *id_entry;
	const char *driver_override;
	struct mfd_cell *mfd_cell;
};

#define to_platform_device(x) container_of((x), struct platform_device, dev)
#define dev_is_platform(dev)  ((dev)->bus == &platform_bus_type)

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	/* 6.11 on: void; before, remove_new was the void one. */
	void (*remove)(struct platform_device *pdev);
	void (*remove_new)(struct platform_device *pdev);
	void (*shutdown)(struct platform_device *pdev);
	int (*suspend)(struct platform_device *pdev, int state);
	int (*resume)(struct platform_device *pdev);
	struct device_driver driver;
	const struct platform_device_id *id_table;
	bool prevent_deferred_probe;
	bool driver_managed_dma;
};

#define to_platform_driver(drv) container_of((drv), struct platform_driver, driver)

struct platform_device_info {
	struct device *parent;
	struct fwnode_handle *fwnode;
	bool of_node_reused;
	const char *name;
	int id;
	const struct resource *res;
	unsigned int num_res;
	const void *data;
	size_t size_data;
	u64 dma_mask;
};

extern const struct bus_type platform_bus_type;

extern int __platform_driver_register(struct platform_driver *drv, struct module *owner);
extern void platform_driver_unregister(struct platform_driver *drv);
extern int __platform_driver_probe(struct platform_driver *drv,
				   int (*probe)(struct platform_device *), struct module *module);
#define platform_driver_register(drv)	  __platform_driver_register(drv, THIS_MODULE)
#define platform_driver_probe(drv, probe) __platform_driver_probe(drv, probe, THIS_MODULE)

extern struct resource *platform_get_resource(struct platform_device *dev, unsigned int type,
					      unsigned int num);
extern struct resource *platform_get_resource_byname(struct platform_device *dev, unsigned int type,
						     const char *name);
extern struct resource *platform_get_mem_or_io(struct platform_device *dev, unsigned int num);
extern int platform_get_irq(struct platform_device *dev, unsigned int num);
extern int platform_get_irq_optional(struct platform_device *dev, unsigned int num);
extern int platform_get_irq_byname(struct platform_device *dev, const char *name);
extern int platform_irq_count(struct platform_device *dev);
extern void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
						    unsigned int index);
extern void __iomem *devm_platform_get_and_ioremap_resource(struct platform_device *pdev,
							    unsigned int index,
							    struct resource **res);
extern void __iomem *devm_platform_ioremap_resource_byname(struct platform_device *pdev,
							   const char *name);

extern struct platform_device *platform_device_alloc(const char *name, int id);
extern int platform_device_add_resources(struct platform_device *pdev, const struct resource *res,
					 unsigned int num);
extern int platform_device_add_data(struct platform_device *pdev, const void *data, size_t size);
extern int platform_device_add(struct platform_device *pdev);
extern void platform_device_del(struct platform_device *pdev);
extern void platform_device_put(struct platform_device *pdev);
extern int platform_device_register(struct platform_device *pdev);
extern void platform_device_unregister(struct platform_device *pdev);
extern struct platform_device *
platform_device_register_full(const struct platform_device_info *info);
extern struct platform_device *platform_device_register_resndata(struct device *parent,
								 const char *name, int id,
								 const struct resource *res,
								 unsigned int num, const void *data,
								 size_t size);

static inline struct platform_device *platform_device_register_simple(const char *name, int id,
								      const struct resource *res,
								      unsigned int num)
{
	return platform_device_register_resndata(NULL, name, id, res, num, NULL, 0);
}

static inline struct platform_device *platform_device_register_data(struct device *parent,
								    const char *name, int id,
								    const void *data, size_t size)
{
	return platform_device_register_resndata(parent, name, id, NULL, 0, data, size);
}

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline const struct platform_device_id *
platform_get_device_id(const struct platform_device *pdev)
{
	return pdev->id_entry;
}

#define module_platform_driver(__platform_driver) \
	module_driver(__platform_driver, platform_driver_register, platform_driver_unregister)
#define builtin_platform_driver(__platform_driver) \
	builtin_driver(__platform_driver, platform_driver_register)
#define module_platform_driver_probe(__platform_driver, __platform_probe)             \
	static int __init __platform_driver##_init(void)                              \
	{                                                                             \
		return platform_driver_probe(&(__platform_driver), __platform_probe); \
	}                                                                             \
	module_init(__platform_driver##_init);                                        \
	static void __exit __platform_driver##_exit(void)                             \
	{                                                                             \
		platform_driver_unregister(&(__platform_driver));                     \
	}                                                                             \
	module_exit(__platform_driver##_exit)
#define builtin_platform_driver_probe(__platform_driver, __platform_probe)            \
	static int __init __platform_driver##_init(void)                              \
	{                                                                             \
		return platform_driver_probe(&(__platform_driver), __platform_probe); \
	}                                                                             \
	device_initcall(__platform_driver##_init)

#endif /* MR_COMPAT_LINUX_PLATFORM_DEVICE_H */
