// SPDX-License-Identifier: MIT
/*
 * The memremap() contract on the simulated machine: every branch of the
 * kernel's decision order, the memory-type rules, memunmap() of odd
 * pointers, and mr_memremap_query() agreeing with what memremap() does.
 */
#include <errno.h>

#include "mr_test.h"

enum expect { DIRECT, MAPPED, FAILS };

struct remap_case {
	const char *name;
	const char *spec;
	uint64_t offset;
	size_t size;
	unsigned long flags;
	enum expect expect;
	int err;	    /* errno when it fails */
	unsigned long type; /* type obtained when it maps */
	int ri;		    /* region_intersects for System RAM */
	int warns;	    /* warnings logged */
};

#define RAM   0x100000ULL
#define REGS  0xfe000000ULL
#define FB    0xe0000000ULL
#define ACPI  0x7ff00000ULL
#define HOLE  0x150000000ULL
#define RAMHI 0x100000000ULL

static const struct remap_case cases[] = {
	{"size 0", "sim", RAM, 0, MEMREMAP_WB, FAILS, EINVAL, 0, -1, 0},
	{"wrap-around", "sim", 0xfffffffffffff000ULL, 0x2000, MEMREMAP_WB, FAILS, EINVAL, 0, -1, 0},
	{"flags 0", "sim", REGS, 0x1000, 0, FAILS, EINVAL, 0, REGION_DISJOINT, 0},
	{"unknown bit", "sim", REGS, 0x1000, MEMREMAP_WB | (1UL << 7), FAILS, EINVAL, 0,
	 REGION_DISJOINT, 0},
	{"unknown high bit", "sim", REGS, 0x1000, MEMREMAP_WT | (1UL << 40), FAILS, EINVAL, 0,
	 REGION_DISJOINT, 0},
	{"RAM WB direct", "sim", RAM, 0x1000, MEMREMAP_WB, DIRECT, 0, MEMREMAP_WB,
	 REGION_INTERSECTS, 0},
	{"RAM WB unaligned direct", "sim", RAM + 0x123, 0x10, MEMREMAP_WB, DIRECT, 0, MEMREMAP_WB,
	 REGION_INTERSECTS, 0},
	{"RAM WB|WT direct", "sim", RAM, 0x1000, MEMREMAP_WB | MEMREMAP_WT, DIRECT, 0, MEMREMAP_WB,
	 REGION_INTERSECTS, 0},
	{"RAM WB|ENC direct", "sim", RAM, 0x1000, MEMREMAP_WB | MEMREMAP_ENC, DIRECT, 0,
	 MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM WB|DEC, no encryption: direct", "sim", RAM, 0x1000, MEMREMAP_WB | MEMREMAP_DEC,
	 DIRECT, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM WB|DEC with encryption: new mapping", "sim,encrypt", RAM, 0x1000,
	 MEMREMAP_WB | MEMREMAP_DEC, MAPPED, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM WB|ENC with encryption: direct", "sim,encrypt", RAM, 0x1000,
	 MEMREMAP_WB | MEMREMAP_ENC, DIRECT, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM WB|WT|DEC with encryption: WB mapping", "sim,encrypt", RAM, 0x1000,
	 MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_DEC, MAPPED, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"high memory WB: new mapping", "sim,highmem=0x100000000", RAMHI, 0x1000, MEMREMAP_WB,
	 MAPPED, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"low memory with highmem set: direct", "sim,highmem=0x100000000", RAM, 0x1000, MEMREMAP_WB,
	 DIRECT, 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM WT refused", "sim", RAM, 0x1000, MEMREMAP_WT, FAILS, EPERM, 0, REGION_INTERSECTS, 1},
	{"RAM WC refused", "sim", RAM, 0x1000, MEMREMAP_WC, FAILS, EPERM, 0, REGION_INTERSECTS, 1},
	{"RAM DEV refused", "sim", RAM, 0x1000, MEMREMAP_DEV, FAILS, EPERM, 0, REGION_INTERSECTS,
	 1},
	{"RAM DEC alone refused", "sim", RAM, 0x1000, MEMREMAP_DEC, FAILS, EPERM, 0,
	 REGION_INTERSECTS, 1},
	{"mixed RAM and ACPI refused", "sim", ACPI - 0x1000, 0x2000, MEMREMAP_WB, FAILS, EINVAL, 0,
	 REGION_MIXED, 1},
	{"mixed refused for WC too", "sim", ACPI - 0x1000, 0x2000, MEMREMAP_WC, FAILS, EINVAL, 0,
	 REGION_MIXED, 1},
	{"RAM and hole is RAM: direct", "sim", 0x13ffff000ULL, 0x2000, MEMREMAP_WB, DIRECT, 0,
	 MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"RAM and hole WT refused as RAM", "sim", 0x13ffff000ULL, 0x2000, MEMREMAP_WT, FAILS, EPERM,
	 0, REGION_INTERSECTS, 1},
	{"hole then RAM, no valid page frame: ioremap refuses RAM", "sim", 0x15ffff000ULL, 0x2000,
	 MEMREMAP_WB, FAILS, EPERM, 0, REGION_INTERSECTS, 1},
	{"hole then part of a RAM page: mapped", "sim", 0x15ffff800ULL, 0x1000, MEMREMAP_WB, MAPPED,
	 0, MEMREMAP_WB, REGION_INTERSECTS, 0},
	{"hole WB mapped", "sim", HOLE, 0x1000, MEMREMAP_WB, MAPPED, 0, MEMREMAP_WB,
	 REGION_DISJOINT, 0},
	{"device WB", "sim", REGS, 0x1000, MEMREMAP_WB, MAPPED, 0, MEMREMAP_WB, REGION_DISJOINT, 0},
	{"device WT", "sim", REGS, 0x1000, MEMREMAP_WT, MAPPED, 0, MEMREMAP_WT, REGION_DISJOINT, 0},
	{"device WC", "sim", FB, 0x1000000, MEMREMAP_WC, MAPPED, 0, MEMREMAP_WC, REGION_DISJOINT,
	 0},
	{"device DEV", "sim", REGS, 0x1000, MEMREMAP_DEV, MAPPED, 0, MEMREMAP_DEV, REGION_DISJOINT,
	 0},
	{"device WT|WC takes WT", "sim", REGS, 0x1000, MEMREMAP_WT | MEMREMAP_WC, MAPPED, 0,
	 MEMREMAP_WT, REGION_DISJOINT, 0},
	{"device WC|DEV takes WC", "sim", REGS, 0x1000, MEMREMAP_WC | MEMREMAP_DEV, MAPPED, 0,
	 MEMREMAP_WC, REGION_DISJOINT, 0},
	{"device unaligned", "sim", REGS + 0x10, 0x20, MEMREMAP_WT, MAPPED, 0, MEMREMAP_WT,
	 REGION_DISJOINT, 0},
	{"ENC alone on a device", "sim", REGS, 0x1000, MEMREMAP_ENC, FAILS, EINVAL, 0,
	 REGION_DISJOINT, 0},
	{"DEC alone on a device", "sim", REGS, 0x1000, MEMREMAP_DEC, FAILS, EINVAL, 0,
	 REGION_DISJOINT, 0},
	{"WT|ENC on a device", "sim", REGS, 0x1000, MEMREMAP_WT | MEMREMAP_ENC, MAPPED, 0,
	 MEMREMAP_WT, REGION_DISJOINT, 0},
	{"EXCLUSIVE alone", "sim", REGS, 0x1000, MEMREMAP_EXCLUSIVE, FAILS, EINVAL, 0,
	 REGION_DISJOINT, 0},
	{"EXCLUSIVE on busy System RAM", "sim", RAM, 0x1000, MEMREMAP_WB | MEMREMAP_EXCLUSIVE,
	 FAILS, EBUSY, 0, REGION_INTERSECTS, 0},
	{"EXCLUSIVE on a free BAR", "sim", REGS, 0x1000, MEMREMAP_WT | MEMREMAP_EXCLUSIVE, MAPPED,
	 0, MEMREMAP_WT, REGION_DISJOINT, 0},
	{"EXCLUSIVE across two BARs", "sim", FB, 0x1f000000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE,
	 FAILS, EBUSY, 0, REGION_DISJOINT, 0},
	{"beyond 40 physical bits", "sim,phys-bits=40", 0x10000000000ULL, 0x1000, MEMREMAP_WB,
	 FAILS, ERANGE, 0, REGION_DISJOINT, 1},
	{"start below 40 bits, end above", "sim,phys-bits=40", 0xfffffff000ULL, 0x2000, MEMREMAP_WC,
	 MAPPED, 0, MEMREMAP_WC, REGION_DISJOINT, 0},
	{"ISA range WC", "sim", 0xa0000, 0x1000, MEMREMAP_WC, MAPPED, 0, MEMREMAP_WC,
	 REGION_DISJOINT, 0},
};

static void check_case(const struct remap_case *c)
{
	struct mr_machine *m = mr_test_machine(c->spec);
	struct mr_mapping_info info;
	struct mr_test_log log;
	struct mr_query q;
	void *p;
	int ret;

	print_message("case: %s\n", c->name);
	mr_test_log_start(&log);
	if (c->ri >= 0)
		assert_int_equal(region_intersects(c->offset, c->size, IORESOURCE_SYSTEM_RAM,
						   IORES_DESC_NONE),
				 c->ri);
	ret = mr_memremap_query(NULL, c->offset, c->size, c->flags, &q);
	assert_int_equal(log.count, 0); /* a query warns about nothing */
	errno = 0;
	p = memremap(c->offset, c->size, c->flags);
	if (c->expect == FAILS) {
		assert_null(p);
		assert_int_equal(errno, c->err);
		assert_true(mr_errmsg()[0]);
		assert_int_equal(ret, -c->err);
		assert_int_equal(mr_machine_mappings(m), 0);
	} else {
		assert_non_null(p);
		assert_int_equal(ret, 0);
		assert_int_equal(mr_mapping_info(p, &info), 0);
		assert_int_equal(info.direct, c->expect == DIRECT);
		assert_int_equal(q.direct, c->expect == DIRECT);
		assert_int_equal(info.type, c->type);
		assert_int_equal(q.type, c->type);
		assert_string_equal(info.how, q.how);
		assert_int_equal(info.phys, c->offset);
		assert_int_equal(mr_machine_mappings(m), c->expect == MAPPED);
		if (c->expect == MAPPED) {
			assert_int_equal(info.size, c->size);
			assert_int_equal(info.flags, c->flags);
			assert_int_equal((uintptr_t)p & (MR_PAGE_SIZE - 1),
					 c->offset & (MR_PAGE_SIZE - 1));
			assert_int_equal(info.exclusive, !!(c->flags & MEMREMAP_EXCLUSIVE));
		}
		/* The pointer works: write through it and read back. */
		memset(p, 0x5a, c->size < 64 ? c->size : 64);
		assert_int_equal(((volatile unsigned char *)p)[0], 0x5a);
		memunmap(p);
		assert_int_equal(mr_machine_mappings(m), 0);
	}
	if (c->ri >= 0)
		assert_int_equal(q.ri, c->ri);
	assert_int_equal(log.count, c->warns);
	mr_test_log_stop();
	mr_test_machine_done(m);
}

static void test_decision_order(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

/* WARN_ONCE: the second refusal is silent, but still refused. */
static void test_warn_once(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_test_log log;

	(void)state;
	mr_test_log_start(&log);
	assert_null(memremap(RAM, 0x1000, MEMREMAP_WT));
	assert_null(memremap(RAM, 0x1000, MEMREMAP_WC));
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "memremap attempted on ram"));
	assert_null(memremap(ACPI - 0x1000, 0x2000, MEMREMAP_WB));
	assert_null(memremap(ACPI - 0x1000, 0x2000, MEMREMAP_WB));
	assert_int_equal(log.count, 2);
	assert_non_null(strstr(log.last, "memremap attempted on mixed range"));
	mr_test_log_stop();
	mr_test_machine_done(m);
}

