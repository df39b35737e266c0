// SPDX-License-Identifier: MIT
/*
 * The copies of <memremap/io.h> and <memremap/safe.h> on a real PCI BAR in
 * the guest: ivshmem's BAR2, mapped by memremap() through resource2
 * (MEMREMAP_DEV: Device-nGnRE on arm64, UC- on x86) and resource2_wc
 * (MEMREMAP_WC: Normal-NC on arm64, WC on x86).
 *
 * gc_sweep(): every routine, every size 0..GC_MAX_N at every offset of the
 * device side in a 64-byte line and every misalignment of the memory side
 * mod 8 (the widest access of the generic path), checked byte for byte
 * with guard bytes on both sides; the fault-safe copies at every 9th
 * device offset, the memory side's misalignment cycling with the size.
 *
 * gc_watch() (arm64): the same routines with every access to the BAR seen
 * by tests/unit/a64_access.h: each must be one naturally aligned load or
 * store of at most 8 bytes, each byte of the range touched exactly once,
 * nothing outside it; and the checker itself must catch glibc's memcpy and
 * memset, and a DC ZVA, on the same BAR. QEMU 7.2 does not raise the
 * alignment faults of Device memory that real hardware raises, so this is
 * where "nothing faulted" is proved.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <memremap.h>
#include <memremap/io.h>
#include <memremap/safe.h>

#include "a64_access.h"
#include "guest_copies.h"

#define GC_LEN	   8192 /* the part of the BAR under test, at GC_OFF */
#define GC_GUARD   16
#define GC_GUARD_B 0xee
#define GC_SET	   0x15a /* memset_io() takes 0x5a, like memset */

enum gc_dir { GC_TO, GC_FROM };

struct gc_routine {
	const char *name;
	enum gc_dir dir;
	void (*fn)(void *dst, const void *src, size_t n);
	/*
	 * The fault-safe copies arm a signal handler each call: four system
	 * calls, about 0.25 ms under TCG. They are tried at fewer offsets.
	 */
	bool safe;
};

static void gc_toio(void *d, const void *s, size_t n)
{
	memcpy_toio(d, s, n);
}

static void gc_fromio(void *d, const void *s, size_t n)
{
	memcpy_fromio(d, s, n);
}

static void gc_setio(void *d, const void *s, size_t n)
{
	(void)s;
	memset_io(d, GC_SET, n);
}

static void gc_toio_safe(void *d, const void *s, size_t n)
{
	if (mr_memcpy_toio_safe(d, s, n))
		abort();
}

static void gc_fromio_safe(void *d, const void *s, size_t n)
{
	if (mr_memcpy_fromio_safe(d, s, n))
		abort();
}

static const struct gc_routine gc_routines[] = {
	{"memcpy_toio", GC_TO, gc_toio, false},
	{"memset_io", GC_TO, gc_setio, false},
	{"mr_memcpy_to_wc", GC_TO, mr_memcpy_to_wc, false},
	{"mr_memcpy_flushcache", GC_TO, mr_memcpy_flushcache, false},
	{"mr_memcpy_io (to)", GC_TO, mr_memcpy_io, false},
	{"mr_memcpy_toio_safe", GC_TO, gc_toio_safe, true},
	{"memcpy_fromio", GC_FROM, gc_fromio, false},
	{"mr_memcpy_from_wc", GC_FROM, mr_memcpy_from_wc, false},
	{"mr_memcpy_io (from)", GC_FROM, mr_memcpy_io, false},
	{"mr_memcpy_fromio_safe", GC_FROM, gc_fromio_safe, true},
};

/* Their names, for the report of what ran. */
const char *gc_routine_name(size_t i)
{
	return i < sizeof(gc_routines) / sizeof(gc_routines[0]) ? gc_routines[i].name : NULL;
}

