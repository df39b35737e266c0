// SPDX-License-Identifier: MIT
/*
 * The linux machine's doctor: what on this computer decides whether a range
 * maps and through which door, one line each, with what to do about it.
 * Everything is read (sysfs, /proc, the kernel's config); the only thing
 * done is the STRICT_DEVMEM test, a read-only map of one page of System
 * RAM through /dev/mem, undone at once, where the kernel's config does not
 * say.
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

#include "linux_int.h"
#include "mr_resource.h"

#define MR__CAP_SYS_RAWIO 17
#define MR__CAP_SYS_ADMIN 21

/* ---------------------------------------------------------------- lockdown */

static void mr__doctor_lockdown(struct mr__linux *l, struct mr__doctor *d)
{
	char mode[32];

	if (mr__linux_lockdown(l, mode, sizeof(mode)))
		mr__doctor_say(
			d, MR_DOCTOR_WARN, "lockdown",
			"lockdown comes from Secure Boot or lockdown= and stays until reboot: "
			"map BARs through VFIO (memremap pci bind vfio-pci BDF)",
			"kernel lockdown is '%s': /dev/mem, the mmap of PCI resource files "
			"and config writes through sysfs are refused",
			mode);
	else if (mode[0])
		mr__doctor_say(d, MR_DOCTOR_OK, "lockdown", NULL, "kernel lockdown is off (none)");
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "lockdown",
			       "mount -t securityfs securityfs /sys/kernel/security",
			       "kernel lockdown is not known: no /sys/kernel/security/lockdown "
			       "(securityfs not mounted, or no lockdown LSM); a door it shuts is "
			       "found shut only when opened");
}

/* ------------------------------------------------------ the kernel's config */

/* CONFIG_@name in /boot/config-RELEASE: 'y', 'n' (not set), or 0 when it cannot be read. */
static char mr__doctor_config(struct mr__linux *l, const char *name, char *where, size_t n)
{
	char path[4096], release[128], key[64], *text, *p;
	char v = 0;
	size_t len;

	mr__linux_path(l, path, sizeof(path), "/proc/sys/kernel/osrelease");
	if (mr__linux_read_line(path, release, sizeof(release)))
		return 0;
	mr__linux_path(l, path, sizeof(path), "/boot/config-%s", release);
	if (mr__linux_slurp(path, &text, &len))
		return 0;
	snprintf(where, n, "/boot/config-%s", release);
	snprintf(key, sizeof(key), "\nCONFIG_%s=", name);
	p = strstr(text, key);
	if (p)
		v = p[strlen(key)] == 'y' ? 'y' : 'n';
	else
		v = 'n'; /* "# CONFIG_X is not set", or not there at all */
	mr__free(text);
	return v;
}

/* The first page of System RAM above the first megabyte, or 0. */
static uint64_t mr__doctor_ram_page(struct mr__linux *l)
{
	struct resource *r;
	uint64_t page = 0;

	pthread_rwlock_rdlock(&l->claims_lock);
	for (r = l->kernel ? l->kernel->child : NULL; r && !page; r = r->sibling) {
		uint64_t first = (r->start + MR_PAGE_SIZE - 1) & MR__PAGE_MASK;

		if ((r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM &&
		    first >= MR__LINUX_LOW_MB && first + MR_PAGE_SIZE - 1 <= r->end)
			page = first;
	}
	pthread_rwlock_unlock(&l->claims_lock);
	return page;
}

/*
 * STRICT_DEVMEM, where the config does not say: ask /dev/mem for a page of
 * System RAM, read-only, and let it go. Return 'y' (refused), 'n' (mapped),
 * or 0 when it cannot be asked (the reason in @how).
 */
static char mr__doctor_devmem_test(struct mr__linux *l, char *how, size_t n)
{
	uint64_t page = mr__doctor_ram_page(l);
	char path[4096], mode[32];
	void *p;
	int fd, err;

	if (l->vfio_only || !page) {
		snprintf(how, n, "no System RAM in view to test with");
		return 0;
	}
	if (mr__linux_lockdown(l, mode, sizeof(mode))) {
		snprintf(how, n, "lockdown shuts /dev/mem, so it cannot be tested");
		return 0;
	}
	mr__linux_path(l, path, sizeof(path), "/dev/mem");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(how, n, "/dev/mem cannot be opened to test it (%s)", strerror(errno));
		return 0;
	}
	p = mmap(NULL, MR_PAGE_SIZE, PROT_READ, MAP_SHARED, fd, (off_t)page);
	err = p == MAP_FAILED ? errno : 0;
	close(fd);
	if (!err)
		munmap(p, MR_PAGE_SIZE);
	snprintf(how, n, "/dev/mem %s a read-only map of System RAM at %#" PRIx64 " (%s)",
		 err ? "refused" : "allowed", page, err ? strerror(err) : "mapped and unmapped");
	if (err && err != EPERM)
		return 0;
	return err ? 'y' : 'n';
}

