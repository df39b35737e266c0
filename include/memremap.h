/* SPDX-License-Identifier: MIT */
/*
 * memremap.h - the kernel's memremap() facility, in user space.
 *
 * The kernel-spelled calls (memremap, memunmap, devm_memremap, ...) act on
 * the current machine: the one given to mr_machine_use(), or else the one
 * the environment variable MEMREMAP_MACHINE names ("linux" when unset).
 * Every call is thread-safe. Every failure sets errno and a per-thread
 * message that mr_errmsg() returns.
 */
#ifndef MEMREMAP_H
#define MEMREMAP_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memremap/config.h"   /* MR_VERSION_*, MR_API */
#include "memremap/resource.h" /* found beside this file: one -I suffices */

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of memremap(), values as in include/linux/io.h plus our extensions. */
enum {
	MEMREMAP_WB = 1 << 0,	     /* write-back; RAM may come from the direct map */
	MEMREMAP_WT = 1 << 1,	     /* write-through */
	MEMREMAP_WC = 1 << 2,	     /* write-combining */
	MEMREMAP_ENC = 1 << 3,	     /* encrypted (memory-encryption platforms) */
	MEMREMAP_DEC = 1 << 4,	     /* decrypted */
	MEMREMAP_DEV = 1 << 5,	     /* ours: strongly uncached device memory */
	MEMREMAP_EXCLUSIVE = 1 << 6, /* ours: claim the range busy as well */
};

/* The cache-type bits of the flags. */
#define MEMREMAP_KIND (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC | MEMREMAP_DEV)
/* Every bit memremap() knows; any other bit is EINVAL. */
#define MEMREMAP_ALL_FLAGS (MEMREMAP_KIND | MEMREMAP_ENC | MEMREMAP_DEC | MEMREMAP_EXCLUSIVE)

#define MR_PAGE_SHIFT	   12
#define MR_PAGE_SIZE	   (1UL << MR_PAGE_SHIFT)

/*
 * Error pointers, as in include/linux/err.h: devm_memremap() returns one of
 * these instead of NULL.
 */
#define MAX_ERRNO 4095

static inline void *ERR_PTR(long error)
{
	return (void *)(intptr_t)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)(intptr_t)ptr;
}

