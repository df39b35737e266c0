// SPDX-License-Identifier: MIT
/*
 * Whose kernel rules a sim machine follows (arch=x86_64|arm64): the same map
 * asked the same questions under each, where the answers differ — arm64's
 * one-page RAM check by memblock memory (and the alias of RAM it lets
 * through, warned about), its page-rounded PHYS_MASK check, its types (WT
 * is device memory) and attributes, no memory-type tracking — and the keys
 * that belong to one architecture only.
 */
#include <errno.h>
#include <sys/mman.h>

#include "mr_test.h"

/* An arm64 virt board: RAM in two blocks around a NOMAP carve-out. */
static const char map_text[] = "09000000-09000fff : pl011@9000000\n"
			       "  09000000-09000fff : 9000000.pl011 pl011@9000000\n"
			       "10000000-3efeffff : pcie@10000000\n"
			       "  10000000-1000ffff : 0000:00:02.0\n"
			       "40000000-7fffffff : System RAM\n"
			       "  40210000-4185ffff : Kernel code\n"
			       "  7ac00000-7fbfffff : reserved\n"
			       "80000000-8000ffff : reserved\n"
			       "80010000-bfffffff : System RAM\n"
			       "4010000000-401fffffff : PCI ECAM\n"
			       "8000000000-ffffffffff : pcie@10000000\n";

/* /sys/kernel/debug/memblock/memory of that board, as Linux 6.1 prints it. */
static const char memblock_61[] = "# memblock.memory\n"
				  "   0: 0x0000000040000000..0x000000007fffffff\n"
				  "   1: 0x0000000080000000..0x000000008000ffff\n"
				  "   2: 0x0000000080010000..0x00000000bfffffff\n"
				  "# memblock.reserved\n"
				  "   0: 0x0000000040210000..0x000000004220afff\n";

#define RAM   0x40000000ULL
#define NOMAP 0x80000000ULL
#define UART  0x09000000ULL
#define BAR   0x10000000ULL

static char dir[64], map_path[128], mb_path[128];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mr-rules-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(map_path, sizeof(map_path), "%s/virt.iomem", dir);
	snprintf(mb_path, sizeof(mb_path), "%s/virt.memblock", dir);
	write_file(map_path, map_text);
	write_file(mb_path, memblock_61);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(map_path);
	unlink(mb_path);
	rmdir(dir);
	return 0;
}

static struct mr_machine *open_sim(const char *extra)
{
	char spec[512];

	snprintf(spec, sizeof(spec), "sim:%s%s", map_path, extra);
	return mr_test_machine(spec);
}

/* Map, check type, attribute, whether direct and the note; return the pointer. */
static void *map_ok(uint64_t phys, size_t size, unsigned long flags, unsigned long type,
		    const char *attr, int direct, const char *note)
{
	struct mr_mapping_info info;
	void *p = memremap(phys, size, flags);

	if (!p)
		fail_msg("memremap(%#llx, %#zx, %#lx): %s", (unsigned long long)phys, size, flags,
			 mr_errmsg());
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_int_equal(info.type, type);
	assert_int_equal(info.direct, direct);
	assert_string_equal(mr_mapping_attr(p), attr);
	assert_string_equal(mr_memremap_attr(NULL, phys, size, flags), attr);
	if (note)
		assert_non_null(strstr(info.note, note));
	else
		assert_string_equal(info.note, "");
	return p;
}

static void refused(uint64_t phys, size_t size, unsigned long flags, int err, const char *why)
{
	struct mr_query q;

	errno = 0;
	assert_null(memremap(phys, size, flags));
	assert_int_equal(errno, err);
	if (why && !strstr(mr_errmsg(), why))
		fail_msg("'%s' not in '%s'", why, mr_errmsg());
	assert_int_equal(mr_memremap_query(NULL, phys, size, flags, &q), -err);
	errno = 0;
	assert_null(mr_memremap_attr(NULL, phys, size, flags));
	assert_int_equal(errno, err);
}

