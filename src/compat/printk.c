// SPDX-License-Identifier: MIT
/*
 * printk() and friends: the C library formats every conversion but %p,
 * whose kernel extensions (lib/vsprintf.c's pointer()) are written here:
 * %pa physical addresses, %pR/%pr resources, %ph hex bytes, %pe error
 * names, %pE escaped bytes, %pOF device-tree nodes, %pU UUIDs, %pV nested
 * formats, %pS symbols, %px raw pointers. The text then goes to
 * libmemremap's log hook with its level (mr_printk()).
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

/* An output buffer that counts what would have been written, as snprintf does. */
struct out {
	char *buf;
	size_t size, len;
};

static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;

		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void __attribute__((format(printf, 2, 3))) out_fmt(struct out *o, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* ----------------------------------------------------------- error names */

/* Errors the kernel has and the C library does not name. */
static const struct {
	int err;
	const char *name;
} kernel_errs[] = {
	{512, "ERESTARTSYS"},
	{513, "ERESTARTNOINTR"},
	{514, "ERESTARTNOHAND"},
	{515, "ENOIOCTLCMD"},
	{516, "ERESTART_RESTARTBLOCK"},
	{517, "EPROBE_DEFER"},
	{518, "EOPENSTALE"},
	{519, "ENOPARAM"},
	{521, "EBADHANDLE"},
	{522, "ENOTSYNC"},
	{523, "EBADCOOKIE"},
	{524, "ENOTSUPP"},
	{525, "ETOOSMALL"},
	{526, "ESERVERFAULT"},
	{527, "EBADTYPE"},
	{528, "EJUKEBOX"},
	{529, "EIOCBQUEUED"},
	{530, "ERECALLCONFLICT"},
};

static const char *err_name(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_errs); i++)
		if (kernel_errs[i].err == err)
			return kernel_errs[i].name;
	/* The kernel names EWOULDBLOCK's value EAGAIN and EDEADLOCK's EDEADLK. */
	return strerrorname_np(err);
}

/* ------------------------------------------------------- the extensions */

