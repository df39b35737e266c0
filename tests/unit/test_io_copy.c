/* SPDX-License-Identifier: MIT */
/*
 * The copies of <memremap/io.h> on every path this machine can run: every
 * size from 0 to 4096, every source and destination alignment 0..63 at a
 * set of sizes, and a few MiB. Each result is compared with the source;
 * guard bytes around the destination must keep their value, and the source
 * ends where an inaccessible page begins, so a read past the end faults.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include <memremap/io.h>

#include "copy.h"

#define GUARD	   256
#define GUARD_BYTE 0xff
#define SET_VALUE  0x15a /* memset_io() takes it as 0x5a, like memset */
#define BIG	   ((size_t)3 << 20)
#define MAX_N	   (BIG + 4096)

enum kind {
	K_TOIO,
	K_TOIO_NT, /* memcpy_toio() with the streaming-store body */
	K_FROMIO,
	K_SETIO,
	K_SETIO_NT,
	K_TO_WC,
	K_FROM_WC,
	K_FLUSHCACHE,
	K_NR
};

static const char *const kind_names[K_NR] = {
	"memcpy_toio",	     "memcpy_toio(streaming)", "memcpy_fromio",
	"memset_io",	     "memset_io(streaming)",   "mr_memcpy_to_wc",
	"mr_memcpy_from_wc", "mr_memcpy_flushcache",
};

/* The source: pattern bytes between two inaccessible pages. */
static uint8_t *src_map, *src;
static size_t src_map_len, src_len;
/* The destination with room for guards, and references to compare with. */
static uint8_t *dbuf, *guard_ref, *set_ref;
static size_t dbuf_len;

struct param {
	char name[64];
	const char *path;
	enum kind kind;
};

/* ----------------------------------------------------------- fixtures */

/* Never GUARD_BYTE: a byte the copy skipped cannot look right. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(((i * 2654435761u) >> 13) % 255);
}

static int group_setup(void **state)
{
	long page = sysconf(_SC_PAGESIZE);

	(void)state;
	src_len = (MAX_N + (size_t)page - 1) & ~((size_t)page - 1);
	src_map_len = src_len + 2 * (size_t)page;
	src_map = mmap(NULL, src_map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src_map == MAP_FAILED)
		return -1;
	src = src_map + page;
	if (mprotect(src, src_len, PROT_READ | PROT_WRITE))
		return -1;
	for (size_t i = 0; i < src_len; i++)
		src[i] = pattern(i);
	dbuf_len = MAX_N + 2 * GUARD + 64;
	dbuf = aligned_alloc(64, dbuf_len);
	guard_ref = malloc(dbuf_len);
	set_ref = malloc(MAX_N);
	if (!dbuf || !guard_ref || !set_ref)
		return -1;
	memset(guard_ref, GUARD_BYTE, dbuf_len);
	memset(set_ref, (unsigned char)SET_VALUE, MAX_N);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	munmap(src_map, src_map_len);
	free(dbuf);
	free(guard_ref);
	free(set_ref);
	return 0;
}

/* ------------------------------------------------------------ checks */

static bool is_from(enum kind k)
{
	return k == K_FROMIO || k == K_FROM_WC;
}

static void run(enum kind k, uint8_t *d, const uint8_t *s, size_t n)
{
	switch (k) {
	case K_TOIO:
	case K_TOIO_NT:
		memcpy_toio(d, s, n);
		break;
	case K_FROMIO:
		memcpy_fromio(d, s, n);
		break;
	case K_SETIO:
	case K_SETIO_NT:
		memset_io(d, SET_VALUE, n);
		break;
	case K_TO_WC:
		mr_memcpy_to_wc(d, s, n);
		break;
	case K_FROM_WC:
		mr_memcpy_from_wc(d, s, n);
		break;
	default:
		mr_memcpy_flushcache(d, s, n);
	}
}

static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;

	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Copy @n bytes from @s to dbuf + GUARD + @da, then check contents and guards. */
