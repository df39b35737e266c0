// SPDX-License-Identifier: MIT
/*
 * Bad input to every public function that can refuse it: NULL, zero,
 * wrapping ranges, unknown flags, foreign, interior and released pointers,
 * released device records, unbound devices, closed machines, overlong
 * names and specs. One table; for each row the harness checks that the
 * call returns its documented error (the row's own assertions), sets errno
 * and a new message (or, for the documented no-ops, leaves both alone),
 * changes nothing (mappings, device records, the resource tree) and leaks
 * nothing (the allocator hooks count live blocks).
 *
 * Also here: the sim's mem= file is made 0600, never through a symlink,
 * and only a regular file is used (docs/SECURITY.md).
 */
#include <fcntl.h>
#include <sys/stat.h>

#include <memremap/pci.h>
#include <memremap/safe.h>

#include "mr_test.h"

#define RAM  0x100000ULL
#define ACPI 0x7ff00000ULL
#define FB   0xe0000000ULL
#define REGS 0xfe000000ULL

/* ------------------------------------------------------------ the fixture */

static struct {
	struct mr_machine *m;
	struct device *dev; /* bound, holds devp */
	struct device *ub;  /* unbound: it held ubgone */
	void *wt;	    /* a live WT mapping of REGS */
	void *wb;	    /* a live WB mapping of FB */
	void *devp;	    /* dev's live mapping */
	void *gone;	    /* memremap'd, then memunmap'd */
	void *devgone;	    /* devm_memremap'd to dev, then devm_memunmap'd */
	void *ubgone;	    /* released when ub was unbound */
	void *closed;	    /* mapped on a machine that was closed since */
	struct resource *root;
	struct resource *linked; /* a caller's resource, in the tree */
	struct resource loose;	 /* a caller's resource, in no tree */
	char stack[16];
} fx;

static struct mr_test_log fx_log;

static int fx_setup(void **state)
{
	struct mr_machine *other;

	(void)state;
	mr_test_log_start(&fx_log);
	fx.m = mr_test_machine("sim,phys-bits=40");
	fx.root = mr_iomem_resource(fx.m);
	fx.dev = mr_device_new("badinput");
	fx.ub = mr_device_new("unbound");
	fx.wt = memremap(REGS, 0x100, MEMREMAP_WT);
	fx.wb = memremap(FB, 0x2000, MEMREMAP_WB);
	fx.devp = devm_memremap(fx.dev, REGS + 0x1000, 0x100, MEMREMAP_DEV);
	fx.gone = memremap(FB + 0x100000, 0x1000, MEMREMAP_WC);
	memunmap(fx.gone);
	fx.devgone = devm_memremap(fx.dev, FB + 0x200000, 0x1000, MEMREMAP_WC);
	devm_memunmap(fx.dev, fx.devgone);
	fx.ubgone = devm_memremap(fx.ub, FB + 0x300000, 0x1000, MEMREMAP_WC);
	mr_device_unbind(fx.ub);
	assert_int_equal(mr_machine_open(&other, "sim"), 0);
	fx.closed = mr_memremap(other, REGS, 0x1000, MEMREMAP_WT);
	assert_non_null(fx.closed);
	mr_machine_close(other);
	fx.linked = __request_region(fx.root, REGS + 0x2000, 0x100, "badinput", 0);
	fx.loose = (struct resource){.start = 0x10, .end = 0x1f, .name = "loose"};
	assert_true(fx.dev && fx.ub && fx.wt && fx.wb && !IS_ERR_OR_NULL(fx.devp) && fx.linked);
	assert_int_equal(mr_machine_mappings(fx.m), 3);
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	__release_region(fx.root, REGS + 0x2000, 0x100);
	memunmap(fx.wt);
	memunmap(fx.wb);
	mr_device_free(fx.dev);
	mr_device_free(fx.ub);
	mr_test_machine_done(fx.m);
	mr_test_log_stop();
	assert_int_equal(mr_test_alloc.live, 0);
	return 0;
}

