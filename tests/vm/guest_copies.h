/* SPDX-License-Identifier: MIT */
/* The copies on a real BAR in the guest: see guest_copies.c. */
#ifndef MR_GUEST_COPIES_H
#define MR_GUEST_COPIES_H

#include <stddef.h>
#include <stdint.h>

/* gc_sweep() tries every size from 0 to this. */
#define GC_MAX_N 200

/* The routines tried, by index (NULL past the last). */
const char *gc_routine_name(size_t i);

/*
 * Every routine at every size 0..GC_MAX_N, every device offset in a line
 * and every memory misalignment mod 8 (the fault-safe copies at fewer), on
 * memremap(@phys, 8 KiB, @type),
 * which must come through @how ("resource2" or "resource2_wc").
 * Return: 0, or -1 with @why set. @calls: the calls made.
 */
int gc_sweep(uint64_t phys, unsigned long type, const char *how, unsigned int salt, char *why,
	     size_t len, unsigned long *calls);

#if defined(__aarch64__)
/*
 * arm64: every access the routines make to memremap(@phys, 8 KiB, @type)
 * checked (tests/unit/a64_access.h); @resource is the sysfs file of the
 * BAR that starts at @bar, for the checker's own mapping. @note gets what
 * the checker said of glibc's memcpy and memset on the same BAR.
 */
int gc_watch(uint64_t phys, uint64_t bar, const char *resource, unsigned long type, const char *how,
	     unsigned int salt, char *note, size_t notelen, char *why, size_t len,
	     unsigned long *traps);
#endif

#endif
