/* SPDX-License-Identifier: MIT */
/*
 * <linux/printk.h> for driver code built in user space over libmemremap.
 *
 * printk() formats the message as the kernel's vsprintf does, %p extensions
 * included (%pa, %pR, %ph, %pe, %pOF, ...: libmemremap-compat), and hands it
 * with its level to libmemremap's log hook (mr_printk()): stderr as it is
 * unless a program such as `memremap module` set a hook. Like the kernel's
 * default console it drops KERN_DEBUG; under -DDEBUG it keeps that too, and
 * pr_debug() and dev_dbg() are compiled in only then, as in a kernel without
 * dynamic debug.
 */
#ifndef MR_COMPAT_LINUX_PRINTK_H
#define MR_COMPAT_LINUX_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <linux/compiler.h>

#define KERN_SOH	 "\001"
#define KERN_SOH_ASCII	 '\001'
#define KERN_EMERG	 KERN_SOH "0"
#define KERN_ALERT	 KERN_SOH "1"
#define KERN_CRIT	 KERN_SOH "2"
#define KERN_ERR	 KERN_SOH "3"
#define KERN_WARNING	 KERN_SOH "4"
#define KERN_NOTICE	 KERN_SOH "5"
#define KERN_INFO	 KERN_SOH "6"
#define KERN_DEBUG	 KERN_SOH "7"
#define KERN_DEFAULT	 ""
#define KERN_CONT	 KERN_SOH "c"

#define LOGLEVEL_EMERG	 0
#define LOGLEVEL_ALERT	 1
#define LOGLEVEL_CRIT	 2
#define LOGLEVEL_ERR	 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE	 5
#define LOGLEVEL_INFO	 6
#define LOGLEVEL_DEBUG	 7

/* The kernel's build defines it per module; pr_fmt() often uses it. */
#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "module"
#endif

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define LOGLEVEL_DEFAULT -1 /* the kernel's default message level, 4 */
#define LOGLEVEL_CONT	 -2 /* KERN_CONT: goes on the line before */

/* libmemremap-compat: format (%p extensions included) and log at @level. */
extern int mr_vprintk(int level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The level of a "\001N"-prefixed format; *fmt moves past the prefix. */
static inline int mr__printk_level(const char **fmt)
{
	const char *f = *fmt;
	int level = LOGLEVEL_DEFAULT;

	while (f[0] == KERN_SOH_ASCII && f[1]) {
		if (f[1] == 'c')
			level = LOGLEVEL_CONT;
		else if (f[1] >= '0' && f[1] <= '7')
			level = f[1] - '0';
		f += 2;
	}
	*fmt = f;
	return level;
}

static inline __attribute__((format(printf, 1, 2))) int printk(const char *fmt, ...)
{
	va_list ap;
	int level = mr__printk_level(&fmt), n;

#ifndef DEBUG
	if (level == LOGLEVEL_DEBUG)
		return 0;
#endif
	va_start(ap, fmt);
	n = mr_vprintk(level, fmt, ap);
	va_end(ap);
	return n;
}

static inline __attribute__((format(printf, 1, 0))) int vprintk(const char *fmt, va_list ap)
{
	int level = mr__printk_level(&fmt);

	return mr_vprintk(level, fmt, ap);
}

/* Checks the arguments, prints nothing: what pr_debug() is without DEBUG. */
#define no_printk(fmt, ...)                         \
	({                                          \
		if (0)                              \
			printk(fmt, ##__VA_ARGS__); \
		0;                                  \
	})

#define pr_emerg(fmt, ...)  printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)  printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* Once per call site, as the kernel's. */
#define printk_once(fmt, ...)                               \
	({                                                  \
		static bool mr__printed;                    \
		int mr__n = 0;                              \
		if (!mr__printed) {                         \
			mr__printed = true;                 \
			mr__n = printk(fmt, ##__VA_ARGS__); \
		}                                           \
		mr__n;                                      \
	})
#define pr_err_once(fmt, ...)	       printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	       printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)	       printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...)       printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)   pr_err(fmt, ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)  pr_warn(fmt, ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)  pr_info(fmt, ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...) pr_debug(fmt, ##__VA_ARGS__)
#define pr_warning		       pr_warn

/* A hex dump line by line, as the kernel's print_hex_dump(). */
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
extern void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
			   int groupsize, const void *buf, size_t len, bool ascii);
#define print_hex_dump_bytes(prefix, type, buf, len) \
	print_hex_dump(KERN_DEBUG, prefix, type, 16, 1, buf, len, true)
#define print_hex_dump_debug print_hex_dump

#endif /* MR_COMPAT_LINUX_PRINTK_H */
