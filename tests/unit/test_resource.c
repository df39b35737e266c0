// SPDX-License-Identifier: MIT
/*
 * The resource tree: changing it, claiming busy regions, and the queries,
 * checked against tables, against what a real kernel answered
 * (tests/data/kernel-answers/pc-1g.truth), and against straightforward
 * reimplementations of the kernel's own loops on random trees.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernel_loops.h"
#include "mr_resource.h"
#include "mr_test.h"
#include "test_file.h"

#define ALL  ((resource_size_t)~0ULL)
#define MEM  IORESOURCE_MEM
#define BUSY IORESOURCE_BUSY
#define RAM  IORESOURCE_SYSTEM_RAM

static struct resource *parse_str(const char *text)
{
	struct resource *root = mr_iomem_parse(text, strlen(text), ALL);

	if (!root)
		fail_msg("parse failed: %s", mr_errmsg());
	return root;
}

static struct resource *parse_data(const char *name)
{
	char path[512];
	struct resource *root;
	size_t len;
	char *text;

	snprintf(path, sizeof(path), "%s/iomem/%s", MR_TEST_DATA, name);
	text = mr_test_read_file(path, &len);
	root = mr_iomem_parse(text, len, ALL);
	if (!root)
		fail_msg("%s: %s", path, mr_errmsg());
	free(text);
	return root;
}

static struct resource *find_name(struct resource *root, const char *name)
{
	struct resource *p = root->child;

	while (p) {
		if (p->name && strcmp(p->name, name) == 0)
			return p;
		if (p->child) {
			p = p->child;
			continue;
		}
		while (p && !p->sibling)
			p = p->parent == root ? NULL : p->parent;
		if (p)
			p = p->sibling;
	}
	return NULL;
}

/* ------------------------------------------------------------- log hook */

static char logged[4096];
static int nlogged;

static void capture_log(int level, const char *msg, void *arg)
{
	(void)arg;
	if (level <= MR_LOG_WARNING) {
		snprintf(logged, sizeof(logged), "%s", msg);
		nlogged++;
	}
}

static void quiet_log(int level, const char *msg, void *arg)
{
	(void)level;
	(void)msg;
	(void)arg;
}

/* ------------------------------------------------------ changing the tree */

#define RES(s, e, n, f)                                             \
	{                                                           \
		.start = (s), .end = (e), .name = (n), .flags = (f) \
	}

static void test_request_resource(void **state)
{
	struct resource root = RES(0, 0xffff, "root", MEM);
	struct resource a = RES(0x1000, 0x1fff, "a", MEM);
	struct resource b = RES(0x1800, 0x2fff, "b", MEM);
	struct resource c = RES(0x10000, 0x10fff, "c", MEM);
	struct resource d = RES(0x0, 0xfff, "d", MEM);
	struct resource bad = RES(0x2000, 0x1000, "bad", MEM);
	struct resource edge = RES(0xf000, 0x10000, "edge", MEM);

	(void)state;
	assert_int_equal(request_resource(&root, &a), 0);
	assert_ptr_equal(a.parent, &root);
	assert_ptr_equal(request_resource_conflict(&root, &b), &a);
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "'a'"));
	assert_int_equal(request_resource(&root, &b), -EBUSY);
	assert_ptr_equal(request_resource_conflict(&root, &c), &root);
	assert_ptr_equal(request_resource_conflict(&root, &edge), &root);
	assert_int_equal(request_resource(&root, &bad), -EINVAL);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(request_resource(NULL, &a), -EINVAL);
	assert_int_equal(request_resource(&root, &d), 0);
	assert_ptr_equal(root.child, &d);
	assert_ptr_equal(d.sibling, &a);
	assert_int_equal(mr__resource_check(&root), 0);

	assert_int_equal(release_resource(&d), 0);
	assert_null(d.parent);
	assert_ptr_equal(root.child, &a);
	assert_int_equal(release_resource(&d), -EINVAL);
	assert_int_equal(release_resource(&a), 0);
	assert_null(root.child);
	assert_null(root.mr_priv);
}

static void test_insert_resource(void **state)
{
	struct resource root = RES(0, 0xffff, "root", MEM);
	struct resource a = RES(0x1000, 0x1fff, "a", MEM);
	struct resource b = RES(0x3000, 0x3fff, "b", MEM);
	struct resource c = RES(0x5000, 0x5fff, "c", MEM);
	struct resource w = RES(0x0000, 0x3fff, "w", MEM);
	struct resource x = RES(0x1000, 0x1fff, "x", MEM);
	struct resource y = RES(0x3800, 0x5fff, "y", MEM);
	struct resource z = RES(0x5000, 0x5fff, "z", MEM);
	struct resource deep = RES(0x1100, 0x11ff, "deep", MEM);
	struct resource part = RES(0x0800, 0x17ff, "part", MEM);
	struct resource bad = RES(0x2, 0x1, "bad", MEM);

	(void)state;
	assert_int_equal(request_resource(&root, &a), 0);
	assert_int_equal(request_resource(&root, &b), 0);
	assert_int_equal(request_resource(&root, &c), 0);

	/* w covers a and b entirely: it adopts them. */
	assert_int_equal(insert_resource(&root, &w), 0);
	assert_ptr_equal(root.child, &w);
	assert_ptr_equal(w.sibling, &c);
	assert_ptr_equal(w.child, &a);
	assert_ptr_equal(a.sibling, &b);
	assert_null(b.sibling);
	assert_ptr_equal(a.parent, &w);
	assert_ptr_equal(b.parent, &w);

	/* The same range as a: it goes down to a's level and becomes its parent. */
	assert_int_equal(insert_resource(&root, &x), 0);
	assert_ptr_equal(x.parent, &w);
	assert_ptr_equal(x.child, &a);
	assert_ptr_equal(a.parent, &x);

	/* As deep as it fits. */
	assert_int_equal(insert_resource(&root, &deep), 0);
	assert_ptr_equal(deep.parent, &a);

	/* Partial overlaps are unfixable. */
	assert_ptr_equal(insert_resource_conflict(&root, &y), &w);
	assert_int_equal(insert_resource(&root, &y), -EBUSY);
	assert_ptr_equal(insert_resource_conflict(&root, &part), &x);
	assert_int_equal(insert_resource(&root, &bad), -EINVAL);
	assert_int_equal(insert_resource(&root, &c), -EBUSY); /* already there */
	assert_ptr_equal(insert_resource_conflict(&root, &c), &c);
	assert_ptr_equal(request_resource_conflict(&w, &c), &c); /* in a tree elsewhere */
	assert_non_null(strstr(mr_errmsg(), "already in a resource tree"));

	assert_int_equal(insert_resource(&root, &z), 0);
	assert_ptr_equal(z.child, &c);
	assert_int_equal(mr__resource_check(&root), 0);

	/* remove_resource(): the children take w's place. */
	assert_int_equal(remove_resource(&w), 0);
	assert_null(w.parent);
	assert_null(w.child);
	assert_ptr_equal(root.child, &x);
	assert_ptr_equal(x.sibling, &b);
	assert_ptr_equal(b.sibling, &z);
	assert_ptr_equal(x.parent, &root);
	assert_ptr_equal(b.parent, &root);
	assert_int_equal(mr__resource_check(&root), 0);
	assert_int_equal(remove_resource(&w), -EINVAL);

	/* release_resource(): the children go with it. */
	assert_int_equal(release_resource(&x), 0);
	assert_ptr_equal(root.child, &b);
	assert_ptr_equal(x.child, &a);
	assert_ptr_equal(a.child, &deep);
	assert_int_equal(mr__resource_check(&root), 0);
	assert_int_equal(release_resource(&b), 0);
	assert_int_equal(remove_resource(&z), 0);
	assert_ptr_equal(root.child, &c);
	assert_int_equal(release_resource(&c), 0);
	assert_null(root.child);
}

