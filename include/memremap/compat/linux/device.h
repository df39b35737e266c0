/* SPDX-License-Identifier: MIT */
/*
 * <linux/device.h> for driver code built in user space over libmemremap.
 *
 * struct device is libmemremap's (<memremap/device.h>): embeddable, with the
 * kernel's fields, device_initialize(), dev_set_name(), get/put_device().
 * What a driver core adds on top, buses, drivers, binding, attributes and
 * the dev_*() messages, is libmemremap-compat's: driver_register() binds a
 * driver to every device its bus matches, a failed probe releases what the
 * probe took with devm_*, and sysfs attributes are accepted and recorded.
 * mr_device_new() still makes a free-standing device for code that has no
 * bus.
 */
#ifndef MR_COMPAT_LINUX_DEVICE_H
#define MR_COMPAT_LINUX_DEVICE_H

#include <stdlib.h>

#include "../../../memremap/device.h"
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/types.h>

struct fwnode_handle;
struct device_node;

enum probe_type {
	PROBE_DEFAULT_STRATEGY,
	PROBE_PREFER_ASYNCHRONOUS,
	PROBE_FORCE_SYNCHRONOUS,
};

struct device_driver {
	const char *name;
	const struct bus_type *bus;
	struct module *owner;
	const char *mod_name;
	bool suppress_bind_attrs;
	enum probe_type probe_type;
	const struct of_device_id *of_match_table;
	const struct acpi_device_id *acpi_match_table;
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	const struct attribute_group **groups;
	const struct attribute_group **dev_groups;
	const struct dev_pm_ops *pm;
	void *mr_priv; /* libmemremap-compat's */
};

struct kobj_uevent_env;

struct bus_type {
	const char *name;
	const char *dev_name;
	const struct attribute_group **bus_groups;
	const struct attribute_group **dev_groups;
	const struct attribute_group **drv_groups;
	int (*match)(struct device *dev, const struct device_driver *drv);
	int (*uevent)(const struct device *dev, struct kobj_uevent_env *env);
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	void (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	const struct dev_pm_ops *pm;
};

struct device_type {
	const char *name;
	const struct attribute_group **groups;
	void (*release)(struct device *dev);
};

struct class
{
	const char *name;
	const struct attribute_group **class_groups;
	const struct attribute_group **dev_groups;
	void (*dev_release)(struct device *dev);
};

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf,
			 size_t count);
};

#define DEVICE_ATTR(_name, _mode, _show, _store) \
	struct device_attribute dev_attr_##_name = __ATTR(_name, _mode, _show, _store)
#define DEVICE_ATTR_RW(_name) struct device_attribute dev_attr_##_name = __ATTR_RW(_name)
#define DEVICE_ATTR_RO(_name) struct device_attribute dev_attr_##_name = __ATTR_RO(_name)
#define DEVICE_ATTR_WO(_name) struct device_attribute dev_attr_##_name = __ATTR_WO(_name)
#define DEVICE_ATTR_ADMIN_RO(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RO_MODE(_name, 0400)
#define DEVICE_ATTR_ADMIN_RW(_name) \
	struct device_attribute dev_attr_##_name = __ATTR(_name, 0600, _name##_show, _name##_store)

static inline const char *dev_name(const struct device *dev)
{
	return mr_device_name(dev);
}

static inline struct device_node *dev_of_node(struct device *dev)
{
	return dev->of_node;
}

static inline void *dev_get_platdata(const struct device *dev)
{
	return dev->platform_data;
}

#define kobj_to_dev(k) container_of(k, struct device, kobj)

/* The driver core: libmemremap-compat. */
extern int bus_register(const struct bus_type *bus);
extern void bus_unregister(const struct bus_type *bus);
extern int bus_for_each_dev(const struct bus_type *bus, struct device *start, void *data,
			    int (*fn)(struct device *dev, void *data));
extern struct device *bus_find_device_by_name(const struct bus_type *bus, struct device *start,
					      const char *name);
