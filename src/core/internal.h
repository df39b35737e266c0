/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces between the core and the platforms. Nothing here is
 * exported from the shared library.
 */
#ifndef MR_INTERNAL_H
#define MR_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <memremap.h>

#define MR__HIDDEN	  __attribute__((visibility("hidden")))
#define MR__PRINTF(a, b)  __attribute__((format(printf, a, b)))

#define MR__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MR__PAGE_MASK	  (~((uint64_t)MR_PAGE_SIZE - 1))
/* pfn_valid() granularity: an x86-64 memory section is 128 MiB. */
#define MR__SECTION_SHIFT 27

/* ------------------------------------------------------------------ errors */

/*
 * Set errno to @err and this thread's message; return -@err so that callers
 * can write "return mr__err(EINVAL, ...)".
 */
MR__HIDDEN int mr__err(int err, const char *fmt, ...) MR__PRINTF(2, 3);
MR__HIDDEN int mr__verr(int err, const char *fmt, va_list ap) MR__PRINTF(2, 0);
/* Keep errno but put @prefix in front of the current message. */
MR__HIDDEN void mr__err_prefix(const char *fmt, ...) MR__PRINTF(1, 2);

/* --------------------------------------------------------------- logging */

MR__HIDDEN void mr__log(int level, const char *fmt, ...) MR__PRINTF(2, 3);

/*
 * The kernel's WARN_ONCE: once per machine and call site, so that a new
 * machine (a new test) sees its warnings again.
 */
enum mr__warn_site {
	MR__WARN_MIXED,
	MR__WARN_RAM,
	MR__WARN_UNMAP_UNKNOWN,
	MR__WARN_UNMAP_INTERIOR,
	MR__WARN_DEVM_UNMAP,
	MR__WARN_RELEASE_REGION,
	MR__WARN_PHYS_BITS,
	MR__WARN_IOREMAP_RAM,
	MR__WARN_LEAK_ON_CLOSE,
	MR__WARN_MEMTYPE,
	MR__WARN_NR
};
struct mr_machine;
MR__HIDDEN void mr__warn_once(struct mr_machine *m, enum mr__warn_site site, const char *fmt, ...)
	MR__PRINTF(3, 4);

/* ------------------------------------------------------------- resources */

/* The one lock all resource trees share, as the kernel's resource_lock. */
MR__HIDDEN extern pthread_rwlock_t mr__resource_lock;

/* region_intersects() for callers that hold mr__resource_lock. */
MR__HIDDEN int mr__region_intersects(struct resource *root, resource_size_t start, size_t size,
				     unsigned long flags, unsigned long desc);

/*
 * For messages: the top-level resources [start, end] touches, as
 * "'System RAM' [mem 0x00100000-0x7fefffff], ..." (takes the lock).
 */
MR__HIDDEN void mr__resource_describe(struct resource *root, resource_size_t start,
				      resource_size_t end, char *buf, size_t len);

/* The deepest resource that holds all of [start, end], or NULL (lock held). */
MR__HIDDEN struct resource *mr__resource_holding(struct resource *root, resource_size_t start,
						 resource_size_t end);

/* -------------------------------------------------------------- memtypes */

/*
 * The x86 PAT memtype tracker (arch/x86/mm/pat/memtype.c): every live
 * reservation of a physical range with a cache type, duplicates allowed.
 * Types are the MEMREMAP_WB/_WT/_WC/_DEV bits; DEV stands for UC-.
 */
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
 * Reserve [start, end) for @req. A range that overlaps reservations takes
 * their type (*got) when the pair is allowed; overlapping reservations of
 * different types, or a refused pair, fail with -EAGAIN and a message that
 * names the entry in the way. With @dry_run nothing is recorded. When the
 * type is inherited and @from is not NULL, @from says from whom, briefly.
 */
MR__HIDDEN int mr__memtype_reserve(struct mr__memtype *mt, uint64_t start, uint64_t end,
				   unsigned long req, unsigned long *got, const void *owner,
				   bool dry_run, char *from, size_t from_len);
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

/* ------------------------------------------------------------- platforms */

/* One request to a platform to map whole pages with one type. */
struct mr__map {
	/* in */
	phys_addr_t phys;    /* page aligned */
	size_t len;	     /* whole pages */
	unsigned long type;  /* one of MEMREMAP_WB/_WT/_WC/_DEV */
	unsigned long flags; /* the caller's flags, for ENC/DEC */
	/* out */
	void *base;	   /* page-aligned virtual address */
	unsigned long got; /* the type obtained: @type or a stronger one */
	char how[48];	   /* the path taken */
	char note[96];	   /* why @got differs from @type, or "" */
	void *priv;	   /* the platform's own (an fd, ...) */
};

