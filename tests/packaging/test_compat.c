// SPDX-License-Identifier: MIT
/*
 * The kernel-source compatibility headers: each is included the way driver
 * code includes it (one -I, include/memremap/compat), beside the system
 * headers that include the UAPI <linux/...> files of the same names, and
 * each helper does what the kernel's does on the sim machine.
 */
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fb.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/types.h>

/* These include the system's <linux/types.h>, <linux/kernel.h>, <linux/stat.h>. */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "sim_group.h"

#define REGS_PHYS 0xfe000000
#define FB_PHYS	  0xe0000000
#define RAM_PHYS  0x1000000

/* The module tags are file-scope declarations that take a `;`. */
static int debug_level = 1;
module_param(debug_level, int, 0644);
MODULE_PARM_DESC(debug_level, "how much to say");
MODULE_LICENSE("MIT");
MODULE_AUTHOR("libmemremap");
MODULE_DESCRIPTION("compatibility header checks");

int compat_exported(void);
int compat_exported(void)
{
	return debug_level;
}
EXPORT_SYMBOL_GPL(compat_exported);

static int __init compat_init(void)
{
	return 0;
}

static void __exit compat_exit(void)
{
}

module_init(compat_init);
module_exit(compat_exit);

static void test_types(void **state)
{
	(void)state;
	assert_int_equal(sizeof(u8) + sizeof(u16) + sizeof(u32) + sizeof(u64), 15);
	assert_int_equal(sizeof(s64), 8);
	assert_int_equal(sizeof(phys_addr_t), 8);
	assert_int_equal(sizeof(resource_size_t), 8);
	assert_int_equal(sizeof(__le32), 4); /* from the system's UAPI header */
	assert_int_equal(EPROBE_DEFER, 517);
	assert_int_equal(ENOMEM, 12); /* glibc's errno values are untouched */
	assert_ptr_equal(THIS_MODULE, NULL);
	assert_ptr_equal(mr_module_init, compat_init);
	assert_ptr_equal(mr_module_exit, compat_exit);
	assert_int_equal(compat_exported(), 1);
}

static void test_kernel_helpers(void **state)
{
	struct outer {
		int a;
		long member;
	} o;
	int n = 0, arr[7];

	(void)state;
	assert_int_equal(ARRAY_SIZE(arr), 7);
	assert_int_equal(BIT(3), 8);
	assert_int_equal(GENMASK(7, 4), 0xf0);
	assert_int_equal(GENMASK_ULL(63, 62), 0xc000000000000000ULL);
	assert_ptr_equal(container_of(&o.member, struct outer, member), &o);
	assert_int_equal(min(n++, 5), 0);
	assert_int_equal(n, 1); /* once each */
	assert_int_equal(max(3, 9), 9);
	assert_int_equal(clamp(12, 0, 10), 10);
	assert_int_equal(min(max(n, 4), max(2, 3)), 3);
	assert_int_equal(DIV_ROUND_UP(4097, 4096), 2);
	assert_int_equal(ALIGN(4097UL, 4096), 8192);
	assert_true(IS_ALIGNED(8192UL, 4096));
	assert_int_equal(upper_32_bits(0x123456789ULL), 1);
	assert_int_equal(lower_32_bits(0x123456789ULL), 0x23456789);
	assert_int_equal(READ_ONCE(n), 1);
}

static void test_err(void **state)
{
	void *e = ERR_PTR(-ENXIO);

	(void)state;
	assert_true(IS_ERR(ERR_CAST(e)));
	assert_int_equal(PTR_ERR_OR_ZERO(e), -ENXIO);
	assert_int_equal(PTR_ERR_OR_ZERO(&e), 0);
	assert_true(IS_ERR_OR_NULL(NULL));
}

static void test_printk(void **state)
{
	struct capture cap;

	(void)state;
	capture_start(&cap);
	pr_err("err %d\n", 1);
	pr_warn("warn\n");
	pr_info("info ");
	pr_cont("cont\n");
	pr_debug("debug is compiled out\n");
	printk(KERN_DEBUG "debug is not shown\n");
	printk("no level\n");
	for (int i = 0; i < 3; i++)
		pr_warn_once("once\n");
	assert_string_equal(capture_stop(&cap), "err 1\nwarn\ninfo cont\nno level\nonce\n");
}

