// SPDX-License-Identifier: MIT
/*
 * libmemremap-compat's kernel API as driver code calls it: printk's %p
 * extensions printed as the kernel prints them, the of_*() and
 * device_property_*() readers on the test board's tree, the string and
 * number helpers, the headers that shadow the system's UAPI ones, and bad
 * device trees refused with a message.
 */
#include <linux/bitfield.h>
#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_platform.h>
#include <linux/of_reserved_mem.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/thermal.h>
#include <linux/unaligned.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#ifndef MR_BOARD_DTB
#error "MR_BOARD_DTB: the compiled test board"
#endif

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, f);
	mr_vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return buf;
}

static void test_pointer_extensions(void **state)
{
	phys_addr_t pa = 0xfe000000;
	struct resource mem = DEFINE_RES_MEM(0xfe000000, 0x1000);
	struct resource io = {.start = 0x3f8, .end = 0x3ff, .flags = IORESOURCE_IO};
	struct resource irq = DEFINE_RES_IRQ(37);
	struct resource pref = {.start = 0x380000000000ULL,
				.end = 0x3800000fffffULL,
				.flags = IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH};
	u8 bytes[] = {0xde, 0xad, 0xbe, 0xef, 0x01};
	u8 uuid[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		       0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

	(void)state;
	assert_string_equal(fmt("%pa", &pa), "0x00000000fe000000");
	assert_string_equal(fmt("[%pap]", &pa), "[0x00000000fe000000]");
	assert_string_equal(fmt("%pR", &mem), "[mem 0xfe000000-0xfe000fff]");
	assert_string_equal(fmt("%pr", &mem), "[mem 0xfe000000-0xfe000fff flags 0x200]");
	assert_string_equal(fmt("%pR", &io), "[io  0x03f8-0x03ff]");
	assert_string_equal(fmt("%pR", &irq), "[irq 37]");
	assert_string_equal(fmt("%pR", &pref), "[mem 0x380000000000-0x3800000fffff 64bit pref]");
	assert_string_equal(fmt("%*ph", 5, bytes), "de ad be ef 01");
	assert_string_equal(fmt("%ph", bytes), "de");
	assert_string_equal(fmt("%*phC", 4, bytes), "de:ad:be:ef");
	assert_string_equal(fmt("%*phD", 2, bytes), "de-ad");
	assert_string_equal(fmt("%*phN", 4, bytes), "deadbeef");
	assert_string_equal(fmt("%pe", ERR_PTR(-ENOMEM)), "-ENOMEM");
	assert_string_equal(fmt("%pe", ERR_PTR(-EPROBE_DEFER)), "-EPROBE_DEFER");
	assert_string_equal(fmt("%pe", ERR_PTR(-4000)), "-4000");
	assert_string_equal(fmt("%*pE", 4, "a\n\001b"), "a\\n\\001b");
	assert_string_equal(fmt("%pUb", uuid), "00112233-4455-6677-8899-aabbccddeeff");
	assert_string_equal(fmt("%pUl", uuid), "33221100-5544-7766-8899-aabbccddeeff");
	assert_string_equal(fmt("%px", (void *)0x1234), "0000000000001234");
	assert_string_equal(fmt("%pR", NULL), "(null)");
	/* The rest of the format is the C library's, arguments kept in step. */
	assert_string_equal(
		fmt("%d %s %pa %5.2f %llx %zu %c%%", -3, "x", &pa, 1.5, 0xffULL, (size_t)7, 'z'),
		"-3 x 0x00000000fe000000  1.50 ff 7 z%");
	assert_string_equal(fmt("%*d|%-*s|%.*s", 4, 7, 3, "a", 2, "abc"), "   7|a  |ab");
}

static void test_scnprintf_and_kasprintf(void **state)
{
	char small[8];
	char *p;

	(void)state;
	assert_int_equal(scnprintf(small, sizeof(small), "%s", "0123456789"), 7);
	assert_string_equal(small, "0123456");
	p = kasprintf(GFP_KERNEL, "%pe at %d", ERR_PTR(-EIO), 5);
	assert_string_equal(p, "-EIO at 5");
	kfree(p);
}

static void test_strings_numbers(void **state)
{
	char dst[8], mem[8];
	unsigned long ul;
	int i;
	u8 u;
	bool b;
	char *s;
	u8 raw[4] = {0x78, 0x56, 0x34, 0x12};

	(void)state;
	assert_int_equal(strscpy(dst, "hello"), 5);
	assert_int_equal(strscpy(dst, "far too long"), -E2BIG);
	assert_string_equal(dst, "far too");
	strtomem_pad(mem, "ab", 0);
	assert_memory_equal(mem, "ab\0\0\0\0\0\0", 8);
	assert_true(sysfs_streq("on\n", "on"));
	assert_false(sysfs_streq("on", "off"));
	assert_null(memchr_inv("\0\0\0", 0, 3));
	assert_int_equal(kstrtoul("0x10\n", 0, &ul), 0);
	assert_int_equal(ul, 16);
	assert_int_equal(kstrtoint("-12", 10, &i), 0);
	assert_int_equal(i, -12);
	assert_int_equal(kstrtou8("256", 10, &u), -ERANGE);
	assert_int_equal(kstrtoul("12x", 10, &ul), -EINVAL);
	assert_int_equal(kstrtoul("-1", 10, &ul), -EINVAL);
	assert_int_equal(kstrtobool("on", &b), 0);
	assert_true(b);
	s = kstrndup("abcdef", 3, GFP_KERNEL);
	assert_string_equal(s, "abc");
	kfree(s);
	assert_int_equal(get_unaligned_le32(raw), 0x12345678);
	assert_int_equal(FIELD_GET(GENMASK(11, 4), 0xabcU), 0xab);
	assert_int_equal(FIELD_PREP(GENMASK(7, 4), 3U), 0x30);
	assert_int_equal(le16_to_cpu(cpu_to_le16(0x1234)), 0x1234);
	assert_int_equal(struct_size((struct of_phandle_args *)NULL, args, 0),
			 sizeof(struct of_phandle_args));
	assert_int_equal(size_mul(SIZE_MAX, 2), SIZE_MAX);
	/* Our <linux/random.h> over the system's: its ioctl numbers and our calls. */
	assert_true(RNDGETENTCNT != 0);
	assert_true(get_random_u32_below(10) < 10);
	/* Our <linux/thermal.h> over the system's. */
	assert_int_equal(THERMAL_NAME_LENGTH, 20);
}

static int zone_temp(struct thermal_zone_device *tz, int *temp)
{
	/* As a 6.1 sensor driver reads it: the field, not the accessor. */
	*temp = *(int *)tz->devdata;
	return 0;
}

static void test_thermal_zone_fields(void **state)
{
	static const struct thermal_zone_device_ops ops = {.get_temp = zone_temp};
	int millidegrees = 41500, temp = 0;
	struct thermal_zone_device *tz;

	(void)state;
	tz = thermal_zone_device_register_with_trips("soc-thermal", NULL, 0, &millidegrees, &ops,
						     NULL, 0, 0);
	assert_false(IS_ERR_OR_NULL(tz));
	assert_string_equal(tz->type, "soc-thermal");
	assert_ptr_equal(tz->devdata, &millidegrees);
	assert_ptr_equal(thermal_zone_device_priv(tz), &millidegrees);
	assert_ptr_equal(tz->ops, &ops);
	assert_int_equal(tz->ops->get_temp(tz, &temp), 0);
	assert_int_equal(temp, 41500);
	thermal_zone_device_unregister(tz);
}

struct item {
	int v;
	struct list_head node;
};

static void test_list(void **state)
{
	LIST_HEAD(head);
	struct item a = {.v = 1}, b = {.v = 2}, c = {.v = 3}, *it, *tmp;
	int sum = 0;

	(void)state;
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add(&c.node, &head);
	assert_int_equal(list_first_entry(&head, struct item, node)->v, 3);
	list_for_each_entry (it, &head, node)
		sum = sum * 10 + it->v;
	assert_int_equal(sum, 312);
	list_for_each_entry_safe(it, tmp, &head, node) list_del(&it->node);
	assert_true(list_empty(&head));
}

static struct mr_machine *board;

static int board_setup(void **state)
{
	(void)state;
	if (mr_machine_open(&board, "sim,dt=" MR_BOARD_DTB))
		return -1;
	mr_machine_use(board);
	/* Populating reads the tree; the devices it makes are the platform bus's. */
	return of_platform_default_populate(NULL, NULL, NULL);
}

static int board_teardown(void **state)
{
	(void)state;
	mr_machine_use(NULL);
	mr_machine_close(board);
	return 0;
}

static void test_of_readers(void **state)
{
	struct device_node *np = of_find_node_by_path("/soc/thermal-sensor@9020000"), *gic;
	struct resource r;
	const char *s;
	u32 v, cells[3];
	u64 addr;

	(void)state;
	assert_non_null(np);
	assert_string_equal(np->name, "thermal-sensor");
	assert_string_equal(fmt("%pOF", np), "/soc/thermal-sensor@9020000");
	assert_string_equal(fmt("%pOFn", np), "thermal-sensor");
	assert_string_equal(fmt("%pOFc", np), "acme,tsens-v1");
	assert_int_equal(of_property_read_u32(np, "acme,offset-millicelsius", &v), 0);
	assert_int_equal(v, 40000);
	assert_int_equal(of_property_read_u32(np, "no-such", &v), -EINVAL);
	assert_int_equal(of_property_read_u32_array(np, "interrupts", cells, 3), 0);
	assert_int_equal(cells[1], 5);
	assert_int_equal(of_property_read_u64(np, "interrupts", &addr),
			 0); /* 12 bytes hold a u64 */
	assert_int_equal(of_property_read_u32_array(np, "interrupts", cells, 4 > 3 ? 3 : 4), 0);
	assert_int_equal(of_address_to_resource(np, 0, &r), 0);
	assert_int_equal(r.start, 0x09020000);
	assert_int_equal(resource_size(&r), 0x100);
	assert_true(of_device_is_compatible(np, "acme,tsens-v1") > 0);
	assert_true(of_device_is_available(np));
	assert_false(of_device_is_available(of_find_node_by_path("/soc/gpio@9030000")));
	gic = of_find_node_by_path("/soc/interrupt-controller@8000000");
	assert_int_equal(of_property_match_string(gic, "reg-names", "gicc"), 1);
	assert_int_equal(of_property_count_strings(gic, "reg-names"), 2);
	assert_int_equal(of_property_read_string_index(gic, "reg-names", 1, &s), 0);
	assert_string_equal(s, "gicc");
	assert_int_equal(of_address_to_resource(gic, 1, &r), 0);
	assert_string_equal(r.name, "gicc");
	assert_int_equal(of_n_addr_cells(np), 1);
	assert_int_equal(of_alias_get_id(of_find_node_by_path("/soc/serial@9000000"), "serial"), 0);
	assert_true(of_machine_is_compatible("acme,tiny-soc"));
	assert_non_null(of_find_compatible_node(NULL, NULL, "arm,pl031"));
	assert_int_equal(of_get_child_count(of_find_node_by_path("/cpus")), 2);
	assert_non_null(of_get_child_by_name(of_root, "reserved-memory"));
}

static void test_reserved_memory(void **state)
{
	struct device_node *fw = of_find_node_by_path("/firmware/fw-table");
	struct device_node *region = of_parse_phandle(fw, "memory-region", 0);
	struct reserved_mem *rmem = of_reserved_mem_lookup(region);
	struct resource r;

	(void)state;
	assert_non_null(rmem);
	assert_int_equal(rmem->base, 0x7e100000);
	assert_int_equal(rmem->size, 0x1000);
	assert_int_equal(of_reserved_mem_region_to_resource(fw, 0, &r), 0);
	assert_int_equal(r.start, 0x7e100000);
	/* The CMA pool has no reg: placed at boot, not a region here. */
	assert_null(of_reserved_mem_lookup(of_find_node_by_path("/reserved-memory/linux,cma")));
	assert_null(of_reserved_mem_lookup(NULL));
}

static void test_platform_devices(void **state)
{
	struct device_node *np = of_find_node_by_path("/soc/thermal-sensor@9020000");
	struct platform_device *pdev = of_find_device_by_node(np);
	struct resource *r;

	(void)state;
	assert_non_null(pdev);
	assert_string_equal(dev_name(&pdev->dev), "9020000.thermal-sensor");
	r = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	assert_non_null(r);
	assert_int_equal(r->start, 0x09020000);
	assert_int_equal(platform_get_irq_optional(pdev, 0), 37); /* SPI 5 */
	assert_null(platform_get_resource(pdev, IORESOURCE_MEM, 1));
	assert_int_equal(platform_get_irq_optional(pdev, 1), -ENXIO);
	put_device(&pdev->dev);
	/* A disabled node makes no device. */
	assert_null(of_find_device_by_node(of_find_node_by_path("/soc/gpio@9030000")));
}

static void test_bad_trees(void **state)
{
	static const char *const specs[] = {
		"sim,dt=/nonexistent.dtb",
		"sim,dt=" MR_TEST_DATA "/dt/truncated.dtb",
		"sim,dt=" MR_TEST_DATA "/dt/not-a-tree.dts",
		"sim,dt=" MR_TEST_DATA "/dt/model.dts,device=nosuch@0xfeb00000",
		/* Property lengths near 4 GiB: libfdt 1.6.1 walked these forever (fuzz_fdt). */
		"sim,dt=" MR_TEST_DATA "/dt/wrapping-property.dtb",
		"sim,dt=" MR_TEST_DATA "/dt/wrapping-property-2.dtb",
		/* A model would end its spec line, is bytes without a NUL, or is too long. */
		"sim,dt=" MR_TEST_DATA "/dt/model-newline.dts",
		"sim,dt=" MR_TEST_DATA "/dt/model-not-a-string.dts",
		"sim,dt=" MR_TEST_DATA "/dt/model-too-long.dts",
	};
	static const char *const why[] = {
		"cannot read",
		"truncated",
		"dtc could not compile",
		"nosuch",
		"not a valid flattened device tree: a property's value runs past the block",
		"not a valid flattened device tree: a property's value runs past the block",
		"a memremap,model that is not a model name",
		"a memremap,model that is not a model name",
		"a memremap,model that is not a model name",
	};
	struct mr_machine *m;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		assert_int_not_equal(mr_machine_open(&m, specs[i]), 0);
		if (!strstr(mr_errmsg(), why[i]))
			fail_msg("%s: '%s' does not say '%s'", specs[i], mr_errmsg(), why[i]);
	}
}

