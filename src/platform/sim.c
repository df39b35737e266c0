// SPDX-License-Identifier: MIT
/*
 * The simulated machine: a resource tree from /proc/iomem text, and physical
 * memory kept sparse, per extent, at any 64-bit address (sim_mem.c: memfds,
 * or a mem= folder that other processes and later runs share). System RAM
 * is mapped once, as the direct map; every other mapping is an mmap of its
 * own, so two mappings of one page see the same bytes.
 *
 * Spec: sim[:MAPFILE][,mem=PATH][,pat=PATH][,phys-bits=N][,encrypt][,highmem=ADDR]
 *           [,arch=x86_64|arm64][,memblock=PATH][,dt=FILE][,device=MODEL@ADDR]...
 * (each key at most once, device= as often as wanted: device models are
 * sim_device.c's). arch= chooses whose kernel rules apply; an arm64
 * machine judges RAM by memblock memory (pfn_is_map_memory()), read from
 * memblock=PATH (/sys/kernel/debug/memblock/memory text) or else taken to be
 * the map's System RAM. dt= gives a flattened device tree (sim_dt.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mr_arch.h"
#include "mr_platform.h"
#include "mr_resource.h"
#include "sim_mem.h"

/* A PC-like machine with the specification's two devices. */
static const char mr__sim_default_map[] = "00000000-00000fff : Reserved\n"
					  "00001000-0009fbff : System RAM\n"
					  "0009fc00-0009ffff : Reserved\n"
					  "000a0000-000bffff : PCI Bus 0000:00\n"
					  "000c0000-000c9bff : Video ROM\n"
					  "000f0000-000fffff : Reserved\n"
					  "  000f0000-000fffff : System ROM\n"
					  "00100000-7fefffff : System RAM\n"
					  "  01000000-01ffffff : Kernel code\n"
					  "  02000000-027fffff : Kernel rodata\n"
					  "  02800000-02bfffff : Kernel data\n"
					  "  03000000-033fffff : Kernel bss\n"
					  "7ff00000-7fffffff : ACPI Tables\n"
					  "80000000-8fffffff : Reserved\n"
					  "c0000000-febfffff : PCI Bus 0000:00\n"
					  "  e0000000-e0ffffff : 0000:00:02.0\n"
					  "  fe000000-fe000fff : 0000:00:03.0\n"
					  "fec00000-fec003ff : IOAPIC 0\n"
					  "fed00000-fed003ff : HPET 0\n"
					  "fee00000-fee00fff : Local APIC\n"
					  "fffc0000-ffffffff : Reserved\n"
					  "100000000-13fffffff : System RAM\n"
					  "160000000-17fffffff : System RAM\n"
					  "180000000-1bfffffff : Persistent Memory\n";

/* Larger map files are not /proc/iomem text. */
#define MR__SIM_FILE_MAX (64UL << 20)
#define MR__SIM_SECTION	 (1ULL << MR__SECTION_SHIFT)
/*
 * The most the direct map covers: x86-64's, with 4-level paging, is 64 TiB
 * (Documentation/arch/x86/x86_64/mm.rst). RAM beyond it, or beyond what this
 * process can reserve, is served as high memory is.
 */
#define MR__SIM_DIRECT_MAX (1ULL << 46)

struct mr__sim {
	struct mr__simmem *mem; /* physical memory */
	bool has_ram;
	uint64_t ram_last; /* the last byte of System RAM */
	char *window;	   /* the direct map of [0, window_len) */
	uint64_t window_len;
	uint64_t highmem; /* RAM from here up is not in the direct map */
	bool encrypt;
	/* Sections that hold System RAM (pfn_valid), as sorted [first, last] pairs. */
	uint64_t (*sections)[2];
	size_t nsections, capsections;
	struct mr__memblock memblock; /* arm64: what pfn_is_map_memory() asks */
	struct mr__sim_devices *devs; /* sim_device.c's, which frees them */
};

struct mr__sim_opts {
	char *map;
	char *mem;
	char *pat;
	char *dt;
	unsigned int phys_bits;
	uint64_t highmem;
	bool encrypt;
	const struct mr__rules *rules;
	char *memblock;
	struct mr_machine *m; /* for device= */
};

