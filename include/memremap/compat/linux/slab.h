/* SPDX-License-Identifier: MIT */
/*
 * <linux/slab.h> for driver code built in user space over libmemremap.
 *
 * The C library's allocator; the GFP flags say nothing in user space except
 * __GFP_ZERO, which asks for zeroed memory.
 */
#ifndef MR_COMPAT_LINUX_SLAB_H
#define MR_COMPAT_LINUX_SLAB_H

#include <stdlib.h>

#include <linux/types.h>

#define __GFP_ZERO   0x100u
#define __GFP_NOWARN 0x200u
#define GFP_KERNEL   0x1u
#define GFP_ATOMIC   0x2u
#define GFP_NOWAIT   0x4u
#define GFP_DMA	     0x8u
#define GFP_DMA32    0x10u

static inline void *kmalloc(size_t size, gfp_t flags)
{
	return (flags & __GFP_ZERO) ? calloc(1, size) : malloc(size);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

/* NULL when n * size overflows, as the kernel's check_mul_overflow() has it. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *krealloc(void *p, size_t size, gfp_t flags)
{
	(void)flags;
	return realloc(p, size);
}

static inline void kfree(const void *p)
{
	free((void *)(uintptr_t)p);
}

#define kvmalloc(size, flags)	 kmalloc(size, flags)
#define kvzalloc(size, flags)	 kzalloc(size, flags)
#define kvcalloc(n, size, flags) kcalloc(n, size, flags)
#define kvmalloc_array(n, s, f)	 kmalloc_array(n, s, f)
#define kvfree(p)		 kfree(p)
#define vmalloc(size)		 kmalloc(size, GFP_KERNEL)
#define vzalloc(size)		 kzalloc(size, GFP_KERNEL)
#define vfree(p)		 kfree(p)
#define kfree_sensitive(p)	 kfree(p)
#define kzalloc_node(s, f, node) kzalloc(s, f)

#endif /* MR_COMPAT_LINUX_SLAB_H */
