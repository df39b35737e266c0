/* SPDX-License-Identifier: MIT */
/*
 * A page that counts the instructions touching it, for tests of how many
 * accesses a piece of code makes (x86-64 only: the trap flag is EFLAGS').
 * The page is inaccessible while watched; each instruction that touches it
 * faults, is counted, and is single-stepped with the page open, then the
 * page is closed again. The includer has <cmocka.h> already.
 *
 *   mr_watch_begin(&w);  watch(true); ...code...; watch(false);
 *   assert_int_equal(faults, N);  mr_watch_end(&w);
 */
#ifndef MR_WATCH_H
#define MR_WATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define MR_WATCH_TF 0x100 /* EFLAGS trap flag: a SIGTRAP after the next instruction */

static uint8_t *watched;
static size_t page;
static volatile sig_atomic_t faults;

static void mr_watch_on_segv(int sig, siginfo_t *si, void *ctx)
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
	uc->uc_mcontext.gregs[REG_EFL] |= MR_WATCH_TF;
}

static void mr_watch_on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)MR_WATCH_TF;
	mprotect(watched, page, PROT_NONE);
}

/* Close (and zero the count) or open the watched page. */
static void watch(bool on)
{
	assert_int_equal(mprotect(watched, page, on ? PROT_NONE : PROT_READ | PROT_WRITE), 0);
	if (on)
		faults = 0;
}

/* The handlers that were there before. */
struct mr_watch {
	struct sigaction old_segv, old_trap;
};

/* Map the page (open) and install the handlers. */
static void mr_watch_begin(struct mr_watch *w)
{
	struct sigaction sa = {.sa_flags = SA_SIGINFO};

	page = (size_t)sysconf(_SC_PAGESIZE);
	watched = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(watched != MAP_FAILED);
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = mr_watch_on_segv;
	assert_int_equal(sigaction(SIGSEGV, &sa, &w->old_segv), 0);
	sa.sa_sigaction = mr_watch_on_trap;
	assert_int_equal(sigaction(SIGTRAP, &sa, &w->old_trap), 0);
}

static void mr_watch_end(struct mr_watch *w)
{
	sigaction(SIGSEGV, &w->old_segv, NULL);
	sigaction(SIGTRAP, &w->old_trap, NULL);
	munmap(watched, page);
	watched = NULL;
}

#endif /* MR_WATCH_H */
