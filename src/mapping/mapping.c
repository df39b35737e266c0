// SPDX-License-Identifier: MIT
/*
 * Mapping records: a mapping's whole life, and the index of every live
 * mapping and direct-map window of the process, by virtual address.
 *
 * The index is one array sorted by address under the library lock:
 * lookups (memunmap, mr_mapping_info, the copy routines' type lookup) read
 * it without contending, new mappings and unmaps write it. A record leaves
 * the index before it is undone, so whoever took it out owns it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mr_mapping.h"

struct mr__span {
	uintptr_t base;
	size_t len;
	struct mr_machine *m;
	struct mr__mapping *map; /* NULL: a direct-map window */
	phys_addr_t phys;	 /* a window: the physical address of @base */
};

/* Bumped at every change of the index: what a thread remembers of it is stale then. */
static _Atomic unsigned long mr__index_gen;
static struct mr__span *mr__index;
static size_t mr__nindex, mr__capindex;

/* Closing waits here for the calls that hold its machine (mr__machine_get). */
static pthread_mutex_t mr__users_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mr__users_gone = PTHREAD_COND_INITIALIZER;

#define MR__USERS_CLOSING 0x80000000u

/* ---------------------------------------------------- holding a machine */

bool mr__machine_get(struct mr_machine *m)
{
	if (m->closing)
		return false;
	atomic_fetch_add(&m->users, 1);
	return true;
}

void mr__machine_put(struct mr_machine *m)
{
	/*
	 * The last one out while it closes wakes the closer. After the
	 * decrement @m may be freed at once: only the lock and the condition,
	 * which are not @m's, are touched.
	 */
	if (atomic_fetch_sub(&m->users, 1) == (MR__USERS_CLOSING | 1)) {
		pthread_mutex_lock(&mr__users_lock);
		pthread_cond_broadcast(&mr__users_gone);
		pthread_mutex_unlock(&mr__users_lock);
	}
}

void mr__machine_wait_users(struct mr_machine *m)
{
	pthread_mutex_lock(&mr__users_lock);
	atomic_fetch_or(&m->users, MR__USERS_CLOSING);
	while (atomic_load(&m->users) != MR__USERS_CLOSING)
		pthread_cond_wait(&mr__users_gone, &mr__users_lock);
	pthread_mutex_unlock(&mr__users_lock);
}

/* ------------------------------------------------------------ the index */

