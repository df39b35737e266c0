// SPDX-License-Identifier: MIT
/*
 * VFIO as a door of the linux machine, against a fake root and a fake
 * kernel: the test is linked with -Wl,--wrap=ioctl, so the library's VFIO
 * ioctls on the fake root's files come here, where they are answered as
 * Debian's 6.1 (the group interface, a type1 container) and 6.6+ (the
 * device cdev bound to iommufd) answer them, and counted. Regions are laid
 * out in a sparse file per device, so mappings really map and their bytes
 * land where the region's offset says. The real kernel's answers are the
 * VM suite's (tests/vm, vm.vfio).
 */
#include <limits.h>
#include <sys/ioctl.h>

#include <linux/vfio.h>

#include <memremap/pci.h>

#include "fake_root.h"

#define EDU   0xfea00000ULL
#define SHM   0xfd000000ULL
#define CDEV  0xfe000000ULL
#define NOVI  0xfe100000ULL
#define PLAIN 0xfe200000ULL

/* Where the fake kernel puts region i in a device's file. */
#define REGION(i) ((uint64_t)(i) << 24)

#ifndef VFIO_DEVICE_BIND_IOMMUFD
struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};
#define VFIO_DEVICE_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
#endif

/* ------------------------------------------------------- the fake kernel */

static struct {
	int api, extension, status, set_container, get_device_fd, region_info, bind;
	int iommu_type;	      /* what VFIO_SET_IOMMU was given */
	int device_fd_errno;  /* fail VFIO_GROUP_GET_DEVICE_FD with this */
	bool no_mmap;	      /* regions without VFIO_REGION_INFO_FLAG_MMAP */
	int bound_fd;	      /* the cdev descriptor bound to iommufd */
	char last_device[32]; /* the name VFIO_GROUP_GET_DEVICE_FD was given */
} fk;

int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...);

/* What the descriptor is, by the file it has open. */
static int fd_path(int fd, char *buf, size_t n)
{
	char link[64];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, buf, n - 1);
	if (len < 0)
		return -1;
	buf[len] = '\0';
	return 0;
}

/* The BAR sizes of each fake device, by the last component of its file. */
static uint64_t bar_size(const char *dev, unsigned int i)
{
	if (strstr(dev, "0000:00:03.0") || strstr(dev, "vfio0") || strstr(dev, "0000:00:05.0") ||
	    strstr(dev, "0000:00:06.0"))
		return i == 0 ? 1 << 20 : 0;
	if (strstr(dev, "0000:00:04.0"))
		return i == 0 ? 0x100 : i == 2 ? 16 << 20 : 0;
	return 0;
}

static int fake_region(const char *path, struct vfio_region_info *r)
{
	if (r->argsz < sizeof(*r)) {
		errno = EINVAL;
		return -1;
	}
	fk.region_info++;
	if (r->index == VFIO_PCI_CONFIG_REGION_INDEX) {
		r->size = 256;
		r->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	} else if (r->index < 6) {
		r->size = bar_size(path, r->index);
		r->flags = r->size ? VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
					     (fk.no_mmap ? 0 : VFIO_REGION_INFO_FLAG_MMAP)
				   : 0;
	} else {
		errno = EINVAL;
		return -1;
	}
	r->offset = REGION(r->index);
	return 0;
}

