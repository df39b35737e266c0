// SPDX-License-Identifier: MIT
/*
 * The tests that run inside the QEMU guest, against Debian's own kernel and
 * QEMU's emulated devices. Built static; /init runs it as root. Each test
 * prints "ok N name" or "not ok N name - reason" on the console; the exit
 * status is the number of failures (capped).
 *
 * The hardware, as tests/vm/run-vm.sh sets it up:
 *   edu (1234:11e8)      BAR0, registers: 0x00 id 0x010000ed, 0x04 inverts
 *   ivshmem (1af4:1110)  BAR2, prefetchable, backed by a host file that holds
 *                        the host's pattern at 0x1000; ours goes to 0x2000;
 *                        the copies are tried at 0x10000
 * x86_64 (-machine pc):
 *   memmap=64M$0x30000000  a Reserved carve-out
 *   memmap=64M!0x38000000  legacy pmem, turned into /dev/dax0.0 by /init
 * arm64 (-machine virt, RAM 0x40000000-0x7fffffff):
 *   mem=768M               0x70000000-0x7fffffff is no System RAM: a hole
 *                          at 0x70000000 is the carve-out
 *   pmem-region node       0x78000000, 64 MiB: of_pmem's namespace0.0
 *
 * "guest_tests SEED revoke" runs the revocation test alone, before /init
 * turns the pmem namespace into device DAX; "guest_tests SEED remove" the
 * device-removal test, last, since the ivshmem device is gone after it.
 * "guest_tests exit STATUS" (arm64) ends QEMU with STATUS through a
 * semihosting SYS_EXIT: the guest's verdict.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <memremap.h>
#include <memremap/safe.h>

#include "guest_copies.h"
#include "guest_harness.h"

#if defined(__aarch64__)
#define ARM64	  1
#define CARVE	  0x70000000ULL /* above mem=768M: no resource at all */
#define PMEM	  0x78000000ULL /* the pmem-region node */
#define DAX_START 0		/* no device DAX on Debian's arm64 kernel */
#define RAM	  0x50000000ULL /* System RAM, clear of the kernel image */
#else
#define ARM64	  0
#define CARVE	  0x30000000ULL /* memmap=64M$ */
#define PMEM	  0x38000000ULL /* memmap=64M! */
#define DAX_START 0x38200000ULL /* after the 2 MiB info block */
#define RAM	  0x10000000ULL /* System RAM well above the first MiB */
#endif
#define COPY_OFF      0x10000 /* the copies' part of ivshmem's BAR2 */
#define HOST_PAT_OFF  0x1000
#define GUEST_PAT_OFF 0x2000
#define PAT_LEN	      4096
#define PAT_FILE      "/sys/kernel/debug/x86/pat_memtype_list"

static struct mr_machine *machine;
static unsigned int seed;
static uint64_t edu_bar, ivshmem_bar2;

/* ------------------------------------------------------------ the harness */

static void run(const char *name, int (*fn)(void))
{
	run_named("", name, fn);
}

/* ------------------------------------------------------------- helpers */

static uint32_t rd32(const void *base, size_t off)
{
	return *(const volatile uint32_t *)((const char *)base + off);
}

static void wr32(void *base, size_t off, uint32_t v)
{
	*(volatile uint32_t *)((char *)base + off) = v;
}

static uint8_t host_byte(size_t i)
{
	return (uint8_t)(seed + i * 7);
}

static uint8_t guest_byte(size_t i)
{
	return (uint8_t)((seed ^ 0xa5) + i * 13);
}

static int read_hex(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%" SCNx64, v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* The start of memory BAR @bar of the PCI device @vendor:@device. */
static uint64_t pci_bar(unsigned int vendor, unsigned int device, int bar)
{
	char path[512], line[128];
	struct dirent *de;
	uint64_t v, d, s = 0, e, fl;
	DIR *dir = opendir("/sys/bus/pci/devices");
	FILE *f;
	int i;

	while (dir && !s && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", de->d_name);
		if (read_hex(path, &v) || v != vendor)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", de->d_name);
		if (read_hex(path, &d) || d != device)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", de->d_name);
		f = fopen(path, "re");
		for (i = 0; f && fgets(line, sizeof(line), f); i++)
			if (i == bar &&
			    sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &s, &e, &fl) != 3)
				s = 0;
			else if (i == bar)
				break;
		if (f)
			fclose(f);
	}
	if (dir)
		closedir(dir);
	return s;
}

/*
 * Does the kernel's PAT list hold [start, end) with @type ("write-back",
 * "write-combining", "uncached-minus")? NULL @type: any type.
 */
static int pat_has(uint64_t start, uint64_t end, const char *type)
{
	FILE *f = fopen(PAT_FILE, "re");
	char line[256], name[64];
	uint64_t s, e;
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "PAT: [mem %" SCNx64 "-%" SCNx64 "] %63s", &s, &e, name) == 3 &&
		    s == start && e == end && (!type || !strcmp(name, type)))
			found = 1;
	fclose(f);
	return found;
}

/* Print the PAT lines of [start, end) so that the run's log shows them. */
static void pat_show(uint64_t start, uint64_t end)
{
	FILE *f = fopen(PAT_FILE, "re");
	char line[256];
	uint64_t s, e;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "PAT: [mem %" SCNx64 "-%" SCNx64 "]", &s, &e) == 2 && s < end &&
		    e > start)
			printf("# seen: %s", line);
	if (f)
		fclose(f);
}

