// SPDX-License-Identifier: MIT
/*
 * memremap(), memunmap() and their device-managed forms, as kernel/iomem.c
 * has them: a call is planned (plan.c, pure), then executed here.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mr_memremap.h"
#include "mr_resource.h"

/* Execute the planned ioremap: reserve the type, map, publish. */
static void *mr__ioremap(struct mr__plan *p, struct resource *claim, struct device *dev,
			 void *devres)
{
	struct mr_machine *m = p->m;
	struct mr__mapping *map;
	unsigned long got = p->map.type;
	char from[72] = "", note[sizeof(map->map.note)];
	int ret;

	map = mr__mapping_new(m, p->offset, p->size, p->flags, p->type);
	if (!map)
		return NULL;
	if (m->rules->memtype && mr__mapping_memtype_take(map, &got, from, sizeof(from)))
		goto err_destroy;
	if (got == p->map.type) {
		map->map = p->map;
	} else {
		/* The pages changed type since the plan: ask again for this one. */
		mr__plan_inherited(note, sizeof(note), got, from);
		ret = mr__plan_door(p, &map->map, got, note);
		if (ret)
			goto err_destroy;
	}
	map->map.trace_id = mr__trace_next_id();
	if (m->ops->map(m, &map->map))
		goto err_destroy;
	map->addr = (char *)map->map.base + (p->offset - map->map.phys);
	map->claim = claim; /* published, it owns the claim: memunmap() releases it */
	map->dev = dev;
	map->devres = devres;
	if (mr__mapping_publish(map))
		goto err_destroy;
	mr__trace_map(map->map.trace_id, map->map.phys, (uintptr_t)map->map.base, map->map.len);
	return map->addr;

err_destroy:
	/* Undoes what was done (the type, the mapping if any); the claim stays the caller's. */
	map->claim = NULL;
	map->dev = NULL;
	mr__mapping_destroy(map);
	return NULL;
}

/* ------------------------------------------------- direct-map holds */

/*
 * A WB mapping of System RAM is a pointer into the direct map: the kernel
 * keeps no record, and memunmap() of it does nothing. A driver still holds
 * it until that memunmap(), so we count it: a module that keeps one is
 * told apart from one that gave it back.
 */
struct mr__direct_hold {
	struct mr__direct_hold *next;
	uint64_t serial; /* the machine's */
	void *addr;
	phys_addr_t phys;
	size_t size;
	struct device *dev;
};

/*
 * Sharded by address, so that threads mapping RAM from the direct map do
 * not all meet on one lock (bench/scale measures that path).
 */
#define MR__HOLD_SHARDS 64
/*
 * Records given back are kept for the next hold (up to this many a shard):
 * mapping RAM from the direct map is a hot path, and malloc() and free()
 * were a third of its cost.
 */
#define MR__HOLD_SPARE 16
static struct {
	/* A cache line each: neighbours must not share one between threads. */
	_Alignas(64) atomic_bool busy;
	struct mr__direct_hold *head;
	struct mr__direct_hold *spare;
	unsigned int nspare;
} mr__holds[MR__HOLD_SHARDS];

/*
 * A shard's lock is a test-and-set: its thread meets another there only
 * on a memunmap() from another thread, a listing or a close, and for
 * so short a hold a mutex cost twice the atomics and some forty
 * instructions more on every memremap() and memunmap() of RAM.
 */
static void mr__hold_lock(unsigned int i)
{
	while (atomic_exchange_explicit(&mr__holds[i].busy, true, memory_order_acquire))
		while (atomic_load_explicit(&mr__holds[i].busy, memory_order_relaxed))
			sched_yield();
}

static void mr__hold_unlock(unsigned int i)
{
	atomic_store_explicit(&mr__holds[i].busy, false, memory_order_release);
}

/*
 * The calling thread's shard, given out in turn at its first hold: a
 * thread maps and unmaps in its own shard, whose cache lines no other
 * thread touches (sharded by address, every thread soon touched every
 * shard, and the lines went back and forth between cores on each call).
 */
static unsigned int mr__hold_shard(void)
{
	static atomic_uint next;
	static _Thread_local unsigned int mine MR__TLS_IE; /* 1 + the shard; 0: none yet */

	if (!mine)
		mine = 1 +
		       atomic_fetch_add_explicit(&next, 1, memory_order_relaxed) % MR__HOLD_SHARDS;
	return mine - 1;
}

/* A spare record of shard @i, or NULL (it is locked). */
static struct mr__direct_hold *mr__hold_spare_take(unsigned int i)
{
	struct mr__direct_hold *h = mr__holds[i].spare;

