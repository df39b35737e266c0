/* SPDX-License-Identifier: MIT */
/* <linux/pm_runtime.h>: runtime PM is accepted and always "active". */
#ifndef MR_COMPAT_LINUX_PM_RUNTIME_H
#define MR_COMPAT_LINUX_PM_RUNTIME_H

#include <linux/pm.h>

#define pm_runtime_enable(dev)	       ((void)(dev))
#define pm_runtime_disable(dev)	       ((void)(dev))
#define devm_pm_runtime_enable(dev)    ((void)(dev), 0)
#define pm_runtime_get_sync(dev)       ((void)(dev), 0)
#define pm_runtime_resume_and_get(dev) ((void)(dev), 0)
#define pm_runtime_put(dev)	       ((void)(dev), 0)
#define pm_runtime_put_sync(dev)       ((void)(dev), 0)

#endif /* MR_COMPAT_LINUX_PM_RUNTIME_H */
