// SPDX-License-Identifier: MIT
/*
 * Kernel fidelity: replay what a real kernel answered (the .truth files of
 * tests/data/kernel-answers) on a sim machine built from the same /proc/iomem
 * and compare every answer. One disagreement fails the test and prints the
 * line. The machine is told what the kernel had (docs in the folder's
 * README): its architecture and address width from NAME.info, the cache
 * types the kernel held from NAME.pat (x86), its memblock memory from
 * NAME.memblock (arm64).
 *
 * Every machine in the folder is replayed, and every machine in the folders
 * that $MR_KERNEL_ANSWERS lists (colon-separated), so that answers kept
 * outside the repository are held to the same rules.
 *
 * Size-0 memremap lines are outside our contract (we refuse size 0 on
 * purpose): each must be refused with EINVAL, and they are counted apart.
 */
#include <dirent.h>
#include <inttypes.h>

#include "mr_test.h"

#define ANSWERS MR_TEST_DATA "/kernel-answers"

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

/* The first line of @path that starts with @key, after @key; "" if none. */
static void info_value(const char *path, const char *key, char *out, size_t len)
{
	char line[512];
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key))) {
			snprintf(out, len, "%s", line + strlen(key));
			break;
		}
	fclose(f);
}

static bool exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/*
 * The spec of machine @dir/@name: arm64 when its kernel was (its .info's
 * "Linux version" names an arm64 kernel), with the PHYS_MASK width of its
 * "phys mask:" line; else x86_64 with the CPU width of "address sizes".
 */
static void machine_spec(const char *dir, const char *name, char *spec, size_t len)
{
	char base[600], path[700], version[512], bits[512];
	unsigned int n = 0;
	size_t used;

	snprintf(base, sizeof(base), "%s/%s", dir, name);
	snprintf(path, sizeof(path), "%s.info", base);
	assert_true(exists(path));
	info_value(path, "Linux version ", version, sizeof(version));
	used = (size_t)snprintf(spec, len, "sim:%s.iomem", base);
	if (strstr(version, "-arm64 ") || strstr(version, "aarch64")) {
		info_value(path, "phys mask: ", bits, sizeof(bits));
		if (sscanf(bits, "%u", &n) != 1)
			n = 48;
		used += (size_t)snprintf(spec + used, len - used, ",arch=arm64,phys-bits=%u", n);
		snprintf(path, sizeof(path), "%s.memblock", base);
		if (exists(path))
			used += (size_t)snprintf(spec + used, len - used, ",memblock=%s", path);
	} else {
		info_value(path, "address sizes\t: ", bits, sizeof(bits));
		if (sscanf(bits, "%u", &n) != 1)
			fail_msg("%s.info: no 'address sizes' line", base);
		used += (size_t)snprintf(spec + used, len - used, ",phys-bits=%u", n);
		snprintf(path, sizeof(path), "%s.pat", base);
		if (exists(path))
			used += (size_t)snprintf(spec + used, len - used, ",pat=%s", path);
	}
	assert_true(used < len);
}

static void replay(const char *dir, const char *name)
{
	char path[700], spec[2200], line[256];
	struct tally t = {0};
	struct mr_machine *m;
	FILE *f;

	machine_spec(dir, name, spec, sizeof(spec));
	m = mr_test_machine(spec);
	snprintf(path, sizeof(path), "%s/%s.truth", dir, name);
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
	print_message("%s (%s): %lu lines, %lu agree, %lu disagree, %lu size-0 lines refused "
		      "apart (%lu region_intersects-only lines)\n",
		      name, mr_machine_arch(m), t.lines, t.agree, t.disagree, t.size0, t.ri_lines);
	assert_true(t.lines > 0);
	assert_int_equal(t.disagree, 0);
	assert_int_equal(t.agree + t.size0, t.lines);
	mr_test_machine_done(m);
}

static void test_pc_1g(void **state)
{
	(void)state;
	replay(ANSWERS, "pc-1g");
}

/* arm64's rules: pfn_is_map_memory, the page-rounded PHYS_MASK check, no PAT. */
static void test_arm64_virt_1g(void **state)
{
	struct mr_machine *m;
	char spec[2200];

	(void)state;
	machine_spec(ANSWERS, "arm64-virt-1g", spec, sizeof(spec));
	assert_non_null(strstr(spec, ",arch=arm64,phys-bits=48,memblock="));
	m = mr_test_machine(spec);
	assert_string_equal(mr_machine_arch(m), "arm64");
	mr_test_machine_done(m);
	replay(ANSWERS, "arm64-virt-1g");
}

/* Every NAME.truth in @dir; return how many. */
static unsigned int replay_dir(const char *dir)
{
	struct dirent **names;
	unsigned int machines = 0;
	int i, n = scandir(dir, &names, NULL, alphasort);

	if (n < 0)
		fail_msg("cannot read %s", dir);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		char name[256];

		if (len > 6 && len < sizeof(name) &&
		    !strcmp(names[i]->d_name + len - 6, ".truth")) {
			snprintf(name, sizeof(name), "%.*s", (int)(len - 6), names[i]->d_name);
			replay(dir, name);
			machines++;
		}
		free(names[i]);
	}
	free(names);
	return machines;
}

static void test_every_machine(void **state)
{
	const char *more = getenv("MR_KERNEL_ANSWERS");
	char dirs[4096], *dir, *save = NULL;

	(void)state;
	assert_true(replay_dir(ANSWERS) >= 2);
	if (!more || !*more)
		return;
	snprintf(dirs, sizeof(dirs), "%s", more);
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		print_message("%s: %u machines\n", dir, replay_dir(dir));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pc_1g),
		cmocka_unit_test(test_arm64_virt_1g),
		cmocka_unit_test(test_every_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
