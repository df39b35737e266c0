// SPDX-License-Identifier: MIT
/*
 * Machines: the open ones, the current one, and each one's table of live
 * mappings. The kernel has one machine; a process here may open several
 * (a test per simulated machine) and the kernel-spelled calls act on the
 * current one.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static pthread_mutex_t mr__machines_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mr_machine *mr__machines;		/* every open machine */
struct mr_machine *_Atomic mr__current_machine; /* what the calls act on */
static struct mr_machine *mr__default;		/* opened from the environment */

static const struct mr__platform *const mr__platforms[] = {
	&mr__platform_sim,
	&mr__platform_linux,
};

#define MR__SPEC_MAX 4096

/* "sim:FILE,k=v" → the platform and what follows it, for its open(). */
static const struct mr__platform *mr__spec_platform(const char *spec, const char **args)
{
	size_t i, n = strcspn(spec, ":,");

	for (i = 0; i < MR__ARRAY_SIZE(mr__platforms); i++) {
		const char *name = mr__platforms[i]->name;

		if (strlen(name) != n || strncmp(spec, name, n))
			continue;
		/* A ':' stays, so that "sim:FILE" and "sim,KEY" differ. */
		*args = spec + n + (spec[n] == ',');
		return mr__platforms[i];
	}
	return NULL;
}

static void mr__machine_free(struct mr_machine *m)
{
	mr__memtype_destroy(&m->memtype);
	mr__free(m->maps);
	pthread_mutex_destroy(&m->lock);
	mr__free(m->spec);
	mr__free(m);
}

int mr_machine_open(struct mr_machine **out, const char *spec)
{
	const struct mr__platform *ops;
	struct mr_machine *m;
	const char *args;
	int ret;

	if (!out)
		return mr__err(EINVAL, "mr_machine_open: no place to return the machine");
	*out = NULL;
	if (!spec)
		spec = getenv("MEMREMAP_MACHINE");
	if (!spec || !*spec)
		spec = "linux";
	if (strnlen(spec, MR__SPEC_MAX) == MR__SPEC_MAX)
		return mr__err(EINVAL, "machine spec longer than %d bytes", MR__SPEC_MAX - 1);
	ops = mr__spec_platform(spec, &args);
	if (!ops)
		return mr__err(EINVAL, "unknown machine '%s': expected sim, sim:FILE or linux",
			       spec);
	m = mr__calloc(1, sizeof(*m));
	if (!m)
		return mr__err(ENOMEM, "out of memory opening machine '%s'", spec);
	m->spec = mr__strdup(spec);
	if (!m->spec) {
		mr__free(m);
		return mr__err(ENOMEM, "out of memory opening machine '%s'", spec);
	}
	pthread_mutex_init(&m->lock, NULL);
	mr__memtype_init(&m->memtype);
	m->ops = ops;
	m->strict_devmem = true;
	ret = ops->open(m, args);
	if (ret) {
		mr__err_prefix("machine '%s': ", spec);
		mr__machine_free(m);
		return ret;
	}
	pthread_mutex_lock(&mr__machines_lock);
	m->next = mr__machines;
	mr__machines = m;
	pthread_mutex_unlock(&mr__machines_lock);
	*out = m;
	return 0;
}

