/* SPDX-License-Identifier: MIT */
/*
 * memremap/io.h - accessors and copies for mapped device memory.
 *
 * The accessors have the kernel's names and ordering, so that driver code
 * reads the same here (the compatibility headers define __iomem as empty):
 *
 * - readX() and writeX() make one access of exactly X bits: never torn,
 *   merged with a neighbour, repeated or elided. readX() is ordered before
 *   the loads and stores that follow it (a read barrier after), writeX()
 *   after the loads and stores before it (a write barrier before), as on
 *   arm64 and x86. The _relaxed forms drop that ordering but stay one
 *   access each; device accesses stay in program order among themselves
 *   on uncached mappings. Values are little-endian on the bus.
 * - ioreadX()/iowriteX() are readX()/writeX(); the "be" forms swap bytes.
 * - mb(), rmb(), wmb() order everything, loads, stores; dma_rmb() and
 *   dma_wmb() order accesses to memory shared with a device; mr_wc_flush()
 *   drains write-combining buffers (after streaming stores, before telling
 *   a device to look).
 *
 * Everything here is static inline except the copies, which pick their
 * instructions once from the CPU's features (see mr_copy_path()).
 */
#ifndef MEMREMAP_IO_H
#define MEMREMAP_IO_H

#include <stddef.h>
#include <stdint.h>

#include "config.h" /* beside this file once installed; generated into the build tree */