static int open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	while (dir && (de = readdir(dir)))
		n += de->d_name[0] != '.';
	if (dir)
		closedir(dir);
	return n;
}

/* With /dev/mem out of the way, an answer can only come from the library. */
static int devmem_hide(void)
{
	return rename("/dev/mem", "/dev/mem.hidden");
}

static void devmem_restore(void)
{
	rename("/dev/mem.hidden", "/dev/mem");
}

static int info_of(const void *p, struct mr_mapping_info *info)
{
	memset(info, 0, sizeof(*info));
	return mr_mapping_info(p, info);
}

/* ------------------------------------------------------------- the tests */

static int t_machine_open(void)
{
	char line[256];
	unsigned int bits = 0;
	FILE *f = fopen("/proc/cpuinfo", "re");
	int ret;

	while (f && fgets(line, sizeof(line), f) && !bits)
		if (sscanf(line, "address sizes : %u bits physical", &bits) != 1)
			bits = 0;
	if (f)
		fclose(f);
	ret = mr_machine_open(&machine, "linux");
	CHECK(!ret, "mr_machine_open(linux): %d %s", ret, mr_errmsg());
	mr_machine_use(machine);
	CHECK(!strcmp(mr_machine_platform(machine), "linux"), "platform %s",
	      mr_machine_platform(machine));
	/* arm64's /proc/cpuinfo has no "address sizes" line. */
	CHECK(ARM64 || (bits && mr_machine_phys_bits(machine) == bits),
	      "phys bits %u, cpuinfo says %u", mr_machine_phys_bits(machine), bits);
	CHECK(region_intersects(RAM, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
		      REGION_INTERSECTS,
	      "0x%llx is not System RAM in the tree", RAM);
	CHECK(region_intersects(CARVE, 4096, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
		      REGION_DISJOINT,
	      "the carve-out counts as System RAM");
	CHECK(edu_bar && ivshmem_bar2, "edu BAR0 %#" PRIx64 ", ivshmem BAR2 %#" PRIx64, edu_bar,
	      ivshmem_bar2);
	return 0;
}

static int t_pat_preloaded(void)
{
	unsigned long type = 0;
	char who[160] = "";
	int ret;

	/* The kernel maps the HPET uncached-minus itself at boot. */
	ret = mr_machine_memtype(machine, 0xfed00000, 4096, &type, who, sizeof(who));
	CHECK(ret == 1 && type == MEMREMAP_DEV, "HPET page: ret %d type %s who '%s'", ret,
	      mr_type_name(type), who);
	CHECK(strcasestr(who, "pat"), "holder '%s' does not name the PAT list", who);
	return 0;
}

static int t_unprivileged_iomem(void)
{
	pid_t pid = fork();
	int status;

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		struct mr_machine *m2;
		int ret;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		ret = mr_machine_open(&m2, "linux");
		if (ret != -EACCES) {
			printf("# unprivileged open: %d %s\n", ret, mr_errmsg());
			_exit(11);
		}
		_exit(strstr(mr_errmsg(), "root") && strstr(mr_errmsg(), "/proc/iomem") ? 0 : 12);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child exit %d (10 setuid, 11 wrong "
	      "answer, 12 message does not say root and /proc/iomem)",
	      WEXITSTATUS(status));
	return 0;
}

static int edu_check(void *p)
{
	uint32_t v = 0x12345678 ^ seed;

	CHECK(rd32(p, 0x00) == 0x010000ed, "edu id reads %#x", rd32(p, 0x00));
	wr32(p, 0x04, v);
	CHECK(rd32(p, 0x04) == ~v, "edu 0x04: wrote %#x, read %#x, want %#x", v, rd32(p, 0x04), ~v);
	return 0;
}

static int t_edu_dev(void)
{
	struct mr_mapping_info info;
	void *p = memremap(edu_bar, 0x100, MEMREMAP_DEV);
	int ret;

	CHECK(p, "memremap(edu, DEV): %s", mr_errmsg());
	ret = edu_check(p);
	if (!ret && info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (!ret && (info.type != MEMREMAP_DEV || !strstr(info.how, "/resource0") ||
			  strstr(info.how, "_wc") || info.note[0]))
		ret = fail("got %s via '%s' note '%s'", mr_type_name(info.type), info.how,
			   info.note);
	if (!ret) {
		printf("# edu DEV: %s via %s\n", mr_type_name(info.type), info.how);
		pat_show(edu_bar, edu_bar + 4096);
		if (!ARM64 && pat_has(edu_bar, edu_bar + 4096, "uncached-minus") != 1)
			ret = fail("PAT shows no uncached-minus entry for the edu page");
	}
	memunmap(p);
	return ret;
}

static int t_edu_wt(void)
{
	struct mr_mapping_info info;
	void *p = memremap(edu_bar, 0x100, MEMREMAP_WT);
	int ret;

	CHECK(p, "memremap(edu, WT): %s", mr_errmsg());
	ret = edu_check(p);
	if (!ret && info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	/* x86 user space has no write-through: served stronger, and said so. */
	else if (!ret && (info.type != MEMREMAP_DEV || !strstr(info.how, "/resource0") ||
			  !strstr(info.note, "write-through")))
		ret = fail("got %s via '%s' note '%s'", mr_type_name(info.type), info.how,
			   info.note);
	if (!ret)
		printf("# edu WT: %s via %s (%s)\n", mr_type_name(info.type), info.how, info.note);
	memunmap(p);
	return ret;
}

static int t_edu_wc_not_prefetchable(void)
{
	struct mr_mapping_info info;
	void *p = memremap(edu_bar, 0x100, MEMREMAP_WC);
	int ret = 0;

	CHECK(p, "memremap(edu, WC): %s", mr_errmsg());
	if (info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (info.type != MEMREMAP_DEV || strstr(info.how, "_wc") ||
		 !strstr(info.note, "prefetchable"))
		ret = fail("got %s via '%s' note '%s'", mr_type_name(info.type), info.how,
			   info.note);
	if (!ret)
		ret = edu_check(p);
	memunmap(p);
	return ret;
}

static int t_ivshmem_wc(void)
{
	const size_t len = 0x10000;
	struct mr_mapping_info info;
	uint8_t *p = memremap(ivshmem_bar2, len, MEMREMAP_WC);
	size_t i;
	int ret = 0;

	CHECK(p, "memremap(ivshmem BAR2, WC): %s", mr_errmsg());
	if (info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (info.type != MEMREMAP_WC || !strstr(info.how, "/resource2_wc"))
		ret = fail("got %s via '%s' note '%s'", mr_type_name(info.type), info.how,
			   info.note);
	for (i = 0; !ret && i < PAT_LEN; i++)
		if (p[HOST_PAT_OFF + i] != host_byte(i))
			ret = fail("host pattern: byte %zu reads %#x, want %#x", i,
				   p[HOST_PAT_OFF + i], host_byte(i));
	for (i = 0; !ret && i < PAT_LEN; i++)
		p[GUEST_PAT_OFF + i] = guest_byte(i);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; !ret && i < PAT_LEN; i++)
		if (p[GUEST_PAT_OFF + i] != guest_byte(i))
			ret = fail("guest pattern reads back wrong at byte %zu", i);
	if (!ret) {
		printf("# ivshmem WC: %s via %s\n", mr_type_name(info.type), info.how);
		pat_show(ivshmem_bar2, ivshmem_bar2 + len);
		if (!ARM64 && pat_has(ivshmem_bar2, ivshmem_bar2 + len, "write-combining") != 1)
			ret = fail("PAT shows no write-combining entry for [%#" PRIx64 "+%#zx]",
				   ivshmem_bar2, len);
	}
	memunmap(p);
	if (!ret && !ARM64 && pat_has(ivshmem_bar2, ivshmem_bar2 + len, NULL) != 0)
		ret = fail("the PAT entry outlived memunmap");
	return ret;
}

static int t_carveout_wb(void)
{
	const size_t len = 0x10000;
	struct mr_mapping_info info;
	uint32_t *p = memremap(CARVE, len, MEMREMAP_WB);
	size_t i;
	int ret = 0;

	CHECK(p, "memremap(carve-out, WB): %s", mr_errmsg());
	if (info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (info.type != (ARM64 ? MEMREMAP_DEV : MEMREMAP_WB) ||
		 strcmp(info.how, "/dev/mem") || info.direct ||
		 (ARM64 && !strstr(info.note, "Device-nGnRnE")))
		/* arm64's /dev/mem maps all that is not kernel RAM Device-nGnRnE. */
		ret = fail("got %s via '%s' note '%s'", mr_type_name(info.type), info.how,
			   info.note);
	for (i = 0; !ret && i < len / 4; i++)
		p[i] = (uint32_t)(i * 2654435761u) ^ seed;
	for (i = 0; !ret && i < len / 4; i++)
		if (p[i] != ((uint32_t)(i * 2654435761u) ^ seed))
			ret = fail("word %zu reads back wrong", i);
	if (!ret) {
		printf("# carve-out WB: %s via %s%s%s\n", mr_type_name(info.type), info.how,
		       info.note[0] ? ": " : "", info.note);
		pat_show(CARVE, CARVE + len);
		if (!ARM64 && pat_has(CARVE, CARVE + len, "write-back") != 1)
			ret = fail("PAT shows no write-back entry for the carve-out");
	}
	memunmap(p);
	return ret;
}

static int t_carveout_dev(void)
{
	const uint64_t at = CARVE + 0x200000;
	struct mr_mapping_info info;
	void *p = memremap(at, 4096, MEMREMAP_DEV);
	int ret = 0;

	CHECK(p, "memremap(carve-out, DEV): %s", mr_errmsg());
	if (info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (info.type != MEMREMAP_DEV || strcmp(info.how, "/dev/mem O_SYNC"))
		ret = fail("got %s via '%s'", mr_type_name(info.type), info.how);
	else if (!ARM64 && pat_has(at, at + 4096, "uncached-minus") != 1)
		ret = fail("PAT shows no uncached-minus entry");
	memunmap(p);
	return ret;
}

/* WT and WC on System RAM: the library says no before the kernel is asked. */
static int t_ram_wt_wc_refused(void)
{
	static const unsigned long types[] = {MEMREMAP_WT, MEMREMAP_WC};
	void *p;
	size_t i;
	int err;

	CHECK(!devmem_hide(), "cannot move /dev/mem aside: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		p = memremap(RAM, 4096, types[i]);
		err = errno;
		if (p) {
			memunmap(p);
			devmem_restore();
			return fail("%s on System RAM mapped", mr_type_name(types[i]));
		}
		if (err != EPERM || !strstr(mr_errmsg(), "System RAM")) {
			devmem_restore();
			return fail("%s: errno %d '%s'", mr_type_name(types[i]), err, mr_errmsg());
		}
	}
	devmem_restore();
	return 0;
}

static int t_ram_wb_strict_devmem(void)
{
	void *p = memremap(RAM, 4096, MEMREMAP_WB);
	int err = errno;

	if (p)
		memunmap(p);
	CHECK(!p, "WB on System RAM mapped: STRICT_DEVMEM is off?");
	CHECK(err == EPERM && strstr(mr_errmsg(), "STRICT_DEVMEM"), "errno %d '%s'", err,
	      mr_errmsg());
	printf("# RAM WB: %s\n", mr_errmsg());
	return 0;
}

/* WB held, then DEV: refused as the kernel's PAT would refuse it. */
static int t_conflict_wb_then_dev(void)
{
	const uint64_t at = CARVE + 0x100000;
	void *wb = memremap(at, 4096, MEMREMAP_WB), *dev, *raw;
	int err, fd, ret = 0;

	CHECK(wb, "memremap(WB): %s", mr_errmsg());
	if (devmem_hide()) {
		memunmap(wb);
		return fail("cannot move /dev/mem aside: %s", strerror(errno));
	}
	dev = memremap(at, 4096, MEMREMAP_DEV);
	err = errno;
	devmem_restore();
	if (dev) {
		memunmap(dev);
		ret = fail("DEV over a live WB mapping was granted");
	} else if (err != EAGAIN || !mr_errmsg()[0]) {
		ret = fail("errno %d '%s'", err, mr_errmsg());
	} else {
		printf("# conflict: %s\n", mr_errmsg());
	}
	/* And the kernel itself refuses the same second mapping. */
	fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
	raw = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)at);
	err = errno;
	if (fd >= 0)
		close(fd);
	if (!ret && raw != MAP_FAILED)
		ret = fail("the kernel granted UC- over WB: the library's refusal is not the "
			   "kernel's");
	else if (!ret && err != EAGAIN)
		ret = fail("the kernel refused with errno %d, not EAGAIN", err);
	if (raw != MAP_FAILED)
		munmap(raw, 4096);
	memunmap(wb);
	return ret;
}

/*
 * The attribute each path gives, as the kernel's architecture names it: on
 * arm64 ioremap's Device-nGnRE for a BAR, pgprot_noncached()'s
 * Device-nGnRnE for /dev/mem, Normal-NC for resourceN_wc; the PAT's names
 * on x86.
 */
static int t_attributes(void)
{
	static const struct {
		const char *what;
		uint64_t off;
		unsigned long type;
		const char *arm64, *x86;
	} cases[] = {
		{"edu BAR0", 0, MEMREMAP_DEV, "Device-nGnRE", "UC-"},
		{"edu BAR0 WT", 0, MEMREMAP_WT, "Device-nGnRE", "UC-"},
		{"ivshmem BAR2", 1, MEMREMAP_WC, "Normal-NC", "WC"},
		{"carve-out", 2, MEMREMAP_DEV, "Device-nGnRnE", "UC-"},
	};
	size_t i;

	CHECK(!strcmp(mr_machine_arch(machine), ARM64 ? "arm64" : "x86_64"), "arch '%s'",
	      mr_machine_arch(machine));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t at = cases[i].off == 0	  ? edu_bar
			      : cases[i].off == 1 ? ivshmem_bar2 + 0x8000
						  : CARVE + 0x800000;
		const char *want = ARM64 ? cases[i].arm64 : cases[i].x86;
		const char *planned = mr_memremap_attr(machine, at, 4096, cases[i].type);
		void *p = memremap(at, 4096, cases[i].type);
		const char *got = p ? mr_mapping_attr(p) : NULL;
		int same = got && planned && !strcmp(got, want) && !strcmp(planned, want);

		if (p)
			memunmap(p);
		CHECK(p, "%s: memremap: %s", cases[i].what, mr_errmsg());
		CHECK(same, "%s: attribute '%s', planned '%s', want '%s'", cases[i].what,
		      got ? got : "(null)", planned ? planned : "(null)", want);
		printf("# %s %s: %s\n", cases[i].what, mr_type_name(cases[i].type), got);
	}
	return 0;
}

/*
 * arm64 has no PAT: write-back and uncached mappings of one page both map,
 * in the library as in the kernel, and nothing holds a type.
 */
static int t_arm64_no_memtype(void)
{
	const uint64_t at = CARVE + 0x900000;
	void *wb = memremap(at, 4096, MEMREMAP_WB), *dev;
	unsigned long type = 0;
	int fd, ret = 0;
	void *raw;

	CHECK(wb, "memremap(WB): %s", mr_errmsg());
	dev = memremap(at, 4096, MEMREMAP_DEV);
	if (!dev)
		ret = fail("DEV over a live WB mapping refused: %s", mr_errmsg());
	else if (mr_machine_memtype(machine, at, 4096, &type, NULL, 0) != 0)
		ret = fail("a cache type is held on [%#" PRIx64 "+4K]", at);
	fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
	raw = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)at);
	if (fd >= 0)
		close(fd);
	if (!ret && raw == MAP_FAILED)
		ret = fail("the kernel refused the second mapping: %s", strerror(errno));
	if (raw != MAP_FAILED)
		munmap(raw, 4096);
	if (dev)
		memunmap(dev);
	memunmap(wb);
	return ret;
}

/* A mapping the library does not know of: the kernel's PAT refuses, we explain. */
static int t_kernel_pat_conflict(void)
{
	const uint64_t at = CARVE + 0x700000;
	int fd = open("/dev/mem", O_RDWR | O_CLOEXEC);
	void *raw = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)at);
	void *p;
	int err, ret = 0;

	if (fd >= 0)
		close(fd);
	CHECK(raw != MAP_FAILED, "raw WB mmap of /dev/mem: %s", strerror(errno));
	p = memremap(at, 4096, MEMREMAP_DEV);
	err = errno;
	if (p) {
		memunmap(p);
		ret = fail("DEV over the kernel's WB entry was granted");
	} else if (err != EAGAIN || !strstr(mr_errmsg(), "PAT")) {
		ret = fail("errno %d '%s'", err, mr_errmsg());
	} else {
		printf("# kernel PAT conflict: %s\n", mr_errmsg());
	}
	munmap(raw, 4096);
	return ret;
}