/*
 * Memory types: the existing mapping's type is inherited unless the pair is
 * one x86 refuses (requested over existing: UC-/WC/WT over WB, WT over WC).
 */
static void test_memtype_pairs(void **state)
{
	static const unsigned long types[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_mapping_info info;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 4; j++) {
			unsigned long have = types[i], want = types[j];
			bool refused = (have == MEMREMAP_WB && want != MEMREMAP_WB) ||
				       (have == MEMREMAP_WC && want == MEMREMAP_WT);
			void *a = memremap(FB, 0x2000, have);
			void *b;

			print_message("have %s, want %s\n", mr_type_name(have), mr_type_name(want));
			assert_non_null(a);
			errno = 0;
			b = memremap(FB + 0x1000, 0x2000, want);
			if (refused) {
				assert_null(b);
				assert_int_equal(errno, EAGAIN);
				assert_non_null(strstr(mr_errmsg(), "refused"));
			} else {
				assert_non_null(b);
				assert_int_equal(mr_mapping_info(b, &info), 0);
				assert_int_equal(info.type, have);
				if (have != want)
					assert_non_null(strstr(info.note,
							       "inherited from a live "
							       "mapping of [mem 0xe0000000-"
							       "0xe0001fff]"));
				memunmap(b);
			}
			memunmap(a);
		}
	}
	mr_test_machine_done(m);
}