	if (h) {
		mr__holds[i].spare = h->next;
		mr__holds[i].nspare--;
	}
	return h;
}

/* Give record @h back to shard @i (locked); NULL when kept as a spare. */
static struct mr__direct_hold *mr__hold_spare_put(unsigned int i, struct mr__direct_hold *h)
{
	if (!h || mr__holds[i].nspare == MR__HOLD_SPARE)
		return h;
	h->next = mr__holds[i].spare;
	mr__holds[i].spare = h;
	mr__holds[i].nspare++;
	return NULL;
}

int mr__direct_hold(uint64_t serial, void *addr, phys_addr_t phys, size_t size, struct device *dev)
{
	unsigned int i = mr__hold_shard();
	struct mr__direct_hold *h;

	mr__hold_lock(i);
	h = mr__hold_spare_take(i);
	if (!h) {
		mr__hold_unlock(i);
		h = mr__malloc(sizeof(*h));
		if (!h)
			return mr__err(
				ENOMEM,
				"memremap: out of memory for the record of a direct-map mapping");
		mr__hold_lock(i);
	}
	*h = (struct mr__direct_hold){mr__holds[i].head, serial, addr, phys, size, dev};
	mr__holds[i].head = h;
	mr__hold_unlock(i);
	return 0;
}

/* Take the newest hold of @addr out of shard @i; true when there was one. */
static bool mr__hold_release_in(unsigned int i, uint64_t serial, void *addr)
{
	struct mr__direct_hold **pp, *h = NULL;
	bool found = false;

	mr__hold_lock(i);
	for (pp = &mr__holds[i].head; *pp; pp = &(*pp)->next)
		if ((*pp)->addr == addr && (!serial || (*pp)->serial == serial)) {
			h = *pp;
			*pp = h->next;
			found = true;
			h = mr__hold_spare_put(i, h);
			break;
		}
	mr__hold_unlock(i);
	mr__free(h);
	return found;
}

/*
 * memunmap() of a direct-map pointer: a hold of it goes, the calling
 * thread's first (where it was most likely taken), else another thread's.
 */
static void mr__direct_release(uint64_t serial, void *addr)
{
	unsigned int mine = mr__hold_shard();

	if (mr__hold_release_in(mine, serial, addr))
		return;
	for (unsigned int i = 0; i < MR__HOLD_SHARDS; i++)
		if (i != mine && mr__hold_release_in(i, serial, addr))
			return;
}

/* Spare records go too: a closed machine leaves nothing allocated behind it. */
static void mr__hold_spares_free(unsigned int i)
{
	struct mr__direct_hold *h;

	while ((h = mr__hold_spare_take(i)))
		mr__free(h);
}

void mr__direct_forget(struct mr_machine *m)
{
	for (unsigned int i = 0; i < MR__HOLD_SHARDS; i++) {
		struct mr__direct_hold **pp = &mr__holds[i].head, *h;

		mr__hold_lock(i);
		while ((h = *pp)) {
			if (h->serial == m->serial) {
				*pp = h->next;
				mr__free(h);
			} else {
				pp = &h->next;
			}
		}
		mr__hold_spares_free(i);
		mr__hold_unlock(i);
	}
}

static void mr__hold_describe(struct mr_machine *m, const struct mr__direct_hold *h,
			      struct mr_mapping_info *info)
{
	info->addr = h->addr;
	info->phys = h->phys;
	info->size = h->size;
	info->flags = info->type = MEMREMAP_WB;
	info->direct = 1;
	info->map_phys = h->phys & MR__PAGE_MASK;
	info->map_size = h->size + (h->phys - info->map_phys);
	info->dev = h->dev;
	info->machine = m;
	snprintf(info->how, sizeof(info->how), "direct map");
}

/* The holds of @m in one shard, appended to *@infos (grown as needed). */
static int mr__hold_collect(struct mr_machine *m, unsigned int i, struct mr_mapping_info **infos,
			    size_t *n, size_t *cap)
{
	int ret = 0;

	mr__hold_lock(i);
	for (struct mr__direct_hold *h = mr__holds[i].head; h && !ret; h = h->next) {
		if (h->serial != m->serial)
			continue;
		if (*n == *cap) {
			size_t c = *cap ? 2 * *cap : 16;
			struct mr_mapping_info *v = mr__realloc(*infos, c * sizeof(*v));

			if (!v) {
				ret = mr__err(ENOMEM, "out of memory listing direct-map holds");
				break;
			}
			*infos = v;
			*cap = c;
		}
		memset(&(*infos)[*n], 0, sizeof(**infos));
		mr__hold_describe(m, h, &(*infos)[(*n)++]);
	}
	mr__hold_unlock(i);
	return ret;
}

