/* SPDX-License-Identifier: MIT */
/*
 * x86-64: what this CPU can run, from CPUID (and XCR0, which says whether
 * the kernel saves the vector registers), and the cache-flush routines.
 */
#include <cpuid.h>
#include <immintrin.h>

#include "copy.h"

MR__HIDDEN extern const struct mr__copy_ops mr__copy_avx512, mr__copy_avx2, mr__copy_sse41,
	mr__copy_sse2;

struct mr__x86_features {
	bool sse41, avx2, avx512f, clflushopt, clwb;
	unsigned int line; /* the CLFLUSH line size */
};

/* XCR0 bits: SSE and AVX state; AVX-512's opmask and upper ZMM halves. */
#define MR__XCR0_AVX	0x06u
#define MR__XCR0_AVX512 0xe6u

static uint32_t mr__xcr0(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return lo;
}

static struct mr__x86_features mr__x86_detect(void)
{
	struct mr__x86_features f = {.line = MR__LINE};
	unsigned int a, b, c, d;
	uint32_t xcr0 = 0;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return f;
	f.sse41 = c & bit_SSE4_1;
	if (((b >> 8) & 0xff) != 0)
		f.line = ((b >> 8) & 0xff) * 8;
	if (c & bit_OSXSAVE)
		xcr0 = mr__xcr0();
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return f;
	f.avx2 = (b & bit_AVX2) && (xcr0 & MR__XCR0_AVX) == MR__XCR0_AVX;
	f.avx512f = (b & bit_AVX512F) && (xcr0 & MR__XCR0_AVX512) == MR__XCR0_AVX512;
	f.clflushopt = b & bit_CLFLUSHOPT;
	f.clwb = b & bit_CLWB;
	return f;
}

static struct mr__x86_features mr__x86;

size_t mr__arch_copy_paths(struct mr__copy_path *out, size_t max)
{
	mr__x86 = mr__x86_detect();

	const struct mr__copy_path paths[] = {
		{&mr__copy_avx512, "AVX-512F", mr__x86.avx512f},
		{&mr__copy_avx2, "AVX2", mr__x86.avx2},
		{&mr__copy_sse41, "SSE4.1", mr__x86.sse41},
		{&mr__copy_sse2, "SSE2", true},
	};
	size_t n = MR__ARRAY_SIZE(paths) < max ? MR__ARRAY_SIZE(paths) : max;

	memcpy(out, paths, n * sizeof(*out));
	return n;
}

/* ------------------------------------------------------------ flushes */

/* Every line holding a byte of [addr, addr+n), with @insn. */
#define MR__FLUSH_LINES(addr, n, insn)                                             \
	do {                                                                       \
		uintptr_t p_ = (uintptr_t)(addr) & ~(uintptr_t)(mr__x86.line - 1); \
		uintptr_t end_ = (uintptr_t)(addr) + (n);                          \
		for (; p_ < end_; p_ += mr__x86.line)                              \
			insn((void *)p_);                                          \
	} while (0)

__attribute__((target("clwb"))) static void mr__flush_clwb(const void *addr, size_t n)
{
	MR__FLUSH_LINES(addr, n, _mm_clwb);
}

__attribute__((target("clflushopt"))) static void mr__flush_clflushopt(const void *addr, size_t n)
{
	MR__FLUSH_LINES(addr, n, _mm_clflushopt);
}

static void mr__flush_clflush(const void *addr, size_t n)
{
	MR__FLUSH_LINES(addr, n, _mm_clflush);
}

/*
 * CLWB and CLFLUSHOPT are ordered against later stores only by a fence.
 * CLFLUSH is ordered already, but the same fence also drains the
 * streaming stores of mr_memcpy_flushcache().
 */
static void mr__flush_sfence(void)
{
	_mm_sfence();
}

static const struct mr__flush_ops mr__flush_ops_clwb = {"clwb", mr__flush_clwb, mr__flush_sfence};
static const struct mr__flush_ops mr__flush_ops_clflushopt = {"clflushopt", mr__flush_clflushopt,
							      mr__flush_sfence};
static const struct mr__flush_ops mr__flush_ops_clflush = {"clflush", mr__flush_clflush,
							   mr__flush_sfence};

/* Called after mr__arch_copy_paths(), which detected the features. */
size_t mr__arch_flush_paths(struct mr__flush_path *out, size_t max)
{
	const struct mr__flush_path paths[] = {
		{&mr__flush_ops_clwb, "CLWB", mr__x86.clwb},
		{&mr__flush_ops_clflushopt, "CLFLUSHOPT", mr__x86.clflushopt},
		{&mr__flush_ops_clflush, "CLFLUSH", true},
	};
	size_t n = MR__ARRAY_SIZE(paths) < max ? MR__ARRAY_SIZE(paths) : max;

	memcpy(out, paths, n * sizeof(*out));
	return n;
}