/* With the library's busy check off, the kernel refuses the same range itself. */
static int t_relaxed_kernel_busy(void)
{
	struct mr_machine *m2;
	void *p;
	int err, ret;

	ret = mr_machine_open(&m2, "linux,relaxed");
	CHECK(!ret, "open linux,relaxed: %s", mr_errmsg());
	p = mr_memremap(m2, PMEM, 4096, MEMREMAP_WB);
	err = errno;
	if (p) {
		memunmap(p);
		ret = fail("the kernel mapped a busy range: not IO_STRICT_DEVMEM?");
	} else if (err != EPERM || !strstr(mr_errmsg(), "namespace0.0") ||
		   !strstr(mr_errmsg(), "IO_STRICT_DEVMEM")) {
		ret = fail("errno %d '%s'", err, mr_errmsg());
	} else {
		printf("# relaxed, kernel: %s\n", mr_errmsg());
	}
	mr_machine_close(m2);
	return ret;
}

static int t_devm_unbind(void)
{
	const uint64_t carve = CARVE + 0x400000;
	struct mr_mapping_info info;
	struct device *dev = mr_device_new("vm-test");
	void *a, *b, *c;
	size_t before = mr_machine_mappings(machine);
	int n, ret = 0;

	CHECK(dev, "mr_device_new: %s", mr_errmsg());
	a = devm_memremap(dev, edu_bar, 0x100, MEMREMAP_DEV);
	b = devm_memremap(dev, ivshmem_bar2, 0x10000, MEMREMAP_WC);
	c = devm_memremap(dev, carve, 0x10000, MEMREMAP_WB);
	if (IS_ERR(a) || IS_ERR(b) || IS_ERR(c)) {
		ret = fail("devm_memremap: %ld %ld %ld: %s", IS_ERR(a) ? PTR_ERR(a) : 0,
			   IS_ERR(b) ? PTR_ERR(b) : 0, IS_ERR(c) ? PTR_ERR(c) : 0, mr_errmsg());
		goto out;
	}
	if (mr_machine_mappings(machine) != before + 3 ||
	    (!ARM64 && (pat_has(edu_bar, edu_bar + 4096, "uncached-minus") != 1 ||
			pat_has(ivshmem_bar2, ivshmem_bar2 + 0x10000, "write-combining") != 1 ||
			pat_has(carve, carve + 0x10000, "write-back") != 1))) {
		ret = fail("before unbind: %zu mappings, PAT entries %d %d %d",
			   mr_machine_mappings(machine), pat_has(edu_bar, edu_bar + 4096, NULL),
			   pat_has(ivshmem_bar2, ivshmem_bar2 + 0x10000, NULL),
			   pat_has(carve, carve + 0x10000, NULL));
		goto out;
	}
	n = mr_device_unbind(dev);
	if (n != 3)
		ret = fail("unbind released %d records, want 3", n);
	else if (mr_machine_mappings(machine) != before)
		ret = fail("%zu mappings after unbind, want %zu", mr_machine_mappings(machine),
			   before);
	else if (info_of(a, &info) != -ENOENT || info_of(c, &info) != -ENOENT)
		ret = fail("mr_mapping_info still finds a released mapping");
	else if (!ARM64 && (pat_has(edu_bar, edu_bar + 4096, NULL) ||
			    pat_has(ivshmem_bar2, ivshmem_bar2 + 0x10000, NULL) ||
			    pat_has(carve, carve + 0x10000, NULL)))
		ret = fail("PAT entries outlived unbind");
out:
	mr_device_free(dev);
	return ret;
}

