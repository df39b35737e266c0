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

int mr__device_check(const struct device *dev, const char *who)
{
	if (!dev)
		return mr__err(EINVAL, "%s: no device", who);
	if (dev->mr.magic != MR_DEVICE_MAGIC)
		return mr__err(EINVAL, "%s: device_initialize() never ran on the device at %p", who,
			       (const void *)dev);
	return 0;
}

const char *mr_device_name(const struct device *dev)
{
	if (!dev)
		return "(null)";
	if (dev->init_name)
		return dev->init_name;
	return dev->kobj.name ? dev->kobj.name : "(unnamed)";
}

/* The header in front of each resource's data. */
struct mr_devres {
	struct mr_devres *next; /* the one added before: the stack runs LIFO */
	mr__dr_release_t release;
	alignas(max_align_t) unsigned char data[];
};

static struct mr_devres *mr__dr_of(void *res)
{
	return (struct mr_devres *)((unsigned char *)res - offsetof(struct mr_devres, data));
}

void *mr__devres_alloc(mr__dr_release_t release, size_t size)
{
	struct mr_devres *dr = mr__calloc(1, sizeof(*dr) + size);

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
	struct mr_devres *dr = mr__dr_of(res);

	pthread_mutex_lock(&dev->mr.lock);
	dr->next = dev->mr.head;
	dev->mr.head = dr;
	dev->mr.count++;
	pthread_mutex_unlock(&dev->mr.lock);
}

/* Unlink the newest record that @pick accepts (dev->mr.lock held). */
static struct mr_devres *
mr__devres_take(struct device *dev, bool (*pick)(struct device *, struct mr_devres *, const void *),
		const void *key)
{
	struct mr_devres **pp, *dr;

	for (pp = &dev->mr.head; *pp; pp = &(*pp)->next) {
		dr = *pp;
		if (pick(dev, dr, key)) {
			*pp = dr->next;
			dev->mr.count--;
			return dr;
		}
	}
	return NULL;
}

struct mr_devres_key {
	mr__dr_release_t release;
	mr__dr_match_t match;
	void *match_data;
};

static bool mr__devres_matches(struct device *dev, struct mr_devres *dr, const void *key)
{
	const struct mr_devres_key *k = key;

	return dr->release == k->release && (!k->match || k->match(dev, dr->data, k->match_data));
}

int mr__devres_release(struct device *dev, mr__dr_release_t release, mr__dr_match_t match,
		       void *match_data)
{
	struct mr_devres_key key = {release, match, match_data};
	struct mr_devres *dr;

	pthread_mutex_lock(&dev->mr.lock);
	dr = mr__devres_take(dev, mr__devres_matches, &key);
	pthread_mutex_unlock(&dev->mr.lock);
	if (!dr)
		return -ENOENT;
	dr->release(dev, dr->data);
	mr__free(dr);
	return 0;
}

static bool mr__devres_is(struct device *dev, struct mr_devres *dr, const void *key)
{
	(void)dev;
	return dr == key;
}

void mr__devres_forget(struct device *dev, void *res)
{
	struct mr_devres *dr;

	pthread_mutex_lock(&dev->mr.lock);
	dr = mr__devres_take(dev, mr__devres_is, mr__dr_of(res));
	pthread_mutex_unlock(&dev->mr.lock);
	mr__free(dr);
}

int mr_device_unbind(struct device *dev)
{
	struct mr_devres *dr, *next;
	int n = 0;

	if (mr__device_check(dev, "mr_device_unbind"))
		return -EINVAL;
	/* Release outside the lock: a release may unmap, which locks the machine. */
	pthread_mutex_lock(&dev->mr.lock);
	dr = dev->mr.head;
	dev->mr.head = NULL;
	dev->mr.count = 0;
	pthread_mutex_unlock(&dev->mr.lock);
	for (; dr; dr = next, n++) {
		next = dr->next;
		dr->release(dev, dr->data);
		mr__free(dr);
	}
	return n;
}

int mr_device_resources(struct device *dev)
{
	int n;

	if (mr__device_check(dev, "mr_device_resources"))
		return -EINVAL;
	pthread_mutex_lock(&dev->mr.lock);
	n = dev->mr.count;
	pthread_mutex_unlock(&dev->mr.lock);
	return n;
}

/* ------------------------------------------------------ devm_add_action() */

MR__EXPORT_V0 int mr__devm_add_action(struct device *dev, void (*action)(void *), void *data);
MR__EXPORT_V0 int mr__devm_add_action_or_reset(struct device *dev, void (*action)(void *),
					       void *data);
MR__SYMVER_DEFAULT(mr__devm_add_action, devm_add_action);
MR__SYMVER_DEFAULT(mr__devm_add_action_or_reset, devm_add_action_or_reset);

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

int mr__devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct mr__devm_action *a;

	if (!action)
		return mr__err(EINVAL, "devm_add_action: no action");
	if (mr__device_check(dev, "devm_add_action"))
		return -EINVAL;
	a = mr__devres_alloc(mr__devm_call_action, sizeof(*a));
	if (!a)
		return mr__err(ENOMEM, "devm_add_action: out of memory for '%s'",
			       mr_device_name(dev));
	a->action = action;
	a->data = data;
	mr__devres_add(dev, a);
	return 0;
}

int mr__devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret = mr__devm_add_action(dev, action, data);

	if (ret && action)
		action(data);
	return ret;
}
