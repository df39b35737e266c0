/* SPDX-License-Identifier: MIT */
/*
 * Text from outside (resource names from /proc/iomem, spec options) made
 * safe for a terminal before it is quoted in a message or printed: a name
 * with an escape sequence in it must not recolour, move or clear the
 * screen of whoever reads the error. Standalone, like numbers.h: the
 * library quotes names with it, and the tool compiles this same source in
 * for its own output.
 *
 * Control characters (below 0x20, and 0x7f) become C escapes (\t, \n, \r,
 * \xNN), so do bytes that are not UTF-8 and the C1 controls U+0080-U+009F
 * that some terminals obey; other UTF-8 passes unchanged.
 */
#ifndef MR_ESCAPE_H
#define MR_ESCAPE_H

#include <stddef.h>

/*
 * Escape @n bytes of @s into @buf (@len bytes): always NUL-terminated when
 * @len > 0, cut before an escape that would not fit whole. A backslash is
 * doubled, so that the escaped text reads back unambiguously. Returns @buf.
 */
char *mr__escape_n(char *buf, size_t len, const char *s, size_t n);
/* The same for a NUL-terminated @s; NULL is "". */
char *mr__escape(char *buf, size_t len, const char *s);
/*
 * For a message made of text already escaped (a library error quoting a
 * name): control characters and bytes that are not UTF-8 are escaped, a
 * backslash is left alone, so nothing is escaped twice.
 */
char *mr__escape_ctl(char *buf, size_t len, const char *s);

/* The room mr__escape() needs for @n bytes at most: each may become \xNN. */
#define MR__ESCAPED_MAX(n) (4 * (n) + 1)

#endif /* MR_ESCAPE_H */