static void test_arch_key(void **state)
{
	struct mr_machine *m;
	char spec[512];

	(void)state;
	m = open_sim("");
	assert_string_equal(mr_machine_arch(m), "x86_64");
	mr_test_machine_done(m);
	m = open_sim(",arch=x86_64,phys-bits=40");
	assert_string_equal(mr_machine_arch(m), "x86_64");
	assert_int_equal(mr_machine_phys_bits(m), 40);
	mr_test_machine_done(m);
	/* arm64 checks its compile-time PHYS_MASK, not the CPU's width. */
	m = open_sim(",arch=arm64");
	assert_string_equal(mr_machine_arch(m), "arm64");
	assert_int_equal(mr_machine_phys_bits(m), 48);
	mr_test_machine_done(m);
	m = open_sim(",arch=arm64,phys-bits=52");
	assert_int_equal(mr_machine_phys_bits(m), 52);
	mr_test_machine_done(m);
	assert_string_equal(mr_machine_arch(NULL), "");

	m = NULL;
	assert_int_equal(mr_machine_open(&m, "sim,arch=aarch32"), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "x86_64, arm64"));
	assert_int_equal(mr_machine_open(&m, "sim,arch=arm64,arch=arm64"), -EINVAL);
	assert_int_equal(mr_machine_open(&m, "sim,arch="), -EINVAL);
	/* What belongs to the other architecture is refused, not ignored. */
	assert_int_equal(mr_machine_open(&m, "sim,arch=arm64,pat=/dev/null"), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "PAT"));
	assert_int_equal(mr_machine_open(&m, "sim,arch=arm64,encrypt"), -EINVAL);
	assert_int_equal(mr_machine_open(&m, "sim,arch=arm64,highmem=0x100000000"), -EINVAL);
	snprintf(spec, sizeof(spec), "sim:%s,memblock=%s", map_path, mb_path);
	assert_int_equal(mr_machine_open(&m, spec), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "arm64"));
	snprintf(spec, sizeof(spec), "sim:%s,arch=arm64,memblock=%s/none", map_path, dir);
	assert_int_equal(mr_machine_open(&m, spec), -ENOENT);
	snprintf(spec, sizeof(spec), "sim:%s,arch=arm64,memblock=%s", map_path, map_path);
	assert_int_equal(mr_machine_open(&m, spec), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "memblock line 1"));
	assert_null(m);
}