static void mr__doctor_strict(struct mr__linux *l, struct mr__doctor *d)
{
	char where[160] = "", how[200];
	char v = mr__doctor_config(l, "STRICT_DEVMEM", where, sizeof(where));

	if (v)
		snprintf(how, sizeof(how), "CONFIG_STRICT_DEVMEM%s in %s",
			 v == 'y' ? "=y" : " is not set", where);
	else
		v = mr__doctor_devmem_test(l, how, sizeof(how));
	if (!v)
		mr__doctor_say(d, MR_DOCTOR_INFO, "strict-devmem",
			       "System RAM is WB only and comes from elsewhere (a DAX device, the "
			       "kernel's driver)",
			       "STRICT_DEVMEM taken as on (inferred: x86 and arm64 distribution "
			       "kernels set it; the config is not readable here and %s)",
			       how);
	else if (v == 'y')
		mr__doctor_say(d, MR_DOCTOR_INFO, "strict-devmem",
			       "System RAM is WB only and comes from elsewhere (a DAX device, the "
			       "kernel's driver)",
			       "STRICT_DEVMEM is on: /dev/mem refuses System RAM (%s)", how);
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "strict-devmem", NULL,
			       "STRICT_DEVMEM is off: /dev/mem maps System RAM too (%s)", how);
}

static void mr__doctor_io_strict(struct mr__linux *l, struct mr__doctor *d)
{
	char where[160] = "";
	char v = mr__doctor_config(l, "IO_STRICT_DEVMEM", where, sizeof(where));
	const char *fix = "unbind the driver (memremap pci unbind BDF) or bind the device to "
			  "vfio-pci; iomem=relaxed on the kernel's command line lets /dev/mem "
			  "in (with linux,relaxed)";

	if (!l->kernel_strict)
		mr__doctor_say(d, MR_DOCTOR_INFO, "io-strict-devmem", NULL,
			       "IO_STRICT_DEVMEM is off: iomem=relaxed is on the kernel's command "
			       "line (this library still refuses busy ranges unless opened as "
			       "linux,relaxed)");
	else if (v == 'n')
		mr__doctor_say(d, MR_DOCTOR_INFO, "io-strict-devmem", NULL,
			       "IO_STRICT_DEVMEM is off (CONFIG_IO_STRICT_DEVMEM is not set in %s)",
			       where);
	else if (v)
		mr__doctor_say(
			d, MR_DOCTOR_INFO, "io-strict-devmem", fix,
			"IO_STRICT_DEVMEM is on: /dev/mem and resource files refuse ranges a "
			"driver has claimed busy (CONFIG_IO_STRICT_DEVMEM=y in %s)",
			where);
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "io-strict-devmem", fix,
			       "IO_STRICT_DEVMEM taken as on: ranges a driver claimed busy are "
			       "refused (inferred: distribution kernels set it, iomem=relaxed is "
			       "not on the command line, and the config is not readable here)");
}

/* ------------------------------------------------------------- privileges */

/* This process's effective capabilities (CapEff in /proc/self/status), or 0. */
static uint64_t mr__doctor_caps(struct mr__linux *l)
{
	char path[4096], *text, *p;
	uint64_t caps = 0;
	size_t len;

	mr__linux_path(l, path, sizeof(path), "/proc/self/status");
	if (mr__linux_slurp(path, &text, &len))
		return 0;
	p = strstr(text, "\nCapEff:");
	if (p)
		caps = strtoull(p + 8, NULL, 16);
	mr__free(text);
	return caps;
}

static void mr__doctor_privilege(struct mr__linux *l, struct mr__doctor *d)
{
	uint64_t caps = mr__doctor_caps(l);
	char path[4096];

	if (l->vfio_only)
		mr__doctor_say(d, MR_DOCTOR_WARN, "privilege", "run as root for the whole map",
			       "/proc/iomem shows this user zeros: the machine knows only the PCI "
			       "BARs (from sysfs) and maps through VFIO only");
	if (caps & (1ULL << MR__CAP_SYS_RAWIO))
		mr__doctor_say(d, MR_DOCTOR_OK, "privilege", NULL,
			       "CAP_SYS_RAWIO: /dev/mem and PCI resource files may be opened");
	else
		mr__doctor_say(d, MR_DOCTOR_WARN, "privilege",
			       "run as root, or map through VFIO with a group this user owns "
			       "(chown USER /dev/vfio/N)",
			       "no CAP_SYS_RAWIO: /dev/mem and PCI resource files are root's");
	if (!(caps & (1ULL << MR__CAP_SYS_ADMIN)))
		mr__doctor_say(d, MR_DOCTOR_INFO, "privilege", "run as root to read all of it",
			       "no CAP_SYS_ADMIN: sysfs shows the first 64 bytes of config space "
			       "only (VFIO shows all of it)");
#if defined(__x86_64__)
	mr__linux_path(l, path, sizeof(path), "/sys/kernel/debug/x86/pat_memtype_list");
	if (access(path, R_OK))
		mr__doctor_say(
			d, MR_DOCTOR_INFO, "pat",
			"as root with debugfs mounted, the kernel's entries are read too",
			"the kernel's PAT list (%s) is not readable: a type the kernel holds "
			"shows only when a mapping is refused (EAGAIN)",
			path);
#else
	(void)path;
#endif
}

