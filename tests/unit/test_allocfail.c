// SPDX-License-Identifier: MIT
/*
 * Allocation failure at every point of the main operations. Through
 * mr_replace_allocator(), the Nth allocation of an operation fails (or,
 * in the second pass, the Nth and every one after it), for N = 1, 2, ...
 * until the operation makes fewer than N allocations. Each time the
 * operation either succeeds (a failure it could live without: an index it
 * does without) or fails with ENOMEM (ERR_PTR(-ENOMEM) or -ENXIO with
 * errno ENOMEM for devm_memremap) and a message; either way nothing else
 * changed (mappings, device records, the resource tree) and, once undone,
 * no block is left.
 */
#include <sys/stat.h>

#include "mr_test.h"

#define RAM  0x100000ULL
#define HOLE 0x150000000ULL
#define FB   0xe0000000ULL
#define REGS 0xfe000000ULL

/* ------------------------------------------------------- the operations */

struct ctx {
	struct mr_machine *m;	 /* opened outside the window, current */
	struct device *dev;	 /* made outside the window */
	struct mr_machine *made; /* what an open made */
	struct device *new_dev;
	struct resource *res;
	void *p;
	int ret;
};

static char map_path[64], pat_path[64], mem_path[64];

static int open_spec(struct ctx *c, const char *prefix, const char *path, const char *suffix)
{
	char spec[128];

	snprintf(spec, sizeof(spec), "%s%s%s", prefix, path, suffix);
	return mr_machine_open(&c->made, spec);
}

static int op_open_sim(struct ctx *c)
{
	return open_spec(c, "sim", "", "");
}
static int op_open_map(struct ctx *c)
{
	return open_spec(c, "sim:", map_path, "");
}
static int op_open_pat(struct ctx *c)
{
	return open_spec(c, "sim,pat=", pat_path, "");
}
static int op_open_mem(struct ctx *c)
{
	return open_spec(c, "sim,mem=", mem_path, ",encrypt,phys-bits=40");
}
static void undo_open(struct ctx *c)
{
	mr_machine_close(c->made);
}

static int mapped(struct ctx *c, void *p)
{
	c->p = p;
	return p ? 0 : -errno;
}
static int op_map_direct(struct ctx *c)
{
	return mapped(c, memremap(RAM, 0x1000, MEMREMAP_WB));
}
static int op_map_wb(struct ctx *c)
{
	return mapped(c, memremap(HOLE, 0x1000, MEMREMAP_WB));
}
static int op_map_wt(struct ctx *c)
{
	return mapped(c, memremap(REGS, 0x100, MEMREMAP_WT));
}
static int op_map_wc(struct ctx *c)
{
	return mapped(c, memremap(FB, 0x10000, MEMREMAP_WC));
}
static int op_map_dev(struct ctx *c)
{
	return mapped(c, memremap(REGS + 0x10, 0x20, MEMREMAP_DEV));
}
static int op_map_exclusive(struct ctx *c)
{
	return mapped(c, memremap(REGS, 0x1000, MEMREMAP_WT | MEMREMAP_EXCLUSIVE));
}
static void undo_map(struct ctx *c)
{
	memunmap(c->p);
}

static int op_devm(struct ctx *c)
{
	void *p = devm_memremap(c->dev, FB, 0x2000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE);

	assert_non_null(p); /* never NULL */
	if (!IS_ERR(p)) {
		c->p = p;
		return 0;
	}
	/* The record: -ENOMEM; the mapping under it: -ENXIO, errno says why. */
	assert_true(PTR_ERR(p) == -ENOMEM || PTR_ERR(p) == -ENXIO);
	return -errno;
}
static void undo_devm(struct ctx *c)
{
	assert_int_equal(mr_device_unbind(c->dev), 1);
}

static int op_device_new(struct ctx *c)
{
	c->new_dev = mr_device_new("allocfail");
	return c->new_dev ? 0 : -errno;
}
static void undo_device_new(struct ctx *c)
{
	mr_device_free(c->new_dev);
}

static void noop(void *arg)
{
	(void)arg;
}
static int op_action(struct ctx *c)
{
	return devm_add_action(c->dev, noop, NULL);
}
static void undo_action(struct ctx *c)
{
	assert_int_equal(mr_device_unbind(c->dev), 1);
}

static int op_request_region(struct ctx *c)
{
	c->res = __request_region(mr_iomem_resource(c->m), REGS + 0x100, 0x10, "allocfail", 0);
	return c->res ? 0 : -errno;
}
static void undo_request_region(struct ctx *c)
{
	__release_region(mr_iomem_resource(c->m), REGS + 0x100, 0x10);
}

static int op_query(struct ctx *c)
{
	struct mr_query q;

	return mr_memremap_query(c->m, REGS, 0x1000, MEMREMAP_WT | MEMREMAP_EXCLUSIVE, &q);
}
static void undo_nothing(struct ctx *c)
{
	(void)c;
}

/* Many children at one level: the parser builds its index on the way. */
static char big_iomem[8192];

static int op_parse(struct ctx *c)
{
	c->res = mr_iomem_parse(big_iomem, strlen(big_iomem), UINT64_MAX);
	return c->res ? 0 : -errno;
}
static void undo_parse(struct ctx *c)
{
	mr_iomem_free(c->res);
}

struct op {
	const char *name;
	int (*run)(struct ctx *c);
	void (*undo)(struct ctx *c);
};