static void mr__sim_opts_free(struct mr__sim_opts *o)
{
	mr__free(o->map);
	mr__free(o->mem);
	mr__free(o->pat);
	mr__free(o->dt);
	mr__free(o->memblock);
}

static const struct mr__opt mr__sim_keys[] = {
	{"mem", MR__OPT_STRING, 0, 0, false},
	{"pat", MR__OPT_STRING, 0, 0, false},
	{"phys-bits", MR__OPT_NUMBER, 32, 52, false},
	{"encrypt", MR__OPT_FLAG, 0, 0, false},
	{"highmem", MR__OPT_NUMBER, 0, UINT64_MAX, false},
	{"arch", MR__OPT_STRING, 0, 0, false},
	{"memblock", MR__OPT_STRING, 0, 0, false},
	{"dt", MR__OPT_STRING, 0, 0, false},
	{"device", MR__OPT_STRING, 0, 0, true},
};

static int mr__sim_opt_arch(struct mr__sim_opts *o, const char *val)
{
	o->rules = mr__rules_find(val);
	if (!o->rules)
		return mr__err(EINVAL, "sim: arch=%s: expected one of %s", val, mr__rules_names());
	return 0;
}

static int mr__sim_opt(void *arg, const struct mr__opt *opt, const char *val, uint64_t num)
{
	struct mr__sim_opts *o = arg;
	char **slot = NULL;

	if (opt == &mr__sim_keys[0])
		slot = &o->mem;
	else if (opt == &mr__sim_keys[1])
		slot = &o->pat;
	else if (opt == &mr__sim_keys[2])
		o->phys_bits = (unsigned int)num;
	else if (opt == &mr__sim_keys[3])
		o->encrypt = true;
	else if (opt == &mr__sim_keys[4])
		o->highmem = num;
	else if (opt == &mr__sim_keys[5])
		return mr__sim_opt_arch(o, val);
	else if (opt == &mr__sim_keys[8])
		return mr__sim_devices_spec(o->m, val);
	else if (opt == &mr__sim_keys[6])
		slot = &o->memblock;
	else
		slot = &o->dt;
	if (!slot)
		return 0;
	*slot = mr__strdup(val);
	return *slot ? 0 : mr__err(ENOMEM, "out of memory");
}

/* ":MAPFILE,k=v,..." or "k=v,..." or "". */
static int mr__sim_parse(struct mr__sim_opts *o, const char *args, struct mr_machine *m)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->highmem = UINT64_MAX;
	o->m = m;
	if (*args == ':') {
		size_t n = strcspn(++args, ",");

		if (!n)
			return mr__err(EINVAL, "'sim:' needs a map file");
		o->map = mr__strndup(args, n);
		if (!o->map)
			return mr__err(ENOMEM, "out of memory");
		args += n + (args[n] == ',');
	}
	ret = mr__opts_parse("sim", args, mr__sim_keys, MR__ARRAY_SIZE(mr__sim_keys), mr__sim_opt,
			     o);
	if (ret)
		mr__sim_opts_free(o);
	return ret;
}

/* Read a whole small file; the caller frees *text. */
static int mr__read_file(const char *path, char **text, size_t *len)
{
	int ret = mr__slurp(path, MR__SIM_FILE_MAX, 0, text, len);

	if (ret == -EFBIG)
		return mr__err(EFBIG, "'%s' is larger than %lu MiB", path, MR__SIM_FILE_MAX >> 20);
	if (ret == -ENOMEM)
		return mr__err(ENOMEM, "out of memory reading '%s'", path);
	if (ret == -EINVAL)
		return mr__err(EINVAL, "'%s' is not a regular file (a FIFO, a device, a folder)",
			       path);
	if (ret)
		return mr__err(-ret, "cannot read '%s': %s", path, strerror(-ret));
	return 0;
}

