// SPDX-License-Identifier: MIT
/* The memory-type tracker on its own: reservations, the pairs, the PAT text. */
#include "mr_test.h"
#include "mr_memtype.h"

static void test_allowed_pairs(void **state)
{
	static const unsigned long t[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};
	/* allowed[requested][existing], from x86's is_new_memtype_allowed(). */
	static const bool allowed[4][4] = {
		{true, true, true, true},   /* WB over anything: takes it */
		{false, true, false, true}, /* WT: not over WB or WC */
		{false, true, true, true},  /* WC: not over WB */
		{false, true, true, true},  /* UC-: not over WB */
	};
	int i, j;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			assert_int_equal(mr__memtype_allowed(t[i], t[j]), allowed[i][j]);
}

static void test_reserve_free(void **state)
{
	struct mr__memtype mt;
	unsigned long got;
	int a, b, c;

	(void)state;
	mr__memtype_init(&mt);
	assert_int_equal(mr__memtype_reserve(&mt, 0x1000, 0x3000, MEMREMAP_WC, &got, &a, NULL, 0),
			 0);
	assert_int_equal(got, MEMREMAP_WC);
	/* Overlapping at the end: inherits WC. */
	assert_int_equal(mr__memtype_reserve(&mt, 0x2000, 0x5000, MEMREMAP_DEV, &got, &b, NULL, 0),
			 0);
	assert_int_equal(got, MEMREMAP_WC);
	/* Touching, not overlapping: its own type. */
	assert_int_equal(mr__memtype_reserve(&mt, 0x5000, 0x6000, MEMREMAP_WB, &got, &c, NULL, 0),
			 0);
	assert_int_equal(got, MEMREMAP_WB);
	/* Spanning WC and WB entries: conflicting. */
	assert_int_equal(mr__memtype_check(&mt, 0x4000, 0x6000, MEMREMAP_WC, &got, NULL, 0),
			 -EAGAIN);
	assert_non_null(mr__memtype_lookup(&mt, 0x2fff, 0x3000));
	assert_null(mr__memtype_lookup(&mt, 0x6000, 0x7000));
	assert_null(mr__memtype_lookup(&mt, 0x0, 0x1000));
	/* A dry run records nothing. */
	assert_int_equal(mr__memtype_check(&mt, 0x8000, 0x9000, MEMREMAP_WB, &got, NULL, 0), 0);
	assert_int_equal(mt.n, 3);
	mr__memtype_free(&mt, 0x2000, 0x5000, &b);
	mr__memtype_free(&mt, 0x1000, 0x3000, &a);
	mr__memtype_free(&mt, 0x5000, 0x6000, &c);
	assert_int_equal(mt.n, 0);
	mr__memtype_destroy(&mt);
}

/* Many entries: a long one far below is still found. */
static void test_long_entry_found(void **state)
{
	struct mr__memtype mt;
	unsigned long got;
	uint64_t i;
	int owner;

	(void)state;
	mr__memtype_init(&mt);
	assert_int_equal(
		mr__memtype_reserve(&mt, 0, 0x100000000ULL, MEMREMAP_WC, &got, &owner, NULL, 0), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(mr__memtype_reserve(&mt, 0x1000 * i, 0x1000 * i + 0x1000,
						     MEMREMAP_WC, &got, &owner, NULL, 0),
				 0);
	assert_int_equal(
		mr__memtype_check(&mt, 0xf0000000ULL, 0xf0001000ULL, MEMREMAP_WT, &got, NULL, 0),
		-EAGAIN);
	mr__memtype_destroy(&mt);
}

static void test_pat_text(void **state)
{
	static const char good[] =
		"PAT memtype list:\n"
		"PAT: [mem 0x000000003ffe0000-0x000000003ffe2000] write-back\n"
		"PAT: [mem 0x00000000fed00000-0x00000000fed01000] uncached-minus\n"
		"\n";
	static const struct {
		const char *text;
		int line;
	} bad[] = {
		{"PAT: [mem 0x1000-0x2000] write-sideways\n", 1},
		{"PAT memtype list:\nPAT: [mem 0x2000-0x1000] write-back\n", 2},
		{"PAT memtype list:\nPAT: [mem 0xzz-0x1000] write-back\n", 2},
		{"garbage\n", 1},
		{"PAT: [mem 0x1000-0x2000] write-back trailing\n", 1},
		/* What sscanf("%llx") let through: signs, a second 0x, blanks, overflow, suffixes.
		 */
		{"PAT: [mem 0x-1000-0x2000] write-back\n", 1},
		{"PAT: [mem 0x+1000-0x2000] write-back\n", 1},
		{"PAT: [mem 0x0x1000-0x2000] write-back\n", 1},
		{"PAT: [mem 0x 1000-0x2000] write-back\n", 1},
		{"PAT: [mem 0x1000-0x2000 ] write-back\n", 1},
		{"PAT: [mem 0x1000-0x10000000000000000] write-back\n", 1},
		{"PAT: [mem 0x1000-0x2K] write-back\n", 1},
		{"PAT: [mem 1000-0x2000] write-back\n", 1},
		{"PAT: [mem 0x-0x2000] write-back\n", 1},
	};
	/* An error names the line, never its text: the file may not be ours to show. */
	static const char secret[] = "root:$6$secret:19000:0:99999:7:::\n";
	static const char crlf[] = "PAT: [mem 0x1000-0x2000] write-back\r\n";
	struct mr__memtype mt;
	unsigned long type;
	char who[160], want[16];
	size_t i;

	(void)state;
	mr__memtype_init(&mt);
	assert_int_equal(mr__memtype_load_pat(&mt, good, sizeof(good) - 1), 0);
	assert_int_equal(mt.n, 2);
	assert_int_equal(
		mr__memtype_describe_range(&mt, 0x3ffe1000, 0x3ffe2000, &type, who, sizeof(who)),
		1);
	assert_int_equal(type, MEMREMAP_WB);
	assert_non_null(strstr(who, "0x000000003ffe0000-0x000000003ffe2000] write-back"));
	mr__memtype_destroy(&mt);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mr__memtype_init(&mt);
		assert_int_equal(mr__memtype_load_pat(&mt, bad[i].text, strlen(bad[i].text)),
				 -EINVAL);
		snprintf(want, sizeof(want), "line %d", bad[i].line);
		if (!strstr(mr_errmsg(), want))
			fail_msg("'%s': %s", bad[i].text, mr_errmsg());
		mr__memtype_destroy(&mt);
	}
	mr__memtype_init(&mt);
	assert_int_equal(mr__memtype_load_pat(&mt, secret, sizeof(secret) - 1), -EINVAL);
	assert_null(strstr(mr_errmsg(), "secret"));
	assert_null(strstr(mr_errmsg(), "root"));
	mr__memtype_destroy(&mt);
	/* CRLF lines are fine, as before. */
	mr__memtype_init(&mt);
	assert_int_equal(mr__memtype_load_pat(&mt, crlf, strlen(crlf)), 0);
	assert_int_equal(mt.n, 1);
	mr__memtype_destroy(&mt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_pairs),
		cmocka_unit_test(test_reserve_free),
		cmocka_unit_test(test_long_entry_found),
		cmocka_unit_test(test_pat_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