static int fake_group(int fd, unsigned long req, void *arg)
{
	char path[700];

	switch (req) {
	case VFIO_GROUP_GET_STATUS:
		fk.status++;
		/* Group 10 holds a device bound to e1000: not viable, as the kernel says. */
		fd_path(fd, path, sizeof(path));
		((struct vfio_group_status *)arg)->flags =
			strstr(path, "/dev/vfio/10") ? 0 : VFIO_GROUP_FLAGS_VIABLE;
		return 0;
	case VFIO_GROUP_SET_CONTAINER:
		fk.set_container++;
		return 0;
	case VFIO_GROUP_GET_DEVICE_FD:
		fk.get_device_fd++;
		snprintf(fk.last_device, sizeof(fk.last_device), "%s", (const char *)arg);
		if (fk.device_fd_errno) {
			errno = fk.device_fd_errno;
			return -1;
		}
		snprintf(path, sizeof(path), "%s/vfio-fake/%s", fake_root, (const char *)arg);
		return open(path, O_RDWR | O_CLOEXEC);
	}
	errno = ENOTTY;
	return -1;
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	char path[700];
	void *arg;
	va_list ap;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!fake_root[0] || fd_path(fd, path, sizeof(path)) ||
	    strncmp(path, fake_root, strlen(fake_root)))
		return __real_ioctl(fd, req, arg);
	if (strstr(path, "/dev/vfio/vfio")) {
		switch (req) {
		case VFIO_GET_API_VERSION:
			fk.api++;
			return VFIO_API_VERSION;
		case VFIO_CHECK_EXTENSION:
			fk.extension++;
			return (uintptr_t)arg == VFIO_TYPE1v2_IOMMU ||
			       (uintptr_t)arg == VFIO_TYPE1_IOMMU;
		case VFIO_SET_IOMMU:
			fk.iommu_type = (int)(uintptr_t)arg;
			return fk.set_container ? 0 : (errno = EINVAL, -1);
		}
	} else if (strstr(path, "/dev/vfio/devices/")) {
		if (req == VFIO_DEVICE_BIND_IOMMUFD) {
			struct vfio_device_bind_iommufd *b = arg;
			char iommu[700];

			fd_path(b->iommufd, iommu, sizeof(iommu));
			if (!strstr(iommu, "/dev/iommu") || b->flags || b->argsz < 16) {
				errno = EINVAL;
				return -1;
			}
			fk.bind++;
			fk.bound_fd = fd;
			return 0;
		}
		/* A cdev gives nothing before it is bound to iommufd. */
		if (req == VFIO_DEVICE_GET_REGION_INFO && fk.bound_fd == fd)
			return fake_region(path, arg);
	} else if (strstr(path, "/vfio-fake/")) {
		if (req == VFIO_DEVICE_GET_REGION_INFO)
			return fake_region(path, arg);
	} else if (strstr(path, "/dev/vfio/")) {
		return fake_group(fd, req, arg);
	}
	errno = ENOTTY;
	return -1;
}

/* How many of this process's descriptors have a file of the fake VFIO open. */
static int vfio_fds(void)
{
	char path[700];
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (!fd_path(fd, path, sizeof(path)) &&
		    !strncmp(path, fake_root, strlen(fake_root)) &&
		    (strstr(path, "/dev/vfio/") || strstr(path, "/vfio-fake/") ||
		     strstr(path, "/dev/iommu")))
			n++;
	return n;
}

/* ------------------------------------------------------------- the root */

static char spec[160];

static const char iomem[] = "00000000-00000fff : Reserved\n"
			    "00001000-0009fbff : System RAM\n"
			    "00100000-3fffffff : System RAM\n"
			    "40000000-febfffff : PCI Bus 0000:00\n"
			    "  fd000000-fdffffff : 0000:00:04.0\n"
			    "  fe000000-fe0fffff : 0000:00:05.0\n"
			    "  fe100000-fe1fffff : 0000:00:06.0\n"
			    "  fe200000-fe2fffff : 0000:00:07.0\n"
			    "  fea00000-feafffff : 0000:00:03.0\n"
			    "  feb11000-feb110ff : 0000:00:04.0\n";

#define MEM_BAR(a, b) "0x00000000" a " 0x00000000" b " 0x0000000000040200\n"

static void make_device_file(const char *bdf)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "vfio-fake/%s", bdf);
	fake_sparse(REGION(8), rel);
}