static int t_exclusive(void)
{
	const uint64_t at = CARVE + 0x600000;
	void *p = memremap(at, 4096, MEMREMAP_WB | MEMREMAP_EXCLUSIVE), *q;
	int err, ret = 0;

	CHECK(p, "first EXCLUSIVE mapping: %s", mr_errmsg());
	q = memremap(at, 4096, MEMREMAP_WB | MEMREMAP_EXCLUSIVE);
	err = errno;
	if (q) {
		memunmap(q);
		ret = fail("second EXCLUSIVE mapping granted");
	} else if (err != EBUSY) {
		ret = fail("second EXCLUSIVE: errno %d '%s'", err, mr_errmsg());
	}
	memunmap(p);
	return ret;
}

/* The pmem namespace's info block is claimed by its driver. */
static int t_pmem_busy(void)
{
	void *p = memremap(PMEM, 4096, MEMREMAP_WB);
	int err = errno;

	if (p)
		memunmap(p);
	CHECK(!p, "a driver's busy range was mapped");
	CHECK(err == EBUSY && strstr(mr_errmsg(), "namespace0.0"), "errno %d '%s'", err,
	      mr_errmsg());
	return 0;
}

static int t_dax_wb(void)
{
	const size_t len = 0x3000;
	struct mr_mapping_info info;
	uint8_t *p;
	size_t i;
	int ret = 0;

	CHECK(!access("/dev/dax0.0", F_OK), "no /dev/dax0.0: /init did not set up device DAX");
	p = memremap(DAX_START + 0x1000, len, MEMREMAP_WB);
	CHECK(p, "memremap(dax, WB): %s", mr_errmsg());
	if (info_of(p, &info))
		ret = fail("mr_mapping_info: %s", mr_errmsg());
	else if (info.type != MEMREMAP_WB || strcmp(info.how, "/dev/dax0.0"))
		ret = fail("got %s via '%s'", mr_type_name(info.type), info.how);
	for (i = 0; !ret && i < len; i++)
		p[i] = guest_byte(i);
	for (i = 0; !ret && i < len; i++)
		if (p[i] != guest_byte(i))
			ret = fail("byte %zu reads back wrong", i);
	memunmap(p);
	return ret;
}