static void check(const struct param *p, size_t da, const uint8_t *s, size_t n)
{
	uint8_t *d = dbuf + GUARD + da;
	const uint8_t *want = p->kind == K_SETIO || p->kind == K_SETIO_NT ? set_ref : s;
	size_t span = GUARD + da + n + GUARD;

	memset(dbuf, GUARD_BYTE, span);
	run(p->kind, d, s, n);
	if (memcmp(d, want, n))
		fail_msg("%s: n=%zu dst%%64=%zu src%%64=%zu: byte %zu differs", p->name, n, da,
			 (size_t)((uintptr_t)s % 64), first_diff(d, want, n));
	if (memcmp(dbuf, guard_ref, GUARD + da))
		fail_msg("%s: n=%zu dst%%64=%zu: wrote %zu bytes before the destination", p->name,
			 n, da, GUARD + da - first_diff(dbuf, guard_ref, GUARD + da));
	if (memcmp(d + n, guard_ref, GUARD))
		fail_msg("%s: n=%zu dst%%64=%zu: wrote byte %zu after the destination", p->name, n,
			 da, first_diff(d + n, guard_ref, GUARD));
}

/* The source ending where the inaccessible page begins. */
static const uint8_t *src_at_end(size_t n)
{
	return src + src_len - n;
}

/* ------------------------------------------------------------- tests */

static char logged[512];

static void capture(int level, const char *msg, void *arg)
{
	(void)level;
	(void)arg;
	snprintf(logged, sizeof(logged), "%s", msg);
}

static bool use_path(const struct param *p)
{
	int ret;

	logged[0] = 0;
	mr_set_log(capture, NULL);
	ret = mr__copy_select(p->path);
	mr_set_log(NULL, NULL);
	if (ret == 0) {
		assert_string_equal(mr_copy_path(), p->path);
		return true;
	}
	print_message("SKIPPED: %s is built but NOT TESTED on this machine (%s)\n", p->name,
		      logged);
	return false;
}

static void set_streaming(const struct param *p, size_t *old)
{
	bool nt = p->kind == K_TOIO_NT || p->kind == K_SETIO_NT;

	*old = mr__copy_set_nt_threshold(nt ? 0 : SIZE_MAX);
}

/* Every size 0..4096: aligned, and ending at the guard page. */
static void test_every_size(void **state)
{
	const struct param *p = *state;
	size_t old;

	if (!use_path(p))
		skip();
	set_streaming(p, &old);
	for (size_t n = 0; n <= 4096; n++) {
		check(p, 0, src, n);
		check(p, n % 64, src_at_end(n), n);
	}
	mr__copy_set_nt_threshold(old);
}

/* Every pair of alignments at sizes around the edges of lines and vectors. */
static void test_every_alignment(void **state)
{
	static const size_t sizes[] = {0,   1,	 2,   3,   4,	7,   8,	   15,	16,
				       17,  31,	 32,  33,  63,	64,  65,   100, 127,
				       128, 129, 200, 255, 256, 320, 1000, 4096};
	const struct param *p = *state;
	size_t old;

	if (!use_path(p))
		skip();
	set_streaming(p, &old);
	for (size_t i = 0; i < MR__ARRAY_SIZE(sizes); i++)
		for (size_t da = 0; da < 64; da++)
			for (size_t sa = 0; sa < 64; sa++)
				check(p, da, src + 64 + sa, sizes[i]);
	mr__copy_set_nt_threshold(old);
}

/* A few MiB, with the default threshold between cached and streaming stores. */
static void test_big(void **state)
{
	static const size_t shapes[][3] = {
		{BIG, 0, 0},
		{BIG + 77, 13, 50},
		{BIG + 4095, 63, 1},
	};
	const struct param *p = *state;

	if (!use_path(p))
		skip();
	for (size_t i = 0; i < MR__ARRAY_SIZE(shapes); i++) {
		size_t n = shapes[i][0];

		check(p, shapes[i][1], src + shapes[i][2], n);
		check(p, shapes[i][1], src_at_end(n), n);
	}
	if (is_from(p->kind) || p->kind == K_FLUSHCACHE)
		return;
	size_t old;
	set_streaming(p, &old);
	check(p, 5, src + 9, BIG + 3);
	mr__copy_set_nt_threshold(old);
}

/* -------------------------------------------------- choosing the path */