static inline bool IS_ERR_VALUE(uintptr_t x)
{
	return x >= (uintptr_t)-MAX_ERRNO;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((uintptr_t)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

struct device;
struct mr_machine;

/**
 * memremap() - map a physical range with a cache type
 * @offset: physical address; need not be page aligned
 * @size: number of bytes; not 0
 * @flags: one or more of MEMREMAP_WB, _WT, _WC, _DEV (tried in that order),
 *	   optionally with MEMREMAP_ENC or _DEC and MEMREMAP_EXCLUSIVE
 *
 * Follows the kernel's decision order: a range that mixes System RAM with
 * other resources is refused; System RAM asked for WB is served from the
 * direct map when the platform allows it; System RAM is never mapped with
 * another type; otherwise the first type that maps wins. A type that
 * conflicts with a live mapping of the same page is refused, or the new
 * mapping takes the type already there when that is allowed.
 *
 * Return: a pointer to the byte at @offset, or NULL with errno set: EINVAL
 * (size 0, wrap-around, no or unknown flags, a mixed range), EPERM (System
 * RAM with another type than WB), EAGAIN (a conflicting cache type), EBUSY
 * (an EXCLUSIVE range already claimed), ERANGE (beyond the physical address
 * width), ENOMEM, or what the platform reports. mr_errmsg() says why.
 */
MR_API void *memremap(resource_size_t offset, size_t size, unsigned long flags);

/**
 * memunmap() - undo memremap()
 * @addr: the pointer memremap() returned
 *
 * NULL and pointers into the direct map are no-ops. An unknown pointer, or
 * one inside a mapping but not the one memremap() returned, is warned about
 * (once) and ignored.
 */
MR_API void memunmap(void *addr);

/**
 * devm_memremap() - memremap() whose mapping lives as long as @dev is bound
 * @dev: the device: from mr_device_new(), or embedded and made ready by
 *	 device_initialize() (memremap/device.h)
 * @offset: as for memremap()
 * @size: as for memremap()
 * @flags: as for memremap()
 *
 * Return: the mapping, or ERR_PTR(-ENOMEM) when the record cannot be
 * allocated, ERR_PTR(-ENXIO) when the mapping fails (errno and mr_errmsg()
 * then say why), ERR_PTR(-EINVAL) when @dev is NULL. Never NULL.
 */
MR_API void *devm_memremap(struct device *dev, resource_size_t offset, size_t size,
			   unsigned long flags);

/**
 * devm_memunmap() - release one mapping of devm_memremap() early
 * @dev: the device it was made for
 * @addr: the pointer devm_memremap() returned
 *
 * A pointer that @dev does not hold is warned about and ignored.
 */
MR_API void devm_memunmap(struct device *dev, void *addr);

/**
 * mr_errmsg() - why the last failing call of this thread failed
 *
 * Return: a message naming the reason (and the resource or mapping that
 * refused); "" when nothing has failed. Valid until the thread's next call.
 */
MR_API const char *mr_errmsg(void);

/**
 * struct mr_mapping_info - what a mapping really is
 * @addr: the pointer memremap() returned
 * @phys: the physical address asked for
 * @size: the size asked for
 * @flags: the flags asked for
 * @type: the one MEMREMAP_WB, _WT, _WC or _DEV bit really obtained
 * @direct: nonzero when served from the direct map
 * @exclusive: nonzero when the range is claimed busy for this mapping
 * @map_phys: first byte of the whole pages mapped
 * @map_size: bytes of whole pages mapped
 * @how: the path taken: "direct map", "sim mmap", "/dev/mem O_SYNC",
 *	 "resource2_wc", ...
 * @note: why the type differs from the one asked for, or ""
 * @machine: the machine it was made on
 * @dev: the device that holds it, or NULL
 */
struct mr_mapping_info {
	void *addr;
	phys_addr_t phys;
	size_t size;
	unsigned long flags;
	unsigned long type;
	int direct;
	int exclusive;
	phys_addr_t map_phys;
	size_t map_size;
	char how[48];
	char note[96];
	struct mr_machine *machine;
	struct device *dev;
};

/**
 * mr_mapping_info() - describe the mapping that holds an address
 * @addr: the pointer memremap() returned, or any address inside its mapping
 * @info: filled in on success
 *
 * A pointer into the direct map is described as the System RAM around it:
 * @phys is the physical address of @addr, @size runs to the end of that RAM.
 *
 * Return: 0, or -EINVAL when @addr is NULL or @info is NULL, -ENOENT when no
 * live mapping holds @addr.
 */
MR_API int mr_mapping_info(const void *addr, struct mr_mapping_info *info);

/**
 * mr_mapping_doors() - every door the platform considered for a mapping
 * @addr: the pointer memremap() returned, or any address inside its mapping
 * @buf: out: the text, one "door: verdict" line each, in the order the
 *	 doors were tried ("resource0: refused: kernel lockdown (integrity)
 *	 ...", then "vfio 0000:00:03.0 bar0: taken"); may be NULL when @len is 0
 * @len: size of @buf; the text is cut (and NUL-terminated) when longer
 *
 * mr_mapping_info() says which door served a mapping (@how) in a fixed
 * buffer; this says why the doors before it were not taken, which can be
 * longer. A platform with one door (sim) gives "".
 *
 * Return: the length of the whole text (as snprintf() counts it), or
 * -EINVAL when @addr is NULL or @buf is NULL with @len non-zero, -ENOENT
 * when no live mapping holds @addr.
 */
MR_API int mr_mapping_doors(const void *addr, char *buf, size_t len);

/* How much a doctor line matters; mr_machine_doctor() returns the highest. */
enum {
	MR_DOCTOR_OK = 0,   /* a check that passed */
	MR_DOCTOR_INFO = 1, /* how things are, for the record */
	MR_DOCTOR_WARN = 2, /* a door shut, or a type not served; another may do */
	MR_DOCTOR_FAIL = 3, /* the range asked about would not map */
};

/* mr_machine_doctor() flags. */
enum {
	/* Only the lines about the range, not those about the machine as a whole. */
	MR_DOCTOR_RANGE_ONLY = 1 << 0,
};

/**
 * struct mr_doctor_line - one finding of mr_machine_doctor()
 * @level: MR_DOCTOR_OK, _INFO, _WARN or _FAIL
 * @topic: what it is about: "lockdown", "strict-devmem", "io-strict-devmem",
 *	   "privilege", "driver", "decode", "iommu-group", "vfio", "pat",
 *	   "range", "door", "map wb" ... "map dev"
 * @what: the finding, one line
 * @fix: what the user can do about it, or ""
 */
struct mr_doctor_line {
	int level;
	char topic[24];
	char what[320];
	char fix[256];
};

/**
 * mr_machine_doctor() - why a mapping would fail on a machine, or what it would get
 * @m: the machine, or NULL for the current one
 * @phys: first byte of the range (ignored when @size is 0)
 * @size: bytes; 0 asks about the machine as a whole
 * @flags: 0 or MR_DOCTOR_RANGE_ONLY
 * @fn: called with each finding, in order
 * @arg: passed to @fn
 *
 * Nothing is mapped, claimed or opened for writing. On the linux machine:
 * kernel lockdown, STRICT_DEVMEM and IO_STRICT_DEVMEM (from the kernel's
 * config where it is readable, else inferred, saying how), the driver that
 * claims the range, memory decoding in PCI_COMMAND, the IOMMU group and
 * whether every device in it is bound to vfio-pci, the PAT entries already
 * held, the privileges the doors need; then, for each cache type, what
 * memremap() would get and through which door, and why the doors before
 * it were not taken.
 *
 * Return: the highest level of the lines given to @fn, or -EINVAL (no
 * function, a range that wraps), -errno when no machine is current.
 */
MR_API int mr_machine_doctor(struct mr_machine *m, phys_addr_t phys, size_t size,
			     unsigned int flags,
			     void (*fn)(const struct mr_doctor_line *line, void *arg), void *arg);

/**
 * mr_mapping_attr() - the memory attribute a mapping really has
 * @addr: the pointer memremap() returned, or any address inside its mapping
 *
 * What the architecture calls the type in @type of mr_mapping_info(): on
 * x86_64 the PAT type ("WB", "WT", "WC", "UC-"), on arm64 the memory type
 * of the page tables ("Normal", "Normal-NC", "Device-nGnRE",
 * "Device-nGnRnE"). The path can decide it: on an arm64 kernel /dev/mem
 * and UIO map device memory Device-nGnRnE, where the kernel's ioremap()
 * makes Device-nGnRE.
 *
 * Return: a constant string, or NULL with errno and mr_errmsg() set: EINVAL
 * for NULL, ENOENT when no live mapping holds @addr.
 */
MR_API const char *mr_mapping_attr(const void *addr);

/**
 * mr_version() - the version of the library that is running
 *
 * MR_VERSION_STRING is the version of the headers a program was built
 * with; this is the version of the shared library it runs with.
 *
 * Return: "MAJOR.MINOR.PATCH", e.g. "0.1.0".
 */
MR_API const char *mr_version(void);

/**
 * mr_type_name() - a cache type's short name
 * @type: MEMREMAP_WB, _WT, _WC or _DEV
 *
 * Return: "wb", "wt", "wc", "dev", or "?" for anything else.
 */
MR_API const char *mr_type_name(unsigned long type);

/*
 * Machines.
 *
 * Specs: "sim" (the built-in PC-like map), "sim:FILE" (a map in /proc/iomem
 * format), with ",KEY[=VALUE]" options (arch=x86_64|arm64, memblock=PATH,
 * mem=PATH, pat=PATH, phys-bits=N, encrypt, highmem=ADDR), and "linux" (this
 * computer).
 */

/**
 * mr_machine_open() - open a machine
 * @m: out: the machine
 * @spec: what to open (see above); NULL means MEMREMAP_MACHINE or "linux"
 *
 * Return: 0, or -errno with mr_errmsg() set (-EINVAL for a bad spec, -ENOENT
 * for a missing map file, -EACCES when /proc/iomem cannot be read, ...).
 */
MR_API int mr_machine_open(struct mr_machine **m, const char *spec);

/**
 * mr_machine_close() - close a machine
 * @m: the machine, or NULL
 *
 * Mappings still live on it are unmapped (and warned about); device records
 * that held them are dropped. Safe at any moment: calls under way on @m in
 * other threads finish first, calls that start afterwards fail with ENODEV,
 * and a second close is a warning. If @m is current, calls on the current
 * machine fail with ENODEV until mr_machine_use() chooses one: they never
 * open another machine on their own.
 */
MR_API void mr_machine_close(struct mr_machine *m);

/**
 * mr_machine_use() - make a machine the current one for the whole process
 * @m: the machine, or NULL to go back to the one MEMREMAP_MACHINE names
 *
 * Return: the machine that was current before (NULL if none was).
 */
MR_API struct mr_machine *mr_machine_use(struct mr_machine *m);

/**
 * mr_machine_current() - the current machine, opening the default if needed
 *
 * The default (the one MEMREMAP_MACHINE names) is opened only when no
 * machine was ever chosen, never to replace a current machine that was
 * closed.
 *
 * Return: the machine, or NULL with errno and mr_errmsg() set: ENODEV when
 * the current machine was closed, or why the default cannot be opened.
 */
MR_API struct mr_machine *mr_machine_current(void);

/**
 * mr_machine_spec() - the spec a machine was opened with
 * @m: the machine
 *
 * Return: the spec, e.g. "sim:/tmp/map,phys-bits=40".
 */
MR_API const char *mr_machine_spec(const struct mr_machine *m);

/**
 * mr_machine_platform() - the name of a machine's platform
 * @m: the machine
 *
 * Return: "sim" or "linux".
 */
MR_API const char *mr_machine_platform(const struct mr_machine *m);

/**
 * mr_machine_phys_bits() - the machine's physical address width
 * @m: the machine
 *
 * Return: the width in bits. On x86_64 ranges starting at or above
 * 2^width are refused; on arm64 ranges whose last page ends above it (the
 * kernel's PHYS_MASK).
 */
MR_API unsigned int mr_machine_phys_bits(const struct mr_machine *m);

/**
 * mr_machine_arch() - whose kernel rules a machine follows
 * @m: the machine
 *
 * A sim machine follows the architecture its spec names (arch=, default
 * x86_64); the linux machine the running kernel's. The rules decide the
 * RAM and address checks, what each cache type becomes and whether cache
 * types are tracked (x86's PAT; arm64 has none).
 *
 * Return: "x86_64" or "arm64" ("" for NULL or a machine that is closed).
 */
MR_API const char *mr_machine_arch(const struct mr_machine *m);

/**
 * mr_machine_mappings() - how many mappings are live on a machine
 * @m: the machine
 *
 * Direct-map pointers are not counted: nothing was mapped for them.
 *
 * Return: the count.
 */
MR_API size_t mr_machine_mappings(struct mr_machine *m);

/**
 * mr_machine_for_each_mapping() - call @fn for every live mapping
 * @m: the machine
 * @fn: called with a description of each mapping; non-zero stops
 * @arg: passed to @fn
 *
 * @fn runs with the machine locked: it must not map or unmap.
 *
 * Return: the last value @fn returned, or 0.
 */
MR_API int mr_machine_for_each_mapping(struct mr_machine *m,
				       int (*fn)(const struct mr_mapping_info *, void *),
				       void *arg);

/**
 * mr_machine_for_each_direct() - call @fn for each direct-map mapping still held
 * @m: the machine
 * @fn: called with each; a non-zero return stops the walk and is returned
 * @arg: passed to @fn
 *
 * memremap() of System RAM with MEMREMAP_WB answers a pointer into the
 * direct map and makes no mapping of its own (mr_machine_mappings() does
 * not count it), yet the caller holds it until memunmap(). These are those
 * holds, newest first, described as mr_mapping_info() describes them.
 *
 * Return: 0, @fn's non-zero return, or -EINVAL.
 */
MR_API int mr_machine_for_each_direct(struct mr_machine *m,
				      int (*fn)(const struct mr_mapping_info *, void *), void *arg);

/**
 * mr_machine_fdt() - the flattened device tree a machine was opened with
 * @m: the machine (sim with dt=FILE)
 * @len: out: its size in bytes, or NULL
 *
 * Return: the blob, owned by the machine, or NULL when it has none.
 */
MR_API const void *mr_machine_fdt(const struct mr_machine *m, size_t *len);

/**
 * mr_machine_memtype() - the cache type already held on a physical range
 * @m: the machine
 * @start: first byte
 * @size: number of bytes
 * @type: out: MEMREMAP_WB/_WT/_WC/_DEV held on the first page that has one
 * @who: out (may be NULL): who holds it: "the write-back mapping of [mem 0x...-0x...]"
 *	 (the end inclusive), or for an entry preloaded from the kernel that
 *	 entry as pat_memtype_list prints it (the end exclusive), saying so
 * @len: size of @who
 *
 * Return: 1 when some page of the range has a type, 0 when none has, -errno.
 */
MR_API int mr_machine_memtype(struct mr_machine *m, phys_addr_t start, size_t size,
			      unsigned long *type, char *who, size_t len);

/**
 * mr_memremap() - memremap() on a given machine
 * @m: the machine, or NULL for the current one
 * @offset: as for memremap()
 * @size: as for memremap()
 * @flags: as for memremap()
 *
 * Return: as for memremap().
 */
MR_API void *mr_memremap(struct mr_machine *m, resource_size_t offset, size_t size,
			 unsigned long flags);

/**
 * struct mr_query - what memremap() would do, without doing it
 * @ri: region_intersects() for System RAM
 * @result: 0 when it would map, else the negative errno it would fail with
 * @direct: nonzero when it would come from the direct map
 * @type: the type it would get
 * @how: the path it would take
 * @why: the message it would fail with (or the note on the type it gets)
 */
struct mr_query {
	int ri;
	int result;
	int direct;
	unsigned long type;
	char how[48];
	char why[256];
};

/**
 * mr_memremap_query() - ask what memremap() would do
 * @m: the machine, or NULL for the current one
 * @offset: as for memremap()
 * @size: as for memremap()
 * @flags: as for memremap()
 * @q: out: the answer
 *
 * Nothing is mapped, claimed or warned about.
 *
 * Return: @q->result.
 */
MR_API int mr_memremap_query(struct mr_machine *m, resource_size_t offset, size_t size,
			     unsigned long flags, struct mr_query *q);

/**
 * mr_memremap_attr() - the memory attribute memremap() would give
 * @m: the machine, or NULL for the current one
 * @offset: as for memremap()
 * @size: as for memremap()
 * @flags: as for memremap()
 *
 * The answer mr_mapping_attr() would give on the mapping; nothing is
 * mapped, claimed or warned about.
 *
 * Return: a constant string ("UC-", "Normal-NC", ...), or NULL with errno
 * and mr_errmsg() set to why memremap() would fail.
 */
MR_API const char *mr_memremap_attr(struct mr_machine *m, resource_size_t offset, size_t size,
				    unsigned long flags);

/*
 * Devices: the owners of device-managed (devm_*) resources.
 */

/**
 * mr_device_new() - make a bound device
 * @name: its name (copied); at most 255 bytes
 *
 * Return: the device, or NULL with errno set (EINVAL, ENOMEM).
 */
MR_API struct device *mr_device_new(const char *name);

/**
 * mr_device_name() - a device's name
 * @dev: the device
 *
 * Return: the name, or "(null)" for NULL.
 */
MR_API const char *mr_device_name(const struct device *dev);

/**
 * mr_device_unbind() - release everything the device holds, last in first out
 * @dev: the device
 *
 * The device stays usable: it may hold new resources afterwards.
 *
 * Return: the number of records released, or -EINVAL for NULL.
 */
MR_API int mr_device_unbind(struct device *dev);

/**
 * mr_device_free() - unbind and free a device
 * @dev: the device, or NULL
 */
MR_API void mr_device_free(struct device *dev);

/**
 * mr_device_resources() - how many device-managed records a device holds
 * @dev: the device
 *
 * Return: the count, or -EINVAL for NULL.
 */
MR_API int mr_device_resources(struct device *dev);

/**
 * devm_add_action() - run @action(@data) when @dev is unbound
 * @dev: the device
 * @action: the release function
 * @data: its argument
 *
 * Return: 0, -EINVAL, or -ENOMEM.
 */
MR_API int devm_add_action(struct device *dev, void (*action)(void *), void *data);

/**
 * devm_add_action_or_reset() - devm_add_action(), running @action at once if
 * it cannot be recorded
 * @dev: the device
 * @action: the release function
 * @data: its argument
 *
 * Return: 0, -EINVAL, or -ENOMEM.
 */
MR_API int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

/*
 * Logging: the kernel's one-time warnings (WARN_ONCE) and messages.
 */
enum {
	MR_LOG_ERR = 3,
	MR_LOG_WARNING = 4,
	MR_LOG_INFO = 6,
	MR_LOG_DEBUG = 7,
};

typedef void (*mr_log_fn)(int level, const char *msg, void *arg);

/**
 * mr_set_log() - where warnings and messages go
 * @fn: the hook, or NULL for the default (stderr, "memremap: " prefix)
 * @arg: passed to @fn
 *
 * Return: the previous hook (NULL for the default).
 */
MR_API mr_log_fn mr_set_log(mr_log_fn fn, void *arg);

/**
 * mr_printk() - a driver's message, through the same hook
 * @level: its kernel log level, 0 (KERN_EMERG) to 7 (KERN_DEBUG)
 * @text: the formatted message
 *
 * printk(), pr_*() and dev_*() of the compatibility headers end here. With
 * a hook set (mr_set_log()), the hook gets @level and @text less one
 * trailing newline; without one, @text goes to stderr as it is, as the
 * kernel's console shows it.
 */
MR_API void mr_printk(int level, const char *text);

/*
 * Allocation: every allocation the library makes goes through these hooks.
 */
typedef void *(*mr_malloc_fn)(size_t size);
typedef void *(*mr_realloc_fn)(void *ptr, size_t size);
typedef void *(*mr_calloc_fn)(size_t count, size_t size);
typedef void (*mr_free_fn)(void *ptr);

/**
 * mr_replace_allocator() - route the library's allocations through your own
 * @malloc_fn: replaces malloc()
 * @realloc_fn: replaces realloc()
 * @calloc_fn: replaces calloc()
 * @free_fn: replaces free()
 *
 * Call it before anything else, or only when everything the library
 * allocated has been freed: memory from one allocator must go back to it.
 *
 * Return: 0, or -EINVAL when any hook is NULL.
 */
MR_API int mr_replace_allocator(mr_malloc_fn malloc_fn, mr_realloc_fn realloc_fn,
				mr_calloc_fn calloc_fn, mr_free_fn free_fn);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_H */
