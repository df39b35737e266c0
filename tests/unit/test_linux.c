// SPDX-License-Identifier: MIT
/*
 * The linux machine's path choice, against a fake root (linux,root=DIR):
 * proc/iomem, sysfs files and device nodes that are plain sparse files, so
 * every path really maps and the bytes land at the file offset the kernel's
 * file would use. What only the real kernel answers (STRICT_DEVMEM, PAT
 * conflicts) is the VM suite's (tests/vm).
 */
#include <fcntl.h>
#include <pthread.h>
#include <ftw.h>
#include <stdarg.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "mr_test.h"

/* The VM guest's layout after /init made device DAX, plus a UIO device. */
static const char iomem[] = "00000000-00000fff : Reserved\n"
			    "00001000-0009fbff : System RAM\n"
			    "000f0000-000fffff : Reserved\n"
			    "  000f0000-000fffff : System ROM\n"
			    "00100000-2fffffff : System RAM\n"
			    "  01000000-01e01d31 : Kernel code\n"
			    "30000000-33ffffff : Reserved\n"
			    "34000000-37ffffff : System RAM\n"
			    "38000000-3bffffff : Persistent Memory (legacy)\n"
			    "  38000000-381fffff : namespace0.0\n"
			    "  38200000-3bffffff : dax0.0\n"
			    "3c000000-3ffdffff : System RAM\n"
			    "40000000-febfffff : PCI Bus 0000:00\n"
			    "  fd000000-fdffffff : 0000:00:04.0\n"
			    "  fea00000-feafffff : 0000:00:03.0\n"
			    "  feb11000-feb110ff : 0000:00:04.0\n"
			    "  feb20000-feb20fff : 0000:00:05.0\n"
			    "    feb20000-feb20fff : uio_card\n"
			    "fed00000-fed003ff : HPET 0\n"
			    "fd00000000-ffffffffff : Reserved\n";

#define EDU	0xfea00000ULL
#define SHM	0xfd000000ULL
#define SHM_REG 0xfeb11000ULL
#define UIO	0xfeb20000ULL
#define CARVE	0x30000000ULL
#define PMEM	0x38000000ULL
#define DAX	0x38200000ULL
#define RAM	0x10000000ULL

static char root[64];
static char spec[160];