extern int driver_register(struct device_driver *drv);
extern void driver_unregister(struct device_driver *drv);
extern int device_add(struct device *dev);
extern void device_del(struct device *dev);
extern int device_register(struct device *dev);
extern void device_unregister(struct device *dev);
extern int device_for_each_child(struct device *parent, void *data,
				 int (*fn)(struct device *dev, void *data));
extern const char *dev_driver_string(const struct device *dev);
extern int device_create_file(struct device *dev, const struct device_attribute *attr);
extern void device_remove_file(struct device *dev, const struct device_attribute *attr);
extern int devm_device_add_group(struct device *dev, const struct attribute_group *grp);
extern int devm_device_add_groups(struct device *dev, const struct attribute_group **groups);
extern int device_add_groups(struct device *dev, const struct attribute_group **groups);
extern void device_remove_groups(struct device *dev, const struct attribute_group **groups);
#define device_is_registered(dev)	   ((dev)->kobj.mr_refs != 0)
#define device_set_wakeup_capable(dev, on) ((void)(dev))
#define device_init_wakeup(dev, on)	   ((void)(dev), 0)
#define device_lock(dev)		   ((void)(dev))
#define device_unlock(dev)		   ((void)(dev))

/* Messages: "DRIVER NAME: text", as the kernel prints them. */
extern void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define dev_printk(level, dev, fmt, ...) _dev_printk(level, dev, fmt, ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	 _dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)	 _dev_printk(KERN_ALERT, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		 _dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		 _dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		 _dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	 _dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		 _dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...) _dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...) ((void)(dev), no_printk(KERN_DEBUG fmt, ##__VA_ARGS__))
#endif
#define dev_vdbg			    dev_dbg
#define dev_err_once(dev, fmt, ...)	    dev_err(dev, fmt, ##__VA_ARGS__)
#define dev_warn_once(dev, fmt, ...)	    dev_warn(dev, fmt, ##__VA_ARGS__)
#define dev_info_once(dev, fmt, ...)	    dev_info(dev, fmt, ##__VA_ARGS__)
#define dev_err_ratelimited(dev, fmt, ...)  dev_err(dev, fmt, ##__VA_ARGS__)
#define dev_warn_ratelimited(dev, fmt, ...) dev_warn(dev, fmt, ##__VA_ARGS__)

/* Memory freed when @dev is unbound (a failed probe, a remove, put_device()). */
extern void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
extern void devm_kfree(struct device *dev, const void *p);
extern char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp);
extern void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp);
extern char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

static inline void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return devm_kmalloc(dev, bytes, gfp);
}

static inline void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	return devm_kmalloc_array(dev, n, size, gfp | __GFP_ZERO);
}

/* A mapping of @res, claimed in the resource tree in @dev's name (lib/devres.c). */
extern void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res);
extern void __iomem *devm_ioremap_resource_wc(struct device *dev, const struct resource *res);
extern struct resource *devm_request_mem_region(struct device *dev, resource_size_t start,
						resource_size_t n, const char *name);

/* module_init()/module_exit() that register @drv and unregister it. */
#define module_driver(__driver, __register, __unregister, ...) \
	static int __init __driver##_init(void)                \
	{                                                      \
		return __register(&(__driver), ##__VA_ARGS__); \
	}                                                      \
	module_init(__driver##_init);                          \
	static void __exit __driver##_exit(void)               \
	{                                                      \
		__unregister(&(__driver), ##__VA_ARGS__);      \
	}                                                      \
	module_exit(__driver##_exit)
/* Built-in code: registered at device_initcall() and never unregistered. */
#define builtin_driver(__driver, __register, ...)              \
	static int __init __driver##_init(void)                \
	{                                                      \
		return __register(&(__driver), ##__VA_ARGS__); \
	}                                                      \
	device_initcall(__driver##_init)

#endif /* MR_COMPAT_LINUX_DEVICE_H */
