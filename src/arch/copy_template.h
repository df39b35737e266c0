/* SPDX-License-Identifier: MIT */
/*
 * One copy path, written once for every vector width. A path's file
 * defines these, then includes this file:
 *
 *   MR__T(x)             the path's name for x (mr__avx2_##x, ...)
 *   MR__OPS              the name of its struct mr__copy_ops
 *   MR__PATH_NAME        its name for MEMREMAP_COPY ("avx2")
 *   MR__NT               1 when MR__STREAM bypasses the cache
 *   MR__VEC, MR__VW      the vector type and its size in bytes (8..64)
 *   MR__LOADU(p)         load from ordinary memory, any alignment
 *   MR__STOREU(p, v)     store to ordinary memory, any alignment
 *   MR__LOAD_IO(p)       one aligned load from device memory
 *   MR__STORE_IO(p, v)   one aligned store to device memory
 *   MR__STREAM(p, v)     one aligned non-temporal store
 *   MR__STREAM_LOAD(p)   one aligned streaming load
 *   MR__SPLAT(q)         a vector of the 64-bit pattern q
 *
 * The I/O side is walked in three parts: a head up to the first line
 * boundary, whole lines, a tail. Head and tail use the widest naturally
 * aligned access that fits, so no byte is touched twice or outside the
 * range (the overlapping-tail trick of memcpy would write bytes twice).
 */
#include "copy.h"

#define MR__NV (MR__LINE / MR__VW)

/* ------------------------------------------------------------- edges */

static inline void MR__T(edge_to)(uint8_t *d, const uint8_t *s, size_t n)
{
	while (n) {
		size_t w = mr__io_width(d, n);

		if (MR__VW > 8 && n >= MR__VW && !((uintptr_t)d & (MR__VW - 1))) {
			MR__STORE_IO(d, MR__LOADU(s));
			w = MR__VW;
		} else {
			mr__put_io(d, s, w);
		}
		d += w;
		s += w;
		n -= w;
	}
}

static inline void MR__T(edge_from)(uint8_t *d, const uint8_t *s, size_t n)
{
	while (n) {
		size_t w = mr__io_width(s, n);

		if (MR__VW > 8 && n >= MR__VW && !((uintptr_t)s & (MR__VW - 1))) {
			MR__STOREU(d, MR__LOAD_IO(s));
			w = MR__VW;
		} else {
			mr__get_io(d, s, w);
		}
		d += w;
		s += w;
		n -= w;
	}
}

static inline void MR__T(edge_set)(uint8_t *d, uint64_t q, size_t n)
{
	while (n) {
		size_t w = mr__io_width(d, n);

		if (MR__VW > 8 && n >= MR__VW && !((uintptr_t)d & (MR__VW - 1))) {
			MR__STORE_IO(d, MR__SPLAT(q));
			w = MR__VW;
		} else {
			mr__set_io(d, q, w);
		}
		d += w;
		n -= w;
	}
}

/* ------------------------------------------------------- whole lines */

/* Lines a loop turn copies: two when that still fits in the registers. */
#define MR__TURN (MR__VW >= 16 ? 2 : 1)

/*
 * All loads of a turn before its stores: the loads overlap in flight and
 * the stores leave line by line.
 */
static void MR__T(lines_store)(uint8_t *d, const uint8_t *s, size_t lines)
{
	for (; lines >= MR__TURN;
	     lines -= MR__TURN, d += MR__TURN * MR__LINE, s += MR__TURN * MR__LINE) {
		MR__VEC v[MR__TURN * MR__NV];

#pragma GCC unroll 16
		for (int k = 0; k < MR__TURN * MR__NV; k++)
			v[k] = MR__LOADU(s + k * MR__VW);
#pragma GCC unroll 16
		for (int k = 0; k < MR__TURN * MR__NV; k++)
			MR__STORE_IO(d + k * MR__VW, v[k]);
	}
	if (!lines)
		return;
#pragma GCC unroll 8
	for (int k = 0; k < MR__NV; k++)
		MR__STORE_IO(d + k * MR__VW, MR__LOADU(s + k * MR__VW));
}

static void MR__T(lines_stream)(uint8_t *d, const uint8_t *s, size_t lines)
{
	for (; lines; lines--, d += MR__LINE, s += MR__LINE) {
		MR__VEC v[MR__NV];

#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			v[k] = MR__LOADU(s + k * MR__VW);
#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			MR__STREAM(d + k * MR__VW, v[k]);
	}
}

