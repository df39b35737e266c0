/* SPDX-License-Identifier: MIT */
/*
 * <linux/compiler.h> for driver code built in user space over libmemremap.
 *
 * The address-space annotations are for the kernel's sparse checker; here
 * they are empty so that `void __iomem *regs` is a plain pointer that
 * memremap() and readl()/writel() take as is. The rest is guarded: glibc's
 * <sys/cdefs.h> already defines some of these names.
 */
#ifndef MR_COMPAT_LINUX_COMPILER_H
#define MR_COMPAT_LINUX_COMPILER_H

#include <linux/kconfig.h>

#ifndef __iomem
#define __iomem
#endif
#ifndef __user
#define __user
#endif
#ifndef __kernel
#define __kernel
#endif
#ifndef __force
#define __force
#endif
#ifndef __rcu
#define __rcu
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef noinline
#define noinline __attribute__((noinline))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif
#ifndef __always_unused
#define __always_unused __attribute__((unused))
#endif
#ifndef __must_check
#define __must_check __attribute__((warn_unused_result))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif

#ifndef __nonstring
#define __nonstring __attribute__((nonstring))
#endif
#ifndef __counted_by
#define __counted_by(m)
#endif
#ifndef fallthrough
#define fallthrough __attribute__((fallthrough))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __used
#define __used __attribute__((used))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __cold
#define __cold __attribute__((cold))
#endif
#ifndef __pure
#define __pure __attribute__((pure))
#endif
#ifndef __randomize_layout
#define __randomize_layout
#endif
#ifndef __no_randomize_layout
#define __no_randomize_layout
#endif
#ifndef __ro_after_init
#define __ro_after_init
#endif
#ifndef __free
/* Scope-based cleanup: the variable's destructor runs when it leaves scope. */
#define __free(name) __attribute__((cleanup(__free_##name)))
#define DEFINE_FREE(name, type, expr)             \
	static inline void __free_##name(void *p) \
	{                                         \
		type _T = *(type *)p;             \
		expr;                             \
	}
#define no_free_ptr(p)                     \
	({                                 \
		__typeof__(p) mr__p = (p); \
		(p) = NULL;                \
		mr__p;                     \
	})
#define return_ptr(p) return no_free_ptr(p)
#endif

#ifndef likely
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#ifndef barrier
#define barrier() __asm__ __volatile__("" ::: "memory")
#endif

/* One access each, never merged or repeated by the compiler. */
#ifndef READ_ONCE
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#endif

#endif /* MR_COMPAT_LINUX_COMPILER_H */
