// SPDX-License-Identifier: MIT
/*
 * memremap() and memunmap(): the kernel's decision order (kernel/iomem.c),
 * with the x86 ioremap rules the real kernel applies underneath (the
 * physical address width, the PAT memory types).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* One call of memremap(), real or asked about (@q non-NULL: a dry run). */
struct mr__req {
	struct mr_machine *m;
	resource_size_t offset;
	size_t size;
	unsigned long flags;
	struct device *dev;
	struct mr_query *q;
	struct resource *claim;
	bool no_ram_pages; /* RAM missed the direct map: ioremap must not take it */
};

const char *mr_type_name(unsigned long type)
{
	switch (type) {
	case MEMREMAP_WB:
		return "wb";
	case MEMREMAP_WT:
		return "wt";
	case MEMREMAP_WC:
		return "wc";
	case MEMREMAP_DEV:
		return "dev";
	}
	return "?";
}

/* What the kernel leaves to its callers, and what is ours to refuse. */
static int mr__range_check(const struct mr__req *r)
{
	if (!r->size)
		return mr__err(EINVAL, "memremap: size 0 at 0x%" PRIx64, r->offset);
	if (r->offset + r->size - 1 < r->offset)
		return mr__err(EINVAL, "memremap: [0x%" PRIx64 " + 0x%zx] wraps around", r->offset,
			       r->size);
	return 0;
}

static int mr__flags_check(const struct mr__req *r)
{
	if (!r->flags)
		return mr__err(EINVAL, "memremap: no flags: ask for MEMREMAP_WB, _WT, _WC or _DEV");
	if (r->flags & ~(unsigned long)MEMREMAP_ALL_FLAGS)
		return mr__err(EINVAL, "memremap: unknown flag bits 0x%lx",
			       r->flags & ~(unsigned long)MEMREMAP_ALL_FLAGS);
	return 0;
}

static void *mr__try_ram_remap(struct mr__req *r)
{
	struct mr_machine *m = r->m;
	void *p = m->ops->direct(m, r->offset, r->size);

	if (!p || !m->ops->can_ram_remap(m, r->offset, r->size, r->flags))
		return NULL;
	return p;
}

static void mr__query_set(struct mr__req *r, const struct mr__map *map, int direct)
{
	r->q->direct = direct;
	r->q->type = map ? map->got : MEMREMAP_WB;
	snprintf(r->q->how, sizeof(r->q->how), "%s", map ? map->how : "direct map");
	snprintf(r->q->why, sizeof(r->q->why), "%s", map ? map->note : "");
}

/* The address width check of x86's ioremap (phys_addr_valid). */
static int mr__phys_check(struct mr__req *r)
{
	unsigned int bits = r->m->phys_bits;

	if (bits >= 64 || !(r->offset >> bits))
		return 0;
	if (!r->q)
		mr__warn_once(r->m, MR__WARN_PHYS_BITS,
			      "ioremap: invalid physical address %" PRIx64, r->offset);
	return mr__err(ERANGE,
		       "memremap: 0x%" PRIx64
		       " lies beyond the machine's %u-bit physical address space",
		       r->offset, bits);
}

static struct mr__mapping *mr__mapping_new(struct mr__req *r, unsigned long type)
{
	struct mr__mapping *map = mr__calloc(1, sizeof(*map));
	uint64_t last = r->offset + r->size - 1;

	if (!map) {
		mr__err(ENOMEM, "memremap: out of memory for the mapping record");
		return NULL;
	}
	map->phys = r->offset;
	map->size = r->size;
	map->flags = r->flags;
	map->dev = r->dev;
	map->map.phys = r->offset & MR__PAGE_MASK;
	map->map.len = (size_t)((last | (MR_PAGE_SIZE - 1)) - map->map.phys + 1);
	map->map.type = type;
	map->map.flags = r->flags;
	return map;
}

static bool mr__holds_ram(const struct mr__req *r)
{
	return mr_region_intersects(r->m->iomem, r->offset, r->size, IORESOURCE_SYSTEM_RAM,
				    IORES_DESC_NONE) != REGION_DISJOINT;
}