/* Adoption and removal in a parent with an index, and the index of the adopter. */
static void test_insert_indexed(void **state)
{
	struct resource root = RES(0, 0xfffff, "root", MEM);
	struct resource kids[100], big = RES(0x10000, 0x1ffff, "big", MEM);
	int i;

	(void)state;
	memset(kids, 0, sizeof(kids));
	/* Inserted last first: every insertion goes to the front of the list. */
	for (i = 99; i >= 0; i--) {
		kids[i].start = (resource_size_t)i * 0x1000;
		kids[i].end = kids[i].start + 0x7ff;
		kids[i].name = "kid";
		kids[i].flags = MEM;
		assert_int_equal(request_resource(&root, &kids[i]), 0);
	}
	assert_true(mr__resource_indexed(&root));
	assert_int_equal(mr__resource_check(&root), 0);

	assert_int_equal(insert_resource(&root, &big), 0);
	assert_ptr_equal(big.child, &kids[16]);
	assert_true(mr__resource_indexed(&big));
	assert_int_equal(mr__resource_check(&root), 0);
	assert_int_equal(mr_region_intersects(&root, 0x18000, 0x10, MEM, IORES_DESC_NONE),
			 REGION_INTERSECTS);

	assert_int_equal(remove_resource(&big), 0);
	assert_false(mr__resource_indexed(&big));
	assert_null(big.mr_priv);
	assert_int_equal(mr__resource_check(&root), 0);
	for (i = 0; i < 100; i += 2)
		assert_int_equal(release_resource(&kids[i]), 0);
	assert_int_equal(mr__resource_check(&root), 0);
	for (i = 1; i < 100; i += 2)
		assert_int_equal(release_resource(&kids[i]), 0);
	/* The index went away with the children: nothing is left to leak. */
	assert_null(root.mr_priv);
	assert_null(root.child);
}

/* A copy of a parsed resource keeps its ->mr_priv: it must not be taken for the original. */
static void test_struct_copy(void **state)
{
	struct resource *tree = parse_str("00001000-00001fff : a\n");
	struct resource root = RES(0, 0xffffff, "root", MEM), copy = *tree->child;
	struct resource kids[10];
	int i;

	(void)state;
	copy.parent = copy.sibling = copy.child = NULL;
	copy.end = 0xfffff;
	assert_int_equal(request_resource(&root, &copy), 0);
	memset(kids, 0, sizeof(kids));
	for (i = 0; i < 10; i++) {
		kids[i].start = 0x1000 + (resource_size_t)i * 0x100;
		kids[i].end = kids[i].start + 0xff;
		assert_int_equal(request_resource(&copy, &kids[i]), 0);
	}
	assert_true(mr__resource_indexed(&copy));
	assert_false(mr__resource_indexed(tree->child));
	assert_int_equal(mr__resource_check(&root), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(release_resource(&kids[i]), 0);
	assert_int_equal(release_resource(&copy), 0);
	mr_iomem_free(tree);
}

/* -------------------------------------------------------- busy regions */

static void test_request_region(void **state)
{
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem"), *r, *r2, *bar, *rsv;

	(void)state;
	/* Inside a PCI bus window: busy, with the window's type. */
	r = __request_region(root, 0xfe000000, 0x1000, "fb0", 0);
	assert_non_null(r);
	assert_string_equal(r->parent->name, "PCI Bus 0000:00");
	assert_int_equal(r->flags, MEM | BUSY);
	assert_null(__request_region(root, 0xfe000000, 0x1000, "fb1", 0));
	assert_int_equal(errno, EBUSY);
	assert_string_equal(mr_errmsg(), "[mem 0xfe000000-0xfe000fff] conflicts with busy 'fb0' "
					 "[mem 0xfe000000-0xfe000fff]");
	assert_null(__request_region(root, 0xfe000800, 0x10, "inside", 0));
	assert_int_equal(errno, EBUSY);

	/* Inside a BAR, two non-busy levels down. */
	bar = find_name(root, "0000:00:02.0");
	r = __request_region(root, 0xfc000000, 0x1000000, "bochs-drm", IORESOURCE_EXCLUSIVE);
	assert_non_null(r);
	assert_ptr_equal(r->parent, bar);
	assert_int_equal(r->flags, MEM | BUSY | IORESOURCE_EXCLUSIVE);
	assert_string_equal(r->name, "bochs-drm");

	/* Inside a Reserved carve-out: not busy above 1 MiB; takes its desc. */
	rsv = find_name(root, "Persistent Memory (legacy)");
	r = __request_region(root, 0x38000000, 0x1000, "pmem0", 0);
	assert_non_null(r);
	assert_ptr_equal(r->parent, rsv);
	assert_int_equal(r->desc, IORES_DESC_PERSISTENT_MEMORY_LEGACY);
	r2 = __request_region(root, 0x30001000, 0x1000, "carveout", 0);
	assert_non_null(r2);
	assert_int_equal(r2->desc, IORES_DESC_RESERVED);

	/* System RAM is busy. */
	assert_null(__request_region(root, 0x100000, 0x1000, "ram", 0));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "'System RAM'"));
	/* So is the Reserved page at 0 (below 1 MiB). */
	assert_null(__request_region(root, 0x0, 0x100, "low", 0));
	assert_int_equal(errno, EBUSY);
	/* Across the end of a non-busy resource into busy RAM. */
	assert_null(__request_region(root, 0x3bfff000, 0x2000, "across", 0));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "not inside 'Persistent Memory (legacy)'"));

	/* In a hole: under the root, with the root's type. */
	r = __request_region(root, 0xfef00000, 0x1000, "hole", 0);
	assert_non_null(r);
	assert_ptr_equal(r->parent, root);
	assert_int_equal(r->flags, MEM | BUSY);

	/* Bad arguments. */
	assert_null(__request_region(root, 0x1000, 0, "empty", 0));
	assert_int_equal(errno, EINVAL);
	assert_null(__request_region(root, ALL, 2, "wrap", 0));
	assert_int_equal(errno, EINVAL);
	assert_null(__request_region(NULL, 0x1000, 1, "orphan", 0));
	assert_int_equal(errno, EINVAL);
	r = __request_region(root, 0xfef01000, 0x10, NULL, 0);
	assert_non_null(r);
	assert_null(r->name);

	assert_int_equal(mr__resource_check(root), 0);
	/* mr_iomem_free() frees the claims too (the ASan build checks). */
	mr_iomem_free(root);
}

