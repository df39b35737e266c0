// SPDX-License-Identifier: MIT
/*
 * memblock memory text (/sys/kernel/debug/memblock/memory, Linux 6.1 and
 * 6.5 forms), the regions read from it or from an iomem tree, and
 * pfn_is_map_memory() over them.
 */
#include <errno.h>

#include "mr_test.h"

#include "mr_resource.h"

struct parse_case {
	const char *name;
	const char *text;
	int ret;
	size_t n;	   /* regions read */
	const char *error; /* in mr_errmsg() when it fails */
};

static const struct parse_case cases[] = {
	{"6.1", "   0: 0x0000000040000000..0x000000007fffffff\n", 0, 1, NULL},
	{"empty", "", 0, 0, NULL},
	{"no newline at the end", "   0: 0x40000000..0x7fffffff", 0, 1, NULL},
	{"CRLF", "   0: 0x40000000..0x7fffffff\r\n   1: 0x80000000..0x8fffffff\r\n", 0, 2, NULL},
	{"the reserved list is skipped",
	 "# memblock.memory\n   0: 0x40000000..0x7fffffff\n# memblock.reserved\n"
	 "   0: 0x40210000..0x4220afff\n   1: 0x48800000..0x488fffff\n",
	 0, 1, NULL},
	{"reserved first",
	 "# memblock.reserved\n   0: 0x1000..0x1fff\n# memblock.memory\n"
	 "   0: 0x40000000..0x7fffffff\n",
	 0, 1, NULL},
	{"6.5 with node and flags",
	 "   0: 0x0000000040000000..0x000000007fffffff    0 NONE\n"
	 "   1: 0x0000000080000000..0x000000008000ffff    x NOMAP\n",
	 0, 2, NULL},
	{"a comment", "# the guest's\n   0: 0x40000000..0x7fffffff\n", 0, 1, NULL},
	{"no colon", "   0 0x40000000..0x7fffffff\n", -EINVAL, 0, "memblock line 1"},
	{"no 0x", "   0: 40000000..7fffffff\n", -EINVAL, 0, "memblock line 1"},
	{"one dot", "   0: 0x40000000.0x7fffffff\n", -EINVAL, 0, "line 1"},
	{"base above last", "   0: 0x80000000..0x7fffffff\n", -EINVAL, 0, "line 1"},
	{"out of order", "   0: 0x80000000..0x8fffffff\n   1: 0x40000000..0x4fffffff\n", -EINVAL, 0,
	 "memblock line 2: regions out of order"},
	{"overlapping", "   0: 0x40000000..0x8fffffff\n   1: 0x80000000..0x9fffffff\n", -EINVAL, 0,
	 "overlapping"},
	{"a bad flag", "   0: 0x40000000..0x7fffffff    0 nomap\n", -EINVAL, 0, "line 1"},
	{"a bad node", "   0: 0x40000000..0x7fffffff    y NONE\n", -EINVAL, 0, "line 1"},
	{"words after the flag", "   0: 0x40000000..0x7fffffff 0 NONE more\n", -EINVAL, 0,
	 "line 1"},
	{"a number too large", "   0: 0x40000000..0x1ffffffffffffffff\n", -EINVAL, 0, "line 1"},
	{"/proc/iomem instead", "40000000-7fffffff : System RAM\n", -EINVAL, 0, "line 1"},
};

static void test_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < MR__ARRAY_SIZE(cases); i++) {
		const struct parse_case *c = &cases[i];
		struct mr__memblock mb;
		int ret;

		mr__memblock_init(&mb);
		ret = mr__memblock_parse(&mb, c->text, strlen(c->text));
		if (ret != c->ret || mb.n != c->n)
			fail_msg("%s: %d with %zu regions, expected %d with %zu (%s)", c->name, ret,
				 mb.n, c->ret, c->n, mr_errmsg());
		if (c->error && !strstr(mr_errmsg(), c->error))
			fail_msg("%s: '%s' not in '%s'", c->name, c->error, mr_errmsg());
		if (ret)
			assert_null(mb.v);
		mr__memblock_free(&mb);
	}
}