static int gc_fail(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int gc_fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

static uint8_t gc_pattern(size_t i, unsigned int salt)
{
	return (uint8_t)(((i * 2654435761u) >> 11) + salt) | 1; /* never GC_GUARD_B's low bit */
}

/* The memory side: a pattern for sources, guards around destinations. */
struct gc_bufs {
	uint8_t src[GC_LEN + 64];
	uint8_t dst[GC_LEN + 64 + 2 * GC_GUARD];
};

/*
 * Setting up and checking the device side: single aligned accesses (bytes
 * to an 8-byte boundary, then __raw_readq()/__raw_writeq()), not the code
 * under test.
 */
static void gc_io_put(volatile uint8_t *p, const uint8_t *s, uint8_t b, size_t n)
{
	size_t i = 0;
	uint64_t q = 0x0101010101010101ULL * b;

	for (; i < n && ((uintptr_t)(p + i) & 7); i++)
		p[i] = s ? s[i] : b;
	for (; i + 8 <= n; i += 8) {
		if (s)
			memcpy(&q, s + i, 8);
		__raw_writeq(q, p + i);
	}
	for (; i < n; i++)
		p[i] = s ? s[i] : b;
}

static void gc_io_fill(volatile uint8_t *p, uint8_t v, size_t n)
{
	gc_io_put(p, NULL, v, n);
}

/* First byte of @n at @p that is not @want (want NULL: not @b), or -1. */
static long gc_io_cmp(const volatile uint8_t *p, const uint8_t *want, uint8_t b, size_t n)
{
	uint64_t q, w = 0x0101010101010101ULL * b;
	size_t i = 0;

	for (; i < n && ((uintptr_t)(p + i) & 7); i++)
		if (p[i] != (want ? want[i] : b))
			return (long)i;
	for (; i + 8 <= n; i += 8) {
		q = __raw_readq(p + i);
		if (want)
			memcpy(&w, want + i, 8);
		if (q != w)
			break;
	}
	for (; i < n; i++)
		if (p[i] != (want ? want[i] : b))
			return (long)i;
	return -1;
}

static long gc_cmp(const uint8_t *p, const uint8_t *want, uint8_t b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (want ? want[i] : b))
			return (long)i;
	return -1;
}

/* One call of @r at device offset @da (from GC_GUARD), memory offset @sa. */
static int gc_one(const struct gc_routine *r, volatile uint8_t *io, struct gc_bufs *b, size_t da,
		  size_t sa, size_t n, unsigned int salt, char *why, size_t len)
{
	static uint8_t set_ref[GC_LEN];
	volatile uint8_t *d = io + GC_GUARD + da;
	long bad;

	if (!set_ref[0])
		memset(set_ref, (uint8_t)GC_SET, sizeof(set_ref));
	if (r->dir == GC_TO) {
		const uint8_t *want = r->fn == gc_setio ? set_ref : b->src + sa;

		gc_io_fill(io, GC_GUARD_B, GC_GUARD + da + n + GC_GUARD);
		r->fn((void *)d, b->src + sa, n);
		if ((bad = gc_io_cmp(d, want, 0, n)) >= 0)
			return gc_fail(why, len, "%s n=%zu dev%%64=%zu mem%%8=%zu: byte %ld wrong",
				       r->name, n, da, sa, bad);
		if (gc_io_cmp(io, NULL, GC_GUARD_B, GC_GUARD + da) >= 0 ||
		    gc_io_cmp(d + n, NULL, GC_GUARD_B, GC_GUARD) >= 0)
			return gc_fail(why, len, "%s n=%zu dev%%64=%zu: wrote outside the range",
				       r->name, n, da);
		return 0;
	}
	gc_io_put(d, b->src + (salt & 63), 0, n);
	memset(b->dst, GC_GUARD_B, GC_GUARD + sa + n + GC_GUARD);
	r->fn(b->dst + GC_GUARD + sa, (const void *)d, n);
	if ((bad = gc_cmp(b->dst + GC_GUARD + sa, b->src + (salt & 63), 0, n)) >= 0)
		return gc_fail(why, len, "%s n=%zu dev%%64=%zu mem%%8=%zu: byte %ld wrong", r->name,
			       n, da, sa, bad);
	if (gc_cmp(b->dst, NULL, GC_GUARD_B, GC_GUARD + sa) >= 0 ||
	    gc_cmp(b->dst + GC_GUARD + sa + n, NULL, GC_GUARD_B, GC_GUARD) >= 0)
		return gc_fail(why, len, "%s n=%zu mem%%8=%zu: wrote outside the destination",
			       r->name, n, sa);
	return 0;
}

static struct gc_bufs *gc_bufs_new(unsigned int salt)
{
	struct gc_bufs *b = aligned_alloc(64, sizeof(*b));

