/* SPDX-License-Identifier: MIT */
/*
 * The portable accessors (relaxed C11 atomics and fences), which other
 * architectures get, checked on this one with the same probes.
 */
#define MR_IO_PORTABLE 1
#include "test_io.c"
