// SPDX-License-Identifier: MIT
/* PCI function names: the one recogniser the parser, the tool and BDF arguments share. */
#include <memremap/pci.h>

#include "mr_test.h"

static void test_names(void **state)
{
	static const struct {
		const char *s;
		unsigned int flags;
		size_t n; /* 0: not a name */
		struct mr_pci_addr a;
	} cases[] = {
		{"0000:00:02.0", 0, 12, {0, 0, 2, 0}},
		{"0000:3a:1f.7", 0, 12, {0, 0x3a, 0x1f, 7}},
		{"0000:3A:1F.7", 0, 12, {0, 0x3a, 0x1f, 7}},
		{"10000:e1:00.1", 0, 13, {0x10000, 0xe1, 0, 1}},
		{"0000:00:02.0/bar0+0x4", 0, 12, {0, 0, 2, 0}},
		{"00:02.0", MR_PCI_NAME_NO_DOMAIN, 7, {0, 0, 2, 0}},
		{"00:02.0", 0, 0, {0}},
		{"000:00:02.0", 0, 0, {0}},	  /* domain of 3 digits */
		{"000000000:00:02.0", 0, 0, {0}}, /* 9 digits */
		{"0000:0:02.0", 0, 0, {0}},	  /* bus of one digit */
		{"0000:000:02.0", 0, 0, {0}},
		{"0000:00:20.0", 0, 0, {0}},		/* device 32 */
		{"0000:00:02.8", 0, 0, {0}},		/* function 8 */
		{"0000:00:02.00", 0, 12, {0, 0, 2, 0}}, /* a name, then "0": not whole */
		{"0000:00:02", 0, 0, {0}},
		{"PCI Bus 0000:00", 0, 0, {0}},
		{"", MR_PCI_NAME_NO_DOMAIN, 0, {0}},
		{"0000:00:02.0", MR_PCI_NAME_NO_DOMAIN, 12, {0, 0, 2, 0}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mr_pci_addr a = {9, 9, 9, 9};
		size_t n = mr_pci_name_parse(cases[i].s, cases[i].flags, &a);

		if (n != cases[i].n)
			fail_msg("'%s': took %zu characters, expected %zu", cases[i].s, n,
				 cases[i].n);
		if (!n)
			continue;
		assert_int_equal(a.domain, cases[i].a.domain);
		assert_int_equal(a.bus, cases[i].a.bus);
		assert_int_equal(a.dev, cases[i].a.dev);
		assert_int_equal(a.fn, cases[i].a.fn);
	}
	assert_int_equal(mr_pci_name_parse(NULL, 0, NULL), 0);
	assert_int_equal(mr_pci_name_parse("0000:00:02.0", 0, NULL), 12);
}

/* "BDF/barN[+OFFSET]": what the tool takes wherever it takes an address. */
static void test_bar_names(void **state)
{
	static const struct {
		const char *s;
		size_t n; /* 0: not the form */
		unsigned int bus, dev, fn;
		int bar;
		uint64_t off;
	} cases[] = {
		{"0000:00:02.0/bar0", 17, 0, 2, 0, 0, 0},
		{"0000:00:02.0/bar0+0x4", 21, 0, 2, 0, 0, 4},
		{"00:02.0/bar5+16", 15, 0, 2, 0, 5, 16},
		{"3a:1f.7/bar2+1M", 15, 0x3a, 0x1f, 7, 2, 1 << 20},
		{"0000:00:02.0/bar0+0x4 ", 21, 0, 2, 0, 0, 4}, /* stops at the blank */
		{"0000:00:02.0/bar0-0x4", 17, 0, 2, 0, 0, 0},  /* "-": not an offset */
		{"0000:00:02.0/bar6", 0, 0, 0, 0, 0, 0},       /* BARs are 0-5 */
		{"0000:00:02.0/bar", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0/bar01", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0/BAR0", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0/bar0+", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0/bar0+zz", 0, 0, 0, 0, 0, 0},
		{"0000:00:02.0/bar0+0x1ffffffffffffffff", 0, 0, 0, 0, 0, 0}, /* 65 bits */
		{"0000:00:02.0/bar0+-1", 0, 0, 0, 0, 0, 0},
		{"0xfe000000", 0, 0, 0, 0, 0, 0},
		{"", 0, 0, 0, 0, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mr_pci_addr a = {9, 9, 9, 9};
		uint64_t off = 99;
		int bar = 9;
		size_t n = mr_pci_bar_name_parse(cases[i].s, &a, &bar, &off);

		if (n != cases[i].n)
			fail_msg("'%s': took %zu characters, expected %zu", cases[i].s, n,
				 cases[i].n);
		if (!n) {
			/* Nothing is written for text that is not the form. */
			assert_int_equal(bar, 9);
			assert_int_equal(off, 99);
			continue;
		}
		assert_int_equal(a.domain, 0);
		assert_int_equal(a.bus, cases[i].bus);
		assert_int_equal(a.dev, cases[i].dev);
		assert_int_equal(a.fn, cases[i].fn);
		assert_int_equal(bar, cases[i].bar);
		assert_int_equal(off, cases[i].off);
	}
	assert_int_equal(mr_pci_bar_name_parse(NULL, NULL, NULL, NULL), 0);
	assert_int_equal(mr_pci_bar_name_parse("00:02.0/bar1+8", NULL, NULL, NULL), 14);
}

/* The /proc/iomem parser: a BAR named after its function is no driver's claim. */
static void test_iomem_bar_not_busy(void **state)
{
	static const char text[] = "c0000000-febfffff : PCI Bus 0000:00\n"
				   "  e0000000-e0ffffff : 0000:00:02.0\n"
				   "  fe000000-fe000fff : 0000:00:3.0\n";
	struct resource *root = mr_iomem_parse(text, sizeof(text) - 1, UINT64_MAX);
	struct resource *bus, *bar, *odd;

	(void)state;
	assert_non_null(root);
	bus = root->child;
	bar = bus->child;
	odd = bar->sibling;
	assert_false(bar->flags & IORESOURCE_BUSY);
	assert_true(odd->flags & IORESOURCE_BUSY);
	mr_iomem_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bar_names),
		cmocka_unit_test(test_iomem_bar_not_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
