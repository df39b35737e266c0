/* SPDX-License-Identifier: MIT */
/*
 * The memtype layer: the x86 PAT memory-type tracker
 * (arch/x86/mm/pat/memtype.c). Every live reservation of a physical range
 * with a cache type, duplicates allowed. Types are the MEMREMAP_WB/_WT/_WC/
 * _DEV bits; DEV stands for UC-. The caller serializes access (the
 * machine's lock).
 */
#ifndef MR_MEMTYPE_H
#define MR_MEMTYPE_H

#include "mr_base.h"

struct mr__memtype_entry {
	uint64_t start, end; /* [start, end) */
	unsigned long type;
	const void *owner; /* the mapping, or NULL for a preloaded entry */
	const char *name;  /* a preloaded entry's type as the kernel named it */
};

struct mr__memtype {
	struct mr__memtype_entry *v; /* sorted by start */
	size_t n, cap;
	uint64_t max_len; /* longest entry ever: bounds the backward scan */
};

MR__HIDDEN void mr__memtype_init(struct mr__memtype *mt);
MR__HIDDEN void mr__memtype_destroy(struct mr__memtype *mt);

/*
 * What reserving [start, end) for @req would give, changing nothing: the
 * type already held there when the pair is allowed (*got, and in @from,
 * when it differs from @req, whom it came from, briefly), else -EAGAIN with
 * a message naming the entry in the way (or both entries, when two of
 * different types overlap the range).
 */
MR__HIDDEN int mr__memtype_check(const struct mr__memtype *mt, uint64_t start, uint64_t end,
				 unsigned long req, unsigned long *got, char *from,
				 size_t from_len);
/* mr__memtype_check(), then record the reservation for @owner with *got. */
MR__HIDDEN int mr__memtype_reserve(struct mr__memtype *mt, uint64_t start, uint64_t end,
				   unsigned long req, unsigned long *got, const void *owner,
				   char *from, size_t from_len);
MR__HIDDEN void mr__memtype_free(struct mr__memtype *mt, uint64_t start, uint64_t end,
				 const void *owner);
/* The platform served a stronger type than reserved: hold that one. */
MR__HIDDEN void mr__memtype_retype(struct mr__memtype *mt, uint64_t start, uint64_t end,
				   const void *owner, unsigned long type);
/* Is a new type allowed over an existing one (is_new_memtype_allowed)? */
MR__HIDDEN bool mr__memtype_allowed(unsigned long req, unsigned long got);
/* The legacy ISA range is not tracked: mappings there never conflict. */
MR__HIDDEN bool mr__memtype_untracked(uint64_t start, uint64_t end);
/* The first entry overlapping [start, end), or NULL. */
MR__HIDDEN const struct mr__memtype_entry *mr__memtype_lookup(const struct mr__memtype *mt,
							      uint64_t start, uint64_t end);
/*
 * Parse /sys/kernel/debug/x86/pat_memtype_list text into preloaded entries.
 * Return: 0 or -errno with the message naming the line.
 */
MR__HIDDEN int mr__memtype_load_pat(struct mr__memtype *mt, const char *text, size_t len);
/*
 * The type held on the first reserved page of [start, end) and who holds it.
 * Return: 1 when found, 0 when nothing is held there.
 */
MR__HIDDEN int mr__memtype_describe_range(const struct mr__memtype *mt, uint64_t start,
					  uint64_t end, unsigned long *type, char *who, size_t len);
/* "write-back", "write-combining", "write-through", "uncached-minus". */
MR__HIDDEN const char *mr__memtype_pat_name(unsigned long type);

#endif /* MR_MEMTYPE_H */