/* A refused type falls through to the next one asked for. */
static void test_memtype_fallthrough(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_mapping_info info;
	void *a, *b;

	(void)state;
	a = memremap(FB, 0x1000, MEMREMAP_WC);
	assert_non_null(a);
	b = memremap(FB, 0x1000, MEMREMAP_WT | MEMREMAP_WC);
	assert_non_null(b);
	assert_int_equal(mr_mapping_info(b, &info), 0);
	assert_int_equal(info.type, MEMREMAP_WC);
	memunmap(b);
	memunmap(a);
	mr_test_machine_done(m);
}

/* Two reservations of different types under one range: conflicting. */
static void test_memtype_conflicting_entries(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	void *a, *b;

	(void)state;
	a = memremap(FB, 0x1000, MEMREMAP_WC);
	b = memremap(FB + 0x1000, 0x1000, MEMREMAP_DEV);
	assert_non_null(a);
	assert_non_null(b);
	assert_errno(memremap(FB, 0x2000, MEMREMAP_DEV) == NULL, EAGAIN);
	assert_non_null(strstr(mr_errmsg(), "conflicting"));
	memunmap(a);
	memunmap(b);
	/* Once both are gone the range is free for anything. */
	a = memremap(FB, 0x2000, MEMREMAP_WB);
	assert_non_null(a);
	memunmap(a);
	mr_test_machine_done(m);
}