/* Reserve the pages' memory type; the mapping may inherit the type held. */
static int mr__memtype_take(struct mr__req *r, struct mr__mapping *map)
{
	struct mr_machine *m = r->m;
	uint64_t end = map->map.phys + map->map.len;
	unsigned long got;
	char from[72] = "";
	int ret;

	pthread_mutex_lock(&m->lock);
	ret = mr__memtype_reserve(&m->memtype, map->map.phys, end, map->map.type, &got, map,
				  r->q != NULL, from, sizeof(from));
	pthread_mutex_unlock(&m->lock);
	if (ret)
		return ret;
	/*
	 * System RAM is WB only, inherited types included: the kernel's
	 * reserve_ram_pages_type() refuses RAM pages held with another type.
	 */
	if (got != MEMREMAP_WB && mr__holds_ram(r)) {
		if (!r->q) {
			pthread_mutex_lock(&m->lock);
			mr__memtype_free(&m->memtype, map->map.phys, end, map);
			pthread_mutex_unlock(&m->lock);
		}
		return mr__err(EAGAIN,
			       "memremap: [mem %#" PRIx64 "-%#" PRIx64 "] holds System RAM, which "
			       "may not take the %s type held there",
			       r->offset, r->offset + r->size - 1, mr__memtype_pat_name(got));
	}
	if (got != map->map.type)
		snprintf(map->map.note, sizeof(map->map.note), "%s inherited from %s",
			 mr_type_name(got), from);
	map->map.type = got;
	map->memtype = !r->q;
	return 0;
}

static void mr__memtype_drop(struct mr_machine *m, struct mr__mapping *map)
{
	if (!map->memtype)
		return;
	pthread_mutex_lock(&m->lock);
	mr__memtype_free(&m->memtype, map->map.phys, map->map.phys + map->map.len, map);
	pthread_mutex_unlock(&m->lock);
	map->memtype = false;
}

static int mr__whole_page_cb(struct resource *res, void *arg)
{
	uint64_t first = (res->start + MR_PAGE_SIZE - 1) & MR__PAGE_MASK;

	(void)arg;
	/* A start in the last page wraps @first to 0: no whole page there. */
	return first >= res->start && first <= res->end && res->end - first >= MR_PAGE_SIZE - 1;
}

/*
 * x86's ioremap refuses a range holding a whole page of System RAM
 * (__ioremap_check_ram). Only a WB request whose RAM missed the direct map
 * for want of a valid page frame gets here with RAM in it: the kernel's
 * other reasons (memory encryption, high memory) are for pages it reserved.
 */
static int mr__ram_pages_check(struct mr__req *r)
{
	uint64_t last = r->offset + r->size - 1;

	if (!r->no_ram_pages ||
	    mr_walk_iomem_res_desc(r->m->iomem, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, r->offset,
				   last, NULL, mr__whole_page_cb) != 1)
		return 0;
	if (!r->q)
		mr__warn_once(r->m, MR__WARN_IOREMAP_RAM,
			      "ioremap on RAM at 0x%016" PRIx64 " - 0x%016" PRIx64, r->offset,
			      last);
	return mr__err(EPERM,
		       "memremap: [mem %#" PRIx64 "-%#" PRIx64
		       "] holds System RAM whose first page has no valid page frame, so it cannot "
		       "come from the direct map, and ioremap refuses System RAM",
		       r->offset, last);
}