/* ----------------------------------------------------------- the rows */

static void b_size0(void)
{
	assert_null(memremap(REGS, 0, MEMREMAP_WT));
}
static void b_wrap(void)
{
	assert_null(memremap(0xfffffffffffff000ULL, 0x2000, MEMREMAP_WT));
}
static void b_flags0(void)
{
	assert_null(memremap(REGS, 0x1000, 0));
}
static void b_flag_bit7(void)
{
	assert_null(memremap(REGS, 0x1000, MEMREMAP_WT | 1UL << 7));
}
static void b_flag_bit63(void)
{
	assert_null(memremap(REGS, 0x1000, MEMREMAP_WT | 1UL << 63));
}
static void b_flags_no_type(void)
{
	assert_null(memremap(REGS, 0x1000, MEMREMAP_ENC | MEMREMAP_DEC | MEMREMAP_EXCLUSIVE));
}
static void b_beyond_phys_bits(void)
{
	assert_null(memremap(1ULL << 40, 0x1000, MEMREMAP_WC));
}
static void b_ram_wt(void)
{
	assert_null(memremap(RAM, 0x1000, MEMREMAP_WT));
}
static void b_mixed(void)
{
	assert_null(memremap(ACPI - 0x1000, 0x2000, MEMREMAP_WB));
}
static void b_conflicting_type(void)
{
	assert_null(memremap(FB, 0x1000, MEMREMAP_WT));
}
static void b_exclusive_busy(void)
{
	assert_null(memremap(REGS + 0x2000, 0x100, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE));
}
static void b_query_null(void)
{
	assert_int_equal(mr_memremap_query(NULL, REGS, 0x1000, MEMREMAP_WT, NULL), -EINVAL);
}
static void b_unmap_null(void)
{
	memunmap(NULL);
}
static void b_unmap_foreign(void)
{
	memunmap(fx.stack);
}
static void b_unmap_released(void)
{
	memunmap(fx.gone);
}
static void b_unmap_interior(void)
{
	memunmap((char *)fx.wt + 1);
}
static void b_unmap_closed_machine(void)
{
	memunmap(fx.closed);
}
static void b_info_null_addr(void)
{
	struct mr_mapping_info info;

	assert_int_equal(mr_mapping_info(NULL, &info), -EINVAL);
}
static void b_info_null_info(void)
{
	assert_int_equal(mr_mapping_info(fx.wt, NULL), -EINVAL);
}
static void b_info_foreign(void)
{
	struct mr_mapping_info info;

	assert_int_equal(mr_mapping_info(fx.stack, &info), -ENOENT);
}
static void b_info_released(void)
{
	struct mr_mapping_info info;

	assert_int_equal(mr_mapping_info(fx.gone, &info), -ENOENT);
}
static void b_info_closed_machine(void)
{
	struct mr_mapping_info info;

	assert_int_equal(mr_mapping_info(fx.closed, &info), -ENOENT);
}
static void b_doors_null_addr(void)
{
	char buf[16];

	assert_int_equal(mr_mapping_doors(NULL, buf, sizeof(buf)), -EINVAL);
}
static void b_doors_null_buf(void)
{
	assert_int_equal(mr_mapping_doors(fx.wt, NULL, 4), -EINVAL);
}
static void b_doors_released(void)
{
	char buf[16];

	assert_int_equal(mr_mapping_doors(fx.gone, buf, sizeof(buf)), -ENOENT);
}
static void b_doors_closed_machine(void)
{
	char buf[16];

	assert_int_equal(mr_mapping_doors(fx.closed, buf, sizeof(buf)), -ENOENT);
}
static void doctor_cb(const struct mr_doctor_line *line, void *arg)
{
	(void)line;
	(void)arg;
}
static void b_doctor_null_fn(void)
{
	assert_int_equal(mr_machine_doctor(fx.m, REGS, 0x100, 0, NULL, NULL), -EINVAL);
}
static void b_doctor_wrap(void)
{
	assert_int_equal(mr_machine_doctor(fx.m, UINT64_MAX - 1, 4, 0, doctor_cb, NULL), -EINVAL);
}
static void b_pci_bar_null_fn(void)
{
	struct mr_pci_bar b;

	assert_int_equal(mr_pci_bar(fx.m, NULL, 0, &b), -EINVAL);
}
static void b_pci_bar_number(void)
{
	struct mr_pci_addr fn = {0, 0, 3, 0};
	struct mr_pci_bar b;

	assert_int_equal(mr_pci_bar(fx.m, &fn, 6, &b), -EINVAL);
}
static void b_pci_bar_bad_fn(void)
{
	struct mr_pci_addr fn = {0, 0, 0x20, 0};
	struct mr_pci_bar b;

	assert_int_equal(mr_pci_bar(fx.m, &fn, 0, &b), -EINVAL);
}
static void b_pci_bar_absent(void)
{
	struct mr_pci_addr fn = {0, 0, 9, 0};
	struct mr_pci_bar b;

	assert_int_equal(mr_pci_bar(fx.m, &fn, 0, &b), -ENODEV);
}
static void b_pci_resolve_junk(void)
{
	uint64_t phys;

	assert_int_equal(mr_pci_resolve(fx.m, "0000:00:03.0/bar0+", &phys, NULL), -EINVAL);
}
static void b_pci_resolve_past_end(void)
{
	uint64_t phys;

	assert_int_equal(mr_pci_resolve(fx.m, "00:03.0/bar0+4K", &phys, NULL), -ERANGE);
}
static void b_pci_config_width(void)
{
	struct mr_pci_addr fn = {0, 0, 3, 0};
	uint32_t v;

	assert_int_equal(mr_pci_config_read(fx.m, &fn, 0, 64, &v), -EINVAL);
}
static void b_pci_config_sim(void)
{
	struct mr_pci_addr fn = {0, 0, 3, 0};

	assert_int_equal(mr_pci_config_write(fx.m, &fn, 0, 8, 0), -EOPNOTSUPP);
}
static void b_pci_bind_bad_name(void)
{
	struct mr_pci_addr fn = {0, 0, 3, 0};

	assert_int_equal(mr_pci_bind(fx.m, &fn, "../vfio-pci"), -EINVAL);
}
static void b_pci_driver_no_buf(void)
{
	struct mr_pci_addr fn = {0, 0, 3, 0};

	assert_int_equal(mr_pci_driver(fx.m, &fn, NULL, 0), -EINVAL);
}
static void b_devm_null_dev(void)
{
	assert_ptr_equal(devm_memremap(NULL, REGS, 0x1000, MEMREMAP_WT), ERR_PTR(-EINVAL));
}
static void b_devm_size0(void)
{
	assert_ptr_equal(devm_memremap(fx.dev, REGS, 0, MEMREMAP_WT), ERR_PTR(-ENXIO));
}
static void b_devm_bad_flags(void)
{
	assert_ptr_equal(devm_memremap(fx.dev, REGS, 0x1000, 1UL << 9), ERR_PTR(-ENXIO));
}
static void b_devm_unmap_null_dev(void)
{
	devm_memunmap(NULL, fx.devp);
}
static void b_devm_unmap_foreign(void)
{
	devm_memunmap(fx.dev, fx.stack);
}
static void b_devm_unmap_not_held(void)
{
	devm_memunmap(fx.dev, fx.wt);
}
static void b_devm_unmap_other_dev(void)
{
	devm_memunmap(fx.ub, fx.devp);
}
static void b_devm_unmap_twice(void)
{
	devm_memunmap(fx.dev, fx.devgone);
}
static void b_devm_unmap_unbound(void)
{
	devm_memunmap(fx.ub, fx.ubgone);
}
static void b_device_null_name(void)
{
	assert_null(mr_device_new(NULL));
}
static void b_device_empty_name(void)
{
	assert_null(mr_device_new(""));
}
static void b_device_long_name(void)
{
	char name[300];

	memset(name, 'n', sizeof(name) - 1);
	name[256] = '\0'; /* 256 bytes: one too many */
	assert_null(mr_device_new(name));
}
static void b_unbind_null(void)
{
	assert_int_equal(mr_device_unbind(NULL), -EINVAL);
}
static void b_resources_null(void)
{
	assert_int_equal(mr_device_resources(NULL), -EINVAL);
}
static void never(void *arg)
{
	(void)arg;
	fail_msg("an action ran");
}
static void b_action_null_dev(void)
{
	assert_int_equal(devm_add_action(NULL, never, NULL), -EINVAL);
}
static void b_action_null_fn(void)
{
	assert_int_equal(devm_add_action(fx.dev, NULL, NULL), -EINVAL);
}
static void b_action_or_reset_null_fn(void)
{
	/* Documented: the action runs at once when it cannot be recorded. */
	assert_int_equal(devm_add_action_or_reset(fx.dev, NULL, NULL), -EINVAL);
}
static void b_open_null_out(void)
{
	assert_int_equal(mr_machine_open(NULL, "sim"), -EINVAL);
}
static void b_open_unknown(void)
{
	struct mr_machine *m = fx.m;

	assert_int_equal(mr_machine_open(&m, "bogus"), -EINVAL);
	assert_null(m);
}
static void b_open_long_spec(void)
{
	static char spec[5000];
	struct mr_machine *m;

	memset(spec, ',', sizeof(spec) - 1);
	memcpy(spec, "sim", 3);
	assert_int_equal(mr_machine_open(&m, spec), -EINVAL);
}
static void b_open_space_number(void)
{
	struct mr_machine *m;

	assert_int_equal(mr_machine_open(&m, "sim,highmem=\t-1"), -EINVAL);
}
static void b_open_missing_map(void)
{
	struct mr_machine *m;

	assert_int_equal(mr_machine_open(&m, "sim:/nonexistent/map"), -ENOENT);
}
static void b_open_long_mem_name(void)
{
	char spec[400] = "sim,mem=/tmp/";
	struct mr_machine *m;

	memset(spec + strlen(spec), 'x', 300);
	assert_int_equal(mr_machine_open(&m, spec), -ENAMETOOLONG);
}
static void b_open_linux_map(void)
{
	struct mr_machine *m;

	assert_int_equal(mr_machine_open(&m, "linux:/proc/iomem"), -EINVAL);
}
static void b_memtype_null(void)
{
	unsigned long type;

	assert_int_equal(mr_machine_memtype(NULL, REGS, 1, &type, NULL, 0), -EINVAL);
}
static void b_memtype_size0(void)
{
	unsigned long type;

	assert_int_equal(mr_machine_memtype(fx.m, REGS, 0, &type, NULL, 0), -EINVAL);
}
static void b_memtype_wrap(void)
{
	unsigned long type;

	assert_int_equal(mr_machine_memtype(fx.m, UINT64_MAX, 2, &type, NULL, 0), -EINVAL);
}
static void b_memtype_no_out(void)
{
	assert_int_equal(mr_machine_memtype(fx.m, REGS, 1, NULL, NULL, 0), -EINVAL);
}
static int each_cb(const struct mr_mapping_info *info, void *arg)
{
	(void)info;
	(void)arg;
	return 0;
}
static void b_each_null_machine(void)
{
	assert_int_equal(mr_machine_for_each_mapping(NULL, each_cb, NULL), -EINVAL);
}
static void b_each_null_fn(void)
{
	assert_int_equal(mr_machine_for_each_mapping(fx.m, NULL, NULL), -EINVAL);
}
static void b_request_null_root(void)
{
	assert_int_equal(request_resource(NULL, &fx.loose), -EINVAL);
}
static void b_request_null_new(void)
{
	assert_int_equal(request_resource(fx.root, NULL), -EINVAL);
}
static void b_request_reversed(void)
{
	struct resource r = {.start = 0x20, .end = 0x10, .name = "reversed"};

	assert_int_equal(request_resource(fx.root, &r), -EINVAL);
}
static void b_request_linked(void)
{
	assert_int_equal(request_resource(fx.root, fx.linked), -EBUSY);
}
static void b_request_conflict(void)
{
	struct resource r = {.start = RAM, .end = RAM + 0xfff, .name = "in RAM's way"};

	assert_int_equal(request_resource(fx.root, &r), -EBUSY);
}
static void b_insert_reversed(void)
{
	struct resource r = {.start = 0x20, .end = 0x10, .name = "reversed"};

	assert_int_equal(insert_resource(fx.root, &r), -EINVAL);
}
static void b_insert_linked(void)
{
	assert_int_equal(insert_resource(fx.root, fx.linked), -EBUSY);
}
static void b_release_null(void)
{
	assert_int_equal(release_resource(NULL), -EINVAL);
}
static void b_release_loose(void)
{
	assert_int_equal(release_resource(&fx.loose), -EINVAL);
}
static void b_remove_loose(void)
{
	assert_int_equal(remove_resource(&fx.loose), -EINVAL);
}
static void b_region_null_parent(void)
{
	assert_null(__request_region(NULL, REGS, 0x100, "x", 0));
}
static void b_region_size0(void)
{
	assert_null(__request_region(fx.root, REGS, 0, "x", 0));
}
static void b_region_wrap(void)
{
	assert_null(__request_region(fx.root, UINT64_MAX - 0xff, 0x200, "x", 0));
}
static void b_region_busy(void)
{
	assert_null(__request_region(fx.root, REGS + 0x2000, 0x10, "x", 0));
}
static void b_release_region_unclaimed(void)
{
	__release_region(fx.root, REGS + 0x5000, 0x100);
}
static void b_ri_null_root(void)
{
	assert_int_equal(mr_region_intersects(NULL, RAM, 0x1000, IORESOURCE_SYSTEM_RAM, 0),
			 REGION_DISJOINT);
}
static int walk_cb(struct resource *res, void *arg)
{
	(void)res;
	(void)arg;
	return 0;
}
static void b_walk_null_root(void)
{
	assert_int_equal(mr_walk_iomem_res_desc(NULL, 0, 0, 0, UINT64_MAX, NULL, walk_cb), -EINVAL);
}
static void b_walk_null_fn(void)
{
	assert_int_equal(mr_walk_iomem_res_desc(fx.root, 0, 0, 0, UINT64_MAX, NULL, NULL), -EINVAL);
}
static int pfn_cb(unsigned long pfn, unsigned long n, void *arg)
{
	(void)pfn;
	(void)n;
	(void)arg;
	return 0;
}
static void b_walk_pfn_zero(void)
{
	assert_int_equal(walk_system_ram_range(0x100, 0, NULL, pfn_cb), -EINVAL);
}
static void b_walk_pfn_null_fn(void)
{
	assert_int_equal(walk_system_ram_range(0x100, 1, NULL, NULL), -EINVAL);
}
static void b_parse_null(void)
{
	assert_null(mr_iomem_parse(NULL, 5, UINT64_MAX));
}
static void b_parse_garbage(void)
{
	assert_null(mr_iomem_parse("0-1 : a\n1-0 : b\n", 16, UINT64_MAX));
}
static void b_print_null_root(void)
{
	assert_int_equal(mr_iomem_print(NULL, stdout), -EINVAL);
}
static void b_print_null_stream(void)
{
	assert_int_equal(mr_iomem_print(fx.root, NULL), -EINVAL);
}
static void b_allocator_null(void)
{
	assert_int_equal(mr_replace_allocator(NULL, realloc, calloc, free), -EINVAL);
}
static void b_safe_null(void)
{
	assert_int_equal(mr_memcpy_toio_safe(NULL, fx.stack, 4), -EINVAL);
}
static void b_safe_wrap(void)
{
	assert_int_equal(mr_memcpy_fromio_safe(fx.stack, (void *)(UINTPTR_MAX - 1), 4), -EINVAL);
}