static int t_query(void)
{
	struct mr_query q;
	int ret;

	ret = mr_memremap_query(machine, ivshmem_bar2, 4096, MEMREMAP_WC, &q);
	CHECK(!ret && q.type == MEMREMAP_WC && strstr(q.how, "/resource2_wc"),
	      "query WC: %d %s via '%s' %s", ret, mr_type_name(q.type), q.how, q.why);
	CHECK(ARM64 || pat_has(ivshmem_bar2, ivshmem_bar2 + 4096, NULL) == 0,
	      "a query left a PAT entry");
	ret = mr_memremap_query(machine, RAM, 4096, MEMREMAP_WB, &q);
	CHECK(ret == -EPERM && strstr(q.why, "STRICT_DEVMEM"), "query RAM WB: %d '%s'", ret, q.why);
	ret = mr_memremap_query(machine, edu_bar, 4096, MEMREMAP_WT, &q);
	CHECK(!ret && q.type == MEMREMAP_DEV && strstr(q.how, "/resource0"),
	      "query edu WT: %d %s via '%s'", ret, mr_type_name(q.type), q.how);
	return 0;
}

static int t_no_fd_left(void)
{
	int before = open_fds(), after;
	void *p = memremap(CARVE + 0x300000, 4096, MEMREMAP_WB);
	void *q = memremap(edu_bar, 0x100, MEMREMAP_DEV);

	after = open_fds();
	if (p)
		memunmap(p);
	if (q)
		memunmap(q);
	CHECK(p && q, "memremap: %s", mr_errmsg());
	CHECK(after == before, "%d descriptors open while mapped, %d before", after, before);
	return 0;
}

