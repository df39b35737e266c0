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

#endif /* MR_COMPAT_LINUX_INIT_H */
