/* SPDX-License-Identifier: MIT */
/*
 * <linux/kernel.h> for driver code built in user space over libmemremap.
 *
 * glibc's <sys/sysinfo.h> includes the system's <linux/kernel.h>, so this
 * file includes it first and then adds the helpers drivers use most.
 */
#ifndef MR_COMPAT_LINUX_KERNEL_H
#define MR_COMPAT_LINUX_KERNEL_H

#if defined(__has_include_next)
#if __has_include_next(<linux/kernel.h>)
#include_next <linux/kernel.h>
#endif
#endif

#include <stddef.h>

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/types.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* Each argument evaluated once; fresh names, so that min(max(...)) nests. */
#define MR__PASTE2(a, b) a##b
#define MR__PASTE(a, b)	 MR__PASTE2(a, b)
#define MR__UNIQUE(name) MR__PASTE(name, __COUNTER__)
#define MR__CMP(a, b, op, x, y)        \
	({                             \
		__typeof__(a) x = (a); \
		__typeof__(b) y = (b); \
		x op y ? x : y;        \
	})
#define min(a, b)	   MR__CMP(a, b, <, MR__UNIQUE(mr__x), MR__UNIQUE(mr__y))
#define max(a, b)	   MR__CMP(a, b, >, MR__UNIQUE(mr__x), MR__UNIQUE(mr__y))
#define min_t(type, a, b)  min((type)(a), (type)(b))
#define max_t(type, a, b)  max((type)(a), (type)(b))
#define clamp(val, lo, hi) min(max(val, lo), hi)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define ALIGN(x, a)	   (((x) + ((__typeof__(x))(a)-1)) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a)   (((x) & ((__typeof__(x))(a)-1)) == 0)
#define upper_32_bits(n)   ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)   ((u32)((n)&0xffffffff))

/* Warns with the condition's text and returns it, as the kernel's does. */
#define WARN_ON(cond)                                                                           \
	({                                                                                      \
		int mr__c = !!(cond);                                                           \
		if (unlikely(mr__c))                                                            \
			printk(KERN_WARNING "WARNING: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		mr__c;                                                                          \
	})

#endif /* MR_COMPAT_LINUX_KERNEL_H */
