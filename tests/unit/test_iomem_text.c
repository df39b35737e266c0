// SPDX-License-Identifier: MIT
/*
 * The /proc/iomem text format: round trips over real files, malformed
 * input, the name table and the kernel's depth cap.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mr_resource.h"
#include "mr_test.h"
#include "test_file.h"

#define ALL ((resource_size_t)~0ULL)

static char *print_tree(struct resource *root, size_t *len)
{
	char *out = NULL;
	FILE *m = open_memstream(&out, len);

	assert_non_null(m);
	assert_int_equal(mr_iomem_print(root, m), 0);
	fclose(m);
	return out;
}

static void assert_round_trip(const char *text, size_t len, resource_size_t root_end)
{
	struct resource *root = mr_iomem_parse(text, len, root_end);
	size_t olen;
	char *out;

	if (!root)
		fail_msg("parse failed: %s", mr_errmsg());
	assert_int_equal(mr__resource_check(root), 0);
	out = print_tree(root, &olen);
	assert_int_equal(olen, len);
	assert_memory_equal(out, text, len);
	free(out);
	mr_iomem_free(root);
}

/* A literal and its length, for mr_iomem_parse(), over the whole address space. */
#define STR_LEN(s) s, sizeof(s) - 1, ALL

static struct resource *parse_str(const char *text)
{
	struct resource *root = mr_iomem_parse(text, strlen(text), ALL);

	if (!root)
		fail_msg("parse failed: %s", mr_errmsg());
	return root;
}

/* ------------------------------------------------------------ round trips */

static void test_round_trip_files(void **state)
{
	const char *dir = MR_TEST_DATA "/iomem";
	char path[4096];
	struct dirent *e;
	size_t len, n, files = 0;
	DIR *d = opendir(dir);
	char *text;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 6, ".iomem") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		text = mr_test_read_file(path, &len);
		assert_true(len > 0);
		assert_round_trip(text, len, ALL);
		free(text);
		files++;
	}
	closedir(d);
	assert_true(files >= 2);
}