	if (b)
		for (size_t i = 0; i < sizeof(b->src); i++)
			b->src[i] = gc_pattern(i, salt);
	return b;
}

/* A mapping of @phys of @type through @how ("resource2", "resource2_wc"). */
static uint8_t *gc_map(uint64_t phys, unsigned long type, const char *how, char *why, size_t len)
{
	struct mr_mapping_info info;
	uint8_t *io = memremap(phys, GC_LEN, type);

	if (!io) {
		gc_fail(why, len, "memremap(%#" PRIx64 ", %s): %s", phys, mr_type_name(type),
			mr_errmsg());
		return NULL;
	}
	memset(&info, 0, sizeof(info));
	if (mr_mapping_info(io, &info) || info.type != type || !strstr(info.how, how) ||
	    (!strstr(how, "_wc") && strstr(info.how, "_wc"))) {
		gc_fail(why, len, "%s: got %s via '%s', want %s", mr_type_name(type),
			mr_type_name(info.type), info.how, how);
		memunmap(io);
		return NULL;
	}
	return io;
}

int gc_sweep(uint64_t phys, unsigned long type, const char *how, unsigned int salt, char *why,
	     size_t len, unsigned long *calls)
{
	struct gc_bufs *b = gc_bufs_new(salt);
	uint8_t *io;
	int ret = 0;

	*calls = 0;
	if (!b)
		return gc_fail(why, len, "out of memory");
	io = gc_map(phys, type, how, why, len);
	if (!io) {
		free(b);
		return -1;
	}
	for (size_t i = 0; !ret && i < sizeof(gc_routines) / sizeof(gc_routines[0]); i++) {
		const struct gc_routine *r = &gc_routines[i];

		for (size_t n = 0; !ret && n <= GC_MAX_N; n++)
			for (size_t da = 0; !ret && da < 64; da += r->safe ? 9 : 1)
				for (size_t sa = 0; !ret && sa < (r->safe ? 1 : 8); sa++, ++*calls)
					ret = gc_one(r, io, b, da, r->safe ? (da + n) & 7 : sa, n,
						     salt, why, len);
	}
	memunmap(io);
	free(b);
	return ret;
}

#if defined(__aarch64__)

/*
 * The sizes and device offsets gc_watch() tries: each access traps, and a
 * trap costs about 0.2 ms under TCG, so not every pair (the unit test
 * test_io_access does every pair under qemu-user). The offsets cover every
 * residue mod 8, and heads of 1 to 7 bytes before a line boundary; the
 * sizes every edge shape up to 17, a line and its neighbours, two lines.
 */
static const size_t gc_watch_da[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 31, 57, 59, 62, 63};
static const size_t gc_watch_n[] = {0,	1,  2,	3,  4,	5,  6,	7,  8,	9,  10,
				    11, 12, 13, 14, 15, 16, 17, 63, 64, 65, 129};

/* The raw mapping the checker performs the accesses on: the same file, offset. */
static uint8_t *gc_alias(const char *file, uint64_t off, char *why, size_t len)
{
	int fd = open(file, O_RDWR | O_SYNC | O_CLOEXEC);
	void *p = fd < 0 ? MAP_FAILED
			 : mmap(NULL, GC_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);

	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED) {
		gc_fail(why, len, "mmap %s at %#" PRIx64 ": %s", file, off, strerror(errno));
		return NULL;
	}
	return p;
}

