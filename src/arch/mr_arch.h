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

#endif /* MR_ARCH_H */