/* ioremap_{cache,wt,wc,uc}(): a mapping of its own with one cache type. */
static void *mr__ioremap(struct mr__req *r, unsigned long type)
{
	struct mr_machine *m = r->m;
	struct mr__mapping *map;
	char note[sizeof(map->map.note)];
	void *addr;
	int ret;

	if (mr__phys_check(r) || mr__ram_pages_check(r))
		return NULL;
	map = mr__mapping_new(r, type);
	if (!map)
		return NULL;
	if (mr__memtype_take(r, map))
		goto err_free_map;
	memcpy(note, map->map.note, sizeof(note));
	ret = m->ops->map(m, &map->map, r->q != NULL);
	if (ret)
		goto err_drop_memtype;
	if (!map->map.note[0])
		memcpy(map->map.note, note, sizeof(note));
	if (r->q) {
		mr__query_set(r, &map->map, 0);
		mr__free(map);
		return (void *)1;
	}
	addr = (char *)map->map.base + (r->offset - map->map.phys);
	map->addr = addr;
	map->claim = r->claim;
	pthread_mutex_lock(&m->lock);
	if (map->memtype && map->map.got != map->map.type)
		mr__memtype_retype(&m->memtype, map->map.phys, map->map.phys + map->map.len, map,
				   map->map.got);
	ret = mr__maps_insert(m, map);
	pthread_mutex_unlock(&m->lock);
	if (ret)
		goto err_unmap;
	r->claim = NULL;
	return addr;

err_unmap:
	map->claim = NULL;
	m->ops->unmap(m, &map->map);
err_drop_memtype:
	mr__memtype_drop(m, map);
err_free_map:
	mr__free(map);
	return NULL;
}

/* MEMREMAP_EXCLUSIVE: the range is claimed busy for the mapping's lifetime. */
static int mr__claim(struct mr__req *r)
{
	const char *who = r->dev ? mr_device_name(r->dev) : "memremap";
	struct resource *res;

	res = __request_region(r->m->iomem, r->offset, r->size, who, IORESOURCE_EXCLUSIVE);
	if (!res) {
		mr__err_prefix("memremap: exclusive claim refused: ");
		return -errno;
	}
	if (r->q)
		__release_region(r->m->iomem, r->offset, r->size);
	else
		r->claim = res;
	return 0;
}

static void mr__unclaim(struct mr_machine *m, struct resource *claim)
{
	if (claim)
		__release_region(m->iomem, claim->start, resource_size(claim));
}

static int mr__refuse_mixed(struct mr__req *r)
{
	char names[256];

	if (!r->q)
		mr__warn_once(r->m, MR__WARN_MIXED,
			      "memremap attempted on mixed range 0x%016" PRIx64 " size: %#zx",
			      r->offset, r->size);
	mr__resource_describe(r->m->iomem, r->offset, r->offset + r->size - 1, names,
			      sizeof(names));
	return mr__err(EINVAL,
		       "memremap: [mem %#" PRIx64 "-%#" PRIx64
		       "] mixes System RAM with other resources: %s",
		       r->offset, r->offset + r->size - 1, names);
}

static int mr__refuse_ram(struct mr__req *r)
{
	char names[256];

	if (!r->q)
		mr__warn_once(r->m, MR__WARN_RAM,
			      "memremap attempted on ram 0x%016" PRIx64 " size: %#zx", r->offset,
			      r->size);
	mr__resource_describe(r->m->iomem, r->offset, r->offset + r->size - 1, names,
			      sizeof(names));
	return mr__err(EPERM,
		       "memremap: [mem %#" PRIx64 "-%#" PRIx64
		       "] is System RAM (%s): it may only be mapped write-back, never aliased "
		       "with another type",
		       r->offset, r->offset + r->size - 1, names);
}