/* One watched call: good accesses, each byte of [da, da+n) once, right contents. */
static int gc_watch_one(struct a64_window *w, const struct gc_routine *r, struct gc_bufs *b,
			size_t da, size_t sa, size_t n, char *why, size_t len)
{
	static uint8_t set_ref[GC_LEN];
	uint8_t *d = w->prot + GC_GUARD + da, *ad = w->alias + GC_GUARD + da;
	bool ok;
	long bad;

	if (r->dir == GC_TO) {
		gc_io_fill(w->alias, GC_GUARD_B, GC_GUARD + da + n + GC_GUARD);
		ok = A64_CALL(w, GC_GUARD + da, GC_GUARD + da + n, r->fn(d, b->src + sa, n));
	} else {
		gc_io_put(ad, b->src + sa, 0, n);
		memset(b->dst, GC_GUARD_B, sizeof(b->dst));
		ok = A64_CALL(w, GC_GUARD + da, GC_GUARD + da + n, r->fn(b->dst + sa, d, n));
	}
	if (!ok)
		return gc_fail(why, len, "%s n=%zu dev%%64=%zu: %s", r->name, n, da, w->why);
	if (r->dir == GC_FROM) {
		bad = gc_cmp(b->dst + sa, b->src + sa, 0, n);
	} else if (r->fn == gc_setio) {
		memset(set_ref, (uint8_t)GC_SET, n);
		bad = gc_io_cmp(ad, set_ref, 0, n);
	} else {
		bad = gc_io_cmp(ad, b->src + sa, 0, n);
	}
	if (bad >= 0)
		return gc_fail(why, len, "%s n=%zu dev%%64=%zu: byte %ld wrong", r->name, n, da,
			       bad);
	if ((bad = a64_once(w, GC_GUARD + da, GC_GUARD + da + n)) >= 0)
		return gc_fail(why, len,
			       "%s n=%zu dev%%64=%zu: byte %ld of the window touched %u times",
			       r->name, n, da, bad - GC_GUARD, w->count[bad]);
	return 0;
}

/* glibc on the same window: the checker must object (and say to what). */
static int gc_watch_canaries(struct a64_window *w, struct gc_bufs *b, char *out, size_t outlen,
			     char *why, size_t len)
{
	void *(*volatile cpy)(void *, const void *, size_t) = memcpy;
	void *(*volatile set)(void *, int, size_t) = memset;
	uint8_t *p = w->prot;
	size_t used = 0;

	if (A64_CALL(w, 0, GC_LEN, cpy(p + 3, b->src, 1000)))
		return gc_fail(why, len,
			       "glibc memcpy to the BAR passed the checker: it sees nothing");
	used += (size_t)snprintf(out + used, outlen - used, "glibc memcpy: %s; ", w->why);
	if (A64_CALL(w, 0, GC_LEN, set(p + 256, 0, 2048)))
		return gc_fail(why, len, "glibc memset to the BAR passed the checker");
	used += (size_t)snprintf(out + used, outlen - used, "glibc memset(0): %s; ", w->why);
	if (A64_CALL(w, 0, GC_LEN,
		     __asm__ __volatile__("dc zva, %0" ::"r"(p + 512)
					  : "memory")) ||
	    !strstr(w->why, "DC ZVA"))
		return gc_fail(why, len, "DC ZVA on the BAR: '%s'", w->why);
	snprintf(out + used, outlen - used, "dc zva: %s", w->why);
	return 0;
}

int gc_watch(uint64_t phys, uint64_t bar, const char *resource, unsigned long type, const char *how,
	     unsigned int salt, char *note, size_t notelen, char *why, size_t len,
	     unsigned long *traps)
{
	static uint8_t count[GC_LEN];
	struct a64_window w = {.len = GC_LEN, .count = count};
	struct gc_bufs *b = gc_bufs_new(salt);
	int ret = 0;

	*traps = 0;
	if (!b)
		return gc_fail(why, len, "out of memory");
	w.prot = gc_map(phys, type, how, why, len);
	w.alias = w.prot ? gc_alias(resource, phys - bar, why, len) : NULL;
	if (!w.alias)
		goto out;
	if (a64_watch(&w)) {
		ret = gc_fail(why, len, "cannot protect the mapping: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; !ret && i < sizeof(gc_routines) / sizeof(gc_routines[0]); i++) {
		/* The safe copies catch SIGSEGV themselves: no watching them. */
		if (gc_routines[i].safe)
			continue;
		for (size_t j = 0; !ret && j < sizeof(gc_watch_n) / sizeof(gc_watch_n[0]); j++)
			for (size_t k = 0; !ret && k < sizeof(gc_watch_da) / sizeof(size_t); k++)
				ret = gc_watch_one(&w, &gc_routines[i], b, gc_watch_da[k],
						   (gc_watch_da[k] + j) & 7, gc_watch_n[j], why,
						   len);
	}
	*traps = w.traps;
	if (!ret)
		ret = gc_watch_canaries(&w, b, note, notelen, why, len);
	a64_unwatch(&w);
out:
	if (w.alias)
		munmap(w.alias, GC_LEN);
	if (w.prot)
		memunmap(w.prot);
	free(b);
	return w.prot && w.alias ? ret : -1;
}

#endif
