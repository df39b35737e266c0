/* SPDX-License-Identifier: MIT */
/*
 * The arch layer: what depends on the processor. The copy paths
 * (copy.h), the fault-safe copies (memremap/safe.h) and the CPU's
 * physical address width. It stands on the base layer alone.
 */
#ifndef MR_ARCH_H
#define MR_ARCH_H

#include "copy.h"

/*
 * The physical address width "address sizes" in a /proc/cpuinfo text at
 * @path gives, or 0 when it gives none (arm64 never does).
 */
MR__HIDDEN unsigned int mr__cpuinfo_phys_bits(const char *path);

/* This CPU's physical address width: /proc/cpuinfo, else the CPU, else a safe guess. */
MR__HIDDEN unsigned int mr__cpu_phys_bits(void);

/*
 * The fault dispatcher (generic/fault.c). A client claims the faults that
 * are its own: @claim returns true when it handled the fault (it may also
 * leave by siglongjmp); it runs in a signal handler, so it must be
 * async-signal-safe. Faults no client claims go where they would have gone.
 */
#include <signal.h>

typedef bool (*mr__fault_claim_fn)(int sig, siginfo_t *si, void *uc);

/* Add @claim to the clients asked about each fault (once; -ENOSPC when full). */
MR__HIDDEN int mr__fault_client(mr__fault_claim_fn claim);
/*
 * While armed (counted, in all threads), the dispatcher stands in front of
 * the application's SIGBUS and SIGSEGV handlers; the last disarm puts back
 * what it found, unless it was changed meanwhile. Both are async-signal-safe.
 */
MR__HIDDEN int mr__fault_arm(void);
MR__HIDDEN void mr__fault_disarm(void);
/*
 * The same for a safe copy, with its signal mask in the same system calls:
 * armed, the thread runs with SIGBUS and SIGSEGV unblocked (a blocked fault
 * kills), *@old getting the mask it had; disarmed, it runs with *@old.
 */
MR__HIDDEN int mr__fault_arm_unblocked(sigset_t *old);
MR__HIDDEN void mr__fault_disarm_restore(const sigset_t *old);

/*
 * Trapped ranges (generic/trap.c): [@base, @base+@len) is mapped without
 * access rights, and each access an instruction makes there is emulated
 * (libmemremap-trap.so.0, opened on the first add) as a call of
 * @fn(@cookie, offset, width, write, value): a read sets *value, a write
 * passes it; 0, or -errno to let the fault go on. Accesses are recorded in
 * the trace as physical @phys + offset of map @id. The fault dispatcher is
 * armed while any range exists.
 */
typedef int (*mr__trap_access_fn)(void *cookie, uint64_t off, unsigned int width, bool write,
				  uint64_t *val);
MR__HIDDEN int mr__trap_add(void *base, size_t len, mr__trap_access_fn fn, void *cookie,
			    uint64_t phys, unsigned int id);
MR__HIDDEN void mr__trap_remove(void *base);
/* Does a trapped range hold @addr? (Async-signal-safe.) */
MR__HIDDEN bool mr__trap_owns(const volatile void *addr);
/* How many accesses were emulated so far (for tests and benchmarks). */
MR__HIDDEN unsigned long mr__trap_emulated(void);

#endif /* MR_ARCH_H */