static int mr__sim_load_map(struct mr_machine *m, const char *path)
{
	char *text = NULL;
	size_t len = sizeof(mr__sim_default_map) - 1;
	int ret;

	if (path) {
		ret = mr__read_file(path, &text, &len);
		if (ret)
			return ret;
	}
	m->iomem = mr_iomem_parse(text ? text : mr__sim_default_map, len, UINT64_MAX);
	mr__free(text);
	if (!m->iomem) {
		mr__err_prefix("%s: ", path ? path : "built-in map");
		return -errno;
	}
	return 0;
}

static int mr__sim_load_pat(struct mr_machine *m, const char *path)
{
	char *text;
	size_t len;
	int ret;

	ret = mr__read_file(path, &text, &len);
	if (ret)
		return ret;
	ret = mr__memtype_load_pat(&m->memtype, text, len);
	mr__free(text);
	if (ret)
		mr__err_prefix("%s: ", path);
	return ret;
}

/* ------------------------------------------------------------- pfn_valid */

static int mr__sim_add_section(struct mr__sim *s, uint64_t first, uint64_t last)
{
	if (s->nsections && s->sections[s->nsections - 1][1] + 1 >= first) {
		if (last > s->sections[s->nsections - 1][1])
			s->sections[s->nsections - 1][1] = last;
		return 0;
	}
	if (s->nsections == s->capsections) {
		size_t cap = s->capsections ? s->capsections * 2 : 8;
		void *v = mr__realloc(s->sections, cap * sizeof(*s->sections));

		if (!v)
			return mr__err(ENOMEM, "out of memory");
		s->sections = v;
		s->capsections = cap;
	}
	s->sections[s->nsections][0] = first;
	s->sections[s->nsections][1] = last;
	s->nsections++;
	return 0;
}

static int mr__sim_ram_cb(struct resource *res, void *arg)
{
	struct mr__sim *s = arg;
	int ret;

	ret = mr__sim_add_section(s, res->start >> MR__SECTION_SHIFT,
				  res->end >> MR__SECTION_SHIFT);
	if (ret)
		return ret;
	/* The last byte, not the end past it: RAM may run to 2^64 - 1. */
	if (!s->has_ram || res->end > s->ram_last)
		s->ram_last = res->end;
	s->has_ram = true;
	return 0;
}

/* A page is valid when its 128 MiB section holds any System RAM. */
static bool mr__sim_pfn_valid(const struct mr__sim *s, uint64_t phys)
{
	uint64_t sec = phys >> MR__SECTION_SHIFT;
	size_t lo = 0, hi = s->nsections;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->sections[mid][1] < sec)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nsections && s->sections[lo][0] <= sec;
}

/* ---------------------------------------------------------------- memory */

/*
 * The direct map: System RAM from 0 to the end of its last section, capped
 * at MR__SIM_DIRECT_MAX and at what this process can reserve. RAM beyond
 * the cap is left out of it, as highmem= leaves RAM out, and said so once.
 */
static int mr__sim_map_window(struct mr__sim *s)
{
	uint64_t want, len;

	if (!s->has_ram)
		return 0;
	/* pfn_valid() holds for the whole section of the last RAM. */
	want = s->ram_last >= MR__SIM_DIRECT_MAX ? MR__SIM_DIRECT_MAX
						 : (s->ram_last | (MR__SIM_SECTION - 1)) + 1;
	/*
	 * What the process cannot map, it gets half of, a section at least:
	 * the kernel says ENOMEM, valgrind's address space manager EINVAL.
	 */
	for (len = want; !(s->window = mr__simmem_map(s->mem, 0, (size_t)len, NULL));
	     len = (len / 2) & ~(MR__SIM_SECTION - 1)) {
		if ((errno != ENOMEM && errno != EINVAL) || len <= MR__SIM_SECTION) {
			mr__err_prefix("the direct map: ");
			return -errno;
		}
	}
	s->window_len = len;
	if (len <= s->ram_last)
		mr__log(MR_LOG_WARNING,
			"sim: System RAM at and above %#" PRIx64 " is outside the direct map (%s); "
			"it is mapped as with highmem=",
			len,
			len < want ? "the address space this process could reserve"
				   : "x86-64's direct map holds 64 TiB");
	return 0;
}

