/* SPDX-License-Identifier: MIT */
/*
 * <linux/init.h> for driver code built in user space over libmemremap.
 *
 * The kernel puts __init code in a section it frees after boot; a shared
 * object keeps everything, so the markers are empty.
 */
#ifndef MR_COMPAT_LINUX_INIT_H
#define MR_COMPAT_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __exit_p(x) (x)
#define __initconst_or_module
#define __refdata
#define __ref
#define __devinit
#define __devexit

typedef int (*initcall_t)(void);

/*
 * Initcall levels, as the kernel orders built-in code: 0 pure, 1 core,
 * 2 postcore, 3 arch, 4 subsys, 5 fs, 6 device, 7 late; each level's _sync
 * runs after it. A constructor registers the call with libmemremap-compat,
 * and `memremap module` runs them in that order (module_init() is device
 * level) before it reports.
 */
extern void mr_initcall_register(initcall_t fn, int level, const char *name);
#define MR__INITCALL(fn, level)                                                    \
	static void __attribute__((constructor)) mr__initcall_##fn##_##level(void) \
	{                                                                          \
		mr_initcall_register(fn, level, #fn);                              \
	}
#define early_initcall(fn)	   MR__INITCALL(fn, -2)
#define pure_initcall(fn)	   MR__INITCALL(fn, 0)
#define core_initcall(fn)	   MR__INITCALL(fn, 2)
#define core_initcall_sync(fn)	   MR__INITCALL(fn, 3)
#define postcore_initcall(fn)	   MR__INITCALL(fn, 4)
#define postcore_initcall_sync(fn) MR__INITCALL(fn, 5)
#define arch_initcall(fn)	   MR__INITCALL(fn, 6)
#define arch_initcall_sync(fn)	   MR__INITCALL(fn, 7)
#define subsys_initcall(fn)	   MR__INITCALL(fn, 8)
#define subsys_initcall_sync(fn)   MR__INITCALL(fn, 9)
#define fs_initcall(fn)		   MR__INITCALL(fn, 10)
#define fs_initcall_sync(fn)	   MR__INITCALL(fn, 11)
#define rootfs_initcall(fn)	   MR__INITCALL(fn, 11)
#define device_initcall(fn)	   MR__INITCALL(fn, 12)
#define device_initcall_sync(fn)   MR__INITCALL(fn, 13)
#define late_initcall(fn)	   MR__INITCALL(fn, 14)
#define late_initcall_sync(fn)	   MR__INITCALL(fn, 15)
#define __initcall(fn)		   device_initcall(fn)
#define console_initcall(fn)	   MR__INITCALL(fn, -1)

#endif /* MR_COMPAT_LINUX_INIT_H */
