// SPDX-License-Identifier: MIT
/*
 * Device models on the sim machine (memremap/sim.h): the registry of
 * models, devices attached to a machine's ranges (the spec's
 * `device=MODEL@ADDR`, mr_sim_attach()), and the trapped mappings that
 * route every access in those ranges to the model.
 *
 * A mapping that touches a device's range is mapped as usual, then made
 * inaccessible and handed to the trap (arch/generic/trap.c) as a whole:
 * bytes of it outside any device are read and written in sim memory
 * through sim.c's function for it, bytes inside go to the model, one call per
 * access, under the device's lock. The list of devices only grows while
 * the machine is open (a device is freed at close), so the fault handler
 * walks it without a lock.
 *
 * sim.c calls in through the mr__sim_devices_* hooks only, and hands over
 * the one function that reads and writes its memory, so that its memory
 * backing can change without touching this file. What a model may call is
 * model_api.c's (the models call it; this file calls the models).
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <memremap/sim.h>

#include "mr_arch.h"
#include "mr_resource.h"
#include "numbers.h"
#include "sim_device.h"

#define MR__MODELS_MAX 32

/* ------------------------------------------------------------ the registry */

static const struct mr_sim_model *mr__models[MR__MODELS_MAX] = {&mr__model_edu, &mr__model_scratch,
								&mr__model_trace, &mr__model_regs};
static pthread_mutex_t mr__models_lock = PTHREAD_MUTEX_INITIALIZER;

static bool mr__model_ok(const struct mr_sim_model *model)
{
	return model && model->abi == MR_SIM_MODEL_ABI && model->name && *model->name &&
	       model->read && model->write && (model->size || model->size_of);
}

static const struct mr_sim_model *mr__model_find(const char *name, size_t len)
{
	const struct mr_sim_model *found = NULL;

	pthread_mutex_lock(&mr__models_lock);
	for (size_t i = 0; i < MR__MODELS_MAX && mr__models[i] && !found; i++)
		if (strlen(mr__models[i]->name) == len && !strncmp(mr__models[i]->name, name, len))
			found = mr__models[i];
	pthread_mutex_unlock(&mr__models_lock);
	return found;
}

int mr_sim_model_register(const struct mr_sim_model *model)
{
	size_t i;
	int ret = 0;

	if (!mr__model_ok(model))
		return mr__err(EINVAL,
			       "mr_sim_model_register: a model needs abi %d, a name, "
			       "a size, read and write",
			       MR_SIM_MODEL_ABI);
	if (strpbrk(model->name, ":@,/"))
		return mr__err(EINVAL, "mr_sim_model_register: '%s': a name has no ':@,/'",
			       model->name);
	if (mr__model_find(model->name, strlen(model->name)))
		return mr__err(EEXIST, "mr_sim_model_register: a model '%s' is known already",
			       model->name);
	pthread_mutex_lock(&mr__models_lock);
	for (i = 0; i < MR__MODELS_MAX && mr__models[i]; i++)
		;
	if (i == MR__MODELS_MAX)
		ret = mr__err(ENOSPC, "mr_sim_model_register: %d models already", MR__MODELS_MAX);
	else
		mr__models[i] = model;
	pthread_mutex_unlock(&mr__models_lock);
	return ret;
}

/* ------------------------------------------------------- the spec's models */

/*
 * MODEL: "trace:FILE", "NAME[:ARG]", or a path to a shared object (it has
 * a '/'). Fills *@model, *@arg (a copy, or NULL) and *@dl.
 */
static int mr__model_resolve(const char *spec, const struct mr_sim_model **model, char **arg,
			     void **dl)
{
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	*arg = NULL;
	*dl = NULL;
	if (!n || memchr(spec, '/', n)) {
		if (!n)
			return mr__err(EINVAL, "device: no model named in '%s'", spec);
		*dl = dlopen(spec, RTLD_NOW | RTLD_LOCAL);
		if (!*dl)
			return mr__err(ENOENT, "device: cannot load the model '%s': %s", spec,
				       dlerror());
		*model = dlsym(*dl, "mr_sim_model");
		if (!mr__model_ok(*model)) {
			dlclose(*dl);
			*dl = NULL;
			return mr__err(EINVAL,
				       "device: '%s' exports no valid mr_sim_model (abi %d)", spec,
				       MR_SIM_MODEL_ABI);
		}
		return 0;
	}
	*model = mr__model_find(spec, n);
	if (!*model)
		return mr__err(ENOENT,
			       "device: no model '%.*s' (built in: edu, scratch, regs, trace)",
			       (int)n, spec);
	if (colon) {
		*arg = mr__strdup(colon + 1);
		if (!*arg)
			return mr__err(ENOMEM, "out of memory");
	}
	return 0;
}

