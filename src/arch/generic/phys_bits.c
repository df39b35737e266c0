// SPDX-License-Identifier: MIT
/*
 * The physical address width: ranges that start beyond it are refused, as
 * the kernel's ioremap refuses them.
 */
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "mr_arch.h"

/* /proc and /sys files are small; anything larger is not cpuinfo. */
#define MR__CPUINFO_MAX (16UL << 20)

unsigned int mr__cpuinfo_phys_bits(const char *path)
{
	unsigned int bits = 0;
	char *text, *p;
	size_t len;

	if (mr__slurp(path, MR__CPUINFO_MAX, MR__SLURP_NOFOLLOW, &text, &len))
		return 0;
	p = strstr(text, "address sizes");
	if (p && sscanf(p, "address sizes : %u bits physical", &bits) != 1)
		bits = 0;
	mr__free(text);
	return bits >= 32 && bits <= 64 ? bits : 0;
}

unsigned int mr__cpu_phys_bits(void)
{
	unsigned int bits = mr__cpuinfo_phys_bits("/proc/cpuinfo");

#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, ebx, ecx, edx;

	/* Without /proc (a chroot), ask the CPU as the kernel does. */
	if (!bits && __get_cpuid(0x80000008, &eax, &ebx, &ecx, &edx))
		bits = eax & 0xff;
	/* x86-64's 4-level paging limit: a safe guess where nothing tells. */
	return bits ? bits : 46;
#elif defined(__aarch64__)
	/* arm64 kernels check against their compile-time PHYS_MASK: 48 bits in Debian's. */
	return bits ? bits : 48;
#else
	return bits ? bits : 46;
#endif
}