static void put(const char *text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write @text to root/PATH, making the folders on the way. */
static void put(const char *text, const char *fmt, ...)
{
	char rel[512], path[700], *slash;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void sparse(uint64_t size, const char *rel)
{
	char path[700];

	put("", "%s", rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(truncate(path, (off_t)size), 0);
}

/* The byte at @off of root/REL, as another process would read it. */
static int byte_at(const char *rel, uint64_t off)
{
	char path[700];
	unsigned char c;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = pread(fd, &c, 1, (off_t)off);
	close(fd);
	return n == 1 ? c : -1;
}

static const char *pci = "sys/bus/pci/devices";

static int make_root(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/mr-linux-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(spec, sizeof(spec), "linux,root=%s", root);
	put(iomem, "proc/iomem");
	put("processor\t: 0\naddress sizes\t: 40 bits physical, 48 bits virtual\n", "proc/cpuinfo");
	put("console=ttyS0 nokaslr\n", "proc/cmdline");
	put("PAT memtype list:\nPAT: [mem 0x00000000fed00000-0x00000000fed01000] uncached-minus\n",
	    "sys/kernel/debug/x86/pat_memtype_list");
	/* edu: one non-prefetchable BAR. */
	put("0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n",
	    "%s/0000:00:03.0/resource", pci);
	sparse(1 << 20, "sys/bus/pci/devices/0000:00:03.0/resource0");
	/* ivshmem: registers in BAR0, shared memory in prefetchable BAR2. */
	put("0x00000000feb11000 0x00000000feb110ff 0x0000000000040200\n"
	    "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
	    "0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n",
	    "%s/0000:00:04.0/resource", pci);
	sparse(4096, "sys/bus/pci/devices/0000:00:04.0/resource0");
	sparse(16 << 20, "sys/bus/pci/devices/0000:00:04.0/resource2");
	sparse(16 << 20, "sys/bus/pci/devices/0000:00:04.0/resource2_wc");
	/* A bridge without memory BARs. */
	put("0x0000000000000000 0x0000000000000000 0x0000000000000000\n",
	    "%s/0000:00:00.0/resource", pci);
	/* Device DAX with 2 MiB extents. */
	put("0x200000\n", "sys/bus/dax/devices/dax0.0/align");
	put("0x38200000\n", "sys/bus/dax/devices/dax0.0/mapping0/start");
	put("0x3bffffff\n", "sys/bus/dax/devices/dax0.0/mapping0/end");
	put("0x0\n", "sys/bus/dax/devices/dax0.0/mapping0/page_offset");
	sparse(62 << 20, "dev/dax0.0");
	/* UIO: one physical map over the card's claimed registers. */
	put("0xfeb20000\n", "sys/class/uio/uio0/maps/map0/addr");
	put("0x1000\n", "sys/class/uio/uio0/maps/map0/size");
	sparse(4096, "dev/uio0");
	sparse(1ULL << 32, "dev/mem");
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_root(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct mr_machine *open_linux(const char *extra)
{
	char s[256];

	snprintf(s, sizeof(s), "%s%s", spec, extra);
	return mr_test_machine(s);
}

/* Map, check the path, type and note, write a byte, find it in @file. */
/*
 * /dev/mem without O_SYNC maps write-back on x86; arm64's maps every page
 * that is not kernel RAM Device-nGnRnE (phys_mem_access_prot()), and the
 * library says so.
 */
#if defined(__aarch64__)
#define DEVMEM_WB      MEMREMAP_DEV
#define DEVMEM_WB_NOTE "Device-nGnRnE"
#else
#define DEVMEM_WB      MEMREMAP_WB
#define DEVMEM_WB_NOTE NULL
#endif

/* Whose rules the kernel this test runs on has (qemu-user answers for its guest). */
static const char *running_arch(void)
{
	struct utsname u;

	assert_int_equal(uname(&u), 0);
	return !strcmp(u.machine, "aarch64") ? "arm64" : "x86_64";
}

/*
 * The attribute each path gives: the PAT type on x86; on arm64 ioremap's
 * for a BAR, pgprot_noncached()'s Device-nGnRnE for UIO and /dev/mem.
 */
static const char *expected_attr(const char *how, unsigned long type)
{
	bool arm64 = !strcmp(running_arch(), "arm64");

	if (arm64 && type == MEMREMAP_DEV && !strncmp(how, "/dev/", 5) &&
	    strncmp(how, "/dev/dax", 8))
		return "Device-nGnRnE";
	switch (type) {
	case MEMREMAP_WB:
		return arm64 ? "Normal" : "WB";
	case MEMREMAP_WC:
		return arm64 ? "Normal-NC" : "WC";
	case MEMREMAP_DEV:
		return arm64 ? "Device-nGnRE" : "UC-";
	}
	return "WT";
}

static void check_map(struct mr_machine *m, uint64_t phys, size_t size, unsigned long flags,
		      const char *how, unsigned long type, const char *note, const char *file,
		      uint64_t file_off)
{
	struct mr_mapping_info info;
	unsigned char *p = mr_memremap(m, phys, size, flags);

	if (!p)
		fail_msg("memremap(%#llx, %#zx, %#lx): %s", (unsigned long long)phys, size, flags,
			 mr_errmsg());
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_string_equal(info.how, how);
	assert_int_equal(info.type, type);
	assert_string_equal(mr_mapping_attr(p + size - 1), expected_attr(how, type));
	assert_string_equal(mr_memremap_attr(m, phys, size, flags), expected_attr(how, type));
	if (note)
		assert_non_null(strstr(info.note, note));
	else
		assert_string_equal(info.note, "");
	p[0] = 0x5a;
	p[size - 1] = 0xa5;
	assert_int_equal(byte_at(file, file_off), 0x5a);
	assert_int_equal(byte_at(file, file_off + size - 1), 0xa5);
	memunmap(p);
}

static void test_open(void **state)
{
	struct mr_machine *m = open_linux("");
	unsigned long type = 0;

	(void)state;
	assert_string_equal(mr_machine_platform(m), "linux");
	assert_int_equal(mr_machine_phys_bits(m), 40);
	assert_int_equal(mr_region_intersects(mr_iomem_resource(m), RAM, 4096,
					      IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	/*
	 * The running kernel's rules: on x86 its PAT list is preloaded; an
	 * arm64 kernel has no PAT, so a list there (none would exist) is not.
	 */
	assert_string_equal(mr_machine_arch(m), running_arch());
	if (!strcmp(running_arch(), "x86_64")) {
		assert_int_equal(mr_machine_memtype(m, 0xfed00000, 4096, &type, NULL, 0), 1);
		assert_int_equal(type, MEMREMAP_DEV);
	} else {
		assert_int_equal(mr_machine_memtype(m, 0xfed00000, 4096, &type, NULL, 0), 0);
	}
	mr_test_machine_done(m);

	m = open_linux(",phys-bits=46");
	assert_int_equal(mr_machine_phys_bits(m), 46);
	mr_test_machine_done(m);
}

static void test_open_errors(void **state)
{
	struct mr_machine *m = NULL;
	char s[256];

	(void)state;
	snprintf(s, sizeof(s), "%s,bogus", spec);
	assert_int_equal(mr_machine_open(&m, s), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "bogus"));
	assert_int_equal(mr_machine_open(&m, "linux:/proc/iomem"), -EINVAL);
	snprintf(s, sizeof(s), "%s,phys-bits=99", spec);
	assert_int_equal(mr_machine_open(&m, s), -EINVAL);
	assert_int_equal(mr_machine_open(&m, "linux,root=/nonexistent-mr-root"), -ENOENT);
	assert_non_null(strstr(mr_errmsg(), "/nonexistent-mr-root/proc/iomem"));
	assert_null(m);
}

/* What a user without CAP_SYS_ADMIN reads. */
static void test_iomem_hidden(void **state)
{
	struct mr_machine *m = NULL;

	(void)state;
	put("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n"
	    "  00000000-00000000 : Kernel code\n",
	    "proc/iomem");
	assert_int_equal(mr_machine_open(&m, spec), -EACCES);
	assert_non_null(strstr(mr_errmsg(), "root"));
	put(iomem, "proc/iomem");
}

static void test_pci_bar(void **state)
{
	struct mr_machine *m = open_linux("");

	(void)state;
	check_map(m, EDU + 0x10, 0x20, MEMREMAP_DEV, "0000:00:03.0/resource0", MEMREMAP_DEV, NULL,
		  "sys/bus/pci/devices/0000:00:03.0/resource0", 0x10);
	check_map(m, EDU + 0x2000, 0x100, MEMREMAP_WT, "0000:00:03.0/resource0", MEMREMAP_DEV,
		  "write-through", "sys/bus/pci/devices/0000:00:03.0/resource0", 0x2000);
	check_map(m, EDU, 0x100, MEMREMAP_WC, "0000:00:03.0/resource0", MEMREMAP_DEV,
		  "not prefetchable", "sys/bus/pci/devices/0000:00:03.0/resource0", 0);
	check_map(m, SHM + 0x3000, 0x2000, MEMREMAP_WC, "0000:00:04.0/resource2_wc", MEMREMAP_WC,
		  NULL, "sys/bus/pci/devices/0000:00:04.0/resource2_wc", 0x3000);
	check_map(m, SHM + 0x1000, 0x10, MEMREMAP_DEV, "0000:00:04.0/resource2", MEMREMAP_DEV, NULL,
		  "sys/bus/pci/devices/0000:00:04.0/resource2", 0x1000);
	/* A BAR smaller than a page. */
	check_map(m, SHM_REG + 4, 4, MEMREMAP_DEV, "0000:00:04.0/resource0", MEMREMAP_DEV, NULL,
		  "sys/bus/pci/devices/0000:00:04.0/resource0", 4);
	/* WB has no PCI path: /dev/mem without O_SYNC. */
	check_map(m, SHM, 0x1000, MEMREMAP_WB, "/dev/mem", DEVMEM_WB, DEVMEM_WB_NOTE, "dev/mem",
		  SHM);
	mr_test_machine_done(m);
}

static void test_devmem(void **state)
{
	struct mr_machine *m = open_linux("");

	(void)state;
	check_map(m, CARVE + 0x123, 0x10, MEMREMAP_WB, "/dev/mem", DEVMEM_WB, DEVMEM_WB_NOTE,
		  "dev/mem", CARVE + 0x123);
	check_map(m, CARVE + 0x10000, 0x1000, MEMREMAP_DEV, "/dev/mem O_SYNC", MEMREMAP_DEV, NULL,
		  "dev/mem", CARVE + 0x10000);
	check_map(m, CARVE + 0x20000, 0x1000, MEMREMAP_WT, "/dev/mem O_SYNC", MEMREMAP_DEV,
		  "write-through", "dev/mem", CARVE + 0x20000);
	check_map(m, CARVE + 0x30000, 0x1000, MEMREMAP_WC, "/dev/mem O_SYNC", MEMREMAP_DEV,
		  "prefetchable", "dev/mem", CARVE + 0x30000);
	mr_test_machine_done(m);
}

static void test_dax(void **state)
{
	struct mr_machine *m = open_linux("");
	struct mr_query q;

	(void)state;
	/* Inside the second 2 MiB extent: the window is aligned around it. */
	check_map(m, DAX + 0x201000, 0x1000, MEMREMAP_WB, "/dev/dax0.0", MEMREMAP_WB, NULL,
		  "dev/dax0.0", 0x201000);
	check_map(m, DAX + 0x1ff000, 0x2000, MEMREMAP_WB, "/dev/dax0.0", MEMREMAP_WB, NULL,
		  "dev/dax0.0", 0x1ff000);
	/* Only WB goes through DAX; the rest meets dax0.0's busy claim. */
	assert_int_equal(mr_memremap_query(m, DAX, 0x1000, MEMREMAP_DEV, &q), -EBUSY);
	assert_non_null(strstr(q.why, "dax0.0"));
	mr_test_machine_done(m);
}

static void test_uio(void **state)
{
	struct mr_machine *m = open_linux("");

	(void)state;
	/* The card's driver claimed the BAR; its UIO map is the way in. */
	check_map(m, UIO + 0x40, 0x10, MEMREMAP_DEV, "/dev/uio0 map0", MEMREMAP_DEV, NULL,
		  "dev/uio0", 0x40);
	check_map(m, UIO, 0x100, MEMREMAP_WC, "/dev/uio0 map0", MEMREMAP_DEV, "uncached",
		  "dev/uio0", 0);
	mr_test_machine_done(m);
}

static void test_busy(void **state)
{
	struct mr_machine *m = open_linux("");
	struct mr_query q;

	(void)state;
	errno = 0;
	assert_null(mr_memremap(m, PMEM, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "namespace0.0"));
	assert_non_null(strstr(mr_errmsg(), "IO_STRICT_DEVMEM"));
	assert_int_equal(mr_memremap_query(m, PMEM, 0x1000, MEMREMAP_WB, &q), -EBUSY);
	mr_test_machine_done(m);

	/* relaxed: the kernel decides, and this one's /dev/mem is a file. */
	m = open_linux(",relaxed");
	check_map(m, PMEM, 0x1000, MEMREMAP_WB, "/dev/mem", DEVMEM_WB, DEVMEM_WB_NOTE, "dev/mem",
		  PMEM);
	mr_test_machine_done(m);

	/*
	 * The kernel's own iomem=relaxed does not: a driver's range stays
	 * refused unless the caller asks for relaxed (a write into a live
	 * NVMe BAR must not be one command away). iomem_is_exclusive() still
	 * answers as that kernel would.
	 */
	put("console=ttyS0 iomem=relaxed\n", "proc/cmdline");
	m = open_linux("");
	assert_int_equal(mr_memremap_query(m, PMEM, 0x1000, MEMREMAP_WB, &q), -EBUSY);
	errno = 0;
	assert_null(mr_memremap(m, PMEM, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, EBUSY);
	assert_false(iomem_is_exclusive(PMEM));
	mr_test_machine_done(m);
	/* The last iomem= wins, as in the kernel's parser; a longer word is not it. */
	put("console=ttyS0 iomem=relaxed iomem=strict xiomem=relaxed\n", "proc/cmdline");
	m = open_linux("");
	assert_int_equal(mr_memremap_query(m, PMEM, 0x1000, MEMREMAP_WB, &q), -EBUSY);
	mr_test_machine_done(m);
	put("console=ttyS0 nokaslr\n", "proc/cmdline");
}

/* Claims change while the machine is open: a refusal reads them again. */
static void test_busy_rechecked(void **state)
{
	struct mr_machine *m = open_linux("");
	char released[sizeof(iomem)], *line;

	(void)state;
	assert_null(mr_memremap(m, PMEM, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, EBUSY);

	/* /proc/iomem that cannot be read keeps the old picture. */
	put("00000000-00000000 : System RAM\n00000000-00000000 : Reserved\n", "proc/iomem");
	assert_null(mr_memremap(m, PMEM, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "namespace0.0"));

	/* The driver lets go (nd_pmem unbound): the same machine may map it. */
	memcpy(released, iomem, sizeof(iomem));
	line = strstr(released, "  38000000-381fffff : namespace0.0\n");
	assert_non_null(line);
	memmove(line, strchr(line, '\n') + 1, strlen(strchr(line, '\n') + 1) + 1);
	put(released, "proc/iomem");
	check_map(m, PMEM, 0x1000, MEMREMAP_WB, "/dev/mem", DEVMEM_WB, DEVMEM_WB_NOTE, "dev/mem",
		  PMEM);
	/* dax0.0 still holds the rest of the namespace. */
	assert_null(mr_memremap(m, DAX, 0x1000, MEMREMAP_DEV));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "dax0.0"));
	put(iomem, "proc/iomem");
	mr_test_machine_done(m);
}

/* Threads whose refusals reload the claims while others map: run under TSan. */
static void *busy_worker(void *arg)
{
	struct mr_machine *m = arg;
	long wrong = 0;
	void *p;
	int i;

	for (i = 0; i < 200; i++) {
		p = mr_memremap(m, PMEM + (uint64_t)(i % 8) * 0x1000, 0x1000, MEMREMAP_WB);
		wrong += p || errno != EBUSY;
		if (p)
			memunmap(p);
		/* Not write-back: the System RAM check reads the claims too. */
		p = mr_memremap(m, CARVE + (uint64_t)(i % 16) * 0x1000, 0x100, MEMREMAP_DEV);
		wrong += !p;
		memunmap(p);
	}
	return (void *)wrong;
}

static void test_busy_threads(void **state)
{
	struct mr_machine *m = open_linux("");
	pthread_t t[4];
	void *wrong;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, busy_worker, m), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &wrong), 0);
		assert_null(wrong);
	}
	mr_test_machine_done(m);
}

static void test_query_ram(void **state)
{
	struct mr_machine *m = open_linux("");
	struct mr_query q;

	(void)state;
	/* A dry run tells what a STRICT_DEVMEM kernel would answer. */
	assert_int_equal(mr_memremap_query(m, RAM, 0x1000, MEMREMAP_WB, &q), -EPERM);
	assert_non_null(strstr(q.why, "STRICT_DEVMEM"));
	assert_int_equal(mr_memremap_query(m, SHM, 0x1000, MEMREMAP_WC, &q), 0);
	assert_string_equal(q.how, "0000:00:04.0/resource2_wc");
	assert_int_equal(q.type, MEMREMAP_WC);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_test_machine_done(m);
}

/*
 * A sysfs or device file that is a symlink leads somewhere else: a caller
 * who controls root= (or a file system) must not get the library to map
 * and write any file it likes. The door is refused; the file is untouched.
 */
static void test_symlinked_door(void **state)
{
	char bar[700], victim[700], saved[720], devmem[700], devmem_saved[720], doors[1024];
	struct mr_mapping_info info;
	struct mr_machine *m;
	struct mr_query q;
	void *p;

	(void)state;
	snprintf(devmem, sizeof(devmem), "%s/dev/mem", root);
	snprintf(devmem_saved, sizeof(devmem_saved), "%s.real", devmem);
	snprintf(bar, sizeof(bar), "%s/sys/bus/pci/devices/0000:00:03.0/resource0", root);
	snprintf(saved, sizeof(saved), "%s.real", bar);
	snprintf(victim, sizeof(victim), "%s/victim", root);
	put("precious\n", "victim");
	assert_int_equal(rename(bar, saved), 0);
	assert_int_equal(symlink(victim, bar), 0);
	m = open_linux("");
	/* The door is passed over for the next one, /dev/mem, and the list says why. */
	p = mr_memremap(m, EDU, 0x10, MEMREMAP_DEV);
	assert_non_null(p);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_string_equal(info.how, "/dev/mem O_SYNC");
	assert_true(mr_mapping_doors(p, doors, sizeof(doors)) > 0);
	assert_non_null(strstr(doors, "0000:00:03.0/resource0: refused: "));
	assert_non_null(strstr(doors, "symbolic link"));
	memunmap(p);
	assert_int_equal(byte_at("victim", 0), 'p');
	/* With no door after it, the symlink's refusal is the answer. */
	assert_int_equal(rename(devmem, devmem_saved), 0);
	errno = 0;
	assert_null(mr_memremap(m, EDU, 0x10, MEMREMAP_DEV));
	assert_int_equal(errno, EPERM);
	assert_non_null(strstr(mr_errmsg(), "symbolic link"));
	assert_int_equal(mr_memremap_query(m, EDU, 0x10, MEMREMAP_DEV, &q), -EPERM);
	assert_int_equal(rename(devmem_saved, devmem), 0);
	assert_int_equal(byte_at("victim", 0), 'p');
	mr_test_machine_done(m);
	unlink(bar);
	assert_int_equal(rename(saved, bar), 0);
	/* /proc/iomem itself, as a symlink, is refused too. */
	snprintf(bar, sizeof(bar), "%s/proc/iomem", root);
	snprintf(saved, sizeof(saved), "%s/proc/iomem.real", root);
	assert_int_equal(rename(bar, saved), 0);
	assert_int_equal(symlink(saved, bar), 0);
	snprintf(victim, sizeof(victim), "%s", spec);
	assert_errno(mr_machine_open(&m, victim) == -EPERM, EPERM);
	unlink(bar);
	assert_int_equal(rename(saved, bar), 0);
}

static void test_no_fd_left(void **state)
{
	struct mr_machine *m = open_linux("");
	int fd = dup(0), fd2;
	void *p;

	(void)state;
	close(fd);
	p = mr_memremap(m, DAX, 0x1000, MEMREMAP_WB);
	assert_non_null(p);
	fd2 = dup(0);
	/* The descriptor used for the mapping was closed again. */
	assert_int_equal(fd2, fd);
	close(fd2);
	memunmap(p);
	mr_test_machine_done(m);
}

/*
 * A query says what would really happen: where /dev/mem is missing or
 * cannot be opened, the query refuses with the errno and the message that
 * the mapping itself then gets (issue 14 item 9).
 */
/* Why the query and the mapping disagree, or NULL: no cmocka here, a child runs it too. */
static const char *query_disagrees(struct mr_machine *m, uint64_t phys, unsigned long flags,
				   int err, const char *words)
{
	struct mr_query q;
	char why[sizeof(q.why)];
	void *p;

	if (mr_memremap_query(m, phys, 0x1000, flags, &q) != -err)
		return "the query's answer is not the errno expected";
	snprintf(why, sizeof(why), "%s", q.why);
	errno = 0;
	p = mr_memremap(m, phys, 0x1000, flags);
	if (p) {
		memunmap(p);
		return "the mapping was made";
	}
	if (errno != err)
		return "the mapping's errno is not the query's";
	/* The same words, cut where the query's buffer cuts them. */
	if (strncmp(why, mr_errmsg(), strlen(why)) ||
	    (strlen(why) < sizeof(why) - 1 && strcmp(why, mr_errmsg())))
		return "the mapping's message is not the query's";
	if (!strstr(mr_errmsg(), words) || !strstr(mr_errmsg(), "/dev/mem"))
		return "the message does not say why";
	return NULL;
}

static void assert_query_agrees(struct mr_machine *m, uint64_t phys, unsigned long flags, int err,
				const char *words)
{
	const char *wrong = query_disagrees(m, phys, flags, err, words);

	if (wrong)
		fail_msg("%s: %s", wrong, mr_errmsg());
	assert_int_equal(mr_machine_mappings(m), 0);
}

static void test_devmem_missing(void **state)
{
	char path[700], saved[720];
	struct mr_machine *m;

	(void)state;
	snprintf(path, sizeof(path), "%s/dev/mem", root);
	snprintf(saved, sizeof(saved), "%s/dev/mem.away", root);
	assert_int_equal(rename(path, saved), 0);
	m = open_linux("");
	assert_query_agrees(m, CARVE, MEMREMAP_DEV, ENOENT, strerror(ENOENT));
	assert_query_agrees(m, CARVE, MEMREMAP_WB, ENOENT, strerror(ENOENT));
	/* Other doors do not depend on it. */
	check_map(m, EDU, 0x10, MEMREMAP_DEV, "0000:00:03.0/resource0", MEMREMAP_DEV, NULL,
		  "sys/bus/pci/devices/0000:00:03.0/resource0", 0);
	mr_test_machine_done(m);
	assert_int_equal(rename(saved, path), 0);
}

/* What a user who may not open /dev/mem gets: the query agrees. NULL or why not. */
static const char *devmem_unreadable(void)
{
	struct mr_machine *m = NULL;
	const char *wrong;

	if (mr_machine_open(&m, spec))
		return "cannot open the machine";
	wrong = query_disagrees(m, CARVE, MEMREMAP_DEV, EACCES, "permission denied");
	if (!wrong)
		wrong = query_disagrees(m, CARVE + 0x1000, MEMREMAP_WB, EACCES, "CAP_SYS_RAWIO");
	if (wrong)
		fprintf(stderr, "%s: %s\n", wrong, mr_errmsg());
	mr_machine_close(m);
	return wrong;
}

static void test_devmem_unreadable(void **state)
{
	char path[700];
	int status;
	pid_t pid;

	(void)state;
	snprintf(path, sizeof(path), "%s/dev/mem", root);
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_null(devmem_unreadable());
		assert_int_equal(chmod(path, 0644), 0);
		return;
	}
	/* Root opens anything: the check runs as nobody, in a child. */
	assert_int_equal(chmod(root, 0755), 0);
	assert_int_equal(chmod(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(3);
		_exit(devmem_unreadable() ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(root, 0700), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* The claimant a busy refusal names is escaped: its name came from /proc/iomem. */
static void test_busy_name_escaped(void **state)
{
	char hostile[sizeof(iomem) + 16], *at;
	struct mr_machine *m;
	const char *p;

	(void)state;
	at = strstr(iomem, "namespace0.0");
	assert_non_null(at);
	snprintf(hostile, sizeof(hostile), "%.*s\x1b[2J%s", (int)(at - iomem), iomem, at);
	put(hostile, "proc/iomem");
	m = open_linux("");
	errno = 0;
	assert_null(mr_memremap(m, PMEM, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "'\\x1b[2Jnamespace0.0' [mem 0x38000000-0x381fffff]"));
	for (p = mr_errmsg(); *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	mr_test_machine_done(m);
	put(iomem, "proc/iomem");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_iomem_hidden),
		cmocka_unit_test(test_pci_bar),
		cmocka_unit_test(test_devmem),
		cmocka_unit_test(test_dax),
		cmocka_unit_test(test_uio),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_busy_rechecked),
		cmocka_unit_test(test_busy_threads),
		cmocka_unit_test(test_query_ram),
		cmocka_unit_test(test_no_fd_left),
		cmocka_unit_test(test_symlinked_door),
		cmocka_unit_test(test_devmem_missing),
		cmocka_unit_test(test_devmem_unreadable),
		cmocka_unit_test(test_busy_name_escaped),
	};

	return cmocka_run_group_tests(tests, make_root, remove_root);
}
