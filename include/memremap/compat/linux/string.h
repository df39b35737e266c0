/* SPDX-License-Identifier: MIT */
/*
 * <linux/string.h> for driver code built in user space over libmemremap:
 * the C library's <string.h> and the kernel's own string helpers. The
 * kernel's headers reach it from <linux/kernel.h> and <linux/device.h>, so
 * driver code that never includes it still has memcmp() and strlen().
 */
#ifndef MR_COMPAT_LINUX_STRING_H
#define MR_COMPAT_LINUX_STRING_H

#include <string.h>
#include <strings.h>

#include <linux/compiler.h>
#include <linux/types.h>

/* Copy a C string into a fixed buffer, always terminated: the length, or -E2BIG when cut. */
static inline ssize_t mr__strscpy(char *dst, const char *src, size_t size, bool pad)
{
	size_t n;

	if (!size)
		return -7; /* -E2BIG */
	n = strnlen(src, size);
	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -7;
	}
	memcpy(dst, src, n + 1);
	if (pad)
		memset(dst + n + 1, 0, size - n - 1);
	return (ssize_t)n;
}

/* strscpy(dst, src) sizes a char array itself; strscpy(dst, src, size) does not. */
#define MR__STRSCPY3(dst, src, size, ...)  mr__strscpy(dst, src, size, false)
#define strscpy(dst, src, ...)		   MR__STRSCPY3(dst, src, ##__VA_ARGS__, sizeof(dst))
#define MR__STRSCPYP3(dst, src, size, ...) mr__strscpy(dst, src, size, true)
#define strscpy_pad(dst, src, ...)	   MR__STRSCPYP3(dst, src, ##__VA_ARGS__, sizeof(dst))

/*
 * strnlen() for a source that may be shorter than the bound: a plain loop,
 * which the compiler's object-size checks do not take for an over-read.
 */
static inline size_t mr__strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* A string into a fixed, not necessarily terminated array, padded with @pad. */
#define strtomem_pad(dest, src, pad)                                       \
	do {                                                               \
		size_t mr__n = mr__strnlen(src, sizeof(dest));             \
		memcpy(dest, src, mr__n);                                  \
		memset((char *)(dest) + mr__n, pad, sizeof(dest) - mr__n); \
	} while (0)
#define strtomem(dest, src) memcpy(dest, src, mr__strnlen(src, sizeof(dest)))

#define memcpy_and_pad(dest, dest_len, src, count, pad)                     \
	do {                                                                \
		size_t mr__d = (dest_len), mr__c = (count);                 \
		if (mr__d > mr__c) {                                        \
			memcpy(dest, src, mr__c);                           \
			memset((char *)(dest) + mr__c, pad, mr__d - mr__c); \
		} else {                                                    \
			memcpy(dest, src, mr__d);                           \
		}                                                           \
	} while (0)

/* The first byte that is not @c, or NULL when all @n are. */
static inline void *memchr_inv(const void *start, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)start;

	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(uintptr_t)(p + i);
	return NULL;
}

static inline void memzero_explicit(void *s, size_t n)
{
	memset(s, 0, n);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

static inline size_t str_has_prefix(const char *str, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(str, prefix, n) == 0 ? n : 0;
}

/* Equal but for one trailing newline on either side, as sysfs writes come. */
static inline bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

static inline char *skip_spaces(const char *str)
{
	while (*str == ' ' || (*str >= '\t' && *str <= '\r'))
		str++;
	return (char *)(uintptr_t)str;
}

static inline char *strim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		s[--n] = '\0';
	return skip_spaces(s);
}
#define strstrip strim

static inline char *strreplace(char *s, char old, char new_c)
{
	for (; *s; s++)
		if (*s == old)
			*s = new_c;
	return s;
}

extern char *kstrdup(const char *s, gfp_t gfp);
extern const char *kstrdup_const(const char *s, gfp_t gfp);
extern char *kstrndup(const char *s, size_t max, gfp_t gfp);
extern void *kmemdup(const void *src, size_t len, gfp_t gfp);
extern void *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
extern void kfree_const(const void *x);

#endif /* MR_COMPAT_LINUX_STRING_H */
