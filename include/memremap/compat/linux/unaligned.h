/* SPDX-License-Identifier: MIT */
/* <linux/unaligned.h> (<asm/unaligned.h> before 6.12): loads at any address. */
#ifndef MR_COMPAT_LINUX_UNALIGNED_H
#define MR_COMPAT_LINUX_UNALIGNED_H

#include <string.h>

#include <asm/byteorder.h>

#define MR__GET_UNALIGNED(bits)                                        \
	static inline u##bits mr__get_unaligned##bits(const void *p)   \
	{                                                              \
		u##bits v;                                             \
		memcpy(&v, p, sizeof(v));                              \
		return v;                                              \
	}                                                              \
	static inline void mr__put_unaligned##bits(u##bits v, void *p) \
	{                                                              \
		memcpy(p, &v, sizeof(v));                              \
	}
MR__GET_UNALIGNED(16)
MR__GET_UNALIGNED(32)
MR__GET_UNALIGNED(64)
#undef MR__GET_UNALIGNED

#define get_unaligned_le16(p)	 le16_to_cpu(mr__get_unaligned16(p))
#define get_unaligned_le32(p)	 le32_to_cpu(mr__get_unaligned32(p))
#define get_unaligned_le64(p)	 le64_to_cpu(mr__get_unaligned64(p))
#define get_unaligned_be16(p)	 be16_to_cpu(mr__get_unaligned16(p))
#define get_unaligned_be32(p)	 be32_to_cpu(mr__get_unaligned32(p))
#define get_unaligned_be64(p)	 be64_to_cpu(mr__get_unaligned64(p))
#define put_unaligned_le16(v, p) mr__put_unaligned16(cpu_to_le16(v), p)
#define put_unaligned_le32(v, p) mr__put_unaligned32(cpu_to_le32(v), p)
#define put_unaligned_le64(v, p) mr__put_unaligned64(cpu_to_le64(v), p)
#define put_unaligned_be32(v, p) mr__put_unaligned32(cpu_to_be32(v), p)
#define get_unaligned(p)                            \
	({                                          \
		__typeof__(*(p)) mr__v;             \
		memcpy(&mr__v, (p), sizeof(mr__v)); \
		mr__v;                              \
	})
#define put_unaligned(v, p)                         \
	do {                                        \
		__typeof__(*(p)) mr__v = (v);       \
		memcpy((p), &mr__v, sizeof(mr__v)); \
	} while (0)

#endif /* MR_COMPAT_LINUX_UNALIGNED_H */