/* Take @m off the list; it is no longer current nor the default. */
static void mr__machine_unlist(struct mr_machine *m)
{
	struct mr_machine **pp;

	pthread_mutex_lock(&mr__machines_lock);
	for (pp = &mr__machines; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	if (atomic_load(&mr__current_machine) == m)
		atomic_store(&mr__current_machine, NULL);
	if (mr__default == m)
		mr__default = NULL;
	pthread_mutex_unlock(&mr__machines_lock);
}

void mr_machine_close(struct mr_machine *m)
{
	if (!m)
		return;
	mr__machine_unlist(m);
	mr__machine_unmap_all(m);
	m->ops->close(m);
	mr__machine_free(m);
}

struct mr_machine *mr_machine_use(struct mr_machine *m)
{
	struct mr_machine *old;

	pthread_mutex_lock(&mr__machines_lock);
	old = atomic_load(&mr__current_machine);
	atomic_store(&mr__current_machine, m ? m : mr__default);
	pthread_mutex_unlock(&mr__machines_lock);
	return old;
}

struct mr_machine *mr_machine_current(void)
{
	struct mr_machine *m = atomic_load(&mr__current_machine);

	if (m)
		return m;
	pthread_mutex_lock(&mr__machines_lock);
	m = atomic_load(&mr__current_machine);
	if (!m && !mr__default) {
		/* Opening takes the list lock itself. */
		pthread_mutex_unlock(&mr__machines_lock);
		if (mr_machine_open(&m, NULL))
			return NULL;
		pthread_mutex_lock(&mr__machines_lock);
		if (mr__default) {
			/* Another thread opened it first: keep theirs. */
			pthread_mutex_unlock(&mr__machines_lock);
			mr_machine_close(m);
			pthread_mutex_lock(&mr__machines_lock);
		} else {
			mr__default = m;
		}
	}
	if (!atomic_load(&mr__current_machine))
		atomic_store(&mr__current_machine, mr__default);
	m = atomic_load(&mr__current_machine);
	pthread_mutex_unlock(&mr__machines_lock);
	return m;
}

/* The default machine is the library's own: close it when the process ends. */
__attribute__((destructor)) static void mr__machines_fini(void)
{
	struct mr_machine *m;

	pthread_mutex_lock(&mr__machines_lock);
	m = mr__default;
	pthread_mutex_unlock(&mr__machines_lock);
	if (m)
		mr_machine_close(m);
}

/*
 * Find the mapping that holds @addr, on @m first, then on every open
 * machine. On success the mapping's machine is locked and returned in @mp.
 */
struct mr__mapping *mr__mapping_lookup_any(struct mr_machine *m, const void *addr,
					   struct mr_machine **mp)
{
	struct mr__mapping *map;
	struct mr_machine *it;

	if (m) {
		pthread_mutex_lock(&m->lock);
		map = mr__mapping_find(m, addr);
		if (map) {
			*mp = m;
			return map;
		}
		pthread_mutex_unlock(&m->lock);
	}
	pthread_mutex_lock(&mr__machines_lock);
	for (it = mr__machines; it; it = it->next) {
		if (it == m)
			continue;
		pthread_mutex_lock(&it->lock);
		map = mr__mapping_find(it, addr);
		if (map) {
			pthread_mutex_unlock(&mr__machines_lock);
			*mp = it;
			return map;
		}
		pthread_mutex_unlock(&it->lock);
	}
	pthread_mutex_unlock(&mr__machines_lock);
	return NULL;
}

/* The machine whose direct map holds @addr, with its physical address. */
struct mr_machine *mr__direct_lookup_any(struct mr_machine *m, const void *addr, phys_addr_t *phys)
{
	struct mr_machine *it;

	if (m && !m->ops->direct_phys(m, addr, phys))
		return m;
	pthread_mutex_lock(&mr__machines_lock);
	for (it = mr__machines; it; it = it->next)
		if (it != m && !it->ops->direct_phys(it, addr, phys))
			break;
	pthread_mutex_unlock(&mr__machines_lock);
	return it;
}

/* ------------------------------------------------------- the mapping table */

/* Index of the first mapping whose base is above @addr. */
static size_t mr__maps_upper(struct mr_machine *m, uintptr_t addr)
{
	size_t lo = 0, hi = m->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)m->maps[mid]->map.base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct mr__mapping *mr__mapping_find(struct mr_machine *m, const void *addr)
{
	size_t i = mr__maps_upper(m, (uintptr_t)addr);
	struct mr__mapping *map;

	if (!i)
		return NULL;
	map = m->maps[i - 1];
	if ((uintptr_t)addr - (uintptr_t)map->map.base >= map->map.len)
		return NULL;
	return map;
}

int mr__maps_insert(struct mr_machine *m, struct mr__mapping *map)
{
	size_t at;

	if (m->nmaps == m->capmaps) {
		size_t cap = m->capmaps ? m->capmaps * 2 : 16;
		struct mr__mapping **v = mr__realloc(m->maps, cap * sizeof(*v));

		if (!v)
			return mr__err(ENOMEM, "out of memory recording a mapping");
		m->maps = v;
		m->capmaps = cap;
	}
	at = mr__maps_upper(m, (uintptr_t)map->map.base);
	memmove(&m->maps[at + 1], &m->maps[at], (m->nmaps - at) * sizeof(*m->maps));
	m->maps[at] = map;
	m->nmaps++;
	return 0;
}

void mr__maps_remove(struct mr_machine *m, struct mr__mapping *map)
{
	size_t i = mr__maps_upper(m, (uintptr_t)map->map.base);

	/* Bases are unique while mapped, so the entry is the one just below. */
	if (!i || m->maps[i - 1] != map)
		return;
	memmove(&m->maps[i - 1], &m->maps[i], (m->nmaps - i) * sizeof(*m->maps));
	m->nmaps--;
}

/* ----------------------------------------------------------- the accessors */

const char *mr_machine_spec(const struct mr_machine *m)
{
	return m ? m->spec : "";
}

const char *mr_machine_platform(const struct mr_machine *m)
{
	return m ? m->ops->name : "";
}

unsigned int mr_machine_phys_bits(const struct mr_machine *m)
{
	return m ? m->phys_bits : 0;
}

size_t mr_machine_mappings(struct mr_machine *m)
{
	size_t n;

	if (!m)
		return 0;
	pthread_mutex_lock(&m->lock);
	n = m->nmaps;
	pthread_mutex_unlock(&m->lock);
	return n;
}

int mr_machine_for_each_mapping(struct mr_machine *m,
				int (*fn)(const struct mr_mapping_info *, void *), void *arg)
{
	struct mr_mapping_info info;
	size_t i;
	int ret = 0;

	if (!m || !fn)
		return mr__err(EINVAL, "mr_machine_for_each_mapping: no machine or no function");
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nmaps && !ret; i++) {
		mr__mapping_describe(m, m->maps[i], &info);
		ret = fn(&info, arg);
	}
	pthread_mutex_unlock(&m->lock);
	return ret;
}

