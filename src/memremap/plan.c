// SPDX-License-Identifier: MIT
/*
 * Planning memremap(): the kernel's decision order (kernel/iomem.c), the
 * same for every architecture, with the machine's architecture underneath
 * (struct mr__rules: rules_x86.c, rules_arm64.c), asked and answered
 * without changing anything. memremap() executes the plan;
 * mr_memremap_query() reports it.
 */
#include <stddef.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mr_memremap.h"
#include "mr_resource.h"

/* The order in which memremap() tries the cache types. */
static const unsigned long mr__plan_order[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};

void mr__plan_warn_add(struct mr__plan *p, enum mr__warn_site site, const char *fmt, ...)
{
	struct mr__plan_warn *w;
	va_list ap;

	if (p->nwarns == MR__ARRAY_SIZE(p->warns))
		return;
	w = &p->warns[p->nwarns++];
	w->site = site;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
}

void mr__plan_warn(struct mr__plan *p)
{
	unsigned int i;

	for (i = 0; i < p->nwarns; i++)
		mr__warn_once(&p->m->warned, p->warns[i].site, "%s", p->warns[i].msg);
	p->nwarns = 0;
}

/* What the kernel leaves to its callers, and what is ours to refuse. */
static int mr__plan_range(const struct mr__plan *p)
{
	if (!p->size)
		return mr__err(EINVAL, "memremap: size 0 at 0x%" PRIx64, p->offset);
	if (p->offset + p->size - 1 < p->offset)
		return mr__err(EINVAL, "memremap: [0x%" PRIx64 " + 0x%zx] wraps around", p->offset,
			       p->size);
	return 0;
}

static int mr__plan_flags(const struct mr__plan *p)
{
	if (!p->flags)
		return mr__err(EINVAL, "memremap: no flags: ask for MEMREMAP_WB, _WT, _WC or _DEV");
	if (p->flags & ~(unsigned long)MEMREMAP_ALL_FLAGS)
		return mr__err(EINVAL, "memremap: unknown flag bits 0x%lx",
			       p->flags & ~(unsigned long)MEMREMAP_ALL_FLAGS);
	return 0;
}

/* MEMREMAP_EXCLUSIVE: the range must be free to claim busy. */
static int mr__plan_claim(const struct mr__plan *p)
{
	int ret;

	if (p->ri == REGION_MIXED || !(p->flags & MEMREMAP_EXCLUSIVE))
		return 0;
	ret = mr__region_claimable(p->m->iomem, p->offset, p->size, IORESOURCE_EXCLUSIVE);
	if (ret)
		mr__err_prefix("memremap: exclusive claim refused: ");
	return ret;
}

static int mr__plan_refuse_mixed(struct mr__plan *p)
{
	char names[256];

	mr__plan_warn_add(p, MR__WARN_MIXED,
			  "memremap attempted on mixed range 0x%016" PRIx64 " size: %#zx",
			  p->offset, p->size);
	mr__resource_describe(p->m->iomem, p->offset, p->offset + p->size - 1, names,
			      sizeof(names));
	return mr__err(EINVAL, "memremap: " MR__MEM " mixes System RAM with other resources: %s",
		       p->offset, p->offset + p->size - 1, names);
}

static int mr__plan_refuse_ram(struct mr__plan *p)
{
	char names[256];

	mr__plan_warn_add(p, MR__WARN_RAM, "memremap attempted on ram 0x%016" PRIx64 " size: %#zx",
			  p->offset, p->size);
	mr__resource_describe_ram(p->m->iomem, p->offset, p->offset + p->size - 1, names,
				  sizeof(names));
	return mr__err(EPERM,
		       "memremap: " MR__MEM
		       " is System RAM (%s): it may only be mapped write-back, never aliased "
		       "with another type",
		       p->offset, p->offset + p->size - 1, names);
}

/* try_ram_remap(): RAM asked for write-back comes from the direct map. */
static void *mr__plan_direct(struct mr__plan *p)
{
	struct mr_machine *m = p->m;
	void *addr = m->ops->direct(m, p->offset, p->size);

	if (!addr || !m->rules->can_ram_remap(p))
		return NULL;
	return addr;
}

