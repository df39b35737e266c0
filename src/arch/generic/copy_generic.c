/* SPDX-License-Identifier: MIT */
/*
 * The portable path: 8-byte accesses, through the same single-access
 * primitives as readq()/writeq(). Every architecture has it; on x86 it is
 * the baseline the vector paths are measured against.
 */
#include <string.h>

#include "copy.h"

static inline uint64_t mr__gen_loadu(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline void mr__gen_storeu(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

#define MR__T(x)	   mr__generic_##x
#define MR__OPS		   mr__copy_generic
#define MR__PATH_NAME	   "generic"
#define MR__NT		   0
#define MR__VEC		   uint64_t
#define MR__VW		   8
#define MR__LOADU(p)	   mr__gen_loadu(p)
#define MR__STOREU(p, v)   mr__gen_storeu(p, v)
#define MR__LOAD_IO(p)	   __raw_readq(p)
#define MR__STORE_IO(p, v) __raw_writeq(v, p)
/* No portable streaming access: ordinary ones, and the caller's fence. */
#define MR__STREAM(p, v)   __raw_writeq(v, p)
#define MR__STREAM_LOAD(p) __raw_readq(p)
#define MR__SPLAT(q)	   (q)

#include "copy_template.h"
