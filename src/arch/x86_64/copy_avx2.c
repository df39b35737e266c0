/* SPDX-License-Identifier: MIT */
/*
 * 32-byte vectors: VMOVNTDQ stores and (AVX2) VMOVNTDQA loads. Built with
 * -mavx2 (arch.cmake); called only when CPUID and XCR0 say AVX2.
 */
#include <immintrin.h>

#include "copy.h"

#define MR__T(x)	   mr__avx2_##x
#define MR__OPS		   mr__copy_avx2
#define MR__PATH_NAME	   "avx2"
#define MR__NT		   1
#define MR__VEC		   __m256i
#define MR__VW		   32
#define MR__LOADU(p)	   _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define MR__STOREU(p, v)   _mm256_storeu_si256((__m256i *)(void *)(p), v)
#define MR__LOAD_IO(p)	   (*(const volatile __m256i *)(const void *)(p))
#define MR__STORE_IO(p, v) (*(volatile __m256i *)(void *)(p) = (v))
#define MR__STREAM(p, v)   _mm256_stream_si256((__m256i *)(void *)(p), v)
#define MR__STREAM_LOAD(p) _mm256_stream_load_si256((const __m256i *)(const void *)(p))
#define MR__SPLAT(q)	   _mm256_set1_epi64x((long long)(q))

#include "copy_template.h"
