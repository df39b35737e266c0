/* SPDX-License-Identifier: MIT */
/*
 * The device layer: devices and their device-managed resources
 * (drivers/base/devres.c). A resource is a block of data with a release
 * function; the device releases its resources last in, first out when it is
 * unbound. Nothing here knows what a resource is: memremap's devm records,
 * actions and whatever comes later are all the same to it.
 */
#ifndef MR_DEVICE_H
#define MR_DEVICE_H

#include <memremap/device.h>

#include "mr_base.h"

typedef void (*mr__dr_release_t)(struct device *dev, void *res);
typedef bool (*mr__dr_match_t)(struct device *dev, void *res, void *match_data);

/*
 * devres_alloc(): a zeroed resource of @size bytes that @release will
 * release; NULL (ENOMEM set) when out of memory.
 */
MR__HIDDEN void *mr__devres_alloc(mr__dr_release_t release, size_t size);
/* devres_free(): free a resource that was never added. */
MR__HIDDEN void mr__devres_free(void *res);
/* devres_add(): @dev holds @res from now on. */
MR__HIDDEN void mr__devres_add(struct device *dev, void *res);
/*
 * devres_release(): take out the newest resource of @release that @match
 * (NULL: any) accepts, release it and free it. Return: 0, or -ENOENT.
 */
MR__HIDDEN int mr__devres_release(struct device *dev, mr__dr_release_t release,
				  mr__dr_match_t match, void *match_data);
/*
 * Take out exactly @res if @dev still holds it, and free it without
 * releasing: its owner is undoing it by other means. A resource that unbind
 * already took is left to unbind.
 */
MR__HIDDEN void mr__devres_forget(struct device *dev, void *res);

/*
 * Interrupt lines (device/irq.c). A model's device takes a line with
 * mr__irq_alloc() (0 when none is left) and gives it back with
 * mr__irq_release(); mr__irq_raise() marks it pending for the interrupt
 * thread (async-signal-safe): 0, -ENOENT (no handler yet: it stays
 * pending), -EINVAL (no such line).
 */
MR__HIDDEN unsigned int mr__irq_alloc(void);
MR__HIDDEN void mr__irq_release(unsigned int irq);
MR__HIDDEN int mr__irq_raise(unsigned int irq);

/*
 * 0 when @dev is a device that device_initialize() made ready; else
 * -EINVAL with a message naming @who (NULL, or never initialized).
 */
MR__HIDDEN int mr__device_check(const struct device *dev, const char *who);
/*
 * The same, for the MEMREMAP_0 versions of the devm_* calls: their device
 * came from mr_device_new(), never from a structure of the caller's.
 */
MR__HIDDEN int mr__device_check_v0(const struct device *dev, const char *who);

/*
 * A function that an old binary still reaches under its MEMREMAP_0
 * version: @impl (exported only through the alias) answers to @name@MEMREMAP_0.
 */
#define MR__SYMVER_V0(impl, name) __asm__(".symver " #impl ", " #name "@MEMREMAP_0")
/*
 * @impl answers to @name@@MEMREMAP_0.5, the version new links get; no
 * plain @name is defined, so the version script cannot give it another.
 */
#define MR__SYMVER_DEFAULT(impl, name) __asm__(".symver " #impl ", " #name "@@MEMREMAP_0.5")
#define MR__EXPORT_V0		       __attribute__((visibility("default")))

/* devm_add_action() and _or_reset(), MEMREMAP_0.5, for the library's own callers. */
int mr__devm_add_action(struct device *dev, void (*action)(void *), void *data);
int mr__devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

#endif /* MR_DEVICE_H */