/* ------------------------------------------------------- device removal */

/* The sysfs folder of the PCI device @vendor:@device, or "" if none. */
static void pci_dir(unsigned int vendor, unsigned int device, char *out, size_t len)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	char path[512];
	uint64_t v, d;

	out[0] = '\0';
	while (dir && !out[0] && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", de->d_name);
		if (read_hex(path, &v) || v != vendor)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", de->d_name);
		if (!read_hex(path, &d) && d == device)
			snprintf(out, len, "/sys/bus/pci/devices/%s", de->d_name);
	}
	if (dir)
		closedir(dir);
}

/* A plain load from @p in a child: its wait status, as the application sees it. */
static int plain_read_status(const volatile uint8_t *p, uint8_t want)
{
	pid_t pid = fork();
	int status = -1;

	if (!pid)
		_exit(*p == want ? 0 : 1);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = fail("%s < %s: %s", path, val, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

static int wait_for(const char *path)
{
	int i;

	for (i = 0; i < 50 && access(path, F_OK); i++)
		usleep(100000);
	return access(path, F_OK);
}

/*
 * The ivshmem device is removed (echo 1 > .../remove) while its BAR is
 * mapped. Debian's 6.1 does not take the mapping away (pci-sysfs maps
 * through the iomem address space, which device removal leaves alone) and
 * QEMU's BAR still answers; a kernel that does take it away makes a plain
 * load die of SIGBUS. Either way the fault-safe copies tell the truth:
 * 0 and the device's bytes, or -EIO; and memunmap() still works.
 */
static int t_ivshmem_removed(void)
{
	const size_t len = 0x10000;
	size_t before = mr_machine_mappings(machine);
	uint8_t buf[PAT_LEN], *p;
	char dir[300], path[320];
	int status, ret, toio;

	pci_dir(0x1af4, 0x1110, dir, sizeof(dir));
	CHECK(dir[0], "no ivshmem device in /sys/bus/pci/devices");
	p = memremap(ivshmem_bar2, len, MEMREMAP_WC);
	CHECK(p, "memremap(ivshmem BAR2, WC): %s", mr_errmsg());
	ret = mr_memcpy_fromio_safe(buf, p + HOST_PAT_OFF, PAT_LEN);
	status = plain_read_status(p + HOST_PAT_OFF, host_byte(0));
	snprintf(path, sizeof(path), "%s/remove", dir);
	if (ret || buf[7] != host_byte(7) || status)
		ret = fail("before removal: safe copy %d, byte 7 %#x, plain load %#x", ret, buf[7],
			   status);
	else if (!sysfs_write(path, "1") && !access(dir, F_OK))
		ret = fail("%s is still there after removal", dir);
	if (ret) {
		memunmap(p);
		return ret;
	}
	status = plain_read_status(p + HOST_PAT_OFF, host_byte(0));
	memset(buf, 0, sizeof(buf));
	ret = mr_memcpy_fromio_safe(buf, p + HOST_PAT_OFF, PAT_LEN);
	/* Away from the patterns the host checks. */
	toio = mr_memcpy_toio_safe(p + 0x8000, buf, 64);
	printf("# after removal: a plain load %s %d; safe copies %d, %d\n",
	       WIFSIGNALED(status) ? "dies of signal" : "exits with",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), ret, toio);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS)
		ret = ret == -EIO && toio == -EIO
			      ? 0
			      : fail("SIGBUS, yet safe copies %d %d", ret, toio);
	else if (WIFEXITED(status) && !WEXITSTATUS(status))
		ret = !ret && !toio && buf[7] == host_byte(7)
			      ? 0
			      : fail("the mapping answers, yet safe copies %d %d", ret, toio);
	else
		ret = fail("a plain load: wait status %#x", status);
	memunmap(p);
	if (!ret && mr_machine_mappings(machine) != before)
		ret = fail("%zu mappings after memunmap, want %zu", mr_machine_mappings(machine),
			   before);
	return ret;
}

