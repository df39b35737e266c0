/* SPDX-License-Identifier: MIT */
/*
 * <linux/miscdevice.h>: a misc character device is accepted and recorded
 * (libmemremap-compat); no device node appears and nothing calls its file
 * operations, so code behind them does not run here.
 */
#ifndef MR_COMPAT_LINUX_MISCDEVICE_H
#define MR_COMPAT_LINUX_MISCDEVICE_H

#include <linux/device.h>
#include <linux/fs.h>

#define MISC_DYNAMIC_MINOR 255

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const struct attribute_group **groups;
	const char *nodename;
	umode_t mode;
};

extern int misc_register(struct miscdevice *misc);
extern void misc_deregister(struct miscdevice *misc);
#define module_misc_device(__misc_device) \
	module_driver(__misc_device, misc_register, misc_deregister)

#endif /* MR_COMPAT_LINUX_MISCDEVICE_H */