int mr_machine_memtype(struct mr_machine *m, phys_addr_t start, size_t size, unsigned long *type,
		       char *who, size_t len)
{
	uint64_t first, last;
	int ret;

	if (!m || !type || !size || start + size - 1 < start)
		return mr__err(EINVAL, "mr_machine_memtype: bad machine, range or output");
	first = start & MR__PAGE_MASK;
	last = (start + size - 1) | (MR_PAGE_SIZE - 1);
	pthread_mutex_lock(&m->lock);
	/* Ranges that touch the last page of the address space end at 2^64. */
	ret = mr__memtype_describe_range(&m->memtype, first, last + 1 ? last + 1 : last, type, who,
					 len);
	pthread_mutex_unlock(&m->lock);
	return ret;
}

/* ---------------------------------------------- resources on the machine */

struct resource *mr_iomem_resource(struct mr_machine *m)
{
	if (!m)
		m = mr_machine_current();
	return m ? m->iomem : NULL;
}

int region_intersects(resource_size_t start, size_t size, unsigned long flags, unsigned long desc)
{
	struct resource *root = mr_iomem_resource(NULL);

	if (!root)
		return REGION_DISJOINT;
	return mr_region_intersects(root, start, size, flags, desc);
}

bool iomem_is_exclusive(uint64_t addr)
{
	struct mr_machine *m = mr_machine_current();

	if (!m)
		return false;
	return mr_iomem_is_exclusive(m->iomem, addr, m->strict_devmem);
}

int walk_system_ram_res(resource_size_t start, resource_size_t end, void *arg,
			int (*func)(struct resource *, void *))
{
	struct resource *root = mr_iomem_resource(NULL);

	if (!root)
		return -ENODEV;
	return mr_walk_iomem_res_desc(root, IORES_DESC_NONE,
				      IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, start, end, arg,
				      func);
}

struct mr__pfn_walk {
	int (*func)(unsigned long, unsigned long, void *);
	void *arg;
};

/* Whole pages only, as the kernel's walk_system_ram_range(). */
static int mr__pfn_walk_cb(struct resource *res, void *arg)
{
	struct mr__pfn_walk *w = arg;
	unsigned long first = (unsigned long)((res->start + MR_PAGE_SIZE - 1) >> MR_PAGE_SHIFT);
	unsigned long last = (unsigned long)((res->end + 1) >> MR_PAGE_SHIFT);

	if (res->end + 1 == 0)
		last = (unsigned long)(UINT64_MAX >> MR_PAGE_SHIFT) + 1;
	if (last <= first)
		return 0;
	return w->func(first, last - first, w->arg);
}

int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
			  int (*func)(unsigned long, unsigned long, void *))
{
	struct mr__pfn_walk w = {func, arg};
	uint64_t start = (uint64_t)start_pfn << MR_PAGE_SHIFT;
	uint64_t end = ((uint64_t)(start_pfn + nr_pages) << MR_PAGE_SHIFT) - 1;

	if (!nr_pages || !func)
		return mr__err(EINVAL, "walk_system_ram_range: %s",
			       func ? "no pages" : "no callback");
	return walk_system_ram_res(start, end, &w, mr__pfn_walk_cb);
}