static int setup(void **state)
{
	unsigned char id[4] = {0x34, 0x12, 0xe8, 0x11};

	(void)state;
	fake_root_make();
	snprintf(spec, sizeof(spec), "linux,root=%s", fake_root);
	fake_put(iomem, "proc/iomem");
	fake_put("processor\t: 0\naddress sizes\t: 40 bits physical, 48 bits virtual\n",
		 "proc/cpuinfo");
	fake_put("console=ttyS0\n", "proc/cmdline");
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	fake_sparse(1ULL << 32, "dev/mem");
	fake_put("", "dev/vfio/vfio");
	/* edu, bound to vfio-pci, alone in group 7. */
	fake_pci("0000:00:03.0", MEM_BAR("fea00000", "feafffff"), 0x1234, 0x11e8, 0x2, "vfio-pci",
		 7);
	fake_sparse(1 << 20, "sys/devices/pci0000:00/0000:00:03.0/resource0");
	fake_put("", "dev/vfio/7");
	make_device_file("0000:00:03.0");
	/* Config space as VFIO shows it: the IDs, where sysfs has others (not read). */
	fake_pwrite("vfio-fake/0000:00:03.0", REGION(7), id, sizeof(id));
	/* ivshmem: registers in BAR0, memory in prefetchable BAR2; group 8. */
	fake_pci("0000:00:04.0",
		 MEM_BAR("feb11000",
			 "feb110ff") "0x0000000000000000 0x0000000000000000 0x0\n"
				     "0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n",
		 0x1af4, 0x1110, 0x2, "vfio-pci", 8);
	fake_sparse(16 << 20, "sys/devices/pci0000:00/0000:00:04.0/resource2");
	fake_sparse(16 << 20, "sys/devices/pci0000:00/0000:00:04.0/resource2_wc");
	fake_put("", "dev/vfio/8");
	make_device_file("0000:00:04.0");
	/* A function with the cdev interface (vfio0) and a group (9). */
	fake_pci("0000:00:05.0", MEM_BAR("fe000000", "fe0fffff"), 0x1234, 0x11e8, 0x2, "vfio-pci",
		 9);
	fake_mkdir("sys/devices/pci0000:00/0000:00:05.0/vfio-dev/vfio0");
	fake_sparse(REGION(8), "dev/vfio/devices/vfio0");
	fake_put("", "dev/iommu");
	fake_put("", "dev/vfio/9");
	make_device_file("0000:00:05.0");
	/* vfio-pci's, but group 10 also holds 0000:00:06.1, bound to e1000: not viable. */
	fake_pci("0000:00:06.0", MEM_BAR("fe100000", "fe1fffff"), 0x8086, 0x10d3, 0x2, "vfio-pci",
		 10);
	fake_sparse(1 << 20, "sys/devices/pci0000:00/0000:00:06.0/resource0");
	fake_pci("0000:00:06.1", "", 0x8086, 0x10d3, 0x2, "e1000", 10);
	fake_put("", "dev/vfio/10");
	make_device_file("0000:00:06.0");
	/* A function no driver holds, without an IOMMU group. */
	fake_pci("0000:00:07.0", MEM_BAR("fe200000", "fe2fffff"), 0x1b36, 0x0010, 0x2, NULL, -1);
	fake_sparse(1 << 20, "sys/devices/pci0000:00/0000:00:07.0/resource0");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_root_remove();
	return 0;
}

static int reset_fake(void **state)
{
	(void)state;
	memset(&fk, 0, sizeof(fk));
	fk.bound_fd = -1;
	fake_put("[none] integrity confidentiality\n", "sys/kernel/security/lockdown");
	return 0;
}

static struct mr_machine *open_linux(void)
{
	return mr_test_machine(spec);
}

/* The mapping's door and type, and the list of doors. */
static void *map_via(struct mr_machine *m, uint64_t phys, size_t size, unsigned long flags,
		     const char *how, unsigned long type, char *doors, size_t n)
{
	struct mr_mapping_info info;
	void *p = mr_memremap(m, phys, size, flags);

	if (!p)
		fail_msg("memremap(%#llx, %#zx, %#lx): %s", (unsigned long long)phys, size, flags,
			 mr_errmsg());
	assert_int_equal(mr_mapping_info(p, &info), 0);
	if (strncmp(info.how, how, strlen(how)))
		fail_msg("through '%s', expected '%s'", info.how, how);
	assert_int_equal(info.type, type);
	if (doors)
		assert_true(mr_mapping_doors(p, doors, n) > 0);
	return p;
}

