/* SPDX-License-Identifier: MIT */
/* <linux/cache.h>: section placement that means nothing in user space. */
#ifndef MR_COMPAT_LINUX_CACHE_H
#define MR_COMPAT_LINUX_CACHE_H

#define __ro_after_init
#define __read_mostly
#define ____cacheline_aligned __attribute__((aligned(64)))
#define L1_CACHE_BYTES	      64
#define SMP_CACHE_BYTES	      64

#endif /* MR_COMPAT_LINUX_CACHE_H */
