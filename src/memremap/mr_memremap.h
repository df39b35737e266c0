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
	struct mr__plan_warn warns[4];
	unsigned int nwarns;
};

/*
 * Whose kernel a machine follows: what kernel/iomem.c leaves to the
 * architecture (try_ram_remap()'s hook, arch_memremap_wb(), ioremap's
 * checks and the type each ioremap_*() gives), as a table of hooks chosen
 * by the machine (rules_x86.c, rules_arm64.c). The decision order itself is
 * plan.c's, the same for all.
 */
struct mr__rules {
	const char *name;	/* "x86_64", "arm64": the sim spec's arch= */
	unsigned int phys_bits; /* the width ioremap checks by default; 0: the CPU's */
	bool memtype;		/* cache types are tracked (x86's PAT): inherited, refused */
	/* arch_memremap_can_ram_remap(): may RAM come from the direct map? */
	bool (*can_ram_remap)(struct mr__plan *p);
	/* arch_memremap_wb() for WB that did not come from the direct map. */
	int (*memremap_wb)(struct mr__plan *p);
	/* The checks of the arch's ioremap for @type (address, RAM): 0 or -errno. */
	int (*ioremap_allowed)(struct mr__plan *p, unsigned long type);
	/*
	 * The type the arch's ioremap for @type really makes (arm64's ioremap_wt
	 * is ioremap: device memory), and *@why when it differs.
	 */
	unsigned long (*ioremap_type)(unsigned long type, const char **why);
	/* The memory attribute a type gets: "UC-", "Normal-NC", "Device-nGnRE". */
	const char *(*attr)(unsigned long type);
};

MR__HIDDEN extern const struct mr__rules mr__rules_x86_64;
MR__HIDDEN extern const struct mr__rules mr__rules_arm64;
/* The rules named @name ("x86_64", "arm64"), or NULL. */
MR__HIDDEN const struct mr__rules *mr__rules_find(const char *name);
/* The rules of the kernel this process runs on (uname). */
MR__HIDDEN const struct mr__rules *mr__rules_running(void);
/* "x86_64, arm64": the names mr__rules_find() knows, for messages. */
MR__HIDDEN const char *mr__rules_names(void);

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
 * Fill @map for @type given the type the pages get (@got; @note says why
 * when it differs from @map->type, or is "") and ask the platform's probe.
 * Return 0 or -errno.
 */
MR__HIDDEN int mr__plan_door(struct mr__plan *p, struct mr__map *map, unsigned long got,
			     const char *note);
/* The note of a type inherited from @from ("wc inherited from ..."). */
MR__HIDDEN void mr__plan_inherited(char *note, size_t len, unsigned long got, const char *from);
/* Does the range hold System RAM (any of it)? */
MR__HIDDEN bool mr__plan_holds_ram(const struct mr__plan *p);
/* Print the warnings the kernel would have printed (a real call only). */
MR__HIDDEN void mr__plan_warn(struct mr__plan *p);
/* Keep a warning the kernel would print, for when the call is real. */
MR__HIDDEN void mr__plan_warn_add(struct mr__plan *p, enum mr__warn_site site, const char *fmt, ...)
	MR__PRINTF(3, 4);
/*
 * An ioremap of the whole pages with @type, the arch's checks first:
 * the memory type the pages hold (where tracked) and the platform's door.
 */
MR__HIDDEN int mr__plan_ioremap(struct mr__plan *p, unsigned long type);
/*
 * The kernel's linear map for write-back: the platform's direct map when
 * it reaches, else a write-back mapping of its own that stands for it.
 */
MR__HIDDEN int mr__plan_linear(struct mr__plan *p);
/* pfn_is_map_memory() of the page that holds @phys. */
MR__HIDDEN bool mr__plan_map_memory(const struct mr__plan *p, phys_addr_t phys);

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
/* The memory attribute a plan that succeeded gives ("UC-", "Normal-NC"). */
MR__HIDDEN const char *mr__plan_attr(const struct mr__plan *p);

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
