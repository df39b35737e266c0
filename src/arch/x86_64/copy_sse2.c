/* SPDX-License-Identifier: MIT */
/*
 * 16-byte vectors, streaming stores (MOVNTDQ); every x86-64 CPU has SSE2.
 * Without SSE4.1 there is no streaming load: WC reads use ordinary ones.
 */
#include <emmintrin.h>

#include "copy.h"

#define MR__T(x)	   mr__sse2_##x
#define MR__OPS		   mr__copy_sse2
#define MR__PATH_NAME	   "sse2"
#define MR__NT		   1
#define MR__VEC		   __m128i
#define MR__VW		   16
#define MR__LOADU(p)	   _mm_loadu_si128((const __m128i *)(const void *)(p))
#define MR__STOREU(p, v)   _mm_storeu_si128((__m128i *)(void *)(p), v)
#define MR__LOAD_IO(p)	   (*(const volatile __m128i *)(const void *)(p))
#define MR__STORE_IO(p, v) (*(volatile __m128i *)(void *)(p) = (v))
#define MR__STREAM(p, v)   _mm_stream_si128((__m128i *)(void *)(p), v)
#define MR__STREAM_LOAD(p) MR__LOAD_IO(p)
#define MR__SPLAT(q)	   _mm_set1_epi64x((long long)(q))

#include "copy_template.h"
