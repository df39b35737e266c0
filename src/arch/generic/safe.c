// SPDX-License-Identifier: MIT
/*
 * Copies to and from a mapping that turn SIGBUS and SIGSEGV into an error
 * return (memremap/safe.h).
 *
 * Each copy publishes, in a thread-local pointer, a record of the ranges it
 * touches and a sigsetjmp() buffer, and puts the handlers in front of
 * whatever is installed for SIGBUS and SIGSEGV for as long as any copy runs
 * (a count across threads; the last copy to finish puts back what it found,
 * unless someone changed it meanwhile). A fault inside the ranges of the
 * faulting thread's copy jumps back into that copy, which returns -EIO or
 * -EFAULT; any other fault (another thread's, outside the ranges, or a
 * signal sent by kill()) goes to the handler that was in front before, or,
 * for the default action, is left to kill the process as it would have.
 * Outside copies the application's handlers are all there is.
 *
 * The handler is the fault dispatcher's (fault.c); this file is one of its
 * clients. Everything on the way in and out is async-signal-safe, so a
 * copy may run inside a signal handler that interrupted another copy on
 * the same thread.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include <memremap/safe.h>

#include "mr_arch.h"

struct mr__safe_copy {
	sigjmp_buf env;
	uintptr_t first[2], last[2]; /* the two ranges touched, inclusive */
	sigset_t mask;		     /* the caller's signal mask */
	volatile sig_atomic_t sig;   /* set by the handler */
	void *volatile addr;	     /* where the fault hit */
	struct mr__safe_copy *prev;  /* a copy this one interrupted */
};

static _Thread_local struct mr__safe_copy *volatile mr__safe_cur MR__TLS_IE;

/*
 * arm64 ignores the top byte of a user address (TBI) and reports faults
 * without it, unless asked with SA_EXPOSE_TAGBITS: compare untagged.
 */
static uintptr_t mr__safe_untag(uintptr_t a)
{
#if defined(__aarch64__)
	return a & ~((uintptr_t)0xff << 56);
#else
	return a;
#endif
}

static bool mr__safe_in(uintptr_t a, uintptr_t first, uintptr_t last)
{
	if (a >= first && a <= last)
		return true;
	a = mr__safe_untag(a);
	first = mr__safe_untag(first);
	last = mr__safe_untag(last);
	/* An untagged range that wrapped past the tag is never a real one. */
	return first <= last && a >= first && a <= last;
}

static bool mr__safe_hits(const struct mr__safe_copy *c, const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	return mr__safe_in(a, c->first[0], c->last[0]) || mr__safe_in(a, c->first[1], c->last[1]);
}

/*
 * Some addresses fault without saying where. x86-64 reports an access to a
 * non-canonical address (bits 63..47 not all alike) as a general
 * protection fault: SIGSEGV, SI_KERNEL, si_addr 0. On arm64 an address
 * beyond the 48-bit space (once the ignored top byte is dropped) faults,
 * and QEMU's user-mode emulation reports it with si_addr 0. If the copy's
 * ranges hold such an address, that fault is the copy's: *@at gets it.
 */
static bool mr__safe_unreachable(const struct mr__safe_copy *c, const siginfo_t *si, void **at)
{
	if (si->si_signo != SIGSEGV || si->si_addr)
		return false;
	for (int i = 0; i < 2; i++) {
#if defined(__x86_64__)
		uintptr_t a = c->first[i], low_top = ((uintptr_t)1 << 47) - 1;

		/* The range leaves the lower half, or starts above it and below the upper. */
		if (si->si_code == SI_KERNEL && c->last[i] > low_top && a < ~low_top) {
			*at = (void *)(a > low_top ? a : low_top + 1);
			return true;
		}
#elif defined(__aarch64__)
		uintptr_t a = mr__safe_untag(c->first[i]), last = mr__safe_untag(c->last[i]);

		if (last >> 48 || last < a) {
			*at = (void *)c->first[i];
			return true;
		}
#endif
	}
	(void)c;
	(void)at;
	return false;
}

