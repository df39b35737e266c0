// SPDX-License-Identifier: MIT
/*
 * The fault dispatcher: one handler for SIGBUS and SIGSEGV, standing in
 * front of whatever the application installed for as long as any client
 * needs it (a safe copy running, a trapped range mapped). A fault a client
 * claims is the client's; every other fault reaches the handler that was
 * in front before, as the kernel would have delivered it: with its mask,
 * SA_NODEFER, SA_RESETHAND, SA_SIGINFO, however that handler leaves
 * (return, longjmp, siglongjmp); the default action kills with the same
 * signal; an ignored fault kills as the kernel's force_sig_fault() does,
 * and an ignored signal that was sent stays ignored.
 *
 * Everything here is async-signal-safe: arming and disarming take a spin
 * lock with every signal blocked, so a copy may start inside a signal
 * handler that interrupted another on the same thread.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include "mr_arch.h"

#define MR__FAULT_CLIENTS 4

static const int mr__fault_sigs[2] = {SIGBUS, SIGSEGV};

/* The handlers that were in front when we went in: faults not ours go there. */
static struct sigaction mr__fault_prev[2];
static unsigned int mr__fault_armed; /* clients armed, in all threads */
static atomic_flag mr__fault_spin = ATOMIC_FLAG_INIT;
static _Atomic(mr__fault_claim_fn) mr__fault_clients[MR__FAULT_CLIENTS];
/* Set while a sigaction() puts ours in front and *prev is not yet written. */
static atomic_int mr__fault_installing;

/*
 * Passing a fault on: the siginfo we passed the previous handler and the
 * stack address of the frame that called it. A handler the application
 * installed while we were in front may pass faults it does not want back to
 * us, with the same siginfo: our handler then runs again deeper on the
 * stack, and the fault goes to the default action (nobody wants it). When
 * the application's handler left by a jump instead, the record is stale: a
 * later fault comes with a siginfo of its own (or, at the very same depth,
 * not from deeper), so it is never taken for a loop.
 */
static _Thread_local const siginfo_t *mr__fault_chain_si MR__TLS_IE;
static _Thread_local uintptr_t mr__fault_chain_sp MR__TLS_IE;

static void mr__fault_handler(int sig, siginfo_t *si, void *uc);

static int mr__fault_slot(int sig)
{
	return sig == SIGBUS ? 0 : 1;
}

/* ------------------------------------------------------- the spin lock */

/* Every signal blocked while held: no handler on this thread can want it then. */
static void mr__fault_lock(sigset_t *saved)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, saved);
	while (atomic_flag_test_and_set_explicit(&mr__fault_spin, memory_order_acquire))
		;
}

