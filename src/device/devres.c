// SPDX-License-Identifier: MIT
/*
 * Device-managed resources (drivers/base/devres.c): a device holds a stack
 * of resources, each a block of data with its release function, and
 * releases them last in, first out when it is unbound. Each managed call is
 * a release function, a match, and a wrapper that allocates the resource,
 * does the work, then adds or frees it (lib/devres.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <string.h>

#include "mr_device.h"

#define MR__DEV_NAME_MAX 255

/* The header in front of each resource's data. */
struct mr__devres {
	struct mr__devres *next; /* the one added before: the stack runs LIFO */
	mr__dr_release_t release;
	alignas(max_align_t) unsigned char data[];
};

struct device {
	pthread_mutex_t lock;
	struct mr__devres *head;
	int count;
	char name[];
};

static struct mr__devres *mr__dr_of(void *res)
{
	return (struct mr__devres *)((unsigned char *)res - offsetof(struct mr__devres, data));
}

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

void *mr__devres_alloc(mr__dr_release_t release, size_t size)
{
	struct mr__devres *dr = mr__calloc(1, sizeof(*dr) + size);

	if (!dr) {
		mr__err(ENOMEM, "out of memory for a device-managed record");
		return NULL;
	}
	dr->release = release;
	return dr->data;
}

void mr__devres_free(void *res)
{
	if (res)
		mr__free(mr__dr_of(res));
}

void mr__devres_add(struct device *dev, void *res)
{
	struct mr__devres *dr = mr__dr_of(res);

	pthread_mutex_lock(&dev->lock);
	dr->next = dev->head;
	dev->head = dr;
	dev->count++;
	pthread_mutex_unlock(&dev->lock);
}

/* Unlink the newest record that @pick accepts (dev->lock held). */
static struct mr__devres *
mr__devres_take(struct device *dev,
		bool (*pick)(struct device *, struct mr__devres *, const void *), const void *key)
{
	struct mr__devres **pp, *dr;

	for (pp = &dev->head; *pp; pp = &(*pp)->next) {
		dr = *pp;
		if (pick(dev, dr, key)) {
			*pp = dr->next;
			dev->count--;
			return dr;
		}
	}
	return NULL;
}

struct mr__devres_key {
	mr__dr_release_t release;
	mr__dr_match_t match;
	void *match_data;
};

static bool mr__devres_matches(struct device *dev, struct mr__devres *dr, const void *key)
{
	const struct mr__devres_key *k = key;

	return dr->release == k->release && (!k->match || k->match(dev, dr->data, k->match_data));
}

int mr__devres_release(struct device *dev, mr__dr_release_t release, mr__dr_match_t match,
		       void *match_data)
{
	struct mr__devres_key key = {release, match, match_data};
	struct mr__devres *dr;

	pthread_mutex_lock(&dev->lock);
	dr = mr__devres_take(dev, mr__devres_matches, &key);
	pthread_mutex_unlock(&dev->lock);
	if (!dr)
		return -ENOENT;
	dr->release(dev, dr->data);
	mr__free(dr);
	return 0;
}

static bool mr__devres_is(struct device *dev, struct mr__devres *dr, const void *key)
{
	(void)dev;
	return dr == key;
}

void mr__devres_forget(struct device *dev, void *res)
{
	struct mr__devres *dr;

	pthread_mutex_lock(&dev->lock);
	dr = mr__devres_take(dev, mr__devres_is, mr__dr_of(res));
	pthread_mutex_unlock(&dev->lock);
	mr__free(dr);
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

/* ------------------------------------------------------ devm_add_action() */

/* An action and its argument: the data of an action's record. */
struct mr__devm_action {
	void (*action)(void *);
	void *data;
};

static void mr__devm_call_action(struct device *dev, void *res)
{
	struct mr__devm_action *a = res;

	(void)dev;
	a->action(a->data);
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct mr__devm_action *a;

	if (!dev || !action)
		return mr__err(EINVAL, "devm_add_action: no device or no action");
	a = mr__devres_alloc(mr__devm_call_action, sizeof(*a));
	if (!a)
		return mr__err(ENOMEM, "devm_add_action: out of memory for '%s'", dev->name);
	a->action = action;
	a->data = data;
	mr__devres_add(dev, a);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret = devm_add_action(dev, action, data);

	if (ret && action)
		action(data);
	return ret;
}
