// SPDX-License-Identifier: MIT
/*
 * Machines: the open ones, the current one, and what can be asked of each.
 * The kernel has one machine; a process here may open several (a test per
 * simulated machine) and the kernel-spelled calls act on the current one.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "mr_machine.h"

/* Under the library lock: written with it held for writing. */
static struct mr_machine *mr__machines; /* every open machine */
static struct mr_machine *mr__current;	/* chosen with mr_machine_use() */
static struct mr_machine *mr__default;	/* opened from the environment */
static uint64_t mr__serial;		/* the last machine's serial */
/*
 * The machine the calls acted on was closed: they fail until the caller
 * chooses another. Never a switch to another machine behind its back (the
 * default is the real one, /dev/mem for root).
 */
static bool mr__current_closed;
static char mr__closed_spec[64];

static void mr__machine_free(struct mr_machine *m)
{
	mr__memtype_destroy(&m->memtype);
	pthread_mutex_destroy(&m->lock);
	mr__free(m->fdt);
	mr__free(m->spec);
	mr__free(m);
}

int mr__machine_create(const struct mr__platform *ops, const char *spec, const char *args,
		       struct mr_machine **out)
{
	struct mr_machine *m;
	int ret;

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
	m->rules = &mr__rules_x86_64; /* until the platform says otherwise */
	m->strict_devmem = true;
	ret = ops->open(m, args);
	if (ret) {
		char shown[320]; /* the spec may come from the environment */

		mr__err_prefix("machine '%s': ", mr__escape(shown, sizeof(shown), spec));
		mr__machine_free(m);
		/* The platform's undo may have closed files: errno is the refusal's. */
		errno = -ret;
		return ret;
	}
	mr__write_lock();
	m->serial = ++mr__serial;
	m->next = mr__machines;
	mr__machines = m;
	mr__write_unlock();
	*out = m;
	return 0;
}

/* Is @m open? Only its address is compared: a closed machine is not looked at. */
static bool mr__machine_listed(const struct mr_machine *m)
{
	const struct mr_machine *it;

	for (it = mr__machines; it; it = it->next)
		if (it == m)
			return true;
	return false;
}

struct mr_machine *mr__machine_resolve(struct mr_machine *m, bool *need_default)
{
	*need_default = false;
	if (m) {
		if (mr__machine_listed(m))
			return m;
		mr__err(ENODEV, "machine %p is not open: it was closed, or never opened",
			(void *)m);
		return NULL;
	}
	m = mr__current ? mr__current : mr__default;
	if (m)
		return m;
	if (mr__current_closed) {
		mr__err(ENODEV,
			"the current machine '%s' was closed: choose another with mr_machine_use() "
			"(or mr_machine_use(NULL) for the one MEMREMAP_MACHINE names)",
			mr__closed_spec);
		return NULL;
	}
	*need_default = true;
	mr__err(ENODEV, "no machine is open");
	return NULL;
}

