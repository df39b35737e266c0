// SPDX-License-Identifier: MIT
/*
 * Optional parts (base/optional.c): a library found through
 * $MEMREMAP_LIBDIR, its symbols, and a clear ENOSYS when it is missing.
 */
#include <dlfcn.h>

#include "mr_base.h"
#include "mr_test.h"

static void test_found_in_libdir(void **state)
{
	int (*answer)(void);
	void *lib;

	(void)state;
	setenv("MEMREMAP_LIBDIR", MR_TEST_BUILD_DIR, 1);
	lib = mr__optional("libmr-test-optional.so", "the test", "none");
	if (!lib)
		fail_msg("%s", mr_errmsg());
	answer = (int (*)(void))mr__optional_sym(lib, "mr_test_optional_answer",
						 "libmr-test-optional.so");
	assert_non_null(answer);
	assert_int_equal(answer(), 42);
	assert_null(mr__optional_sym(lib, "no_such_symbol", "libmr-test-optional.so"));
	assert_int_equal(errno, ENOSYS);
	assert_non_null(strstr(mr_errmsg(), "no_such_symbol"));
	unsetenv("MEMREMAP_LIBDIR");
}

static void test_missing(void **state)
{
	(void)state;
	errno = 0;
	assert_null(
		mr__optional("libmr-no-such-library.so.0", "device models", "libmemremap-sim0"));
	assert_int_equal(errno, ENOSYS);
	assert_non_null(strstr(mr_errmsg(), "device models"));
	assert_non_null(strstr(mr_errmsg(), "libmemremap-sim0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_in_libdir),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
