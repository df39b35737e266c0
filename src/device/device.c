// SPDX-License-Identifier: MIT
/*
 * The device itself (drivers/base/core.c): a struct device that the caller
 * embeds, made ready by device_initialize(), named by dev_set_name(), kept
 * alive by get_device()/put_device(). The last reference releases the
 * device's devm_* resources and then calls its release function, in the
 * kernel's order. mr_device_new() is the library's own way to get one.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "mr_device.h"

#define MR__DEV_NAME_MAX 255

int mr__device_check_v0(const struct device *dev, const char *who)
{
	if (mr__device_check(dev, who))
		return -EINVAL;
	if (!(dev->mr.flags & MR_DEVICE_ALLOCATED))
		return mr__err(EINVAL,
			       "%s (MEMREMAP_0): the device at %p was not made by mr_device_new();"
			       " rebuild against this version to use embedded devices",
			       who, (const void *)dev);
	return 0;
}

int mr_device_is_initialized(const struct device *dev)
{
	return dev && dev->mr.magic == MR_DEVICE_MAGIC;
}

void device_initialize(struct device *dev)
{
	if (!dev)
		return;
	memset(&dev->mr, 0, sizeof(dev->mr));
	pthread_mutex_init(&dev->mr.lock, NULL);
	dev->mr.refs = 1;
	dev->mr.magic = MR_DEVICE_MAGIC;
}

/* The kernel's kobject names are limited by what sysfs accepts; ours by this. */
static int mr__device_set_name(struct device *dev, const char *fmt, va_list ap) MR__PRINTF(2, 0);

static int mr__device_set_name(struct device *dev, const char *fmt, va_list ap)
{
	char buf[MR__DEV_NAME_MAX + 2];
	char *name;
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n <= 0)
		return mr__err(EINVAL, "dev_set_name: an empty name");
	if (n > MR__DEV_NAME_MAX)
		return mr__err(EINVAL, "dev_set_name: name longer than %d bytes", MR__DEV_NAME_MAX);
	/* sysfs turns '/' into '!': a name is one path component. */
	for (char *p = buf; *p; p++)
		if (*p == '/')
			*p = '!';
	name = mr__strdup(buf);
	if (!name)
		return mr__err(ENOMEM, "dev_set_name: out of memory");
	mr__free((char *)dev->kobj.name);
	dev->kobj.name = name;
	return 0;
}

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (!dev || !fmt)
		return mr__err(EINVAL, "dev_set_name: no device or no name");
	va_start(ap, fmt);
	ret = mr__device_set_name(dev, fmt, ap);
	va_end(ap);
	return ret;
}

struct device *get_device(struct device *dev)
{
	if (dev && !mr__device_check(dev, "get_device"))
		atomic_fetch_add_explicit((_Atomic int *)&dev->mr.refs, 1, memory_order_relaxed);
	return dev;
}

/* device_release(): resources first, then whoever owns the memory. */
static void mr__device_release(struct device *dev)
{
	bool allocated = dev->mr.flags & MR_DEVICE_ALLOCATED;
	char *name = (char *)dev->kobj.name;

	mr_device_unbind(dev);
	dev->kobj.name = NULL;
	dev->mr.magic = 0;
	pthread_mutex_destroy(&dev->mr.lock);
	if (allocated) {
		mr__free(dev);
	} else if (dev->release) {
		dev->release(dev);
	} else {
		mr__log(MR_LOG_WARNING,
			"Device '%s' does not have a release() function, it is broken and must be "
			"fixed.",
			name ? name : "(unnamed)");
	}
	mr__free(name);
}

void put_device(struct device *dev)
{
	if (!dev || mr__device_check(dev, "put_device"))
		return;
	if (atomic_fetch_sub_explicit((_Atomic int *)&dev->mr.refs, 1, memory_order_acq_rel) == 1)
		mr__device_release(dev);
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
	dev = mr__calloc(1, sizeof(*dev));
	if (!dev) {
		mr__err(ENOMEM, "mr_device_new: out of memory for device '%s'", name);
		return NULL;
	}
	dev->kobj.name = mr__strdup(name);
	if (!dev->kobj.name) {
		mr__free(dev);
		mr__err(ENOMEM, "mr_device_new: out of memory for device '%s'", name);
		return NULL;
	}
	device_initialize(dev);
	dev->mr.flags |= MR_DEVICE_ALLOCATED;
	return dev;
}

void mr_device_free(struct device *dev)
{
	if (!dev)
		return;
	if (mr__device_check(dev, "mr_device_free"))
		return;
	if (!(dev->mr.flags & MR_DEVICE_ALLOCATED)) {
		mr__err(EINVAL,
			"mr_device_free: '%s' was not made by mr_device_new(): put_device()",
			mr_device_name(dev));
		return;
	}
	/* Whatever references others still hold, the caller says it is gone. */
	mr__device_release(dev);
}

/* ------------------------------------------- the MEMREMAP_0 devm_* calls */

MR__EXPORT_V0 int mr__devm_add_action_v0(struct device *dev, void (*action)(void *), void *data);
MR__EXPORT_V0 int mr__devm_add_action_or_reset_v0(struct device *dev, void (*action)(void *),
						  void *data);
MR__SYMVER_V0(mr__devm_add_action_v0, devm_add_action);
MR__SYMVER_V0(mr__devm_add_action_or_reset_v0, devm_add_action_or_reset);

int mr__devm_add_action_v0(struct device *dev, void (*action)(void *), void *data)
{
	if (mr__device_check_v0(dev, "devm_add_action"))
		return -EINVAL;
	return mr__devm_add_action(dev, action, data);
}

int mr__devm_add_action_or_reset_v0(struct device *dev, void (*action)(void *), void *data)
{
	if (mr__device_check_v0(dev, "devm_add_action_or_reset")) {
		if (action)
			action(data);
		return -EINVAL;
	}
	return mr__devm_add_action_or_reset(dev, action, data);
}
