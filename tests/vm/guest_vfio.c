// SPDX-License-Identifier: MIT
/*
 * The VFIO tests of the second x86_64 boot (run-vm.sh --vfio, CTest
 * vm.vfio): Debian's kernel on q35 with an emulated Intel IOMMU, booted with
 * intel_iommu=on lockdown=integrity, so that /dev/mem and the mmap of PCI
 * resource files are shut and VFIO is the door left. /init binds edu and
 * ivshmem to vfio-pci (with `memremap pci bind`) before this runs, as root.
 * Each test prints "ok N name" or "not ok N name - reason"; the exit status
 * is the number of failures.
 *
 *   guest_vfio SEED    the tests; ivshmem's BAR2 gets the guest's pattern at
 *                      0x2000 through VFIO, which the host checks afterwards
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memremap.h>
#include <memremap/io.h>
#include <memremap/pci.h>

#include "guest_harness.h"

#define HOST_PAT_OFF  0x1000
#define GUEST_PAT_OFF 0x2000
#define PAT_LEN	      4096

static struct mr_machine *machine;
static unsigned int seed;
static char edu[16], shm[16]; /* their BDFs */
static struct mr_pci_addr edu_fn;
static uint64_t edu_bar, shm_bar2;

static void run(const char *name, int (*fn)(void))
{
	run_named("vfio_", name, fn);
}

/* The BDF of the function with this vendor:device. */
static void find_function(unsigned int vendor, unsigned int device, char *bdf, size_t n)
{
	char path[512], text[32];
	struct dirent *de;
	DIR *d = opendir("/sys/bus/pci/devices");
	FILE *f;
	unsigned int v, dv;

	bdf[0] = '\0';
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", de->d_name);
		f = fopen(path, "re");
		v = f && fgets(text, sizeof(text), f) ? (unsigned int)strtoul(text, NULL, 0) : 0;
		if (f)
			fclose(f);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", de->d_name);
		f = fopen(path, "re");
		dv = f && fgets(text, sizeof(text), f) ? (unsigned int)strtoul(text, NULL, 0) : 0;
		if (f)
			fclose(f);
		if (v == vendor && dv == device && strlen(de->d_name) < n)
			memcpy(bdf, de->d_name, strlen(de->d_name) + 1);
	}
	if (d)
		closedir(d);
}

/* How many of our descriptors have something of /dev/vfio open. */
static int vfio_fds(void)
{
	char link[64], path[256];
	int fd, n = 0;
	ssize_t len;

	for (fd = 0; fd < 256; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, path, sizeof(path) - 1);
		if (len < 0)
			continue;
		path[len] = '\0';
		n += !strncmp(path, "/dev/vfio/", 10) || !strncmp(path, "anon_inode:[vfio", 16);
	}
	return n;
}

static int edu_check(void *p)
{
	uint32_t v = 0x12345678 ^ seed;

	CHECK(readl(p) == 0x010000ed, "edu id reads %#x", readl(p));
	writel(v, (char *)p + 4);
	CHECK(readl((char *)p + 4) == ~v, "edu 0x04: wrote %#x, read %#x", v, readl((char *)p + 4));
	return 0;
}

/* ------------------------------------------------------------------ tests */

