/* SPDX-License-Identifier: MIT */
/*
 * <linux/of_reserved_mem.h>: the children of /reserved-memory. Each one
 * with a `reg` is a struct reserved_mem; RESERVEDMEM_OF_DECLARE() hooks run
 * on the matching ones when the tree is populated, as the kernel runs them
 * at boot.
 */
#ifndef MR_COMPAT_LINUX_OF_RESERVED_MEM_H
#define MR_COMPAT_LINUX_OF_RESERVED_MEM_H

#include <linux/device.h>
#include <linux/of.h>

struct reserved_mem_ops;
struct reserved_mem {
	const char *name;
	unsigned long fdt_node;
	const struct reserved_mem_ops *ops;
	phys_addr_t base;
	phys_addr_t size;
	void *priv;
};

struct reserved_mem_ops {
	int (*device_init)(struct reserved_mem *rmem, struct device *dev);
	void (*device_release)(struct reserved_mem *rmem, struct device *dev);
};

typedef int (*reservedmem_of_init_fn)(struct reserved_mem *rmem);

extern struct reserved_mem *of_reserved_mem_lookup(struct device_node *np);
extern int of_reserved_mem_device_init_by_idx(struct device *dev, struct device_node *np, int idx);
extern void of_reserved_mem_device_release(struct device *dev);
extern int of_reserved_mem_region_to_resource(const struct device_node *np, unsigned int idx,
					      struct resource *res);
extern int of_reserved_mem_region_count(const struct device_node *np);
extern void mr_reservedmem_declare(const char *compat, reservedmem_of_init_fn init,
				   const char *name);

static inline int of_reserved_mem_device_init(struct device *dev)
{
	return of_reserved_mem_device_init_by_idx(dev, dev->of_node, 0);
}

#define RESERVEDMEM_OF_DECLARE(name, compat, init)                             \
	static void __attribute__((constructor)) mr__rmem_declare_##name(void) \
	{                                                                      \
		mr_reservedmem_declare(compat, init, #name);                   \
	}

#endif /* MR_COMPAT_LINUX_OF_RESERVED_MEM_H */