struct bad {
	const char *name;
	void (*call)(void);
	int err; /* 0: a documented no-op, errno and message untouched */
};

#define ROW(fn, err)         \
	{                    \
#fn, fn, err \
	}

static const struct bad rows[] = {
	ROW(b_size0, EINVAL),
	ROW(b_wrap, EINVAL),
	ROW(b_flags0, EINVAL),
	ROW(b_flag_bit7, EINVAL),
	ROW(b_flag_bit63, EINVAL),
	ROW(b_flags_no_type, EINVAL),
	ROW(b_beyond_phys_bits, ERANGE),
	ROW(b_ram_wt, EPERM),
	ROW(b_mixed, EINVAL),
	ROW(b_conflicting_type, EAGAIN),
	ROW(b_exclusive_busy, EBUSY),
	ROW(b_query_null, EINVAL),
	ROW(b_unmap_null, 0),
	ROW(b_unmap_foreign, EINVAL),
	ROW(b_unmap_released, EINVAL),
	ROW(b_unmap_interior, EINVAL),
	ROW(b_unmap_closed_machine, EINVAL),
	ROW(b_info_null_addr, EINVAL),
	ROW(b_info_null_info, EINVAL),
	ROW(b_info_foreign, ENOENT),
	ROW(b_info_released, ENOENT),
	ROW(b_info_closed_machine, ENOENT),
	ROW(b_doors_null_addr, EINVAL),
	ROW(b_doors_null_buf, EINVAL),
	ROW(b_doors_released, ENOENT),
	ROW(b_doors_closed_machine, ENOENT),
	ROW(b_doctor_null_fn, EINVAL),
	ROW(b_doctor_wrap, EINVAL),
	ROW(b_pci_bar_null_fn, EINVAL),
	ROW(b_pci_bar_number, EINVAL),
	ROW(b_pci_bar_bad_fn, EINVAL),
	ROW(b_pci_bar_absent, ENODEV),
	ROW(b_pci_resolve_junk, EINVAL),
	ROW(b_pci_resolve_past_end, ERANGE),
	ROW(b_pci_config_width, EINVAL),
	ROW(b_pci_config_sim, EOPNOTSUPP),
	ROW(b_pci_bind_bad_name, EINVAL),
	ROW(b_pci_driver_no_buf, EINVAL),
	ROW(b_devm_null_dev, EINVAL),
	ROW(b_devm_size0, EINVAL),
	ROW(b_devm_bad_flags, EINVAL),
	ROW(b_devm_unmap_null_dev, EINVAL),
	ROW(b_devm_unmap_foreign, EINVAL),
	ROW(b_devm_unmap_not_held, EINVAL),
	ROW(b_devm_unmap_other_dev, EINVAL),
	ROW(b_devm_unmap_twice, EINVAL),
	ROW(b_devm_unmap_unbound, EINVAL),
	ROW(b_device_null_name, EINVAL),
	ROW(b_device_empty_name, EINVAL),
	ROW(b_device_long_name, EINVAL),
	ROW(b_unbind_null, EINVAL),
	ROW(b_resources_null, EINVAL),
	ROW(b_action_null_dev, EINVAL),
	ROW(b_action_null_fn, EINVAL),
	ROW(b_action_or_reset_null_fn, EINVAL),
	ROW(b_open_null_out, EINVAL),
	ROW(b_open_unknown, EINVAL),
	ROW(b_open_long_spec, EINVAL),
	ROW(b_open_space_number, EINVAL),
	ROW(b_open_missing_map, ENOENT),
	ROW(b_open_long_mem_name, ENAMETOOLONG),
	ROW(b_open_linux_map, EINVAL),
	ROW(b_memtype_null, EINVAL),
	ROW(b_memtype_size0, EINVAL),
	ROW(b_memtype_wrap, EINVAL),
	ROW(b_memtype_no_out, EINVAL),
	ROW(b_each_null_machine, EINVAL),
	ROW(b_each_null_fn, EINVAL),
	ROW(b_request_null_root, EINVAL),
	ROW(b_request_null_new, EINVAL),
	ROW(b_request_reversed, EINVAL),
	ROW(b_request_linked, EBUSY),
	ROW(b_request_conflict, EBUSY),
	ROW(b_insert_reversed, EINVAL),
	ROW(b_insert_linked, EBUSY),
	ROW(b_release_null, EINVAL),
	ROW(b_release_loose, EINVAL),
	ROW(b_remove_loose, EINVAL),
	ROW(b_region_null_parent, EINVAL),
	ROW(b_region_size0, EINVAL),
	ROW(b_region_wrap, EINVAL),
	ROW(b_region_busy, EBUSY),
	ROW(b_release_region_unclaimed, 0),
	ROW(b_ri_null_root, EINVAL),
	ROW(b_walk_null_root, EINVAL),
	ROW(b_walk_null_fn, EINVAL),
	ROW(b_walk_pfn_zero, EINVAL),
	ROW(b_walk_pfn_null_fn, EINVAL),
	ROW(b_parse_null, EINVAL),
	ROW(b_parse_garbage, EINVAL),
	ROW(b_print_null_root, EINVAL),
	ROW(b_print_null_stream, EINVAL),
	ROW(b_allocator_null, EINVAL),
	ROW(b_safe_null, EINVAL),
	ROW(b_safe_wrap, EINVAL),
};