/* @needle is in @hay, or the test fails showing both. */
#define assert_has(hay, needle)                                                         \
	do {                                                                            \
		if (!strstr((hay), (needle)))                                           \
			fail_msg("'%s' is not in:\n%s", (const char *)(needle), (hay)); \
	} while (0)

/* ---------------------------------------------------------------- tests */

/* Debian 6.1's interface: the group into a type1 container, the device from the group. */
static void test_group_map(void **state)
{
	struct mr_machine *m = open_linux();
	struct mr_mapping_info info;
	char doors[1024];
	unsigned char *p;

	(void)state;
	p = map_via(m, EDU + 0x10, 0x20, MEMREMAP_DEV, "vfio 0000:00:03.0 bar0 (group 7)",
		    MEMREMAP_DEV, doors, sizeof(doors));
	assert_int_equal(fk.api, 1);
	assert_int_equal(fk.set_container, 1);
	assert_int_equal(fk.iommu_type, VFIO_TYPE1v2_IOMMU);
	assert_int_equal(fk.get_device_fd, 1);
	assert_string_equal(fk.last_device, "0000:00:03.0");
	assert_string_equal(doors, "vfio 0000:00:03.0 bar0 (group 7): taken (dev)\n");
	/* The bytes go to the BAR's region, at the offset in the BAR. */
	p[0] = 0x5a;
	p[0x1f] = 0xa5;
	assert_int_equal(fake_byte_at("vfio-fake/0000:00:03.0", REGION(0) + 0x10), 0x5a);
	assert_int_equal(fake_byte_at("vfio-fake/0000:00:03.0", REGION(0) + 0x2f), 0xa5);
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_string_equal(info.note, "");
	memunmap(p);
	mr_test_machine_done(m);
}

/* One set of descriptors per device, however many mappings; the last one out closes them. */
static void test_refcount(void **state)
{
	struct mr_machine *m = open_linux();
	struct mr_test_log log;
	void *a, *b;

	(void)state;
	assert_int_equal(vfio_fds(), 0);
	a = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	b = map_via(m, EDU + 0x8000, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	assert_int_equal(fk.get_device_fd, 1);
	/* Container, group, device. */
	assert_int_equal(vfio_fds(), 3);
	memunmap(a);
	assert_int_equal(vfio_fds(), 3);
	memunmap(b);
	assert_int_equal(vfio_fds(), 0);
	a = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	assert_int_equal(fk.get_device_fd, 2);
	/* Closing the machine unmaps what is left, and that closes the device. */
	mr_test_log_start(&log);
	mr_machine_use(NULL);
	mr_machine_close(m);
	mr_test_log_stop();
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "closed with 1 live mapping"));
	assert_int_equal(vfio_fds(), 0);
}

/* Two devices of two groups: a container each, both open at once. */
static void test_two_devices(void **state)
{
	struct mr_machine *m = open_linux();
	void *a, *b;

	(void)state;
	a = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio 0000:00:03.0 bar0 (group 7)", MEMREMAP_DEV,
		    NULL, 0);
	b = map_via(m, SHM, 0x1000, MEMREMAP_DEV, "vfio 0000:00:04.0 bar2 (group 8)", MEMREMAP_DEV,
		    NULL, 0);
	assert_int_equal(fk.set_container, 2);
	assert_int_equal(vfio_fds(), 6);
	memunmap(a);
	memunmap(b);
	assert_int_equal(vfio_fds(), 0);
	mr_test_machine_done(m);
}