static void test_round_trip_small(void **state)
{
	static const char *const texts[] = {
		"",
		"00000000-00000fff : Reserved\n",
		/* names with spaces, brackets and colons */
		"eec00000-febfffff : Reserved\n"
		"  eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]\n"
		"    eec00000-eecfffff : PCI Bus 0000:00\n"
		"fec00000-fec003ff : IOAPIC 0\n"
		"100000000-17fffffff : PCI Bus 0000:00\n"
		"fd00000000-ffffffffff : Reserved\n"
		"fffffffffffff000-ffffffffffffffff : top : of : it\n",
		/* an empty name */
		"00001000-00001fff : \n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < MR__ARRAY_SIZE(texts); i++)
		assert_round_trip(texts[i], strlen(texts[i]), ALL);
}

/* I/O ports print four digits: the root ends below 0x10000. */
static void test_round_trip_ioports(void **state)
{
	static const char text[] = "0000-0cf7 : PCI Bus 0000:00\n"
				   "  0000-001f : dma1\n"
				   "  0020-0021 : pic1\n"
				   "0cf8-0cff : PCI conf1\n"
				   "0d00-ffff : PCI Bus 0000:00\n"
				   "  c000-c03f : 0000:00:04.0\n";

	(void)state;
	assert_round_trip(text, strlen(text), 0xffff);
}

/*
 * The kernel prints everything deeper than MAX_IORES_LEVEL at that indent:
 * a line there that lies inside the previous one is its child.
 */
static void test_depth_cap(void **state)
{
	static const char text[] = "00000000-ffffffff : a\n"
				   "  00000000-0fffffff : b\n"
				   "    00000000-00ffffff : c\n"
				   "      00000000-000fffff : d\n"
				   "        00000000-0000ffff : e\n"
				   "          00000000-00000fff : f\n"
				   "          00000000-000000ff : g\n"
				   "          00000000-0000000f : g2\n"
				   "          00000100-000001ff : h\n"
				   "          00001000-00001fff : i\n"
				   "  10000000-1fffffff : j\n";
	struct resource *root = parse_str(text), *f, *g, *g2, *h, *i, *e;

	(void)state;
	e = root->child->child->child->child->child;
	f = e->child;
	assert_string_equal(f->name, "f");
	g = f->child;
	assert_string_equal(g->name, "g");
	g2 = g->child;
	assert_string_equal(g2->name, "g2");
	assert_ptr_equal(g2->parent, g);
	h = g->sibling;
	assert_string_equal(h->name, "h");
	assert_ptr_equal(h->parent, f);
	i = f->sibling;
	assert_string_equal(i->name, "i");
	assert_ptr_equal(i->parent, e);
	mr_iomem_free(root);
	assert_round_trip(text, strlen(text), ALL);
}

/* Newer kernels cap at 8 levels: a text that goes deeper than 5 keeps its own cap. */
static void test_depth_cap_deeper_text(void **state)
{
	static const char text[] = "00000000-ffffffff : a\n"
				   "  00000000-0fffffff : b\n"
				   "    00000000-00ffffff : c\n"
				   "      00000000-000fffff : d\n"
				   "        00000000-0000ffff : e\n"
				   "          00000000-00000fff : f\n"
				   "            00000000-000000ff : g\n"
				   "            00000100-000001ff : h\n";
	struct resource *root = parse_str(text);

	(void)state;
	assert_int_equal(mr__resource_levels(root), 6);
	mr_iomem_free(root);
	assert_round_trip(text, strlen(text), ALL);
}

static void test_empty_and_unterminated(void **state)
{
	struct resource *root;

	(void)state;
	root = mr_iomem_parse(NULL, 0, ALL);
	assert_non_null(root);
	assert_null(root->child);
	assert_int_equal(root->end, ALL);
	mr_iomem_free(root);

	root = parse_str("00001000-00001fff : a\n00002000-00002fff : b");
	assert_string_equal(root->child->sibling->name, "b");
	mr_iomem_free(root);
}

/*
 * Blank lines around the text, as pasting leaves them, are skipped; the tree
 * is the one without them and prints without them.
 */
static void test_blank_lines_around(void **state)
{
	static const char bare[] = "00001000-00001fff : a\n  00001000-000017ff : b\n"
				   "00003000-00003fff : c\n";
	static const char *const padded[] = {
		"00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n\n",
		"00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n\n\n",
		"00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n  \t\r\n",
		"00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n\n ",
		"\n\n00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n",
		"\r\n  \n00001000-00001fff : a\n  00001000-000017ff : b\n00003000-00003fff : c\n\n",
	};
	struct resource *root;
	size_t i, len;
	char *out;

	(void)state;
	for (i = 0; i < MR__ARRAY_SIZE(padded); i++) {
		root = parse_str(padded[i]);
		assert_int_equal(mr__resource_check(root), 0);
		out = print_tree(root, &len);
		if (len != strlen(bare) || memcmp(out, bare, len))
			fail_msg("case %zu printed '%.*s'", i, (int)len, out);
		free(out);
		mr_iomem_free(root);
	}
}

/* Text of blank lines alone is an empty map, as empty text is. */
static void test_only_blank_lines(void **state)
{
	static const char *const texts[] = {"\n", "\n\n\n", "  \n\t\n", " ", "\r\n"};
	struct resource *root;
	size_t i;

	(void)state;
	for (i = 0; i < MR__ARRAY_SIZE(texts); i++) {
		root = parse_str(texts[i]);
		assert_null(root->child);
		mr_iomem_free(root);
	}
}

/*
 * Errors after leading blank lines name the line of the file, and the
 * first resource line is the one that may not be indented.
 */
static void test_blank_lines_keep_line_numbers(void **state)
{
	(void)state;
	assert_null(mr_iomem_parse(STR_LEN("\n\n  00001000-00001fff : a\n")));
	assert_int_equal(errno, EINVAL);
	assert_string_equal(mr_errmsg(), "line 3: the first line is indented");
	assert_null(mr_iomem_parse(STR_LEN("\n00001000-00001fff : a\n00000000-00000fff : b\n")));
	assert_int_equal(errno, EINVAL);
	assert_true(strncmp(mr_errmsg(), "line 3: ", 8) == 0);
	/* A trailing blank line does not hide an unprivileged read. */
	assert_null(mr_iomem_parse(
		STR_LEN("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n\n")));
	assert_int_equal(errno, EACCES);
	/* Nor does it make one zero line look like several. */
	mr_iomem_free(parse_str("00000000-00000000 : Reserved\n\n\n"));
}

/* --------------------------------------------------------------- errors */

struct bad_case {
	const char *what;
	const char *text;
	size_t len; /* 0: strlen(text) */
	resource_size_t root_end;
	int err;
	unsigned int line; /* 0: no line is named */
};

/* A literal with NUL bytes inside, and its whole length. */
#define WITH_NUL(s)   s, sizeof(s) - 1

#define LONG_NAME_LEN (MR_IOMEM_MAX_LINE + 10)

static char long_line[LONG_NAME_LEN + 64];
static char deep_indent[4096];
static char deep_capped[4096];

static void make_big_cases(void)
{
	size_t n = 0;
	int i;

	n += (size_t)sprintf(long_line, "00001000-00001fff : a\n00002000-00002fff : ");
	memset(long_line + n, 'x', LONG_NAME_LEN);
	long_line[n + LONG_NAME_LEN] = '\n';
	long_line[n + LONG_NAME_LEN + 1] = '\0';

	/* 17 levels, each indented one more. */
	for (i = 0, n = 0; i <= MR_IOMEM_MAX_DEPTH; i++)
		n += (size_t)sprintf(deep_indent + n, "%*s00000000-%08x : l%d\n", 2 * i, "",
				     0x7fffffff >> i, i);
	/* The same depth reached through the kernel's capped indent. */
	for (i = 0, n = 0; i <= MR_IOMEM_MAX_DEPTH; i++)
		n += (size_t)sprintf(deep_capped + n, "%*s00000000-%08x : l%d\n",
				     2 * (i < 5 ? i : 5), "", 0x7fffffff >> i, i);
}

static const struct bad_case bad_cases[] = {
	{"bad hex in start", "0000zz00-00001fff : a\n", 0, ALL, EINVAL, 1},
	{"bad hex in end", "00001000-00002fff : a\n00003000-0000xfff : b\n", 0, ALL, EINVAL, 2},
	{"no hex at all", "System RAM\n", 0, ALL, EINVAL, 1},
	{"0x prefix", "0x1000-0x1fff : a\n", 0, ALL, EINVAL, 1},
	{"huge start", "10000000000000000-1ffffffffffffffff : a\n", 0, ALL, EINVAL, 1},
	{"huge end", "00001000-10000000000000000 : a\n", 0, ALL, EINVAL, 1},
	{"dash missing", "00001000 00001fff : a\n", 0, ALL, EINVAL, 1},
	{"colon missing", "00001000-00001fff a\n", 0, ALL, EINVAL, 1},
	{"nothing after the end", "00001000-00001fff\n", 0, ALL, EINVAL, 1},
	{"garbage after the end", "00001000-00001fffq : a\n", 0, ALL, EINVAL, 1},
	{"tab for the separator", "00001000-00001fff\t: a\n", 0, ALL, EINVAL, 1},
	{"start above end", "00002000-00001fff : a\n", 0, ALL, EINVAL, 1},
	{"empty line", "00001000-00001fff : a\n\n00003000-00003fff : b\n", 0, ALL, EINVAL, 2},
	{"blank line between resources", "00001000-00001fff : a\n  \t\n00003000-00003fff : b\n", 0,
	 ALL, EINVAL, 2},
	{"blank line between parent and child",
	 "00001000-00004fff : a\n\n  00001000-00001fff : b\n", 0, ALL, EINVAL, 2},
	{"overlap", "00001000-00001fff : a\n00001800-00002fff : b\n", 0, ALL, EINVAL, 2},
	{"same range twice", "00001000-00001fff : a\n00001000-00001fff : a\n", 0, ALL, EINVAL, 2},
	{"out of order", "00001000-00001fff : a\n00005000-00005fff : b\n00003000-00003fff : c\n", 0,
	 ALL, EINVAL, 3},
	{"child outside its parent", "00001000-00001fff : a\n  00002000-00002fff : b\n", 0, ALL,
	 EINVAL, 2},
	{"child across its parent's end", "00001000-00001fff : a\n  00001800-00002fff : b\n", 0,
	 ALL, EINVAL, 2},
	{"child overlaps its sibling",
	 "00001000-00004fff : a\n  00001000-00001fff : b\n  00001fff-00002fff : c\n", 0, ALL,
	 EINVAL, 3},
	{"indent jumps two levels", "00001000-00001fff : a\n      00001000-00001fff : b\n", 0, ALL,
	 EINVAL, 2},
	{"first line indented", "  00001000-00001fff : a\n", 0, ALL, EINVAL, 1},
	{"odd indent", "00001000-00001fff : a\n   00001000-00001fff : b\n", 0, ALL, EINVAL, 2},
	{"beyond the root", "00010000-0001ffff : a\n", 0, 0xffff, EINVAL, 1},
	{"too deep by indent", deep_indent, 0, ALL, EINVAL, MR_IOMEM_MAX_DEPTH + 1},
	{"too deep by capped indent", deep_capped, 0, ALL, EINVAL, MR_IOMEM_MAX_DEPTH + 1},
	{"overlong line", long_line, 0, ALL, EINVAL, 2},
	{"NUL in a name", WITH_NUL("00001000-00001fff : a\n00002000-00002fff : b\0c\n"), ALL,
	 EINVAL, 2},
	{"NUL instead of a newline", WITH_NUL("00001000-00001fff : a\00000002000-00002fff : b\n"),
	 ALL, EINVAL, 1},
	{"unprivileged read",
	 "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n"
	 "  00000000-00000000 : Kernel code\n",
	 0, ALL, EACCES, 0},
};

static void test_malformed(void **state)
{
	const struct bad_case *c;
	char prefix[32];
	size_t i, len;

	(void)state;
	make_big_cases();
	for (i = 0; i < MR__ARRAY_SIZE(bad_cases); i++) {
		c = &bad_cases[i];
		len = c->len ? c->len : strlen(c->text);
		errno = 0;
		if (mr_iomem_parse(c->text, len, c->root_end))
			fail_msg("%s: parsed", c->what);
		if (errno != c->err)
			fail_msg("%s: errno %d, not %d (%s)", c->what, errno, c->err, mr_errmsg());
		if (c->line) {
			snprintf(prefix, sizeof(prefix), "line %u: ", c->line);
			if (strncmp(mr_errmsg(), prefix, strlen(prefix)) != 0)
				fail_msg("%s: message '%s' does not start '%s'", c->what,
					 mr_errmsg(), prefix);
		} else if (!strstr(mr_errmsg(), "root")) {
			fail_msg("%s: message '%s' does not say to read as root", c->what,
				 mr_errmsg());
		}
	}
}

/* One line of zeros is a real resource at address 0, not a hidden read. */
static void test_single_zero_line(void **state)
{
	struct resource *root = parse_str("00000000-00000000 : Reserved\n");

	(void)state;
	assert_int_equal(root->child->start, 0);
	assert_int_equal(root->child->end, 0);
	mr_iomem_free(root);
}

/* ------------------------------------------------------------ name table */

struct name_case {
	const char *name;
	const char *parent;
	unsigned long flags;
	unsigned long desc;
};

#define MEM  IORESOURCE_MEM
#define BUSY IORESOURCE_BUSY
#define RAM  IORESOURCE_SYSTEM_RAM
#define ROM  (MEM | BUSY | IORESOURCE_READONLY)

static const struct name_case name_cases[] = {
	{"System RAM", NULL, RAM | BUSY, IORES_DESC_NONE},
	{"System RAM (kmem)", "dax0.0", RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED | BUSY,
	 IORES_DESC_NONE},
	{"Kernel code", "System RAM", RAM | BUSY, IORES_DESC_NONE},
	{"Kernel rodata", "System RAM", RAM | BUSY, IORES_DESC_NONE},
	{"Kernel data", "System RAM", RAM | BUSY, IORES_DESC_NONE},
	{"Kernel bss", "System RAM", RAM | BUSY, IORES_DESC_NONE},
	{"Crash kernel", "System RAM", RAM | BUSY, IORES_DESC_CRASH_KERNEL},
	{"Reserved", NULL, MEM, IORES_DESC_RESERVED},
	{"Soft Reserved", NULL, MEM, IORES_DESC_SOFT_RESERVED},
	{"Persistent Memory", NULL, MEM, IORES_DESC_PERSISTENT_MEMORY},
	{"Persistent Memory (legacy)", NULL, MEM, IORES_DESC_PERSISTENT_MEMORY_LEGACY},
	{"ACPI Tables", NULL, MEM | BUSY, IORES_DESC_ACPI_TABLES},
	{"ACPI Non-volatile Storage", NULL, MEM | BUSY, IORES_DESC_ACPI_NV_STORAGE},
	{"Unusable memory", NULL, MEM | BUSY, IORES_DESC_NONE},
	{"PCI Bus 0000:00", NULL, MEM | IORESOURCE_WINDOW, IORES_DESC_NONE},
	{"PCI Bus 0000:00", "PCI ECAM 0000 [bus 00-00]", MEM | IORESOURCE_WINDOW, IORES_DESC_NONE},
	{"PCI Bus 0000:01", "PCI Bus 0000:00", MEM, IORES_DESC_NONE},
	{"CXL Window 0", NULL, MEM, IORES_DESC_CXL},
	{"0000:00:02.0", "PCI Bus 0000:00", MEM, IORES_DESC_NONE},
	{"10000:e0:17.7", "PCI Bus 10000:e0", MEM, IORES_DESC_NONE},
	{"0000:00:02.8", "PCI Bus 0000:00", MEM | BUSY, IORES_DESC_NONE},
	{"0000:00:02.0 ", "PCI Bus 0000:00", MEM | BUSY, IORES_DESC_NONE},
	{"virtio-pci-modern", "0000:00:01.0", MEM | BUSY, IORES_DESC_NONE},
	{"Video ROM", NULL, ROM, IORES_DESC_NONE},
	{"Adapter ROM", NULL, ROM, IORES_DESC_NONE},
	{"System ROM", "Reserved", ROM, IORES_DESC_NONE},
	{"IOAPIC 0", NULL, MEM | BUSY, IORES_DESC_NONE},
	{"PCI ECAM 0000 [bus 00-00]", "Reserved", MEM | BUSY, IORES_DESC_NONE},
	{"system ram", NULL, MEM | BUSY, IORES_DESC_NONE},
	/* arm64 with a device tree (QEMU's virt machine). */
	{"pcie@10000000", NULL, MEM, IORES_DESC_NONE},
	{"0000:00:01.0", "pcie@10000000", MEM, IORES_DESC_NONE},
	{"pl011@9000000", NULL, MEM, IORES_DESC_NONE},
	{"i2c@1,0", NULL, MEM, IORES_DESC_NONE},
	{"9000000.pl011 pl011@9000000", "pl011@9000000", MEM | BUSY, IORES_DESC_NONE},
	{"PCI ECAM", NULL, MEM | BUSY, IORES_DESC_NONE},
	{"pcie@", NULL, MEM | BUSY, IORES_DESC_NONE},
	{"@10000000", NULL, MEM | BUSY, IORES_DESC_NONE},
	{"pcie@1000000g", NULL, MEM | BUSY, IORES_DESC_NONE},
};

static void test_flags_for_name(void **state)
{
	unsigned long flags, desc;
	size_t i;

	(void)state;
	for (i = 0; i < MR__ARRAY_SIZE(name_cases); i++) {
		mr_resource_flags_for_name(name_cases[i].name, name_cases[i].parent, &flags, &desc);
		if (flags != name_cases[i].flags || desc != name_cases[i].desc)
			fail_msg("'%s' under '%s': flags %#lx desc %lu, not %#lx %lu",
				 name_cases[i].name, name_cases[i].parent, flags, desc,
				 name_cases[i].flags, name_cases[i].desc);
	}
}

/* What only the parser can know: the address, and the children. */
static void test_parse_flags(void **state)
{
	static const char text[] = "00000000-00000fff : Reserved\n"
				   "00001000-0009fbff : System RAM\n"
				   "000f0000-000fffff : Soft Reserved\n"
				   "30000000-33ffffff : Reserved\n"
				   "38000000-3bffffff : Persistent Memory (legacy)\n"
				   "1050000000-304fffffff : CXL Window 0\n"
				   "  1050000000-304fffffff : region0\n"
				   "    1050000000-304fffffff : dax0.0\n"
				   "      1050000000-304fffffff : System RAM (kmem)\n";
	struct resource *root = parse_str(text), *p = root->child, *dax;

	(void)state;
	assert_int_equal(p->flags, MEM | BUSY); /* do_mark_busy: below 1 MiB */
	assert_int_equal(p->desc, IORES_DESC_RESERVED);
	p = p->sibling;
	assert_int_equal(p->flags, RAM | BUSY);
	p = p->sibling;
	assert_int_equal(p->flags, MEM | BUSY);
	assert_int_equal(p->desc, IORES_DESC_SOFT_RESERVED);
	p = p->sibling;
	assert_int_equal(p->flags, MEM);
	assert_int_equal(p->desc, IORES_DESC_RESERVED);
	p = p->sibling;
	assert_int_equal(p->flags, MEM);
	assert_int_equal(p->desc, IORES_DESC_PERSISTENT_MEMORY_LEGACY);
	p = p->sibling;
	assert_int_equal(p->flags, MEM);
	assert_int_equal(p->desc, IORES_DESC_CXL);
	assert_int_equal(p->child->flags, MEM | BUSY);
	dax = p->child->child;
	assert_int_equal(dax->flags, RAM); /* dax/kmem made it System RAM, not busy */
	assert_int_equal(dax->child->flags, RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED | BUSY);
	mr_iomem_free(root);
}

/* --------------------------------------------------------- print errors */

static void test_print_error(void **state)
{
	struct resource *root = parse_str("00001000-00001fff : a\n");
	FILE *ro = fopen("/dev/null", "r");
	int ret;

	(void)state;
	assert_non_null(ro);
	ret = mr_iomem_print(root, ro);
	if (ret == 0)
		ret = fflush(ro) ? -errno : 0;
	assert_true(ret < 0);
	fclose(ro);
	assert_int_equal(mr_iomem_print(NULL, stdout), -EINVAL);
	mr_iomem_free(root);
}

/* ------------------------------------------------------ allocation faults */

/* Every allocation of the parser may fail: ENOMEM, nothing leaked, or a good tree. */
static void test_parse_out_of_memory(void **state)
{
	size_t len, olen;
	char *text = mr_test_read_file(MR_TEST_DATA "/iomem/host.iomem", &len), *out;
	struct resource *root;
	bool injected;
	long n, survived = 0;

	(void)state;
	mr_test_alloc_install();
	for (n = 1;; n++) {
		mr_test_alloc_fail((unsigned long)n, false);
		root = mr_iomem_parse(text, len, ALL);
		injected = mr_test_alloc.calls >= (unsigned long)n;
		mr_test_alloc_stop();
		if (!root) {
			assert_true(injected);
			assert_int_equal(errno, ENOMEM);
			continue;
		}
		out = print_tree(root, &olen);
		assert_int_equal(olen, len);
		assert_memory_equal(out, text, len);
		free(out);
		assert_int_equal(mr__resource_check(root), 0);
		mr_iomem_free(root);
		if (!injected)
			break;
		survived++;
	}
	/* A failure to grow a child index is survived: lookups walk the list. */
	assert_true(survived > 0);
	assert_int_equal(mr_test_alloc.live, 0);
	assert_int_equal(mr_replace_allocator(malloc, realloc, calloc, free), 0);
	free(text);
}

/* CRLF text: the CR is not part of the name, so "System RAM" is still RAM. */
static void test_crlf(void **state)
{
	static const char lf[] = "00000000-00000fff : Reserved\n"
				 "00001000-7fffffff : System RAM\n"
				 "  01000000-01ffffff : Kernel code\n"
				 "80000000-8fffffff : PCI Bus 0000:00\n";
	static const char crlf[] = "00000000-00000fff : Reserved\r\n"
				   "00001000-7fffffff : System RAM\r\n"
				   "  01000000-01ffffff : Kernel code\r\n"
				   "80000000-8fffffff : PCI Bus 0000:00\r\n";
	struct resource *a = mr_iomem_parse(lf, sizeof(lf) - 1, ALL);
	struct resource *b = mr_iomem_parse(crlf, sizeof(crlf) - 1, ALL);
	struct resource *p, *q;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	for (p = a->child, q = b->child; p && q; p = p->sibling, q = q->sibling) {
		assert_string_equal(p->name, q->name);
		assert_int_equal(p->flags, q->flags);
		assert_int_equal(p->desc, q->desc);
	}
	assert_null(p);
	assert_null(q);
	assert_string_equal(b->child->sibling->child->name, "Kernel code");
	assert_int_equal(
		mr_region_intersects(b, 0x100000, 0x1000, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
		REGION_INTERSECTS);
	mr_iomem_free(a);
	mr_iomem_free(b);
	/* Converted twice (CR CR LF): still no CR in a name (fuzz_iomem found it). */
	b = mr_iomem_parse("00000000-00000fff : PC\r\r\n", 25, ALL);
	assert_non_null(b);
	assert_string_equal(b->child->name, "PC");
	mr_iomem_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_files),
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_ioports),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_depth_cap_deeper_text),
		cmocka_unit_test(test_empty_and_unterminated),
		cmocka_unit_test(test_blank_lines_around),
		cmocka_unit_test(test_only_blank_lines),
		cmocka_unit_test(test_blank_lines_keep_line_numbers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_single_zero_line),
		cmocka_unit_test(test_flags_for_name),
		cmocka_unit_test(test_parse_flags),
		cmocka_unit_test(test_print_error),
		cmocka_unit_test(test_parse_out_of_memory),
		cmocka_unit_test(test_crlf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
