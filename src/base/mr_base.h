/* SPDX-License-Identifier: MIT */
/*
 * The base layer: errors and messages, logging and the kernel's one-time
 * warnings, allocation, whole-file reads, spec options and names. Every
 * other layer stands on this one; this one calls none of them.
 *
 * Layers, bottom up (docs/architecture.md): base, device, arch, resource,
 * memtype, mapping, memremap, machine, platform, api. A file includes the
 * header of its own layer and of layers below; the build gives each layer
 * only those include folders, and scripts/layers checks the calls.
 */
#ifndef MR_BASE_H
#define MR_BASE_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <memremap.h>

#define MR__HIDDEN	 __attribute__((visibility("hidden")))
#define MR__PRINTF(a, b) __attribute__((format(printf, a, b)))
/*
 * Thread-local data in the static TLS block: no __tls_get_addr() call on
 * each use from the shared library (hot paths), and none to make in a
 * signal handler. Small variables only: a dlopen()ed libmemremap (the
 * Python module) takes them from the loader's static TLS surplus.
 */
#define MR__TLS_IE	  __attribute__((tls_model("initial-exec")))

#define MR__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A physical range in messages, as the kernel's %pR prints a memory
 * resource (lib/vsprintf.c, resource_string()): "0x", at least 8 hex
 * digits, the end inclusive: "[mem 0x000a0000-0x000bffff]". Two uint64_t
 * arguments, the first byte and the last. Every range of ours that a
 * message shows takes this form; a quotation of the kernel's PAT list keeps
 * that list's own form and says so.
 */
#define MR__MEM	      "[mem 0x%08" PRIx64 "-0x%08" PRIx64 "]"
#define MR__PAGE_MASK (~((uint64_t)MR_PAGE_SIZE - 1))

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
 * The kernel's WARN_ONCE, once per call site and per set of bits: each
 * machine keeps its own, so that a new machine (a new test) sees its
 * warnings again. NULL means the process-wide set.
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
	MR__WARN_RAM_ALIAS,
	MR__WARN_NR
};
typedef _Atomic unsigned long mr__warned_t;
MR__HIDDEN void mr__warn_once(mr__warned_t *warned, enum mr__warn_site site, const char *fmt, ...)
	MR__PRINTF(3, 4);

/* -------------------------------------------------------- the library lock */

/*
 * The library lock (base/brlock.c): the resource trees, the index of live
 * mappings and the list of machines. Readers take only a lock of their own
 * thread and never contend; a writer waits for the readers in flight. Both
 * nest; a reader must not ask to write (as with any read-write lock).
 */
MR__HIDDEN void mr__read_lock(void);
MR__HIDDEN void mr__read_unlock(void);
MR__HIDDEN void mr__write_lock(void);
MR__HIDDEN void mr__write_unlock(void);

/* ------------------------------------------------------------ allocation */

/*
 * Every allocation of the library goes through these (mr_replace_allocator),
 * so that tests can make the Nth one fail.
 */
MR__HIDDEN void *mr__malloc(size_t n);
MR__HIDDEN void *mr__calloc(size_t nmemb, size_t n);
MR__HIDDEN void *mr__realloc(void *p, size_t n);
MR__HIDDEN char *mr__strdup(const char *s);
MR__HIDDEN char *mr__strndup(const char *s, size_t n);
MR__HIDDEN void mr__free(void *p);

/*
 * Copy @src into @dst of @size (> 0) bytes, cut to fit and always ended:
 * the kernel's strscpy(). The hot paths name a mapping's door with it;
 * snprintf("%s") cost them some 500 instructions a call.
 */
static inline void mr__strscpy(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	/* Not strnlen(): gcc takes its bound for the size of a literal @src. */
	while (n + 1 < size && src[n])
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ------------------------------------------------------------------ files */

/* mr__slurp() flags. */
enum {
	MR__SLURP_NOFOLLOW = 1 << 0, /* a symlink as the last component is refused (EPERM) */
};

/*
 * Read all of @path (at most @max bytes) into a new NUL-terminated buffer
 * from mr__malloc, for mr__free. Return: 0, or -errno: -EFBIG when larger
 * than @max, -EINVAL when not a regular file (a FIFO, a device), -EPERM for
 * a symlink with MR__SLURP_NOFOLLOW.
 */
MR__HIDDEN int mr__slurp(const char *path, size_t max, unsigned int flags, char **text,
			 size_t *len);

/* --------------------------------------------------------- optional parts */

/*
 * Open the optional library @soname ("libmemremap-trap.so.0"), looking in
 * $MEMREMAP_LIBDIR, then beside libmemremap, then where the dynamic loader
 * looks (base/optional.c). The handle stays open for the process's life.
 * Return: the handle, or NULL with ENOSYS and a message that says @what
 * needs it and which Debian @package brings it.
 */
MR__HIDDEN void *mr__optional(const char *soname, const char *what, const char *package);
/* dlsym(), with ENOSYS and a message when @lib lacks @name. */
MR__HIDDEN void *mr__optional_sym(void *lib, const char *name, const char *soname);

/* ------------------------------------------------------------------ traces */

/*
 * Access traces in the kernel's mmiotrace text (base/trace.c). mr_trace_on
 * (public, read by the accessors) is nonzero while a trace is recorded.
 * The writers are async-signal-safe and do nothing while it is off.
 */
MR__HIDDEN unsigned int mr__trace_next_id(void);
MR__HIDDEN void mr__trace_rw(bool write, unsigned int width, unsigned int id, uint64_t phys,
			     uint64_t value, uintptr_t pc);
MR__HIDDEN void mr__trace_map(unsigned int id, uint64_t phys, uintptr_t virt, size_t len);
MR__HIDDEN void mr__trace_unmap(unsigned int id);
/* Write out what is buffered (before the process may die, say). */
MR__HIDDEN void mr__trace_flush(void);

/* ------------------------------------------------------------ spec options */

/*
 * The KEY[=VALUE] options of a machine spec, one parser for every platform:
 * a table says which keys exist and what their values are, so that every
 * platform refuses the same mistakes the same way.
 */
enum mr__opt_kind {
	MR__OPT_FLAG,	/* KEY alone */
	MR__OPT_STRING, /* KEY=TEXT, not empty */
	MR__OPT_NUMBER, /* KEY=N within [min, max] (numbers.h syntax) */
};

struct mr__opt {
	const char *key;
	enum mr__opt_kind kind;
	uint64_t min, max; /* MR__OPT_NUMBER */
	bool repeat;	   /* may be given more than once (each is passed on) */
};

/*
 * Split @args ("k=v,flag,...") and call @fn(@arg, option, value) for each,
 * value NULL for a flag; the value is a NUL-terminated copy valid during
 * the call, numbers are also parsed into *@num. @what names the platform in
 * messages. Return: 0, the first non-zero @fn returned, or -EINVAL for an
 * unknown key, a missing or unexpected value, a bad number or a key given
 * twice that may not be.
 */
MR__HIDDEN int
mr__opts_parse(const char *what, const char *args, const struct mr__opt *opts, size_t nopts,
	       int (*fn)(void *arg, const struct mr__opt *o, const char *val, uint64_t num),
	       void *arg);

#endif /* MR_BASE_H */
