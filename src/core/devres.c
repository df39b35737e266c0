// SPDX-License-Identifier: MIT
/*
 * Device-managed resources (lib/devres.c, drivers/base/devres.c): each
 * managed call is a release function, a match, and a wrapper that allocates
 * the record, does the work, then adds or frees the record. Unbinding a
 * device releases its records last in, first out.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

#define MR__DEV_NAME_MAX 255

struct mr__devres {
	struct mr__devres *next; /* the one added before: the stack runs LIFO */
	void (*release)(struct device *dev, void *data);
	void *data;
};

struct device {
	pthread_mutex_t lock;
	struct mr__devres *head;
	int count;
	char name[];
};

struct device *mr_device_new(const char *name)
{
	struct device *dev;
	size_t n;

	if (!name || !*name) {
		mr__err(EINVAL, "mr_device_new: a device needs a name");
		return NULL;
	}
	n = strnlen(name, MR__DEV_NAME_MAX + 1);
	if (n > MR__DEV_NAME_MAX) {
		mr__err(EINVAL, "mr_device_new: name longer than %d bytes", MR__DEV_NAME_MAX);
		return NULL;
	}
	dev = mr__calloc(1, sizeof(*dev) + n + 1);
	if (!dev) {
		mr__err(ENOMEM, "mr_device_new: out of memory for device '%s'", name);
		return NULL;
	}
	pthread_mutex_init(&dev->lock, NULL);
	memcpy(dev->name, name, n);
	return dev;
}

const char *mr_device_name(const struct device *dev)
{
	return dev ? dev->name : "(null)";
}

static void mr__devres_add(struct device *dev, struct mr__devres *dr)
{
	pthread_mutex_lock(&dev->lock);
	dr->next = dev->head;
	dev->head = dr;
	dev->count++;
	pthread_mutex_unlock(&dev->lock);
}

/* Take out the record that @release and @data name; NULL if none. */
static struct mr__devres *mr__devres_remove(struct device *dev,
					    void (*release)(struct device *, void *), void *data)
{
	struct mr__devres **pp, *dr = NULL;

	pthread_mutex_lock(&dev->lock);
	for (pp = &dev->head; *pp; pp = &(*pp)->next) {
		if ((*pp)->release == release && (*pp)->data == data) {
			dr = *pp;
			*pp = dr->next;
			dev->count--;
			break;
		}
	}
	pthread_mutex_unlock(&dev->lock);
	return dr;
}

int mr_device_unbind(struct device *dev)
{
	struct mr__devres *dr, *next;
	int n = 0;

	if (!dev)
		return mr__err(EINVAL, "mr_device_unbind: no device");
	/* Release outside the lock: a release may unmap, which locks the machine. */
	pthread_mutex_lock(&dev->lock);
	dr = dev->head;
	dev->head = NULL;
	dev->count = 0;
	pthread_mutex_unlock(&dev->lock);
	for (; dr; dr = next, n++) {
		next = dr->next;
		dr->release(dev, dr->data);
		mr__free(dr);
	}
	return n;
}

void mr_device_free(struct device *dev)
{
	if (!dev)
		return;
	mr_device_unbind(dev);
	pthread_mutex_destroy(&dev->lock);
	mr__free(dev);
}

int mr_device_resources(struct device *dev)
{
	int n;

	if (!dev)
		return mr__err(EINVAL, "mr_device_resources: no device");
	pthread_mutex_lock(&dev->lock);
	n = dev->count;
	pthread_mutex_unlock(&dev->lock);
	return n;
}

/* ------------------------------------------------------ devm_memremap() */

static void mr__devm_memremap_release(struct device *dev, void *addr)
{
	(void)dev;
	mr__unmap(addr, true);
}

void *devm_memremap(struct device *dev, resource_size_t offset, size_t size, unsigned long flags)
{
	struct mr__devres *dr;
	void *addr;

	if (!dev) {
		mr__err(EINVAL, "devm_memremap: no device");
		return ERR_PTR(-EINVAL);
	}
	dr = mr__calloc(1, sizeof(*dr));
	if (!dr) {
		mr__err(ENOMEM, "devm_memremap: out of memory for the device record");
		return ERR_PTR(-ENOMEM);
	}
	addr = mr__memremap_dev(dev, offset, size, flags);
	if (!addr) {
		mr__free(dr);
		mr__err_prefix("devm_memremap for '%s': ", dev->name);
		return ERR_PTR(-ENXIO);
	}
	dr->release = mr__devm_memremap_release;
	dr->data = addr;
	mr__devres_add(dev, dr);
	return addr;
}

void devm_memunmap(struct device *dev, void *addr)
{
	struct mr__devres *dr;

	if (!dev) {
		mr__err(EINVAL, "devm_memunmap: no device");
		return;
	}
	dr = mr__devres_remove(dev, mr__devm_memremap_release, addr);
	if (!dr) {
		mr__warn_once(NULL, MR__WARN_DEVM_UNMAP, "devm_memunmap: %p is not held by '%s'",
			      addr, dev->name);
		mr__err(EINVAL, "devm_memunmap: %p is not held by '%s'", addr, dev->name);
		return;
	}
	mr__devm_memremap_release(dev, dr->data);
	mr__free(dr);
}

void mr__devres_forget_mapping(struct device *dev, void *addr)
{
	mr__free(mr__devres_remove(dev, mr__devm_memremap_release, addr));
}

/* ------------------------------------------------------ devm_add_action() */

/* An action and its argument: the data of an action's record. */
struct mr__devm_action {
	void (*action)(void *);
	void *data;
};

static void mr__devm_call_action(struct device *dev, void *data)
{
	struct mr__devm_action *a = data;

	(void)dev;
	a->action(a->data);
	mr__free(a);
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct mr__devm_action *a;
	struct mr__devres *dr;

	if (!dev || !action)
		return mr__err(EINVAL, "devm_add_action: no device or no action");
	a = mr__malloc(sizeof(*a));
	dr = mr__calloc(1, sizeof(*dr));
	if (!a || !dr) {
		mr__free(a);
		mr__free(dr);
		return mr__err(ENOMEM, "devm_add_action: out of memory for '%s'", dev->name);
	}
	a->action = action;
	a->data = data;
	dr->release = mr__devm_call_action;
	dr->data = a;
	mr__devres_add(dev, dr);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret = devm_add_action(dev, action, data);

	if (ret && action)
		action(data);
	return ret;
}