int mr__direct_for_each(struct mr_machine *m, int (*fn)(const struct mr_mapping_info *, void *),
			void *arg)
{
	struct mr_mapping_info *infos = NULL;
	size_t n = 0, cap = 0;
	int ret = 0;

	/* Copy out under the locks, call outside them: @fn may memunmap(). */
	for (unsigned int i = 0; i < MR__HOLD_SHARDS && !ret; i++)
		ret = mr__hold_collect(m, i, &infos, &n, &cap);
	for (size_t i = 0; i < n && !ret; i++)
		ret = fn(&infos[i], arg);
	mr__free(infos);
	return ret;
}

/* Follow the plan; a type that fails after all falls through to the next. */
void *mr__execute(struct mr__plan *p, struct device *dev, void *devres)
{
	const char *who = dev ? mr_device_name(dev) : "memremap";
	struct resource *claim = NULL;
	void *addr = NULL;

	if (p->err)
		return NULL;
	if (p->direct)
		return mr__direct_hold(p->m->serial, p->direct, p->offset, p->size, dev)
			       ? NULL
			       : p->direct;
	if (p->flags & MEMREMAP_EXCLUSIVE) {
		claim = __request_region(p->m->iomem, p->offset, p->size, who,
					 IORESOURCE_EXCLUSIVE);
		if (!claim) {
			mr__err_prefix("memremap: exclusive claim refused: ");
			return NULL;
		}
	}
	/* A type that fails after all falls through to the next, as in the kernel. */
	for (;;) {
		addr = mr__ioremap(p, claim, dev, devres);
		if (addr || mr__plan_next(p))
			break;
	}
	if (!addr && claim)
		__release_region(p->m->iomem, claim->start, resource_size(claim));
	return addr;
}

void mr__query_fill(const struct mr__plan *p, struct mr_query *q)
{
	memset(q, 0, sizeof(*q));
	q->ri = p->ri;
	q->result = p->err;
	if (p->err) {
		snprintf(q->why, sizeof(q->why), "%s", mr_errmsg());
		return;
	}
	q->direct = p->direct || p->map.direct;
	q->type = p->direct ? MEMREMAP_WB : p->map.got;
	snprintf(q->how, sizeof(q->how), "%s", p->direct ? "direct map" : p->map.how);
	snprintf(q->why, sizeof(q->why), "%s", p->direct ? "" : p->map.note);
}

/* ----------------------------------------------------------------- unmap */

/*
 * memunmap() of @addr; @serial non-zero: only on the machine of that
 * serial, quietly ignoring what is not there (a device record whose
 * machine has closed).
 */
static int mr__unmap(void *addr, uint64_t serial)
{
	struct mr__mapping *map = NULL;
	struct mr_machine *m = NULL;
	void *start = NULL;
	int ret = mr__mapping_take(addr, serial, &map, &start, &m);

	switch (ret) {
	case MR__FOUND_MAPPING:
		mr__mapping_destroy(map);
		mr__machine_put(m);
		return 0;
	case MR__FOUND_WINDOW:
		mr__direct_release(serial, addr);
		return 0;
	case MR__FOUND_CLOSING:
		return 0;
	case MR__FOUND_NONE:
		if (serial)
			return 0;
		mr__warn_once(NULL, MR__WARN_UNMAP_UNKNOWN,
			      "memunmap: %p was not mapped by memremap", addr);
		return mr__err(EINVAL, "memunmap: %p was not mapped by memremap", addr);
	}
	mr__warn_once(NULL, MR__WARN_UNMAP_INTERIOR,
		      "memunmap: %p lies inside the mapping at %p, not at its start", addr, start);
	return mr__err(EINVAL, "memunmap: %p lies inside the mapping at %p, not at its start", addr,
		       start);
}

void memunmap(void *addr)
{
	if (addr)
		mr__unmap(addr, 0);
}

/* ------------------------------------------------------ devm_memremap() */

/* A device's record of one of its mappings (lib/devres.c's devm_memremap). */
struct mr__devm_map {
	uint64_t serial; /* the machine it was made on */
	void *addr;
};

static void mr__devm_memremap_release(struct device *dev, void *res)
{
	struct mr__devm_map *d = res;

	(void)dev;
	mr__unmap(d->addr, d->serial);
}

static bool mr__devm_memremap_match(struct device *dev, void *res, void *addr)
{
	(void)dev;
	return ((struct mr__devm_map *)res)->addr == addr;
}