/* ------------------------------------------------------------------- VFIO */

static int mr__doctor_count(struct mr__linux *l, const char *dir)
{
	char path[4096];
	struct dirent *de;
	int n = 0;
	DIR *dd;

	mr__linux_path(l, path, sizeof(path), "%s", dir);
	dd = opendir(path);
	if (!dd)
		return -1;
	while ((de = readdir(dd)))
		n += de->d_name[0] != '.';
	closedir(dd);
	return n;
}

static bool mr__doctor_exists(struct mr__linux *l, const char *rel)
{
	char path[4096];
	struct stat st;

	mr__linux_path(l, path, sizeof(path), "%s", rel);
	return !lstat(path, &st);
}

static void mr__doctor_vfio(struct mr__linux *l, struct mr__doctor *d)
{
	int groups = mr__doctor_count(l, "/sys/kernel/iommu_groups");
	bool cdev =
		mr__doctor_exists(l, "/sys/class/vfio-dev") && mr__doctor_exists(l, "/dev/iommu");

	if (groups <= 0)
		mr__doctor_say(
			d, MR_DOCTOR_WARN, "vfio",
			"turn the IOMMU on: intel_iommu=on or amd_iommu=on on the kernel's "
			"command line (and VT-d or AMD-Vi in the firmware)",
			"no IOMMU groups (/sys/kernel/iommu_groups is empty): the IOMMU is off, "
			"and VFIO needs it (its no-IOMMU mode is not used here)");
	else
		mr__doctor_say(d, MR_DOCTOR_OK, "vfio", NULL, "the IOMMU is on: %d IOMMU group%s",
			       groups, groups == 1 ? "" : "s");
	if (!mr__doctor_exists(l, "/sys/bus/pci/drivers/vfio-pci"))
		mr__doctor_say(d, MR_DOCTOR_INFO, "vfio", "modprobe vfio-pci",
			       "vfio-pci is not loaded (no /sys/bus/pci/drivers/vfio-pci)");
	else
		mr__doctor_say(d, MR_DOCTOR_OK, "vfio", NULL, "vfio-pci is loaded; interface: %s",
			       cdev ? "device cdev + iommufd "
				      "(/dev/vfio/devices, /dev/iommu)"
				    : "group + type1 container "
				      "(/dev/vfio/N; no iommufd)");
}

/* ------------------------------------------------------------- the range */

static void mr__doctor_claims(struct mr__linux *l, struct mr_machine *m, uint64_t phys,
			      uint64_t size, struct mr__doctor *d)
{
	char who[160];

	if (l->vfio_only)
		return;
	if (mr__linux_busy(m, phys, phys + size - 1, who, sizeof(who)))
		mr__doctor_say(
			d, MR_DOCTOR_WARN, "driver",
			"unbind the driver (memremap pci unbind BDF) or bind the device to "
			"vfio-pci; or iomem=relaxed on the kernel's command line and "
			"--machine linux,relaxed",
			"%s has claimed the range busy: /dev/mem and the resource files refuse "
			"it (IO_STRICT_DEVMEM)",
			who);
	else
		mr__doctor_say(d, MR_DOCTOR_OK, "driver", NULL,
			       "no driver has claimed the range busy in /proc/iomem");
	if (mr__linux_is_ram(l, phys, size))
		mr__doctor_say(d, MR_DOCTOR_INFO, "range", NULL,
			       "System RAM: only WB may map it, /dev/mem refuses it under "
			       "STRICT_DEVMEM, and VFIO serves BARs only");
}