/* The ISA range is not tracked: any types may coexist there. */
static void test_memtype_isa_untracked(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	void *a, *b;

	(void)state;
	a = memremap(0xa0000, 0x1000, MEMREMAP_WB);
	b = memremap(0xa0000, 0x1000, MEMREMAP_WC);
	assert_non_null(a);
	assert_non_null(b);
	memunmap(a);
	memunmap(b);
	mr_test_machine_done(m);
}

static void test_exclusive(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_query q;
	void *a, *b;

	(void)state;
	a = memremap(FB, 0x100000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE);
	assert_non_null(a);
	/* A second exclusive claim, and a driver's claim, are refused... */
	assert_errno(memremap(FB + 0x1000, 0x1000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE) == NULL,
		     EBUSY);
	assert_non_null(strstr(mr_errmsg(), "memremap"));
	assert_int_equal(mr_memremap_query(NULL, FB, 0x1000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE, &q),
			 -EBUSY);
	assert_null(request_mem_region(FB, 0x1000, "fb-driver"));
	assert_true(iomem_is_exclusive(FB));
	/* ...but a plain mapping of the same range is not. */
	b = memremap(FB, 0x1000, MEMREMAP_WC);
	assert_non_null(b);
	memunmap(b);
	memunmap(a);
	assert_false(iomem_is_exclusive(FB));
	/* The claim went with the mapping. */
	a = memremap(FB, 0x100000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE);
	assert_non_null(a);
	memunmap(a);
	mr_test_machine_done(m);
}