bool mr__plan_map_memory(const struct mr__plan *p, phys_addr_t phys)
{
	struct mr_machine *m = p->m;

	phys &= MR__PAGE_MASK;
	if (m->ops->map_memory)
		return m->ops->map_memory(m, phys);
	return mr_region_intersects(m->iomem, phys, 1, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
	       REGION_INTERSECTS;
}

bool mr__plan_holds_ram(const struct mr__plan *p)
{
	return mr_region_intersects(p->m->iomem, p->offset, p->size, IORESOURCE_SYSTEM_RAM,
				    IORES_DESC_NONE) != REGION_DISJOINT;
}

void mr__plan_inherited(char *note, size_t len, unsigned long got, const char *from)
{
	snprintf(note, len, "%s inherited from %s", mr_type_name(got), from);
}

int mr__plan_door(struct mr__plan *p, struct mr__map *map, unsigned long got, const char *note)
{
	const struct mr__rules *r = p->m->rules;
	int ret;

	/*
	 * System RAM is WB only, inherited types included: the kernel's
	 * reserve_ram_pages_type() refuses RAM pages held with another type.
	 */
	if (r->memtype && got != MEMREMAP_WB && mr__plan_holds_ram(p))
		return mr__err(EAGAIN,
			       "memremap: " MR__MEM " holds System RAM, which "
			       "may not take the %s type held there",
			       p->offset, p->offset + p->size - 1, mr__memtype_pat_name(got));
	map->type = got;
	map->note[0] = '\0';
	map->attr = NULL;
	map->direct = false;
	ret = p->m->ops->probe(p->m, map);
	if (ret)
		return ret;
	if (!map->note[0])
		mr__strscpy(map->note, note, sizeof(map->note));
	if (!map->attr)
		map->attr = r->attr(map->got);
	return 0;
}

/* The whole pages of the call, asked for with @type. */
static void mr__plan_pages(struct mr__plan *p, unsigned long type, bool linear)
{
	struct mr__map *map = &p->map;
	uint64_t last = p->offset + p->size - 1;

	mr__map_clear(map);
	map->phys = p->offset & MR__PAGE_MASK;
	map->len = (size_t)((last | (MR_PAGE_SIZE - 1)) - map->phys + 1);
	map->type = type;
	map->flags = p->flags;
	map->linear = linear;
}

/* ioremap_{cache,wt,wc,uc}() asked about: a mapping of its own with @type. */
int mr__plan_ioremap(struct mr__plan *p, unsigned long type)
{
	struct mr_machine *m = p->m;
	struct mr__map *map = &p->map;
	char note[sizeof(map->note)] = "", from[72] = "";
	const char *why = NULL;
	unsigned long got;
	int ret;

	ret = m->rules->ioremap_allowed(p, type);
	if (ret)
		return ret;
	mr__plan_pages(p, type, false);
	got = m->rules->ioremap_type(type, &why);
	if (why)
		mr__strscpy(note, why, sizeof(note));
	if (m->rules->memtype) {
		pthread_mutex_lock(&m->lock);
		ret = mr__memtype_check(&m->memtype, map->phys, map->phys + map->len, got, &got,
					from, sizeof(from));
		pthread_mutex_unlock(&m->lock);
		if (ret)
			return ret;
		if (got != map->type)
			mr__plan_inherited(note, sizeof(note), got, from);
	}
	return mr__plan_door(p, map, got, note);
}

int mr__plan_linear(struct mr__plan *p)
{
	/* An EXCLUSIVE claim must live with a mapping of its own. */
	if (!(p->flags & MEMREMAP_EXCLUSIVE)) {
		p->direct = p->m->ops->direct(p->m, p->offset, p->size);
		if (p->direct)
			return 0;
	}
	mr__plan_pages(p, MEMREMAP_WB, !(p->flags & MEMREMAP_EXCLUSIVE));
	return mr__plan_door(p, &p->map, MEMREMAP_WB, "");
}

/* The WB step: the direct map for RAM, else the arch's write-back mapping. */
static int mr__plan_wb(struct mr__plan *p)
{
	/* An EXCLUSIVE claim must live with a mapping of its own. */
	if (p->ri == REGION_INTERSECTS && !(p->flags & MEMREMAP_EXCLUSIVE)) {
		p->direct = mr__plan_direct(p);
		if (p->direct)
			return 0;
	}
	return p->m->rules->memremap_wb(p);
}

/*
 * Try the types from mr__plan_order[@i] on, as memremap() goes on after a
 * failure. Return: 0, -errno, or 1 when the flags leave no type to try.
 */
static int mr__plan_from(struct mr__plan *p, size_t i)
{
	int ret = 1;

	for (; i < MR__ARRAY_SIZE(mr__plan_order); i++) {
		unsigned long type = mr__plan_order[i];

		/* After write-back, RAM may only have had write-back. */
		if (type == MEMREMAP_WT && p->ri == REGION_INTERSECTS && p->flags != MEMREMAP_WB)
			return mr__plan_refuse_ram(p);
		if (!(p->flags & type))
			continue;
		p->type = type;
		ret = type == MEMREMAP_WB ? mr__plan_wb(p) : mr__plan_ioremap(p, type);
		if (!ret)
			return 0;
	}
	if (ret > 0 && !(p->flags & MEMREMAP_KIND))
		return mr__err(EINVAL,
			       "memremap: flags 0x%lx name no cache type (WB, WT, WC or DEV)",
			       p->flags);
	return ret;
}

static int mr__plan_steps(struct mr__plan *p)
{
	int ret = mr__plan_range(p);

	if (ret)
		return ret;
	/* The kernel asks this first, whatever the flags. */
	p->ri = mr_region_intersects(p->m->iomem, p->offset, p->size, IORESOURCE_SYSTEM_RAM,
				     IORES_DESC_NONE);
	ret = mr__plan_flags(p);
	if (!ret)
		ret = mr__plan_claim(p);
	if (ret)
		return ret;
	if (p->ri == REGION_MIXED)
		return mr__plan_refuse_mixed(p);
	return mr__plan_from(p, 0);
}

int mr__plan(struct mr__plan *p, struct mr_machine *m, resource_size_t offset, size_t size,
	     unsigned long flags)
{
	/* Not the texts of the map and the warnings: they start empty where used. */
	memset(p, 0, offsetof(struct mr__plan, map));
	mr__map_clear(&p->map);
	p->nwarns = 0;
	p->m = m;
	p->offset = offset;
	p->size = size;
	p->flags = flags;
	p->ri = -1;
	p->err = mr__plan_steps(p);
	return p->err;
}

int mr__plan_next(struct mr__plan *p)
{
	size_t i;

	for (i = 0; i < MR__ARRAY_SIZE(mr__plan_order); i++)
		if (mr__plan_order[i] == p->type)
			break;
	p->direct = NULL;
	p->err = mr__plan_from(p, i + 1);
	/* No type left: the failure that brought us here is the answer. */
	if (p->err > 0)
		p->err = -errno;
	return p->err;
}