/*
 * Volatile loads go straight to their store: held in an array, GCC spills
 * them to the stack.
 */
static void MR__T(lines_load)(uint8_t *d, const uint8_t *s, size_t lines)
{
	for (; lines; lines--, d += MR__LINE, s += MR__LINE) {
#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			MR__STOREU(d + k * MR__VW, MR__LOAD_IO(s + k * MR__VW));
	}
}

static void MR__T(lines_stream_load)(uint8_t *d, const uint8_t *s, size_t lines)
{
	for (; lines; lines--, d += MR__LINE, s += MR__LINE) {
		MR__VEC v[MR__NV];

#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			v[k] = MR__STREAM_LOAD(s + k * MR__VW);
#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			MR__STOREU(d + k * MR__VW, v[k]);
	}
}

static void MR__T(lines_set)(uint8_t *d, uint64_t q, size_t lines, bool nt)
{
	MR__VEC v = MR__SPLAT(q);

	if (nt) {
		for (; lines; lines--, d += MR__LINE) {
#pragma GCC unroll 8
			for (int k = 0; k < MR__NV; k++)
				MR__STREAM(d + k * MR__VW, v);
		}
		return;
	}
	for (; lines; lines--, d += MR__LINE) {
#pragma GCC unroll 8
		for (int k = 0; k < MR__NV; k++)
			MR__STORE_IO(d + k * MR__VW, v);
	}
}

/* ------------------------------------------------------------ copies */

typedef void (*MR__T(lines_fn))(uint8_t *d, const uint8_t *s, size_t lines);

/* Head, lines, tail, with the lines aligned on the destination. */
static inline void MR__T(to)(void *dst, const void *src, size_t n, MR__T(lines_fn) lines)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	size_t head = mr__head_len(d, n);

	MR__T(edge_to)(d, s, head);
	d += head;
	s += head;
	n -= head;
	lines(d, s, n / MR__LINE);
	d += n & ~(size_t)(MR__LINE - 1);
	s += n & ~(size_t)(MR__LINE - 1);
	MR__T(edge_to)(d, s, n % MR__LINE);
}

/* Head, lines, tail, with the lines aligned on the source. */
static inline void MR__T(from)(void *dst, const void *src, size_t n, MR__T(lines_fn) lines)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	size_t head = mr__head_len(s, n);

	MR__T(edge_from)(d, s, head);
	d += head;
	s += head;
	n -= head;
	lines(d, s, n / MR__LINE);
	d += n & ~(size_t)(MR__LINE - 1);
	s += n & ~(size_t)(MR__LINE - 1);
	MR__T(edge_from)(d, s, n % MR__LINE);
}

static void MR__T(toio)(void *dst, const void *src, size_t n)
{
	if (n < mr__nt_threshold) {
		MR__T(to)(dst, src, n, MR__T(lines_store));
		return;
	}
	MR__T(to)(dst, src, n, MR__T(lines_stream));
	mr_wc_flush();
}

static void MR__T(stream)(void *dst, const void *src, size_t n)
{
	MR__T(to)(dst, src, n, MR__T(lines_stream));
}

static void MR__T(fromio)(void *dst, const void *src, size_t n)
{
	MR__T(from)(dst, src, n, MR__T(lines_load));
}

static void MR__T(from_wc)(void *dst, const void *src, size_t n)
{
	MR__T(from)(dst, src, n, MR__T(lines_stream_load));
}

static void MR__T(setio)(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t q = mr__splat8(c);
	size_t head = mr__head_len(d, n);
	bool nt = n >= mr__nt_threshold;

	MR__T(edge_set)(d, q, head);
	d += head;
	n -= head;
	MR__T(lines_set)(d, q, n / MR__LINE, nt);
	d += n & ~(size_t)(MR__LINE - 1);
	MR__T(edge_set)(d, q, n % MR__LINE);
	if (nt)
		mr_wc_flush();
}

const struct mr__copy_ops MR__OPS = {
	.name = MR__PATH_NAME,
	.nt = MR__NT,
	.toio = MR__T(toio),
	.fromio = MR__T(fromio),
	.setio = MR__T(setio),
	.stream = MR__T(stream),
	.from_wc = MR__T(from_wc),
};

#undef MR__NV
#undef MR__TURN
