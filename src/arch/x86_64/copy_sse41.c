/* SPDX-License-Identifier: MIT */
/*
 * The SSE2 path plus SSE4.1's streaming load (MOVNTDQA), which reads a
 * whole write-combining line into a streaming buffer at once. Built with
 * -msse4.1 (arch.cmake); called only when CPUID says SSE4.1.
 */
#include <smmintrin.h>

#include "copy.h"

#define MR__T(x)	   mr__sse41_##x
#define MR__OPS		   mr__copy_sse41
#define MR__PATH_NAME	   "sse4.1"
#define MR__NT		   1
#define MR__VEC		   __m128i
#define MR__VW		   16
#define MR__LOADU(p)	   _mm_loadu_si128((const __m128i *)(const void *)(p))
#define MR__STOREU(p, v)   _mm_storeu_si128((__m128i *)(void *)(p), v)
#define MR__LOAD_IO(p)	   (*(const volatile __m128i *)(const void *)(p))
#define MR__STORE_IO(p, v) (*(volatile __m128i *)(void *)(p) = (v))
#define MR__STREAM(p, v)   _mm_stream_si128((__m128i *)(void *)(p), v)
#define MR__STREAM_LOAD(p) _mm_stream_load_si128((__m128i *)(uintptr_t)(p))
#define MR__SPLAT(q)	   _mm_set1_epi64x((long long)(q))

#include "copy_template.h"
