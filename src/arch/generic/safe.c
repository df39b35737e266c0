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
 * The handlers run only async-signal-safe calls: sigaction(), raise(),
 * pthread_sigmask() and siglongjmp().
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include <memremap/safe.h>

#include "mr_arch.h"

/* Static TLS: the handler must not allocate a dynamic TLS block. */
#define MR__TLS_IE __attribute__((tls_model("initial-exec")))

struct mr__safe_copy {
	sigjmp_buf env;
	uintptr_t first[2], last[2]; /* the two ranges touched, inclusive */
	sigset_t mask;		     /* the caller's signal mask */
	volatile sig_atomic_t sig;   /* set by the handler */
	void *volatile addr;	     /* where the fault hit */
	struct mr__safe_copy *prev;  /* a copy this one interrupted */
};

static _Thread_local struct mr__safe_copy *mr__safe_cur MR__TLS_IE;

static _Thread_local int mr__safe_chaining MR__TLS_IE; /* in a chained handler */

static const int mr__safe_sigs[2] = {SIGBUS, SIGSEGV};
/* The handlers that were in front when the copies began: faults not ours go there. */
static struct sigaction mr__safe_prev[2];
static unsigned int mr__safe_active; /* copies running, in all threads */
static pthread_mutex_t mr__safe_lock = PTHREAD_MUTEX_INITIALIZER;

static int mr__safe_slot(int sig)
{
	return sig == SIGBUS ? 0 : 1;
}

static bool mr__safe_is_default(const struct sigaction *sa)
{
	return !(sa->sa_flags & SA_SIGINFO) &&
	       (sa->sa_handler == SIG_DFL || sa->sa_handler == SIG_IGN);
}

/* ------------------------------------------------------------ the handler */

static void mr__safe_handler(int sig, siginfo_t *si, void *uc);

/*
 * What would have happened without us: the default action kills with the
 * same signal. A fault repeats when the handler returns; a signal that was
 * sent must be sent again (it stays pending until the handler returns).
 */
static void mr__safe_default(int sig, const siginfo_t *si, const struct sigaction *prev)
{
	struct sigaction dfl;

	if (prev->sa_handler == SIG_IGN && si->si_code <= 0)
		return; /* a sent signal that was ignored stays ignored */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

static void mr__safe_chain(int sig, siginfo_t *si, void *uc)
{
	const struct sigaction *prev = &mr__safe_prev[mr__safe_slot(sig)];
	sigset_t mask;

	/*
	 * A handler installed while a copy ran may have saved ours as the one
	 * to pass faults on to, and we pass them to it: the second time round
	 * nobody wants the fault, so it gets the default action.
	 */
	if (mr__safe_is_default(prev) || prev->sa_sigaction == mr__safe_handler ||
	    mr__safe_chaining) {
		mr__safe_default(sig, si, prev);
		return;
	}
	/* Run it as the kernel would have: with its own mask blocked. */
	pthread_sigmask(SIG_BLOCK, &prev->sa_mask, &mask);
	mr__safe_chaining = 1;
	if (prev->sa_flags & SA_SIGINFO)
		prev->sa_sigaction(sig, si, uc);
	else
		prev->sa_handler(sig);
	mr__safe_chaining = 0;
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
}

static bool mr__safe_hits(const struct mr__safe_copy *c, const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	return (a >= c->first[0] && a <= c->last[0]) || (a >= c->first[1] && a <= c->last[1]);
}

static void mr__safe_handler(int sig, siginfo_t *si, void *uc)
{
	struct mr__safe_copy *c = mr__safe_cur;
	int saved = errno;

	/* si_code > 0: raised by the kernel for this thread's own access. */
	if (c && si->si_code > 0 && mr__safe_hits(c, si->si_addr)) {
		c->sig = sig;
		c->addr = si->si_addr;
		siglongjmp(c->env, 1);
	}
	mr__safe_chain(sig, si, uc);
	errno = saved;
}

/* ---------------------------------------------------------- installation */

/* The first copy to start puts our handlers in front of what is there. */
static int mr__safe_arm(void)
{
	struct sigaction ours;
	int i, ret = 0;

	memset(&ours, 0, sizeof(ours));
	ours.sa_sigaction = mr__safe_handler;
	/* SA_ONSTACK: a stack overflow must still reach an alternate stack. */
	ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&ours.sa_mask);
	pthread_mutex_lock(&mr__safe_lock);
	for (i = 0; !mr__safe_active && i < 2; i++) {
		if (sigaction(mr__safe_sigs[i], &ours, &mr__safe_prev[i])) {
			ret = mr__err(ENOSYS, "cannot install a handler for %s: %s",
				      i ? "SIGSEGV" : "SIGBUS", strerror(errno));
			if (i)
				sigaction(mr__safe_sigs[0], &mr__safe_prev[0], NULL);
			goto out_unlock;
		}
	}
	mr__safe_active++;
out_unlock:
	pthread_mutex_unlock(&mr__safe_lock);
	return ret;
}

/* The last copy to finish puts back what was there, unless it was changed. */
static void mr__safe_disarm(void)
{
	struct sigaction cur;
	int i;

	pthread_mutex_lock(&mr__safe_lock);
	for (i = 0; mr__safe_active == 1 && i < 2; i++)
		if (!sigaction(mr__safe_sigs[i], NULL, &cur) &&
		    cur.sa_sigaction == mr__safe_handler)
			sigaction(mr__safe_sigs[i], &mr__safe_prev[i], NULL);
	mr__safe_active--;
	pthread_mutex_unlock(&mr__safe_lock);
}

/* ------------------------------------------------------------- the copies */

/* Device side: bytes to an 8-byte boundary, aligned 8-byte loads, bytes. */
__attribute__((noinline)) static void mr__copy_fromio(unsigned char *d,
						      const volatile unsigned char *s, size_t n)
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

__attribute__((noinline)) static void mr__copy_toio(volatile unsigned char *d,
						    const unsigned char *s, size_t n)
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
	sigset_t faults;
	int ret;

	if (!n)
		return 0;
	if (!dst || !src)
		return mr__err(EINVAL, "%s: NULL %s", who, dst ? "source" : "destination");
	if ((uintptr_t)dst + (n - 1) < (uintptr_t)dst || (uintptr_t)src + (n - 1) < (uintptr_t)src)
		return mr__err(EINVAL, "%s: %zu bytes wrap around the address space", who, n);
	ret = mr__safe_arm();
	if (ret)
		return ret;
	memset(&c, 0, sizeof(c));
	c.first[0] = (uintptr_t)dst;
	c.last[0] = (uintptr_t)dst + (n - 1);
	c.first[1] = (uintptr_t)src;
	c.last[1] = (uintptr_t)src + (n - 1);
	c.prev = mr__safe_cur;
	/* A blocked SIGBUS at a fault would kill the process without a handler. */
	sigemptyset(&faults);
	sigaddset(&faults, SIGBUS);
	sigaddset(&faults, SIGSEGV);
	pthread_sigmask(SIG_UNBLOCK, &faults, &c.mask);
	mr__safe_chaining = 0; /* whatever a handler left when it jumped out */
	if (sigsetjmp(c.env, 0)) {
		mr__safe_cur = c.prev;
		pthread_sigmask(SIG_SETMASK, &c.mask, NULL);
		mr__safe_disarm();
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
	pthread_sigmask(SIG_SETMASK, &c.mask, NULL);
	mr__safe_disarm();
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