static void test_unmap_odd_pointers(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_test_log log;
	static char not_mapped[64];
	char *p, *direct;

	(void)state;
	mr_test_log_start(&log);
	memunmap(NULL);
	direct = memremap(RAM, 0x1000, MEMREMAP_WB);
	assert_non_null(direct);
	memunmap(direct);
	memunmap(direct + 8);
	assert_int_equal(log.count, 0);

	p = memremap(REGS, 0x1000, MEMREMAP_WT);
	assert_non_null(p);
	memunmap(p + 16);
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "inside the mapping"));
	assert_int_equal(mr_machine_mappings(m), 1);
	p[0] = 1; /* still mapped */

	memunmap(not_mapped);
	memunmap(not_mapped + 1);
	assert_int_equal(log.count, 2); /* once */
	assert_non_null(strstr(log.last, "not mapped by memremap"));
	memunmap(p);
	/* A double unmap is an unknown pointer now, not a crash. */
	errno = 0;
	memunmap(p);
	assert_int_equal(errno, EINVAL);
	mr_test_log_stop();
	mr_test_machine_done(m);
}

/* Two mappings of one physical page see the same bytes, whatever the type. */
static void test_aliases_share_memory(void **state)
{
	struct mr_machine *m = mr_test_machine("sim,encrypt");
	volatile uint32_t *a, *b, *direct, *dec;

	(void)state;
	a = memremap(REGS, 0x1000, MEMREMAP_WT);
	b = memremap(REGS + 0x800, 0x10, MEMREMAP_WT);
	assert_non_null(a);
	assert_non_null(b);
	a[0x800 / 4] = 0xcafef00d;
	assert_int_equal(b[0], 0xcafef00d);
	memunmap((void *)b);
	memunmap((void *)a);

	direct = memremap(RAM, 0x1000, MEMREMAP_WB);
	dec = memremap(RAM, 0x1000, MEMREMAP_WB | MEMREMAP_DEC);
	assert_non_null(direct);
	assert_non_null(dec);
	assert_ptr_not_equal(direct, dec);
	direct[1] = 0x12345678;
	assert_int_equal(dec[1], 0x12345678);
	memunmap((void *)dec);
	mr_test_machine_done(m);
}

static void test_mapping_info(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_mapping_info info;
	char *p;

	(void)state;
	assert_int_equal(mr_mapping_info(NULL, &info), -EINVAL);
	assert_int_equal(mr_mapping_info(&info, NULL), -EINVAL);
	assert_int_equal(mr_mapping_info(&info, &info), -ENOENT);
	p = memremap(REGS + 0x10, 0x20, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE);
	assert_non_null(p);
	assert_int_equal(mr_mapping_info(p + 4, &info), 0); /* interior works */
	assert_ptr_equal(info.addr, p);
	assert_int_equal(info.phys, REGS + 0x10);
	assert_int_equal(info.size, 0x20);
	assert_int_equal(info.map_phys, REGS);
	assert_int_equal(info.map_size, 0x1000);
	assert_int_equal(info.type, MEMREMAP_DEV);
	assert_int_equal(info.direct, 0);
	assert_int_equal(info.exclusive, 1);
	assert_string_equal(info.how, "sim mmap");
	assert_ptr_equal(info.machine, m);
	assert_null(info.dev);
	memunmap(p);
	assert_int_equal(mr_mapping_info(p, &info), -ENOENT);

	p = memremap(RAM + 0x10, 0x20, MEMREMAP_WB);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_int_equal(info.direct, 1);
	assert_int_equal(info.phys, RAM + 0x10);
	assert_int_equal(info.size, 0x7fefffffULL - (RAM + 0x10) + 1);
	assert_string_equal(info.how, "direct map");
	mr_test_machine_done(m);
}

