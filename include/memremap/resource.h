/* SPDX-License-Identifier: MIT */
/*
 * memremap/resource.h - the physical address resource tree.
 *
 * The names, values and rules follow the kernel's include/linux/ioport.h and
 * kernel/resource.c, so that code written against the kernel reads the same
 * here. All trees share one reader/writer lock, as the kernel's do; the
 * functions below take it themselves. Walking ->child/->sibling by hand is
 * safe only while no other thread changes the tree; changing the links by
 * hand is never safe once the library has indexed a parent (see @mr_priv).
 */
#ifndef MEMREMAP_RESOURCE_H
#define MEMREMAP_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h" /* beside this file once installed; generated into the build tree */

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t resource_size_t;
typedef uint64_t phys_addr_t;

/**
 * struct resource - one node of the resource tree
 * @start: first byte of the range
 * @end: last byte of the range (inclusive, as in the kernel)
 * @name: who owns or describes the range ("System RAM", "0000:00:02.0", ...)
 * @flags: IORESOURCE_* bits
 * @desc: IORES_DESC_* descriptor
 * @parent: the resource this one nests in
 * @sibling: the next resource at the same level, in address order
 * @child: the first nested resource
 * @mr_priv: private to the library (an index over the children of a parent
 *	     with many); zero it in resources you declare or copy
 *
 * Children are sorted by address and never overlap one another.
 */
struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
	void *mr_priv;
};

/* Resource flags, as in include/linux/ioport.h. */
#define IORESOURCE_BITS			 0x000000ffUL
#define IORESOURCE_TYPE_BITS		 0x00001f00UL
#define IORESOURCE_IO			 0x00000100UL
#define IORESOURCE_MEM			 0x00000200UL
#define IORESOURCE_REG			 0x00000300UL
#define IORESOURCE_IRQ			 0x00000400UL
#define IORESOURCE_DMA			 0x00000800UL
#define IORESOURCE_BUS			 0x00001000UL
#define IORESOURCE_PREFETCH		 0x00002000UL
#define IORESOURCE_READONLY		 0x00004000UL
#define IORESOURCE_CACHEABLE		 0x00008000UL
#define IORESOURCE_RANGELENGTH		 0x00010000UL
#define IORESOURCE_SHADOWABLE		 0x00020000UL
#define IORESOURCE_SIZEALIGN		 0x00040000UL
#define IORESOURCE_STARTALIGN		 0x00080000UL
#define IORESOURCE_MEM_64		 0x00100000UL
#define IORESOURCE_WINDOW		 0x00200000UL
#define IORESOURCE_MUXED		 0x00400000UL
#define IORESOURCE_EXT_TYPE_BITS	 0x01000000UL
#define IORESOURCE_SYSRAM		 0x01000000UL
#define IORESOURCE_SYSRAM_DRIVER_MANAGED 0x02000000UL
#define IORESOURCE_SYSRAM_MERGEABLE	 0x04000000UL
#define IORESOURCE_EXCLUSIVE		 0x08000000UL
#define IORESOURCE_DISABLED		 0x10000000UL
#define IORESOURCE_UNSET		 0x20000000UL
#define IORESOURCE_AUTO			 0x40000000UL
#define IORESOURCE_BUSY			 0x80000000UL
#define IORESOURCE_SYSTEM_RAM		 (IORESOURCE_MEM | IORESOURCE_SYSRAM)

/* Resource descriptors, as in include/linux/ioport.h. */
enum {
	IORES_DESC_NONE = 0,
	IORES_DESC_CRASH_KERNEL = 1,
	IORES_DESC_ACPI_TABLES = 2,
	IORES_DESC_ACPI_NV_STORAGE = 3,
	IORES_DESC_PERSISTENT_MEMORY = 4,
	IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	IORES_DESC_RESERVED = 7,
	IORES_DESC_SOFT_RESERVED = 8,
	IORES_DESC_CXL = 9,
};

/* What region_intersects() answers. */
enum {
	REGION_INTERSECTS = 0,
	REGION_DISJOINT = 1,
	REGION_MIXED = 2,
};

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

/*
 * Changing the tree. Each returns 0 or a negative errno (-EBUSY on a
 * conflict, -EINVAL on a malformed resource: NULL, or start above end) and
 * sets errno and mr_errmsg(); the _conflict forms return the resource in the
 * way (@root itself when @new lies outside it or is malformed), or NULL when
 * the new one went in.
 */

/**
 * request_resource() - claim a range as a new child of @root
 * @root: the parent; @new must lie inside it
 * @new: the resource to insert; it must not overlap any child of @root
 *
 * Return: 0, -EBUSY when @new overlaps a child of @root or lies outside it,
 * -EINVAL when it starts after its end.
 */
MR_API int request_resource(struct resource *root, struct resource *new);
MR_API struct resource *request_resource_conflict(struct resource *root, struct resource *new);

/**
 * insert_resource() - put a resource into the tree, adopting what it covers
 * @parent: where to start looking
 * @new: the resource; it goes as deep as it fits and becomes the parent of
 *	 the resources it covers entirely
 *
 * Return: 0, or -EBUSY when @new partly overlaps a resource.
 */
