/* SPDX-License-Identifier: MIT */
/* <linux/pm.h>: power management is accepted; nothing suspends in user space. */
#ifndef MR_COMPAT_LINUX_PM_H
#define MR_COMPAT_LINUX_PM_H

struct device;
struct dev_pm_ops {
	int (*suspend)(struct device *dev);
	int (*resume)(struct device *dev);
	int (*runtime_suspend)(struct device *dev);
	int (*runtime_resume)(struct device *dev);
};
#define SET_SYSTEM_SLEEP_PM_OPS(s, r)	     .suspend = (s), .resume = (r),
#define SIMPLE_DEV_PM_OPS(name, s, r)	     const struct dev_pm_ops name = {.suspend = (s), .resume = (r)}
#define DEFINE_SIMPLE_DEV_PM_OPS(name, s, r) SIMPLE_DEV_PM_OPS(name, s, r)
#define pm_sleep_ptr(p)			     (p)
#define pm_ptr(p)			     (p)
#define device_set_pm_not_required(dev)	     ((void)(dev))

#endif /* MR_COMPAT_LINUX_PM_H */