static void mr__sim_free(struct mr__sim *s)
{
	if (s->window)
		munmap(s->window, s->window_len);
	mr__simmem_close(s->mem);
	mr__free(s->sections);
	mr__memblock_free(&s->memblock);
	mr__free(s);
}

/* ------------------------------------------------------------ the arch */

/*
 * Whose rules, and the keys that belong to the other architecture: arm64
 * has no PAT list, no memory encryption in 6.1 and no high memory; only
 * arm64 asks memblock. The address width defaults to the rules' (arm64's
 * PHYS_MASK is fixed when the kernel is built), else to this CPU's.
 */
static int mr__sim_arch(struct mr_machine *m, const struct mr__sim_opts *o)
{
	const char *other = NULL;
	bool arm64;

	m->rules = o->rules ? o->rules : &mr__rules_x86_64;
	arm64 = m->rules == &mr__rules_arm64;
	if (arm64 && o->pat)
		other = "pat= (x86's PAT list)";
	else if (arm64 && o->encrypt)
		other = "encrypt (x86's memory encryption)";
	else if (arm64 && o->highmem != UINT64_MAX)
		other = "highmem= (arm64 maps all of its RAM)";
	else if (!arm64 && o->memblock)
		other = "memblock= (only arm64's rules ask memblock)";
	if (other)
		return mr__err(EINVAL, "sim: %s does not apply to arch=%s", other, m->rules->name);
	m->phys_bits = o->phys_bits	     ? o->phys_bits
		       : m->rules->phys_bits ? m->rules->phys_bits
					     : mr__cpu_phys_bits();
	return 0;
}

/* memblock memory from @path, or else the map's System RAM. */
static int mr__sim_load_memblock(struct mr_machine *m, struct mr__sim *s, const char *path)
{
	char *text;
	size_t len;
	int ret;

	if (!path)
		return mr__memblock_from_iomem(&s->memblock, m->iomem);
	ret = mr__read_file(path, &text, &len);
	if (ret)
		return ret;
	ret = mr__memblock_parse(&s->memblock, text, len);
	mr__free(text);
	if (ret) {
		mr__err_prefix("%s: ", path);
		return ret;
	}
	mr__memblock_nomap_from_iomem(&s->memblock, m->iomem);
	return 0;
}

/* ------------------------------------------------------------- the ops */

static int mr__sim_setup(struct mr_machine *m, struct mr__sim *s, const struct mr__sim_opts *o)
{
	int ret;

	ret = o->dt ? mr__sim_dt_load(m, o->dt, o->map != NULL) : 0;
	if (!ret && !m->iomem)
		ret = mr__sim_load_map(m, o->map);
	if (ret)
		return ret;
	if (m->rules == &mr__rules_arm64) {
		ret = mr__sim_load_memblock(m, s, o->memblock);
		if (ret)
			return ret;
	}
	if (o->pat) {
		ret = mr__sim_load_pat(m, o->pat);
		if (ret)
			return ret;
	}
	ret = mr_walk_iomem_res_desc(m->iomem, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, 0,
				     UINT64_MAX, s, mr__sim_ram_cb);
	if (ret < 0 && ret != -EINVAL)
		return ret;
	ret = mr__simmem_open(&s->mem, o->mem);
	if (ret)
		return ret;
	return mr__sim_map_window(s);
}

static int mr__sim_mem_rw(void *ctx, uint64_t phys, void *buf, size_t len, bool write);

static int mr__sim_open(struct mr_machine *m, const char *args)
{
	struct mr__sim_opts o;
	struct mr__sim *s;
	int ret;

	s = mr__calloc(1, sizeof(*s));
	if (!s)
		return mr__err(ENOMEM, "out of memory");
	m->priv = s;
	mr__memblock_init(&s->memblock);
	/* Before parsing: device= values are kept there. */
	ret = mr__sim_devices_new(m, mr__sim_mem_rw, s, &s->devs);
	if (!ret)
		ret = mr__sim_parse(&o, args, m);
	if (ret)
		goto err_free;
	s->highmem = o.highmem;
	s->encrypt = o.encrypt;
	ret = mr__sim_arch(m, &o);
	if (!ret)
		ret = mr__sim_setup(m, s, &o);
	mr__sim_opts_free(&o);
	if (!ret && s->window)
		ret = mr__mapping_add_window(m, s->window, s->window_len, 0);
	if (!ret)
		ret = mr__sim_devices_open(m);
	if (ret)
		goto err_free;
	return 0;

err_free:
	mr__mapping_unmap_all(m);
	mr__sim_devices_close(m);
	mr_iomem_free(m->iomem);
	m->iomem = NULL;
	mr__sim_free(s);
	m->priv = NULL;
	return ret;
}