MR_API int insert_resource(struct resource *parent, struct resource *new);
MR_API struct resource *insert_resource_conflict(struct resource *parent, struct resource *new);

/**
 * release_resource() - take a resource out of the tree, with its children
 * @old: the resource
 *
 * Return: 0, or -EINVAL when @old is not in a tree.
 */
MR_API int release_resource(struct resource *old);

/**
 * remove_resource() - take a resource out, its children moving up a level
 * @old: the resource
 *
 * Return: 0, or -EINVAL when @old is not in a tree.
 */
MR_API int remove_resource(struct resource *old);

/**
 * __request_region() - claim a busy region, as a driver does
 * @parent: the tree (or subtree) to claim in
 * @start: first byte
 * @n: number of bytes
 * @name: the claimant; the string is copied
 * @flags: extra IORESOURCE_* bits (IORESOURCE_EXCLUSIVE, IORESOURCE_MUXED:
 *	   when both the holder and this request are muxed, wait until the
 *	   holder releases, as the kernel sleeps)
 *
 * The region nests inside the deepest resource that covers it and is not
 * busy; it conflicts with any busy resource it overlaps.
 *
 * Return: the new busy resource, or NULL with errno set (EBUSY on a
 * conflict, EINVAL on a bad range, ENOMEM).
 */
MR_API struct resource *__request_region(struct resource *parent, resource_size_t start,
					 resource_size_t n, const char *name, int flags);

/**
 * __release_region() - release a busy region claimed by __request_region()
 * @parent: the tree it was claimed in
 * @start: first byte, exactly as claimed
 * @n: number of bytes, exactly as claimed
 *
 * A release that matches no busy region exactly is warned about and ignored.
 */
MR_API void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);

/**
 * mr_region_intersects() - how a range relates to resources of one kind
 * @root: the tree
 * @start: first byte
 * @size: number of bytes (a size of 0 is the range [start, start - 1])
 * @flags: IORESOURCE_* bits a resource must all have to match
 * @desc: IORES_DESC_* a resource must have, or IORES_DESC_NONE for any
 *
 * Current upstream semantics: holes do not count; a non-matching resource
 * whose matching descendants cover its part of the range does not count.
 *
 * Return: REGION_INTERSECTS, REGION_DISJOINT or REGION_MIXED.
 */
MR_API int mr_region_intersects(struct resource *root, resource_size_t start, size_t size,
				unsigned long flags, unsigned long desc);

/**
 * region_intersects() - mr_region_intersects() on the current machine
 * @start: first byte
 * @size: number of bytes
 * @flags: IORESOURCE_* bits to match
 * @desc: IORES_DESC_* to match, or IORES_DESC_NONE
 *
 * Return: REGION_INTERSECTS, REGION_DISJOINT or REGION_MIXED; REGION_DISJOINT
 * when no machine can be opened.
 */
MR_API int region_intersects(resource_size_t start, size_t size, unsigned long flags,
			     unsigned long desc);

/**
 * mr_walk_iomem_res_desc() - call @func on each matching resource in a range
 * @root: the tree
 * @desc: IORES_DESC_* to match, or IORES_DESC_NONE
 * @flags: IORESOURCE_* bits a resource must all have
 * @start: first byte of the range
 * @end: last byte of the range
 * @arg: passed to @func
 * @func: called, without the lock, with a copy of each match clipped to
 *	  [@start, @end] (start, end, flags, desc and parent; no name); a
 *	  non-zero return stops the walk
 *
 * The walk visits the tree in address order, descending into resources that
 * do not match. As in the kernel, a range with @start >= @end finds nothing,
 * and each search resumes after the end of the last match.
 *
 * Return: the last value @func returned, or -EINVAL when nothing matched.
 */
MR_API int mr_walk_iomem_res_desc(struct resource *root, unsigned long desc, unsigned long flags,
				  resource_size_t start, resource_size_t end, void *arg,
				  int (*func)(struct resource *, void *));

/**
 * walk_system_ram_res() - call @func on each System RAM range in [start, end]
 * @start: first byte
 * @end: last byte
 * @arg: passed to @func
 * @func: as for mr_walk_iomem_res_desc()
 *
 * Acts on the current machine.
 *
 * Return: as for mr_walk_iomem_res_desc().
 */
MR_API int walk_system_ram_res(resource_size_t start, resource_size_t end, void *arg,
			       int (*func)(struct resource *, void *));

/**
 * walk_system_ram_range() - call @func on each run of whole System RAM pages
 * @start_pfn: first page frame
 * @nr_pages: number of page frames
 * @arg: passed to @func
 * @func: called with (first pfn, number of pages, @arg); non-zero stops
 *
 * Return: as for mr_walk_iomem_res_desc().
 */
MR_API int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
				 int (*func)(unsigned long, unsigned long, void *));