/* A page is kernel memory when its first byte lies in a region not NOMAP. */
static void test_map_memory(void **state)
{
	static const char text[] = "   0: 0x0000000040000000..0x000000007ffff7ff\n"
				   "   1: 0x0000000080000000..0x000000008000ffff\n"
				   "   2: 0x0000000080010000..0x00000000bfffffff    0 NOMAP\n";
	static const char iomem[] = "40000000-7fffefff : System RAM\n"
				    "80000000-8000ffff : reserved\n";
	struct resource *root = mr_iomem_parse(iomem, strlen(iomem), UINT64_MAX);
	struct mr__memblock mb;

	(void)state;
	assert_non_null(root);
	mr__memblock_init(&mb);
	assert_int_equal(mr__memblock_parse(&mb, text, strlen(text)), 0);
	assert_int_equal(mb.n, 3);
	assert_int_equal(mb.v[0].nomap, -1);
	assert_int_equal(mb.v[2].nomap, 1);
	mr__memblock_nomap_from_iomem(&mb, root);
	/* Region 0 shows System RAM, region 1 none: NOMAP. */
	assert_int_equal(mb.v[0].nomap, 0);
	assert_int_equal(mb.v[1].nomap, 1);
	assert_false(mr__memblock_is_map_memory(&mb, 0x3ffff000));
	assert_true(mr__memblock_is_map_memory(&mb, 0x40000000));
	/* The partial last page: its first byte is memblock memory, iomem rounds it away. */
	assert_true(mr__memblock_is_map_memory(&mb, 0x7ffff000));
	assert_false(mr__memblock_is_map_memory(&mb, 0x7ffff800));
	assert_false(mr__memblock_is_map_memory(&mb, 0x80000000));
	assert_false(mr__memblock_is_map_memory(&mb, 0x90000000));
	assert_false(mr__memblock_is_map_memory(&mb, 0xc0000000));

	/* From the map alone: its System RAM, the kernel image inside merged in. */
	assert_int_equal(mr__memblock_from_iomem(&mb, root), 0);
	assert_int_equal(mb.n, 1);
	assert_true(mr__memblock_is_map_memory(&mb, 0x7fffe000));
	assert_false(mr__memblock_is_map_memory(&mb, 0x7ffff000));
	mr__memblock_free(&mb);
	mr_iomem_free(root);
}

static void test_from_iomem(void **state)
{
	static const char iomem[] = "00001000-0009fbff : System RAM\n"
				    "00100000-7fffffff : System RAM\n"
				    "  01000000-01ffffff : Kernel code\n"
				    "80000000-8fffffff : System RAM\n"
				    "a0000000-afffffff : dax0.0\n"
				    "  a0000000-afffffff : System RAM (kmem)\n"
				    "fe000000-fe000fff : 0000:00:03.0\n";
	struct resource *root = mr_iomem_parse(iomem, strlen(iomem), UINT64_MAX);
	struct mr__memblock mb;

	(void)state;
	assert_non_null(root);
	mr__memblock_init(&mb);
	assert_int_equal(mr__memblock_from_iomem(&mb, root), 0);
	/* Touching blocks are one region; hot-added memory is memblock memory too. */
	assert_int_equal(mb.n, 3);
	assert_true(mb.v[1].base == 0x100000 && mb.v[1].last == 0x8fffffff);
	assert_true(mr__memblock_is_map_memory(&mb, 0xa0000000));
	assert_false(mr__memblock_is_map_memory(&mb, 0xfe000000));
	assert_false(mr__memblock_is_map_memory(&mb, 0));
	mr__memblock_free(&mb);
	mr_iomem_free(root);

	root = mr_iomem_parse("fe000000-fe000fff : 0000:00:03.0\n", 33, UINT64_MAX);
	assert_non_null(root);
	assert_int_equal(mr__memblock_from_iomem(&mb, root), 0);
	assert_int_equal(mb.n, 0);
	assert_false(mr__memblock_is_map_memory(&mb, 0));
	mr__memblock_free(&mb);
	mr_iomem_free(root);
}

/* Every allocation that fails leaves nothing behind. */
static void test_alloc_fail(void **state)
{
	char text[4096];
	struct mr__memblock mb;
	size_t used = 0, i;
	int ret;

	(void)state;
	for (i = 0; i < 40; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%4zu: 0x%zx..0x%zx\n",
					 i, i << 20, (i << 20) + 0xfff);
	for (i = 1;; i++) {
		mr_test_alloc_fail(i, false);
		mr__memblock_init(&mb);
		ret = mr__memblock_parse(&mb, text, used);
		mr__memblock_free(&mb);
		assert_int_equal(mr_test_alloc.live, 0);
		if (!ret)
			break;
		assert_int_equal(ret, -ENOMEM);
	}
	mr_test_alloc_stop();
	assert_true(i > 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_map_memory),
		cmocka_unit_test(test_from_iomem),
		cmocka_unit_test(test_alloc_fail),
	};

	/* Before the library allocates anything: every block is counted. */
	mr_test_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