/* The group of @dev and whether every device in it lets VFIO have it. */
static void mr__doctor_group(struct mr__linux *l, const char *dev, struct mr__doctor *d)
{
	char path[4096], name[64], driver[64], list[256] = "", fix[200], bad[128] = "";
	int n = mr__linux_pci_group(l, dev);
	size_t used = 0;
	struct dirent *de;
	DIR *dd;

	if (n < 0) {
		mr__doctor_say(d, MR_DOCTOR_WARN, "iommu-group",
			       "intel_iommu=on or amd_iommu=on on the kernel's command line",
			       "%s has no IOMMU group: the IOMMU is off, so VFIO cannot have it",
			       dev);
		return;
	}
	mr__linux_path(l, path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices", n);
	dd = opendir(path);
	while (dd && (de = readdir(dd))) {
		if (de->d_name[0] == '.' || !mr__linux_name(name, sizeof(name), de))
			continue;
		if (mr__linux_pci_driver(l, name, driver, sizeof(driver)))
			driver[0] = '\0';
		if (used < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s (%s)",
						 used ? ", " : "", name,
						 driver[0] ? driver : "none");
		if (driver[0] && !mr__linux_is_vfio_driver(driver) && strcmp(driver, "pci-stub") &&
		    !mr__linux_pci_is_bridge(l, name) && !bad[0])
			snprintf(bad, sizeof(bad), "%s", name);
	}
	if (dd)
		closedir(dd);
	if (bad[0]) {
		snprintf(fix, sizeof(fix),
			 "memremap pci bind vfio-pci %s (every device of the group)", bad);
		mr__doctor_say(d, MR_DOCTOR_WARN, "iommu-group", fix,
			       "IOMMU group %d is not viable for VFIO: %s", n, list);
	} else {
		mr__doctor_say(d, MR_DOCTOR_OK, "iommu-group", NULL,
			       "IOMMU group %d: every device in it lets VFIO have it: %s", n, list);
	}
}

/* The function whose BAR holds the range: driver, decoding, group, VFIO, files. */
static void mr__doctor_bar(struct mr__linux *l, const struct mr__linux_bar *b, struct mr__doctor *d)
{
	char driver[64] = "", fix[200], path[4096];
	struct mr__linux_vfio v;
	uint16_t cmd = 0;
	int on, err;

	mr__doctor_say(d, MR_DOCTOR_INFO, "pci", NULL, "inside bar%d of %s " MR__MEM "%s%s", b->bar,
		       b->dev, b->start, b->end,
		       b->flags & IORESOURCE_PREFETCH ? ", prefetchable" : "",
		       b->flags & IORESOURCE_MEM_64 ? ", 64-bit" : "");
	mr__linux_pci_driver(l, b->dev, driver, sizeof(driver));
	snprintf(fix, sizeof(fix), "memremap pci bind vfio-pci %s", b->dev);
	if (mr__linux_is_vfio_driver(driver))
		mr__doctor_say(d, MR_DOCTOR_OK, "driver", NULL, "%s is bound to %s", b->dev,
			       driver);
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "driver", fix,
			       "%s is bound to %s: VFIO cannot have it", b->dev,
			       driver[0] ? driver : "no driver");
	on = mr__linux_pci_decode(l, b->dev, &cmd);
	snprintf(fix, sizeof(fix), "echo 1 > /sys/bus/pci/devices/%s/enable (or map through VFIO)",
		 b->dev);
	if (on > 0)
		mr__doctor_say(d, MR_DOCTOR_OK, "decode", NULL,
			       "memory decoding is on in PCI_COMMAND (0x%04x)", cmd);
	else if (!on)
		mr__doctor_say(
			d, MR_DOCTOR_WARN, "decode", fix,
			"memory decoding is off in PCI_COMMAND (0x%04x): the BAR reads as all "
			"ones through /dev/mem and resource files",
			cmd);
	mr__doctor_group(l, b->dev, d);
	if (!mr__linux_vfio_probe(l, b->dev, &v))
		mr__doctor_say(d, MR_DOCTOR_OK, "vfio", NULL, "the VFIO door of %s is open: %s",
			       b->dev,
			       v.kind == MR__DOOR_VFIO_CDEV ? "device cdev + iommufd"
							    : "group + type1 container");
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "vfio", NULL, "the VFIO door of %s is shut: %s",
			       b->dev, v.why);
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d", b->dev, b->bar);
	err = l->vfio_only ? 0 : mr__linux_rw_ok(path);
	if (err)
		mr__doctor_say(d, MR_DOCTOR_INFO, "privilege", "run as root", "%s: %s", path,
			       strerror(-err));
}

void mr__linux_doctor(struct mr_machine *m, uint64_t phys, uint64_t size, struct mr__doctor *d)
{
	struct mr__linux *l = mr__linux(m);
	struct mr__linux_bar b;

	if (!size) {
		mr__doctor_lockdown(l, d);
		mr__doctor_strict(l, d);
		mr__doctor_io_strict(l, d);
		mr__doctor_privilege(l, d);
		mr__doctor_vfio(l, d);
		return;
	}
	mr__doctor_claims(l, m, phys, size, d);
	if (mr__linux_find_bar(l, phys, phys + size - 1, &b))
		mr__doctor_bar(l, &b, d);
	else
		mr__doctor_say(d, MR_DOCTOR_INFO, "pci", NULL,
			       "not inside a PCI BAR: VFIO and the resource files cannot serve it; "
			       "/dev/mem (or DAX, UIO) can");
}
