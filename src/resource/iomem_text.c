// SPDX-License-Identifier: MIT
/*
 * The /proc/iomem text format (kernel/resource.c r_show): parse it into a
 * resource tree with the flags the kernel gives each name, and print a tree
 * back, byte for byte. docs/iomem-format.md describes the format and the
 * name table.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <memremap/pci.h>

#include "escape.h"
#include "mr_resource.h"

/* do_mark_busy() (arch/x86/kernel/e820.c) marks every e820 entry below 1 MiB busy. */
#define MR__E820_BUSY_BELOW 0x100000ULL

struct name_rule {
	const char *name;
	unsigned long flags;
	unsigned long desc;
	bool e820; /* a firmware memory map entry */
};

#define MR__ROM (IORESOURCE_MEM | IORESOURCE_BUSY | IORESOURCE_READONLY)

static const struct name_rule name_rules[] = {
	{"System RAM", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE, true},
	{"System RAM (kmem)",
	 IORESOURCE_SYSTEM_RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED | IORESOURCE_BUSY,
	 IORES_DESC_NONE, false},
	{"Kernel code", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE, false},
	{"Kernel rodata", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE, false},
	{"Kernel data", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE, false},
	{"Kernel bss", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE, false},
	{"Crash kernel", IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_CRASH_KERNEL, false},
	{"Reserved", IORESOURCE_MEM, IORES_DESC_RESERVED, true},
	{"Soft Reserved", IORESOURCE_MEM, IORES_DESC_SOFT_RESERVED, true},
	{"Persistent Memory", IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY, true},
	{"Persistent Memory (legacy)", IORESOURCE_MEM, IORES_DESC_PERSISTENT_MEMORY_LEGACY, true},
	{"ACPI Tables", IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_ACPI_TABLES, true},
	{"ACPI Non-volatile Storage", IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_ACPI_NV_STORAGE,
	 true},
	{"Unusable memory", IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, true},
	{"Unknown E820 type", IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_NONE, true},
	{"Video ROM", MR__ROM, IORES_DESC_NONE, false},
	{"Adapter ROM", MR__ROM, IORES_DESC_NONE, false},
	{"Extension ROM", MR__ROM, IORES_DESC_NONE, false},
	{"System ROM", MR__ROM, IORES_DESC_NONE, false},
};

/* "0000:00:02.0": a PCI function, named by pci_name(); its BARs are not busy. */
static bool is_pci_function(const char *s)
{
	size_t n = mr_pci_name_parse(s, 0, NULL);

	return n && !s[n];
}

/*
 * "pcie@10000000", "pl011@9000000": a device-tree node's name and unit
 * address, which the OF code gives the resources of the node
 * (of_address_to_resource(), of_pci_range_to_resource()): a platform
 * device's range, or a host bridge's window; not busy. A driver's claim
 * inside one is named "9000000.pl011 pl011@9000000" (devm_ioremap_resource()).
 */
