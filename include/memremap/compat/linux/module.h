/* SPDX-License-Identifier: MIT */
/*
 * <linux/module.h> for driver code built in user space over libmemremap.
 *
 * A "module" is a shared object built from the driver's source. module_init()
 * and module_exit() record the two functions under well-known names that the
 * module host (`memremap module DRIVER.so`) looks up with dlsym():
 * mr_module_init, a `int (*const)(void)`, and mr_module_exit, a
 * `void (*const)(void)`. The MODULE_* tags are checked for form and dropped.
 */
#ifndef MR_COMPAT_LINUX_MODULE_H
#define MR_COMPAT_LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/types.h>
/* As in the kernel, where module.h reaches these through moduleparam.h and
 * its own includes: driver code that includes only <linux/module.h> and
 * <linux/sysfs.h> still has WARN_ON_ONCE(), list_head and kobjects. */
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>

struct module;
#define THIS_MODULE ((struct module *)0)

typedef int (*mr_module_init_t)(void);
typedef void (*mr_module_exit_t)(void);

/*
 * Exported even from objects built with -fvisibility=hidden; the extern
 * declaration keeps -Wmissing-variable-declarations quiet.
 */
#define MR__MODULE_SYMBOL __attribute__((used, visibility("default")))

#define module_init(fn)                               \
	extern const mr_module_init_t mr_module_init; \
	MR__MODULE_SYMBOL const mr_module_init_t mr_module_init = (fn)
#define module_exit(fn)                               \
	extern const mr_module_exit_t mr_module_exit; \
	MR__MODULE_SYMBOL const mr_module_exit_t mr_module_exit = (fn)

/* File-scope no-ops that still take the `;` the kernel's forms take. */
#define MR__MODULE_TAG(text)	     _Static_assert(1, text)
#define MODULE_LICENSE(license)	     MR__MODULE_TAG(license)
#define MODULE_AUTHOR(author)	     MR__MODULE_TAG(author)
#define MODULE_DESCRIPTION(text)     MR__MODULE_TAG(text)
#define MODULE_VERSION(version)	     MR__MODULE_TAG(version)
#define MODULE_ALIAS(alias)	     MR__MODULE_TAG(alias)
#define MODULE_SOFTDEP(text)	     MR__MODULE_TAG(text)
#define MODULE_FIRMWARE(name)	     MR__MODULE_TAG(name)
#define MODULE_IMPORT_NS(ns)	     _Static_assert(1, "")
#define MODULE_PARM_DESC(name, text) MR__MODULE_TAG(text)
/* These name a variable: taking its address keeps it from being "unused". */
#define MR__MODULE_USES(tag, var) \
	static const void *const mr__##tag __attribute__((unused)) = &(var)
#define MODULE_DEVICE_TABLE(type, name)		    MR__MODULE_USES(devtable_##name, name)
#define module_param(name, type, perm)		    MR__MODULE_USES(param_##name, name)
#define module_param_named(name, value, type, perm) MR__MODULE_USES(param_##name, value)
#define EXPORT_SYMBOL(sym)			    extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)			    extern __typeof__(sym) sym

#endif /* MR_COMPAT_LINUX_MODULE_H */
