/* SPDX-License-Identifier: MIT */
/*
 * arm64: the copies make only the accesses Device memory takes. Unaligned
 * accesses, pairs, SIMD registers and DC ZVA fault on Device memory (and
 * some on Normal-NC), and glibc's memcpy and memset use all of them.
 *
 * Behaviour: every access memcpy_toio(), memset_io(), mr_memcpy_to_wc(),
 * mr_memcpy_flushcache(), memcpy_fromio() and mr_memcpy_from_wc() make to
 * the device side is trapped and checked (a64_access.h): one naturally
 * aligned load or store of a general-purpose register, at most 8 bytes,
 * inside the range, every byte exactly once; at every device offset in a
 * line and every size up to a line and a tail past it, and past two lines.
 * The checker must catch glibc's memcpy and a DC ZVA, so it can fail.
 *
 * Instructions: the library's copy code (every function of the copy
 * paths, the exported copies and the fault-safe ones, in the static
 * library) holds no DC ZVA and calls no memcpy, memset or bzero (compilers
 * turn loops and struct copies into such calls); only the flush path
 * cleans caches (DC CVAC, which QEMU does not trap, so only this check
 * sees it).
 *
 * The arm64 guest of the VM suite does the same on a real PCI BAR.
 */
#include <errno.h>
#include <stdbool.h>

#include "mr_test.h"

#include <memremap/io.h>
#include <memremap/safe.h>

#include "a64_access.h"
#include "copy.h"

#define WIN   8192
#define GUARD 64

static struct a64_window win;
static uint8_t *src;