/* The kernel's memremap(), step by step. */
static void *mr__remap_decide(struct mr__req *r, int is_ram)
{
	void *addr = NULL;

	if (is_ram == REGION_MIXED) {
		mr__refuse_mixed(r);
		return NULL;
	}
	if (r->flags & MEMREMAP_WB) {
		/* An EXCLUSIVE claim must live with a mapping of its own. */
		if (is_ram == REGION_INTERSECTS && !r->claim) {
			addr = mr__try_ram_remap(r);
			r->no_ram_pages = !addr && r->m->ops->pfn_valid &&
					  !r->m->ops->pfn_valid(r->m, r->offset);
		}
		if (addr && r->q)
			mr__query_set(r, NULL, 1);
		if (!addr)
			addr = mr__ioremap(r, MEMREMAP_WB);
	}
	if (!addr && is_ram == REGION_INTERSECTS && r->flags != MEMREMAP_WB) {
		mr__refuse_ram(r);
		return NULL;
	}
	if (!addr && (r->flags & MEMREMAP_WT))
		addr = mr__ioremap(r, MEMREMAP_WT);
	if (!addr && (r->flags & MEMREMAP_WC))
		addr = mr__ioremap(r, MEMREMAP_WC);
	if (!addr && (r->flags & MEMREMAP_DEV))
		addr = mr__ioremap(r, MEMREMAP_DEV);
	if (!addr && !(r->flags & MEMREMAP_KIND))
		mr__err(EINVAL, "memremap: flags 0x%lx name no cache type (WB, WT, WC or DEV)",
			r->flags);
	return addr;
}

static void *mr__remap(struct mr__req *r)
{
	int is_ram;
	void *addr;

	if (!r->m) {
		r->m = mr_machine_current();
		if (!r->m)
			return NULL;
	}
	if (mr__range_check(r))
		return NULL;
	/* The kernel asks this first, whatever the flags. */
	is_ram = mr_region_intersects(r->m->iomem, r->offset, r->size, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE);
	if (r->q)
		r->q->ri = is_ram;
	if (mr__flags_check(r))
		return NULL;
	if (is_ram != REGION_MIXED && (r->flags & MEMREMAP_EXCLUSIVE) && mr__claim(r))
		return NULL;
	addr = mr__remap_decide(r, is_ram);
	mr__unclaim(r->m, r->claim);
	return addr;
}

void *mr_memremap(struct mr_machine *m, resource_size_t offset, size_t size, unsigned long flags)
{
	struct mr__req r = {.m = m, .offset = offset, .size = size, .flags = flags};

	return mr__remap(&r);
}

void *memremap(resource_size_t offset, size_t size, unsigned long flags)
{
	return mr_memremap(NULL, offset, size, flags);
}

void *mr__memremap_dev(struct device *dev, resource_size_t offset, size_t size, unsigned long flags)
{
	struct mr__req r = {.offset = offset, .size = size, .flags = flags, .dev = dev};

	return mr__remap(&r);
}

int mr_memremap_query(struct mr_machine *m, resource_size_t offset, size_t size,
		      unsigned long flags, struct mr_query *q)
{
	struct mr__req r = {.m = m, .offset = offset, .size = size, .flags = flags, .q = q};
	int saved = errno;

	if (!q)
		return mr__err(EINVAL, "mr_memremap_query: no place for the answer");
	memset(q, 0, sizeof(*q));
	q->ri = -1;
	if (mr__remap(&r)) {
		errno = saved;
		return 0;
	}
	q->result = -errno;
	snprintf(q->why, sizeof(q->why), "%s", mr_errmsg());
	return q->result;
}

/* ----------------------------------------------------------------- unmap */

/* Undo one mapping that is no longer in any table. */
void mr__mapping_destroy(struct mr_machine *m, struct mr__mapping *map)
{
	mr__memtype_drop(m, map);
	m->ops->unmap(m, &map->map);
	mr__unclaim(m, map->claim);
	mr__free(map);
}

int mr__unmap(void *addr, bool from_devres)
{
	struct mr_machine *m = NULL;
	struct mr__mapping *map;
	phys_addr_t phys;

	map = mr__mapping_lookup_any(atomic_load(&mr__current_machine), addr, &m);
	if (!map) {
		if (mr__direct_lookup_any(atomic_load(&mr__current_machine), addr, &phys))
			return 0;
		mr__warn_once(NULL, MR__WARN_UNMAP_UNKNOWN,
			      "memunmap: %p was not mapped by memremap", addr);
		return mr__err(EINVAL, "memunmap: %p was not mapped by memremap", addr);
	}
	if (map->addr != addr) {
		pthread_mutex_unlock(&m->lock);
		mr__warn_once(m, MR__WARN_UNMAP_INTERIOR,
			      "memunmap: %p lies inside the mapping at %p, not at its start", addr,
			      map->addr);
		return mr__err(EINVAL,
			       "memunmap: %p lies inside the mapping at %p, not at its start", addr,
			       map->addr);
	}
	mr__maps_remove(m, map);
	pthread_mutex_unlock(&m->lock);
	if (map->dev && !from_devres)
		mr__devres_forget_mapping(map->dev, addr);
	mr__mapping_destroy(m, map);
	return 0;
}