static void test_path_fallback(void **state)
{
	size_t n = mr__copy_path_count();
	const char *best = NULL;

	(void)state;
	mr_set_log(capture, NULL);
	for (size_t i = 0; i < n; i++) {
		bool ok;
		const char *name = mr__copy_path_name(i, &ok);

		if (ok && !best)
			best = name;
		logged[0] = 0;
		if (ok) {
			assert_int_equal(mr__copy_select(name), 0);
			assert_string_equal(mr_copy_path(), name);
			assert_string_equal(logged, "");
			continue;
		}
		/* Forcing what the CPU lacks: the best path, and a warning. */
		assert_int_equal(mr__copy_select(name), -ENOTSUP);
		assert_non_null(strstr(logged, "lacks"));
		print_message("fallback seen: %s\n", logged);
	}
	assert_non_null(best);
	logged[0] = 0;
	assert_int_equal(mr__copy_select("mmx"), -EINVAL);
	assert_string_equal(mr_copy_path(), best);
	assert_non_null(strstr(logged, "unknown"));
	assert_int_equal(setenv("MEMREMAP_COPY", "generic", 1), 0);
	assert_int_equal(mr__copy_select(NULL), 0);
	assert_string_equal(mr_copy_path(), "generic");
	assert_int_equal(unsetenv("MEMREMAP_COPY"), 0);
	assert_int_equal(mr__copy_select(NULL), 0);
	assert_string_equal(mr_copy_path(), best);
	mr_set_log(NULL, NULL);
}

/* Flush path @i (one this CPU runs): contents kept, partial lines written back. */
static void test_flush_one(size_t i)
{
	const char *name = mr__flush_path_name(i, NULL);
	uint8_t *d = dbuf + GUARD;
	struct param p = {.kind = K_FLUSHCACHE};

	assert_int_equal(mr__flush_select(name), 0);
	assert_string_equal(mr_flush_path(), name);
	memcpy(d, src, 9000);
	mr_flush_range(d + 3, 8000);
	mr_flush_range(d, 0);
	assert_memory_equal(d, src, 9000);
	p.path = mr_copy_path();
	snprintf(p.name, sizeof(p.name), "%s/%s", name, kind_names[K_FLUSHCACHE]);
	for (size_t n = 0; n < 300; n++)
		check(&p, n % 64, src + 7, n);
	assert_int_equal(mr__flush_select("wbinvd"), -EINVAL);
	assert_int_equal(mr__flush_select(NULL), 0);
}

static void test_flush_paths(void **state)
{
	(void)state;
	mr_set_log(capture, NULL);
	for (size_t i = 0; i < mr__flush_path_count(); i++) {
		bool ok;
		const char *name = mr__flush_path_name(i, &ok);

		logged[0] = 0;
		if (ok) {
			test_flush_one(i);
			continue;
		}
		assert_int_equal(mr__flush_select(name), -ENOTSUP);
		print_message("SKIPPED: THIS CPU LACKS %s: %s\n", name, logged);
	}
	mr_set_log(NULL, NULL);
}

/* ------------------------------------------------------------- main */

/*
 * Every copy path and flush path the library has must have a CTest entry of
 * its own (tests/unit/CMakeLists.txt lists them as MR_TEST_COPY_PATHS and
 * MR_TEST_FLUSH_PATHS), so that one this CPU cannot run shows as skipped,
 * never as passed.
 */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *at = list; (at = strstr(at, name)); at += n)
		if ((at == list || at[-1] == ',') && (at[n] == ',' || !at[n]))
			return true;
	return false;
}

static void test_paths_listed(void **state)
{
	(void)state;
	for (size_t i = 0; i < mr__copy_path_count(); i++)
		if (!listed(MR_TEST_COPY_PATHS, mr__copy_path_name(i, NULL)))
			fail_msg("copy path %s has no CTest entry", mr__copy_path_name(i, NULL));
	for (size_t i = 0; i < mr__flush_path_count(); i++)
		if (!listed(MR_TEST_FLUSH_PATHS, mr__flush_path_name(i, NULL)))
			fail_msg("flush path %s has no CTest entry", mr__flush_path_name(i, NULL));
}

static void test_flush_path(void **state)
{
	mr_set_log(capture, NULL);
	test_flush_one((size_t)(uintptr_t)*state);
	mr_set_log(NULL, NULL);
}

static const struct {
	const char *what;
	CMUnitTestFunction fn;
} shapes[] = {
	{"every size", test_every_size},
	{"every alignment", test_every_alignment},
	{"MiB", test_big},
};

typedef char test_name[96];

