/* SPDX-License-Identifier: MIT */
/*
 * arm64: the portable copies (8-byte accesses, which Device memory takes
 * as single transactions), and cache maintenance by "dc cvac", which Linux
 * lets user space run (SCTLR_EL1.UCI).
 */
#include "copy.h"

size_t mr__arch_copy_paths(struct mr__copy_path *out, size_t max)
{
	(void)out;
	(void)max;
	return 0;
}

/* The smallest data cache line, from CTR_EL0.DminLine (log2 of words). */
static size_t mr__dline(void)
{
	uint64_t ctr;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	return (size_t)4 << ((ctr >> 16) & 0xf);
}

static size_t mr__line_size;

/* Clean to the point of coherency: the line reaches memory, stays cached. */
static void mr__flush_dc_cvac(const void *addr, size_t n)
{
	uintptr_t p = (uintptr_t)addr & ~(uintptr_t)(mr__line_size - 1);
	uintptr_t end = (uintptr_t)addr + n;

	for (; p < end; p += mr__line_size)
		__asm__ __volatile__("dc cvac, %0" : : "r"(p) : "memory");
}

/* Cache maintenance completes only at a DSB. */
static void mr__flush_dsb(void)
{
	__asm__ __volatile__("dsb sy" ::: "memory");
}

static const struct mr__flush_ops mr__flush_ops_dc = {"dc cvac", mr__flush_dc_cvac, mr__flush_dsb};

size_t mr__arch_flush_paths(struct mr__flush_path *out, size_t max)
{
	if (max < 1)
		return 0;
	mr__line_size = mr__dline();
	out[0] = (struct mr__flush_path){&mr__flush_ops_dc, "dc cvac", true};
	return 1;
}