#ifdef __cplusplus
extern "C" {
#endif

/*
 * MR_IO_PORTABLE, defined before including this header, selects the
 * portable forms on every architecture (the tests use it to check them).
 */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(MR_IO_PORTABLE)
#define MR__IO_X86 1
#elif defined(__aarch64__) && !defined(MR_IO_PORTABLE)
#define MR__IO_A64 1
#endif

/* Inlined even at -O0, so that each accessor is its own access everywhere. */
#define MR__IO_INLINE static inline __attribute__((always_inline))

/* ------------------------------------------------------------- barriers */

#if defined(MR__IO_X86)

/*
 * x86 keeps loads and stores to uncached memory in program order, and
 * ordinary stores in order with them; only the compiler must be held back.
 */
#define MR__COMPILER_BARRIER() __asm__ __volatile__("" ::: "memory")
#define MR__IORMB()	       MR__COMPILER_BARRIER()
#define MR__IOWMB()	       MR__COMPILER_BARRIER()

MR__IO_INLINE void mb(void)
{
	__asm__ __volatile__("mfence" ::: "memory");
}

MR__IO_INLINE void rmb(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
}

/* Also the fence that orders streaming (non-temporal) stores. */
MR__IO_INLINE void wmb(void)
{
	__asm__ __volatile__("sfence" ::: "memory");
}

MR__IO_INLINE void dma_rmb(void)
{
	MR__COMPILER_BARRIER();
}

MR__IO_INLINE void dma_wmb(void)
{
	MR__COMPILER_BARRIER();
}

/* Write-combining buffers drain on a store fence. */
MR__IO_INLINE void mr_wc_flush(void)
{
	__asm__ __volatile__("sfence" ::: "memory");
}

#elif defined(MR__IO_A64)

/*
 * A device sits in the outer-shareable domain: the inner-shareable fences
 * that C11 atomics give are not enough, so these name the domain.
 */
#define MR__COMPILER_BARRIER() __asm__ __volatile__("" ::: "memory")
#define MR__IORMB()	       __asm__ __volatile__("dmb oshld" ::: "memory")
#define MR__IOWMB()	       __asm__ __volatile__("dmb oshst" ::: "memory")

MR__IO_INLINE void mb(void)
{
	__asm__ __volatile__("dsb sy" ::: "memory");
}

MR__IO_INLINE void rmb(void)
{
	__asm__ __volatile__("dsb ld" ::: "memory");
}

MR__IO_INLINE void wmb(void)
{
	__asm__ __volatile__("dsb st" ::: "memory");
}

MR__IO_INLINE void dma_rmb(void)
{
	MR__IORMB();
}

MR__IO_INLINE void dma_wmb(void)
{
	MR__IOWMB();
}

/* Waits until earlier stores, Normal-NC (write-combined) ones too, complete. */
MR__IO_INLINE void mr_wc_flush(void)
{
	__asm__ __volatile__("dsb st" ::: "memory");
}

#else /* portable: the C11 memory model's fences */

#define MR__COMPILER_BARRIER() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define MR__IORMB()	       __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define MR__IOWMB()	       __atomic_thread_fence(__ATOMIC_RELEASE)

MR__IO_INLINE void mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

MR__IO_INLINE void rmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

MR__IO_INLINE void wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

MR__IO_INLINE void dma_rmb(void)
{
	MR__IORMB();
}

MR__IO_INLINE void dma_wmb(void)
{
	MR__IOWMB();
}

MR__IO_INLINE void mr_wc_flush(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#endif

/* -------------------------------------------------- single raw accesses */

/*
 * __raw_readX()/__raw_writeX(): one access, no ordering, no byte swap.
 * On x86 the instruction is spelled out, so that no compiler can widen,
 * split or combine it. Elsewhere a relaxed atomic of the exact size does
 * the same: atomics are never torn, and volatile ones never merged.
 */
#if defined(MR__IO_X86)

#define MR__X86_RAW(bits, type, sfx, reg)                                  \
	MR__IO_INLINE type __raw_read##sfx(const volatile void *addr)      \
	{                                                                  \
		type v;                                                    \
		__asm__ __volatile__("mov" #sfx " %1, %0"                  \
				     : "=" reg(v)                          \
				     : "m"(*(const volatile type *)addr)); \
		return v;                                                  \
	}                                                                  \
	MR__IO_INLINE void __raw_write##sfx(type v, volatile void *addr)   \
	{                                                                  \
		__asm__ __volatile__("mov" #sfx " %1, %0"                  \
				     : "=m"(*(volatile type *)addr)        \
				     : reg(v));                            \
	}

MR__X86_RAW(8, uint8_t, b, "q")
MR__X86_RAW(16, uint16_t, w, "r")
MR__X86_RAW(32, uint32_t, l, "r")
#ifdef __x86_64__
MR__X86_RAW(64, uint64_t, q, "r")
#endif
#undef MR__X86_RAW

#endif

#define MR__ATOMIC_RAW(type, sfx)                                                      \
	MR__IO_INLINE type __raw_read##sfx(const volatile void *addr)                  \
	{                                                                              \
		return __atomic_load_n((const volatile type *)addr, __ATOMIC_RELAXED); \
	}                                                                              \
	MR__IO_INLINE void __raw_write##sfx(type v, volatile void *addr)               \
	{                                                                              \
		__atomic_store_n((volatile type *)addr, v, __ATOMIC_RELAXED);          \
	}

#if !defined(MR__IO_X86)
MR__ATOMIC_RAW(uint8_t, b)
MR__ATOMIC_RAW(uint16_t, w)
MR__ATOMIC_RAW(uint32_t, l)
#endif
#if !defined(MR__IO_X86) || !defined(__x86_64__)
MR__ATOMIC_RAW(uint64_t, q)
#endif
#undef MR__ATOMIC_RAW

/* ------------------------------------------------------------ byte order */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MR__LE16(x) __builtin_bswap16(x)
#define MR__LE32(x) __builtin_bswap32(x)
#define MR__LE64(x) __builtin_bswap64(x)
#define MR__BE16(x) (x)
#define MR__BE32(x) (x)
#define MR__BE64(x) (x)
#else
#define MR__LE16(x) (x)
#define MR__LE32(x) (x)
#define MR__LE64(x) (x)
#define MR__BE16(x) __builtin_bswap16(x)
#define MR__BE32(x) __builtin_bswap32(x)
#define MR__BE64(x) __builtin_bswap64(x)
#endif

/* ---------------------------------------------------- kernel accessors */

/*
 * MR__ACCESSORS(bits, suffix): readX/writeX, their _relaxed forms and the
 * ioreadN/iowriteN (+be) names, built on __raw_readX/__raw_writeX.
 */
#define MR__ACCESSORS(bits, x, swap_le, swap_be)                                     \
	MR__IO_INLINE uint##bits##_t read##x##_relaxed(const volatile void *addr)    \
	{                                                                            \
		return swap_le(__raw_read##x(addr));                                 \
	}                                                                            \
	MR__IO_INLINE uint##bits##_t read##x(const volatile void *addr)              \
	{                                                                            \
		uint##bits##_t v = swap_le(__raw_read##x(addr));                     \
		MR__IORMB();                                                         \
		return v;                                                            \
	}                                                                            \
	MR__IO_INLINE void write##x##_relaxed(uint##bits##_t v, volatile void *addr) \
	{                                                                            \
		__raw_write##x(swap_le(v), addr);                                    \
	}                                                                            \
	MR__IO_INLINE void write##x(uint##bits##_t v, volatile void *addr)           \
	{                                                                            \
		MR__IOWMB();                                                         \
		__raw_write##x(swap_le(v), addr);                                    \
	}                                                                            \
	MR__IO_INLINE uint##bits##_t ioread##bits(const volatile void *addr)         \
	{                                                                            \
		return read##x(addr);                                                \
	}                                                                            \
	MR__IO_INLINE void iowrite##bits(uint##bits##_t v, volatile void *addr)      \
	{                                                                            \
		write##x(v, addr);                                                   \
	}                                                                            \
	MR__IO_INLINE uint##bits##_t ioread##bits##be(const volatile void *addr)     \
	{                                                                            \
		uint##bits##_t v = swap_be(__raw_read##x(addr));                     \
		MR__IORMB();                                                         \
		return v;                                                            \
	}                                                                            \
	MR__IO_INLINE void iowrite##bits##be(uint##bits##_t v, volatile void *addr)  \
	{                                                                            \
		MR__IOWMB();                                                         \
		__raw_write##x(swap_be(v), addr);                                    \
	}

MR__IO_INLINE uint8_t readb_relaxed(const volatile void *addr)
{
	return __raw_readb(addr);
}

MR__IO_INLINE uint8_t readb(const volatile void *addr)
{
	uint8_t v = __raw_readb(addr);
	MR__IORMB();
	return v;
}

MR__IO_INLINE void writeb_relaxed(uint8_t v, volatile void *addr)
{
	__raw_writeb(v, addr);
}

MR__IO_INLINE void writeb(uint8_t v, volatile void *addr)
{
	MR__IOWMB();
	__raw_writeb(v, addr);
}

MR__IO_INLINE uint8_t ioread8(const volatile void *addr)
{
	return readb(addr);
}

MR__IO_INLINE void iowrite8(uint8_t v, volatile void *addr)
{
	writeb(v, addr);
}

MR__ACCESSORS(16, w, MR__LE16, MR__BE16)
MR__ACCESSORS(32, l, MR__LE32, MR__BE32)
MR__ACCESSORS(64, q, MR__LE64, MR__BE64)
#undef MR__ACCESSORS

/* ---------------------------------------------------------------- copies */

/**
 * memcpy_toio() - copy ordinary memory to device memory
 * @dst: the device address
 * @src: the source
 * @count: bytes
 *
 * As the kernel's: accesses of any width, none outside [@dst, @dst+@count),
 * and every byte of @dst written once (no overlapping stores; device
 * memory may count writes). Each store to @dst is naturally aligned, and
 * none is a cache operation or DC ZVA: arm64 Device memory faults on
 * those, and glibc's memcpy() and memset() make them. Copies larger than the last-level cache use
 * streaming stores; the call then ends with a store fence, so a writel()
 * that follows is ordered after the data.
 */
MR_API void memcpy_toio(volatile void *dst, const void *src, size_t count);

/**
 * memcpy_fromio() - copy device memory to ordinary memory
 * @dst: the destination
 * @src: the device address
 * @count: bytes
 *
 * Accesses of any width, each byte of @src read once, none outside
 * [@src, @src+@count): reads of device memory may have side effects.
 */
MR_API void memcpy_fromio(void *dst, const volatile void *src, size_t count);

/**
 * memset_io() - fill device memory
 * @dst: the device address
 * @c: the byte value
 * @count: bytes
 *
 * Accesses of any width, each byte written once, none outside the range.
 */
MR_API void memset_io(volatile void *dst, int c, size_t count);

/**
 * mr_memcpy_to_wc() - copy to write-combining memory with streaming stores
 * @dst: the destination, usually a MEMREMAP_WC mapping
 * @src: the source
 * @n: bytes
 *
 * The 64-byte-aligned body of @dst is written with non-temporal stores of
 * whole cache lines, so each write-combining buffer leaves as one burst;
 * the unaligned head and tail use ordinary stores. Nothing outside the
 * range is written. Ends with mr_wc_flush(): the data is on its way to the
 * device before any later store.
 */
MR_API void mr_memcpy_to_wc(void *dst, const void *src, size_t n);

/**
 * mr_memcpy_from_wc() - copy from write-combining or uncached memory
 * @dst: the destination
 * @src: the source, usually a MEMREMAP_WC or _DEV mapping
 * @n: bytes
 *
 * Uses streaming loads (MOVNTDQA) where the CPU has them: on WC memory they
 * fetch a whole line per access instead of one uncached read per load.
 * Each byte of @src is read once; nothing outside the range is read.
 */
MR_API void mr_memcpy_from_wc(void *dst, const void *src, size_t n);

/**
 * mr_memcpy_flushcache() - copy to persistent memory and write it back
 * @dst: the destination, in persistent memory
 * @src: the source
 * @n: bytes
 *
 * Whole lines go with streaming stores, which bypass the cache; the
 * partial lines at either end are written back (CLWB, else CLFLUSHOPT,
 * else CLFLUSH; DC CVAC on arm64). Ends with a store fence: the data has
 * reached the persistence domain when the call returns. When @dst is in a
 * WT, WC or DEV mapping, nothing is written back (nothing stays cached
 * there, and arm64 Device memory is no place for cache operations): the
 * copy's stores, then the fence.
 */
MR_API void mr_memcpy_flushcache(void *dst, const void *src, size_t n);

/**
 * mr_flush_range() - write cache lines back to memory
 * @addr: the first byte
 * @n: bytes; every line that holds one of them is written back
 *
 * CLWB where the CPU has it (the line may stay cached), else CLFLUSHOPT,
 * else CLFLUSH; then a store fence. mr_flush_path() says which. Only the
 * fence where @addr is in a WT, WC or DEV mapping: its lines are never
 * left dirty in the cache.
 */
MR_API void mr_flush_range(const void *addr, size_t n);

/**
 * mr_memcpy_io() - copy, choosing the routine from the mappings' types
 * @dst: the destination
 * @src: the source
 * @n: bytes
 *
 * Asks mr_mapping_info() about both pointers: a WC destination gets
 * mr_memcpy_to_wc(), a DEV destination memcpy_toio(), a WC or DEV source
 * mr_memcpy_from_wc(), anything else (WB, WT, or no mapping at all) plain
 * memcpy(). docs/copies.md has the whole table.
 */
MR_API void mr_memcpy_io(void *dst, const void *src, size_t n);

/**
 * mr_copy_path() - the instructions the copies use
 *
 * Chosen once from the CPU's features: "avx512", "avx2", "sse4.1", "sse2"
 * or "generic". The environment variable MEMREMAP_COPY forces one of them;
 * a path the CPU lacks falls back to the best it has, with a warning.
 *
 * Return: the name of the path in use.
 */
MR_API const char *mr_copy_path(void);

/**
 * mr_flush_path() - the instruction mr_flush_range() uses
 *
 * "clwb", "clflushopt" or "clflush" on x86, "dc cvac" on arm64, "none"
 * where there is no user-space cache maintenance. MEMREMAP_FLUSH forces
 * one, with the same fallback as MEMREMAP_COPY.
 *
 * Return: the name.
 */
MR_API const char *mr_flush_path(void);

#ifdef __cplusplus
}
#endif

/* What the inline accessors needed stays here: nothing of ours leaks into the includer. */
#undef MR__IO_X86
#undef MR__IO_A64
#undef MR__IO_INLINE
#undef MR__COMPILER_BARRIER
#undef MR__IORMB
#undef MR__IOWMB
#undef MR__LE16
#undef MR__LE32
#undef MR__LE64
#undef MR__BE16
#undef MR__BE32
#undef MR__BE64

#endif /* MEMREMAP_IO_H */
