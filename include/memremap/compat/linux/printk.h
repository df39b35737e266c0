/* SPDX-License-Identifier: MIT */
/*
 * <linux/printk.h> for driver code built in user space over libmemremap.
 *
 * printk() writes the message to stderr, one write per call, without the
 * KERN_* prefix. Like the kernel's default console it shows every level but
 * KERN_DEBUG; under -DDEBUG it shows that too, and pr_debug() and dev_dbg()
 * are compiled in only then, as in a kernel without dynamic debug.
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

static inline __attribute__((format(printf, 1, 2))) int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fmt[0] == KERN_SOH_ASCII && fmt[1]) {
#ifndef DEBUG
		if (fmt[1] == '0' + LOGLEVEL_DEBUG)
			return 0;
#endif
		fmt += 2;
	}
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
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
#define pr_err_once(fmt, ...)  printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

#endif /* MR_COMPAT_LINUX_PRINTK_H */