/* A node that names a model: the driver's registers answer as the device's. */
static void test_tree_names_a_model(void **state)
{
	static const char *const specs[] = {
		"sim,dt=" MR_TEST_DATA "/dt/model.dts",
		"sim:" MR_TEST_DATA "/iomem/host.iomem,dt=" MR_TEST_DATA "/dt/model.dts",
	};
	struct mr_machine *m;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		void __iomem *regs;

		if (mr_machine_open(&m, specs[i]))
			fail_msg("%s: %s", specs[i], mr_errmsg());
		regs = mr_memremap(m, 0xfea00000, 0x100, MEMREMAP_DEV);
		if (!regs)
			fail_msg("%s: %s", specs[i], mr_errmsg());
		/* edu's identification register, then its inverting register. */
		assert_int_equal(readl(regs), 0x010000ed);
		writel(0x12345678, regs + 4);
		assert_int_equal(readl(regs + 4), ~0x12345678u);
		memunmap(regs);
		mr_machine_close(m);
	}
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_pointer_extensions),
		cmocka_unit_test(test_scnprintf_and_kasprintf),
		cmocka_unit_test(test_strings_numbers),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_thermal_zone_fields),
		cmocka_unit_test(test_bad_trees),
		cmocka_unit_test(test_tree_names_a_model),
	};
	const struct CMUnitTest on_board[] = {
		cmocka_unit_test(test_of_readers),
		cmocka_unit_test(test_reserved_memory),
		cmocka_unit_test(test_platform_devices),
	};

	mr_set_log(NULL, NULL);
	return cmocka_run_group_tests(plain, NULL, NULL) |
	       cmocka_run_group_tests(on_board, board_setup, board_teardown);
}
