// SPDX-License-Identifier: MIT
/*
 * x86-64's part of memremap() (arch/x86/mm/ioremap.c, arch/x86/mm/pat/):
 * ioremap refuses a start beyond the CPU's physical address width and a
 * range that holds a whole page of System RAM; every type is what it says
 * (WT is write-through, DEV is UC-); PAT tracks the type of every mapping,
 * so a new one inherits or is refused (memtype.c).
 */
#include <errno.h>
#include <inttypes.h>

#include "mr_memremap.h"
#include "mr_resource.h"

/* The platform's hook: memory encryption keeps DEC off the direct map. */
static bool mr__x86_can_ram_remap(struct mr__plan *p)
{
	struct mr_machine *m = p->m;

	return m->ops->can_ram_remap(m, p->offset, p->size, p->flags);
}

/* ioremap_cache(): a write-back mapping of its own. */
static int mr__x86_memremap_wb(struct mr__plan *p)
{
	return mr__plan_ioremap(p, MEMREMAP_WB);
}

/* The address width check of x86's ioremap (phys_addr_valid). */
static int mr__x86_phys(struct mr__plan *p)
{
	unsigned int bits = p->m->phys_bits;

	if (bits >= 64 || !(p->offset >> bits))
		return 0;
	mr__plan_warn_add(p, MR__WARN_PHYS_BITS, "ioremap: invalid physical address %" PRIx64,
			  p->offset);
	return mr__err(ERANGE,
		       "memremap: 0x%" PRIx64
		       " lies beyond the machine's %u-bit physical address space",
		       p->offset, bits);
}

static int mr__x86_whole_page_cb(struct resource *res, void *arg)
{
	uint64_t first = (res->start + MR_PAGE_SIZE - 1) & MR__PAGE_MASK;

	(void)arg;
	/* A start in the last page wraps @first to 0: no whole page there. */
	return first >= res->start && first <= res->end && res->end - first >= MR_PAGE_SIZE - 1;
}

/*
 * RAM that missed the direct map for want of a valid page frame: the
 * kernel's other reasons (memory encryption, high memory) are for pages it
 * reserved, which its ioremap maps.
 */
static bool mr__x86_no_ram_pages(const struct mr__plan *p)
{
	struct mr_machine *m = p->m;

	return p->ri == REGION_INTERSECTS && !(p->flags & MEMREMAP_EXCLUSIVE) &&
	       m->ops->pfn_valid && !m->ops->pfn_valid(m, p->offset);
}

/*
 * x86's ioremap refuses a range holding a whole page of System RAM
 * (__ioremap_check_ram). Only a WB request whose RAM missed the direct map
 * for want of a valid page frame gets here with RAM in it.
 */
static int mr__x86_ram_pages(struct mr__plan *p)
{
	uint64_t last = p->offset + p->size - 1;

	if (!mr__x86_no_ram_pages(p) ||
	    mr_walk_iomem_res_desc(p->m->iomem, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, p->offset,
				   last, NULL, mr__x86_whole_page_cb) != 1)
		return 0;
	mr__plan_warn_add(p, MR__WARN_IOREMAP_RAM,
			  "ioremap on RAM at 0x%016" PRIx64 " - 0x%016" PRIx64, p->offset, last);
	return mr__err(EPERM,
		       "memremap: " MR__MEM
		       " holds System RAM whose first page has no valid page frame, so it cannot "
		       "come from the direct map, and ioremap refuses System RAM",
		       p->offset, last);
}

static int mr__x86_ioremap_allowed(struct mr__plan *p, unsigned long type)
{
	int ret = mr__x86_phys(p);

	if (!ret && type == MEMREMAP_WB)
		ret = mr__x86_ram_pages(p);
	return ret;
}

static unsigned long mr__x86_ioremap_type(unsigned long type, const char **why)
{
	*why = NULL;
	return type;
}

/* The PAT's names, as /sys/kernel/debug/x86/pat_memtype_list shortens them. */
static const char *mr__x86_attr(unsigned long type)
{
	switch (type) {
	case MEMREMAP_WB:
		return "WB";
	case MEMREMAP_WT:
		return "WT";
	case MEMREMAP_WC:
		return "WC";
	case MEMREMAP_DEV:
		return "UC-";
	}
	return "?";
}

const struct mr__rules mr__rules_x86_64 = {
	.name = "x86_64",
	.phys_bits = 0,
	.memtype = true,
	.can_ram_remap = mr__x86_can_ram_remap,
	.memremap_wb = mr__x86_memremap_wb,
	.ioremap_allowed = mr__x86_ioremap_allowed,
	.ioremap_type = mr__x86_ioremap_type,
	.attr = mr__x86_attr,
};
