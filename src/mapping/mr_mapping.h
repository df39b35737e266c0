/* SPDX-License-Identifier: MIT */
/*
 * The mapping layer: what a machine is made of, the interface a platform
 * implements, and the records of live mappings. One file (mapping.c) owns a
 * mapping's whole life: it is made, takes its memory type, is published in
 * the index of live mappings, described, found by address, and undone
 * (type dropped, unmapped, claim released, device record forgotten) one by
 * one or all at once when its machine closes.
 *
 * The index holds every live mapping and every direct-map window of every
 * open machine, by virtual address: addresses are unique in a process, so
 * memunmap() and mr_mapping_info() find their mapping with one search.
 */
#ifndef MR_MAPPING_H
#define MR_MAPPING_H

#include <stddef.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>

#include "mr_base.h"
#include "mr_device.h"
#include "mr_memtype.h"

/* pfn_valid() granularity: an x86-64 memory section is 128 MiB. */
#define MR__SECTION_SHIFT 27

/*
 * The door a platform found for a range: a file mapped at an offset. The
 * platform's probe fills it, its map follows it; what each field means is
 * the platform's business (linux.c's table of doors names them).
 */
struct mr__door {
	int kind;	   /* which door */
	char name[24];	   /* "dax0.0", "uio0", "0000:00:04.0" */
	int index;	   /* the BAR or the UIO map */
	uint64_t win_phys; /* physical address of the window's first byte */
	uint64_t off;	   /* the window's offset in the file */
	size_t len;	   /* the window's length */
	int oflags;	   /* extra open() flags (O_SYNC) */
};

/* One request to a platform to map whole pages with one type. */
struct mr__map {
	/* the request */
	phys_addr_t phys;    /* page aligned */
	size_t len;	     /* whole pages */
	unsigned long type;  /* one of MEMREMAP_WB/_WT/_WC/_DEV */
	unsigned long flags; /* the caller's flags, for ENC/DEC */
	bool linear;	     /* the kernel would answer with its linear map */
	/* the platform's answer (probe) */
	unsigned long got; /* the type it gives: @type or a stronger one */
	char how[48];	   /* the path: "sim mmap", "/dev/mem O_SYNC", ... */
	char note[96];	   /* why @got differs from @type, or "" */
	/*
	 * Every door the platform considered, one "door: verdict" line each
	 * ("resource0: refused: kernel lockdown (integrity)"), for
	 * mr_mapping_doors(); "" when the platform has one door only.
	 */
	char doors[768];
	const char *attr; /* the memory attribute, when the door decides it (else NULL) */
	bool direct;	  /* @linear, served as the platform's direct map */
	struct mr__door door;
	unsigned int trace_id; /* the map id in access traces (set before map) */
	/* the mapping (map) */
	void *base;	/* page-aligned address of @phys */
	void *win;	/* what to munmap: @base, or a larger window around it */
	size_t win_len; /* its length */
};

/*
 * Clear @map for a new request. Its texts (most of its kilobyte) only start
 * empty: every call plans into one, and zeroing them was a fifth of the
 * direct-map path's cost.
 */
static inline void mr__map_clear(struct mr__map *map)
{
	_Static_assert(offsetof(struct mr__map, note) ==
				       offsetof(struct mr__map, how) + sizeof(map->how) &&
			       offsetof(struct mr__map, doors) ==
				       offsetof(struct mr__map, note) + sizeof(map->note) &&
			       offsetof(struct mr__map, attr) >=
				       offsetof(struct mr__map, doors) + sizeof(map->doors),
		       "the texts of struct mr__map are together, between got and attr");
	memset(map, 0, offsetof(struct mr__map, how));
	map->how[0] = map->note[0] = map->doors[0] = '\0';
	memset(&map->attr, 0, sizeof(*map) - offsetof(struct mr__map, attr));
}

struct mr_machine;
struct mr_pci_addr;
struct mr_pci_bar;
struct mr__doctor;
/* Whose kernel rules a machine follows (the memremap layer's rules_*.c). */
struct mr__rules;

/*
 * A platform (SQLite's VFS, musl's FILE): what a machine does that depends
 * on where its memory is. Every hook but map and unmap is free of side
 * effects that anyone else could see.
 */
