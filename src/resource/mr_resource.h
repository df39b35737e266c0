/* SPDX-License-Identifier: MIT */
/*
 * The resource layer: the resource tree (kernel/resource.c) and its
 * /proc/iomem text form. The first part is what the layers above use; the
 * second is private to resource.c, iomem_text.c and their tests.
 */
#ifndef MR_RESOURCE_H
#define MR_RESOURCE_H

#include <pthread.h>

#include "mr_base.h"

/*
 * Every resource tree is guarded by the library lock (mr__read_lock(),
 * mr__write_lock() in the base layer), as the kernel's resource_lock guards
 * its one tree.
 */

/* region_intersects() for callers that hold the library lock. */
MR__HIDDEN int mr__region_intersects(struct resource *root, resource_size_t start, size_t size,
				     unsigned long flags, unsigned long desc);

/*
 * For messages: the top-level resources [start, end] touches, as
 * "'System RAM' [mem 0x00100000-0x7fefffff], ..." (takes the lock).
 */
MR__HIDDEN void mr__resource_describe(struct resource *root, resource_size_t start,
				      resource_size_t end, char *buf, size_t len);

/*
 * For a System RAM refusal: the System RAM that [start, end] touches, as
 * mr__resource_describe() words it. A top-level resource that is System RAM
 * is named itself; under one that is not (a CXL window), the deepest System
 * RAM inside it ("System RAM (kmem)", not "CXL Window 0" or "dax0.0").
 * Without any, the top-level resources (takes the lock).
 */
MR__HIDDEN void mr__resource_describe_ram(struct resource *root, resource_size_t start,
					  resource_size_t end, char *buf, size_t len);

/* The deepest resource that holds all of [start, end], or NULL (lock held). */
MR__HIDDEN struct resource *mr__resource_holding(struct resource *root, resource_size_t start,
						 resource_size_t end);

/*
 * Would __request_region(@parent, @start, @n, .., @flags) succeed now? The
 * same walk and the same message, but nothing is claimed (takes the lock).
 * Return: 0, or -EBUSY / -EINVAL with the message __request_region() sets.
 */
MR__HIDDEN int mr__region_claimable(struct resource *parent, resource_size_t start,
				    resource_size_t n, int flags);

/*
 * The first resource in [first, last] that keeps user space off, as
 * iomem_is_exclusive() judges each page: System RAM marked exclusive, a
 * resource marked exclusive and busy, or with @strict (IO_STRICT_DEVMEM)
 * any busy resource that is not System RAM. Its name and range go into
 * @who as "'NAME' [mem 0x...-0x...]". The caller holds the library lock.
 * Return: true when there is one.
 */
MR__HIDDEN bool mr__resource_exclusive_in(struct resource *root, resource_size_t first,
					  resource_size_t last, bool strict, char *who, size_t len);

/*
 * memblock memory (memblock.c): sorted regions that do not overlap, each
 * NOMAP (1), mapped (0), or not yet known (-1: the text did not say).
 */
struct mr__memblock_region {
	uint64_t base, last;
	int nomap;
};

struct mr__memblock {
	struct mr__memblock_region *v;
	size_t n, cap;
};

MR__HIDDEN void mr__memblock_init(struct mr__memblock *mb);
MR__HIDDEN void mr__memblock_free(struct mr__memblock *mb);
/*
 * Read /sys/kernel/debug/memblock/memory text ("   0: 0xBASE..0xLAST", with
 * " NID FLAG" after it from Linux 6.5 on). A "# memblock.reserved" heading
 * starts a list that is skipped, up to a "# memblock.memory" heading.
 * Return: 0, or -EINVAL with a message naming the line, -ENOMEM.
 */
MR__HIDDEN int mr__memblock_parse(struct mr__memblock *mb, const char *text, size_t len);
/* Regions the text left unknown are NOMAP when they hold no System RAM in @root. */
MR__HIDDEN void mr__memblock_nomap_from_iomem(struct mr__memblock *mb, struct resource *root);
/* The regions an iomem tree shows: its System RAM, nothing NOMAP. Return 0 or -ENOMEM. */
MR__HIDDEN int mr__memblock_from_iomem(struct mr__memblock *mb, struct resource *root);
/* memblock_is_map_memory(): @addr in a region that is not NOMAP. */
MR__HIDDEN bool mr__memblock_is_map_memory(const struct mr__memblock *mb, uint64_t addr);

/* ------------------------------------------- private to the resource layer */

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
MR__HIDDEN extern _Thread_local unsigned long mr__resource_visits MR__TLS_IE;

/*
 * Tests: check every invariant of the tree under @root (order, nesting,
 * parent pointers, and that each child index matches its list).
 * Return: 0, or -EINVAL with the message naming the first broken resource.
 */
MR__HIDDEN int mr__resource_check(struct resource *root);

/* Tests: does @parent keep a child index? */
MR__HIDDEN bool mr__resource_indexed(const struct resource *parent);

#endif /* MR_RESOURCE_H */
