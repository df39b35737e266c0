// SPDX-License-Identifier: MIT
/*
 * The front door: a spec names a platform ("sim:FILE,...", "linux,..."),
 * and the kernel-spelled calls act on the current machine, opening the one
 * MEMREMAP_MACHINE names when nothing was chosen. Everything here picks the
 * machine, then passes the call down.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mr_machine.h"
#include "mr_platform.h"
#include "mr_resource.h"

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

int mr_machine_open(struct mr_machine **out, const char *spec)
{
	const struct mr__platform *ops;
	const char *args;

	if (!out)
		return mr__err(EINVAL, "mr_machine_open: no place to return the machine");
	*out = NULL;
	/*
	 * A privileged program (setuid, file capabilities) must not let its
	 * caller choose files for it to read and write: AT_SECURE hides the
	 * variable, as it hides LD_PRELOAD.
	 */
	if (!spec)
		spec = secure_getenv("MEMREMAP_MACHINE");
	if (!spec || !*spec)
		spec = "linux";
	if (strnlen(spec, MR__SPEC_MAX) == MR__SPEC_MAX)
		return mr__err(EINVAL, "machine spec longer than %d bytes", MR__SPEC_MAX - 1);
	ops = mr__spec_platform(spec, &args);
	if (!ops) {
		char shown[320];

		return mr__err(EINVAL, "unknown machine '%s': expected sim, sim:FILE or linux",
			       mr__escape(shown, sizeof(shown), spec));
	}
	return mr__machine_create(ops, spec, args, out);
}

/* The current machine, opening the default when nothing was ever chosen. */
static struct mr_machine *mr__current_or_default(void)
{
	struct mr_machine *m;
	bool need_default;

	mr__read_lock();
	m = mr__machine_resolve(NULL, &need_default);
	mr__read_unlock();
	if (m || !need_default)
		return m;
	if (mr_machine_open(&m, NULL))
		return NULL;
	/* Another thread may have opened it first: keep theirs. */
	if (!mr__machine_set_default(m))
		mr_machine_close(m);
	mr__read_lock();
	m = mr__machine_resolve(NULL, &need_default);
	mr__read_unlock();
	return m;
}

struct mr_machine *mr_machine_current(void)
{
	return mr__current_or_default();
}

/* The default machine is the library's own: close it when the process ends. */
__attribute__((destructor)) static void mr__machines_fini(void)
{
	struct mr_machine *m = mr__machine_default();

	if (m)
		mr_machine_close(m);
}

/*
 * Start a call on @m (NULL: the current machine): the library lock is held
 * for reading and the machine is open, until mr__leave(). NULL, with errno
 * and the message set and nothing held, when there is none.
 */
static struct mr_machine *mr__enter(struct mr_machine *m)
{
	struct mr_machine *found;
	bool need_default;

	mr__read_lock();
	found = mr__machine_resolve(m, &need_default);
	if (found || !need_default) {
		if (!found)
			mr__read_unlock();
		return found;
	}
	mr__read_unlock();
	if (!mr__current_or_default())
		return NULL;
	mr__read_lock();
	found = mr__machine_resolve(NULL, &need_default);
	if (!found)
		mr__read_unlock();
	return found;
}

static void mr__leave(void)
{
	mr__read_unlock();
}

/* ------------------------------------------------------------- memremap */

/*
 * memremap() and devm_memremap(): planned under the lock; carried out (a
 * new mapping, a device record, the kernel's warnings) outside it, with the
 * machine held so that a close waits.
 */
static void *mr__remap(struct mr_machine *m, resource_size_t offset, size_t size,
		       unsigned long flags, struct device *dev)
{
	struct mr__plan p;
	void *addr = NULL;
	uint64_t serial;
	bool held;

	m = mr__enter(m);
	if (!m) {
		if (dev)
			mr__err_prefix("devm_memremap for '%s': ", mr_device_name(dev));
		return dev ? ERR_PTR(-ENXIO) : NULL;
	}
	mr__plan(&p, m, offset, size, flags);
	serial = m->serial;
	/* RAM from the direct map is done here: nothing to hold it for. */
	held = (dev || (!p.err && !p.direct) || p.nwarns) && mr__machine_get(m);
	mr__leave();
	if (!held) {
		/* Held by the caller until memunmap(): counted, as memremap module tells. */
		if (!p.err && p.direct && mr__direct_hold(serial, p.direct, offset, size, NULL))
			return NULL;
		return p.err ? NULL : p.direct;
	}
	if (dev)
		addr = mr__devm_execute(&p, dev);
	else
		addr = mr__execute(&p, NULL, NULL);
	mr__plan_warn(&p);
	mr__machine_put(m);
	return addr;
}

