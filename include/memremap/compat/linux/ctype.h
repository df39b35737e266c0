/* SPDX-License-Identifier: MIT */
/* <linux/ctype.h>: the C library's, whose names the kernel shares. */
#ifndef MR_COMPAT_LINUX_CTYPE_H
#define MR_COMPAT_LINUX_CTYPE_H

#include <ctype.h>

#define isodigit(c) ((c) >= '0' && (c) <= '7')
#ifndef _tolower
#define _tolower(c) ((c) | 0x20)
#endif

#endif /* MR_COMPAT_LINUX_CTYPE_H */
