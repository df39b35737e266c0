// SPDX-License-Identifier: MIT
/*
 * Trapped ranges: address ranges mapped without access rights whose every
 * load and store faults and is emulated against an access function (a
 * device model). This file keeps the table of ranges, is the fault
 * dispatcher's client for them, and opens the instruction emulator
 * (libmemremap-trap.so.0, built on Capstone) with dlopen the first time a
 * range is added, so that libmemremap itself needs libc alone.
 *
 * The handler finds the range from the faulting address through its own
 * table, never through anything the faulting code holds: a compiler may
 * load through a pointer before storing it anywhere. The table is a fixed
 * array of slots read without locks: a slot is filled, then published by
 * its end address (release); taken down by clearing the end first. The
 * dispatcher stays armed while any range exists.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "mr_arch.h"
#include "trap_abi.h"

#define MR__TRAP_SLOTS 256

struct mr__trap {
	_Atomic uintptr_t end; /* 0: free; published last */
	uintptr_t start;
	mr__trap_access_fn fn;
	void *cookie;
	uint64_t phys;		 /* of @start, for traces */
	_Atomic unsigned int id; /* the trace's map id */
};

static struct mr__trap mr__traps[MR__TRAP_SLOTS];
static _Atomic unsigned int mr__ntraps;
static _Atomic size_t mr__traps_hi; /* slots from here up were never used */
static pthread_mutex_t mr__trap_lock = PTHREAD_MUTEX_INITIALIZER;
static mr__trap_emulate_fn mr__trap_emulate;
static _Atomic unsigned long mr__trap_count;

/* ---------------------------------------------------------------- the table */

static struct mr__trap *mr__trap_find(uintptr_t addr)
{
	size_t i;
	size_t hi;

	if (!atomic_load_explicit(&mr__ntraps, memory_order_acquire))
		return NULL;
	hi = atomic_load_explicit(&mr__traps_hi, memory_order_acquire);
	for (i = 0; i < hi; i++) {
		uintptr_t end = atomic_load_explicit(&mr__traps[i].end, memory_order_acquire);

		if (end && addr >= mr__traps[i].start && addr < end)
			return &mr__traps[i];
	}
	return NULL;
}

bool mr__trap_owns(const volatile void *addr)
{
	return mr__trap_find((uintptr_t)addr) != NULL;
}

unsigned long mr__trap_emulated(void)
{
	return atomic_load(&mr__trap_count);
}

/* ------------------------------------------------------ the access side */

struct mr__trap_ctx {
	uintptr_t pc;
};

/*
 * An access of the emulated instruction: to a trapped range, the model;
 * anywhere else (the other side of a movs, a stack operand), memory.
 */
static int mr__trap_read(void *ctx, uintptr_t addr, unsigned int width, uint64_t *val)
{
	struct mr__trap_ctx *c = ctx;
	struct mr__trap *t = mr__trap_find(addr);
	int ret;

	if (!t) {
		*val = 0;
		memcpy(val, (const void *)addr, width);
		return 0;
	}
	if (addr + width > atomic_load(&t->end))
		return -EFAULT; /* runs off the end: no device answers there */
	ret = t->fn(t->cookie, addr - t->start, width, false, val);
	if (!ret)
		mr__trace_rw(false, width, t->id, t->phys + (addr - t->start), *val, c->pc);
	return ret;
}

static int mr__trap_write(void *ctx, uintptr_t addr, unsigned int width, uint64_t val)
{
	struct mr__trap_ctx *c = ctx;
	struct mr__trap *t = mr__trap_find(addr);

	if (!t) {
		memcpy((void *)addr, &val, width);
		return 0;
	}
	if (addr + width > atomic_load(&t->end))
		return -EFAULT;
	/*
	 * Recorded before the model sees it: an interrupt the write raises
	 * runs a handler in another thread, whose accesses come after it.
	 */
	mr__trace_rw(true, width, t->id, t->phys + (addr - t->start), val, c->pc);
	return t->fn(t->cookie, addr - t->start, width, true, &val);
}

static uintptr_t mr__trap_pc(const void *uc)
{
	const ucontext_t *u = uc;

#if defined(__x86_64__)
	return (uintptr_t)u->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (uintptr_t)u->uc_mcontext.pc;
#else
	(void)u;
	return 0;
#endif
}

