/* SPDX-License-Identifier: MIT */
/* <linux/kref.h>: a reference count whose last put calls @release. */
#ifndef MR_COMPAT_LINUX_KREF_H
#define MR_COMPAT_LINUX_KREF_H

#include <stdatomic.h>

struct kref {
	atomic_int refcount;
};

#define KREF_INIT(n)            \
	{                       \
		.refcount = (n) \
	}
static inline void kref_init(struct kref *kref)
{
	atomic_init(&kref->refcount, 1);
}

static inline void kref_get(struct kref *kref)
{
	atomic_fetch_add(&kref->refcount, 1);
}

static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (atomic_fetch_sub(&kref->refcount, 1) == 1) {
		release(kref);
		return 1;
	}
	return 0;
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return (unsigned int)atomic_load(&kref->refcount);
}

#endif /* MR_COMPAT_LINUX_KREF_H */
