/* SPDX-License-Identifier: MIT */
/*
 * <linux/err.h> for driver code built in user space over libmemremap.
 *
 * ERR_PTR, PTR_ERR, IS_ERR, IS_ERR_OR_NULL and MAX_ERRNO are the library's
 * own (devm_memremap() returns error pointers); this adds the rest.
 */
#ifndef MR_COMPAT_LINUX_ERR_H
#define MR_COMPAT_LINUX_ERR_H

#include "../../../memremap.h"
#include <linux/compiler.h>
#include <linux/errno.h>

/* An error pointer of one type passed on as another. */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)(uintptr_t)ptr;
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* MR_COMPAT_LINUX_ERR_H */