/* WC: resourceN_wc where the BAR is prefetchable, else VFIO, uncached, saying so. */
static void test_wc(void **state)
{
	struct mr_machine *m = open_linux();
	struct mr_mapping_info info;
	char doors[1024];
	void *p;

	(void)state;
	p = map_via(m, SHM + 0x2000, 0x1000, MEMREMAP_WC, "0000:00:04.0/resource2_wc", MEMREMAP_WC,
		    NULL, 0);
	memunmap(p);
	p = map_via(m, EDU, 0x1000, MEMREMAP_WC, "vfio 0000:00:03.0 bar0", MEMREMAP_DEV, doors,
		    sizeof(doors));
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_has(info.note, "vfio-pci maps BARs uncached");
	memunmap(p);
	/* Under lockdown resource2_wc is shut: VFIO serves the WC request, uncached. */
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	p = map_via(m, SHM + 0x2000, 0x1000, MEMREMAP_WC, "vfio 0000:00:04.0 bar2", MEMREMAP_DEV,
		    doors, sizeof(doors));
	assert_has(doors, "0000:00:04.0/resource2_wc: refused: kernel lockdown "
			  "(integrity)");
	assert_has(doors, "vfio 0000:00:04.0 bar2 (group 8): taken (dev)");
	assert_true(strstr(doors, "resource2_wc") < strstr(doors, "vfio"));
	assert_int_equal(mr_mapping_info(p, &info), 0);
	assert_has(info.note, "uncached");
	memunmap(p);
	mr_test_machine_done(m);
}

/* Lockdown shuts resourceN and /dev/mem, not VFIO; a function VFIO lacks is refused. */
static void test_lockdown(void **state)
{
	struct mr_machine *m;
	char doors[1024];
	struct mr_query q;
	void *p;

	(void)state;
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	m = open_linux();
	p = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	memunmap(p);
	/* WB on a BAR: /dev/mem first (shut), then VFIO, uncached. */
	p = map_via(m, EDU, 0x1000, MEMREMAP_WB, "vfio", MEMREMAP_DEV, doors, sizeof(doors));
	assert_has(doors, "/dev/mem: refused: kernel lockdown (integrity) refuses /dev/mem");
	memunmap(p);
	errno = 0;
	assert_null(mr_memremap(m, PLAIN, 0x1000, MEMREMAP_DEV));
	assert_int_equal(errno, EPERM);
	assert_has(mr_errmsg(), "kernel lockdown (integrity)");
	assert_has(mr_errmsg(), "vfio-pci");
	assert_int_equal(mr_memremap_query(m, PLAIN, 0x1000, MEMREMAP_DEV, &q), -EPERM);
	/* Not a BAR at all: /dev/mem alone, shut. */
	assert_int_equal(mr_memremap_query(m, 0x50000000, 0x1000, MEMREMAP_DEV, &q), -EPERM);
	assert_has(q.why, "lockdown");
	mr_test_machine_done(m);
}

/* A group that is not viable is refused before anything opens; the next door serves. */
static void test_not_viable(void **state)
{
	struct mr_machine *m = open_linux();
	char doors[1024];
	void *p;

	(void)state;
	p = map_via(m, NOVI, 0x1000, MEMREMAP_DEV, "0000:00:06.0/resource0", MEMREMAP_DEV, doors,
		    sizeof(doors));
	assert_has(doors, "IOMMU group 10 is not viable: 0000:00:06.1 in it is bound "
			  "to e1000");
	assert_int_equal(fk.get_device_fd, 0);
	assert_int_equal(fk.status, 0);
	memunmap(p);
	mr_test_machine_done(m);
}

/* The cdev interface where the kernel has it: the node, bound to iommufd before use. */
static void test_cdev(void **state)
{
	struct mr_machine *m = open_linux();
	unsigned char *p;

	(void)state;
	p = map_via(m, CDEV + 0x100, 0x10, MEMREMAP_DEV, "vfio 0000:00:05.0 bar0 (vfio0, iommufd)",
		    MEMREMAP_DEV, NULL, 0);
	assert_int_equal(fk.bind, 1);
	assert_int_equal(fk.get_device_fd, 0);
	assert_int_equal(fk.set_container, 0);
	p[0] = 0x77;
	assert_int_equal(fake_byte_at("dev/vfio/devices/vfio0", REGION(0) + 0x100), 0x77);
	/* Device node and iommufd. */
	assert_int_equal(vfio_fds(), 2);
	memunmap(p);
	assert_int_equal(vfio_fds(), 0);
	/* Without /dev/iommu open to us, the group interface is taken. */
	fake_unlink("dev/iommu");
	p = map_via(m, CDEV, 0x10, MEMREMAP_DEV, "vfio 0000:00:05.0 bar0 (group 9)", MEMREMAP_DEV,
		    NULL, 0);
	memunmap(p);
	fake_put("", "dev/iommu");
	mr_test_machine_done(m);
}

