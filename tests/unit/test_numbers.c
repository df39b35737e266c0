// SPDX-License-Identifier: MIT
/*
 * The number parser of machine specs and the tool, table-driven: what it accepts and, above all,
 * what it refuses (overflow, negatives, junk, empties), since a typo that
 * parses is a write to the wrong address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "numbers.h"

struct num_case {
	const char *in;
	enum mr__num_err err;
	uint64_t want;
};

static const struct num_case num_cases[] = {
	{"0", MR__NUM_OK, 0},
	{"4096", MR__NUM_OK, 4096},
	{"010", MR__NUM_OK, 10}, /* no octal */
	{"0x0", MR__NUM_OK, 0},
	{"0xfe000000", MR__NUM_OK, 0xfe000000},
	{"0XFE000000", MR__NUM_OK, 0xfe000000},
	{"0xDeadBeef", MR__NUM_OK, 0xdeadbeef},
	{"4K", MR__NUM_OK, 4096},
	{"4k", MR__NUM_OK, 4096},
	{"16M", MR__NUM_OK, 16 << 20},
	{"2G", MR__NUM_OK, 2ULL << 30},
	{"1T", MR__NUM_OK, 1ULL << 40},
	{"0x10K", MR__NUM_OK, 0x4000},
	{"18446744073709551615", MR__NUM_OK, UINT64_MAX},
	{"0xffffffffffffffff", MR__NUM_OK, UINT64_MAX},
	{"0x0000000000000000001", MR__NUM_OK, 1}, /* leading zeros are not digits of value */
	{"16777215T", MR__NUM_OK, 16777215ULL << 40},
	/* the suffixes sizes are printed with */
	{"4KiB", MR__NUM_OK, 4096},
	{"1MiB", MR__NUM_OK, 1 << 20},
	{"16MiB", MR__NUM_OK, 16 << 20},
	{"2GiB", MR__NUM_OK, 2ULL << 30},
	{"1TiB", MR__NUM_OK, 1ULL << 40},
	{"4P", MR__NUM_OK, 4ULL << 50},
	{"4PiB", MR__NUM_OK, 4ULL << 50},
	{"15E", MR__NUM_OK, 15ULL << 60},
	{"1EiB", MR__NUM_OK, 1ULL << 60},
	{"0x10KiB", MR__NUM_OK, 0x4000},
	{"0x1E", MR__NUM_OK, 0x1e}, /* in hex, E is a digit */
	{"4kiB", MR__NUM_OK, 4096},
	/* empty */
	{"", MR__NUM_EMPTY, 0},
	{NULL, MR__NUM_EMPTY, 0},
	/* signs and blanks */
	{"-1", MR__NUM_NEGATIVE, 0},
	{"-0x10", MR__NUM_NEGATIVE, 0},
	{"+1", MR__NUM_SIGN, 0},
	{" 1", MR__NUM_SIGN, 0},
	{"\t1", MR__NUM_SIGN, 0},
	/* not digits */
	{"x", MR__NUM_DIGITS, 0},
	{"0x", MR__NUM_DIGITS, 0},
	{"0xg", MR__NUM_DIGITS, 0},
	{"K", MR__NUM_DIGITS, 0},
	{"0x-1", MR__NUM_DIGITS, 0},
	/* junk after the number */
	{"1 ", MR__NUM_SUFFIX, 0},
	{"12abc", MR__NUM_SUFFIX, 0},
	{"4KB", MR__NUM_SUFFIX, 0},
	{"4KK", MR__NUM_SUFFIX, 0},
	{"1.5M", MR__NUM_SUFFIX, 0},
	{"4Z", MR__NUM_SUFFIX, 0},
	{"4Ki", MR__NUM_SUFFIX, 0},
	{"4KIB", MR__NUM_SUFFIX, 0},
	{"4Kib", MR__NUM_SUFFIX, 0},
	{"4KiBs", MR__NUM_SUFFIX, 0},
	{"4 KiB", MR__NUM_SUFFIX, 0},
	{"4iB", MR__NUM_SUFFIX, 0},
	{"0x1EiB", MR__NUM_SUFFIX, 0},
	{"0x1z", MR__NUM_SUFFIX, 0},
	{"1_000", MR__NUM_SUFFIX, 0},
	/* overflow */
	{"18446744073709551616", MR__NUM_OVERFLOW, 0},
	{"99999999999999999999999", MR__NUM_OVERFLOW, 0},
	{"0x10000000000000000", MR__NUM_OVERFLOW, 0},
	{"16777216T", MR__NUM_OVERFLOW, 0},
	{"17179869184G", MR__NUM_OVERFLOW, 0},
	{"0xffffffffffffffffK", MR__NUM_OVERFLOW, 0},
	{"16E", MR__NUM_OVERFLOW, 0},
	{"16384PiB", MR__NUM_OVERFLOW, 0},
};

static void test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(num_cases) / sizeof(num_cases[0]); i++) {
		const struct num_case *t = &num_cases[i];
		uint64_t v = 0x5a5a5a5a;
		enum mr__num_err err = mr__num_parse(t->in, &v);

		if (err != t->err)
			fail_msg("'%s': error %d, want %d", t->in ? t->in : "(null)", err, t->err);
		if (err == MR__NUM_OK && v != t->want)
			fail_msg("'%s': %llu, want %llu", t->in, (unsigned long long)v,
				 (unsigned long long)t->want);
		/* A refused number leaves the output alone. */
		if (err != MR__NUM_OK && v != 0x5a5a5a5a)
			fail_msg("'%s': output changed on error", t->in ? t->in : "(null)");
	}
}

static void test_parse_range(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(mr__num_parse_range("8", 1, 64, &v), MR__NUM_OK);
	assert_int_equal(v, 8);
	assert_int_equal(mr__num_parse_range("0", 1, 64, &v), MR__NUM_RANGE);
	assert_int_equal(mr__num_parse_range("65", 1, 64, &v), MR__NUM_RANGE);
	assert_int_equal(mr__num_parse_range("-8", 1, 64, &v), MR__NUM_NEGATIVE);
	assert_int_equal(v, 8);
}

static void test_fits(void **state)
{
	(void)state;
	assert_true(mr__num_fits(0xff, 8));
	assert_false(mr__num_fits(0x100, 8));
	assert_true(mr__num_fits(0xffff, 16));
	assert_false(mr__num_fits(0x10000, 16));
	assert_true(mr__num_fits(0xffffffff, 32));
	assert_false(mr__num_fits(0x100000000ULL, 32));
	assert_true(mr__num_fits(UINT64_MAX, 64));
}

static void test_strerror(void **state)
{
	int e;

	(void)state;
	/* Every error has its own message: the user is told which mistake. */
	for (e = MR__NUM_EMPTY; e <= MR__NUM_RANGE; e++) {
		assert_non_null(mr__num_strerror((enum mr__num_err)e));
		assert_string_not_equal(mr__num_strerror((enum mr__num_err)e), "bad number");
		if (e > MR__NUM_EMPTY)
			assert_string_not_equal(mr__num_strerror((enum mr__num_err)e),
						mr__num_strerror((enum mr__num_err)(e - 1)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_range),
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
