/* SPDX-License-Identifier: MIT */
/*
 * <linux/types.h> for driver code built in user space over libmemremap.
 *
 * System headers include <linux/types.h> too (the UAPI one: __u8, __le32,
 * ...), and with this directory on the include path they find this file:
 * so it includes the system's first and adds the kernel-internal names.
 */
#ifndef MR_COMPAT_LINUX_TYPES_H
#define MR_COMPAT_LINUX_TYPES_H

#if defined(__has_include_next)
#if __has_include_next(<linux/types.h>)
#include_next <linux/types.h>
#define MR__COMPAT_UAPI_TYPES 1
#endif
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/compiler.h>

#ifndef MR__COMPAT_UAPI_TYPES
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int8_t __s8;
typedef int16_t __s16;
typedef int32_t __s32;
typedef int64_t __s64;
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* As in <memremap/resource.h>; C11 allows the same typedef twice. */
typedef uint64_t phys_addr_t;
typedef uint64_t resource_size_t;
typedef uint64_t dma_addr_t;

/* Allocation flags: accepted and ignored, except __GFP_ZERO (<linux/slab.h>). */
typedef unsigned int gfp_t;
typedef unsigned short umode_t;
#ifndef __USE_MISC /* the C library names loff_t only then */
typedef __loff_t loff_t;
#endif
typedef unsigned long kernel_ulong_t;
typedef u32 phandle;
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	long long counter;
} atomic64_t;

#endif /* MR_COMPAT_LINUX_TYPES_H */
