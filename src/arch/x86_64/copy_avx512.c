/* SPDX-License-Identifier: MIT */
/*
 * 64-byte vectors: one store per cache line. Built with -mavx512f
 * (arch.cmake); called only when CPUID and XCR0 say AVX-512F.
 */
#include <immintrin.h>

#include "copy.h"

#define MR__T(x)	   mr__avx512_##x
#define MR__OPS		   mr__copy_avx512
#define MR__PATH_NAME	   "avx512"
#define MR__NT		   1
#define MR__VEC		   __m512i
#define MR__VW		   64
#define MR__LOADU(p)	   _mm512_loadu_si512((const void *)(p))
#define MR__STOREU(p, v)   _mm512_storeu_si512((void *)(p), v)
#define MR__LOAD_IO(p)	   (*(const volatile __m512i *)(const void *)(p))
#define MR__STORE_IO(p, v) (*(volatile __m512i *)(void *)(p) = (v))
#define MR__STREAM(p, v)   _mm512_stream_si512((void *)(p), v)
#define MR__STREAM_LOAD(p) _mm512_stream_load_si512((void *)(uintptr_t)(p))
#define MR__SPLAT(q)	   _mm512_set1_epi64((long long)(q))

#include "copy_template.h"