static void mr__fault_unlock(const sigset_t *saved)
{
	atomic_flag_clear_explicit(&mr__fault_spin, memory_order_release);
	pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* ------------------------------------------------------ passing faults on */

static bool mr__fault_is_default(const struct sigaction *sa)
{
	return !(sa->sa_flags & SA_SIGINFO) &&
	       (sa->sa_handler == SIG_DFL || sa->sa_handler == SIG_IGN);
}

/*
 * What the kernel does without a handler: the default action kills with the
 * same signal. A fault repeats when the handler returns; a signal that was
 * sent must be sent again (it stays pending until the handler returns). A
 * fault the application ignores kills all the same (force_sig_fault).
 */
static void mr__fault_default(int sig, const siginfo_t *si, const struct sigaction *prev)
{
	struct sigaction dfl;

	if (prev->sa_handler == SIG_IGN && !(prev->sa_flags & SA_SIGINFO) && si->si_code <= 0)
		return; /* a sent signal that was ignored stays ignored */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

/* Run the previous handler as the kernel would have run it. */
static void mr__fault_chain(int sig, siginfo_t *si, void *uc)
{
	struct sigaction *prev = &mr__fault_prev[mr__fault_slot(sig)];
	const siginfo_t *outer_si = mr__fault_chain_si;
	uintptr_t outer_sp = mr__fault_chain_sp;
	struct sigaction call;
	volatile char here;
	sigset_t mask, old;

	/* The installing thread writes *prev as it returns from sigaction(). */
	while (atomic_load_explicit(&mr__fault_installing, memory_order_acquire))
		sched_yield();
	call = *prev;
	if (mr__fault_is_default(&call) || call.sa_sigaction == mr__fault_handler ||
	    (si == outer_si && (uintptr_t)&here < outer_sp)) {
		mr__fault_default(sig, si, &call);
		return;
	}
	/* SA_RESETHAND: delivered once, then the default is in front. */
	if (call.sa_flags & SA_RESETHAND) {
		memset(prev, 0, sizeof(*prev));
		prev->sa_handler = SIG_DFL;
	}
	mask = call.sa_mask;
	if (!(call.sa_flags & SA_NODEFER))
		sigaddset(&mask, sig);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	if (call.sa_flags & SA_NODEFER) {
		sigemptyset(&mask);
		sigaddset(&mask, sig);
		pthread_sigmask(SIG_UNBLOCK, &mask, NULL);
	}
	mr__fault_chain_si = si;
	mr__fault_chain_sp = (uintptr_t)&here;
	if (call.sa_flags & SA_SIGINFO)
		call.sa_sigaction(sig, si, uc);
	else
		call.sa_handler(sig);
	mr__fault_chain_si = outer_si;
	mr__fault_chain_sp = outer_sp;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void mr__fault_handler(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;
	size_t i;

	/* si_code > 0: raised by the kernel for this thread's own access. */
	if (si->si_code > 0) {
		for (i = 0; i < MR__FAULT_CLIENTS; i++) {
			mr__fault_claim_fn claim = atomic_load(&mr__fault_clients[i]);

			if (claim && claim(sig, si, uc)) {
				errno = saved;
				return;
			}
		}
	}
	mr__fault_chain(sig, si, uc);
	errno = saved;
}

/* ---------------------------------------------------------- installation */

int mr__fault_client(mr__fault_claim_fn claim)
{
	size_t i;

	for (i = 0; i < MR__FAULT_CLIENTS; i++) {
		mr__fault_claim_fn none = NULL;

		if (atomic_load(&mr__fault_clients[i]) == claim)
			return 0;
		if (atomic_compare_exchange_strong(&mr__fault_clients[i], &none, claim))
			return 0;
	}
	return mr__err(ENOSPC, "no room for another fault client");
}

/*
 * Put @ours in front for @sig, *@prev getting what was there, in one
 * system call. sigaction() installs ours before it hands the old action
 * back, so another thread's fault may reach our handler before *@prev is
 * written: the handler waits for mr__fault_installing to clear before it
 * reads *@prev. (An empty record read in that window was taken for SIG_DFL,
 * and an application died of a fault its own handler recovers from:
 * unit.test_safe, once in CI; unit.test_fault_install holds the window open.)
 */
static int mr__fault_install(int sig, const struct sigaction *ours, struct sigaction *prev)
{
	struct sigaction was;
	int ret;

	atomic_store(&mr__fault_installing, 1);
	ret = sigaction(sig, ours, &was);
	if (!ret)
		*prev = was;
	atomic_store_explicit(&mr__fault_installing, 0, memory_order_release);
	return ret;
}

/* With the lock held: the first client in puts the dispatcher in front. */
static int mr__fault_arm_locked(void)
{
	struct sigaction ours;
	int i;

	memset(&ours, 0, sizeof(ours));
	ours.sa_sigaction = mr__fault_handler;
	/* SA_ONSTACK: a stack overflow must still reach an alternate stack. */
	ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&ours.sa_mask);
	for (i = 0; !mr__fault_armed && i < 2; i++) {
		if (mr__fault_install(mr__fault_sigs[i], &ours, &mr__fault_prev[i])) {
			int err = errno;

			if (i)
				sigaction(mr__fault_sigs[0], &mr__fault_prev[0], NULL);
			return mr__err(ENOSYS, "cannot install a handler for %s: %s",
				       i ? "SIGSEGV" : "SIGBUS", strerror(err));
		}
	}
	mr__fault_armed++;
	return 0;
}

/*
 * With the lock held: the last one out puts back what was there. One
 * exchange: when what comes back is not ours, the application installed
 * its own meanwhile, and that goes back in front.
 */
static void mr__fault_disarm_locked(void)
{
	struct sigaction cur;
	int i;

	for (i = 0; mr__fault_armed == 1 && i < 2; i++)
		if (!sigaction(mr__fault_sigs[i], &mr__fault_prev[i], &cur) &&
		    cur.sa_sigaction != mr__fault_handler)
			sigaction(mr__fault_sigs[i], &cur, NULL);
	mr__fault_armed--;
}

int mr__fault_arm(void)
{
	sigset_t saved;
	int ret;

	mr__fault_lock(&saved);
	ret = mr__fault_arm_locked();
	mr__fault_unlock(&saved);
	return ret;
}

void mr__fault_disarm(void)
{
	sigset_t saved;

	mr__fault_lock(&saved);
	mr__fault_disarm_locked();
	mr__fault_unlock(&saved);
}

int mr__fault_arm_unblocked(sigset_t *old)
{
	sigset_t mask;
	int ret;

	mr__fault_lock(old);
	ret = mr__fault_arm_locked();
	mask = *old;
	if (!ret) {
		sigdelset(&mask, SIGBUS);
		sigdelset(&mask, SIGSEGV);
	}
	mr__fault_unlock(&mask);
	return ret;
}

void mr__fault_disarm_restore(const sigset_t *old)
{
	sigset_t saved;

	mr__fault_lock(&saved);
	mr__fault_disarm_locked();
	mr__fault_unlock(old);
}