/* A door that fails when it is opened is passed over at map time, and the list says so. */
static void test_fails_when_opened(void **state)
{
	struct mr_machine *m = open_linux();
	char doors[1024];
	void *p;

	(void)state;
	/* Another process holds the group: the kernel says EBUSY. */
	fk.device_fd_errno = EBUSY;
	p = map_via(m, EDU + 0x1000, 0x10, MEMREMAP_DEV, "0000:00:03.0/resource0", MEMREMAP_DEV,
		    doors, sizeof(doors));
	assert_has(doors, "vfio 0000:00:03.0 bar0 (group 7): refused when opened: ");
	assert_has(doors, "0000:00:03.0/resource0: taken (dev)");
	assert_null(strstr(doors, "group 7): taken"));
	assert_int_equal(vfio_fds(), 0);
	memunmap(p);
	fk.device_fd_errno = 0;
	/* vfio-pci does not let the region be mapped. */
	fk.no_mmap = true;
	p = map_via(m, EDU, 0x10, MEMREMAP_DEV, "0000:00:03.0/resource0", MEMREMAP_DEV, doors,
		    sizeof(doors));
	assert_has(doors, "does not let bar0 of 0000:00:03.0 be mapped");
	assert_int_equal(vfio_fds(), 0);
	memunmap(p);
	/* With every other door shut too, the open-time refusal is the answer. */
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	errno = 0;
	assert_null(mr_memremap(m, EDU, 0x10, MEMREMAP_DEV));
	assert_int_equal(errno, EOPNOTSUPP);
	assert_has(mr_errmsg(), "be mapped");
	fk.no_mmap = false;
	mr_test_machine_done(m);
}

/* Config space: through VFIO for vfio-pci's functions, through sysfs for the rest. */
static void test_config(void **state)
{
	struct mr_pci_addr edu = {0, 0, 3, 0}, plain = {0, 0, 7, 0}, none = {0, 0, 0x1f, 0};
	struct mr_machine *m = open_linux();
	uint32_t v = 0;

	(void)state;
	/* sysfs's copy of edu's config space says 0x1234 too: make it lie, to tell them apart. */
	fake_pwrite("sys/devices/pci0000:00/0000:00:03.0/config", 0, "\xff\xff\xff\xff", 4);
	assert_int_equal(mr_pci_config_read(m, &edu, 0, 16, &v), 0);
	assert_int_equal(v, 0x1234);
	assert_int_equal(mr_pci_config_read(m, &edu, 0, 32, &v), 0);
	assert_int_equal(v, 0x11e81234);
	assert_int_equal(mr_pci_config_read(m, &edu, 3, 8, &v), 0);
	assert_int_equal(v, 0x11);
	assert_int_equal(mr_pci_config_write(m, &edu, 0x40, 16, 0xbeef), 0);
	assert_int_equal(fake_byte_at("vfio-fake/0000:00:03.0", REGION(7) + 0x40), 0xef);
	assert_int_equal(fake_byte_at("vfio-fake/0000:00:03.0", REGION(7) + 0x41), 0xbe);
	assert_int_equal(vfio_fds(), 0);
	/* The rest through sysfs. */
	assert_int_equal(mr_pci_config_read(m, &plain, 2, 16, &v), 0);
	assert_int_equal(v, 0x0010);
	assert_int_equal(mr_pci_config_write(m, &plain, 0x3c, 8, 0x0b), 0);
	assert_int_equal(fake_byte_at("sys/devices/pci0000:00/0000:00:07.0/config", 0x3c), 0x0b);
	/* Bad requests. */
	assert_int_equal(mr_pci_config_read(m, &edu, 1, 16, &v), -EINVAL);
	assert_int_equal(mr_pci_config_read(m, &edu, 0, 64, &v), -EINVAL);
	assert_int_equal(mr_pci_config_read(m, &edu, 0, 24, &v), -EINVAL);
	assert_int_equal(mr_pci_config_read(m, &edu, 4096, 8, &v), -ERANGE);
	assert_int_equal(mr_pci_config_read(m, &edu, 0x100, 8, &v), -ERANGE);
	assert_int_equal(mr_pci_config_read(m, &plain, 0x100, 32, &v), -ERANGE);
	assert_int_equal(mr_pci_config_write(m, &plain, 0, 8, 0x100), -EINVAL);
	assert_int_equal(mr_pci_config_read(m, &none, 0, 8, &v), -ENODEV);
	assert_int_equal(mr_pci_config_read(m, NULL, 0, 8, &v), -EINVAL);
	assert_int_equal(mr_pci_config_read(m, &edu, 0, 8, NULL), -EINVAL);
	mr_test_machine_done(m);
}