/* The tests of copy path @i (all when @i is SIZE_MAX), named in @names. */
static size_t add_path_tests(struct CMUnitTest *tests, test_name *names, struct param *params,
			     size_t i)
{
	size_t npaths = mr__copy_path_count(), nt = 0;

	for (size_t s = 0; s < MR__ARRAY_SIZE(shapes); s++)
		for (size_t j = 0; j < npaths * K_NR; j++) {
			if (i != SIZE_MAX && j / K_NR != i)
				continue;
			snprintf(names[nt], sizeof(names[nt]), "%s %s", params[j].name,
				 shapes[s].what);
			tests[nt] = (struct CMUnitTest){names[nt], shapes[s].fn, NULL, NULL,
							&params[j]};
			nt++;
		}
	return nt;
}

static int usage(void)
{
	fprintf(stderr, "usage: test_io_copy [--path NAME | --flush NAME | --choosing]\n"
			"  no option: every test, skipping what this CPU lacks\n"
			"  exit 77: the path asked for is built but this CPU lacks it\n");
	return 2;
}

/* The index of copy path @name, SIZE_MAX when unknown; *ok: the CPU runs it. */
static size_t find_path(const char *name, bool flush, bool *ok)
{
	size_t n = flush ? mr__flush_path_count() : mr__copy_path_count();

	for (size_t i = 0; i < n; i++) {
		const char *got = flush ? mr__flush_path_name(i, ok) : mr__copy_path_name(i, ok);

		if (!strcmp(got, name))
			return i;
	}
	return SIZE_MAX;
}

enum mode { M_ALL, M_PATH, M_FLUSH, M_CHOOSING };

/* Which tests the arguments ask for; 0 to run them, else the exit code. */
static int parse_args(int argc, char **argv, enum mode *mode, size_t *at)
{
	const char *opt = argc > 1 ? argv[1] : "";
	bool ok;

	*at = SIZE_MAX;
	*mode = !strcmp(opt, "--path")	     ? M_PATH
		: !strcmp(opt, "--flush")    ? M_FLUSH
		: !strcmp(opt, "--choosing") ? M_CHOOSING
					     : M_ALL;
	if (argc != (*mode == M_ALL ? 1 : *mode == M_CHOOSING ? 2 : 3))
		return usage();
	if (*mode != M_PATH && *mode != M_FLUSH)
		return 0;
	*at = find_path(argv[2], *mode == M_FLUSH, &ok);
	if (*at == SIZE_MAX) {
		fprintf(stderr, "test_io_copy: no %s '%s' in this build\n", opt + 2, argv[2]);
		return 1;
	}
	if (!ok) {
		printf("NOT RUN: %s %s is built, but this CPU lacks it\n", opt + 2, argv[2]);
		return 77;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t npaths = mr__copy_path_count(), nt = 0, at;
	size_t max = npaths * K_NR * MR__ARRAY_SIZE(shapes) + 3;
	struct CMUnitTest *tests;
	struct param *params;
	test_name *names;
	enum mode mode;
	int ret = parse_args(argc, argv, &mode, &at);

	if (ret)
		return ret;
	tests = calloc(max, sizeof(*tests));
	names = calloc(max, sizeof(*names));
	params = calloc(npaths * K_NR, sizeof(*params));
	if (!tests || !names || !params)
		return 1;
	for (size_t i = 0; i < npaths; i++)
		for (int k = 0; k < K_NR; k++) {
			struct param *p = &params[i * K_NR + k];

			p->path = mr__copy_path_name(i, NULL);
			p->kind = k;
			snprintf(p->name, sizeof(p->name), "%s/%s", p->path, kind_names[k]);
		}
	if (mode == M_ALL || mode == M_PATH)
		nt = add_path_tests(tests, names, params, at);
	if (mode == M_ALL || mode == M_CHOOSING) {
		tests[nt++] =
			(struct CMUnitTest){"path fallback", test_path_fallback, NULL, NULL, NULL};
		tests[nt++] =
			(struct CMUnitTest){"paths listed", test_paths_listed, NULL, NULL, NULL};
	}
	if (mode == M_ALL)
		tests[nt++] =
			(struct CMUnitTest){"flush paths", test_flush_paths, NULL, NULL, NULL};
	if (mode == M_FLUSH)
		tests[nt++] = (struct CMUnitTest){argv[2], test_flush_path, NULL, NULL,
						  (void *)(uintptr_t)at};
	ret = _cmocka_run_group_tests("io_copy", tests, nt, group_setup, group_teardown);
	free(tests);
	free(names);
	free(params);
	return ret;
}