/* ------------------------------------------------------------- devices */

/* Every open sim machine's devices: found by machine for the API's calls. */
static struct mr__sim_devices *mr__all_devs;
static pthread_mutex_t mr__all_lock = PTHREAD_MUTEX_INITIALIZER;

static struct mr__sim_devices *mr__devs(struct mr_machine *m)
{
	struct mr__sim_devices *d;

	pthread_mutex_lock(&mr__all_lock);
	for (d = mr__all_devs; d && d->m != m; d = d->next)
		;
	pthread_mutex_unlock(&mr__all_lock);
	return d;
}

static int mr__devs_get(struct mr_machine *m, struct mr__sim_devices **out)
{
	*out = m ? mr__devs(m) : NULL;
	return *out ? 0 : mr__err(EINVAL, "device models live on sim machines only");
}

int mr__sim_devices_new(struct mr_machine *m, mr__sim_mem_fn mem_rw, void *ctx,
			struct mr__sim_devices **out)
{
	struct mr__sim_devices *d = mr__calloc(1, sizeof(*d));

	if (!d)
		return mr__err(ENOMEM, "out of memory");
	d->m = m;
	d->mem_rw = mem_rw;
	d->mem_ctx = ctx;
	pthread_mutex_init(&d->lock, NULL);
	pthread_mutex_lock(&mr__all_lock);
	d->next = mr__all_devs;
	mr__all_devs = d;
	pthread_mutex_unlock(&mr__all_lock);
	*out = d;
	return 0;
}

static int mr__ram_cb(struct resource *res, void *arg)
{
	(void)res;
	(void)arg;
	return 1;
}

static int mr__dev_check(struct mr_machine *m, struct mr__sim_devices *d, uint64_t phys,
			 uint64_t size, const char *name)
{
	struct mr_sim_device *other;

	if (phys & (MR_PAGE_SIZE - 1))
		return mr__err(EINVAL, "device %s@%#" PRIx64 ": the address is not page aligned",
			       name, phys);
	if (phys + size - 1 < phys)
		return mr__err(EINVAL, "device %s@%#" PRIx64 ": the range wraps", name, phys);
	other = mr__dev_find(d, phys, phys + size - 1);
	if (other)
		return mr__err(EBUSY, "device %s@%#" PRIx64 ": overlaps %s at %#" PRIx64, name,
			       phys, other->model->name, other->phys);
	if (mr_walk_iomem_res_desc(m->iomem, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, phys,
				   phys + size - 1, NULL, mr__ram_cb) == 1)
		return mr__err(EINVAL, "device %s@%#" PRIx64 ": overlaps System RAM", name, phys);
	return 0;
}

/* The range in the resource tree, named after the model. */
static int mr__dev_insert(struct mr_machine *m, struct mr_sim_device *dev)
{
	const char *name = dev->model->name;
	struct resource *res;
	int ret;

	res = mr__resource_new(name, strlen(name), dev->phys, dev->phys + dev->size - 1,
			       IORESOURCE_MEM, IORES_DESC_NONE);
	if (!res)
		return mr__err(ENOMEM, "out of memory");
	ret = insert_resource(m->iomem, res);
	if (ret) {
		mr_iomem_free(res);
		return mr__err(-ret,
			       "device %s@%#" PRIx64 ": does not fit the resource tree "
			       "(it straddles a resource's edge)",
			       name, dev->phys);
	}
	return 0;
}

static void mr__dev_free(struct mr_sim_device *dev)
{
	if (dev->inited && dev->model->exit)
		dev->model->exit(dev);
	if (dev->irq)
		mr__irq_release(dev->irq);
	if (dev->dl)
		dlclose(dev->dl);
	pthread_mutex_destroy(&dev->lock);
	mr__free(dev->arg);
	mr__free(dev);
}