/* Index of the first span whose base is above @addr. */
static size_t mr__index_upper(uintptr_t addr)
{
	size_t lo = 0, hi = mr__nindex;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mr__index[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The span that holds @addr, or NULL (lock held). */
static struct mr__span *mr__index_find(const void *addr)
{
	size_t i = mr__index_upper((uintptr_t)addr);
	struct mr__span *s;

	if (!i)
		return NULL;
	s = &mr__index[i - 1];
	return (uintptr_t)addr - s->base < s->len ? s : NULL;
}

static int mr__index_insert(const struct mr__span *span)
{
	size_t at;

	mr__write_lock();
	if (mr__nindex == mr__capindex) {
		size_t cap = mr__capindex ? mr__capindex * 2 : 16;
		struct mr__span *v = mr__realloc(mr__index, cap * sizeof(*v));

		if (!v) {
			mr__write_unlock();
			return mr__err(ENOMEM, "out of memory recording a mapping");
		}
		mr__index = v;
		mr__capindex = cap;
	}
	at = mr__index_upper(span->base);
	memmove(&mr__index[at + 1], &mr__index[at], (mr__nindex - at) * sizeof(*mr__index));
	mr__index[at] = *span;
	mr__nindex++;
	atomic_fetch_add(&mr__index_gen, 1);
	mr__write_unlock();
	return 0;
}

/* Remove the span @s points at (lock held for writing). */
static void mr__index_remove(struct mr__span *s)
{
	size_t i = (size_t)(s - mr__index);

	memmove(&mr__index[i], &mr__index[i + 1], (mr__nindex - i - 1) * sizeof(*mr__index));
	mr__nindex--;
	atomic_fetch_add(&mr__index_gen, 1);
	if (!mr__nindex) {
		/* The last one out leaves nothing allocated (leak checkers, tests). */
		mr__free(mr__index);
		mr__index = NULL;
		mr__capindex = 0;
	}
}

/* ----------------------------------------------------------- one mapping */

struct mr__mapping *mr__mapping_new(struct mr_machine *m, phys_addr_t phys, size_t size,
				    unsigned long flags, unsigned long type)
{
	struct mr__mapping *map = mr__calloc(1, sizeof(*map));
	uint64_t last = phys + size - 1;

	if (!map) {
		mr__err(ENOMEM, "memremap: out of memory for the mapping record");
		return NULL;
	}
	map->m = m;
	map->phys = phys;
	map->size = size;
	map->flags = flags;
	map->map.phys = phys & MR__PAGE_MASK;
	map->map.len = (size_t)((last | (MR_PAGE_SIZE - 1)) - map->map.phys + 1);
	map->map.type = type;
	map->map.flags = flags;
	return map;
}

int mr__mapping_memtype_take(struct mr__mapping *map, unsigned long *got, char *from,
			     size_t from_len)
{
	struct mr_machine *m = map->m;
	int ret;

	pthread_mutex_lock(&m->lock);
	ret = mr__memtype_reserve(&m->memtype, map->map.phys, map->map.phys + map->map.len,
				  map->map.type, got, map, from, from_len);
	pthread_mutex_unlock(&m->lock);
	map->memtype = !ret;
	return ret;
}

void mr__mapping_memtype_drop(struct mr__mapping *map)
{
	struct mr_machine *m = map->m;

	if (!map->memtype)
		return;
	pthread_mutex_lock(&m->lock);
	mr__memtype_free(&m->memtype, map->map.phys, map->map.phys + map->map.len, map);
	pthread_mutex_unlock(&m->lock);
	map->memtype = false;
}

int mr__mapping_publish(struct mr__mapping *map)
{
	struct mr_machine *m = map->m;
	struct mr__span span = {(uintptr_t)map->map.base, map->map.len, m, map, 0};
	int ret;

	if (map->memtype && map->map.got != map->map.type) {
		pthread_mutex_lock(&m->lock);
		mr__memtype_retype(&m->memtype, map->map.phys, map->map.phys + map->map.len, map,
				   map->map.got);
		pthread_mutex_unlock(&m->lock);
	}
	ret = mr__index_insert(&span);
	if (!ret)
		atomic_fetch_add(&m->nmaps, 1);
	return ret;
}

void mr__mapping_destroy(struct mr__mapping *map)
{
	struct mr_machine *m = map->m;

	if (map->dev && map->devres)
		mr__devres_forget(map->dev, map->devres);
	mr__mapping_memtype_drop(map);
	if (map->map.base) {
		mr__trace_unmap(map->map.trace_id);
		m->ops->unmap(m, &map->map);
	}
	if (map->claim)
		__release_region(m->iomem, map->claim->start, resource_size(map->claim));
	mr__free(map);
}

static void mr__mapping_describe(const struct mr__mapping *map, struct mr_mapping_info *info)
{
	memset(info, 0, sizeof(*info));
	info->addr = map->addr;
	info->phys = map->phys;
	info->size = map->size;
	info->flags = map->flags;
	info->type = map->map.got;
	info->direct = map->map.direct;
	info->exclusive = map->claim != NULL;
	info->map_phys = map->map.phys;
	info->map_size = map->map.len;
	mr__strscpy(info->how, map->map.how, sizeof(info->how));
	mr__strscpy(info->note, map->map.note, sizeof(info->note));
	info->machine = map->m;
	info->dev = map->dev;
}

/* -------------------------------------------------------------- lookups */

/* What the index holds at @addr, under the lock; for memunmap(). */
static int mr__mapping_find(void *addr, uint64_t serial, struct mr__span **sp, void **start,
			    struct mr_machine **mp)
{
	struct mr__span *s = mr__index_find(addr);

	if (s && serial && s->m->serial != serial)
		s = NULL;
	*sp = s;
	if (!s)
		return MR__FOUND_NONE;
	*mp = s->m;
	if (!s->map)
		return MR__FOUND_WINDOW;
	if (s->map->addr != addr) {
		*start = s->map->addr;
		return -EINVAL;
	}
	return MR__FOUND_MAPPING;
}

int mr__mapping_take(void *addr, uint64_t serial, struct mr__mapping **out, void **start,
		     struct mr_machine **mp)
{
	struct mr__span *s;
	int ret;

	/* The direct map and mistakes need only reading: no writer waits for them. */
	mr__read_lock();
	ret = mr__mapping_find(addr, serial, &s, start, mp);
	mr__read_unlock();
	if (ret != MR__FOUND_MAPPING)
		return ret;
	mr__write_lock();
	ret = mr__mapping_find(addr, serial, &s, start, mp);
	/* A machine that closes unmaps what is left itself. */
	if (ret == MR__FOUND_MAPPING && !mr__machine_get(s->m))
		ret = MR__FOUND_CLOSING;
	if (ret == MR__FOUND_MAPPING) {
		*out = s->map;
		mr__index_remove(s);
		atomic_fetch_sub(&(*out)->m->nmaps, 1);
	}
	mr__write_unlock();
	return ret;
}

int mr__mapping_lookup(const void *addr, struct mr_mapping_info *info, struct mr_machine **mp,
		       phys_addr_t *phys)
{
	struct mr__span *s = mr__index_find(addr);

	if (!s)
		return MR__FOUND_NONE;
	*mp = s->m;
	if (!s->map) {
		*phys = s->phys + ((uintptr_t)addr - s->base);
		return MR__FOUND_WINDOW;
	}
	mr__mapping_describe(s->map, info);
	return MR__FOUND_MAPPING;
}

/*
 * A traced accessor asks this for every access, mostly about the mapping it
 * asked about last: each thread remembers that one until the index changes.
 */
struct mr__trace_hit {
	unsigned long gen;
	uintptr_t base;
	size_t len;
	uint64_t phys;
	unsigned int id;
};

static _Thread_local struct mr__trace_hit mr__trace_last MR__TLS_IE;

bool mr__mapping_trace_at(const void *p, uint64_t *phys, unsigned int *id)
{
	struct mr__trace_hit *h = &mr__trace_last;
	unsigned long gen = atomic_load_explicit(&mr__index_gen, memory_order_acquire);
	struct mr__span *s;
	bool found = false;

	if (h->len && h->gen == gen && (uintptr_t)p - h->base < h->len) {
		*phys = h->phys + ((uintptr_t)p - h->base);
		*id = h->id;
		return true;
	}
	mr__read_lock();
	s = mr__index_find(p);
	if (s && s->map) {
		*h = (struct mr__trace_hit){atomic_load(&mr__index_gen), s->base, s->len,
					    s->map->map.phys, s->map->map.trace_id};
		*phys = h->phys + ((uintptr_t)p - s->base);
		*id = h->id;
		found = true;
	}
	mr__read_unlock();
	return found;
}

int mr__mapping_doors(const void *addr, char *buf, size_t len)
{
	struct mr__span *s = mr__index_find(addr);

	if (!s)
		return -ENOENT;
	/* A direct-map window: RAM asked for write-back, no door at all. */
	if (!s->map)
		return snprintf(buf, len, "direct map: taken (wb)\n");
	return snprintf(buf, len, "%s", s->map->map.doors);
}

const char *mr__mapping_attr_at(const void *p, struct mr_machine **window)
{
	struct mr__span *s;
	const char *attr = NULL;

	*window = NULL;
	s = mr__index_find(p);
	if (s && s->map)
		attr = s->map->map.attr;
	else if (s)
		*window = s->m;
	return attr;
}

unsigned long mr__mapping_type_at(const void *p)
{
	struct mr__span *s;
	unsigned long type = 0;

	mr__read_lock();
	s = mr__index_find(p);
	if (s && s->map)
		type = s->map->map.got;
	mr__read_unlock();
	return type;
}

int mr__mapping_add_window(struct mr_machine *m, void *base, size_t len, phys_addr_t phys)
{
	struct mr__span span = {(uintptr_t)base, len, m, NULL, phys};

	return mr__index_insert(&span);
}

int mr__mapping_for_each(struct mr_machine *m, int (*fn)(const struct mr_mapping_info *, void *),
			 void *arg)
{
	struct mr_mapping_info info;
	size_t i;
	int ret = 0;

	for (i = 0; i < mr__nindex && !ret; i++) {
		if (mr__index[i].m != m || !mr__index[i].map)
			continue;
		mr__mapping_describe(mr__index[i].map, &info);
		ret = fn(&info, arg);
	}
	return ret;
}

/* ---------------------------------------------------------- unmap all */

/* Take the last span of @m out of the index: its mapping, or NULL for a window. */
static bool mr__mapping_take_one(struct mr_machine *m, struct mr__mapping **map)
{
	size_t i;
	bool found = false;

	mr__write_lock();
	for (i = mr__nindex; i-- > 0;) {
		if (mr__index[i].m != m)
			continue;
		*map = mr__index[i].map;
		if (*map)
			atomic_fetch_sub(&m->nmaps, 1);
		mr__index_remove(&mr__index[i]);
		found = true;
		break;
	}
	mr__write_unlock();
	return found;
}

/* One at a time, so that closing needs no memory and never half-fails. */
void mr__mapping_unmap_all(struct mr_machine *m)
{
	size_t n = atomic_load(&m->nmaps);
	struct mr__mapping *map;

	if (n)
		mr__warn_once(&m->warned, MR__WARN_LEAK_ON_CLOSE,
			      "machine '%s' closed with %zu live mapping(s): unmapping them",
			      m->spec, n);
	while (mr__mapping_take_one(m, &map))
		if (map)
			mr__mapping_destroy(map);
}