static void test_release_region(void **state)
{
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem"), *r;
	mr_log_fn old = mr_set_log(capture_log, NULL);

	(void)state;
	r = __request_region(root, 0xfc001000, 0x1000, "bochs-drm", 0);
	assert_non_null(r);
	assert_non_null(__request_region(root, 0xfe000000, 0x1000, "fb0", 0));

	/* Not the exact range: warned about and ignored. */
	nlogged = 0;
	__release_region(root, 0xfe000000, 0x800);
	assert_int_equal(nlogged, 1);
	assert_non_null(
		strstr(logged, "nonexistent resource <0x00000000fe000000-0x00000000fe0007ff>"));
	assert_null(__request_region(root, 0xfe000000, 0x1000, "fb1", 0));
	__release_region(root, 0x5000, 0x1000); /* a hole */
	assert_int_equal(nlogged, 2);
	__release_region(root, 0x100000, 0x1000); /* inside busy RAM */
	assert_int_equal(nlogged, 3);

	/* Exact: found through the non-busy window and BAR. */
	__release_region(root, 0xfc001000, 0x1000);
	__release_region(root, 0xfe000000, 0x1000);
	assert_int_equal(nlogged, 3);
	r = __request_region(root, 0xfe000000, 0x1000, "fb1", 0);
	assert_non_null(r);
	assert_int_equal(mr__resource_check(root), 0);

	/* A busy resource from the text goes too, with its children. */
	__release_region(root, 0x100000, 0x2ff00000);
	assert_int_equal(nlogged, 3);
	assert_int_equal(mr_region_intersects(root, 0x1000000, 0x1000, RAM, IORES_DESC_NONE),
			 REGION_DISJOINT);
	assert_null(find_name(root, "Kernel code"));
	assert_int_equal(mr__resource_check(root), 0);

	mr_set_log(old, NULL);
	mr_iomem_free(root);
}

static void test_request_region_enomem(void **state)
{
	struct resource *root = parse_str("00001000-00001fff : Reserved\n");

	(void)state;
	mr_test_alloc_install();
	mr_test_alloc_fail(1, false);
	assert_null(__request_region(root, 0x1000, 0x10, "x", 0));
	assert_int_equal(errno, ENOMEM);
	mr_test_alloc_stop();
	assert_int_equal(mr_replace_allocator(malloc, realloc, calloc, free), 0);
	assert_null(root->child->child);
	mr_iomem_free(root);
}

/* Without memory for an index, lookups walk the list and stay right. */
static void test_index_without_memory(void **state)
{
	struct resource root = RES(0, 0xfffff, "root", MEM), kids[40];
	int i;

	(void)state;
	memset(kids, 0, sizeof(kids));
	mr_test_alloc_install();
	mr_test_alloc.realloc_fails = true;
	for (i = 0; i < 40; i++) {
		kids[i].start = (resource_size_t)(39 - i) * 0x1000;
		kids[i].end = kids[i].start + 0xfff;
		kids[i].flags = i % 2 ? RAM : MEM;
		assert_int_equal(request_resource(&root, &kids[i]), 0);
	}
	mr_test_alloc.realloc_fails = false;
	assert_int_equal(mr_replace_allocator(malloc, realloc, calloc, free), 0);
	assert_false(mr__resource_indexed(&root));
	assert_int_equal(mr__resource_check(&root), 0);
	assert_int_equal(mr_region_intersects(&root, 0x0, 0x1000, RAM, 0), REGION_INTERSECTS);
	assert_int_equal(mr_region_intersects(&root, 0x0, 0x2000, RAM, 0), REGION_MIXED);
	for (i = 0; i < 40; i++)
		assert_int_equal(release_resource(&kids[i]), 0);
	assert_null(root.mr_priv);
}

struct muxed_arg {
	struct resource *root;
	struct resource *got;
	int err;
	volatile int done;
};

static void *muxed_thread(void *p)
{
	struct muxed_arg *a = p;

	a->got = __request_region(a->root, 0x2e, 2, "second", IORESOURCE_MUXED);
	a->err = errno;
	a->done = 1;
	return NULL;
}

/* request_muxed_region() waits for the holder, as the kernel's sleeps. */
static void test_muxed(void **state)
{
	struct resource *root = mr_iomem_parse("", 0, 0xffff), *first;
	struct muxed_arg a = {.root = root};
	pthread_t t;

	(void)state;
	assert_non_null(root);
	first = __request_region(root, 0x2e, 2, "first", IORESOURCE_MUXED);
	assert_non_null(first);
	/* Without MUXED on the new request, it is a plain conflict. */
	assert_null(__request_region(root, 0x2e, 2, "plain", 0));
	assert_int_equal(errno, EBUSY);

	assert_int_equal(pthread_create(&t, NULL, muxed_thread, &a), 0);
	usleep(50000);
	assert_int_equal(a.done, 0);
	__release_region(root, 0x2e, 2);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_non_null(a.got);
	assert_string_equal(a.got->name, "second");
	mr_iomem_free(root);
}

/* ---------------------------------------------------- region_intersects */

