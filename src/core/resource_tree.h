/* SPDX-License-Identifier: MIT */
/*
 * Private to the resource tree (resource.c) and its text form
 * (iomem_text.c), and to their tests.
 */
#ifndef MR_RESOURCE_TREE_H
#define MR_RESOURCE_TREE_H

#include "internal.h"

/*
 * The kernel's MAX_IORES_LEVEL (kernel/resource.c r_show): /proc/iomem
 * prints every resource deeper than this at this depth (10 spaces). Newer
 * kernels raised it to 8; a parsed tree remembers the depth its text used.
 */
#define MR__IORES_LEVELS 5

/*
 * A resource the library allocated (by mr_iomem_parse() or
 * __request_region()), with a copy of @name. Return NULL on ENOMEM.
 */
MR__HIDDEN struct resource *mr__resource_new(const char *name, size_t len, resource_size_t start,
					     resource_size_t end, unsigned long flags,
					     unsigned long desc);

/*
 * Link @new as a child of @parent right after @prev (first when NULL).
 * The caller checked that it fits; the lock is held or the tree private.
 */
MR__HIDDEN void mr__resource_link(struct resource *parent, struct resource *prev,
				  struct resource *new);

/* The depth at which the text of a parsed tree capped its indent. */
MR__HIDDEN unsigned int mr__resource_levels(const struct resource *root);
MR__HIDDEN void mr__resource_set_levels(struct resource *root, unsigned int levels);

/* Tests: resources looked at by this thread's searches. */
MR__HIDDEN extern _Thread_local unsigned long mr__resource_visits;

/*
 * Tests: check every invariant of the tree under @root (order, nesting,
 * parent pointers, and that each child index matches its list).
 * Return: 0, or -EINVAL with the message naming the first broken resource.
 */
MR__HIDDEN int mr__resource_check(struct resource *root);

/* Tests: does @parent keep a child index? */
MR__HIDDEN bool mr__resource_indexed(const struct resource *parent);

#endif /* MR_RESOURCE_TREE_H */
