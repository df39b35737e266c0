/* SPDX-License-Identifier: MIT */
/*
 * <linux/random.h>: the kernel's entropy calls. It shadows the system's
 * UAPI header of the same name, which it includes first for the ioctl
 * numbers. Randomness comes from getrandom(); what drivers add to the pool
 * is counted, and a VM fork (add_vmfork_randomness) is logged.
 */
#ifndef MR_COMPAT_LINUX_RANDOM_H
#define MR_COMPAT_LINUX_RANDOM_H

#if defined(__has_include_next)
#if __has_include_next(<linux/random.h>)
#include_next <linux/random.h>
#endif
#endif

#include <linux/types.h>

extern void get_random_bytes(void *buf, size_t len);
extern u32 get_random_u32(void);
extern u64 get_random_u64(void);
extern void add_device_randomness(const void *buf, size_t len);
extern void add_vmfork_randomness(const void *unique_vm_id, size_t len);
extern void add_bootloader_randomness(const void *buf, size_t len);
static inline u32 get_random_u32_below(u32 ceil)
{
	return ceil ? get_random_u32() % ceil : 0;
}
#define get_random_int() get_random_u32()
#define prandom_u32()	 get_random_u32()

#endif /* MR_COMPAT_LINUX_RANDOM_H */