void memunmap(void *addr)
{
	if (addr)
		mr__unmap(addr, false);
}

void mr__machine_unmap_all(struct mr_machine *m)
{
	struct mr__mapping **maps;
	size_t i, n;

	pthread_mutex_lock(&m->lock);
	maps = m->maps;
	n = m->nmaps;
	m->maps = NULL;
	m->nmaps = m->capmaps = 0;
	pthread_mutex_unlock(&m->lock);
	if (n)
		mr__warn_once(m, MR__WARN_LEAK_ON_CLOSE,
			      "machine '%s' closed with %zu live mapping(s): unmapping them",
			      m->spec, n);
	for (i = 0; i < n; i++) {
		if (maps[i]->dev)
			mr__devres_forget_mapping(maps[i]->dev, maps[i]->addr);
		mr__mapping_destroy(m, maps[i]);
	}
	mr__free(maps);
}

/* ------------------------------------------------------------------ info */

void mr__mapping_describe(struct mr_machine *m, const struct mr__mapping *map,
			  struct mr_mapping_info *info)
{
	memset(info, 0, sizeof(*info));
	info->addr = map->addr;
	info->phys = map->phys;
	info->size = map->size;
	info->flags = map->flags;
	info->type = map->map.got;
	info->exclusive = map->claim != NULL;
	info->map_phys = map->map.phys;
	info->map_size = map->map.len;
	snprintf(info->how, sizeof(info->how), "%s", map->map.how);
	snprintf(info->note, sizeof(info->note), "%s", map->map.note);
	info->machine = m;
	info->dev = map->dev;
}

/* How far the System RAM around @phys runs. */
static size_t mr__ram_left(struct mr_machine *m, phys_addr_t phys)
{
	struct resource *res, *top = NULL;
	size_t left = MR_PAGE_SIZE - (phys & (MR_PAGE_SIZE - 1));

	pthread_rwlock_rdlock(&mr__resource_lock);
	for (res = mr__resource_holding(m->iomem, phys, phys); res && res != m->iomem;
	     res = res->parent)
		if ((res->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM)
			top = res;
	if (top)
		left = (size_t)(top->end - phys + 1);
	pthread_rwlock_unlock(&mr__resource_lock);
	return left;
}

int mr_mapping_info(const void *addr, struct mr_mapping_info *info)
{
	struct mr_machine *cur = atomic_load(&mr__current_machine), *m = NULL;
	struct mr__mapping *map;
	phys_addr_t phys;

	if (!addr || !info)
		return mr__err(EINVAL, "mr_mapping_info: NULL %s", addr ? "info" : "address");
	map = mr__mapping_lookup_any(cur, addr, &m);
	if (map) {
		mr__mapping_describe(m, map, info);
		pthread_mutex_unlock(&m->lock);
		return 0;
	}
	m = mr__direct_lookup_any(cur, addr, &phys);
	if (!m)
		return mr__err(ENOENT, "mr_mapping_info: %p is not in any mapping", addr);
	memset(info, 0, sizeof(*info));
	info->addr = (void *)addr;
	info->phys = phys;
	info->size = mr__ram_left(m, phys);
	info->flags = MEMREMAP_WB;
	info->type = MEMREMAP_WB;
	info->direct = 1;
	info->map_phys = phys & MR__PAGE_MASK;
	info->map_size = info->size + (phys - info->map_phys);
	snprintf(info->how, sizeof(info->how), "direct map");
	info->machine = m;
	return 0;
}