struct mr__platform {
	const char *name;
	/*
	 * Parse the spec's arguments (what follows "sim" or "linux", without
	 * the leading ':' or ','), load the resource tree into m->iomem and set
	 * m->phys_bits, m->strict_devmem. On failure, -errno with the message
	 * set, and nothing left allocated.
	 */
	int (*open)(struct mr_machine *m, const char *args);
	void (*close)(struct mr_machine *m);
	/*
	 * try_ram_remap() without the can_ram_remap hook: the direct-map
	 * address of @phys when its page is valid and not high memory and the
	 * whole range lies in the direct map, else NULL.
	 */
	void *(*direct)(struct mr_machine *m, phys_addr_t phys, size_t size);
	/*
	 * pfn_valid(): does the page have a struct page (its section holds
	 * RAM)? NULL when the platform cannot tell.
	 */
	bool (*pfn_valid)(struct mr_machine *m, phys_addr_t phys);
	/* The physical address of a direct-map pointer: 0, or -ENOENT. */
	int (*direct_phys)(struct mr_machine *m, const void *addr, phys_addr_t *phys);
	/* arch_memremap_can_ram_remap(). */
	bool (*can_ram_remap)(struct mr_machine *m, phys_addr_t phys, size_t size,
			      unsigned long flags);
	/*
	 * Map @req->len bytes at @req->phys with @req->type, or with a stronger
	 * type when no exact path exists (saying so in @req->note). With @dry_run,
	 * fill @how, @got and @note but map nothing. Called without the machine
	 * lock held. Return 0 or -errno with the message set.
	 */
	int (*map)(struct mr_machine *m, struct mr__map *req, bool dry_run);
	void (*unmap)(struct mr_machine *m, struct mr__map *req);
};

MR__HIDDEN extern const struct mr__platform mr__platform_sim;
MR__HIDDEN extern const struct mr__platform mr__platform_linux;

/* --------------------------------------------------------------- machines */

/* One live mapping made by memremap(). */
struct mr__mapping {
	void *addr; /* what memremap() returned: map.base + offset in page */
	phys_addr_t phys;
	size_t size;
	unsigned long flags;
	struct mr__map map;
	struct resource *claim; /* the busy region of MEMREMAP_EXCLUSIVE */
	struct device *dev;	/* the device that holds it, or NULL */
	bool memtype;		/* a memtype reservation is held */
};

struct mr_machine {
	const struct mr__platform *ops;
	char *spec;
	pthread_mutex_t lock;	/* the mapping table and the memtype tracker */
	struct resource *iomem; /* the root; under mr__resource_lock */
	struct mr__memtype memtype;
	/* Live mappings sorted by map.base, for lookups of interior pointers. */
	struct mr__mapping **maps;
	size_t nmaps, capmaps;
	unsigned int phys_bits;
	bool strict_devmem;	      /* IO_STRICT_DEVMEM: busy ranges are exclusive */
	_Atomic unsigned long warned; /* bit per enum mr__warn_site */
	void *priv;		      /* the platform's own */
	struct mr_machine *next;      /* in the list of open machines */
};

/* The machine the kernel-spelled calls act on (NULL until one is chosen). */
MR__HIDDEN extern struct mr_machine *_Atomic mr__current_machine;

/* The mapping of @m that holds @addr, or NULL (m->lock held). */
MR__HIDDEN struct mr__mapping *mr__mapping_find(struct mr_machine *m, const void *addr);
/*
 * The mapping that holds @addr on @m, else on any open machine; on success
 * its machine is returned in @mp, locked.
 */
MR__HIDDEN struct mr__mapping *mr__mapping_lookup_any(struct mr_machine *m, const void *addr,
						      struct mr_machine **mp);
/* The machine whose direct map holds @addr (and the physical address), or NULL. */
MR__HIDDEN struct mr_machine *mr__direct_lookup_any(struct mr_machine *m, const void *addr,
						    phys_addr_t *phys);
/* The table of live mappings, sorted by base (m->lock held). */
MR__HIDDEN int mr__maps_insert(struct mr_machine *m, struct mr__mapping *map);
MR__HIDDEN void mr__maps_remove(struct mr_machine *m, struct mr__mapping *map);
MR__HIDDEN void mr__mapping_describe(struct mr_machine *m, const struct mr__mapping *map,
				     struct mr_mapping_info *info);
/* Undo a mapping already taken out of the table (m->lock not held). */
MR__HIDDEN void mr__mapping_destroy(struct mr_machine *m, struct mr__mapping *map);
/* Unmap everything still live on @m (it is closing). */
MR__HIDDEN void mr__machine_unmap_all(struct mr_machine *m);
/* memremap() for a device, and memunmap() for its release (0 or -errno). */
MR__HIDDEN void *mr__memremap_dev(struct device *dev, resource_size_t offset, size_t size,
				  unsigned long flags);
MR__HIDDEN int mr__unmap(void *addr, bool from_devres);

/* The physical address width of this CPU ("address sizes" in /proc/cpuinfo). */
MR__HIDDEN unsigned int mr__cpu_phys_bits(void);

/* ---------------------------------------------------------------- devices */

/* Called by the machine when it closes: forget the record of @addr. */
MR__HIDDEN void mr__devres_forget_mapping(struct device *dev, void *addr);

/* ------------------------------------------------------------ allocation */

/*
 * Every allocation of the library goes through these, so that tests can make
 * the Nth one fail.
 */
MR__HIDDEN void *mr__malloc(size_t n);
MR__HIDDEN void *mr__calloc(size_t nmemb, size_t n);
MR__HIDDEN void *mr__realloc(void *p, size_t n);
MR__HIDDEN char *mr__strdup(const char *s);
MR__HIDDEN char *mr__strndup(const char *s, size_t n);
MR__HIDDEN void mr__free(void *p);

/*
 * Read all of @path (at most @max bytes) into a new NUL-terminated buffer
 * from mr__malloc, for mr__free. Return: 0, or -errno (-EFBIG when larger).
 */
MR__HIDDEN int mr__slurp(const char *path, size_t max, char **text, size_t *len);

#endif /* MR_INTERNAL_H */
