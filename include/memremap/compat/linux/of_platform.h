/* SPDX-License-Identifier: MIT */
/*
 * <linux/of_platform.h>: platform devices made from device-tree nodes.
 * The machine's tree is populated before the first initcall, as the
 * kernel's of_platform_default_populate() has done by then.
 */
#ifndef MR_COMPAT_LINUX_OF_PLATFORM_H
#define MR_COMPAT_LINUX_OF_PLATFORM_H

#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/platform_device.h>

extern const struct of_device_id of_default_bus_match_table[];
extern struct platform_device *of_find_device_by_node(struct device_node *np);
extern int of_platform_populate(struct device_node *root, const struct of_device_id *matches,
				const void *lookup, struct device *parent);
extern int of_platform_default_populate(struct device_node *root, const void *lookup,
					struct device *parent);
extern void of_platform_depopulate(struct device *parent);
extern int devm_of_platform_populate(struct device *dev);
extern struct platform_device *of_platform_device_create(struct device_node *np, const char *bus_id,
							 struct device *parent);

#endif /* MR_COMPAT_LINUX_OF_PLATFORM_H */