/* Every answer of the real kernel in the QEMU pc-1g guest. */
static void test_region_intersects_truth(void **state)
{
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem");
	unsigned long long off, size, flags, desc;
	size_t len, nri = 0, nmap = 0;
	char path[512], *text, *line, *save;
	int ri, got;

	(void)state;
	snprintf(path, sizeof(path), "%s/kernel-answers/pc-1g.truth", MR_TEST_DATA);
	text = mr_test_read_file(path, &len);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "ri %llx %llx %llx %llx ri=%d", &off, &size, &flags, &desc, &ri) ==
		    5) {
			nri++;
		} else if (sscanf(line, "%llx %llx %llx ri=%d", &off, &size, &flags, &ri) == 4) {
			flags = RAM;
			desc = IORES_DESC_NONE;
			nmap++;
		} else {
			fail_msg("cannot read '%s'", line);
		}
		got = mr_region_intersects(root, off, size, flags, desc);
		if (got != ri)
			fail_msg("%s: got %d", line, got);
	}
	assert_true(nri > 700);
	assert_true(nmap > 3000);
	free(text);
	mr_iomem_free(root);
}

struct ri_case {
	resource_size_t start;
	size_t size;
	unsigned long flags;
	unsigned long desc;
	int want;
};

static void check_ri_table(struct resource *root, const struct ri_case *c, size_t n)
{
	size_t i;
	int got;

	for (i = 0; i < n; i++) {
		got = mr_region_intersects(root, c[i].start, c[i].size, c[i].flags, c[i].desc);
		if (got != c[i].want)
			fail_msg("case %zu: 0x%llx+0x%zx flags %#lx desc %lu: %d, not %d", i,
				 (unsigned long long)c[i].start, c[i].size, c[i].flags, c[i].desc,
				 got, c[i].want);
	}
}

