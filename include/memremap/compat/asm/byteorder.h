/* SPDX-License-Identifier: MIT */
/*
 * <asm/byteorder.h>: the kernel's cpu_to_le32() and friends, for the byte
 * order of the machine the driver runs on.
 */
#ifndef MR_COMPAT_ASM_BYTEORDER_H
#define MR_COMPAT_ASM_BYTEORDER_H

#include <linux/types.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MR__LE(bits, x) ((u##bits)(x))
#define MR__BE(bits, x) ((u##bits)__builtin_bswap##bits(x))
#else
#define MR__LE(bits, x) ((u##bits)__builtin_bswap##bits(x))
#define MR__BE(bits, x) ((u##bits)(x))
#endif

#define le16_to_cpu(x)	MR__LE(16, x)
#define le32_to_cpu(x)	MR__LE(32, x)
#define le64_to_cpu(x)	MR__LE(64, x)
#define cpu_to_le16(x)	MR__LE(16, x)
#define cpu_to_le32(x)	MR__LE(32, x)
#define cpu_to_le64(x)	MR__LE(64, x)
#define be16_to_cpu(x)	MR__BE(16, x)
#define be32_to_cpu(x)	MR__BE(32, x)
#define be64_to_cpu(x)	MR__BE(64, x)
#define cpu_to_be16(x)	MR__BE(16, x)
#define cpu_to_be32(x)	MR__BE(32, x)
#define cpu_to_be64(x)	MR__BE(64, x)
#define le16_to_cpup(p) le16_to_cpu(*(p))
#define le32_to_cpup(p) le32_to_cpu(*(p))
#define le64_to_cpup(p) le64_to_cpu(*(p))
#define be32_to_cpup(p) be32_to_cpu(*(p))
#define swab16(x)	((u16)__builtin_bswap16(x))
#define swab32(x)	((u32)__builtin_bswap32(x))
#define swab64(x)	((u64)__builtin_bswap64(x))

#endif /* MR_COMPAT_ASM_BYTEORDER_H */