struct mr__platform {
	const char *name;
	/*
	 * Parse the spec's arguments (what follows "sim" or "linux", without
	 * the leading ','; a map file keeps its ':'), load the resource tree
	 * into m->iomem and set m->rules (whose kernel: the running one's, or
	 * what the spec says), m->phys_bits, m->strict_devmem. On failure,
	 * -errno with the message set, and nothing left allocated.
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
	/* arch_memremap_can_ram_remap() of x86 (memory encryption). */
	bool (*can_ram_remap)(struct mr_machine *m, phys_addr_t phys, size_t size,
			      unsigned long flags);
	/*
	 * pfn_is_map_memory() of arm64: does the page at @phys (page aligned)
	 * start in memblock memory that is not NOMAP? NULL: when it starts in
	 * System RAM.
	 */
	bool (*map_memory)(struct mr_machine *m, phys_addr_t phys);
	/*
	 * Which path would map @req->len bytes at @req->phys with @req->type,
	 * or with a stronger type when no exact path exists: fill @got, @how,
	 * @note and @door. Nothing is opened, mapped or claimed. Return 0, or
	 * -errno with the message set when no path would take it.
	 */
	int (*probe)(struct mr_machine *m, struct mr__map *req);
	/*
	 * Map @req as its probe said: fill @base, @win and @win_len. Called
	 * without any lock held. Return 0 or -errno with the message set.
	 */
	int (*map)(struct mr_machine *m, struct mr__map *req);
	void (*unmap)(struct mr_machine *m, struct mr__map *req);
	/*
	 * PCI, where the platform knows it (NULL: it does not, and a BAR is
	 * found by its name in the resource tree). pci_bar: BAR @bar (0-5) of
	 * function @fn; pci_config: @width bits of config space at @off;
	 * pci_bind: bind @fn to @driver, or with NULL unbind it and give it
	 * back to the kernel's choice; pci_driver: the driver bound now.
	 * Each returns 0 or -errno with the message set.
	 */
	int (*pci_bar)(struct mr_machine *m, const struct mr_pci_addr *fn, int bar,
		       struct mr_pci_bar *out);
	int (*pci_config)(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			  unsigned int width, uint32_t *val, bool write);
	int (*pci_bind)(struct mr_machine *m, const struct mr_pci_addr *fn, const char *driver);
	int (*pci_driver)(struct mr_machine *m, const struct mr_pci_addr *fn, char *buf, size_t n);
	/*
	 * What on this computer decides whether [phys, phys + size) maps
	 * (size 0: the machine as a whole), one line each through @d
	 * (mr__doctor_say, machine layer). NULL: nothing beyond the plan.
	 */
	void (*doctor)(struct mr_machine *m, uint64_t phys, uint64_t size, struct mr__doctor *d);
};

/* A machine: what physical addresses mean, and how to map them. */
struct mr_machine {
	const struct mr__platform *ops;
	const struct mr__rules *rules; /* the architecture: x86_64, arm64 */
	char *spec;
	uint64_t serial;	    /* unique in the process: devm records name machines by it */
	pthread_mutex_t lock;	    /* the memtype tracker */
	struct resource *iomem;	    /* the root; under the library lock */
	struct mr__memtype memtype; /* only when the rules track memory types */
	_Atomic size_t nmaps;	    /* live mappings */
	/*
	 * Closing: set under the library's write lock once the machine is off
	 * the list; after that no call may start on it. Calls that run outside
	 * the lock (mapping, unmapping, walks with callbacks) hold it in
	 * @users, and the close waits for them.
	 */
	bool closing;
	/*
	 * The calls holding @m, and MR__USERS_CLOSING once the closer waits:
	 * one word, so that the last one out learns it must wake the closer
	 * from its own decrement and never touches @m after it.
	 */
	_Atomic unsigned int users;
	unsigned int phys_bits;
	bool strict_devmem;  /* IO_STRICT_DEVMEM: busy ranges are exclusive */
	mr__warned_t warned; /* bit per enum mr__warn_site */
	void *priv;	     /* the platform's own */
	void *fdt;	     /* the device tree (sim dt=), owned by the platform */
	size_t fdt_len;
	struct mr_machine *next; /* the machine layer's list of open machines */
};

/* One live mapping made by memremap(). */
struct mr__mapping {
	struct mr_machine *m;
	void *addr; /* what memremap() returned: map.base + offset in page */
	phys_addr_t phys;
	size_t size;
	unsigned long flags;
	struct mr__map map;
	struct resource *claim; /* the busy region of MEMREMAP_EXCLUSIVE */
	struct device *dev;	/* the device that holds it, or NULL */
	void *devres;		/* that device's record of it */
	bool memtype;		/* a memtype reservation is held */
};