/**
 * mr_iomem_is_exclusive() - may user space not touch this page?
 * @root: the tree
 * @addr: any address in the page
 * @strict: true for IO_STRICT_DEVMEM rules (every busy resource is
 *	    exclusive), false for "iomem=relaxed"
 *
 * The kernel's resource_is_exclusive() with strict_iomem_checks and
 * IO_STRICT_DEVMEM both @strict: "iomem=relaxed" ignores IORESOURCE_EXCLUSIVE
 * on busy resources.
 *
 * Return: true when a resource over the page is System RAM marked
 * IORESOURCE_EXCLUSIVE (busy or not), or, with @strict, is busy.
 */
MR_API bool mr_iomem_is_exclusive(struct resource *root, uint64_t addr, bool strict);

/**
 * iomem_is_exclusive() - mr_iomem_is_exclusive() on the current machine,
 * with the strictness of that machine (IO_STRICT_DEVMEM on Debian's kernels)
 * @addr: any address in the page
 *
 * Return: true when user space must not map the page.
 */
MR_API bool iomem_is_exclusive(uint64_t addr);

/*
 * The /proc/iomem text format: "start-end : name", start and end in lower
 * case hex of at least 4 digits (8 when the root's end is above 0xffff), two
 * spaces of indent per level. The kernel prints every resource deeper than
 * MAX_IORES_LEVEL (5 levels below the top, so 10 spaces; 8 in newest kernels)
 * at that indent. docs/iomem-format.md has the details.
 */

/**
 * mr_iomem_parse() - build a tree from /proc/iomem text
 * @text: the text; it need not be NUL-terminated
 * @len: its length in bytes
 * @root_end: end of the root resource (the machine's physical limit), usually
 *	      ~0ULL
 *
 * Names are mapped to flags and descriptors as the kernel sets them ("System
 * RAM" is IORESOURCE_SYSTEM_RAM and busy, "Reserved" is IORES_DESC_RESERVED,
 * ...; see docs/iomem-format.md). Lines that overlap, come out of order, nest
 * too deep (more than MR_IOMEM_MAX_DEPTH levels), are longer than
 * MR_IOMEM_MAX_LINE or hold bad hex are errors that name the line. A line at
 * the deepest indent of the text that lies inside the line before it is its
 * child, as the kernel printed it. Empty text is an empty tree. Blank lines
 * before the first resource and after the last (what pasting leaves) are
 * skipped; one between two resources is an error, as the kernel prints none.
 *
 * Return: the root, to be freed with mr_iomem_free(), or NULL with errno
 * (EINVAL for malformed text, EACCES for a read of /proc/iomem without
 * privilege, where every address shows as zero, ENOMEM) and mr_errmsg() set.
 */
MR_API struct resource *mr_iomem_parse(const char *text, size_t len, resource_size_t root_end);

#define MR_IOMEM_MAX_DEPTH 16
#define MR_IOMEM_MAX_LINE  4096

/**
 * mr_iomem_print() - write a tree as /proc/iomem text
 * @root: the root; its children are the top level
 * @out: where to write
 *
 * A tree from mr_iomem_parse() prints as the text it came from, byte for
 * byte, with the depth cap that text used (the kernel's 5 for other trees).
 *
 * Return: 0, or -errno when writing failed.
 */
MR_API int mr_iomem_print(struct resource *root, FILE *out);

/**
 * mr_iomem_free() - free a tree that mr_iomem_parse() built
 * @root: the root, or NULL
 *
 * Resources claimed later with __request_region() are freed too. Also frees
 * any subtree (taken out of its tree first): resources the caller declared
 * are unlinked and left to the caller, the library's own are freed. Takes the
 * lock.
 */
MR_API void mr_iomem_free(struct resource *root);

/**
 * mr_resource_flags_for_name() - the flags and descriptor the kernel gives a
 * resource of this name
 * @name: the name as /proc/iomem shows it
 * @parent: the parent's name, or NULL at the top level
 * @flags: out: IORESOURCE_* bits
 * @desc: out: IORES_DESC_* value
 *
 * Two rules need more than the names, and mr_iomem_parse() applies them: a
 * firmware (e820) entry below 1 MiB is busy, and a resource with a "System
 * RAM (kmem)" child is System RAM (IORESOURCE_SYSTEM_RAM, not busy).
 */
MR_API void mr_resource_flags_for_name(const char *name, const char *parent, unsigned long *flags,
				       unsigned long *desc);

struct mr_machine;

/**
 * mr_iomem_resource() - the root of a machine's resource tree
 * @m: the machine, or NULL for the current one
 *
 * Return: the root (the kernel's iomem_resource), or NULL with errno set when
 * no machine can be opened.
 */
MR_API struct resource *mr_iomem_resource(struct mr_machine *m);

/* Driver-style claims on the current machine, as in the kernel. */
#define request_mem_region(start, n, name) \
	__request_region(mr_iomem_resource(NULL), (start), (n), (name), 0)
#define request_mem_region_muxed(start, n, name) \
	__request_region(mr_iomem_resource(NULL), (start), (n), (name), IORESOURCE_MUXED)
#define request_mem_region_exclusive(start, n, name) \
	__request_region(mr_iomem_resource(NULL), (start), (n), (name), IORESOURCE_EXCLUSIVE)
#define release_mem_region(start, n) __release_region(mr_iomem_resource(NULL), (start), (n))

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_RESOURCE_H */