/* A user who reads /proc/iomem as zeros but owns a VFIO group: a machine of BARs, VFIO only. */
static void test_vfio_only(void **state)
{
	struct mr_machine *m = NULL;
	struct resource *root;
	void *p;

	(void)state;
	fake_put("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n", "proc/iomem");
	m = open_linux();
	root = mr_iomem_resource(m);
	/* The BARs, from sysfs, by address. */
	assert_non_null(root->child);
	assert_int_equal(root->child->start, SHM);
	assert_string_equal(root->child->name, "0000:00:04.0");
	assert_int_equal(mr_region_intersects(root, EDU, 0x1000, IORESOURCE_MEM, IORES_DESC_NONE),
			 REGION_INTERSECTS);
	p = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	memunmap(p);
	errno = 0;
	assert_null(mr_memremap(m, PLAIN, 0x1000, MEMREMAP_DEV));
	assert_int_equal(errno, EACCES);
	assert_has(mr_errmsg(), "only VFIO");
	mr_test_machine_done(m);
	/* Without a VFIO node of this user's, the open is refused as before. */
	{
		char a[700], b[700];

		fake_path(a, sizeof(a), "dev/vfio");
		fake_path(b, sizeof(b), "dev/vfio.away");
		assert_int_equal(rename(a, b), 0);
		assert_int_equal(mr_machine_open(&m, spec), -EACCES);
		assert_has(mr_errmsg(), "root");
		assert_int_equal(rename(b, a), 0);
	}
	fake_put(iomem, "proc/iomem");
}

/* The BAR's function has memory decoding off: sysfs and /dev/mem would read all ones. */
static void test_decode_off(void **state)
{
	static const unsigned char off[2] = {0, 0}, on[2] = {2, 0};
	struct mr_machine *m = open_linux();
	char doors[1024];
	struct mr_query q;
	void *p;

	(void)state;
	fake_pwrite("sys/devices/pci0000:00/0000:00:07.0/config", 4, off, 2);
	assert_int_equal(mr_memremap_query(m, PLAIN, 0x1000, MEMREMAP_DEV, &q), -ENXIO);
	assert_has(q.why, "memory decoding is off in 0000:00:07.0's PCI_COMMAND");
	/* VFIO turns decoding on when it opens the device: its door stays open. */
	fake_pwrite("sys/devices/pci0000:00/0000:00:03.0/config", 4, off, 2);
	p = map_via(m, EDU, 0x1000, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, doors, sizeof(doors));
	memunmap(p);
	fake_pwrite("sys/devices/pci0000:00/0000:00:07.0/config", 4, on, 2);
	fake_pwrite("sys/devices/pci0000:00/0000:00:03.0/config", 4, on, 2);
	p = map_via(m, PLAIN, 0x1000, MEMREMAP_DEV, "0000:00:07.0/resource0", MEMREMAP_DEV, doors,
		    sizeof(doors));
	/* The VFIO door is listed, with why it is not this function's. */
	assert_has(doors, "vfio 0000:00:07.0 bar0: 0000:00:07.0 is bound to no driver, "
			  "not vfio-pci\n");
	memunmap(p);
	mr_test_machine_done(m);
}

