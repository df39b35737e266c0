/* SPDX-License-Identifier: MIT */
/*
 * mr_memcpy_io() on the simulated machine: the routine it picks for every
 * pair of mapping types (the table of docs/copies.md), and the bytes it
 * copies, with guards, on every copy path.
 */
#include <errno.h>

#include "mr_test.h"

#include <memremap/io.h>

#include "copy.h"
#include "mr_memremap.h"

#define RAM  0x100000ULL
#define REGS 0xfe000000ULL /* a 4 KiB BAR */
#define FB   0xe0000000ULL /* a 16 MiB BAR */
#define SPAN 0x40000	   /* bytes of each test mapping */

enum side { HEAP, DIRECT, WB, WT, WC, WC2, DEV, NSIDES };

static const char *const side_names[NSIDES] = {"heap", "direct", "wb", "wt", "wc", "wc2", "dev"};
static uint8_t *sides[NSIDES];
static size_t side_len[NSIDES];
static struct mr_machine *machine;

static int setup(void **state)
{
	(void)state;
	machine = mr_test_machine("sim");
	sides[HEAP] = aligned_alloc(64, SPAN);
	sides[DIRECT] = memremap(RAM, SPAN, MEMREMAP_WB);
	sides[WB] = memremap(FB, SPAN, MEMREMAP_WB);
	sides[WT] = memremap(FB + 0x400000, SPAN, MEMREMAP_WT);
	sides[WC] = memremap(FB + 0x800000, SPAN, MEMREMAP_WC);
	sides[WC2] = memremap(FB + 0xc00000, SPAN, MEMREMAP_WC);
	sides[DEV] = memremap(REGS, 0x1000, MEMREMAP_DEV);
	for (int i = 0; i < NSIDES; i++) {
		if (!sides[i])
			fail_msg("mapping %s: %s", side_names[i], mr_errmsg());
		side_len[i] = i == DEV ? 0x1000 : SPAN;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = DIRECT; i < NSIDES; i++)
		memunmap(sides[i]);
	free(sides[HEAP]);
	mr_machine_use(NULL);
	mr_machine_close(machine);
	return 0;
}

static void test_types(void **state)
{
	static const unsigned long want[NSIDES] = {
		0, MEMREMAP_WB, MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_WC, MEMREMAP_DEV};
	struct mr_mapping_info info;

	(void)state;
	for (int i = DIRECT; i < NSIDES; i++) {
		assert_int_equal(mr_mapping_info(sides[i], &info), 0);
		if (info.type != want[i])
			fail_msg("%s: the sim gave %s", side_names[i], mr_type_name(info.type));
	}
}

/* The choice for each pair: rows are destinations, columns sources. */
static void test_choice_table(void **state)
{
	enum mr__io_copy M = MR__IO_MEMCPY, T = MR__IO_TO_WC, I = MR__IO_TOIO, F = MR__IO_FROM_WC,
			 BW = MR__IO_BOUNCE_TO_WC, BI = MR__IO_BOUNCE_TOIO;
	const enum mr__io_copy want[NSIDES][NSIDES] = {
		/*	  heap direct wb wt wc wc2 dev */
		[HEAP] = {M, M, M, M, F, F, F},	  [DIRECT] = {M, M, M, M, F, F, F},
		[WB] = {M, M, M, M, F, F, F},	  [WT] = {M, M, M, M, F, F, F},
		[WC] = {T, T, T, T, BW, BW, BW},  [WC2] = {T, T, T, T, BW, BW, BW},
		[DEV] = {I, I, I, I, BI, BI, BI},
	};

	(void)state;
	for (int d = 0; d < NSIDES; d++)
		for (int s = 0; s < NSIDES; s++) {
			/* Interior pointers count as their mapping. */
			enum mr__io_copy got = mr__memcpy_io_choice(sides[d] + 100, sides[s] + 7);

			if (got != want[d][s])
				fail_msg("%s <- %s: choice %d, want %d", side_names[d],
					 side_names[s], got, want[d][s]);
		}
}

/*
 * Cache write-back (mr_memcpy_flushcache(), mr_flush_range()) only where
 * lines can stay dirty: plain memory and WB mappings; never WT, WC or DEV.
 */
static void test_flush_wanted(void **state)
{
	static const bool want[NSIDES] = {true, true, true, false, false, false, false};
	uint8_t buf[64];

	(void)state;
	for (int i = 0; i < NSIDES; i++)
		if (mr__flush_wanted(sides[i] + 100) != want[i])
			fail_msg("%s: flush wanted %d", side_names[i], !want[i]);
	assert_true(mr__flush_wanted(buf));
	/* And the copy still copies, and mr_flush_range() still returns, there. */
	for (int i = WT; i < NSIDES; i++) {
		memset(buf, 0x3c, sizeof(buf));
		mr_memcpy_flushcache(sides[i] + 5, buf, sizeof(buf));
		assert_memory_equal(sides[i] + 5, buf, sizeof(buf));
		mr_flush_range(sides[i] + 5, sizeof(buf));
	}
}