static const struct op ops[] = {
	{"open sim", op_open_sim, undo_open},
	{"open sim:MAP", op_open_map, undo_open},
	{"open sim,pat=", op_open_pat, undo_open},
	{"open sim,mem=", op_open_mem, undo_open},
	{"memremap RAM WB (direct)", op_map_direct, undo_map},
	{"memremap hole WB", op_map_wb, undo_map},
	{"memremap WT", op_map_wt, undo_map},
	{"memremap WC", op_map_wc, undo_map},
	{"memremap DEV", op_map_dev, undo_map},
	{"memremap EXCLUSIVE", op_map_exclusive, undo_map},
	{"devm_memremap", op_devm, undo_devm},
	{"mr_device_new", op_device_new, undo_device_new},
	{"devm_add_action", op_action, undo_action},
	{"__request_region", op_request_region, undo_request_region},
	{"mr_memremap_query", op_query, undo_nothing},
	{"mr_iomem_parse", op_parse, undo_parse},
};

/* ------------------------------------------------------------ the runner */

struct snap {
	size_t maps;
	int dev;
	char *tree;
	size_t len;
};

static void snap_take(const struct ctx *c, struct snap *s)
{
	FILE *f = open_memstream(&s->tree, &s->len);
	unsigned long saved = mr_test_alloc.fail_at;

	mr_test_alloc.fail_at = 0; /* the snapshot itself must not be failed */
	assert_non_null(f);
	assert_int_equal(mr_iomem_print(mr_iomem_resource(c->m), f), 0);
	fclose(f);
	s->maps = mr_machine_mappings(c->m);
	s->dev = mr_device_resources(c->dev);
	mr_test_alloc.fail_at = saved;
}

static void snap_same(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->maps, b->maps);
	assert_int_equal(a->dev, b->dev);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->tree, b->tree, a->len);
	/* Blocks are counted once the machine is closed: its tables keep their room. */
	free(a->tree);
	free(b->tree);
}

/* One operation with its Nth allocation failing: true while N was reached. */
static bool run_once(const struct op *op, unsigned long n, bool after, int *enomem)
{
	struct ctx c = {0};
	struct snap before, after_snap;
	long baseline = mr_test_alloc.live;
	unsigned long made;
	int ret;

	c.m = mr_test_machine("sim");
	c.dev = mr_device_new("allocfail-dev");
	assert_non_null(c.dev);
	snap_take(&c, &before);
	mr_test_alloc_fail(n, after);
	errno = 0;
	ret = op->run(&c);
	made = mr_test_alloc.calls;
	mr_test_alloc_stop();
	if (ret) {
		assert_int_equal(ret, -ENOMEM);
		assert_int_equal(errno, ENOMEM);
		assert_true(mr_errmsg()[0]);
		(*enomem)++;
	} else {
		op->undo(&c);
	}
	snap_take(&c, &after_snap);
	snap_same(&before, &after_snap);
	mr_device_free(c.dev);
	mr_test_machine_done(c.m);
	assert_int_equal(mr_test_alloc.live, baseline);
	return made >= n;
}

static void test_every_allocation_fails(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (int after = 0; after < 2; after++) {
			unsigned long n;
			int enomem = 0;

			for (n = 1; run_once(&ops[i], n, after, &enomem); n++)
				assert_true(n < 10000);
			print_message("%-26s %s: %lu allocation point(s), %d ENOMEM\n", ops[i].name,
				      after ? "from N on" : "Nth only ", n - 1, enomem);
			/* Each that allocates can be made to fail (the direct map does not). */
			if (n > 1)
				assert_true(enomem > 0);
		}
	}
}

/* ------------------------------------------------------------- fixtures */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int files_setup(void **state)
{
	static const char map[] = "00000000-00000fff : Reserved\n"
				  "00001000-0009ffff : System RAM\n"
				  "00100000-3fffffff : System RAM\n"
				  "  01000000-01ffffff : Kernel code\n"
				  "40000000-7fffffff : PCI Bus 0000:00\n"
				  "  40000000-40000fff : 0000:00:03.0\n";
	char pat[4096] = "PAT memtype list:\n", line[128];
	size_t used = 0;
	int i, fd;

	(void)state;
	snprintf(map_path, sizeof(map_path), "/tmp/mr-allocfail-map-XXXXXX");
	snprintf(pat_path, sizeof(pat_path), "/tmp/mr-allocfail-pat-XXXXXX");
	snprintf(mem_path, sizeof(mem_path), "/tmp/mr-allocfail-mem-XXXXXX");
	fd = mkstemp(map_path);
	close(fd);
	fd = mkstemp(pat_path);
	close(fd);
	fd = mkstemp(mem_path);
	close(fd);
	write_file(map_path, map);
	/* More entries than the tracker's first array holds. */
	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "PAT: [mem 0x%016llx-0x%016llx] uncached-minus\n",
			 0xfe100000ULL + i * 0x1000ULL, 0xfe101000ULL + i * 0x1000ULL);
		strcat(pat, line);
	}
	write_file(pat_path, pat);
	/* 40 children of one parent: past the size at which it is indexed. */
	used = (size_t)snprintf(big_iomem, sizeof(big_iomem),
				"00000000-0fffffff : PCI Bus 0000:00\n");
	for (i = 0; i < 40; i++)
		used += (size_t)snprintf(big_iomem + used, sizeof(big_iomem) - used,
					 "  %08llx-%08llx : dev%d\n", i * 0x100000ULL,
					 i * 0x100000ULL + 0xfff, i);
	return 0;
}

static int files_teardown(void **state)
{
	(void)state;
	unlink(map_path);
	unlink(pat_path);
	unlink(mem_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_fails),
	};

	/* Before the library allocates anything: every block is counted. */
	mr_test_alloc_install();
	return cmocka_run_group_tests(tests, files_setup, files_teardown);
}
