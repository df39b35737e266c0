// SPDX-License-Identifier: MIT
/*
 * Count the loads and stores that touch a page, for test_regs_count.py
 * (through ctypes), as tests/cli/test_rmw.c counts the CLI's: the page is
 * made inaccessible, each instruction that touches it faults, is counted
 * (a read or a write, from the page fault's error code) and is
 * single-stepped with the page open. x86-64 only: the trap flag is EFLAGS'
 * and the error code is in REG_ERR.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define TF	 0x100 /* EFLAGS trap flag: a SIGTRAP after the next instruction */
#define PF_WRITE 0x2   /* the page fault's error code: the access was a write */

static uint8_t *watched;
static size_t page;
static volatile sig_atomic_t reads, writes;
static struct sigaction old_segv, old_trap;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uint8_t *a = si->si_addr;

	(void)sig;
	if (!watched || a < watched || a >= watched + page) {
		sigaction(SIGSEGV, &old_segv, NULL); /* not ours: fault again, for real */
		return;
	}
	if (uc->uc_mcontext.gregs[REG_ERR] & PF_WRITE)
		writes++;
	else
		reads++;
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

int mrpy_trap_watch(void *addr);
int mrpy_trap_stop(unsigned int *nreads, unsigned int *nwrites);

/* Watch the page of @addr: 0, or -1 with errno. */
int mrpy_trap_watch(void *addr)
{
	struct sigaction sa;

	page = (size_t)sysconf(_SC_PAGESIZE);
	watched = (uint8_t *)((uintptr_t)addr & ~(uintptr_t)(page - 1));
	reads = writes = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sa.sa_sigaction = on_segv;
	if (sigaction(SIGSEGV, &sa, &old_segv))
		return -1;
	sa.sa_sigaction = on_trap;
	if (sigaction(SIGTRAP, &sa, &old_trap))
		goto undo_segv;
	if (mprotect(watched, page, PROT_NONE))
		goto undo_trap;
	return 0;
undo_trap:
	sigaction(SIGTRAP, &old_trap, NULL);
undo_segv:
	sigaction(SIGSEGV, &old_segv, NULL);
	watched = NULL;
	return -1;
}

/* Stop watching: the reads and writes counted since mrpy_trap_watch(). */
int mrpy_trap_stop(unsigned int *nreads, unsigned int *nwrites)
{
	int ret = mprotect(watched, page, PROT_READ | PROT_WRITE);

	sigaction(SIGTRAP, &old_trap, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	watched = NULL;
	*nreads = (unsigned int)reads;
	*nwrites = (unsigned int)writes;
	return ret;
}