/* mr_mapping_doors() on what is not a mapping, and with a short buffer. */
static void test_doors_api(void **state)
{
	struct mr_machine *m = open_linux();
	char small[8];
	int need;
	void *p;

	(void)state;
	assert_int_equal(mr_mapping_doors(NULL, small, sizeof(small)), -EINVAL);
	assert_int_equal(mr_mapping_doors(small, small, sizeof(small)), -ENOENT);
	p = map_via(m, EDU, 0x10, MEMREMAP_DEV, "vfio", MEMREMAP_DEV, NULL, 0);
	assert_int_equal(mr_mapping_doors(p, NULL, 1), -EINVAL);
	need = mr_mapping_doors(p, NULL, 0);
	assert_int_equal(need, (int)strlen("vfio 0000:00:03.0 bar0 (group 7): taken (dev)\n"));
	assert_int_equal(mr_mapping_doors((char *)p + 4, small, sizeof(small)), need);
	assert_string_equal(small, "vfio 00");
	memunmap(p);
	mr_test_machine_done(m);
}

/*
 * Every allocation of a VFIO mapping can fail (the records of the open
 * device and group, the reads of sysfs): with the other doors shut
 * (lockdown), the mapping fails with ENOMEM and a message, or is made;
 * either way no descriptor and, once unmapped, no block is left.
 */
static void test_allocation_fails(void **state)
{
	struct mr_machine *m;
	unsigned long n;
	long live;
	void *p;

	(void)state;
	fake_put("none [integrity] confidentiality\n", "sys/kernel/security/lockdown");
	m = open_linux();
	mr_test_alloc_install();
	live = mr_test_alloc.live;
	/* A first mapping leaves the machine's memory-type table allocated, for good. */
	p = mr_memremap(m, EDU, 0x100, MEMREMAP_DEV);
	memunmap(p);
	assert_true(mr_test_alloc.live <= live + 1);
	live = mr_test_alloc.live;
	for (n = 1;; n++) {
		mr_test_alloc_fail(n, false);
		errno = 0;
		p = mr_memremap(m, EDU, 0x100, MEMREMAP_DEV);
		mr_test_alloc_stop();
		if (!p) {
			assert_int_equal(errno, ENOMEM);
			assert_true(mr_errmsg()[0] != '\0');
		}
		memunmap(p);
		assert_int_equal(vfio_fds(), 0);
		if (mr_test_alloc.live != live)
			fail_msg("n %lu: %ld blocks live, %ld before (%s)", n, mr_test_alloc.live,
				 live, p ? "mapped" : mr_errmsg());
		assert_int_equal(mr_machine_mappings(m), 0);
		/* Every allocation was tried once it is made with none failing. */
		if (p && mr_test_alloc.calls < n)
			break;
	}
	assert_true(n > 2);
	mr_test_machine_done(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_group_map, reset_fake),
		cmocka_unit_test_setup(test_refcount, reset_fake),
		cmocka_unit_test_setup(test_two_devices, reset_fake),
		cmocka_unit_test_setup(test_wc, reset_fake),
		cmocka_unit_test_setup(test_lockdown, reset_fake),
		cmocka_unit_test_setup(test_not_viable, reset_fake),
		cmocka_unit_test_setup(test_cdev, reset_fake),
		cmocka_unit_test_setup(test_fails_when_opened, reset_fake),
		cmocka_unit_test_setup(test_config, reset_fake),
		cmocka_unit_test_setup(test_vfio_only, reset_fake),
		cmocka_unit_test_setup(test_decode_off, reset_fake),
		cmocka_unit_test_setup(test_doors_api, reset_fake),
		cmocka_unit_test_setup(test_allocation_fails, reset_fake),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