static bool is_dt_node(const char *s)
{
	size_t name =
		strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-");
	size_t unit;

	if (!name || s[name] != '@')
		return false;
	unit = strspn(s + name + 1, "0123456789abcdefABCDEF,");
	return unit && !s[name + 1 + unit];
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The flags for @name; true when it is an e820 entry (busy below 1 MiB). */
static bool classify(const char *name, const char *parent, unsigned long *flags,
		     unsigned long *desc)
{
	size_t i;

	*desc = IORES_DESC_NONE;
	for (i = 0; name && i < MR__ARRAY_SIZE(name_rules); i++) {
		if (strcmp(name, name_rules[i].name) == 0) {
			*flags = name_rules[i].flags;
			*desc = name_rules[i].desc;
			return name_rules[i].e820;
		}
	}
	if (name && has_prefix(name, "PCI Bus ")) {
		/* A bridge below a host bridge window is a plain memory window. */
		*flags = IORESOURCE_MEM;
		if (!parent || !has_prefix(parent, "PCI Bus "))
			*flags |= IORESOURCE_WINDOW;
	} else if (name && has_prefix(name, "CXL Window ")) {
		*flags = IORESOURCE_MEM;
		*desc = IORES_DESC_CXL;
	} else if (name && (is_pci_function(name) || is_dt_node(name))) {
		*flags = IORESOURCE_MEM;
	} else {
		/* Anything else is a driver's claim (request_mem_region). */
		*flags = IORESOURCE_MEM | IORESOURCE_BUSY;
	}
	return false;
}

void mr_resource_flags_for_name(const char *name, const char *parent, unsigned long *flags,
				unsigned long *desc)
{
	unsigned long f, d;

	classify(name, parent, &f, &d);
	if (flags)
		*flags = f;
	if (desc)
		*desc = d;
}

/* ----------------------------------------------------------------- parse */

struct line {
	unsigned int indent; /* in levels of two spaces */
	resource_size_t start, end;
	const char *name;
	size_t name_len;
};

struct parser {
	struct resource *root;
	size_t lineno;
	size_t resources;    /* lines parsed into resources so far */
	unsigned int levels; /* the indent the kernel capped depth at */
	unsigned int last_indent;
	/* The resources of the last line and its ancestors, top level first. */
	struct resource *open[MR_IOMEM_MAX_DEPTH];
	unsigned int nopen;
};

static int perr(struct parser *ps, const char *fmt, ...) MR__PRINTF(2, 3);

static int perr(struct parser *ps, const char *fmt, ...)
{
	char buf[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return mr__err(EINVAL, "line %zu: %s", ps->lineno, buf);
}

static unsigned int count_indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return (unsigned int)(i / 2 < 1000 ? i / 2 : 1000);
}

/* Nothing but blanks: what pasting leaves around the text. */
static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* "0000-0000 : " after the indent: what an unprivileged read shows. */
static bool is_zero_line(const char *s, size_t n)
{
	size_t i = 0, zeros;
	int field;

	while (i < n && s[i] == ' ')
		i++;
	for (field = 0; field < 2; field++) {
		for (zeros = 0; i < n && s[i] == '0'; i++)
			zeros++;
		if (!zeros || i >= n || s[i] != "- "[field])
			return false;
		i++;
	}
	return n - i >= 2 && s[i] == ':' && s[i + 1] == ' ';
}

/*
 * Find the indent at which the text capped its depth and whether every
 * address is zero, before reporting errors line by line.
 */
static int prescan(struct parser *ps, const char *text, size_t len)
{
	size_t pos = 0, n, lines = 0;
	unsigned int indent, deepest = 0;
	bool zeros = true;
	const char *s, *nl;

	while (pos < len) {
		s = text + pos;
		nl = memchr(s, '\n', len - pos);
		n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		if (is_blank(s, n))
			continue;
		lines++;
		while (n && s[n - 1] == '\r')
			n--;
		indent = count_indent(s, n);
		if (indent > deepest)
			deepest = indent;
		zeros = zeros && is_zero_line(s, n);
	}
	if (lines > 1 && zeros)
		return mr__err(EACCES,
			       "every address in this /proc/iomem is zero: the kernel hides "
			       "them from readers without CAP_SYS_ADMIN; read it as root");
	ps->levels = deepest > MR__IORES_LEVELS ? deepest : MR__IORES_LEVELS;
	return 0;
}

/* 0, -1 without digits, -2 beyond 64 bits. */
static int parse_hex(const char *s, size_t n, size_t *i, resource_size_t *out)
{
	resource_size_t v = 0;
	size_t start = *i;
	unsigned int d;
	char c;

	for (; *i < n; (*i)++) {
		c = s[*i];
		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			break;
		if (v >> 60)
			return -2;
		v = v << 4 | d;
	}
	*out = v;
	return *i > start ? 0 : -1;
}

static int parse_addr(struct parser *ps, const char *s, size_t n, size_t *i, resource_size_t *out,
		      const char *what)
{
	switch (parse_hex(s, n, i, out)) {
	case -1:
		return perr(ps, "expected the %s address in hex", what);
	case -2:
		return perr(ps, "the %s address is wider than 64 bits", what);
	}
	/* Where, not what: the text may be a file that is not ours to show. */
	if (*i < n && isalnum((unsigned char)s[*i]))
		return perr(ps,
			    "a character that is not a hex digit in the %s address (column %zu)",
			    what, *i + 1);
	return 0;
}

static int parse_line(struct parser *ps, const char *s, size_t n, struct line *l)
{
	size_t i = 0;
	int ret;

	while (i < n && s[i] == ' ')
		i++;
	if (i % 2)
		return perr(ps, "indent of %zu spaces is not a whole level", i);
	l->indent = (unsigned int)(i / 2 < 1000 ? i / 2 : 1000);
	ret = parse_addr(ps, s, n, &i, &l->start, "start");
	if (ret)
		return ret;
	if (i >= n || s[i] != '-')
		return perr(ps, "expected '-' after the start address");
	i++;
	ret = parse_addr(ps, s, n, &i, &l->end, "end");
	if (ret)
		return ret;
	if (n - i < 3 || memcmp(s + i, " : ", 3) != 0)
		return perr(ps, "expected ' : ' and a name after the end address");
	l->name = s + i + 3;
	l->name_len = n - i - 3;
	if (l->start > l->end)
		return perr(ps, "start 0x%llx is above end 0x%llx", (unsigned long long)l->start,
			    (unsigned long long)l->end);
	return 0;
}

static bool holds(const struct resource *r, const struct line *l)
{
	return r->start <= l->start && l->end <= r->end;
}

/* The depth of the new line's resource; its parent is open[depth - 1]. */
static int place(struct parser *ps, const struct line *l, unsigned int *depth)
{
	unsigned int d = l->indent, k;

	if (!ps->resources && d)
		return perr(ps, "the first line is indented");
	if (ps->resources && d > ps->last_indent + 1)
		return perr(ps, "indent jumps from level %u to %u", ps->last_indent, d);
	*depth = d;
	if (d >= ps->levels) {
		/*
		 * The kernel printed everything this deep or deeper at this
		 * indent: the parent is the deepest open resource holding it.
		 */
		for (k = ps->nopen; k > d; k--) {
			if (holds(ps->open[k - 1], l)) {
				*depth = k;
				break;
			}
		}
	}
	if (*depth >= MR_IOMEM_MAX_DEPTH)
		return perr(ps, "nested deeper than %d levels", MR_IOMEM_MAX_DEPTH);
	return 0;
}

static int check_fit(struct parser *ps, const struct line *l, struct resource *parent,
		     struct resource *prev)
{
	const char *what = "overlaps";
	char name[192];

	if (!holds(parent, l)) {
		if (parent == ps->root)
			return perr(ps,
				    "0x%llx-0x%llx lies beyond the end of the address space 0x%llx",
				    (unsigned long long)l->start, (unsigned long long)l->end,
				    (unsigned long long)parent->end);
		return perr(ps, "0x%llx-0x%llx is not inside its parent '%s' 0x%llx-0x%llx",
			    (unsigned long long)l->start, (unsigned long long)l->end,
			    mr__escape(name, sizeof(name), parent->name),
			    (unsigned long long)parent->start, (unsigned long long)parent->end);
	}
	if (prev && l->start <= prev->end) {
		if (l->end < prev->start)
			what = "is out of address order after";
		return perr(ps, "0x%llx-0x%llx %s '%s' 0x%llx-0x%llx", (unsigned long long)l->start,
			    (unsigned long long)l->end, what,
			    mr__escape(name, sizeof(name), prev->name),
			    (unsigned long long)prev->start, (unsigned long long)prev->end);
	}
	return 0;
}

static int add_line(struct parser *ps, const char *s, size_t n)
{
	struct resource *parent, *prev, *res;
	unsigned long flags, desc;
	unsigned int depth = 0;
	struct line l;
	int ret;

	if (n > MR_IOMEM_MAX_LINE)
		return perr(ps, "longer than %d bytes", MR_IOMEM_MAX_LINE);
	if (memchr(s, '\0', n))
		return perr(ps, "holds a NUL byte");
	if (is_blank(s, n))
		return perr(ps, "a blank line between resources: /proc/iomem has none, so the "
				"text was cut, joined or edited here");
	ret = parse_line(ps, s, n, &l);
	if (!ret)
		ret = place(ps, &l, &depth);
	if (ret)
		return ret;
	parent = depth ? ps->open[depth - 1] : ps->root;
	prev = depth < ps->nopen ? ps->open[depth] : NULL;
	ret = check_fit(ps, &l, parent, prev);
	if (ret)
		return ret;

	res = mr__resource_new(l.name, l.name_len, l.start, l.end, 0, 0);
	if (!res)
		return mr__err(ENOMEM, "line %zu: out of memory", ps->lineno);
	if (classify(res->name, parent == ps->root ? NULL : parent->name, &flags, &desc) &&
	    l.start < MR__E820_BUSY_BELOW)
		flags |= IORESOURCE_BUSY;
	res->flags = flags;
	res->desc = desc;
	/* dax/kmem turns its daxX.Y region into System RAM before adding this. */
	if (parent != ps->root && strcmp(res->name, "System RAM (kmem)") == 0)
		parent->flags = IORESOURCE_SYSTEM_RAM;
	mr__resource_link(parent, prev, res);
	ps->open[depth] = res;
	ps->nopen = depth + 1;
	ps->last_indent = l.indent;
	ps->resources++;
	return 0;
}

/*
 * The end of the last line that is not blank. The kernel never prints a
 * blank line, but pasted text often ends (or starts) with one: those are
 * skipped. One between resources is an error, as the text was then cut,
 * joined or edited, and no rule tells what the lines after it belong to.
 */
static size_t text_end(const char *text, size_t len)
{
	size_t pos = 0, end = 0, n;
	const char *nl;

	while (pos < len) {
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (!is_blank(text + pos, n))
			end = pos + n;
		pos += n + 1;
	}
	return end;
}

struct resource *mr_iomem_parse(const char *text, size_t len, resource_size_t root_end)
{
	struct parser ps = {0};
	size_t pos = 0, n;
	const char *s, *nl;
	int err;

	if (!text && len) {
		mr__err(EINVAL, "mr_iomem_parse: no text");
		return NULL;
	}
	if (prescan(&ps, text, len))
		return NULL;
	ps.root = mr__resource_new("PCI mem", 7, 0, root_end, IORESOURCE_MEM, IORES_DESC_NONE);
	if (!ps.root) {
		mr__err(ENOMEM, "mr_iomem_parse: out of memory");
		return NULL;
	}
	mr__resource_set_levels(ps.root, ps.levels);
	len = text_end(text, len);
	while (pos < len) {
		s = text + pos;
		nl = memchr(s, '\n', len - pos);
		n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		ps.lineno++;
		/*
		 * Text that went through Windows ends its lines CRLF (twice over, CR CR
		 * LF, after a second conversion): no CR at the end is the name's.
		 */
		while (n && s[n - 1] == '\r')
			n--;
		if (!ps.resources && is_blank(s, n))
			continue;
		if (add_line(&ps, s, n))
			goto err_free_tree;
	}
	return ps.root;

err_free_tree:
	err = errno;
	mr_iomem_free(ps.root);
	errno = err;
	return NULL;
}

/* ----------------------------------------------------------------- print */

static struct resource *next_line(struct resource *root, struct resource *p, unsigned int *depth)
{
	if (p->child) {
		(*depth)++;
		return p->child;
	}
	while (!p->sibling) {
		p = p->parent;
		if (!p || p == root)
			return NULL;
		(*depth)--;
	}
	return p->sibling;
}

int mr_iomem_print(struct resource *root, FILE *out)
{
	unsigned int levels, depth = 0, shown;
	int width, ret = 0;
	struct resource *p;

	if (!root || !out)
		return mr__err(EINVAL, "mr_iomem_print: no %s", root ? "stream" : "tree");
	width = root->end < 0x10000 ? 4 : 8;
	levels = mr__resource_levels(root);
	mr__read_lock();
	for (p = root->child; p; p = next_line(root, p, &depth)) {
		shown = depth < levels ? depth : levels;
		errno = 0;
		if (fprintf(out, "%*s%0*llx-%0*llx : %s\n", (int)shown * 2, "", width,
			    (unsigned long long)p->start, width, (unsigned long long)p->end,
			    p->name ? p->name : "<BAD>") < 0) {
			ret = errno ? errno : EIO;
			break;
		}
	}
	mr__read_unlock();
	if (ret)
		return mr__err(ret, "mr_iomem_print: %s", strerror(ret));
	return 0;
}