/* A refusal from a preloaded kernel PAT entry names that entry. */
static void test_pat_preload(void **state)
{
	char path[] = "/tmp/mr-pat-XXXXXX";
	char spec[64];
	struct mr_mapping_info info;
	struct mr_machine *m;
	unsigned long type;
	char who[160];
	void *p, *q;
	FILE *f;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "PAT memtype list:\n"
		   "PAT: [mem 0x00000000e0000000-0x00000000e0001000] uncached-minus\n"
		   "PAT: [mem 0x00000000fe000000-0x00000000fe001000] write-back\n");
	fclose(f);
	snprintf(spec, sizeof(spec), "sim,pat=%s", path);
	m = mr_test_machine(spec);
	assert_errno(memremap(REGS, 0x1000, MEMREMAP_WT) == NULL, EAGAIN);
	/* Quoted as the kernel's list prints it, and said to be that form. */
	assert_non_null(strstr(mr_errmsg(),
			       "PAT entry \"[mem 0x00000000fe000000-0x00000000fe001000] "
			       "write-back\" (pat_memtype_list's form, end exclusive)"));
	assert_int_equal(mr_machine_memtype(m, REGS, 1, &type, who, sizeof(who)), 1);
	assert_int_equal(type, MEMREMAP_WB);
	p = memremap(REGS, 0x1000, MEMREMAP_WB);
	assert_non_null(p);
	memunmap(p);
	/* A type inherited from the kernel's entry says so. */
	p = memremap(FB, 0x1000, MEMREMAP_WC);
	assert_non_null(p);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_int_equal(info.type, MEMREMAP_DEV);
	assert_string_equal(
		info.note, "dev inherited from the kernel's PAT entry [mem 0xe0000000-0xe0000fff]");
	/* A range over two holders of different types names both. */
	q = memremap(FB + 0x1000, 0x1000, MEMREMAP_WC);
	assert_non_null(q);
	assert_errno(memremap(FB, 0x2000, MEMREMAP_WC) == NULL, EAGAIN);
	assert_non_null(strstr(mr_errmsg(), "on [mem 0xe0000000-0xe0001fff]: the uncached-minus "));
	assert_non_null(strstr(mr_errmsg(), " and the write-combining mapping of "
					    "[mem 0xe0001000-0xe0001fff] are both held there"));
	memunmap(q);
	memunmap(p);
	mr_test_machine_done(m);
	unlink(path);
}

/*
 * A range over a hole and System RAM (first page outside the direct map)
 * goes to a mapping of its own; it must not inherit WC from a live mapping
 * in the hole and so alias RAM with WC. Found by tests/fuzz/fuzz_stateful.
 */
static void test_ram_never_inherits(void **state)
{
	/* High memory: RAM that may be mapped WB on its own, next to a hole. */
	struct mr_machine *m = mr_test_machine("sim,highmem=0x100000000");
	void *wc = memremap(0x140000000ULL, 0x800, MEMREMAP_WC);

	(void)state;
	assert_non_null(wc);
	assert_errno(memremap(0x13ffff000ULL, 0x1070, MEMREMAP_WB) == NULL, EAGAIN);
	assert_non_null(strstr(mr_errmsg(), "System RAM"));
	assert_errno(memremap(0x13ffff000ULL, 0x1070, MEMREMAP_WB | MEMREMAP_WC) == NULL, EPERM);
	assert_int_equal(mr_machine_mappings(m), 1);
	memunmap(wc);
	mr_test_machine_done(m);
}