/* Async-signal-safe: the emulator's message on stderr, then the fault goes on. */
static void mr__trap_say(const char *why)
{
	static const char pre[] = "memremap: a trapped access cannot be emulated: ";
	ssize_t w;

	w = write(STDERR_FILENO, pre, sizeof(pre) - 1);
	w = write(STDERR_FILENO, why, strlen(why));
	w = write(STDERR_FILENO, "\n", 1);
	(void)w;
}

static bool mr__trap_claim(int sig, siginfo_t *si, void *uc)
{
	uintptr_t addr = (uintptr_t)si->si_addr;
	struct mr__trap_ctx ctx;
	struct mr__trap_io io = {&ctx, mr__trap_read, mr__trap_write};
	char why[160];

#if defined(__aarch64__)
	addr &= ~((uintptr_t)0xff << 56); /* top-byte tags: see safe.c */
#endif
	if (sig != SIGSEGV || !mr__trap_find(addr) || !mr__trap_emulate)
		return false;
	ctx.pc = mr__trap_pc(uc);
	why[0] = '\0';
	if (mr__trap_emulate(uc, addr, &io, why, sizeof(why))) {
		mr__trace_flush(); /* the fault may end the process */
		mr__trap_say(why);
		return false;
	}
	atomic_fetch_add_explicit(&mr__trap_count, 1, memory_order_relaxed);
	return true;
}

/* ---------------------------------------------------------- the emulator */

static int mr__trap_load(void)
{
	mr__trap_init_fn init;
	void *lib;
	char why[160] = "";
	int ret;

	if (mr__trap_emulate)
		return 0;
	lib = mr__optional(MR__TRAP_SONAME, "trapping accesses to a device model",
			   MR__TRAP_PACKAGE);
	if (!lib)
		return -errno;
	init = (mr__trap_init_fn)mr__optional_sym(lib, MR__TRAP_INIT, MR__TRAP_SONAME);
	if (!init)
		return -ENOSYS;
	ret = init(MR__TRAP_ABI, why, sizeof(why));
	if (ret)
		return mr__err(-ret, "%s: %s", MR__TRAP_SONAME, why);
	mr__trap_emulate =
		(mr__trap_emulate_fn)mr__optional_sym(lib, MR__TRAP_EMULATE, MR__TRAP_SONAME);
	return mr__trap_emulate ? 0 : -ENOSYS;
}

/* ------------------------------------------------------------ add, remove */

int mr__trap_add(void *base, size_t len, mr__trap_access_fn fn, void *cookie, uint64_t phys,
		 unsigned int id)
{
	size_t i;
	int ret;

	if (!len || (uintptr_t)base + len < (uintptr_t)base)
		return mr__err(EINVAL, "trap: empty or wrapping range");
	pthread_mutex_lock(&mr__trap_lock);
	ret = mr__trap_load();
	if (ret)
		goto out_unlock;
	ret = mr__fault_client(mr__trap_claim);
	if (ret)
		goto out_unlock;
	for (i = 0; i < MR__TRAP_SLOTS && atomic_load(&mr__traps[i].end); i++)
		;
	if (i == MR__TRAP_SLOTS) {
		ret = mr__err(ENOSPC, "trap: more than %d trapped ranges", MR__TRAP_SLOTS);
		goto out_unlock;
	}
	ret = mr__fault_arm();
	if (ret)
		goto out_unlock;
	mr__traps[i].start = (uintptr_t)base;
	mr__traps[i].fn = fn;
	mr__traps[i].cookie = cookie;
	mr__traps[i].phys = phys;
	atomic_store(&mr__traps[i].id, id);
	atomic_store_explicit(&mr__traps[i].end, (uintptr_t)base + len, memory_order_release);
	if (i + 1 > atomic_load(&mr__traps_hi))
		atomic_store_explicit(&mr__traps_hi, i + 1, memory_order_release);
	atomic_fetch_add_explicit(&mr__ntraps, 1, memory_order_release);
out_unlock:
	pthread_mutex_unlock(&mr__trap_lock);
	return ret;
}

void mr__trap_remove(void *base)
{
	size_t i;

	pthread_mutex_lock(&mr__trap_lock);
	for (i = 0; i < MR__TRAP_SLOTS; i++) {
		if (atomic_load(&mr__traps[i].end) && mr__traps[i].start == (uintptr_t)base) {
			atomic_store_explicit(&mr__traps[i].end, 0, memory_order_release);
			atomic_fetch_sub(&mr__ntraps, 1);
			mr__fault_disarm();
			break;
		}
	}
	pthread_mutex_unlock(&mr__trap_lock);
}