void *mr__devm_execute(struct mr__plan *p, struct device *dev)
{
	struct mr__devm_map *d;
	void *addr;

	if (p->err) {
		mr__err_prefix("devm_memremap for '%s': ", mr_device_name(dev));
		return ERR_PTR(-ENXIO);
	}
	d = mr__devres_alloc(mr__devm_memremap_release, sizeof(*d));
	if (!d) {
		mr__err(ENOMEM, "devm_memremap: out of memory for the device record");
		return ERR_PTR(-ENOMEM);
	}
	addr = mr__execute(p, dev, d);
	if (!addr) {
		mr__devres_free(d);
		mr__err_prefix("devm_memremap for '%s': ", mr_device_name(dev));
		return ERR_PTR(-ENXIO);
	}
	d->serial = p->m->serial;
	d->addr = addr;
	mr__devres_add(dev, d);
	return addr;
}

MR__EXPORT_V0 void mr__devm_memunmap_v5(struct device *dev, void *addr);

void mr__devm_memunmap_v5(struct device *dev, void *addr)
{
	if (mr__device_check(dev, "devm_memunmap"))
		return;
	if (mr__devres_release(dev, mr__devm_memremap_release, mr__devm_memremap_match, addr)) {
		mr__warn_once(NULL, MR__WARN_DEVM_UNMAP, "devm_memunmap: %p is not held by '%s'",
			      addr, mr_device_name(dev));
		mr__err(EINVAL, "devm_memunmap: %p is not held by '%s'", addr, mr_device_name(dev));
	}
}

MR__SYMVER_DEFAULT(mr__devm_memunmap_v5, devm_memunmap);

/* The MEMREMAP_0 version: its device came from mr_device_new(). */
MR__EXPORT_V0 void mr__devm_memunmap_v0(struct device *dev, void *addr);
MR__SYMVER_V0(mr__devm_memunmap_v0, devm_memunmap);

void mr__devm_memunmap_v0(struct device *dev, void *addr)
{
	if (!mr__device_check_v0(dev, "devm_memunmap"))
		mr__devm_memunmap_v5(dev, addr);
}

/* ------------------------------------------------------------------ info */

/* How far the System RAM around @phys runs. */
static size_t mr__ram_left(struct mr_machine *m, phys_addr_t phys)
{
	struct resource *res, *top = NULL;
	size_t left = MR_PAGE_SIZE - (phys & (MR_PAGE_SIZE - 1));

	mr__read_lock();
	for (res = mr__resource_holding(m->iomem, phys, phys); res && res != m->iomem;
	     res = res->parent)
		if ((res->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM)
			top = res;
	if (top)
		left = (size_t)(top->end - phys + 1);
	mr__read_unlock();
	return left;
}

/* A direct-map pointer is described as the System RAM around it. */
static void mr__describe_direct(struct mr_machine *m, const void *addr, phys_addr_t phys,
				struct mr_mapping_info *info)
{
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
}

const char *mr__plan_attr(const struct mr__plan *p)
{
	return p->direct ? p->m->rules->attr(MEMREMAP_WB) : p->map.attr;
}

const char *mr_mapping_attr(const void *addr)
{
	struct mr_machine *window;
	const char *attr;

	if (!addr) {
		mr__err(EINVAL, "mr_mapping_attr: NULL address");
		return NULL;
	}
	mr__read_lock();
	attr = mr__mapping_attr_at(addr, &window);
	if (!attr && window)
		attr = window->rules->attr(MEMREMAP_WB);
	mr__read_unlock();
	if (!attr)
		mr__err(ENOENT, "mr_mapping_attr: %p is not in any mapping", addr);
	return attr;
}

int mr_mapping_info(const void *addr, struct mr_mapping_info *info)
{
	struct mr_machine *m = NULL;
	phys_addr_t phys = 0;
	int found;

	if (!addr || !info)
		return mr__err(EINVAL, "mr_mapping_info: NULL %s", addr ? "info" : "address");
	mr__read_lock();
	found = mr__mapping_lookup(addr, info, &m, &phys);
	if (found == MR__FOUND_WINDOW)
		mr__describe_direct(m, addr, phys, info);
	mr__read_unlock();
	if (found == MR__FOUND_NONE)
		return mr__err(ENOENT, "mr_mapping_info: %p is not in any mapping", addr);
	return 0;
}

int mr_mapping_doors(const void *addr, char *buf, size_t len)
{
	int ret;

	if (!addr || (!buf && len))
		return mr__err(EINVAL, "mr_mapping_doors: NULL %s", addr ? "buffer" : "address");
	mr__read_lock();
	ret = mr__mapping_doors(addr, buf, len);
	mr__read_unlock();
	if (ret < 0)
		return mr__err(ENOENT, "mr_mapping_doors: %p is not in any mapping", addr);
	return ret;
}