/* Take @m off the list (write lock held); a current machine leaves its mark. */
static void mr__machine_unlist(struct mr_machine *m)
{
	struct mr_machine **pp;

	for (pp = &mr__machines; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	if (mr__current == m || (!mr__current && mr__default == m)) {
		mr__current_closed = true;
		snprintf(mr__closed_spec, sizeof(mr__closed_spec), "%s", m->spec);
	}
	if (mr__current == m)
		mr__current = NULL;
	if (mr__default == m)
		mr__default = NULL;
	m->closing = true;
}

void mr_machine_close(struct mr_machine *m)
{
	if (!m)
		return;
	mr__write_lock();
	if (!mr__machine_listed(m)) {
		mr__write_unlock();
		mr__log(MR_LOG_WARNING,
			"mr_machine_close: %p is not an open machine (closed twice?)", (void *)m);
		return;
	}
	mr__machine_unlist(m);
	mr__write_unlock();
	/* No call starts on it now; those under way finish first. */
	mr__machine_wait_users(m);
	mr__mapping_unmap_all(m);
	mr__direct_forget(m);
	m->ops->close(m);
	mr__machine_free(m);
}

struct mr_machine *mr_machine_use(struct mr_machine *m)
{
	struct mr_machine *old;

	mr__write_lock();
	old = mr__current;
	if (m && !mr__machine_listed(m)) {
		mr__write_unlock();
		mr__err(ENODEV, "mr_machine_use: machine %p is not open", (void *)m);
		return old;
	}
	mr__current = m;
	mr__current_closed = false;
	mr__write_unlock();
	return old;
}

bool mr__machine_set_default(struct mr_machine *m)
{
	bool set;

	mr__write_lock();
	set = !mr__default && !mr__current_closed;
	if (set)
		mr__default = m;
	mr__write_unlock();
	return set;
}

struct mr_machine *mr__machine_default(void)
{
	struct mr_machine *m;

	mr__read_lock();
	m = mr__default;
	mr__read_unlock();
	return m;
}

/* ----------------------------------------------------------- the accessors */

/* @m if it is open (the caller reads under the lock), else NULL with ENODEV set. */
static const struct mr_machine *mr__machine_open_one(const struct mr_machine *m)
{
	bool need;

	return m ? mr__machine_resolve((struct mr_machine *)m, &need) : NULL;
}

const char *mr_machine_spec(const struct mr_machine *m)
{
	const char *spec;

	mr__read_lock();
	spec = mr__machine_open_one(m) ? m->spec : "";
	mr__read_unlock();
	return spec;
}

const char *mr_machine_platform(const struct mr_machine *m)
{
	const char *name;

	mr__read_lock();
	name = mr__machine_open_one(m) ? m->ops->name : "";
	mr__read_unlock();
	return name;
}

const char *mr_machine_arch(const struct mr_machine *m)
{
	const char *name;

	mr__read_lock();
	name = mr__machine_open_one(m) ? m->rules->name : "";
	mr__read_unlock();
	return name;
}

unsigned int mr_machine_phys_bits(const struct mr_machine *m)
{
	unsigned int bits;

	mr__read_lock();
	bits = mr__machine_open_one(m) ? m->phys_bits : 0;
	mr__read_unlock();
	return bits;
}

size_t mr_machine_mappings(struct mr_machine *m)
{
	size_t n;

	mr__read_lock();
	n = mr__machine_open_one(m) ? atomic_load(&m->nmaps) : 0;
	mr__read_unlock();
	return n;
}

int mr_machine_for_each_mapping(struct mr_machine *m,
				int (*fn)(const struct mr_mapping_info *, void *), void *arg)
{
	int ret;

	if (!m || !fn)
		return mr__err(EINVAL, "mr_machine_for_each_mapping: no machine or no function");
	mr__read_lock();
	ret = mr__machine_open_one(m) ? mr__mapping_for_each(m, fn, arg) : -ENODEV;
	mr__read_unlock();
	return ret;
}

int mr_machine_for_each_direct(struct mr_machine *m,
			       int (*fn)(const struct mr_mapping_info *, void *), void *arg)
{
	if (!m || !fn)
		return mr__err(EINVAL, "mr_machine_for_each_direct: no machine or no function");
	return mr__direct_for_each(m, fn, arg);
}

const void *mr_machine_fdt(const struct mr_machine *m, size_t *len)
{
	if (len)
		*len = m ? m->fdt_len : 0;
	return m ? m->fdt : NULL;
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
	mr__read_lock();
	if (!mr__machine_open_one(m)) {
		mr__read_unlock();
		return -ENODEV;
	}
	pthread_mutex_lock(&m->lock);
	/* Ranges that touch the last page of the address space end at 2^64. */
	ret = mr__memtype_describe_range(&m->memtype, first, last + 1 ? last + 1 : last, type, who,
					 len);
	pthread_mutex_unlock(&m->lock);
	mr__read_unlock();
	return ret;
}
