// SPDX-License-Identifier: MIT
/*
 * arm64's part of memremap() (arch/arm64/mm/ioremap.c, asm/io.h, mm/init.c
 * of Linux 6.1):
 *
 * - RAM is judged one page at a time, the first page only:
 *   pfn_is_map_memory(), memblock memory that is not NOMAP (the platform's
 *   map_memory hook). It is try_ram_remap()'s arch hook, and ioremap_cache()
 *   answers such a page with the linear map whatever region_intersects()
 *   said; any other first page gets a mapping of its own, even when the
 *   range runs on into RAM (a cacheable alias of kernel RAM: we say so).
 * - ioremap_prot() refuses, silently, a range whose last byte, rounded up
 *   to whole pages, lies outside the compile-time PHYS_MASK (48 bits with
 *   CONFIG_ARM64_PA_BITS=48), whatever the CPU's width; and, with a WARN, a
 *   range whose first page is kernel memory.
 * - Types: WB is Normal memory, WC Normal-NC; there is no write-through,
 *   ioremap_wt() is ioremap(), Device-nGnRE, which DEV (ours) is too.
 * - No memory-type tracking: no refusal, no inheritance.
 */
#include <errno.h>
#include <inttypes.h>

#include "mr_memremap.h"
#include "mr_resource.h"

static bool mr__arm64_can_ram_remap(struct mr__plan *p)
{
	return mr__plan_map_memory(p, p->offset);
}

/* ioremap_allowed(): the page-rounded last byte against PHYS_MASK. */
static int mr__arm64_phys_mask(struct mr__plan *p)
{
	uint64_t last = (p->offset + p->size - 1) | (MR_PAGE_SIZE - 1);
	unsigned int bits = p->m->phys_bits;

	if (bits >= 64 || !(last >> bits))
		return 0;
	return mr__err(ERANGE,
		       "memremap: " MR__MEM ": its last page ends at %#" PRIx64
		       ", beyond arm64's %u-bit PHYS_MASK",
		       p->offset, p->offset + p->size - 1, last, bits);
}

static int mr__arm64_ioremap_allowed(struct mr__plan *p, unsigned long type)
{
	int ret = mr__arm64_phys_mask(p);

	(void)type;
	if (ret || !mr__plan_map_memory(p, p->offset))
		return ret;
	/* WARN_ON(pfn_is_map_memory(...)) */
	mr__plan_warn_add(p, MR__WARN_IOREMAP_RAM,
			  "ioremap_allowed: ioremap of kernel memory at 0x%016" PRIx64,
			  p->offset & MR__PAGE_MASK);
	return mr__err(EPERM,
		       "memremap: " MR__MEM
		       " starts in memory the kernel maps itself (pfn_is_map_memory): arm64's "
		       "ioremap refuses it",
		       p->offset, p->offset + p->size - 1);
}

/*
 * A write-back mapping that starts outside kernel memory and runs into
 * System RAM: arm64 maps it, a second, cacheable mapping of RAM the kernel
 * uses. Faithful, and said as loudly as the kernel's own WARNs.
 */
static void mr__arm64_alias(struct mr__plan *p)
{
	snprintf(p->map.note, sizeof(p->map.note), "%s",
		 "a cacheable alias of kernel RAM: arm64's ioremap checks the first page only");
	mr__plan_warn_add(p, MR__WARN_RAM_ALIAS,
			  "memremap: " MR__MEM
			  " starts outside kernel memory and runs into System RAM: mapped "
			  "write-back, an alias of kernel RAM",
			  p->offset, p->offset + p->size - 1);
}

/* ioremap_cache(): the linear map for kernel memory, else Normal memory. */
static int mr__arm64_memremap_wb(struct mr__plan *p)
{
	int ret;

	if (mr__plan_map_memory(p, p->offset))
		return mr__plan_linear(p);
	ret = mr__plan_ioremap(p, MEMREMAP_WB);
	if (!ret && p->ri == REGION_INTERSECTS)
		mr__arm64_alias(p);
	return ret;
}

static unsigned long mr__arm64_ioremap_type(unsigned long type, const char **why)
{
	*why = NULL;
	if (type != MEMREMAP_WT)
		return type;
	*why = "no write-through on arm64: ioremap_wt() is ioremap(), Device-nGnRE";
	return MEMREMAP_DEV;
}

/* The MAIR attributes of PROT_NORMAL, PROT_NORMAL_NC and PROT_DEVICE_nGnRE. */
static const char *mr__arm64_attr(unsigned long type)
{
	switch (type) {
	case MEMREMAP_WB:
		return "Normal";
	case MEMREMAP_WC:
		return "Normal-NC";
	case MEMREMAP_WT:
	case MEMREMAP_DEV:
		return "Device-nGnRE";
	}
	return "?";
}

const struct mr__rules mr__rules_arm64 = {
	.name = "arm64",
	.phys_bits = 48,
	.memtype = false,
	.can_ram_remap = mr__arm64_can_ram_remap,
	.memremap_wb = mr__arm64_memremap_wb,
	.ioremap_allowed = mr__arm64_ioremap_allowed,
	.ioremap_type = mr__arm64_ioremap_type,
	.attr = mr__arm64_attr,
};
