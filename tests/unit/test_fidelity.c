// SPDX-License-Identifier: MIT
/*
 * Kernel fidelity: replay what a real kernel answered (the .truth files of
 * tests/data/kernel-answers) on a sim machine built from the same /proc/iomem
 * and PAT list, and compare every answer. One disagreement fails the test
 * and prints the line.
 *
 * Size-0 memremap lines are outside our contract (we refuse size 0 on
 * purpose): each must be refused with EINVAL, and they are counted apart.
 */
#include <inttypes.h>

#include "mr_test.h"

#define ANSWERS MR_TEST_DATA "/kernel-answers/"

struct tally {
	unsigned long lines, agree, disagree, size0, ri_lines;
};

static const char *const result_names[] = {"null", "direct", "mapped"};

static int classify(void *p)
{
	struct mr_mapping_info info;

	if (!p)
		return 0;
	if (mr_mapping_info(p, &info))
		fail_msg("mr_mapping_info on a fresh mapping: %s", mr_errmsg());
	return info.direct ? 1 : 2;
}

static int result_index(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(s, result_names[i]))
			return i;
	return -1;
}

static void replay_memremap(const char *line, struct tally *t)
{
	unsigned long long off, size, flags;
	char result[16];
	int ri, want, got, gri;
	void *p;

	if (sscanf(line, "0x%llx 0x%llx 0x%llx ri=%d result=%15s", &off, &size, &flags, &ri,
		   result) != 5 ||
	    (want = result_index(result)) < 0)
		fail_msg("unreadable truth line: %s", line);
	gri = region_intersects(off, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE);
	errno = 0;
	p = memremap(off, size, flags);
	got = classify(p);
	if (size == 0) {
		t->size0++;
		if (p || errno != EINVAL)
			fail_msg("size 0 not refused with EINVAL: %s", line);
		if (gri != ri) {
			print_error("DISAGREE (ri): %s -> ri=%d\n", line, gri);
			t->disagree++;
		}
		return;
	}
	if (gri == ri && got == want) {
		t->agree++;
	} else {
		print_error("DISAGREE: %s -> ri=%d result=%s (%s)\n", line, gri, result_names[got],
			    got ? "" : mr_errmsg());
		t->disagree++;
	}
	memunmap(p);
}

static void replay_ri(const char *line, struct tally *t)
{
	unsigned long long off, size, flags, desc;
	int ri, got;

	if (sscanf(line, "ri 0x%llx 0x%llx 0x%llx 0x%llx ri=%d", &off, &size, &flags, &desc, &ri) !=
	    5)
		fail_msg("unreadable truth line: %s", line);
	t->ri_lines++;
	got = region_intersects(off, size, flags, desc);
	if (got == ri) {
		t->agree++;
		return;
	}
	print_error("DISAGREE: %s -> ri=%d\n", line, got);
	t->disagree++;
}

static void replay(const char *name, const char *phys_bits)
{
	char path[512], spec[1200], line[256];
	struct tally t = {0};
	struct mr_machine *m;
	FILE *f;

	snprintf(spec, sizeof(spec), "sim:%s%s.iomem,pat=%s%s.pat,phys-bits=%s", ANSWERS, name,
		 ANSWERS, name, phys_bits);
	m = mr_test_machine(spec);
	snprintf(path, sizeof(path), "%s%s.truth", ANSWERS, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		t.lines++;
		if (!strncmp(line, "ri ", 3))
			replay_ri(line, &t);
		else
			replay_memremap(line, &t);
		assert_int_equal(mr_machine_mappings(m), 0);
	}
	fclose(f);
	print_message("%s: %lu lines, %lu agree, %lu disagree, %lu size-0 lines refused apart "
		      "(%lu region_intersects-only lines)\n",
		      name, t.lines, t.agree, t.disagree, t.size0, t.ri_lines);
	assert_true(t.lines > 0);
	assert_int_equal(t.disagree, 0);
	assert_int_equal(t.agree + t.size0, t.lines);
	mr_test_machine_done(m);
}

static void test_pc_1g(void **state)
{
	(void)state;
	replay("pc-1g", "40");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pc_1g),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