/* What each type becomes, and what the architecture calls it. */
static void test_types(void **state)
{
	struct mr_machine *m = open_sim(",arch=arm64");
	void *p;

	(void)state;
	p = map_ok(UART, 0x1000, MEMREMAP_WT, MEMREMAP_DEV, "Device-nGnRE", 0, "write-through");
	memunmap(p);
	p = map_ok(BAR, 0x1000, MEMREMAP_WC, MEMREMAP_WC, "Normal-NC", 0, NULL);
	memunmap(p);
	p = map_ok(BAR, 0x1000, MEMREMAP_DEV, MEMREMAP_DEV, "Device-nGnRE", 0, NULL);
	memunmap(p);
	/* WB over what is not RAM: normal cacheable memory. */
	p = map_ok(BAR, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	memunmap(p);
	p = map_ok(RAM + 0x10, 0x10, MEMREMAP_WB, MEMREMAP_WB, "Normal", 1, NULL);
	memunmap(p);
	mr_test_machine_done(m);

	m = open_sim("");
	p = map_ok(UART, 0x1000, MEMREMAP_WT, MEMREMAP_WT, "WT", 0, NULL);
	memunmap(p);
	p = map_ok(BAR, 0x1000, MEMREMAP_DEV, MEMREMAP_DEV, "UC-", 0, NULL);
	memunmap(p);
	p = map_ok(RAM, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "WB", 1, NULL);
	memunmap(p);
	mr_test_machine_done(m);

	errno = 0;
	assert_null(mr_mapping_attr(NULL));
	assert_int_equal(errno, EINVAL);
	assert_null(mr_mapping_attr(&errno));
	assert_int_equal(errno, ENOENT);
}

/* arm64 tracks no cache types: nothing is inherited, nothing refused. */
static void test_no_memtype(void **state)
{
	struct mr_machine *m = open_sim(",arch=arm64");
	unsigned long type = 0;
	void *wc, *wb;

	(void)state;
	wc = map_ok(BAR, 0x2000, MEMREMAP_WC, MEMREMAP_WC, "Normal-NC", 0, NULL);
	wb = map_ok(BAR + 0x1000, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	assert_int_equal(mr_machine_memtype(m, BAR, 0x2000, &type, NULL, 0), 0);
	memunmap(wb);
	memunmap(wc);
	mr_test_machine_done(m);

	/* x86's PAT: WB over WC inherits WC, WT over WC is refused. */
	m = open_sim("");
	wc = map_ok(BAR, 0x2000, MEMREMAP_WC, MEMREMAP_WC, "WC", 0, NULL);
	wb = map_ok(BAR + 0x1000, 0x1000, MEMREMAP_WB, MEMREMAP_WC, "WC", 0, "inherited");
	refused(BAR + 0x1000, 0x1000, MEMREMAP_WT, EAGAIN, "would alias");
	memunmap(wb);
	memunmap(wc);
	wb = map_ok(BAR, 0x1000, MEMREMAP_DEV, MEMREMAP_DEV, "UC-", 0, NULL);
	wc = map_ok(BAR, 0x1000, MEMREMAP_WC, MEMREMAP_DEV, "UC-", 0, "inherited");
	memunmap(wc);
	memunmap(wb);
	mr_test_machine_done(m);
}

/* arm64: the last byte of the whole pages against PHYS_MASK; x86: the start. */
static void test_phys_mask(void **state)
{
	struct mr_machine *m = open_sim(",arch=arm64");
	void *p;

	(void)state;
	p = map_ok(1ULL << 40, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	memunmap(p);
	p = map_ok(0xfffffffff000ULL, 0x1000, MEMREMAP_DEV, MEMREMAP_DEV, "Device-nGnRE", 0, NULL);
	memunmap(p);
	/* The start fits, the last byte's page does not. */
	refused(0xffffffffff00ULL, 0x101, MEMREMAP_DEV, ERANGE, "48-bit PHYS_MASK");
	refused(1ULL << 48, 0x1000, MEMREMAP_WB, ERANGE, "PHYS_MASK");
	mr_test_machine_done(m);

	m = open_sim(",phys-bits=40");
	refused(1ULL << 40, 0x1000, MEMREMAP_WB, ERANGE, "40-bit");
	p = map_ok((1ULL << 40) - 0x1000, 0x2000, MEMREMAP_DEV, MEMREMAP_DEV, "UC-", 0, NULL);
	memunmap(p);
	mr_test_machine_done(m);
}

/*
 * Write-back from a hole into RAM: arm64 checks the first page only and maps
 * a second, cacheable alias of kernel RAM. Faithful, with a note and a
 * warning; x86 refuses it.
 */
static void test_alias_of_ram(void **state)
{
	struct mr_machine *m = open_sim(",arch=arm64");
	struct mr_test_log log;
	unsigned char *alias, *direct;
	struct mr_query q;

	(void)state;
	mr_test_log_start(&log);
	assert_int_equal(mr_memremap_query(NULL, RAM - 0x1000, 0x2000, MEMREMAP_WB, &q), 0);
	assert_non_null(strstr(q.why, "alias of kernel RAM"));
	assert_int_equal(log.count, 0);
	alias = map_ok(RAM - 0x1000, 0x2000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0,
		       "a cacheable alias of kernel RAM");
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "alias of kernel RAM"));
	direct = map_ok(RAM, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 1, NULL);
	alias[0x1000] = 0x5a;
	assert_int_equal(direct[0], 0x5a);
	memunmap(direct);
	memunmap(alias);
	alias = memremap(RAM - 0x1000, 0x2000, MEMREMAP_WB);
	assert_non_null(alias);
	assert_int_equal(log.count, 1); /* once, as WARN_ONCE */
	memunmap(alias);
	/* Only WB may alias RAM: the others are refused as the kernel refuses them. */
	refused(RAM - 0x1000, 0x2000, MEMREMAP_WC, EPERM, "System RAM");
	mr_test_log_stop();
	mr_test_machine_done(m);

	m = open_sim("");
	refused(RAM - 0x1000, 0x2000, MEMREMAP_WB, EPERM, "ioremap refuses System RAM");
	mr_test_machine_done(m);
}

/*
 * RAM that runs past the end of the sim's direct map: the kernel's linear
 * map runs on, and a mapping of its own stands for it, described as the
 * direct map and seeing the same memory.
 */
static void test_linear_beyond_window(void **state)
{
	struct mr_machine *m = open_sim(",arch=arm64");
	unsigned char *p, *direct;
	struct mr_mapping_info info;
	struct mr_query q;

	(void)state;
	assert_int_equal(mr_memremap_query(NULL, 0xbffff000ULL, 0x2000, MEMREMAP_WB, &q), 0);
	assert_true(q.direct);
	assert_string_equal(q.how, "direct map");
	p = map_ok(0xbffff000ULL, 0x2000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 1, NULL);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_string_equal(info.how, "direct map");
	assert_int_equal(mr_machine_mappings(m), 1);
	direct = memremap(0xbffff000ULL, 0x1000, MEMREMAP_WB);
	assert_non_null(direct);
	assert_int_equal(mr_machine_mappings(m), 1);
	p[0x10] = 0xa5;
	assert_int_equal(direct[0x10], 0xa5);
	memunmap(direct);
	memunmap(p);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_test_machine_done(m);
}

/*
 * NOMAP memory (the top-level "reserved") is not kernel memory: WB there is
 * a Normal mapping of its own, whether memblock says so (Linux 6.1 prints no
 * flags: the map tells) or the map alone does. A memblock that marks it
 * mapped (Linux 6.5's flags) makes it kernel memory: the linear map for WB,
 * and ioremap's WARN for the others.
 */
static void test_nomap(void **state)
{
	char extra[256];
	struct mr_machine *m;
	struct mr_test_log log;
	void *p;

	(void)state;
	snprintf(extra, sizeof(extra), ",arch=arm64,memblock=%s", mb_path);
	m = open_sim(extra);
	p = map_ok(NOMAP, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	memunmap(p);
	p = map_ok(NOMAP + 0x1000, 0x1000, MEMREMAP_WT, MEMREMAP_DEV, "Device-nGnRE", 0,
		   "write-through");
	memunmap(p);
	p = map_ok(NOMAP + 0x10000, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 1, NULL);
	memunmap(p);
	mr_test_machine_done(m);

	m = open_sim(",arch=arm64");
	p = map_ok(NOMAP, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	memunmap(p);
	mr_test_machine_done(m);

	write_file(mb_path, "   0: 0x0000000040000000..0x000000007fffffff    0 NONE\n"
			    "   1: 0x0000000080000000..0x000000008000ffff    x NONE\n"
			    "   2: 0x0000000080010000..0x00000000bfffffff    0 NONE\n");
	m = open_sim(extra);
	p = map_ok(NOMAP, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 1, NULL);
	memunmap(p);
	mr_test_log_start(&log);
	refused(NOMAP, 0x1000, MEMREMAP_WT, EPERM, "pfn_is_map_memory");
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "ioremap"));
	mr_test_log_stop();
	mr_test_machine_done(m);

	write_file(mb_path, "   0: 0x0000000040000000..0x000000007fffffff    0 NONE\n"
			    "   1: 0x0000000080000000..0x000000008000ffff    0 NOMAP\n");
	m = open_sim(extra);
	p = map_ok(NOMAP, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0, NULL);
	memunmap(p);
	/* RAM the map shows but memblock does not have is not kernel memory. */
	p = map_ok(NOMAP + 0x10000, 0x1000, MEMREMAP_WB, MEMREMAP_WB, "Normal", 0,
		   "alias of kernel RAM");
	memunmap(p);
	mr_test_machine_done(m);
	write_file(mb_path, memblock_61);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arch_key),     cmocka_unit_test(test_types),
		cmocka_unit_test(test_no_memtype),   cmocka_unit_test(test_phys_mask),
		cmocka_unit_test(test_alias_of_ram), cmocka_unit_test(test_linear_beyond_window),
		cmocka_unit_test(test_nomap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