/*
 * A driver takes a mapped range back: nd_pmem binds to the pmem namespace
 * and claims its range, and the kernel (IO_STRICT_DEVMEM, revoke_iomem())
 * zaps every /dev/mem mapping of it. A plain load then dies of SIGBUS; the
 * fault-safe copies return -EIO and the process lives on. The machine was
 * opened while nd_pmem held the range: it reads the claims again when they
 * would refuse, so it maps the range once the driver has let go, and names
 * the driver when the kernel refuses a mapping made after the claim.
 */
static int t_pmem_revoked(void)
{
	const char *drv = "/sys/bus/nd/drivers/nd_pmem";
	const uint64_t at = PMEM + 0x100000;
	struct mr_mapping_info info;
	uint8_t out[64], in[64], *late;
	int status, ret, toio;
	uint8_t *p = NULL;
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		out[i] = guest_byte(i);
	if (mr_memremap(machine, at, 0x2000, MEMREMAP_WB) || errno != EBUSY)
		return fail("memremap(pmem, WB) with nd_pmem bound: %s, want EBUSY", mr_errmsg());
	ret = sysfs_write("/sys/bus/nd/drivers/nd_pmem/unbind", "namespace0.0");
	if (!ret && !(p = mr_memremap(machine, at, 0x2000, MEMREMAP_WB)))
		ret = fail("memremap(pmem, WB) after nd_pmem let go: %s", mr_errmsg());
	if (!ret && (info_of(p, &info) || strcmp(info.how, "/dev/mem")))
		ret = fail("mapped via '%s', want /dev/mem", info.how);
	if (!ret &&
	    (mr_memcpy_toio_safe(p, out, sizeof(out)) || mr_memcpy_fromio_safe(in, p, sizeof(in)) ||
	     memcmp(in, out, sizeof(in)) || plain_read_status(p, out[0])))
		ret = fail("before the claim: %s", mr_errmsg());
	if (!ret) {
		char bind[64];

		snprintf(bind, sizeof(bind), "%s/bind", drv);
		ret = sysfs_write(bind, "namespace0.0");
		if (!ret && wait_for("/dev/pmem0"))
			ret = fail("nd_pmem bound, but no /dev/pmem0");
	}
	if (!ret) {
		status = plain_read_status(p, out[0]);
		ret = mr_memcpy_fromio_safe(in, p, sizeof(in));
		toio = mr_memcpy_toio_safe(p + 0x1000, out, sizeof(out));
		printf("# after the claim: a plain load %s %d; safe copies %d, %d: %s\n",
		       WIFSIGNALED(status) ? "dies of signal" : "exits with",
		       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), ret, toio,
		       mr_errmsg());
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGBUS)
			ret = fail("a plain load after the claim: wait status %#x", status);
		else if (ret != -EIO || toio != -EIO)
			ret = fail("safe copies after the claim: %d %d, want -EIO", ret, toio);
		else
			ret = 0;
	}
	if (!ret) {
		late = mr_memremap(machine, at + 0x4000, 0x1000, MEMREMAP_WB);
		printf("# a mapping made after the claim: %s\n", late ? "mapped" : mr_errmsg());
		if (late) {
			memunmap(late);
			ret = fail("a mapping made after the claim was let through");
		} else if (!strstr(mr_errmsg(), "namespace0.0")) {
			ret = fail("the refusal does not name namespace0.0 (errno %d)", errno);
		}
	}
	if (p)
		memunmap(p);
	if (!ret && mr_machine_mappings(machine))
		ret = fail("%zu mappings left", mr_machine_mappings(machine));
	/* /init goes on to make device DAX of the namespace, with nd_pmem bound as before. */
	if (access("/dev/pmem0", F_OK))
		sysfs_write("/sys/bus/nd/drivers/nd_pmem/bind", "namespace0.0");
	return ret;
}

/* ------------------------------------------------------------ the copies */

/* Every copy routine at every size and misalignment on ivshmem's BAR2. */
static int copies(unsigned long type, const char *how)
{
	unsigned long calls;

	if (gc_sweep(ivshmem_bar2 + COPY_OFF, type, how, seed, why, sizeof(why), &calls))
		return -1;
	printf("# copies through %s: %lu calls, every size 0..%d at every device offset 0..63 "
	       "and memory offset 0..7 (the _safe copies at fewer); contents and guards right\n",
	       how + 1, calls, GC_MAX_N);
	return 0;
}

static int t_copies_dev(void)
{
	return copies(MEMREMAP_DEV, "/resource2");
}

static int t_copies_wc(void)
{
	return copies(MEMREMAP_WC, "/resource2_wc");
}

