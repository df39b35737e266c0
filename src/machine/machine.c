// SPDX-License-Identifier: MIT
/*
 * Machines: the open ones, the current one, and what can be asked of each.
 * The kernel has one machine; a process here may open several (a test per
 * simulated machine) and the kernel-spelled calls act on the current one.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mr_machine.h"

static pthread_mutex_t mr__machines_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mr_machine *mr__machines; /* every open machine */
static struct mr_machine *mr__current;	/* what the calls act on */
static struct mr_machine *mr__default;	/* opened from the environment */
static uint64_t mr__serial;		/* the last machine's serial */

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
	m->strict_devmem = true;
	ret = ops->open(m, args);
	if (ret) {
		mr__err_prefix("machine '%s': ", spec);
		mr__machine_free(m);
		return ret;
	}
	pthread_mutex_lock(&mr__machines_lock);
	m->serial = ++mr__serial;
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
	if (mr__current == m)
		mr__current = NULL;
	if (mr__default == m)
		mr__default = NULL;
	pthread_mutex_unlock(&mr__machines_lock);
}

void mr_machine_close(struct mr_machine *m)
{
	if (!m)
		return;
	mr__machine_unlist(m);
	mr__mapping_unmap_all(m);
	mr__direct_forget(m);
	m->ops->close(m);
	mr__machine_free(m);
}

struct mr_machine *mr_machine_use(struct mr_machine *m)
{
	struct mr_machine *old;

	pthread_mutex_lock(&mr__machines_lock);
	old = mr__current;
	mr__current = m ? m : mr__default;
	pthread_mutex_unlock(&mr__machines_lock);
	return old;
}

struct mr_machine *mr__machine_current(bool *need_default)
{
	struct mr_machine *m;

	pthread_mutex_lock(&mr__machines_lock);
	m = mr__current;
	*need_default = !m && !mr__default;
	if (!m && mr__default)
		m = mr__current = mr__default;
	pthread_mutex_unlock(&mr__machines_lock);
	return m;
}

bool mr__machine_set_default(struct mr_machine *m)
{
	bool set;

	pthread_mutex_lock(&mr__machines_lock);
	set = !mr__default;
	if (set)
		mr__default = m;
	if (!mr__current)
		mr__current = mr__default;
	pthread_mutex_unlock(&mr__machines_lock);
	return set;
}

struct mr_machine *mr__machine_default(void)
{
	struct mr_machine *m;

	pthread_mutex_lock(&mr__machines_lock);
	m = mr__default;
	pthread_mutex_unlock(&mr__machines_lock);
	return m;
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
	return m ? atomic_load(&m->nmaps) : 0;
}

int mr_machine_for_each_mapping(struct mr_machine *m,
				int (*fn)(const struct mr_mapping_info *, void *), void *arg)
{
	if (!m || !fn)
		return mr__err(EINVAL, "mr_machine_for_each_mapping: no machine or no function");
	return mr__mapping_for_each(m, fn, arg);
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
	pthread_mutex_lock(&m->lock);
	/* Ranges that touch the last page of the address space end at 2^64. */
	ret = mr__memtype_describe_range(&m->memtype, first, last + 1 ? last + 1 : last, type, who,
					 len);
	pthread_mutex_unlock(&m->lock);
	return ret;
}
