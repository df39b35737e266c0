/* SPDX-License-Identifier: MIT */
/*
 * Between libmemremap's trap (arch/generic/trap.c) and the instruction
 * emulator it opens with dlopen (libmemremap-trap.so.0, src/trap/, built
 * on Capstone). Private to this project: both sides are built from the
 * same tree, and the version below is checked when the library is opened.
 *
 * The emulator decodes the instruction at the PC of a fault, performs its
 * memory accesses through @io (each one exactly once, in the order the
 * processor would make them, with the width it would use), writes the
 * registers and flags it changes into the ucontext and moves the PC past
 * it. It runs in a signal handler: no allocation, no locks but its own
 * spin locks, no stdio.
 */
#ifndef MR_TRAP_ABI_H
#define MR_TRAP_ABI_H

#include <stddef.h>
#include <stdint.h>

#define MR__TRAP_ABI 1

struct mr__trap_io {
	void *ctx;
	/* 0, or -errno: the access cannot be made (the instruction then faults on) */
	int (*read)(void *ctx, uintptr_t addr, unsigned int width, uint64_t *val);
	int (*write)(void *ctx, uintptr_t addr, unsigned int width, uint64_t val);
};

/*
 * mr_trap_init(): set up (allocate the decoders); called once, outside any
 * signal handler. 0 or -errno, with @why filled.
 * mr_trap_emulate(): emulate the instruction at the PC of @uc, which
 * faulted at @fault_addr. 0, or -errno with @why naming the instruction
 * and what is missing (-ENOTSUP: a form not emulated).
 */
typedef int (*mr__trap_init_fn)(unsigned int abi, char *why, size_t why_len);
typedef int (*mr__trap_emulate_fn)(void *uc, uintptr_t fault_addr, const struct mr__trap_io *io,
				   char *why, size_t why_len);

#define MR__TRAP_SONAME	 "libmemremap-trap.so.0"
#define MR__TRAP_INIT	 "mr_trap_init"
#define MR__TRAP_EMULATE "mr_trap_emulate"
#define MR__TRAP_PACKAGE "libmemremap-trap0 (which needs libcapstone4)"

#endif /* MR_TRAP_ABI_H */