/* ------------------------------------------------------------ the harness */

struct snap {
	size_t maps;
	int dev, ub;
	char *tree;
	size_t len;
	long blocks;
};

static void snap_take(struct snap *s)
{
	FILE *f = open_memstream(&s->tree, &s->len);

	assert_non_null(f);
	assert_int_equal(mr_iomem_print(fx.root, f), 0);
	fclose(f);
	s->maps = mr_machine_mappings(fx.m);
	s->dev = mr_device_resources(fx.dev);
	s->ub = mr_device_resources(fx.ub);
	s->blocks = mr_test_alloc.live;
}

static void snap_same(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->maps, b->maps);
	assert_int_equal(a->dev, b->dev);
	assert_int_equal(a->ub, b->ub);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->tree, b->tree, a->len);
	assert_int_equal(a->blocks, b->blocks); /* nothing leaked, nothing freed */
}

static void test_bad_input(void **state)
{
	static const char seed_msg[] = "mr_memcpy_fromio_safe: NULL destination";
	struct snap before, after;
	size_t i;
	int err;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		print_message("%s\n", rows[i].name);
		/* A message of our own: the row must replace it, or keep it. */
		mr_memcpy_fromio_safe(NULL, fx.stack, 1);
		assert_string_equal(mr_errmsg(), seed_msg);
		snap_take(&before);
		errno = 0;
		rows[i].call();
		err = errno;
		snap_take(&after);
		assert_int_equal(err, rows[i].err);
		if (rows[i].err)
			assert_true(mr_errmsg()[0] && strcmp(mr_errmsg(), seed_msg));
		else
			assert_string_equal(mr_errmsg(), seed_msg);
		snap_same(&before, &after);
		free(before.tree);
		free(after.tree);
	}
	/* The live mappings still work after all that. */
	assert_int_equal(mr_mapping_info(fx.wt, &(struct mr_mapping_info){0}), 0);
	assert_int_equal(mr_mapping_info(fx.devp, &(struct mr_mapping_info){0}), 0);
}