/* mr_memremap() on a machine that is not current. */
static void test_two_machines(void **state)
{
	struct mr_machine *a = mr_test_machine("sim");
	struct mr_machine *b = NULL;
	struct mr_mapping_info info;
	void *p;

	(void)state;
	assert_int_equal(mr_machine_open(&b, "sim"), 0);
	p = mr_memremap(b, REGS, 0x1000, MEMREMAP_WT);
	assert_non_null(p);
	assert_int_equal(mr_machine_mappings(a), 0);
	assert_int_equal(mr_machine_mappings(b), 1);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_ptr_equal(info.machine, b);
	memunmap(p); /* found on b although a is current */
	assert_int_equal(mr_machine_mappings(b), 0);
	/* Closing a machine with a live mapping unmaps it, with a warning. */
	p = mr_memremap(b, REGS, 0x1000, MEMREMAP_WT);
	assert_non_null(p);
	mr_machine_close(b);
	assert_int_equal(mr_mapping_info(p, &info), -ENOENT);
	mr_test_machine_done(a);
}

static void test_machine_specs(void **state)
{
	static const char *const bad[] = {
		"",
		"nope",
		"sim:",
		"sim,bogus",
		"sim,phys-bits=7",
		"sim,phys-bits=x",
		"sim,highmem=",
		"sim,mem=",
		"sim:/nonexistent/map",
		"sim,pat=/nonexistent",
		"simulator",
		"sim,mem=a,mem=b",
		"sim,encrypt=1",
		"sim,highmem=\t-1",
		"sim,phys-bits=\n40",
	};
	struct mr_machine *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = (struct mr_machine *)1;
		print_message("spec '%s'\n", bad[i]);
		if (!bad[i][0])
			continue; /* "" means the environment's machine */
		assert_true(mr_machine_open(&m, bad[i]) < 0);
		assert_null(m);
		assert_true(mr_errmsg()[0]);
	}
	assert_int_equal(mr_machine_open(NULL, "sim"), -EINVAL);
	assert_int_equal(mr_machine_open(&m, "sim,phys-bits=40,encrypt,highmem=4G"), 0);
	assert_int_equal(mr_machine_phys_bits(m), 40);
	assert_string_equal(mr_machine_platform(m), "sim");
	assert_string_equal(mr_machine_spec(m), "sim,phys-bits=40,encrypt,highmem=4G");
	mr_machine_close(m);
}

/* A named memory file is shared by two machines (as by two processes). */
static void test_shared_memory_file(void **state)
{
	char path[] = "/tmp/mr-mem-XXXXXX";
	struct mr_machine *a, *b;
	char spec[64];
	volatile uint64_t *pa, *pb;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	snprintf(spec, sizeof(spec), "sim,mem=%s", path);
	assert_int_equal(mr_machine_open(&a, spec), 0);
	assert_int_equal(mr_machine_open(&b, spec), 0);
	pa = mr_memremap(a, FB, 0x1000, MEMREMAP_WC);
	pb = mr_memremap(b, FB, 0x1000, MEMREMAP_WC);
	assert_non_null(pa);
	assert_non_null(pb);
	pa[3] = 0x0123456789abcdefULL;
	assert_true(pb[3] == 0x0123456789abcdefULL);
	memunmap((void *)pa);
	memunmap((void *)pb);
	mr_machine_close(a);
	mr_machine_close(b);
	unlink(path);
	/* A symlink is not followed. */
	assert_int_equal(symlink("/tmp/mr-target-nonexistent", path), 0);
	assert_int_equal(mr_machine_open(&a, spec), -ELOOP);
	unlink(path);
}

/*
 * One notation for ranges in every message, the kernel's %pR: at least 8
 * hex digits, the end inclusive, the same within one line (issue 14 item 12).
 */
static void test_message_ranges(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");

	(void)state;
	assert_errno(mr_memremap(m, 0x100000, 0x1000, MEMREMAP_WT) == NULL, EPERM);
	assert_string_equal(mr_errmsg(),
			    "memremap: [mem 0x00100000-0x00100fff] is System RAM ('System RAM' "
			    "[mem 0x00100000-0x7fefffff]): it may only be mapped write-back, never "
			    "aliased with another type");
	assert_errno(mr_memremap(m, 0x9f000, 0x2000, MEMREMAP_WB) == NULL, EINVAL);
	assert_non_null(strstr(mr_errmsg(), "memremap: [mem 0x0009f000-0x000a0fff] mixes "));
	assert_non_null(strstr(mr_errmsg(), "'Reserved' [mem 0x0009fc00-0x0009ffff]"));
	mr_test_machine_done(m);
}