/* The dispatcher's client: a fault inside the ranges of this thread's copy ends it. */
static bool mr__safe_claim(int sig, siginfo_t *si, void *uc)
{
	struct mr__safe_copy *c = mr__safe_cur;
	void *addr = si->si_addr;

	(void)uc;
	/* A trapped range's access is its model's to answer (trap.c), copy or not. */
	if (!c || (sig == SIGSEGV && mr__trap_owns(addr)))
		return false;
	if (!mr__safe_hits(c, addr) && !mr__safe_unreachable(c, si, &addr))
		return false;
	c->sig = sig;
	c->addr = addr;
	siglongjmp(c->env, 1);
}

/* ------------------------------------------------------------- the copies */

/*
 * The copies touch memory that may be gone on purpose: a sanitizer's own
 * check of such an address (its shadow of a non-canonical address lies in a
 * gap it keeps unmapped) would fault where the copy cannot tell it is its
 * own fault. So these two loops are not instrumented: a sanitizer could not
 * judge memory that may vanish under the copy anyway.
 */
#define MR__NO_SANITIZE __attribute__((no_sanitize_address))

/* Device side: bytes to an 8-byte boundary, aligned 8-byte loads, bytes. */
MR__NO_SANITIZE __attribute__((noinline)) static void
mr__copy_fromio(unsigned char *d, const volatile unsigned char *s, size_t n)
{
	uint64_t v;

	for (; n && ((uintptr_t)s & 7); n--)
		*d++ = *s++;
	for (; n >= 8; n -= 8, s += 8, d += 8) {
		v = *(const volatile uint64_t *)s;
		memcpy(d, &v, 8);
	}
	while (n--)
		*d++ = *s++;
}

MR__NO_SANITIZE __attribute__((noinline)) static void
mr__copy_toio(volatile unsigned char *d, const unsigned char *s, size_t n)
{
	uint64_t v;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = *s++;
	for (; n >= 8; n -= 8, s += 8, d += 8) {
		memcpy(&v, s, 8);
		*(volatile uint64_t *)d = v;
	}
	while (n--)
		*d++ = *s++;
}

static int mr__safe_fault(const struct mr__safe_copy *c, const char *who)
{
	if (c->sig == SIGBUS)
		return mr__err(EIO,
			       "%s: SIGBUS at %p: the memory behind the mapping is gone (device "
			       "removed or reset, range revoked, backing file truncated)",
			       who, c->addr);
	return mr__err(EFAULT,
		       "%s: SIGSEGV at %p: the address is not mapped, or not for this access", who,
		       c->addr);
}

static int mr__safe_copy(void *dst, const void *src, size_t n, bool toio, const char *who)
{
	struct mr__safe_copy c;
	int ret;

	if (!n)
		return 0;
	if (!dst || !src)
		return mr__err(EINVAL, "%s: NULL %s", who, dst ? "source" : "destination");
	if ((uintptr_t)dst + (n - 1) < (uintptr_t)dst || (uintptr_t)src + (n - 1) < (uintptr_t)src)
		return mr__err(EINVAL, "%s: %zu bytes wrap around the address space", who, n);
	memset(&c, 0, sizeof(c));
	/* A blocked SIGBUS at a fault would kill the process without a handler. */
	ret = mr__fault_client(mr__safe_claim);
	if (!ret)
		ret = mr__fault_arm_unblocked(&c.mask);
	if (ret)
		return ret;
	c.first[0] = (uintptr_t)dst;
	c.last[0] = (uintptr_t)dst + (n - 1);
	c.first[1] = (uintptr_t)src;
	c.last[1] = (uintptr_t)src + (n - 1);
	c.prev = mr__safe_cur;
	if (sigsetjmp(c.env, 0)) {
		mr__safe_cur = c.prev;
		mr__fault_disarm_restore(&c.mask);
		return mr__safe_fault(&c, who);
	}
	mr__safe_cur = &c;
	atomic_signal_fence(memory_order_seq_cst);
	if (toio)
		mr__copy_toio(dst, src, n);
	else
		mr__copy_fromio(dst, src, n);
	atomic_signal_fence(memory_order_seq_cst);
	mr__safe_cur = c.prev;
	mr__fault_disarm_restore(&c.mask);
	return 0;
}

int mr_memcpy_fromio_safe(void *dst, const void *src, size_t n)
{
	return mr__safe_copy(dst, src, n, false, "mr_memcpy_fromio_safe");
}

int mr_memcpy_toio_safe(void *dst, const void *src, size_t n)
{
	return mr__safe_copy(dst, src, n, true, "mr_memcpy_toio_safe");
}
