/* SPDX-License-Identifier: MIT */
/*
 * <linux/ioport.h>: struct resource and the resource tree are libmemremap's
 * (<memremap/resource.h>); iomem_resource is the current machine's root.
 */
#ifndef MR_COMPAT_LINUX_IOPORT_H
#define MR_COMPAT_LINUX_IOPORT_H

#include "../../../memremap.h"
#include "../../resource.h"
#include <linux/types.h>

#define iomem_resource (*mr_iomem_resource(NULL))

#define DEFINE_RES_NAMED(_start, _size, _name, _flags)                                             \
	{                                                                                          \
		.start = (_start), .end = (_start) + (_size)-1, .name = (_name), .flags = (_flags) \
	}
#define DEFINE_RES_MEM_NAMED(_start, _size, _name) \
	DEFINE_RES_NAMED(_start, _size, _name, IORESOURCE_MEM)
#define DEFINE_RES_MEM(_start, _size)	  DEFINE_RES_MEM_NAMED(_start, _size, NULL)
#define DEFINE_RES_IRQ_NAMED(_irq, _name) DEFINE_RES_NAMED(_irq, 1, _name, IORESOURCE_IRQ)
#define DEFINE_RES_IRQ(_irq)		  DEFINE_RES_IRQ_NAMED(_irq, NULL)

static inline bool resource_contains(const struct resource *r1, const struct resource *r2)
{
	if (resource_type(r1) != resource_type(r2))
		return false;
	return r1->start <= r2->start && r1->end >= r2->end;
}

static inline bool resource_overlaps(const struct resource *r1, const struct resource *r2)
{
	return r1->start <= r2->end && r1->end >= r2->start;
}

#endif /* MR_COMPAT_LINUX_IOPORT_H */