static void test_region_intersects_pc(void **state)
{
	static const struct ri_case cases[] = {
		{0x100000, 0x1000, RAM, 0, REGION_INTERSECTS},	/* RAM only */
		{0x1000000, 0x1000, RAM, 0, REGION_INTERSECTS}, /* RAM with a child */
		{0xfef00000, 0x1000, RAM, 0, REGION_DISJOINT},	/* a hole */
		{0x0, 0x2000, RAM, 0, REGION_MIXED},		/* Reserved and RAM */
		{0x37fff000, 0x2000, RAM, 0, REGION_MIXED},	/* RAM and pmem */
		{0x1000, 0, RAM, 0, REGION_DISJOINT},		/* [0x1000, 0xfff] */
		{0x18080000, 0, RAM, 0, REGION_INTERSECTS},	/* straddles nothing but RAM */
		{0x0, 0, RAM, 0, REGION_MIXED},			/* [0, ~0]: everything */
		{0x0, 0, MEM, 0, REGION_INTERSECTS},		/* everything is MEM */
		{0x0, 1, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
		{ALL, 1, RAM, 0, REGION_DISJOINT},
		{ALL - 0xfff, 0x1000, MEM, 0, REGION_DISJOINT},
		{0xff00000000ULL, 0x100000000ULL, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
		{0x38000000, 0x1000, MEM, IORES_DESC_PERSISTENT_MEMORY_LEGACY, REGION_INTERSECTS},
		{0x37fff000, 0x2000, MEM, IORES_DESC_PERSISTENT_MEMORY_LEGACY, REGION_MIXED},
		{0x30000000, 0x1000, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
		{0x2ffff000, 0x2000, MEM, IORES_DESC_RESERVED, REGION_MIXED},
		{0x100000, 0x1000, MEM, IORES_DESC_RESERVED, REGION_DISJOINT},
		{0xfec00000, 0x400, MEM | BUSY, 0, REGION_INTERSECTS},
		{0xfc000000, 0x1000, MEM | BUSY, 0, REGION_DISJOINT}, /* BARs are not busy */
		{0xfc000000, 0x1000, MEM | IORESOURCE_WINDOW, 0, REGION_INTERSECTS},
	};
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem");

	(void)state;
	check_ri_table(root, cases, MR__ARRAY_SIZE(cases));
	mr_iomem_free(root);
}

static void test_region_intersects_edges(void **state)
{
	static const char text[] = "00000000-00000fff : System RAM\n"
				   "00001000-00001fff : System RAM\n"
				   "00004000-00004fff : Reserved\n"
				   "fffffffffffff000-ffffffffffffffff : System RAM\n";
	static const struct ri_case cases[] = {
		{0x0, 1, RAM, 0, REGION_INTERSECTS},
		{0x0, 0x3000, RAM, 0, REGION_INTERSECTS}, /* RAM and a hole */
		{0x0, 0x5000, RAM, 0, REGION_MIXED},
		{0x2000, 0x2000, RAM, 0, REGION_DISJOINT},
		{0x2000, 0x2000, MEM, IORES_DESC_NONE, REGION_DISJOINT},
		{0x2000, 0x3000, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
		{ALL, 1, RAM, 0, REGION_INTERSECTS},
		{ALL - 0xfff, 0x1000, RAM, 0, REGION_INTERSECTS},
		{ALL - 0x1fff, 0x2000, RAM, 0, REGION_INTERSECTS},
		{ALL, 2, RAM, 0, REGION_DISJOINT},     /* wraps: [~0, 0] is empty */
		{ALL, 0, RAM, 0, REGION_INTERSECTS},   /* [~0, ~0 - 1]: the top RAM straddles it */
		{0x1000, 0, RAM, 0, REGION_DISJOINT},  /* between two resources */
		{0x800, 0, RAM, 0, REGION_INTERSECTS}, /* straddled by one */
		{0x4800, 0, RAM, 0, REGION_DISJOINT},
		{0x4800, 0, MEM, IORES_DESC_RESERVED, REGION_INTERSECTS},
		{0x0, 0, RAM, 0, REGION_MIXED},
		{0x0, 0x2000, 0, IORES_DESC_NONE, REGION_INTERSECTS},
	};
	struct resource *root = parse_str(text);

	(void)state;
	check_ri_table(root, cases, MR__ARRAY_SIZE(cases));
	mr_iomem_free(root);
}

/* Current upstream: System RAM below a CXL window counts, and the window only where it shows. */
static void test_region_intersects_cxl(void **state)
{
	static const char text[] = "00000000-0fffffff : System RAM\n"
				   "100000000-1ffffffff : CXL Window 0\n"
				   "  100000000-17fffffff : region0\n"
				   "    100000000-17fffffff : dax0.0\n"
				   "      100000000-17fffffff : System RAM (kmem)\n"
				   "200000000-2ffffffff : CXL Window 1\n"
				   "  280000000-2ffffffff : dax1.0\n"
				   "    280000000-2ffffffff : System RAM (kmem)\n"
				   "300000000-3ffffffff : CXL Window 2\n"
				   "  300000000-33fffffff : dax2.0\n"
				   "    300000000-33fffffff : System RAM (kmem)\n"
				   "  340000000-37fffffff : dax2.1\n"
				   "    340000000-37fffffff : System RAM (kmem)\n";
	static const struct ri_case cases[] = {
		{0x100000000, 0x1000, RAM, 0, REGION_INTERSECTS},     /* covered */
		{0x100000000, 0x80000000, RAM, 0, REGION_INTERSECTS}, /* covered exactly */
		{0x17ffff000, 0x2000, RAM, 0, REGION_MIXED},	      /* gap after */
		{0x180000000, 0x1000, RAM, 0, REGION_DISJOINT},	      /* only the window */
		{0x0fffff000, 0x2000, RAM, 0, REGION_INTERSECTS},     /* RAM, hole, RAM */
		{0x0fffff000, 0x100002000, RAM, 0, REGION_MIXED},
		{0x27ffff000, 0x2000, RAM, 0, REGION_MIXED}, /* gap before */
		{0x280000000, 0x1000, RAM, 0, REGION_INTERSECTS},
		{0x33ffff000, 0x2000, RAM, 0, REGION_INTERSECTS}, /* two children, no gap */
		{0x300000000, 0x80000000, RAM, 0, REGION_INTERSECTS},
		{0x300000000, 0x80001000, RAM, 0, REGION_MIXED},
		{0x100000000, 0x1000, MEM, IORES_DESC_CXL, REGION_INTERSECTS},
		{0x100000000, 0x1000, RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED, 0, REGION_INTERSECTS},
		{0x0, 0x1000, RAM | IORESOURCE_SYSRAM_DRIVER_MANAGED, 0, REGION_DISJOINT},
		{0x100000000, 0, RAM, 0, REGION_DISJOINT}, /* straddles only the window */
		{0x100000800, 0, RAM, 0, REGION_INTERSECTS},
	};
	struct resource *root = parse_str(text);

	(void)state;
	check_ri_table(root, cases, MR__ARRAY_SIZE(cases));
	mr_iomem_free(root);
}

/* ------------------------------------------------ the kernel's own loops */

static struct resource *ref_find_next(struct resource *root, resource_size_t start,
				      resource_size_t end, unsigned long flags, unsigned long desc)
{
	struct resource *p;

	for (p = root->child; p; p = ref_next(p, false, root)) {
		if (p->start > end)
			return NULL;
		if (p->end < start)
			continue;
		if (ref_match(p, flags, desc))
			return p;
	}
	return NULL;
}

struct walk_log {
	resource_size_t v[4096][2];
	unsigned long f[4096];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int log_walk(struct resource *r, void *arg)
{
	struct walk_log *w = arg;

	assert_true(w->n < 4096);
	assert_null(r->name);
	w->v[w->n][0] = r->start;
	w->v[w->n][1] = r->end;
	w->f[w->n] = r->flags;
	w->n++;
	return w->stop_after && w->n >= w->stop_after ? 7 : 0;
}

static int ref_walk(struct resource *root, unsigned long desc, unsigned long flags,
		    resource_size_t start, resource_size_t end, struct walk_log *w)
{
	struct resource res, *p;
	int ret = -EINVAL;

	while (start < end && (p = ref_find_next(root, start, end, flags, desc))) {
		res = (struct resource){.start = p->start > start ? p->start : start,
					.end = p->end < end ? p->end : end,
					.flags = p->flags,
					.desc = p->desc};
		ret = log_walk(&res, w);
		/* Ours stops where the kernel's would wrap around to 0. */
		if (ret || res.end >= end)
			break;
		start = res.end + 1;
	}
	return ret;
}

static bool ref_exclusive(struct resource *root, resource_size_t addr, bool strict)
{
	resource_size_t start = addr & ~(resource_size_t)0xfff, end = start + 0xfff;
	bool skip = false;
	struct resource *p;

	for (p = root->child; p; p = ref_next(p, skip, root)) {
		if (p->start > end)
			break;
		if (p->end < start) {
			skip = true;
			continue;
		}
		skip = false;
		if ((p->flags & (RAM | IORESOURCE_EXCLUSIVE)) == (RAM | IORESOURCE_EXCLUSIVE))
			return true;
		if (!strict || !(p->flags & BUSY))
			continue;
		return true;
	}
	return false;
}

static struct resource *ref_holding(struct resource *root, resource_size_t s, resource_size_t e)
{
	struct resource *p = root, *c;

	if (s > e || s < root->start || e > root->end)
		return NULL;
again:
	for (c = p->child; c; c = c->sibling) {
		if (c->start <= s && c->end >= e) {
			p = c;
			goto again;
		}
	}
	return p;
}

/* --------------------------------------------------------- random trees */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

struct kind {
	unsigned long flags;
	unsigned long desc;
};

static const struct kind kinds[] = {
	{MEM, IORES_DESC_NONE},	       /* a window or a BAR */
	{RAM | BUSY, IORES_DESC_NONE}, /* System RAM */
	{MEM, IORES_DESC_RESERVED},    /* Reserved */
	{RAM, IORES_DESC_NONE},	       /* a dax region given to kmem */
	{MEM | BUSY, IORES_DESC_NONE}, /* a driver */
	{MEM, IORES_DESC_CXL},	       /* a CXL window */
	{RAM | IORESOURCE_EXCLUSIVE, IORES_DESC_NONE},
	{MEM | BUSY, IORES_DESC_PERSISTENT_MEMORY},
};

static const struct kind queries[] = {
	{RAM, IORES_DESC_NONE},	       {MEM, IORES_DESC_RESERVED},
	{MEM, IORES_DESC_NONE},	       {MEM | BUSY, IORES_DESC_NONE},
	{MEM, IORES_DESC_CXL},	       {0, IORES_DESC_NONE},
	{RAM | BUSY, IORES_DESC_NONE}, {MEM, IORES_DESC_PERSISTENT_MEMORY},
};

#define SPACE_BITS 32
#define NUSER	   6000

/* A range: mostly aligned to its power-of-two size, so that ranges nest. */
static void rnd_range(resource_size_t *s, resource_size_t *e)
{
	unsigned int bits = 4 + (unsigned int)rnd_below(SPACE_BITS - 8);
	resource_size_t size = (resource_size_t)1 << bits;

	if (rnd_below(5) == 0) {
		*s = rnd_below(1ULL << SPACE_BITS);
		size = 1 + rnd_below(size);
	} else {
		*s = rnd_below(1ULL << SPACE_BITS) & ~(size - 1);
		if (rnd_below(3) == 0) {
			size >>= 1;
			*s += rnd_below(2) * size;
		}
	}
	*e = *s + size - 1;
}

struct rtree {
	struct resource *root;
	struct resource *user; /* NUSER resources the test owns */
	size_t nuser;
	resource_size_t claims[NUSER][2];
	size_t nclaims;
};

static void rtree_step(struct rtree *t)
{
	const struct kind *k = &kinds[rnd_below(MR__ARRAY_SIZE(kinds))];
	struct resource *r;
	resource_size_t s, e;
	size_t i;

	switch (rnd_below(10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		if (t->nuser == NUSER)
			break;
		r = &t->user[t->nuser++];
		rnd_range(&r->start, &r->end);
		r->name = "user";
		r->flags = k->flags;
		r->desc = k->desc;
		if (rnd_below(4))
			insert_resource(t->root, r);
		else
			request_resource(t->root, r);
		break;
	case 4:
	case 5:
	case 6:
		rnd_range(&s, &e);
		if (__request_region(t->root, s, e - s + 1, "claim", 0) && t->nclaims < NUSER) {
			t->claims[t->nclaims][0] = s;
			t->claims[t->nclaims++][1] = e;
		}
		break;
	case 7:
		if (t->nclaims) {
			i = rnd_below(t->nclaims);
			__release_region(t->root, t->claims[i][0],
					 t->claims[i][1] - t->claims[i][0] + 1);
			t->claims[i][0] = t->claims[--t->nclaims][0];
			t->claims[i][1] = t->claims[t->nclaims][1];
		}
		break;
	case 8:
		if (t->nuser) {
			r = &t->user[rnd_below(t->nuser)];
			if (r->parent)
				remove_resource(r);
		}
		break;
	default:
		if (t->nuser && rnd_below(3) == 0) {
			r = &t->user[rnd_below(t->nuser)];
			if (r->parent) {
				release_resource(r);
				mr_iomem_free(r); /* its claims with it */
			}
		}
		break;
	}
}

static void rtree_build(struct rtree *t, size_t steps)
{
	size_t i;

	t->root = mr_iomem_parse("", 0, ALL);
	assert_non_null(t->root);
	t->user = calloc(NUSER, sizeof(*t->user));
	assert_non_null(t->user);
	for (i = 0; i < steps; i++) {
		rtree_step(t);
		if (i % 500 == 0 && mr__resource_check(t->root))
			fail_msg("step %zu: %s", i, mr_errmsg());
	}
	if (mr__resource_check(t->root))
		fail_msg("%s", mr_errmsg());
}

static void rtree_free(struct rtree *t)
{
	mr_iomem_free(t->root);
	free(t->user);
}

static void rtree_stats(struct resource *root, size_t *count, size_t *depth, size_t *indexed)
{
	struct resource *p = root->child;
	size_t d = 1;

	*count = *depth = *indexed = 0;
	while (p) {
		(*count)++;
		*depth = d > *depth ? d : *depth;
		*indexed += mr__resource_indexed(p);
		if (p->child) {
			p = p->child;
			d++;
			continue;
		}
		while (p && !p->sibling) {
			p = p->parent == root ? NULL : p->parent;
			d--;
		}
		if (p)
			p = p->sibling;
	}
}

static void rnd_query(resource_size_t *s, size_t *size)
{
	resource_size_t e;

	switch (rnd_below(8)) {
	case 0:
		*s = rnd_below(1ULL << SPACE_BITS);
		*size = 0;
		break;
	case 1:
		*s = ALL - rnd_below(0x10000);
		*size = (size_t)rnd_below(0x20000);
		break;
	case 2:
		*s = rnd_below(0x10000);
		*size = (size_t)rnd_below(0x20000);
		break;
	default:
		rnd_range(s, &e);
		*s += rnd_below(16) - 8;
		*size = (size_t)(e - *s + 1 + rnd_below(16));
		break;
	}
}

static void test_random_cross_check(void **state)
{
	mr_log_fn old = mr_set_log(quiet_log, NULL);
	struct walk_log *got = malloc(sizeof(*got)), *want = malloc(sizeof(*want));
	size_t i, count, depth, indexed, size;
	const struct kind *q;
	struct rtree t = {0};
	resource_size_t s, e;
	int a, b, round;

	(void)state;
	assert_non_null(got);
	assert_non_null(want);
	for (round = 0; round < 3; round++) {
		rtree_build(&t, 12000);
		rtree_stats(t.root, &count, &depth, &indexed);
		assert_true(count > 2000);
		assert_true(depth >= 4);
		assert_true(indexed > 10);
		for (i = 0; i < 20000; i++) {
			q = &queries[rnd_below(MR__ARRAY_SIZE(queries))];
			rnd_query(&s, &size);
			a = mr_region_intersects(t.root, s, size, q->flags, q->desc);
			b = ref_region_intersects(t.root, s, size, q->flags, q->desc);
			if (a != b)
				fail_msg("0x%llx+0x%zx %#lx/%lu: %d, the kernel's loop %d",
					 (unsigned long long)s, size, q->flags, q->desc, a, b);
			e = s + size - 1;
			if (s <= e) {
				assert_ptr_equal(mr__resource_holding(t.root, s, e),
						 ref_holding(t.root, s, e));
			}
			assert_int_equal(mr_iomem_is_exclusive(t.root, s, i & 1),
					 ref_exclusive(t.root, s, i & 1));
			if (i % 8 == 0 && s <= e) {
				memset(got, 0, sizeof(*got));
				memset(want, 0, sizeof(*want));
				got->stop_after = want->stop_after = i % 3 ? 0 : 3;
				a = mr_walk_iomem_res_desc(t.root, q->desc, q->flags, s, e, got,
							   log_walk);
				b = ref_walk(t.root, q->desc, q->flags, s, e, want);
				assert_int_equal(a, b);
				assert_int_equal(got->n, want->n);
				assert_memory_equal(got->v, want->v, got->n * sizeof(got->v[0]));
				assert_memory_equal(got->f, want->f, got->n * sizeof(got->f[0]));
			}
		}
		rtree_free(&t);
		memset(&t, 0, sizeof(t));
	}
	free(got);
	free(want);
	mr_set_log(old, NULL);
}

/* ---------------------------------------------------- 100,000 resources */

#define BIG 100000

static char *big_text(bool nested)
{
	size_t cap = (size_t)BIG * 64 + 128, n = 0;
	char *text = malloc(cap);
	int i;

	assert_non_null(text);
	if (nested)
		n += (size_t)snprintf(text, cap, "00000000-ffffffffff : PCI Bus 0000:00\n");
	for (i = 0; i < BIG; i++) {
		uint64_t start = (uint64_t)i << 21;

		if (nested)
			n += (size_t)snprintf(text + n, cap - n,
					      "  %08" PRIx64 "-%08" PRIx64 " : 0000:%02x:%02x.%d\n",
					      start, start + 0xfffff, (i >> 8) & 0xff,
					      (i >> 3) & 0x1f, i & 7);
		else
			n += (size_t)snprintf(text + n, cap - n,
					      "%08" PRIx64 "-%08" PRIx64 " : %s\n", start,
					      start + 0xfffff, i % 2 ? "Reserved" : "System RAM");
	}
	return text;
}

static void assert_visits(struct resource *root, resource_size_t s, size_t size,
			  unsigned long flags, int want)
{
	mr__resource_visits = 0;
	assert_int_equal(mr_region_intersects(root, s, size, flags, IORES_DESC_NONE), want);
	if (mr__resource_visits >= 64)
		fail_msg("0x%llx: %lu resources visited", (unsigned long long)s,
			 mr__resource_visits);
}

static void test_big_tree(void **state)
{
	char *text = big_text(false);
	struct resource *root = mr_iomem_parse(text, strlen(text), ALL), *r;
	struct walk_log *w = calloc(1, sizeof(*w));
	resource_size_t mid = (resource_size_t)(BIG / 2) << 21;

	(void)state;
	assert_non_null(root);
	assert_non_null(w);
	assert_true(mr__resource_indexed(root));
	assert_visits(root, mid, 0x1000, RAM, REGION_INTERSECTS);
	assert_visits(root, mid + (1 << 21), 0x1000, RAM, REGION_DISJOINT);
	assert_visits(root, mid + 0xff000, 0x2000, RAM, REGION_INTERSECTS);
	assert_visits(root, mid + 0xff000, 0x102000, RAM, REGION_MIXED);
	assert_visits(root, ((resource_size_t)BIG << 21) + 0x1000, 0x1000, RAM, REGION_DISJOINT);

	mr__resource_visits = 0;
	assert_true(mr_iomem_is_exclusive(root, mid, true));
	assert_false(mr_iomem_is_exclusive(root, mid + (1 << 21), true));
	assert_true(mr__resource_visits < 64);

	mr__resource_visits = 0;
	assert_int_equal(mr_walk_iomem_res_desc(root, IORES_DESC_NONE, RAM, mid, mid + 0x4fffff, w,
						log_walk),
			 0);
	assert_int_equal(w->n, 2);
	assert_true(mr__resource_visits < 64);

	mr__resource_visits = 0;
	r = __request_region(root, mid + (1 << 21) + 0x1000, 0x1000, "claim", 0);
	assert_non_null(r);
	assert_true(mr__resource_visits < 64);
	mr__resource_visits = 0;
	__release_region(root, mid + (1 << 21) + 0x1000, 0x1000);
	assert_true(mr__resource_visits < 64);

	mr_iomem_free(root);
	free(text);
	free(w);
}

/* The same below one bus window: the descendants are searched, not walked. */
static void test_big_tree_nested(void **state)
{
	char *text = big_text(true);
	struct resource *root = mr_iomem_parse(text, strlen(text), ALL), *bar;
	resource_size_t mid = (resource_size_t)(BIG / 2) << 21;

	(void)state;
	assert_non_null(root);
	assert_true(mr__resource_indexed(root->child));
	assert_non_null(__request_region(root, mid, 0x1000, "driver", 0));
	assert_visits(root, mid, 0x1000, MEM | BUSY, REGION_INTERSECTS);
	assert_visits(root, mid + 0x1000, 0x1000, MEM | BUSY, REGION_DISJOINT);
	assert_visits(root, mid, 0x2000, MEM | BUSY, REGION_MIXED);
	assert_visits(root, mid, 0x1000, RAM, REGION_DISJOINT);

	mr__resource_visits = 0;
	bar = mr__resource_holding(root, mid, mid + 0xfff);
	assert_string_equal(bar->name, "driver");
	assert_true(mr__resource_visits < 64);
	mr_iomem_free(root);
	free(text);
}

/* ---------------------------------------------------- walk_iomem_res_desc */

struct walk_case {
	unsigned long desc;
	unsigned long flags;
	resource_size_t start, end;
	size_t stop_after;
	int ret;
	size_t n;
	resource_size_t want[8][2];
};

static const struct walk_case walk_cases[] = {
	{IORES_DESC_NONE,
	 RAM | BUSY,
	 0,
	 ALL,
	 0,
	 0,
	 4,
	 {{0x1000, 0x9fbff},
	  {0x100000, 0x2fffffff},
	  {0x34000000, 0x37ffffff},
	  {0x3c000000, 0x3ffdffff}}},
	{IORES_DESC_NONE,
	 RAM | BUSY,
	 0x2000,
	 0x100fff,
	 0,
	 0,
	 2,
	 {{0x2000, 0x9fbff}, {0x100000, 0x100fff}}},
	{IORES_DESC_RESERVED,
	 MEM,
	 0x9f000,
	 0x30000fff,
	 0,
	 0,
	 3,
	 {{0x9fc00, 0x9ffff}, {0xf0000, 0xfffff}, {0x30000000, 0x30000fff}}},
	/* Into the non-busy window and BAR, to the driver's claim. */
	{IORES_DESC_NONE,
	 MEM | BUSY,
	 0xfb000000,
	 0xfeffffff,
	 0,
	 0,
	 4,
	 {{0xfc000000, 0xfcffffff},
	  {0xfec00000, 0xfec003ff},
	  {0xfed00000, 0xfed003ff},
	  {0xfee00000, 0xfee00fff}}},
	{IORES_DESC_PERSISTENT_MEMORY_LEGACY, MEM, 0, ALL, 0, 0, 1, {{0x38000000, 0x3bffffff}}},
	/* A callback that says stop. */
	{IORES_DESC_NONE, RAM | BUSY, 0, ALL, 2, 7, 2, {{0x1000, 0x9fbff}, {0x100000, 0x2fffffff}}},
	/* Nothing matches; and, as in the kernel, start == end finds nothing. */
	{IORES_DESC_CRASH_KERNEL, MEM, 0, ALL, 0, -EINVAL, 0, {{0}}},
	{IORES_DESC_NONE, RAM | BUSY, 0x100000, 0x100000, 0, -EINVAL, 0, {{0}}},
	{IORES_DESC_NONE, RAM | BUSY, 0x200000, 0x100000, 0, -EINVAL, 0, {{0}}},
};

static void test_walk_iomem_res_desc(void **state)
{
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem");
	struct walk_log *w = malloc(sizeof(*w));
	const struct walk_case *c;
	size_t i, j;
	int ret;

	(void)state;
	assert_non_null(w);
	assert_non_null(__request_region(root, 0xfc000000, 0x1000000, "bochs-drm", 0));
	for (i = 0; i < MR__ARRAY_SIZE(walk_cases); i++) {
		c = &walk_cases[i];
		memset(w, 0, sizeof(*w));
		w->stop_after = c->stop_after;
		ret = mr_walk_iomem_res_desc(root, c->desc, c->flags, c->start, c->end, w,
					     log_walk);
		if (ret != c->ret || w->n != c->n)
			fail_msg("case %zu: ret %d n %zu, not %d %zu", i, ret, w->n, c->ret, c->n);
		for (j = 0; j < c->n && j < 8 && c->want[j][1]; j++) {
			if (w->v[j][0] != c->want[j][0] || w->v[j][1] != c->want[j][1])
				fail_msg("case %zu, call %zu: 0x%llx-0x%llx", i, j,
					 (unsigned long long)w->v[j][0],
					 (unsigned long long)w->v[j][1]);
		}
	}
	assert_int_equal(mr_walk_iomem_res_desc(root, 0, 0, 0, 1, NULL, NULL), -EINVAL);
	free(w);
	mr_iomem_free(root);
}

/* A resource that ends at the top of the address space must not start the walk over. */
static void test_walk_top(void **state)
{
	struct resource *root = parse_str("fffffffffffff000-ffffffffffffffff : System RAM\n");
	struct walk_log *w = calloc(1, sizeof(*w));

	(void)state;
	assert_non_null(w);
	assert_int_equal(mr_walk_iomem_res_desc(root, IORES_DESC_NONE, RAM, 0, ALL, w, log_walk),
			 0);
	assert_int_equal(w->n, 1);
	assert_int_equal(w->v[0][1], ALL);
	free(w);
	mr_iomem_free(root);
}

/* ---------------------------------------------------- iomem_is_exclusive */

struct excl_case {
	uint64_t addr;
	bool strict;
	bool relaxed;
};

static void test_iomem_is_exclusive(void **state)
{
	static const struct excl_case cases[] = {
		{0x100000, true, false},    /* System RAM: busy */
		{0x100123, true, false},    /* the page that holds it */
		{0x0, true, false},	    /* Reserved below 1 MiB: busy */
		{0x30000000, false, false}, /* Reserved above: not busy */
		{0x38000000, false, false}, /* legacy pmem */
		{0xfd000000, false, false}, /* a BAR nobody claimed */
		{0xfc000000, true, false},  /* a claimed BAR, even EXCLUSIVE when relaxed */
		{0xfef00000, false, false}, /* a hole */
		{0xfed00000, true, false},  /* HPET */
		{0x9f800, true, false},	    /* a page partly RAM, partly Reserved */
		{0x50000000, true, true},   /* System RAM marked exclusive, not busy */
		{ALL, true, false},	    /* the last page */
	};
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem");
	struct resource excl = RES(0x50000000, 0x50ffffff, "dax", RAM | IORESOURCE_EXCLUSIVE);
	struct resource top = RES(0xfffffffffffff000ULL, ALL, "top", MEM | BUSY);
	size_t i;

	(void)state;
	assert_non_null(__request_region(root, 0xfc000000, 0x1000, "drm", IORESOURCE_EXCLUSIVE));
	assert_int_equal(insert_resource(root, &excl), 0);
	assert_int_equal(request_resource(root, &top), 0);
	for (i = 0; i < MR__ARRAY_SIZE(cases); i++) {
		if (mr_iomem_is_exclusive(root, cases[i].addr, true) != cases[i].strict ||
		    mr_iomem_is_exclusive(root, cases[i].addr, false) != cases[i].relaxed)
			fail_msg("case %zu: 0x%llx", i, (unsigned long long)cases[i].addr);
	}
	assert_false(mr_iomem_is_exclusive(NULL, 0, true));
	mr_iomem_free(root);
}

static void test_resource_holding(void **state)
{
	struct resource *root = parse_data("../kernel-answers/pc-1g.iomem");

	(void)state;
	assert_string_equal(mr__resource_holding(root, 0x1000000, 0x1000fff)->name, "Kernel code");
	assert_string_equal(mr__resource_holding(root, 0x3000000, 0x3000fff)->name, "System RAM");
	assert_string_equal(mr__resource_holding(root, 0xfed00000, 0xfed00010)->name, "PNP0103:00");
	assert_ptr_equal(mr__resource_holding(root, 0xfef00000, 0xfef00fff), root);
	assert_ptr_equal(mr__resource_holding(root, 0x2ffff000, 0x30000fff), root);
	assert_null(mr__resource_holding(root, 0x2000, 0x1000));
	assert_null(mr__resource_holding(NULL, 0, 1));
	mr_iomem_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_resource),
		cmocka_unit_test(test_insert_resource),
		cmocka_unit_test(test_insert_indexed),
		cmocka_unit_test(test_struct_copy),
		cmocka_unit_test(test_request_region),
		cmocka_unit_test(test_release_region),
		cmocka_unit_test(test_request_region_enomem),
		cmocka_unit_test(test_index_without_memory),
		cmocka_unit_test(test_muxed),
		cmocka_unit_test(test_region_intersects_truth),
		cmocka_unit_test(test_region_intersects_pc),
		cmocka_unit_test(test_region_intersects_edges),
		cmocka_unit_test(test_region_intersects_cxl),
		cmocka_unit_test(test_random_cross_check),
		cmocka_unit_test(test_big_tree),
		cmocka_unit_test(test_big_tree_nested),
		cmocka_unit_test(test_walk_iomem_res_desc),
		cmocka_unit_test(test_walk_top),
		cmocka_unit_test(test_iomem_is_exclusive),
		cmocka_unit_test(test_resource_holding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