static void mr__sim_close(struct mr_machine *m)
{
	mr__sim_devices_close(m);
	mr__sim_free(m->priv);
	mr_iomem_free(m->iomem);
	m->iomem = NULL;
	m->priv = NULL;
}

static bool mr__sim_pfn_valid_op(struct mr_machine *m, phys_addr_t phys)
{
	return mr__sim_pfn_valid(m->priv, phys);
}

static bool mr__sim_map_memory(struct mr_machine *m, phys_addr_t phys)
{
	struct mr__sim *s = m->priv;

	return mr__memblock_is_map_memory(&s->memblock, phys);
}

static void *mr__sim_direct(struct mr_machine *m, phys_addr_t phys, size_t size)
{
	struct mr__sim *s = m->priv;

	if (!mr__sim_pfn_valid(s, phys) || phys >= s->highmem)
		return NULL;
	/* The kernel's direct map runs on; ours ends with the last RAM section. */
	if (phys >= s->window_len || size > s->window_len - phys)
		return NULL;
	return s->window + phys;
}

/* arch_memremap_can_ram_remap() of x86 with SME: a decrypted view of RAM
 * cannot come from the (encrypted) direct map. */
static bool mr__sim_can_ram_remap(struct mr_machine *m, phys_addr_t phys, size_t size,
				  unsigned long flags)
{
	struct mr__sim *s = m->priv;

	(void)phys;
	(void)size;
	return !(s->encrypt && (flags & MEMREMAP_DEC));
}

/* Every range of a simulated machine is ordinary memory in the sim file. */
static int mr__sim_probe(struct mr_machine *m, struct mr__map *req)
{
	struct mr__sim *s = m->priv;

	req->got = req->type;
	/* What stands for the kernel's linear map where our window ends. */
	req->direct = req->linear;
	mr__strscpy(req->how, req->linear ? "direct map" : "sim mmap", sizeof(req->how));
	return mr__simmem_check(s->mem, req->phys, req->len);
}

static int mr__sim_map(struct mr_machine *m, struct mr__map *req)
{
	struct mr__sim *s = m->priv;
	int ret;

	req->base = mr__simmem_map(s->mem, req->phys, req->len, NULL);
	if (!req->base)
		return -errno;
	req->win = req->base;
	req->win_len = req->len;
	ret = mr__sim_devices_trap(s->devs, req);
	if (ret) {
		munmap(req->base, req->len);
		req->base = req->win = NULL;
	}
	return ret;
}

static void mr__sim_unmap(struct mr_machine *m, struct mr__map *req)
{
	struct mr__sim *s = m->priv;

	if (req->base)
		mr__sim_devices_untrap(s->devs, req);
	if (req->win)
		munmap(req->win, req->win_len);
	req->base = req->win = NULL;
}

const struct mr__platform mr__platform_sim = {
	.name = "sim",
	.open = mr__sim_open,
	.close = mr__sim_close,
	.direct = mr__sim_direct,
	.pfn_valid = mr__sim_pfn_valid_op,
	.can_ram_remap = mr__sim_can_ram_remap,
	.map_memory = mr__sim_map_memory,
	.probe = mr__sim_probe,
	.map = mr__sim_map,
	.unmap = mr__sim_unmap,
};

/* ------------------------------------------------- for the device models */

/* DMA: the bytes every mapping sees, reached without a mapping of our own. */
static int mr__sim_mem_rw(void *ctx, uint64_t phys, void *buf, size_t len, bool write)
{
	struct mr__sim *s = ctx;

	return mr__simmem_rw(s->mem, phys, buf, len, write);
}
