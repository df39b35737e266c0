// SPDX-License-Identifier: MIT
/*
 * `memremap write --set/--clear/--mask` touches the register once to read
 * and once to write, with accesses of the width asked: mr_cli_rmw(), the one
 * call the command makes on its mapping, counted on a trapped page. The
 * page is inaccessible; each instruction that touches it faults, is
 * counted, and is single-stepped with the page open (as tests/unit/test_io.c
 * counts the accessors). x86-64 only: the trap flag is EFLAGS'.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cmocka.h>

#include "mmio.h"
#include "mr_watch.h"

struct rmw_case {
	unsigned int bits;
	uint64_t before, mask, value, after;
};

static const struct rmw_case rmw_cases[] = {
	{8, 0x11, 0x80, 0x80, 0x91},		      /* --set 0x80 */
	{16, 0xbeef, 0x000f, 0, 0xbee0},	      /* --clear 0xf */
	{32, 0x000055aa, 0xff00, 0x1200, 0x000012aa}, /* --mask 0xff00 0x1200 */
	{64, 0x1122334455667788, 1ULL << 63, 1ULL << 63, 0x9122334455667788}, /* --set bit 63 */
};

static void test_one_read_one_write(void **state)
{
	struct mr_watch w;
	uint8_t *p, around[32];
	size_t i;

	(void)state;
	mr_watch_begin(&w);
	p = watched + 64;

	for (i = 0; i < sizeof(rmw_cases) / sizeof(rmw_cases[0]); i++) {
		const struct rmw_case *t = &rmw_cases[i];
		uint64_t old, got = 0;

		memset(watched, 0xee, page);
		memcpy(p, &t->before, t->bits / 8); /* little-endian */
		memcpy(around, p - 8, sizeof(around));
		watch(true);
		old = mr_cli_rmw(p, t->bits, t->mask, t->value);
		watch(false);
		assert_int_equal(faults, 2); /* one read, one write: no more */
		assert_int_equal(old, t->before);
		memcpy(&got, p, t->bits / 8);
		assert_int_equal(got, t->after);
		/* Exactly the width asked: nothing before or after it changed. */
		assert_memory_equal(p - 8, around, 8);
		assert_memory_equal(p + t->bits / 8, around + 8 + t->bits / 8,
				    sizeof(around) - 8 - t->bits / 8);
	}
	mr_watch_end(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_read_one_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
