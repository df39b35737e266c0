// SPDX-License-Identifier: MIT
/*
 * Escaping text from outside for a terminal (escape.h). Written once for
 * the library's messages and the tool's output, so that a resource name
 * reads the same in both.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

/*
 * The length of the UTF-8 sequence at @s (at most @n bytes) that a terminal
 * shows as text, or 0: not UTF-8 (overlong, surrogate, past U+10FFFF, cut
 * short), or a C1 control.
 */
static size_t mr__escape_utf8(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f)
		return 0;
	return len;
}

/* What byte @c becomes on its own: "\\t", "\\x1b", or "" when it is text. */
static void mr__escape_byte(unsigned char c, bool backslash, char out[5])
{
	out[0] = '\0';
	if (c == '\\' && backslash)
		snprintf(out, 5, "\\\\");
	else if (c == '\t')
		snprintf(out, 5, "\\t");
	else if (c == '\n')
		snprintf(out, 5, "\\n");
	else if (c == '\r')
		snprintf(out, 5, "\\r");
	else if (c < 0x20 || c >= 0x7f)
		snprintf(out, 5, "\\x%02x", c);
}

static char *mr__escape_any(char *buf, size_t len, const char *str, size_t n, bool backslash)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t used = 0, i = 0, in, out;
	const char *from;
	char esc[5];

	if (!len)
		return buf;
	while (i < n) {
		/* @in bytes of the input become @out bytes at @from. */
		in = s[i] >= 0x80 ? mr__escape_utf8(s + i, n - i) : 0;
		from = (const char *)s + i;
		out = in;
		if (!in) {
			mr__escape_byte(s[i], backslash, esc);
			in = 1;
			from = esc[0] ? esc : from;
			out = esc[0] ? strlen(esc) : 1;
		}
		if (used + out >= len)
			break;
		memcpy(buf + used, from, out);
		used += out;
		i += in;
	}
	buf[used] = '\0';
	return buf;
}

char *mr__escape_n(char *buf, size_t len, const char *s, size_t n)
{
	return mr__escape_any(buf, len, s ? s : "", s ? n : 0, true);
}

char *mr__escape(char *buf, size_t len, const char *s)
{
	return mr__escape_n(buf, len, s, s ? strlen(s) : 0);
}

char *mr__escape_ctl(char *buf, size_t len, const char *s)
{
	return mr__escape_any(buf, len, s ? s : "", s ? strlen(s) : 0, false);
}
