/* SPDX-License-Identifier: MIT */
/* <linux/of_address.h>: a node's `reg`, translated through its parents' `ranges`. */
#ifndef MR_COMPAT_LINUX_OF_ADDRESS_H
#define MR_COMPAT_LINUX_OF_ADDRESS_H

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/of.h>

extern int of_address_to_resource(struct device_node *dev, int index, struct resource *r);
extern void __iomem *of_iomap(struct device_node *node, int index);
extern u64 of_translate_address(struct device_node *dev, const __be32 *in_addr);
extern const __be32 *of_get_address(struct device_node *dev, int index, u64 *size,
				    unsigned int *flags);
extern void __iomem *of_io_request_and_map(struct device_node *device, int index, const char *name);
extern int of_range_to_resource(struct device_node *np, int index, struct resource *res);

#endif /* MR_COMPAT_LINUX_OF_ADDRESS_H */