/* lockdown=integrity is in force: /dev/mem is shut, as on a Secure Boot machine. */
static int t_lockdown(void)
{
	char text[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	int fd;

	CHECK(f && fgets(text, sizeof(text), f), "no /sys/kernel/security/lockdown");
	fclose(f);
	CHECK(strstr(text, "[integrity]"), "lockdown reads '%s'", text);
	fd = open("/dev/mem", O_RDWR | O_SYNC);
	CHECK(fd < 0 && errno == EPERM, "/dev/mem opened (fd %d, %s)", fd, strerror(errno));
	return 0;
}

static int t_machine_open(void)
{
	CHECK(!mr_machine_open(&machine, "linux"), "%s", mr_errmsg());
	return 0;
}

/* edu's registers through VFIO's group interface, a type1 container. */
static int t_edu(void)
{
	struct mr_mapping_info info;
	char doors[1024];
	void *p = mr_memremap(machine, edu_bar, 0x100, MEMREMAP_DEV);
	int ret;

	CHECK(p, "edu: %s", mr_errmsg());
	mr_mapping_info(p, &info);
	mr_mapping_doors(p, doors, sizeof(doors));
	printf("# edu: %s\n", info.how);
	ret = strncmp(info.how, "vfio ", 5) || !strstr(info.how, "(group ") ? -1 : edu_check(p);
	memunmap(p);
	CHECK(!ret, "edu through '%s' (%s): %s", info.how, doors, why);
	CHECK(strstr(doors, ": taken (dev)"), "doors: %s", doors);
	return 0;
}

/* WB on a BAR: /dev/mem (shut by lockdown), then VFIO, uncached, saying so. */
static int t_edu_wb(void)
{
	struct mr_mapping_info info;
	char doors[1024];
	void *p = mr_memremap(machine, edu_bar, 0x100, MEMREMAP_WB);
	int ret;

	CHECK(p, "edu wb: %s", mr_errmsg());
	mr_mapping_info(p, &info);
	mr_mapping_doors(p, doors, sizeof(doors));
	ret = edu_check(p);
	memunmap(p);
	CHECK(!ret, "%s", why);
	CHECK(info.type == MEMREMAP_DEV && strstr(info.note, "vfio-pci maps BARs uncached"),
	      "type %s, note '%s'", mr_type_name(info.type), info.note);
	CHECK(strstr(doors, "/dev/mem: refused: kernel lockdown (integrity)"), "doors: %s", doors);
	return 0;
}

/* One set of descriptors for the device however many mappings; none after the last. */
static int t_refcount(void)
{
	void *a, *b;
	int open_both, open_one;

	CHECK(vfio_fds() == 0, "%d VFIO descriptors before", vfio_fds());
	a = mr_memremap(machine, edu_bar, 0x100, MEMREMAP_DEV);
	b = mr_memremap(machine, edu_bar + 0x1000, 0x100, MEMREMAP_DEV);
	CHECK(a && b, "%s", mr_errmsg());
	open_both = vfio_fds();
	memunmap(a);
	open_one = vfio_fds();
	memunmap(b);
	CHECK(open_both == 3 && open_one == 3 && vfio_fds() == 0,
	      "VFIO descriptors: %d with two mappings, %d with one, %d after", open_both, open_one,
	      vfio_fds());
	return 0;
}

/* WC on a prefetchable BAR: resource2_wc is shut, VFIO serves it uncached; the data goes through.
 */
static int t_ivshmem_wc(void)
{
	unsigned char buf[PAT_LEN];
	struct mr_mapping_info info;
	char doors[1024];
	unsigned char *p;
	size_t i;

	p = mr_memremap(machine, shm_bar2, 0x4000, MEMREMAP_WC);
	CHECK(p, "ivshmem: %s", mr_errmsg());
	mr_mapping_info(p, &info);
	mr_mapping_doors(p, doors, sizeof(doors));
	memcpy_fromio(buf, p + HOST_PAT_OFF, PAT_LEN);
	for (i = 0; i < PAT_LEN; i++)
		buf[i] = (unsigned char)((seed ^ 0xa5) + i * 13);
	memcpy_toio(p + GUEST_PAT_OFF, buf, PAT_LEN);
	memcpy_fromio(buf, p + HOST_PAT_OFF, PAT_LEN);
	memunmap(p);
	CHECK(!strncmp(info.how, "vfio ", 5) && info.type == MEMREMAP_DEV &&
		      strstr(info.note, "uncached"),
	      "through '%s' as %s ('%s')", info.how, mr_type_name(info.type), info.note);
	CHECK(strstr(doors, "resource2_wc: refused: kernel lockdown (integrity)"), "doors: %s",
	      doors);
	for (i = 0; i < PAT_LEN; i++)
		CHECK(buf[i] == (unsigned char)(seed + i * 7), "host pattern byte %zu: %#x", i,
		      buf[i]);
	return 0;
}

/* "BDF/bar0+4" is edu's register 4. */
static int t_bdf(void)
{
	char text[64];
	uint64_t phys = 0, avail = 0;

	snprintf(text, sizeof(text), "%s/bar0+4", edu);
	CHECK(!mr_pci_resolve(machine, text, &phys, &avail), "%s: %s", text, mr_errmsg());
	CHECK(phys == edu_bar + 4 && avail == (1 << 20) - 4, "%s: %#" PRIx64 " (%#" PRIx64 " left)",
	      text, phys, avail);
	return 0;
}

/* Config space through VFIO: the IDs; a write that sysfs would refuse under lockdown. */
static int t_config(void)
{
	char path[256];
	uint32_t v = 0;
	int fd, err, ret, open_fds;
	void *p;

	CHECK(!mr_pci_config_read(machine, &edu_fn, 0, 16, &v) && v == 0x1234, "vendor %#x: %s", v,
	      mr_errmsg());
	CHECK(!mr_pci_config_read(machine, &edu_fn, 2, 16, &v) && v == 0x11e8, "device %#x: %s", v,
	      mr_errmsg());
	/*
	 * VFIO keeps its own copy of INTERRUPT_LINE, made when the device opens:
	 * with a mapping holding the device open, the write and the read meet
	 * the same copy (and the same descriptor: one set per device).
	 */
	p = mr_memremap(machine, edu_bar, 0x100, MEMREMAP_DEV);
	CHECK(p, "edu: %s", mr_errmsg());
	ret = mr_pci_config_write(machine, &edu_fn, 0x3c, 8, 0x0a);
	if (!ret)
		ret = mr_pci_config_read(machine, &edu_fn, 0x3c, 8, &v);
	open_fds = vfio_fds();
	memunmap(p);
	CHECK(!ret && v == 0x0a, "INTERRUPT_LINE reads %#x after writing 0xa: %s", v, mr_errmsg());
	CHECK(open_fds == 3, "%d VFIO descriptors while mapped", open_fds);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", edu);
	fd = open(path, O_WRONLY);
	err = fd < 0 ? errno : pwrite(fd, "\x0b", 1, 0x3c) < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	CHECK(err == EPERM, "sysfs config write under lockdown: %s", strerror(err));
	CHECK(vfio_fds() == 0, "%d VFIO descriptors left", vfio_fds());
	return 0;
}

/* A range outside every BAR has /dev/mem alone, which lockdown shuts. */
static int t_devmem_shut(void)
{
	struct mr_query q;
	int ret = mr_memremap_query(machine, 0xfed00000, 0x1000, MEMREMAP_DEV, &q);

	CHECK(ret == -EPERM && strstr(q.why, "kernel lockdown (integrity)"), "query: %d %s", ret,
	      q.why);
	return 0;
}

/* A user without privilege who owns edu's group maps it: no root needed for VFIO. */
static int t_unprivileged(void)
{
	char path[64], group[32] = "";
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", edu);
	{
		char target[256];
		ssize_t len = readlink(path, target, sizeof(target) - 1);

		CHECK(len > 0, "no IOMMU group for %s", edu);
		target[len] = '\0';
		snprintf(group, sizeof(group), "%s", strrchr(target, '/') + 1);
	}
	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	CHECK(!chown(path, 1000, 1000), "chown %s: %s", path, strerror(errno));
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		struct mr_machine *m;
		void *p;

		if (setgid(1000) || setuid(1000))
			_exit(10);
		if (mr_machine_open(&m, "linux")) {
			printf("# unprivileged open: %s\n", mr_errmsg());
			_exit(11);
		}
		p = mr_memremap(m, edu_bar, 0x100, MEMREMAP_DEV);
		if (!p) {
			printf("# unprivileged map: %s\n", mr_errmsg());
			_exit(12);
		}
		if (edu_check(p)) {
			printf("# %s\n", why);
			_exit(13);
		}
		memunmap(p);
		/* /proc/iomem shows this user zeros: the machine knows the BARs only, VFIO only. */
		p = mr_memremap(m, 0xfed00000, 0x1000, MEMREMAP_DEV);
		if (p || errno != EACCES) {
			printf("# non-BAR: %p %s\n", p, mr_errmsg());
			_exit(14);
		}
		mr_machine_close(m);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	if (chown(path, 0, 0))
		printf("# chown %s back to root: %s\n", path, strerror(errno));
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
	      "child exit %d (10 setuid, 11 open, 12 map, 13 registers, 14 non-BAR)",
	      WEXITSTATUS(status));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 1;
	find_function(0x1234, 0x11e8, edu, sizeof(edu));
	find_function(0x1af4, 0x1110, shm, sizeof(shm));
	if (!mr_pci_name_parse(edu, 0, &edu_fn) || !shm[0]) {
		printf("not ok 1 vfio_devices - edu '%s', ivshmem '%s'\n", edu, shm);
		return 1;
	}
	run("lockdown", t_lockdown);
	run("machine_open", t_machine_open);
	if (!machine)
		return 1;
	{
		char text[64];

		snprintf(text, sizeof(text), "%s/bar0", edu);
		mr_pci_resolve(machine, text, &edu_bar, NULL);
		snprintf(text, sizeof(text), "%s/bar2", shm);
		mr_pci_resolve(machine, text, &shm_bar2, NULL);
	}
	printf("# edu %s BAR0 %#" PRIx64 ", ivshmem %s BAR2 %#" PRIx64 "\n", edu, edu_bar, shm,
	       shm_bar2);
	run("edu", t_edu);
	run("edu_wb", t_edu_wb);
	run("refcount", t_refcount);
	run("ivshmem_wc", t_ivshmem_wc);
	run("bdf", t_bdf);
	run("config", t_config);
	run("devmem_shut", t_devmem_shut);
	run("unprivileged", t_unprivileged);
	mr_machine_close(machine);
	printf("# guest_vfio: %d passed, %d failed\n", ntest - nfail, nfail);
	return nfail > 100 ? 100 : nfail;
}
