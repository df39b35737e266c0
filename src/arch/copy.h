/* SPDX-License-Identifier: MIT */
/*
 * The copy paths: one table of routines per instruction set, chosen once
 * (PMDK's x86_64/init.c style), and the helpers every path shares.
 * Nothing here is exported from the shared library.
 */
#ifndef MR_ARCH_COPY_H
#define MR_ARCH_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <memremap/io.h>

#include "mr_base.h"

/* Streaming stores and loads move whole cache lines. */
#define MR__LINE 64

/*
 * One path's routines. The I/O side (dst of toio, setio and stream; src of
 * fromio and from_wc) is touched only inside its range, each byte once,
 * by naturally aligned accesses.
 */
struct mr__copy_ops {
	const char *name;
	bool nt; /* stream() bypasses the cache (else it is ordinary stores) */
	void (*toio)(void *dst, const void *src, size_t n);
	void (*fromio)(void *dst, const void *src, size_t n);
	void (*setio)(void *dst, int c, size_t n);
	/* Whole lines with streaming stores, the edges with ordinary ones; no fence. */
	void (*stream)(void *dst, const void *src, size_t n);
	/* Whole lines with streaming loads where the path has them. */
	void (*from_wc)(void *dst, const void *src, size_t n);
};

struct mr__flush_ops {
	const char *name;
	/* Write back every line that holds a byte of the range; no fence. */
	void (*flush)(const void *addr, size_t n);
	/* Wait until the write-backs (and streaming stores) are done. */
	void (*drain)(void);
};

/* A path and whether this CPU can run it (@needs names what it lacks). */
struct mr__copy_path {
	const struct mr__copy_ops *ops;
	const char *needs;
	bool ok;
};

struct mr__flush_path {
	const struct mr__flush_ops *ops;
	const char *needs;
	bool ok;
};

#if defined(__x86_64__) || defined(__aarch64__)
#define MR__ARCH_PATHS 1
/* The architecture's paths, best first; the portable ones are not listed. */
MR__HIDDEN size_t mr__arch_copy_paths(struct mr__copy_path *out, size_t max);
MR__HIDDEN size_t mr__arch_flush_paths(struct mr__flush_path *out, size_t max);
#endif

MR__HIDDEN extern const struct mr__copy_ops mr__copy_generic;

/* The routines in use: chosen on first use from MEMREMAP_COPY or the CPU. */
MR__HIDDEN const struct mr__copy_ops *mr__copy_ops(void);
MR__HIDDEN const struct mr__flush_ops *mr__flush_ops(void);

/*
 * Choose a path by name; NULL means what MEMREMAP_COPY (MEMREMAP_FLUSH)
 * says, or the best the CPU has. A path the CPU lacks, or an unknown name,
 * falls back to the best one with a warning.
 * Return: 0 when @name is in use, -ENOTSUP or -EINVAL after a fallback.
 */
MR__HIDDEN int mr__copy_select(const char *name);
MR__HIDDEN int mr__flush_select(const char *name);

/* Every path known on this architecture, best first (tests walk them). */
MR__HIDDEN size_t mr__copy_path_count(void);
MR__HIDDEN const char *mr__copy_path_name(size_t i, bool *ok);
MR__HIDDEN size_t mr__flush_path_count(void);
MR__HIDDEN const char *mr__flush_path_name(size_t i, bool *ok);

/*
 * Copies and fills to device memory of at least this many bytes use
 * streaming stores: the data would only evict the cache. Default: the
 * last-level cache size. Return: the previous value.
 */
MR__HIDDEN extern size_t mr__nt_threshold;
MR__HIDDEN size_t mr__copy_set_nt_threshold(size_t bytes);

/* Bytes of the last-level cache (from /sys, else sysconf, else 8 MiB). */
MR__HIDDEN size_t mr__llc_size(void);

/*
 * mr_memcpy_flushcache() and mr_flush_range() once the caller (copy_io.c,
 * which knows the mappings) has said whether the lines need writing back.
 */
MR__HIDDEN void mr__memcpy_flushcache(void *dst, const void *src, size_t n, bool write_back);
MR__HIDDEN void mr__flush_range(const void *addr, size_t n, bool write_back);

/* ------------------------------------------------------ shared helpers */

/* Bytes from @p up to the next line boundary, at most @n. */
static inline size_t mr__head_len(const void *p, size_t n)
{
	size_t head = -(uintptr_t)p & (MR__LINE - 1);

	return head < n ? head : n;
}

/* The widest naturally aligned scalar access at @p that fits in @n bytes. */
static inline size_t mr__io_width(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;

	if (n >= 8 && !(a & 7))
		return 8;
	if (n >= 4 && !(a & 3))
		return 4;
	if (n >= 2 && !(a & 1))
		return 2;
	return 1;
}

/* One store of @w bytes from ordinary memory @s to device memory @d. */
static inline void mr__put_io(uint8_t *d, const uint8_t *s, size_t w)
{
	uint64_t q;
	uint32_t l;
	uint16_t h;

	switch (w) {
	case 8:
		memcpy(&q, s, 8);
		__raw_writeq(q, d);
		break;
	case 4:
		memcpy(&l, s, 4);
		__raw_writel(l, d);
		break;
	case 2:
		memcpy(&h, s, 2);
		__raw_writew(h, d);
		break;
	default:
		__raw_writeb(*s, d);
	}
}

/* One load of @w bytes from device memory @s to ordinary memory @d. */
static inline void mr__get_io(uint8_t *d, const uint8_t *s, size_t w)
{
	uint64_t q;
	uint32_t l;
	uint16_t h;

	switch (w) {
	case 8:
		q = __raw_readq(s);
		memcpy(d, &q, 8);
		break;
	case 4:
		l = __raw_readl(s);
		memcpy(d, &l, 4);
		break;
	case 2:
		h = __raw_readw(s);
		memcpy(d, &h, 2);
		break;
	default:
		*d = __raw_readb(s);
	}
}

/* One store of @w bytes of the pattern @q (the byte repeated) to @d. */
static inline void mr__set_io(uint8_t *d, uint64_t q, size_t w)
{
	switch (w) {
	case 8:
		__raw_writeq(q, d);
		break;
	case 4:
		__raw_writel((uint32_t)q, d);
		break;
	case 2:
		__raw_writew((uint16_t)q, d);
		break;
	default:
		__raw_writeb((uint8_t)q, d);
	}
}

static inline uint64_t mr__splat8(int c)
{
	return 0x0101010101010101ULL * (uint8_t)c;
}

#endif /* MR_ARCH_COPY_H */
