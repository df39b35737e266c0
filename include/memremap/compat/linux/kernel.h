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

#include <limits.h>
#include <stddef.h>

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/container_of.h>
#include <linux/bug.h>
#include <linux/overflow.h>
#include <asm/byteorder.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

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
#define round_up(x, y)	 ((((x)-1) | ((__typeof__(x))((y)-1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y)-1)))
#define PTR_ALIGN(p, a)	 ((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define swap(a, b)                         \
	do {                               \
		__typeof__(a) mr__t = (a); \
		(a) = (b);                 \
		(b) = mr__t;               \
	} while (0)
#define U8_MAX	   ((u8)~0U)
#define U16_MAX	   ((u16)~0U)
#define U32_MAX	   ((u32)~0U)
#define U64_MAX	   ((u64)~0ULL)
#define S32_MAX	   ((s32)(U32_MAX >> 1))
#define SZ_1K	   0x400
#define SZ_4K	   0x1000
#define SZ_64K	   0x10000
#define SZ_1M	   0x100000
#define PAGE_SHIFT 12
#ifndef PAGE_SIZE
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
#define PAGE_MASK     (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) ALIGN(x, PAGE_SIZE)
#define PHYS_PFN(x)   ((unsigned long)((x) >> PAGE_SHIFT))

/* String to number, as the kernel's: whole string (one trailing newline allowed), 0 or -errno. */
extern int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
extern int kstrtoll(const char *s, unsigned int base, long long *res);
extern int kstrtoul(const char *s, unsigned int base, unsigned long *res);
extern int kstrtol(const char *s, unsigned int base, long *res);
extern int kstrtouint(const char *s, unsigned int base, unsigned int *res);
extern int kstrtoint(const char *s, unsigned int base, int *res);
extern int kstrtou32(const char *s, unsigned int base, u32 *res);
extern int kstrtou16(const char *s, unsigned int base, u16 *res);
extern int kstrtou8(const char *s, unsigned int base, u8 *res);
extern int kstrtobool(const char *s, bool *res);
extern unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
extern unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);

/* Formatting with the kernel's %p extensions (%pa, %pR, %ph, %pe, %pOF, ...). */
extern int mr_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
extern int scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
extern char *kasprintf(gfp_t gfp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Copy out of a buffer at *@ppos, as a sysfs or debugfs read does. */
extern ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from,
				       size_t available);

#endif /* MR_COMPAT_LINUX_KERNEL_H */