static struct mr_sim_device *mr__dev_new(struct mr__sim_devices *d,
					 const struct mr_sim_model *model, char *arg, void *dl,
					 uint64_t phys)
{
	struct mr_sim_device *dev;
	uint64_t size;

	/* What a size_of that fails without a word of its own leaves. */
	mr__err(EINVAL, "no size for '%s'", arg ? arg : "");
	errno = 0;
	size = model->size_of ? model->size_of(arg) : model->size;
	if (!size) {
		/* The built-in ones say why (a missing optional library: ENOSYS). */
		errno = errno ? errno : EINVAL;
		mr__err_prefix("device %s: ", model->name);
		return NULL;
	}
	dev = mr__calloc(1, sizeof(*dev));
	if (!dev) {
		mr__err(ENOMEM, "out of memory");
		return NULL;
	}
	dev->devs = d;
	dev->model = model;
	dev->arg = arg;
	dev->dl = dl;
	dev->phys = phys;
	dev->size = (size + MR_PAGE_SIZE - 1) & MR__PAGE_MASK;
	pthread_mutex_init(&dev->lock, NULL);
	dev->irq = mr__irq_alloc();
	return dev;
}

static struct mr_sim_device *mr__attach(struct mr_machine *m, const char *spec, uint64_t phys)
{
	const struct mr_sim_model *model = NULL;
	struct mr__sim_devices *d;
	struct mr_sim_device *dev;
	char *arg = NULL;
	void *dl = NULL;
	int ret;

	if (mr__devs_get(m, &d) || mr__model_resolve(spec, &model, &arg, &dl))
		return NULL;
	dev = mr__dev_new(d, model, arg, dl, phys);
	if (!dev) {
		mr__free(arg);
		if (dl)
			dlclose(dl);
		return NULL;
	}
	pthread_mutex_lock(&d->lock);
	ret = mr__dev_check(m, d, phys, dev->size, model->name);
	if (!ret && model->init) {
		ret = model->init(dev, arg);
		if (ret)
			ret = mr__err(ret < 0 ? -ret : EINVAL, "device %s@%#" PRIx64 ": %s",
				      model->name, phys,
				      dev->errmsg[0] ? dev->errmsg
						     : strerror(ret < 0 ? -ret : EINVAL));
	}
	dev->inited = !ret;
	if (!ret)
		ret = mr__dev_insert(m, dev);
	if (ret)
		goto err_free;
	if (model->reset)
		model->reset(dev);
	dev->next = atomic_load(&d->head);
	atomic_store_explicit(&d->head, dev, memory_order_release);
	pthread_mutex_unlock(&d->lock);
	return dev;

err_free:
	pthread_mutex_unlock(&d->lock);
	mr__dev_free(dev);
	errno = -ret;
	return NULL;
}

struct mr_sim_device *mr_sim_attach(struct mr_machine *m, const char *model, uint64_t phys)
{
	if (!m || !model) {
		mr__err(EINVAL, "mr_sim_attach: no machine or no model");
		return NULL;
	}
	return mr__attach(m, model, phys);
}

struct mr_sim_device *mr_sim_device_at(struct mr_machine *m, uint64_t phys)
{
	return mr__dev_find(mr__devs(m), phys, phys);
}

struct mr_sim_device *mr_sim_device_next(struct mr_machine *m, struct mr_sim_device *prev)
{
	struct mr__sim_devices *d = m ? mr__devs(m) : NULL;

	if (!d)
		return NULL;
	return prev ? prev->next : atomic_load_explicit(&d->head, memory_order_acquire);
}

/* ------------------------------------------------------ trapped accesses */