/*
 * A refusal of CXL memory names the RAM, not the window around it:
 * "System RAM (kmem)" under dax0.0 under "CXL Window 0" (issue 14 item 8).
 */
static void test_ram_refusal_names_the_ram(void **state)
{
	struct mr_machine *m = mr_test_machine("sim:" MR_TEST_DATA "/iomem/cxl-host.iomem,"
					       "phys-bits=52");

	(void)state;
	assert_errno(mr_memremap(m, 0x1080000000, 4, MEMREMAP_WC) == NULL, EPERM);
	assert_non_null(strstr(mr_errmsg(), "is System RAM ('System RAM (kmem)' "
					    "[mem 0x1080000000-0x207fffffff])"));
	assert_null(strstr(mr_errmsg(), "CXL Window"));
	assert_null(strstr(mr_errmsg(), "dax0.0"));
	/* Top-level System RAM is named as before. */
	assert_errno(mr_memremap(m, 0x100000000, 4, MEMREMAP_WC) == NULL, EPERM);
	assert_non_null(strstr(mr_errmsg(), "('System RAM' [mem 0x100000000-0x107fffffff])"));
	mr_test_machine_done(m);
}

/*
 * Every sim option is given at most once, as mem= always was: one rule in
 * the spec parser (src/base/spec.c), no "last one wins" (issue 13 item 14).
 */
static void test_repeated_options(void **state)
{
	static const char *const twice[][2] = {
		{"sim,phys-bits=40,phys-bits=44", "'phys-bits'"},
		{"sim,highmem=4G,highmem=8G", "'highmem'"},
		{"sim,encrypt,encrypt", "'encrypt'"},
		{"sim,encrypt,phys-bits=40,encrypt", "'encrypt'"},
		{"sim,pat=/nonexistent-a,pat=/nonexistent-b", "'pat'"},
		{"sim,mem=/nonexistent-a,mem=/nonexistent-b", "'mem'"},
		{"linux,relaxed,relaxed", "'relaxed'"},
		{"linux,phys-bits=40,phys-bits=40", "'phys-bits'"},
		{"linux,root=/nonexistent-a,root=/nonexistent-b", "'root'"},
	};
	struct mr_machine *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(twice) / sizeof(twice[0]); i++) {
		m = (struct mr_machine *)1;
		print_message("spec '%s'\n", twice[i][0]);
		assert_int_equal(mr_machine_open(&m, twice[i][0]), -EINVAL);
		assert_null(m);
		assert_non_null(strstr(mr_errmsg(), "given twice"));
		assert_non_null(strstr(mr_errmsg(), twice[i][1]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision_order),
		cmocka_unit_test(test_warn_once),
		cmocka_unit_test(test_memtype_pairs),
		cmocka_unit_test(test_memtype_fallthrough),
		cmocka_unit_test(test_memtype_conflicting_entries),
		cmocka_unit_test(test_memtype_isa_untracked),
		cmocka_unit_test(test_exclusive),
		cmocka_unit_test(test_unmap_odd_pointers),
		cmocka_unit_test(test_aliases_share_memory),
		cmocka_unit_test(test_mapping_info),
		cmocka_unit_test(test_pat_preload),
		cmocka_unit_test(test_ram_never_inherits),
		cmocka_unit_test(test_two_machines),
		cmocka_unit_test(test_machine_specs),
		cmocka_unit_test(test_shared_memory_file),
		cmocka_unit_test(test_message_ranges),
		cmocka_unit_test(test_ram_refusal_names_the_ram),
		cmocka_unit_test(test_repeated_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