static void fmt_phys(struct out *o, const char **fmt, const void *ptr)
{
	/* %pa and %pap: phys_addr_t; %pad: dma_addr_t. Both 64-bit here. */
	if ((*fmt)[1] == 'd' || (*fmt)[1] == 'p')
		(*fmt)++;
	out_fmt(o, "%#018llx", (unsigned long long)*(const u64 *)ptr);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void fmt_resource(struct out *o, char kind, const struct resource *res)
{
	bool decode = kind == 'R';
	const char *spec = "%#010llx";

	out_put(o, "[", 1);
	if (res->flags & IORESOURCE_IO) {
		out_put(o, "io  ", 4);
		spec = "%#06llx";
	} else if (res->flags & IORESOURCE_MEM) {
		out_put(o, "mem ", 4);
	} else if (res->flags & IORESOURCE_IRQ) {
		out_put(o, "irq ", 4);
		spec = "%lld";
	} else if (res->flags & IORESOURCE_DMA) {
		out_put(o, "dma ", 4);
		spec = "%lld";
	} else if (res->flags & IORESOURCE_BUS) {
		out_put(o, "bus ", 4);
		spec = "%02llx";
	} else {
		out_put(o, "??? ", 4);
		decode = false;
	}
	if (decode && (res->flags & IORESOURCE_UNSET)) {
		out_put(o, "size ", 5);
		out_fmt(o, spec, (unsigned long long)resource_size(res));
	} else {
		out_fmt(o, spec, (unsigned long long)res->start);
		if (res->start != res->end) {
			out_put(o, "-", 1);
			out_fmt(o, spec, (unsigned long long)res->end);
		}
	}
	if (decode) {
		if (res->flags & IORESOURCE_MEM_64)
			out_put(o, " 64bit", 6);
		if (res->flags & IORESOURCE_PREFETCH)
			out_put(o, " pref", 5);
		if (res->flags & IORESOURCE_WINDOW)
			out_put(o, " window", 7);
		if (res->flags & IORESOURCE_DISABLED)
			out_put(o, " disabled", 9);
	} else {
		out_fmt(o, " flags %#lx", res->flags);
	}
	out_put(o, "]", 1);
}
#pragma GCC diagnostic pop

/* %*ph: @width bytes (1 without a width, at most 64), separated by @sep. */
static void fmt_hex(struct out *o, const char **fmt, const u8 *p, int width)
{
	char sep = ' ';

	switch ((*fmt)[1]) {
	case 'C':
		sep = ':';
		(*fmt)++;
		break;
	case 'D':
		sep = '-';
		(*fmt)++;
		break;
	case 'N':
		sep = 0;
		(*fmt)++;
		break;
	}
	if (width < 0)
		width = 1;
	if (width > 64)
		width = 64;
	for (int i = 0; i < width; i++) {
		if (i && sep)
			out_put(o, &sep, 1);
		out_fmt(o, "%02x", p[i]);
	}
}

/* %*pE: bytes with the unprintable ones escaped (lib/string_helpers.c's way). */
static void fmt_escaped(struct out *o, const char **fmt, const u8 *p, int width)
{
	static const char space[] = "\f\n\r\t\v";
	static const char space_esc[] = "fnrtv";

	while (isalpha((unsigned char)(*fmt)[1]))
		(*fmt)++; /* the flags: only printable-or-escaped is done */
	if (width < 0)
		width = (int)strlen((const char *)p);
	for (int i = 0; i < width; i++) {
		const char *s = memchr(space, p[i], 5);

		if (isprint(p[i]))
			out_put(o, (const char *)&p[i], 1);
		else if (p[i] && s)
			out_fmt(o, "\\%c", space_esc[s - space]);
		else if (!p[i])
			out_put(o, "\\0", 2);
		else
			out_fmt(o, "\\%03o", p[i]);
	}
}

static void fmt_node(struct out *o, const char **fmt, const struct device_node *np)
{
	char path[512];
	const char *f = *fmt + 2; /* past "OF" */
	bool any = false;

	if (!np) {
		out_put(o, "(null)", 6);
		*fmt = f - 1;
		return;
	}
	for (; *f && strchr("fnpPcCF", *f); f++) {
		const char *s;
		int len;

		if (any)
			out_put(o, ":", 1);
		any = true;
		switch (*f) {
		case 'f':
			out_fmt(o, "%s", mr_of_node_path(np, path, sizeof(path)));
			break;
		case 'n':
			out_fmt(o, "%.*s", (int)strcspn(np->full_name, "@"), np->full_name);
			break;
		case 'p':
			out_fmt(o, "%u", np->phandle);
			break;
		case 'P':
			out_fmt(o, "%s", np->parent ? np->full_name : "/");
			break;
		case 'c':
			s = of_get_property(np, "compatible", NULL);
			out_fmt(o, "%s", s ? s : "");
			break;
		case 'C':
			s = of_get_property(np, "compatible", &len);
			for (int i = 0; s && i < len; i += (int)strlen(s + i) + 1)
				out_fmt(o, "%s\"%s\"", i ? "," : "", s + i);
			break;
		case 'F':
			out_put(o, "----", 4);
			break;
		}
	}
	if (!any)
		out_fmt(o, "%s", mr_of_node_path(np, path, sizeof(path)));
	*fmt = f - 1;
}

static void fmt_uuid(struct out *o, const char **fmt, const u8 *u)
{
	static const int be[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
	static const int le[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	const int *idx = be;
	bool upper = false;
	char c = (*fmt)[1];

	if (c == 'l' || c == 'L')
		idx = le;
	if (c == 'B' || c == 'L')
		upper = true;
	if (c && strchr("bBlL", c))
		(*fmt)++;
	for (int i = 0; i < 16; i++) {
		out_fmt(o, upper ? "%02X" : "%02x", u[idx[i]]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			out_put(o, "-", 1);
	}
}

static void fmt_symbol(struct out *o, const void *ptr)
{
	Dl_info info;

	if (dladdr(ptr, &info) && info.dli_sname)
		out_fmt(o, "%s+%#lx", info.dli_sname,
			(unsigned long)((const char *)ptr - (const char *)info.dli_saddr));
	else
		out_fmt(o, "%p", ptr);
}

/* The text of one %p conversion; *fmt is on the 'p', left on its last letter. */
static void fmt_pointer(struct out *o, const char **fmt, const void *ptr, int width)
{
	const char *f = *fmt + 1;

	if (!ptr && *f != 'e' && *f != 'x' && *f != 'K') {
		while (isalnum((unsigned char)*f))
			f++;
		*fmt = f - 1;
		out_put(o, "(null)", 6);
		return;
	}
	*fmt = f;
	switch (*f) {
	case 'a':
		fmt_phys(o, fmt, ptr);
		return;
	case 'R':
	case 'r':
		fmt_resource(o, *f, ptr);
		return;
	case 'h':
		fmt_hex(o, fmt, ptr, width);
		return;
	case 'E':
		fmt_escaped(o, fmt, ptr, width);
		return;
	case 'e':
		if (IS_ERR(ptr)) {
			const char *name = err_name((int)-PTR_ERR(ptr));

			if (name)
				out_fmt(o, "-%s", name);
			else
				out_fmt(o, "%ld", PTR_ERR(ptr));
		} else {
			out_fmt(o, "%016lx", (unsigned long)ptr);
		}
		return;
	case 'O':
		if (f[1] == 'F') {
			fmt_node(o, fmt, ptr);
			return;
		}
		break;
	case 'U':
		fmt_uuid(o, fmt, ptr);
		return;
	case 'V': {
		const struct va_format {
			const char *fmt;
			va_list *va;
		} *vaf = ptr;
		va_list ap;
		char tmp[1024];

		va_copy(ap, *vaf->va);
		mr_compat_vsnprintf(tmp, sizeof(tmp), vaf->fmt, ap);
		va_end(ap);
		out_fmt(o, "%s", tmp);
		return;
	}
	case 'S':
	case 's':
	case 'B':
		fmt_symbol(o, ptr);
		while (isalpha((unsigned char)f[1]))
			(*fmt)++;
		return;
	}
	/* %p, %px, %pK and the rest: the address, as with no_hash_pointers. */
	out_fmt(o, "%016lx", (unsigned long)ptr);
	while (isalnum((unsigned char)(*fmt)[0]))
		(*fmt)++;
	(*fmt)--;
}

/* ---------------------------------------------------------- the formatter */

enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_LD, LEN_J, LEN_Z, LEN_T };

/* Format one conversion @spec (from '%' through its letter) with the next argument. */
static void fmt_one(struct out *o, const char *spec, size_t n, enum len_mod len, char conv,
		    int star[2], int nstar, va_list *ap)
{
	char sub[64];

	if (n >= sizeof(sub))
		n = sizeof(sub) - 1;
	memcpy(sub, spec, n);
	sub[n] = '\0';
#define MR__EMIT(type)                                        \
	do {                                                  \
		type v = va_arg(*ap, type);                   \
		if (nstar == 2)                               \
			out_fmt(o, sub, star[0], star[1], v); \
		else if (nstar == 1)                          \
			out_fmt(o, sub, star[0], v);          \
		else                                          \
			out_fmt(o, sub, v);                   \
	} while (0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	switch (conv) {
	case 'd':
	case 'i':
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		switch (len) {
		case LEN_L:
			MR__EMIT(long);
			break;
		case LEN_LL:
		case LEN_LD:
			MR__EMIT(long long);
			break;
		case LEN_J:
			MR__EMIT(intmax_t);
			break;
		case LEN_Z:
			MR__EMIT(size_t);
			break;
		case LEN_T:
			MR__EMIT(ptrdiff_t);
			break;
		default:
			MR__EMIT(int);
		}
		break;
	case 'c':
		MR__EMIT(int);
		break;
	case 's':
		MR__EMIT(const char *);
		break;
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		if (len == LEN_LD)
			MR__EMIT(long double);
		else
			MR__EMIT(double);
		break;
	case 'n':
		(void)va_arg(*ap, void *);
		break;
	}
#pragma GCC diagnostic pop
#undef MR__EMIT
}

int mr_compat_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
	struct out o = {buf, size, 0};
	va_list ap;

	va_copy(ap, ap0);
	while (*fmt) {
		const char *start = fmt, *pct = strchr(fmt, '%');
		enum len_mod len = LEN_NONE;
		int star[2] = {0, 0}, nstar = 0, width = -1;

		if (!pct) {
			out_put(&o, fmt, strlen(fmt));
			break;
		}
		out_put(&o, fmt, (size_t)(pct - fmt));
		start = fmt = pct + 1;
		if (*fmt == '%') {
			out_put(&o, "%", 1);
			fmt++;
			continue;
		}
		while (*fmt && strchr("-+ #0'", *fmt))
			fmt++;
		if (*fmt == '*') {
			width = star[nstar++] = va_arg(ap, int);
			fmt++;
		} else if (isdigit((unsigned char)*fmt)) {
			width = (int)strtol(fmt, (char **)&fmt, 10);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				star[nstar++] = va_arg(ap, int);
				fmt++;
			} else {
				while (isdigit((unsigned char)*fmt))
					fmt++;
			}
		}
		if (fmt[0] == 'h' && fmt[1] == 'h')
			len = LEN_HH, fmt += 2;
		else if (fmt[0] == 'l' && fmt[1] == 'l')
			len = LEN_LL, fmt += 2;
		else if (*fmt == 'h')
			len = LEN_H, fmt++;
		else if (*fmt == 'l')
			len = LEN_L, fmt++;
		else if (*fmt == 'L' || *fmt == 'q')
			len = LEN_LD, fmt++;
		else if (*fmt == 'j')
			len = LEN_J, fmt++;
		else if (*fmt == 'z')
			len = LEN_Z, fmt++;
		else if (*fmt == 't')
			len = LEN_T, fmt++;
		if (!*fmt)
			break;
		if (*fmt == 'p') {
			fmt_pointer(&o, &fmt, va_arg(ap, const void *), width);
			fmt++;
			continue;
		}
		fmt_one(&o, start - 1, (size_t)(fmt - start) + 2, len, *fmt, star, nstar, &ap);
		fmt++;
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int mr_compat_vsnprintf_wrap(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mr_compat_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

MR_EXPORT int mr_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return mr_compat_vsnprintf(buf, size, fmt, ap);
}

MR_EXPORT int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = mr_compat_vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

MR_EXPORT int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

MR_EXPORT char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	(void)gfp;
	va_copy(aq, ap);
	n = mr_compat_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = malloc((size_t)n + 1);
	if (p)
		mr_compat_vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

MR_EXPORT char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}

/* ---------------------------------------------------------------- printk */

static int last_level = LOGLEVEL_WARNING;

MR_EXPORT int mr_vprintk(int level, const char *fmt, va_list ap)
{
	char text[2048];
	int n;

	if (level == LOGLEVEL_CONT)
		level = last_level; /* a continuation goes out with its line's level */
	else if (level == LOGLEVEL_DEFAULT)
		level = LOGLEVEL_WARNING;
	last_level = level;
	n = mr_compat_vsnprintf(text, sizeof(text), fmt, ap);
	mr_printk(level, text);
	return n;
}

MR_EXPORT void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	const char *f = level;
	int lvl = mr__printk_level(&f);
	char text[1536], line[2048];
	va_list ap;

	va_start(ap, fmt);
	mr_compat_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (dev && *dev_driver_string(dev))
		snprintf(line, sizeof(line), "%s %s: %s", dev_driver_string(dev), dev_name(dev),
			 text);
	else if (dev)
		snprintf(line, sizeof(line), "%s: %s", dev_name(dev), text);
	else
		snprintf(line, sizeof(line), "(NULL device *): %s", text);
	mr_printk(lvl < 0 ? LOGLEVEL_WARNING : lvl, line);
}

MR_EXPORT int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	char text[1536];
	va_list ap;

	va_start(ap, fmt);
	mr_compat_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* A deferral is not an error: the kernel keeps it quiet (debug level). */
	if (err != -EPROBE_DEFER)
		_dev_printk(KERN_ERR, dev, "error %pe: %s", ERR_PTR(err), text);
	return err;
}

MR_EXPORT void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
			      int rowsize, int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *p = buf;
	const char *f = level;
	int lvl = mr__printk_level(&f);

	(void)groupsize;
	if (rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		size_t n = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;
		char line[256];
		struct out o = {line, sizeof(line), 0};

		out_fmt(&o, "%s", prefix_str ? prefix_str : "");
		if (prefix_type == DUMP_PREFIX_ADDRESS)
			out_fmt(&o, "%016lx: ", (unsigned long)(p + i));
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			out_fmt(&o, "%08zx: ", i);
		for (size_t j = 0; j < n; j++)
			out_fmt(&o, "%s%02x", j ? " " : "", p[i + j]);
		if (ascii) {
			out_fmt(&o, "%*s", (int)(3 * ((size_t)rowsize - n) + 2), "");
			for (size_t j = 0; j < n; j++)
				out_fmt(&o, "%c", isprint(p[i + j]) ? p[i + j] : '.');
		}
		out_put(&o, "\n", 1);
		line[o.len < sizeof(line) ? o.len : sizeof(line) - 1] = '\0';
		mr_printk(lvl < 0 ? LOGLEVEL_WARNING : lvl, line);
	}
}

MR_EXPORT int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, 4096, fmt, ap);
	va_end(ap);
	return n;
}

MR_EXPORT int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at < 0 || at >= 4096)
		return 0;
	va_start(ap, fmt);
	n = vscnprintf(buf + at, 4096 - (size_t)at, fmt, ap);
	va_end(ap);
	return n;
}
