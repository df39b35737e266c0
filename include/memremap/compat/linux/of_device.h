/* SPDX-License-Identifier: MIT */
/* <linux/of_device.h>: which entry of a driver's table matched a device. */
#ifndef MR_COMPAT_LINUX_OF_DEVICE_H
#define MR_COMPAT_LINUX_OF_DEVICE_H

#include <linux/device.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

extern const struct of_device_id *of_match_device(const struct of_device_id *matches,
						  const struct device *dev);
extern const void *of_device_get_match_data(const struct device *dev);

#endif /* MR_COMPAT_LINUX_OF_DEVICE_H */
