/* SPDX-License-Identifier: MIT */
/*
 * <linux/io.h> for driver code built in user space over libmemremap.
 *
 * memremap(), memunmap(), devm_memremap() and the MEMREMAP_* flags come from
 * <memremap.h>; readl(), writel(), memcpy_toio() and the barriers from
 * <memremap/io.h>. This adds the ioremap() family on top, with the types the
 * kernel gives them on x86: ioremap() is uncached (MEMREMAP_DEV here),
 * ioremap_wc() write-combining, ioremap_wt() write-through, ioremap_cache()
 * write-back. Like the kernel's they refuse System RAM.
 */
#ifndef MR_COMPAT_LINUX_IO_H
#define MR_COMPAT_LINUX_IO_H

#include "../../../memremap.h"
#include "../../io.h"
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/types.h>

static inline void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	return memremap(offset, size, MEMREMAP_DEV);
}

static inline void __iomem *ioremap_uc(phys_addr_t offset, size_t size)
{
	return memremap(offset, size, MEMREMAP_DEV);
}

static inline void __iomem *ioremap_wc(phys_addr_t offset, size_t size)
{
	return memremap(offset, size, MEMREMAP_WC);
}

static inline void __iomem *ioremap_wt(phys_addr_t offset, size_t size)
{
	return memremap(offset, size, MEMREMAP_WT);
}

static inline void __iomem *ioremap_cache(phys_addr_t offset, size_t size)
{
	return memremap(offset, size, MEMREMAP_WB);
}

static inline void iounmap(volatile void __iomem *addr)
{
	memunmap((void *)(uintptr_t)addr);
}

/* NULL on failure, as the kernel's devm_ioremap(); unmapped on unbind. */
static inline void __iomem *devm_ioremap(struct device *dev, phys_addr_t offset, size_t size)
{
	void *p = devm_memremap(dev, offset, size, MEMREMAP_DEV);

	return IS_ERR(p) ? NULL : p;
}

static inline void __iomem *devm_ioremap_wc(struct device *dev, phys_addr_t offset, size_t size)
{
	void *p = devm_memremap(dev, offset, size, MEMREMAP_WC);

	return IS_ERR(p) ? NULL : p;
}

static inline void devm_iounmap(struct device *dev, void __iomem *addr)
{
	devm_memunmap(dev, addr);
}

#endif /* MR_COMPAT_LINUX_IO_H */