/*
 * A record for @size bytes at @phys with @type, covering whole pages; not
 * yet published. NULL with ENOMEM set when out of memory.
 */
MR__HIDDEN struct mr__mapping *mr__mapping_new(struct mr_machine *m, phys_addr_t phys, size_t size,
					       unsigned long flags, unsigned long type);
/* Reserve the pages' memory type for @map: *got is what it holds (see memtype). */
MR__HIDDEN int mr__mapping_memtype_take(struct mr__mapping *map, unsigned long *got, char *from,
					size_t from_len);
MR__HIDDEN void mr__mapping_memtype_drop(struct mr__mapping *map);
/*
 * After the platform mapped it: hold the type really obtained and publish
 * the mapping in the index. Return 0 or -ENOMEM (then nothing changed).
 */
MR__HIDDEN int mr__mapping_publish(struct mr__mapping *map);
/* Undo a mapping that is not (or no longer) in the index, and free it. */
MR__HIDDEN void mr__mapping_destroy(struct mr__mapping *map);

/*
 * Hold @m for a call that goes on outside the library lock: taken with the
 * lock held (read or write), false when @m is closing. Put it when done.
 */
MR__HIDDEN bool mr__machine_get(struct mr_machine *m);
MR__HIDDEN void mr__machine_put(struct mr_machine *m);
/* Closing: wait until no call holds @m (its @closing is set already). */
MR__HIDDEN void mr__machine_wait_users(struct mr_machine *m);

/* What the index holds at an address. */
enum mr__found { MR__FOUND_NONE, MR__FOUND_MAPPING, MR__FOUND_WINDOW, MR__FOUND_CLOSING };

/*
 * Take the mapping memremap() returned as @addr out of the index, for
 * memunmap() (the library lock is taken here; hold none). With @serial
 * non-zero, only a mapping of the machine of that serial is taken (a device
 * record outliving its machine must not unmap a stranger at the same
 * address). Return: MR__FOUND_MAPPING with *@out set and its machine held
 * (mr__machine_put() it after mr__mapping_destroy()), MR__FOUND_WINDOW for
 * a direct-map pointer, MR__FOUND_CLOSING when its machine is closing (and
 * unmaps it), MR__FOUND_NONE for an unknown pointer, or -EINVAL for a
 * pointer inside a mapping but not its start (@start then names it).
 */
MR__HIDDEN int mr__mapping_take(void *addr, uint64_t serial, struct mr__mapping **out, void **start,
				struct mr_machine **mp);
/*
 * Describe the mapping or direct-map window that holds @addr (the caller
 * reads under the library lock). For a window, *@mp and *@phys say whose
 * and where, and @info is left alone. Return the enum mr__found value.
 */
MR__HIDDEN int mr__mapping_lookup(const void *addr, struct mr_mapping_info *info,
				  struct mr_machine **mp, phys_addr_t *phys);
/* For traces: the physical address of @p and its mapping's trace id (false: no mapping). */
MR__HIDDEN bool mr__mapping_trace_at(const void *p, uint64_t *phys, unsigned int *id);
/*
 * The memory attribute of the mapping that holds @p ("Normal-NC"), or NULL:
 * *@window is then the machine whose direct map holds @p, or NULL. The
 * caller holds the library lock.
 */
MR__HIDDEN const char *mr__mapping_attr_at(const void *p, struct mr_machine **window);
/* The cache type of the mapping that holds @p, or 0 (plain memory, a window). */
MR__HIDDEN unsigned long mr__mapping_type_at(const void *p);
/* A platform's direct map: [base, base + len) shows physical @phys onwards. */
MR__HIDDEN int mr__mapping_add_window(struct mr_machine *m, void *base, size_t len,
				      phys_addr_t phys);
/* Unmap everything still live on @m and forget its windows (it is closing). */
MR__HIDDEN void mr__mapping_unmap_all(struct mr_machine *m);
/*
 * The doors the platform considered for the mapping that holds @addr, as
 * mr_mapping_doors() returns them (the caller reads under the library
 * lock). Return: the length of the text, or -ENOENT when no live mapping
 * holds @addr.
 */
MR__HIDDEN int mr__mapping_doors(const void *addr, char *buf, size_t len);
/* Call @fn for each live mapping of @m (the caller reads under the lock: @fn may not map). */
MR__HIDDEN int mr__mapping_for_each(struct mr_machine *m,
				    int (*fn)(const struct mr_mapping_info *, void *), void *arg);

#endif /* MR_MAPPING_H */
