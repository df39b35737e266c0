// SPDX-License-Identifier: MIT
/*
 * A program as it was built against MEMREMAP_0, before struct device was
 * embeddable: its devm_* references are bound to the MEMREMAP_0 versions
 * (here with .symver, as a binary linked then has them; the packaging test
 * checks the binding with readelf). They must keep working on devices from
 * mr_device_new(), and refuse a device the library did not make, which
 * only the MEMREMAP_0.5 versions take.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include <memremap.h>
#include <memremap/device.h>

__asm__(".symver old_devm_memremap, devm_memremap@MEMREMAP_0");
__asm__(".symver old_devm_memunmap, devm_memunmap@MEMREMAP_0");
__asm__(".symver old_devm_add_action, devm_add_action@MEMREMAP_0");
__asm__(".symver old_devm_add_action_or_reset, devm_add_action_or_reset@MEMREMAP_0");
void *old_devm_memremap(struct device *dev, resource_size_t offset, size_t size,
			unsigned long flags);
void old_devm_memunmap(struct device *dev, void *addr);
int old_devm_add_action(struct device *dev, void (*action)(void *), void *data);
int old_devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

#define REGS 0xfe000000ULL

static int calls;

static void count(void *arg)
{
	(void)arg;
	calls++;
}

static void test_old_binary_old_device(void **state)
{
	struct mr_machine *m = *state;
	struct device *dev = mr_device_new("old-style");
	void *p;

	assert_non_null(dev);
	p = old_devm_memremap(dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR(p));
	assert_int_equal(mr_machine_mappings(m), 1);
	old_devm_memunmap(dev, p);
	assert_int_equal(mr_machine_mappings(m), 0);
	p = old_devm_memremap(dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR(p));
	calls = 0;
	assert_int_equal(old_devm_add_action(dev, count, NULL), 0);
	assert_int_equal(old_devm_add_action_or_reset(dev, count, NULL), 0);
	assert_int_equal(mr_device_resources(dev), 3);
	mr_device_free(dev);
	assert_int_equal(calls, 2);
	assert_int_equal(mr_machine_mappings(m), 0);
}

static void test_old_versions_refuse_embedded(void **state)
{
	struct mr_machine *m = *state;
	struct device dev = {0};
	void *p;

	device_initialize(&dev);
	dev_set_name(&dev, "embedded");
	p = old_devm_memremap(&dev, REGS, 0x1000, MEMREMAP_WT);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "MEMREMAP_0"));
	calls = 0;
	assert_int_equal(old_devm_add_action_or_reset(&dev, count, NULL), -EINVAL);
	assert_int_equal(calls, 1); /* "or reset": the action ran */
	/* The same call, bound to today's version, takes it. */
	p = devm_memremap(&dev, REGS, 0x1000, MEMREMAP_WT);
	assert_false(IS_ERR(p));
	assert_int_equal(mr_machine_mappings(m), 1);
	put_device(&dev); /* no release function: warned about, resources released */
	assert_int_equal(mr_machine_mappings(m), 0);
}

static void test_both_versions_exported(void **state)
{
	void *lib = dlopen("libmemremap.so.0", RTLD_NOW | RTLD_NOLOAD);
	const char *names[] = {"devm_memremap", "devm_memunmap", "devm_add_action",
			       "devm_add_action_or_reset"};

	(void)state;
	assert_non_null(lib);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		void *v0 = dlvsym(lib, names[i], "MEMREMAP_0");
		void *v5 = dlvsym(lib, names[i], "MEMREMAP_0.5");

		assert_non_null(v0);
		assert_non_null(v5);
		assert_ptr_not_equal(v0, v5);
		assert_ptr_equal(dlsym(lib, names[i]), v5); /* new links get today's */
	}
	dlclose(lib);
}

static int setup(void **state)
{
	struct mr_machine *m;

	if (mr_machine_open(&m, "sim"))
		return -1;
	mr_machine_use(m);
	*state = m;
	mr_set_log(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	mr_machine_use(NULL);
	mr_machine_close(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_binary_old_device),
		cmocka_unit_test(test_old_versions_refuse_embedded),
		cmocka_unit_test(test_both_versions_exported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
