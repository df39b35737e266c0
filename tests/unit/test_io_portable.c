/* SPDX-License-Identifier: MIT */
/*
 * The portable accessors (relaxed C11 atomics and fences), which other
 * architectures get, checked on this one with the same probes.
 */
#if defined(__SANITIZE_THREAD__)
#include <stdio.h>

/* TSan models no fences (GCC refuses them); the other builds check these. */
int main(void)
{
	puts("NOT RUN: the portable accessors are not built under ThreadSanitizer");
	return 77; /* ctest: skipped, not passed */
}
#else
#define MR_IO_PORTABLE 1
#include "test_io.c"
#endif