static uint8_t pattern(size_t i)
{
	return (uint8_t)(((i * 2654435761u) >> 11) % 251);
}

/* Copy @n bytes at offsets @da, @sa between two sides, guards around. */
static void check_copy(int d, int s, size_t da, size_t sa, size_t n)
{
	uint8_t *dst = sides[d] + 64 + da;
	const uint8_t *src = sides[s] + 64 + sa;
	size_t span = 64 + da + n + 64;

	if (d == s)
		return; /* overlapping copies are memmove's business, not ours */
	for (size_t i = 0; i < n; i++)
		sides[s][64 + sa + i] = pattern(i + sa);
	memset(sides[d], 0xff, span);
	mr_memcpy_io(dst, src, n);
	for (size_t i = 0; i < n; i++)
		if (dst[i] != pattern(i + sa))
			fail_msg("%s <- %s n=%zu da=%zu sa=%zu: byte %zu differs (path %s)",
				 side_names[d], side_names[s], n, da, sa, i, mr_copy_path());
	for (size_t i = 0; i < 64 + da; i++)
		if (sides[d][i] != 0xff)
			fail_msg("%s <- %s n=%zu: wrote before the destination", side_names[d],
				 side_names[s], n);
	for (size_t i = 0; i < 64; i++)
		if (dst[n + i] != 0xff)
			fail_msg("%s <- %s n=%zu: wrote after the destination", side_names[d],
				 side_names[s], n);
}

/* The path --path names: ctest runs one test per path (test_io_copy lists them). */
static const char *path_name;

static void test_copies_on_path(void **state)
{
	static const size_t sizes[] = {0, 1, 7, 63, 64, 65, 100, 1000, 3000, 3900};
	static const size_t offs[][2] = {{0, 0}, {1, 0}, {0, 5}, {33, 17}, {63, 63}};

	(void)state;
	assert_int_equal(mr__copy_select(path_name), 0);
	for (int d = 0; d < NSIDES; d++)
		for (int s = 0; s < NSIDES; s++)
			for (size_t i = 0; i < MR__ARRAY_SIZE(sizes); i++)
				for (size_t o = 0; o < MR__ARRAY_SIZE(offs); o++)
					check_copy(d, s, offs[o][0], offs[o][1], sizes[i]);
	assert_int_equal(mr__copy_select(NULL), 0);
}

/* 0 when this build has path @name and this CPU runs it, 77 when only the CPU lacks it. */
static int path_usable(const char *name)
{
	for (size_t p = 0; p < mr__copy_path_count(); p++) {
		bool ok;

		if (strcmp(mr__copy_path_name(p, &ok), name))
			continue;
		if (ok)
			return 0;
		printf("NOT RUN: path %s is built, but this CPU lacks it\n", name);
		return 77;
	}
	fprintf(stderr, "test_io_memcpy_io: no path '%s' in this build\n", name);
	return 2;
}

/* Larger than the bounce buffer, between two WC mappings and WC to DEV. */
static void test_bounce(void **state)
{
	(void)state;
	check_copy(WC, WC2, 3, 9, 100000);
	check_copy(WC2, WC, 0, 0, SPAN - 256);
	check_copy(DEV, WC, 5, 1, 0x1000 - 200);
	check_copy(WC, DEV, 0, 2, 0x1000 - 200);
}

/* Asking about plain memory is not an error the caller should see. */
static void test_no_trace(void **state)
{
	char a[32] = "abc", b[32];

	(void)state;
	memremap(0, 0, 0); /* leave a message to keep */
	char before[256];
	snprintf(before, sizeof(before), "%s", mr_errmsg());
	errno = 4242;
	mr_memcpy_io(b, a, sizeof(a));
	assert_int_equal(errno, 4242);
	assert_string_equal(mr_errmsg(), before);
	assert_string_equal(b, "abc");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),	     cmocka_unit_test(test_choice_table),
		cmocka_unit_test(test_bounce),	     cmocka_unit_test(test_no_trace),
		cmocka_unit_test(test_flush_wanted),
	};
	const struct CMUnitTest on_path[] = {
		cmocka_unit_test(test_copies_on_path),
	};
	int ret;

	if (argc == 3 && !strcmp(argv[1], "--path")) {
		path_name = argv[2];
		ret = path_usable(path_name);
		if (ret)
			return ret;
		return cmocka_run_group_tests_name(path_name, on_path, setup, teardown);
	}
	if (argc != 1) {
		fprintf(stderr, "usage: test_io_memcpy_io [--path NAME]\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