static uint64_t mr__width_mask(unsigned int width)
{
	return width >= 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

/* The trap's access function: a device's, or sim memory around it. */
static int mr__sim_access(void *cookie, uint64_t off, unsigned int width, bool write, uint64_t *val)
{
	struct mr__sim_trapped *t = cookie;
	uint64_t phys = t->phys + off;
	struct mr_sim_device *dev = mr__dev_find(t->devs, phys, phys + width - 1);

	if (!dev) {
		if (!write)
			*val = 0;
		return t->devs->mem_rw(t->devs->mem_ctx, phys, val, width, write);
	}
	if (phys < dev->phys || phys + width - 1 > dev->phys + dev->size - 1)
		return -EFAULT; /* one access across a device's edge */
	pthread_mutex_lock(&dev->lock);
	if (write)
		dev->model->write(dev, phys - dev->phys, width, *val & mr__width_mask(width));
	else
		*val = dev->model->read(dev, phys - dev->phys, width) & mr__width_mask(width);
	pthread_mutex_unlock(&dev->lock);
	return 0;
}

int mr__sim_devices_trap(struct mr__sim_devices *d, struct mr__map *req)
{
	struct mr__sim_trapped *t;
	struct mr_sim_device *dev;
	int ret;

	dev = mr__dev_find(d, req->phys, req->phys + req->len - 1);
	if (!dev)
		return 0;
	t = mr__calloc(1, sizeof(*t));
	if (!t)
		return mr__err(ENOMEM, "out of memory");
	*t = (struct mr__sim_trapped){d, req->base, req->phys, req->len, NULL};
	if (mprotect(req->base, req->len, PROT_NONE)) {
		ret = mr__err(errno, "device %s: mprotect: %s", dev->model->name, strerror(errno));
		goto err_free;
	}
	ret = mr__trap_add(req->base, req->len, mr__sim_access, t, req->phys, req->trace_id);
	if (ret) {
		mr__err_prefix("device %s@%#" PRIx64 ": ", dev->model->name, dev->phys);
		goto err_free;
	}
	snprintf(req->how, sizeof(req->how), "sim trap (%s)", dev->model->name);
	pthread_mutex_lock(&d->lock);
	t->next = d->traps;
	__atomic_store_n(&d->traps, t, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&d->lock);
	return 0;

err_free:
	mr__free(t);
	return ret;
}

void mr__sim_devices_untrap(struct mr__sim_devices *d, struct mr__map *req)
{
	struct mr__sim_trapped **pp, *t = NULL;

	/*
	 * No trap at all, the common case, is seen without the lock: a trap
	 * of @req was listed before @req was published, so it would be seen.
	 */
	if (!d || !__atomic_load_n(&d->traps, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&d->lock);
	for (pp = &d->traps; *pp; pp = &(*pp)->next) {
		if ((*pp)->base == req->base) {
			t = *pp;
			__atomic_store_n(pp, t->next, __ATOMIC_RELAXED);
			break;
		}
	}
	pthread_mutex_unlock(&d->lock);
	if (!t)
		return;
	mr__trap_remove(t->base);
	mr__free(t);
}

/* ------------------------------------------------------- the spec's key */

int mr__sim_devices_spec(struct mr_machine *m, const char *val)
{
	struct mr__sim_devices *d;
	char **v;

	if (mr__devs_get(m, &d))
		return -errno;
	if (!strrchr(val, '@'))
		return mr__err(EINVAL, "sim: device=%s: expected MODEL@ADDR", val);
	v = mr__realloc(d->specs, (d->nspecs + 1) * sizeof(*v));
	if (!v)
		return mr__err(ENOMEM, "out of memory");
	d->specs = v;
	d->specs[d->nspecs] = mr__strdup(val);
	if (!d->specs[d->nspecs])
		return mr__err(ENOMEM, "out of memory");
	d->nspecs++;
	return 0;
}

static void mr__specs_free(struct mr__sim_devices *d)
{
	for (size_t i = 0; i < d->nspecs; i++)
		mr__free(d->specs[i]);
	mr__free(d->specs);
	d->specs = NULL;
	d->nspecs = 0;
}

int mr__sim_devices_open(struct mr_machine *m)
{
	struct mr__sim_devices *d = mr__devs(m);
	enum mr__num_err e;
	uint64_t phys;
	int ret = 0;

	for (size_t i = 0; d && i < d->nspecs && !ret; i++) {
		char *at = strrchr(d->specs[i], '@');

		*at = '\0';
		e = mr__num_parse(at + 1, &phys);
		if (e)
			ret = mr__err(EINVAL, "sim: device=%s@%s: bad address: %s", d->specs[i],
				      at + 1, mr__num_strerror(e));
		else if (!mr__attach(m, d->specs[i], phys))
			ret = -errno;
	}
	if (d)
		mr__specs_free(d);
	return ret;
}

void mr__sim_devices_close(struct mr_machine *m)
{
	struct mr__sim_devices *d = mr__devs(m), **pp;
	struct mr_sim_device *dev, *next;

	if (!d)
		return;
	while (d->traps) {
		struct mr__sim_trapped *t = d->traps;

		d->traps = t->next;
		mr__trap_remove(t->base);
		mr__free(t);
	}
	for (dev = atomic_load(&d->head); dev; dev = next) {
		next = dev->next;
		mr__dev_free(dev);
	}
	mr__specs_free(d);
	pthread_mutex_lock(&mr__all_lock);
	for (pp = &mr__all_devs; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	pthread_mutex_unlock(&mr__all_lock);
	pthread_mutex_destroy(&d->lock);
	mr__free(d);
}