void *mr_memremap(struct mr_machine *m, resource_size_t offset, size_t size, unsigned long flags)
{
	return mr__remap(m, offset, size, flags, NULL);
}

void *memremap(resource_size_t offset, size_t size, unsigned long flags)
{
	return mr__remap(NULL, offset, size, flags, NULL);
}

int mr_memremap_query(struct mr_machine *m, resource_size_t offset, size_t size,
		      unsigned long flags, struct mr_query *q)
{
	struct mr__plan p;
	int saved = errno;

	if (!q)
		return mr__err(EINVAL, "mr_memremap_query: no place for the answer");
	m = mr__enter(m);
	if (!m) {
		memset(q, 0, sizeof(*q));
		q->ri = -1;
		q->result = -errno;
		return q->result;
	}
	mr__plan(&p, m, offset, size, flags);
	mr__query_fill(&p, q);
	mr__leave();
	if (!q->result)
		errno = saved;
	return q->result;
}

MR__EXPORT_V0 void *mr__devm_memremap_v5(struct device *dev, resource_size_t offset, size_t size,
					 unsigned long flags);

void *mr__devm_memremap_v5(struct device *dev, resource_size_t offset, size_t size,
			   unsigned long flags)
{
	if (mr__device_check(dev, "devm_memremap"))
		return ERR_PTR(-EINVAL);
	return mr__remap(NULL, offset, size, flags, dev);
}

MR__SYMVER_DEFAULT(mr__devm_memremap_v5, devm_memremap);

/* The MEMREMAP_0 version: its device came from mr_device_new(). */
MR__EXPORT_V0 void *mr__devm_memremap_v0(struct device *dev, resource_size_t offset, size_t size,
					 unsigned long flags);
MR__SYMVER_V0(mr__devm_memremap_v0, devm_memremap);

void *mr__devm_memremap_v0(struct device *dev, resource_size_t offset, size_t size,
			   unsigned long flags)
{
	if (mr__device_check_v0(dev, "devm_memremap"))
		return ERR_PTR(-EINVAL);
	return mr__devm_memremap_v5(dev, offset, size, flags);
}

const char *mr_memremap_attr(struct mr_machine *m, resource_size_t offset, size_t size,
			     unsigned long flags)
{
	const char *attr = NULL;
	struct mr__plan p;

	m = mr__enter(m);
	if (!m)
		return NULL;
	if (!mr__plan(&p, m, offset, size, flags))
		attr = mr__plan_attr(&p);
	mr__leave();
	return attr;
}

/* ---------------------------------------------- resources on the machine */

struct resource *mr_iomem_resource(struct mr_machine *m)
{
	struct resource *root;

	m = mr__enter(m);
	if (!m)
		return NULL;
	root = m->iomem;
	mr__leave();
	return root;
}

int region_intersects(resource_size_t start, size_t size, unsigned long flags, unsigned long desc)
{
	struct mr_machine *m = mr__enter(NULL);
	int ret;

	if (!m)
		return REGION_DISJOINT;
	ret = mr_region_intersects(m->iomem, start, size, flags, desc);
	mr__leave();
	return ret;
}

bool iomem_is_exclusive(uint64_t addr)
{
	struct mr_machine *m = mr__enter(NULL);
	bool ret;

	if (!m)
		return false;
	ret = mr_iomem_is_exclusive(m->iomem, addr, m->strict_devmem);
	mr__leave();
	return ret;
}

/* @func runs without the lock (it may change the tree): the machine is held instead. */
int walk_system_ram_res(resource_size_t start, resource_size_t end, void *arg,
			int (*func)(struct resource *, void *))
{
	struct mr_machine *m = mr__enter(NULL);
	bool held;
	int ret;

	if (!m)
		return -ENODEV;
	held = mr__machine_get(m);
	mr__leave();
	if (!held)
		return -ENODEV;
	ret = mr_walk_iomem_res_desc(m->iomem, IORES_DESC_NONE,
				     IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, start, end, arg,
				     func);
	mr__machine_put(m);
	return ret;
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

const char *mr_version(void)
{
	return MR_VERSION_STRING;
}