/* ---------------------------------------------------- the mem= file */

static void open_mem(const char *path, int want)
{
	char spec[300];
	struct mr_machine *m = NULL;

	snprintf(spec, sizeof(spec), "sim,mem=%s", path);
	assert_int_equal(mr_machine_open(&m, spec), want);
	if (!want)
		mr_machine_close(m);
	else
		assert_true(mr_errmsg()[0]);
}

/*
 * A new mem= path is a folder that is the user's alone, and so is every
 * file in it, whatever the umask.
 */
static void test_mem_file_mode(void **state)
{
	char path[64] = "/tmp/mr-badinput-XXXXXX", file[128];
	static const char *const files[] = {"memremap-sim", "0000000000000000"};
	struct stat st;
	mode_t old = umask(0);
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(path));
	strcat(path, "/mem");
	open_mem(path, 0); /* the built-in map's RAM makes the first extent */
	umask(old);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", path, files[i]);
		assert_int_equal(lstat(file, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_mode & 07777, 0600);
		unlink(file);
	}
	rmdir(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
}

/* A symlink is not followed, to a file or to where one would be made. */
static void test_mem_file_symlink(void **state)
{
	char dir[] = "/tmp/mr-badinput-XXXXXX", link[64], target[64];
	struct stat st;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(link, sizeof(link), "%s/mem", dir);
	snprintf(target, sizeof(target), "%s/target", dir);
	assert_int_equal(symlink(target, link), 0);
	open_mem(link, -ELOOP);
	assert_int_equal(lstat(target, &st), -1); /* nothing was created */
	fd = open(target, O_CREAT | O_WRONLY, 0600);
	close(fd);
	open_mem(link, -ELOOP);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 0); /* nor grown */
	unlink(link);
	unlink(target);
	rmdir(dir);
}

