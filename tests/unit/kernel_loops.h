/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own resource loops, written plainly from kernel/resource.c's
 * description: a reference for the tests (random trees, answers compared)
 * and the baseline of bench/core. Walks every sibling: linear on purpose.
 * The caller holds mr__resource_lock when other threads may change the tree.
 */
#ifndef MR_KERNEL_LOOPS_H
#define MR_KERNEL_LOOPS_H

#include <stdbool.h>

#include <memremap/resource.h>

static bool ref_match(const struct resource *p, unsigned long flags, unsigned long desc)
{
	return (p->flags & flags) == flags && (desc == IORES_DESC_NONE || desc == p->desc);
}

static bool ref_overlaps(const struct resource *p, resource_size_t s, resource_size_t e)
{
	return p->start <= e && p->end >= s;
}

/* next_resource() with a subtree root, as upstream. */
static struct resource *ref_next(struct resource *p, bool skip_children, struct resource *sub)
{
	if (!skip_children && p->child)
		return p->child;
	while (!p->sibling && p->parent) {
		p = p->parent;
		if (p == sub)
			return NULL;
	}
	return p->sibling;
}

static int ref_region_intersects(struct resource *root, resource_size_t start, size_t size,
				 unsigned long flags, unsigned long desc)
{
	resource_size_t end = start + size - 1, os, oe;
	struct resource *p, *dp;
	int type = 0, other = 0;
	bool covered;

	for (p = root->child; p; p = p->sibling) {
		if (!ref_overlaps(p, start, end))
			continue;
		os = p->start > start ? p->start : start;
		oe = p->end < end ? p->end : end;
		if (ref_match(p, flags, desc)) {
			type++;
			continue;
		}
		covered = false;
		for (dp = p->child; dp; dp = ref_next(dp, false, p)) {
			if (!ref_overlaps(dp, start, end))
				continue;
			if (ref_match(dp, flags, desc)) {
				type++;
				if (dp->start > os)
					break;
				if (dp->end >= oe) {
					covered = true;
					break;
				}
				os = os > dp->end + 1 ? os : dp->end + 1;
			}
		}
		if (!covered)
			other++;
	}
	if (type == 0)
		return REGION_DISJOINT;
	return other == 0 ? REGION_INTERSECTS : REGION_MIXED;
}

#endif /* MR_KERNEL_LOOPS_H */
