/* SPDX-License-Identifier: MIT */
/* <linux/bitfield.h>: fields of a register by their mask (GENMASK()). */
#ifndef MR_COMPAT_LINUX_BITFIELD_H
#define MR_COMPAT_LINUX_BITFIELD_H

#include <linux/bits.h>
#include <linux/types.h>

#define MR__FIELD_SHIFT(mask) __builtin_ctzll(mask)
#define FIELD_MAX(mask)	      ((__typeof__(mask))((mask) >> MR__FIELD_SHIFT(mask)))
#define FIELD_FIT(mask, val)  (!((((__typeof__(mask))(val)) << MR__FIELD_SHIFT(mask)) & ~(mask)))
#define FIELD_PREP(mask, val) \
	((__typeof__(mask))(((__typeof__(mask))(val) << MR__FIELD_SHIFT(mask)) & (mask)))
#define FIELD_GET(mask, reg)	  ((__typeof__(mask))(((reg) & (mask)) >> MR__FIELD_SHIFT(mask)))
#define u32_get_bits(v, field)	  ((u32)FIELD_GET((u32)(field), (v)))
#define u32_encode_bits(v, field) ((u32)FIELD_PREP((u32)(field), (v)))

#endif /* MR_COMPAT_LINUX_BITFIELD_H */