/*
 * Memory is a regular file (the one-file form) or a folder of sim memory:
 * not a device or a FIFO, and never a folder that holds other things
 * (mem=$HOME must not scatter extents among the user's files).
 */
static void test_mem_file_not_regular(void **state)
{
	char dir[] = "/tmp/mr-badinput-XXXXXX", fifo[64], other[64], format[64];
	struct stat st;

	(void)state;
	open_mem("/dev/null", -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "not a regular file"));
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	open_mem(fifo, -EINVAL);
	/* A folder with the FIFO in it is somebody else's. */
	open_mem(dir, -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "holds no sim memory"));
	unlink(fifo);
	snprintf(other, sizeof(other), "%s/notes.txt", dir);
	close(open(other, O_CREAT | O_WRONLY, 0600));
	open_mem(dir, -EINVAL);
	snprintf(format, sizeof(format), "%s/memremap-sim", dir);
	assert_int_equal(lstat(format, &st), -1); /* nothing was written there */
	unlink(other);
	/* An empty folder becomes sim memory. */
	open_mem(dir, 0);
	assert_int_equal(lstat(format, &st), 0);
	open_mem(dir, 0);
	/* A format file that is not ours is refused, not rewritten. */
	assert_int_equal(truncate(format, 3), 0);
	open_mem(dir, -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "format file"));
	snprintf(other, sizeof(other), "rm -rf %s", dir);
	assert_int_equal(system(other), 0);
}

/* A map or PAT file is /proc/iomem-sized: one past 64 MiB is refused unread. */
static void test_map_file_too_big(void **state)
{
	char path[] = "/tmp/mr-badinput-XXXXXX", spec[64];
	struct mr_machine *m = NULL;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (64 << 20) + 1), 0);
	close(fd);
	snprintf(spec, sizeof(spec), "sim:%s", path);
	assert_int_equal(mr_machine_open(&m, spec), -EFBIG);
	snprintf(spec, sizeof(spec), "sim,pat=%s", path);
	assert_int_equal(mr_machine_open(&m, spec), -EFBIG);
	assert_null(m);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
		cmocka_unit_test(test_mem_file_mode),
		cmocka_unit_test(test_mem_file_symlink),
		cmocka_unit_test(test_mem_file_not_regular),
		cmocka_unit_test(test_map_file_too_big),
	};

	/* Before the library allocates anything: every block is counted. */
	mr_test_alloc_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
