/* SPDX-License-Identifier: MIT */
/*
 * <linux/device.h> for driver code built in user space over libmemremap.
 *
 * A struct device is the library's: made with mr_device_new(), it owns the
 * devm_* resources until mr_device_unbind() or mr_device_free() releases
 * them, last in first out, as a driver's unbind does. It is opaque: code
 * holds a struct device *, never embeds one.
 */
#ifndef MR_COMPAT_LINUX_DEVICE_H
#define MR_COMPAT_LINUX_DEVICE_H

#include <stdlib.h>

#include "../../../memremap.h"
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/types.h>

static inline const char *dev_name(const struct device *dev)
{
	return mr_device_name(dev);
}

/* "NAME: message", the device's name where the kernel puts driver and bus id. */
#define dev_printk(level, dev, fmt, ...) printk(level "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	 dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		 dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		 dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		 dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	 dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		 dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...) no_printk(KERN_DEBUG "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#endif

/* Logs the error unless it is -EPROBE_DEFER, and returns it. */
#define dev_err_probe(dev, err, fmt, ...)                                       \
	({                                                                      \
		int mr__err = (err);                                            \
		if (mr__err != -EPROBE_DEFER)                                   \
			dev_err(dev, "error %d: " fmt, mr__err, ##__VA_ARGS__); \
		mr__err;                                                        \
	})

/* Memory freed when @dev is unbound. */
static inline void *devm_kmalloc(struct device *dev, size_t size, gfp_t flags)
{
	void *p = kmalloc(size, flags);

	if (p && devm_add_action_or_reset(dev, free, p))
		return NULL;
	return p;
}

static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t flags)
{
	return devm_kmalloc(dev, size, flags | __GFP_ZERO);
}

static inline void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t flags)
{
	void *p = kcalloc(n, size, flags);

	if (p && devm_add_action_or_reset(dev, free, p))
		return NULL;
	return p;
}

#endif /* MR_COMPAT_LINUX_DEVICE_H */
