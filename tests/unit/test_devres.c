// SPDX-License-Identifier: MIT
/*
 * Device-managed mappings: devm_memremap()'s error pointers, devm_memunmap(),
 * and unbind releasing everything last in, first out.
 */
#include "mr_test.h"

#define REGS 0xfe000000ULL
#define FB   0xe0000000ULL
#define RAM  0x100000ULL

static int order[16];
static int norder;

static void record(void *arg)
{
	order[norder++] = (int)(intptr_t)arg;
}

static void test_devm_error_codes(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("edu");
	void *p;

	(void)state;
	assert_non_null(dev);
	p = devm_memremap(NULL, REGS, 0x1000, MEMREMAP_WT);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	/* A mapping the rules refuse: -ENXIO, never NULL; the reason is kept. */
	p = devm_memremap(dev, RAM, 0x1000, MEMREMAP_WT);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -ENXIO);
	assert_non_null(strstr(mr_errmsg(), "edu"));
	assert_non_null(strstr(mr_errmsg(), "System RAM"));
	p = devm_memremap(dev, REGS, 0, MEMREMAP_WT);
	assert_int_equal(PTR_ERR(p), -ENXIO);
	assert_int_equal(mr_device_resources(dev), 0);
	mr_device_free(dev);
	mr_test_machine_done(m);
}

static void test_devm_enomem(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("fb");
	void *p;

	(void)state;
	mr_test_alloc_install();
	mr_test_alloc_fail(1, false);
	p = devm_memremap(dev, FB, 0x1000, MEMREMAP_WC);
	mr_test_alloc_stop();
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -ENOMEM);
	assert_int_equal(mr_machine_mappings(m), 0);
	/* The mapping record failing: the mapping fails, so -ENXIO. */
	mr_test_alloc_fail(2, false);
	p = devm_memremap(dev, FB, 0x1000, MEMREMAP_WC);
	mr_test_alloc_stop();
	assert_int_equal(PTR_ERR(p), -ENXIO);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(mr_device_resources(dev), 0);
	mr_device_free(dev);
	mr_test_machine_done(m);
}

static void test_devm_unmap(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *a = mr_device_new("a"), *b = mr_device_new("b");
	struct mr_mapping_info info;
	struct mr_test_log log;
	void *p;

	(void)state;
	p = devm_memremap(a, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR_OR_NULL(p));
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_ptr_equal(info.dev, a);
	assert_int_equal(mr_device_resources(a), 1);
	mr_test_log_start(&log);
	devm_memunmap(b, p); /* not b's */
	assert_int_equal(log.count, 1);
	assert_int_equal(mr_machine_mappings(m), 1);
	devm_memunmap(a, p);
	assert_int_equal(mr_machine_mappings(m), 0);
	assert_int_equal(mr_device_resources(a), 0);
	/* A devm mapping given to plain memunmap drops its record too. */
	p = devm_memremap(a, REGS, 0x1000, MEMREMAP_WT);
	memunmap(p);
	assert_int_equal(mr_device_resources(a), 0);
	assert_int_equal(mr_device_unbind(a), 0);
	assert_int_equal(log.count, 1);
	mr_test_log_stop();
	/* Direct-map pointers are held and released like any other. */
	p = devm_memremap(a, RAM, 0x1000, MEMREMAP_WB);
	assert_false(IS_ERR_OR_NULL(p));
	assert_int_equal(mr_device_resources(a), 1);
	assert_int_equal(mr_device_unbind(a), 1);
	mr_device_free(a);
	mr_device_free(b);
	mr_test_machine_done(m);
}

static void test_unbind_lifo(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("card");
	struct mr_mapping_info info;
	void *p[3];
	int i;

	(void)state;
	norder = 0;
	assert_int_equal(devm_add_action(dev, record, (void *)1), 0);
	p[0] = devm_memremap(dev, REGS, 0x1000, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE);
	assert_int_equal(devm_add_action(dev, record, (void *)2), 0);
	p[1] = devm_memremap(dev, FB, 0x100000, MEMREMAP_WC);
	p[2] = devm_memremap(dev, RAM, 0x1000, MEMREMAP_WB);
	assert_int_equal(devm_add_action(dev, record, (void *)3), 0);
	for (i = 0; i < 3; i++)
		assert_false(IS_ERR_OR_NULL(p[i]));
	assert_int_equal(mr_device_resources(dev), 6);
	assert_int_equal(mr_machine_mappings(m), 2);
	assert_true(iomem_is_exclusive(REGS));
	assert_int_equal(mr_device_unbind(dev), 6);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	assert_int_equal(mr_machine_mappings(m), 0);
	assert_false(iomem_is_exclusive(REGS));
	assert_int_equal(mr_mapping_info(p[0], &info), -ENOENT);
	/* The device may be bound again. */
	p[0] = devm_memremap(dev, REGS, 0x1000, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE);
	assert_false(IS_ERR_OR_NULL(p[0]));
	mr_device_free(dev);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_test_machine_done(m);
}

/* A machine closed under a device's mapping: the record goes with it. */
static void test_close_machine_under_device(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct device *dev = mr_device_new("late");
	struct mr_test_log log;
	void *p;

	(void)state;
	p = devm_memremap(dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR_OR_NULL(p));
	mr_test_log_start(&log);
	mr_machine_use(NULL);
	mr_machine_close(m);
	assert_int_equal(log.count, 1);
	assert_int_equal(mr_device_resources(dev), 0);
	assert_int_equal(mr_device_unbind(dev), 0);
	mr_test_log_stop();
	mr_device_free(dev);
}

static void test_device_names(void **state)
{
	char longname[300];
	struct device *dev;

	(void)state;
	assert_errno(mr_device_new(NULL) == NULL, EINVAL);
	assert_errno(mr_device_new("") == NULL, EINVAL);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_errno(mr_device_new(longname) == NULL, EINVAL);
	longname[255] = '\0';
	dev = mr_device_new(longname);
	assert_non_null(dev);
	assert_string_equal(mr_device_name(dev), longname);
	assert_string_equal(mr_device_name(NULL), "(null)");
	assert_int_equal(mr_device_unbind(NULL), -EINVAL);
	assert_int_equal(mr_device_resources(NULL), -EINVAL);
	assert_int_equal(devm_add_action(NULL, record, NULL), -EINVAL);
	assert_int_equal(devm_add_action(dev, NULL, NULL), -EINVAL);
	mr_device_free(dev);
	mr_device_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devm_error_codes),
		cmocka_unit_test(test_devm_enomem),
		cmocka_unit_test(test_devm_unmap),
		cmocka_unit_test(test_unbind_lifo),
		cmocka_unit_test(test_close_machine_under_device),
		cmocka_unit_test(test_device_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