#if defined(__aarch64__)
/*
 * Every access of the copies to the BAR seen and checked: one naturally
 * aligned access of at most 8 bytes each, every byte once, nothing outside.
 */
static int watched(unsigned long type, const char *how)
{
	char dir[300], file[340], note[600];
	unsigned long traps;

	pci_dir(0x1af4, 0x1110, dir, sizeof(dir));
	CHECK(dir[0], "no ivshmem device in /sys/bus/pci/devices");
	snprintf(file, sizeof(file), "%s%s", dir, how);
	if (gc_watch(ivshmem_bar2 + COPY_OFF, ivshmem_bar2, file, type, how, seed, note,
		     sizeof(note), why, sizeof(why), &traps))
		return -1;
	printf("# watched through %s: %lu accesses, each one aligned load or store of at most 8 "
	       "bytes, each byte once\n",
	       how + 1, traps);
	printf("# the same checker on glibc through %s: %s\n", how + 1, note);
	return 0;
}

static int t_copies_watched_dev(void)
{
	return watched(MEMREMAP_DEV, "/resource2");
}

static int t_copies_watched_wc(void)
{
	return watched(MEMREMAP_WC, "/resource2_wc");
}

/*
 * QEMU's exit status from user space: a semihosting SYS_EXIT (QEMU runs with
 * -semihosting-config userspace=on). AArch64 passes a block: the reason
 * ADP_Stopped_ApplicationExit and the status.
 */
static int semihost_exit(int status)
{
	uint64_t block[2] = {0x20026, (uint64_t)status};
	register uint64_t x0 __asm__("x0") = 0x18; /* SYS_EXIT */
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ __volatile__("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	printf("# semihosting SYS_EXIT returned: QEMU runs without semihosting\n");
	return 1;
}
#endif

/* What the x86_64 run checks and this one cannot, said in the log. */
static void not_checked_here(void)
{
	static const char *const why_not[] = {
		"pat_preloaded, kernel_pat_conflict, conflict_wb_then_dev: the kernel's PAT "
		"(x86 only; arm64's kernel tracks no memory types and refuses no second mapping)",
		"the PAT entry behind each mapping (edu_dev, ivshmem_wc, carveout_*, devm_unbind, "
		"query): no pat_memtype_list on arm64",
		"dax_wb: device DAX (Debian's arm64 kernel has no ZONE_DEVICE, so no dax_pmem)",
		"phys bits against /proc/cpuinfo: arm64's has no 'address sizes' line",
		"memmap= carve-outs (x86 only): a hole above mem=768M and a pmem-region node in "
		"the device tree stand in",
	};

	for (size_t i = 0; ARM64 && i < sizeof(why_not) / sizeof(why_not[0]); i++)
		printf("# arm64: not checked: %s\n", why_not[i]);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
#if defined(__aarch64__)
	if (argc > 2 && !strcmp(argv[1], "exit"))
		return semihost_exit(atoi(argv[2]));
#endif
	seed = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 1;
	edu_bar = pci_bar(0x1234, 0x11e8, 0);
	ivshmem_bar2 = pci_bar(0x1af4, 0x1110, 2);
	printf("# edu BAR0 %#" PRIx64 ", ivshmem BAR2 %#" PRIx64 ", seed %u\n", edu_bar,
	       ivshmem_bar2, seed);

	run("machine_open", t_machine_open);
	if (!machine) {
		printf("# no machine: nothing else can run\n");
		return 1;
	}
	if (argc > 2 && !strcmp(argv[2], "remove")) {
		run("ivshmem_removed", t_ivshmem_removed);
		mr_machine_close(machine);
		return nfail;
	}
	if (argc > 2 && !strcmp(argv[2], "revoke")) {
		run("pmem_revoked", t_pmem_revoked);
		mr_machine_close(machine);
		return nfail;
	}
	not_checked_here();
	if (!ARM64)
		run("pat_preloaded", t_pat_preloaded);
	run("unprivileged_iomem", t_unprivileged_iomem);
	run("edu_dev", t_edu_dev);
	run("edu_wt", t_edu_wt);
	run("edu_wc_not_prefetchable", t_edu_wc_not_prefetchable);
	run("ivshmem_wc", t_ivshmem_wc);
	run("carveout_wb", t_carveout_wb);
	run("carveout_dev", t_carveout_dev);
	run("ram_wt_wc_refused", t_ram_wt_wc_refused);
	run("ram_wb_strict_devmem", t_ram_wb_strict_devmem);
	if (!ARM64) {
		run("conflict_wb_then_dev", t_conflict_wb_then_dev);
		run("kernel_pat_conflict", t_kernel_pat_conflict);
	} else {
		run("arm64_no_memtype", t_arm64_no_memtype);
	}
	run("attributes", t_attributes);
	run("relaxed_kernel_busy", t_relaxed_kernel_busy);
	run("devm_unbind", t_devm_unbind);
	run("exclusive", t_exclusive);
	run("pmem_busy", t_pmem_busy);
	if (!ARM64)
		run("dax_wb", t_dax_wb);
	run("query", t_query);
	run("no_fd_left", t_no_fd_left);
	run("copies_dev", t_copies_dev);
	run("copies_wc", t_copies_wc);
#if defined(__aarch64__)
	run("copies_watched_dev", t_copies_watched_dev);
	run("copies_watched_wc", t_copies_watched_wc);
#endif

	mr_machine_close(machine);
	printf("# guest_tests: %d passed, %d failed\n", ntest - nfail, nfail);
	return nfail > 100 ? 100 : nfail;
}
