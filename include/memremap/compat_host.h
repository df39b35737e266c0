/* SPDX-License-Identifier: MIT */
/*
 * memremap/compat_host.h - how a module host runs driver code through
 * libmemremap-compat (the library behind the compatibility headers).
 *
 * `memremap module` is one such host: it loads the driver modules, finds
 * mr_compat_run() with dlsym() in what they brought in, and hands over.
 * The library populates the machine's device tree as platform devices,
 * runs the registered initcalls level by level with each module's
 * module_init() at device level, reports every probe, unloads in reverse,
 * and tells what is still mapped: kept on purpose by code that has no exit,
 * or leaked.
 */
#ifndef MEMREMAP_COMPAT_HOST_H
#define MEMREMAP_COMPAT_HOST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mr_machine;

/** struct mr_compat_module - one loaded module */
struct mr_compat_module {
	const char *path;   /* for messages */
	int (*init)(void);  /* its module_init(), or NULL */
	void (*exit)(void); /* its module_exit(), or NULL */
};

/** struct mr_compat_result - what a run found */
struct mr_compat_result {
	int init_failed;	/* initcalls and module_init()s that returned an error */
	int exits;		/* module_exit()s run */
	int probes;		/* probe calls */
	int probes_failed;	/* ... that returned an error */
	size_t live_after_init; /* mappings (direct-map ones included) after the inits */
	size_t kept;		/* left mapped by code with no exit: on purpose */
	size_t leaked;		/* left mapped otherwise: leaks */
};

/*
 * Run @n modules on @m. Each line of the report goes to @note (no trailing
 * newline). 0, or -errno when the run could not start (the device tree of
 * the machine is unreadable, out of memory); the findings are in @res.
 */
typedef int (*mr_compat_run_fn)(struct mr_machine *m, const struct mr_compat_module *mods, size_t n,
				void (*note)(void *arg, const char *line), void *arg,
				struct mr_compat_result *res);
#define MR_COMPAT_RUN_SYMBOL "mr_compat_run"

/*
 * What libmemremap asks of it for `sim,dt=FILE` (through dlopen, so that
 * libmemremap needs libc alone): the resource tree a flattened device tree
 * describes, as /proc/iomem text, and the device models its nodes name
 * (one "MODEL@ADDR" a line). Both are malloc()ed; free them with
 * mr_compat_free(). 0, or -errno with a message in @err.
 */
typedef int (*mr_compat_fdt_iomem_fn)(const void *blob, size_t len, char **iomem, char **models,
				      char *err, size_t errlen);
#define MR_COMPAT_FDT_IOMEM_SYMBOL "mr_compat_fdt_iomem"
/* Compile device-tree source with dtc; the blob is malloc()ed. */
typedef int (*mr_compat_dtc_fn)(const char *path, void **blob, size_t *len, char *err,
				size_t errlen);
#define MR_COMPAT_DTC_SYMBOL "mr_compat_dtc"
typedef void (*mr_compat_free_fn)(void *p);
#define MR_COMPAT_FREE_SYMBOL "mr_compat_free"
#define MR_COMPAT_SONAME      "libmemremap-compat.so.0"

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_COMPAT_HOST_H */
