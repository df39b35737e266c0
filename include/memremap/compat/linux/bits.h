/* SPDX-License-Identifier: MIT */
/* <linux/bits.h> for driver code built in user space over libmemremap. */
#ifndef MR_COMPAT_LINUX_BITS_H
#define MR_COMPAT_LINUX_BITS_H

#define BIT(nr)	      (1UL << (nr))
#define BIT_ULL(nr)   (1ULL << (nr))
#define BITS_PER_LONG (8 * (int)sizeof(long))
/* Bits h..l set, h >= l, as register field masks are written. */
#define GENMASK(h, l)	  ((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) ((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif /* MR_COMPAT_LINUX_BITS_H */
