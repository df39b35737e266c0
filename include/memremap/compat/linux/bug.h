/* SPDX-License-Identifier: MIT */
/* <linux/bug.h>: BUG() aborts; WARN*() print through printk() and go on. */
#ifndef MR_COMPAT_LINUX_BUG_H
#define MR_COMPAT_LINUX_BUG_H

#include <stdlib.h>

#include <linux/compiler.h>
#include <linux/printk.h>

#define BUILD_BUG_ON(cond)	 _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define BUILD_BUG_ON_MSG(c, msg) _Static_assert(!(c), msg)
#define BUG()                                                                    \
	do {                                                                     \
		printk(KERN_EMERG "kernel BUG at %s:%d!\n", __FILE__, __LINE__); \
		abort();                                                         \
	} while (0)
#define BUG_ON(cond)                \
	do {                        \
		if (unlikely(cond)) \
			BUG();      \
	} while (0)
#ifndef WARN_ON
#define WARN_ON(cond)                                                                           \
	({                                                                                      \
		int mr__c = !!(cond);                                                           \
		if (unlikely(mr__c))                                                            \
			printk(KERN_WARNING "WARNING: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		mr__c;                                                                          \
	})
#endif
#define WARN(cond, fmt, ...)                                     \
	({                                                       \
		int mr__c = !!(cond);                            \
		if (unlikely(mr__c))                             \
			printk(KERN_WARNING fmt, ##__VA_ARGS__); \
		mr__c;                                           \
	})
#define MR__ONCE(expr)                    \
	({                                \
		static bool mr__done;     \
		int mr__r = 0;            \
		if (!mr__done) {          \
			mr__r = (expr);   \
			mr__done = mr__r; \
		}                         \
		mr__r;                    \
	})
#define WARN_ON_ONCE(cond)	  MR__ONCE(WARN_ON(cond))
#define WARN_ONCE(cond, fmt, ...) MR__ONCE(WARN(cond, fmt, ##__VA_ARGS__))

#endif /* MR_COMPAT_LINUX_BUG_H */
