/* SPDX-License-Identifier: MIT */
/*
 * The memremap layer: memremap() as the kernel decides it (kernel/iomem.c),
 * in two steps. Planning is pure: it checks the range and flags, asks
 * region_intersects(), chooses the cache type in the kernel's order, asks
 * the memory-type tracker what the pages would hold and the platform which
 * door would serve them, and changes nothing anyone else can see. Executing
 * follows the plan: claim, reserve, map, publish. A query stops after
 * planning.
 */
#ifndef MR_MEMREMAP_INT_H
#define MR_MEMREMAP_INT_H

#include "mr_mapping.h"

/* A warning the kernel would print for this call, kept until the call is real. */
struct mr__plan_warn {
	enum mr__warn_site site;
	char msg[160];
};

/* One memremap() call, planned. */
struct mr__plan {
	/* the call */
	struct mr_machine *m;
	resource_size_t offset;
	size_t size;
	unsigned long flags;
	/* the answer */
	int ri;		    /* region_intersects(System RAM), or -1 before it was asked */
	int err;	    /* 0 when it would map, else -errno (and mr_errmsg() says why) */
	void *direct;	    /* the direct-map pointer that would serve it, or NULL */
	unsigned long type; /* the type tried: MEMREMAP_WB, _WT, _WC or _DEV */
	struct mr__map map; /* for @type: the memory type held and the platform's door */
	bool no_ram_pages;  /* RAM missed the direct map: ioremap must not take it */
	struct mr__plan_warn warns[4];
	unsigned int nwarns;
};

/*
 * Plan memremap(@offset, @size, @flags) on @m. Return: @p->err.
 */
MR__HIDDEN int mr__plan(struct mr__plan *p, struct mr_machine *m, resource_size_t offset,
			size_t size, unsigned long flags);
/*
 * The planned type could not be served after all (the platform failed, or
 * the pages changed type meanwhile): plan the next type the flags allow, as
 * the kernel tries ioremap_wt, then ioremap_wc. Return: @p->err.
 */
MR__HIDDEN int mr__plan_next(struct mr__plan *p);
/*
 * Fill @map for @type given the type the pages hold (@got, inherited from
 * @from when it differs) and ask the platform's probe. Return 0 or -errno.
 */
MR__HIDDEN int mr__plan_door(struct mr__plan *p, struct mr__map *map, unsigned long got,
			     const char *from);
/* Does the range hold System RAM (any of it)? */
MR__HIDDEN bool mr__plan_holds_ram(const struct mr__plan *p);
/* Print the warnings the kernel would have printed (a real call only). */
MR__HIDDEN void mr__plan_warn(struct mr__plan *p);

/*
 * Carry out a plan that succeeded: claim, reserve the type, map, publish
 * (or hand out the direct-map pointer). With @dev, for devm_memremap(): the
 * mapping is @dev's, its exclusive claim is named after it, and @devres is
 * its record. The caller holds the plan's machine (mr__machine_get) and no
 * lock. Return: the address, or NULL with errno and the message set.
 */
MR__HIDDEN void *mr__execute(struct mr__plan *p, struct device *dev, void *devres);
/* devm_memremap()'s part: the record, then mr__execute(); an ERR_PTR() on failure. */
MR__HIDDEN void *mr__devm_execute(struct mr__plan *p, struct device *dev);
/* mr_memremap_query()'s answer from a plan (this thread's message for a refusal). */
MR__HIDDEN void mr__query_fill(const struct mr__plan *p, struct mr_query *q);
/* Direct-map WB mappings still held (memremap() without memunmap()) on @m. */
MR__HIDDEN int mr__direct_for_each(struct mr_machine *m,
				   int (*fn)(const struct mr_mapping_info *, void *), void *arg);
/* Count a direct-map pointer handed out as held; 0 or -ENOMEM. */
MR__HIDDEN int mr__direct_hold(uint64_t serial, void *addr, phys_addr_t phys, size_t size,
			       struct device *dev);
/* @m closes: its holds go. */
MR__HIDDEN void mr__direct_forget(struct mr_machine *m);

/* What mr_memcpy_io() does for a pair of pointers (docs/copies.md). */
enum mr__io_copy {
	MR__IO_MEMCPY,
	MR__IO_TO_WC,
	MR__IO_TOIO,
	MR__IO_FROM_WC,
	MR__IO_BOUNCE_TO_WC, /* device memory on both sides */
	MR__IO_BOUNCE_TOIO,
};
MR__HIDDEN enum mr__io_copy mr__memcpy_io_choice(const void *dst, const void *src);
/* Is writing back the cache lines at @p of any use (not on WT, WC or DEV mappings)? */
MR__HIDDEN bool mr__flush_wanted(const void *p);

#endif /* MR_MEMREMAP_INT_H */
