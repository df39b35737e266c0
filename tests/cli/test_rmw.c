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

#define TF 0x100 /* EFLAGS trap flag: a SIGTRAP after the next instruction */

static uint8_t *watched;
static size_t page;
static volatile sig_atomic_t faults;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uint8_t *a = si->si_addr;

	(void)sig;
	if (a < watched || a >= watched + page) {
		signal(SIGSEGV, SIG_DFL); /* not ours: fault again, for real */
		return;
	}
	faults++;
	mprotect(watched, page, PROT_READ | PROT_WRITE);
	uc->uc_mcontext.gregs[REG_EFL] |= TF;
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)TF;
	mprotect(watched, page, PROT_NONE);
}

static void watch(bool on)
{
	assert_int_equal(mprotect(watched, page, on ? PROT_NONE : PROT_READ | PROT_WRITE), 0);
	if (on)
		faults = 0;
}

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
	struct sigaction sa = {.sa_flags = SA_SIGINFO}, old_segv, old_trap;
	uint8_t *p, around[32];
	size_t i;

	(void)state;
	page = (size_t)sysconf(_SC_PAGESIZE);
	watched = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(watched != MAP_FAILED);
	p = watched + 64;
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_segv;
	assert_int_equal(sigaction(SIGSEGV, &sa, &old_segv), 0);
	sa.sa_sigaction = on_trap;
	assert_int_equal(sigaction(SIGTRAP, &sa, &old_trap), 0);

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

	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGTRAP, &old_trap, NULL);
	munmap(watched, page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_read_one_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