static int setup(void **state)
{
	int fd = memfd_create("a64-window", MFD_CLOEXEC);
	static uint8_t count[WIN];

	(void)state;
	if (fd < 0 || ftruncate(fd, WIN))
		return -1;
	win.len = WIN;
	win.count = count;
	win.prot = mmap(NULL, WIN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	win.alias = mmap(NULL, WIN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	src = malloc(WIN);
	if (win.prot == MAP_FAILED || win.alias == MAP_FAILED || !src)
		return -1;
	for (size_t i = 0; i < WIN; i++)
		src[i] = (uint8_t)((i * 2654435761u) >> 9) | 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	munmap(win.prot, WIN);
	munmap(win.alias, WIN);
	free(src);
	return 0;
}

/* ------------------------------------------------------------ behaviour */

enum dir { TO, FROM };

struct routine {
	const char *name;
	enum dir dir;
	void (*fn)(void *dst, const void *src, size_t n);
	bool streaming; /* the copy with streaming stores (nt threshold 0) */
};

static void toio(void *d, const void *s, size_t n)
{
	memcpy_toio(d, s, n);
}

static void fromio(void *d, const void *s, size_t n)
{
	memcpy_fromio(d, s, n);
}

static void setio(void *d, const void *s, size_t n)
{
	(void)s;
	memset_io(d, 0x5a, n);
}

static const struct routine routines[] = {
	{"memcpy_toio", TO, toio, false},
	{"memcpy_toio(streaming)", TO, toio, true},
	{"memset_io", TO, setio, false},
	{"memset_io(streaming)", TO, setio, true},
	{"mr_memcpy_to_wc", TO, mr_memcpy_to_wc, false},
	{"mr_memcpy_flushcache", TO, mr_memcpy_flushcache, false},
	{"memcpy_fromio", FROM, fromio, false},
	{"mr_memcpy_from_wc", FROM, mr_memcpy_from_wc, false},
};

/* Sizes: every edge shape, a line with every head, and past two lines. */
static bool size_tried(size_t n)
{
	return n <= 72 || n == 127 || n == 128 || n == 129 || n == 191;
}

static void one(const struct routine *r, size_t da, size_t n, uint8_t *dst)
{
	uint8_t *d = win.prot + GUARD + da, *ad = win.alias + GUARD + da;
	const uint8_t *s = src + ((da * 3 + n) & 7);
	bool ok;
	long bad;

	if (r->dir == TO) {
		memset(win.alias, 0xee, WIN);
		ok = A64_CALL(&win, GUARD + da, GUARD + da + n, r->fn(d, s, n));
	} else {
		memcpy(ad, s, n);
		ok = A64_CALL(&win, GUARD + da, GUARD + da + n, r->fn(dst, d, n));
	}
	if (!ok)
		fail_msg("%s n=%zu dev%%64=%zu: %s", r->name, n, da, win.why);
	if (r->fn == setio) {
		for (size_t i = 0; i < n; i++)
			if (ad[i] != 0x5a)
				fail_msg("%s n=%zu dev%%64=%zu: byte %zu", r->name, n, da, i);
	} else if (memcmp(r->dir == TO ? ad : dst, s, n)) {
		fail_msg("%s n=%zu dev%%64=%zu: wrong bytes", r->name, n, da);
	}
	bad = a64_once(&win, GUARD + da, GUARD + da + n);
	if (bad >= 0)
		fail_msg("%s n=%zu dev%%64=%zu: byte %ld of the window touched %u times", r->name,
			 n, da, bad - GUARD, win.count[bad]);
}

static void test_routine(void **state)
{
	const struct routine *r = *state;
	uint8_t *dst = malloc(WIN);
	size_t old = mr__copy_set_nt_threshold(r->streaming ? 0 : SIZE_MAX);
	unsigned long traps;

	assert_non_null(dst);
	assert_int_equal(a64_watch(&win), 0);
	for (size_t n = 0; n < 200; n++)
		for (size_t da = 0; size_tried(n) && da < 64; da++)
			one(r, da, n, dst);
	traps = win.traps;
	a64_unwatch(&win);
	mr__copy_set_nt_threshold(old);
	free(dst);
	print_message("%s: %lu accesses, all single, aligned, each byte once\n", r->name, traps);
}

/* The checker can fail: glibc's memcpy and memset, and DC ZVA. */
static void test_checker_catches(void **state)
{
	void *(*volatile cpy)(void *, const void *, size_t) = memcpy;
	void *(*volatile set)(void *, int, size_t) = memset;

	(void)state;
	assert_int_equal(a64_watch(&win), 0);
	assert_false(A64_CALL(&win, 0, WIN, cpy(win.prot + 3, src, 1000)));
	print_message("glibc memcpy: %s\n", win.why);
	assert_false(A64_CALL(&win, 0, WIN, set(win.prot + 256, 0, 2048)));
	print_message("glibc memset: %s\n", win.why);
	assert_false(A64_CALL(&win, 0, WIN,
			      __asm__ __volatile__("dc zva, %0" ::"r"(win.prot + 512)
						   : "memory")));
	/*
	 * qemu-user reports a DC ZVA fault at a wrong PC (the guest run names
	 * the instruction): here only that the call was stopped is checked.
	 */
	print_message("dc zva: %s\n", win.why);
	/* A byte copy outside the range allowed, and twice the same byte. */
	assert_false(A64_CALL(&win, 100, 101, memcpy_toio(win.prot + 101, src, 1)));
	assert_non_null(strstr(win.why, "outside"));
	assert_true(A64_CALL(&win, 100, 101, memcpy_toio(win.prot + 100, src, 1)));
	assert_true(A64_CALL(&win, 0, WIN, (win.prot[7] = 1, win.prot[7] = 2)) &&
		    win.count[7] == 2 && a64_once(&win, 7, 8) == 7);
	a64_unwatch(&win);
}

/* ---------------------------------------------------------- instructions */

/* The functions of the copy code, as the static library defines them. */
static const char *const copy_fns[] = {
	"memcpy_toio",
	"memcpy_fromio",
	"memset_io",
	"mr_memcpy_to_wc",
	"mr_memcpy_from_wc",
	"mr_memcpy_flushcache",
	"mr_memcpy_io",
	"mr__generic_toio",
	"mr__generic_fromio",
	"mr__generic_setio",
	"mr__generic_stream",
	"mr__generic_from_wc",
	"mr__generic_lines_stream",
	"mr__copy_fromio",
	"mr__copy_toio",
	"mr_memcpy_fromio_safe",
	"mr_memcpy_toio_safe",
	"mr__flush_dc_cvac",
};

struct fn_scan {
	char name[64];
	unsigned int insns, zva, dc, calls_memset, calls_memcpy;
};

static struct fn_scan *find_fn(struct fn_scan *fns, const char *name)
{
	for (size_t i = 0; i < MR__ARRAY_SIZE(copy_fns); i++)
		if (!strcmp(fns[i].name, name))
			return &fns[i];
	return NULL;
}

/*
 * objdump -dr over the static library: per function of copy_fns, its
 * instructions, DC instructions and calls (relocations against memset,
 * bzero, memcpy: a call the compiler made of a loop or a struct copy too).
 */
static void scan_library(struct fn_scan *fns)
{
	const char *objdump = getenv("OBJDUMP") ? getenv("OBJDUMP") : "objdump";
	char cmd[8192], line[512], name[64];
	struct fn_scan *cur = NULL;
	FILE *f;

	for (size_t i = 0; i < MR__ARRAY_SIZE(copy_fns); i++)
		snprintf(fns[i].name, sizeof(fns[i].name), "%s", copy_fns[i]);
	snprintf(cmd, sizeof(cmd), "%s -dr --no-show-raw-insn '%s' 2>&1", objdump,
		 MR_TEST_STATIC_LIB);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		/* "0000000000000000 <mr__generic_toio>:" */
		if (sscanf(line, "%*x <%63[^>]>:", name) == 1) {
			cur = find_fn(fns, name);
			continue;
		}
		if (!cur)
			continue;
		if (strstr(line, "R_AARCH64_CALL26") || strstr(line, "R_AARCH64_JUMP26")) {
			cur->calls_memset += strstr(line, "\tmemset") || strstr(line, "\tbzero");
			cur->calls_memcpy += strstr(line, "\tmemcpy") != NULL;
		} else if (strchr(line, '\t')) {
			cur->insns++;
			cur->zva += strstr(line, "\tdc\tzva") != NULL;
			cur->dc += strstr(line, "\tdc\t") != NULL;
		}
	}
	assert_int_equal(pclose(f), 0);
}

static void test_instructions(void **state)
{
	struct fn_scan fns[MR__ARRAY_SIZE(copy_fns)];
	unsigned int seen = 0;

	(void)state;
	memset(fns, 0, sizeof(fns));
	scan_library(fns);
	for (size_t i = 0; i < MR__ARRAY_SIZE(copy_fns); i++) {
		const struct fn_scan *s = &fns[i];
		bool flush = !strcmp(s->name, "mr__flush_dc_cvac");

		seen += s->insns > 0;
		if (s->zva)
			fail_msg("%s: DC ZVA", s->name);
		if (s->dc && !flush)
			fail_msg("%s: %u cache maintenance instructions", s->name, s->dc);
		if (s->calls_memset)
			fail_msg("%s: calls memset or bzero", s->name);
		/* mr_memcpy_io() copies plain memory at both ends with memcpy, by design. */
		if (s->calls_memcpy && strcmp(s->name, "mr_memcpy_io"))
			fail_msg("%s: calls memcpy", s->name);
	}
	/* The scan sees what it looks for: the flush path's DC CVAC. */
	if (!find_fn(fns, "mr__flush_dc_cvac")->dc)
		fail_msg("no DC CVAC found in mr__flush_dc_cvac: is the scan blind?");
	if (seen < MR__ARRAY_SIZE(copy_fns) - 4)
		fail_msg("only %u of the copy functions found in %s", seen, MR_TEST_STATIC_LIB);
}

int main(void)
{
	struct CMUnitTest tests[MR__ARRAY_SIZE(routines) + 2];
	size_t n = 0;

	for (size_t i = 0; i < MR__ARRAY_SIZE(routines); i++)
		tests[n++] = (struct CMUnitTest){routines[i].name, test_routine, NULL, NULL,
						 (void *)&routines[i]};
	tests[n++] = (struct CMUnitTest){"checker catches", test_checker_catches, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"no DC ZVA, no memset, no memcpy", test_instructions, NULL,
					 NULL, NULL};
	return _cmocka_run_group_tests("io_access", tests, n, setup, teardown);
}