static void test_device(void **state)
{
	struct mr_machine *m = *state;
	struct device *dev = mr_device_new("compat-dev");
	struct capture cap;
	u32 *p;

	(void)state;
	assert_non_null(dev);
	assert_string_equal(dev_name(dev), "compat-dev");
	capture_start(&cap);
	dev_err(dev, "bad %s\n", "thing");
	dev_info(dev, "fine\n");
	dev_dbg(dev, "compiled out\n");
	assert_int_equal(dev_err_probe(dev, -EPROBE_DEFER, "quiet\n"), -EPROBE_DEFER);
	assert_string_equal(capture_stop(&cap), "compat-dev: bad thing\ncompat-dev: fine\n");

	p = devm_kzalloc(dev, 64 * sizeof(*p), GFP_KERNEL);
	assert_non_null(p);
	assert_int_equal(p[63], 0);
	assert_non_null(devm_kcalloc(dev, 4, 4, GFP_KERNEL));
	assert_non_null(devm_ioremap(dev, REGS_PHYS, 0x1000));
	assert_null(devm_ioremap(dev, RAM_PHYS, 0x1000)); /* NULL, not ERR_PTR */
	assert_non_null(devm_ioremap_wc(dev, FB_PHYS, 0x1000));
	assert_int_equal(mr_device_resources(dev), 4);
	assert_int_equal(mr_machine_mappings(m), 2);
	assert_int_equal(mr_device_unbind(dev), 4);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_device_free(dev);
}

static void check_type(void __iomem *p, unsigned long type)
{
	struct mr_mapping_info info;

	assert_non_null(p);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_int_equal(info.type, type);
	iounmap(p);
}

static void test_ioremap(void **state)
{
	struct mr_machine *m = *state;
	void __iomem *regs;

	check_type(ioremap(REGS_PHYS, 0x1000), MEMREMAP_DEV);
	check_type(ioremap_uc(REGS_PHYS, 0x1000), MEMREMAP_DEV);
	check_type(ioremap_wc(FB_PHYS, 0x1000), MEMREMAP_WC);
	check_type(ioremap_wt(REGS_PHYS, 0x1000), MEMREMAP_WT);
	assert_null(ioremap(RAM_PHYS, 0x1000)); /* RAM is never aliased uncached */
	assert_int_equal(mr_machine_mappings(m), 0);

	regs = ioremap(REGS_PHYS, 0x1000);
	assert_non_null(regs);
	writel(0xdeadbeef, regs + 0x20);
	writew(0x1234, regs + 0x24);
	writeb(0x56, regs + 0x26);
	assert_int_equal(readl(regs + 0x20), 0xdeadbeef);
	assert_int_equal(readw(regs + 0x24), 0x1234);
	assert_int_equal(readb(regs + 0x26), 0x56);
	iounmap(regs);
	assert_int_equal(mr_machine_mappings(m), 0);
}

static void test_slab_and_fb(void **state)
{
	struct fb_info *info;
	volatile size_t huge;
	u8 *z;

	(void)state;
	z = kzalloc(32, GFP_KERNEL);
	assert_non_null(z);
	assert_int_equal(z[31], 0);
	z = krealloc(z, 64, GFP_KERNEL);
	assert_non_null(z);
	kfree(z);
	huge = SIZE_MAX / 2;
	assert_null(kcalloc(huge, 4, GFP_KERNEL)); /* overflow refused */
	kfree(NULL);

	info = framebuffer_alloc(16, NULL);
	assert_non_null(info);
	assert_non_null(info->par);
	info->fix.smem_start = FB_PHYS;
	info->fix.smem_len = 0x1000;
	info->var.bits_per_pixel = 32;
	info->screen_base = memremap(info->fix.smem_start, info->fix.smem_len, MEMREMAP_WC);
	assert_non_null(info->screen_base);
	memset_io(info->screen_base, 0, info->fix.smem_len);
	memunmap(info->screen_base);
	framebuffer_release(info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),	    cmocka_unit_test(test_kernel_helpers),
		cmocka_unit_test(test_err),	    cmocka_unit_test(test_printk),
		cmocka_unit_test(test_device),	    cmocka_unit_test(test_ioremap),
		cmocka_unit_test(test_slab_and_fb),
	};

	return cmocka_run_group_tests(tests, machine_setup, machine_teardown);
}
