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

#endif /* MR_ARCH_H */
