/* SPDX-License-Identifier: MIT */
/*
 * <linux/errno.h> for driver code built in user space over libmemremap.
 *
 * glibc's <errno.h> includes <linux/errno.h> for the E* values, so this
 * file must hand over to the system's; it then adds the kernel-internal
 * codes that drivers return (never seen by user space in the kernel).
 */
#ifndef MR_COMPAT_LINUX_ERRNO_H
#define MR_COMPAT_LINUX_ERRNO_H

#if defined(__has_include_next)
#if __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#define MR__COMPAT_UAPI_ERRNO 1
#endif
#endif
#ifndef MR__COMPAT_UAPI_ERRNO
#include <errno.h>
#endif

#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif
#ifndef EPROBE_DEFER
#define EPROBE_DEFER 517 /* driver asks to be probed again later */
#endif
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

#endif /* MR_COMPAT_LINUX_ERRNO_H */
