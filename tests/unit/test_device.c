// SPDX-License-Identifier: MIT
/*
 * The driver model's device (memremap/device.h): embedded in the caller's
 * structure, initialized, named, counted; the last put_device() releases
 * its devm_* resources last in first out, then calls release. Devices
 * never initialized are refused, not crashed on. Direct-map WB mappings
 * are counted as held until memunmap().
 */
#include <memremap/device.h>

#include "mr_test.h"

#define REGS 0xfe000000ULL
#define RAM  0x100000ULL

struct my_dev {
	int tag;
	struct device dev;
	int released;
};

static int order[8];
static int norder;

static void record(void *arg)
{
	order[norder++] = (int)(intptr_t)arg;
}

static void my_release(struct device *dev)
{
	struct my_dev *d = (struct my_dev *)((char *)dev - offsetof(struct my_dev, dev));

	/* The resources went before the owner is told. */
	assert_int_equal(norder, 2);
	d->released++;
}

static void test_embedded_lifecycle(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct my_dev d = {.tag = 7};
	void *regs;

	(void)state;
	norder = 0;
	assert_false(mr_device_is_initialized(&d.dev));
	device_initialize(&d.dev);
	d.dev.release = my_release;
	assert_true(mr_device_is_initialized(&d.dev));
	assert_int_equal(dev_set_name(&d.dev, "sensor@%x", 0x9000000), 0);
	assert_string_equal(mr_device_name(&d.dev), "sensor@9000000");
	dev_set_drvdata(&d.dev, &d.tag);
	assert_ptr_equal(dev_get_drvdata(&d.dev), &d.tag);
	assert_int_equal(devm_add_action(&d.dev, record, (void *)1), 0);
	regs = devm_memremap(&d.dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR(regs));
	assert_int_equal(devm_add_action(&d.dev, record, (void *)2), 0);
	assert_int_equal(mr_device_resources(&d.dev), 3);
	assert_int_equal(mr_machine_mappings(m), 1);
	get_device(&d.dev);
	put_device(&d.dev);
	assert_int_equal(d.released, 0);
	assert_int_equal(mr_machine_mappings(m), 1);
	put_device(&d.dev); /* the last one */
	assert_int_equal(d.released, 1);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 1);
	assert_int_equal(mr_machine_mappings(m), 0);
	assert_false(mr_device_is_initialized(&d.dev));
	mr_test_machine_done(m);
}

static void test_names(void **state)
{
	struct device dev = {0};
	struct mr_test_log log;
	char longname[300];

	(void)state;
	device_initialize(&dev);
	assert_string_equal(mr_device_name(&dev), "(unnamed)");
	dev.init_name = "early";
	assert_string_equal(mr_device_name(&dev), "early");
	dev.init_name = NULL;
	assert_int_equal(dev_set_name(&dev, "a/b"), 0);
	assert_string_equal(mr_device_name(&dev), "a!b"); /* one sysfs path component */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(dev_set_name(&dev, "%s", longname), -EINVAL);
	assert_string_equal(mr_device_name(&dev), "a!b");
	assert_int_equal(dev_set_name(&dev, "%s", ""), -EINVAL);
	assert_int_equal(dev_set_name(NULL, "x"), -EINVAL);
	/* A device without release is warned about, as the kernel does. */
	mr_test_log_start(&log);
	put_device(&dev);
	mr_test_log_stop();
	assert_int_equal(log.count, 1);
	assert_string_equal(log.last, "Device 'a!b' does not have a release() function, it is "
				      "broken and must be fixed.");
}

static void test_uninitialized_refused(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device dev;
	void *p;

	(void)state;
	memset(&dev, 0xa5, sizeof(dev)); /* garbage, as an uninitialized stack device */
	p = devm_memremap(&dev, REGS, 0x1000, MEMREMAP_WT);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "device_initialize() never ran"));
	assert_int_equal(devm_add_action(&dev, record, NULL), -EINVAL);
	assert_int_equal(mr_device_unbind(&dev), -EINVAL);
	assert_int_equal(mr_device_resources(&dev), -EINVAL);
	put_device(&dev); /* refused quietly: nothing to release */
	mr_device_free(&dev);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_test_machine_done(m);
}

static void test_free_refuses_embedded(void **state)
{
	struct my_dev d = {0};

	(void)state;
	device_initialize(&d.dev);
	d.dev.release = my_release;
	norder = 2;
	mr_device_free(&d.dev); /* not ours to free */
	assert_int_equal(errno, EINVAL);
	assert_int_equal(d.released, 0);
	put_device(&d.dev);
	assert_int_equal(d.released, 1);
}

static void test_device_new_still_works(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("legacy");
	void *p;

	(void)state;
	assert_non_null(dev);
	assert_true(mr_device_is_initialized(dev));
	assert_string_equal(mr_device_name(dev), "legacy");
	p = devm_memremap(dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR(p));
	mr_device_free(dev);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_test_machine_done(m);
}

static int count_direct(const struct mr_mapping_info *info, void *arg)
{
	assert_true(info->direct);
	assert_int_equal(info->type, MEMREMAP_WB);
	(*(int *)arg)++;
	return 0;
}

static int direct_held(struct mr_machine *m)
{
	int n = 0;

	assert_int_equal(mr_machine_for_each_direct(m, count_direct, &n), 0);
	return n;
}

static void test_direct_map_held(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("ram-user");
	void *a, *b, *c;

	(void)state;
	a = memremap(RAM, 0x1000, MEMREMAP_WB);
	b = memremap(RAM, 0x1000, MEMREMAP_WB); /* the same pointer, held twice */
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_int_equal(mr_machine_mappings(m), 0); /* no mapping of its own */
	assert_int_equal(direct_held(m), 2);
	c = devm_memremap(dev, RAM + 0x2000, 0x1000, MEMREMAP_WB);
	assert_false(IS_ERR(c));
	assert_int_equal(direct_held(m), 3);
	memunmap(a);
	assert_int_equal(direct_held(m), 2);
	memunmap(b);
	assert_int_equal(direct_held(m), 1);
	mr_device_unbind(dev);
	assert_int_equal(direct_held(m), 0);
	assert_int_equal(mr_machine_for_each_direct(NULL, count_direct, NULL), -EINVAL);
	a = memremap(RAM, 0x1000, MEMREMAP_WB);
	assert_int_equal(direct_held(m), 1);
	mr_device_free(dev);
	mr_test_machine_done(m); /* closing forgets the hold still there */
}

static void test_direct_hold_enomem(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	void *a;

	(void)state;
	mr_test_alloc_install();
	mr_test_alloc_fail(1, false);
	a = memremap(RAM, 0x1000, MEMREMAP_WB);
	mr_test_alloc_stop();
	assert_null(a);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(direct_held(m), 0);
	mr_test_machine_done(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_lifecycle),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_uninitialized_refused),
		cmocka_unit_test(test_free_refuses_embedded),
		cmocka_unit_test(test_device_new_still_works),
		cmocka_unit_test(test_direct_map_held),
		cmocka_unit_test(test_direct_hold_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
