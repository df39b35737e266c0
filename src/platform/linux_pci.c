// SPDX-License-Identifier: MIT
/*
 * PCI functions of the linux machine, through sysfs
 * (/sys/bus/pci/devices/BDF): their BARs (resource), the driver bound
 * (driver ->), the IOMMU group (iommu_group ->), config space (config),
 * what would break if the driver let go (block devices with mounted file
 * systems, network interfaces up), and binding (driver_override, then
 * drivers_probe, the way one does it by hand).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux_int.h"

#define MR__PCI_COMMAND	       0x04
#define MR__PCI_COMMAND_MEMORY 0x2
#define MR__PCI_HEADER_TYPE    0x0e
/* What sysfs shows of config space to a user without CAP_SYS_ADMIN. */
#define MR__PCI_CONFIG_OPEN 64

static void mr__pci_name(const struct mr_pci_addr *fn, char *buf, size_t n)
{
	snprintf(buf, n, "%04x:%02x:%02x.%x", fn->domain, fn->bus, fn->dev, fn->fn);
}

/* ------------------------------------------------------------------ BARs */

/*
 * pci-sysfs maps from the page that holds the BAR's start, as many pages as
 * the BAR's length rounds up to (pci_mmap_fits): a BAR that starts inside a
 * page does not reach the page that holds its last bytes.
 */
static bool mr__linux_bar_fits(uint64_t s, uint64_t e, uint64_t start, uint64_t last)
{
	uint64_t page0 = s & MR__PAGE_MASK;
	uint64_t pages = ((e - s) >> MR_PAGE_SHIFT) + 1;

	return page0 <= start && last - page0 < (pages << MR_PAGE_SHIFT);
}

/*
 * The lines of @dev's resource file: 0-5 are the BARs (6 is the ROM, which
 * has no resourceN file). @fn says which line is wanted.
 */
static bool mr__linux_bar_lines(const struct mr__linux *l, const char *dev,
				bool (*fn)(void *arg, int i, uint64_t s, uint64_t e, uint64_t f),
				void *arg, struct mr__linux_bar *b, bool *exists)
{
	char path[4096], *text, *line;
	uint64_t s, e, f;
	bool found = false;
	size_t len;
	int i;

	*exists = false;
	if (strlen(dev) >= sizeof(b->dev))
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/resource", dev);
	if (mr__linux_slurp(path, &text, &len))
		return false;
	*exists = true;
	for (i = 0, line = text; i < 6 && line && *line && !found; i++) {
		if (sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &s, &e, &f) == 3 &&
		    (f & IORESOURCE_MEM) && e > s && fn(arg, i, s, e, f)) {
			snprintf(b->dev, sizeof(b->dev), "%s", dev);
			b->bar = i;
			b->start = s;
			b->end = e;
			b->flags = f;
			found = true;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	mr__free(text);
	return found;
}

static bool mr__linux_bar_holds(void *arg, int i, uint64_t s, uint64_t e, uint64_t f)
{
	const struct mr__linux_bar *b = arg;

	(void)i;
	(void)f;
	return mr__linux_bar_fits(s, e, b->want_start, b->want_last);
}

static bool mr__linux_bar_try(const struct mr__linux *l, const char *name, void *arg)
{
	bool exists;

	return mr__linux_bar_lines(l, name, mr__linux_bar_holds, arg, arg, &exists);
}

bool mr__linux_find_bar(struct mr__linux *l, uint64_t start, uint64_t last, struct mr__linux_bar *b)
{
	b->want_start = start;
	b->want_last = last;
	return mr__linux_scan(l, "/sys/bus/pci/devices", "", mr__linux_bar_try, b);
}

static bool mr__linux_bar_index(void *arg, int i, uint64_t s, uint64_t e, uint64_t f)
{
	const int *want = arg;

	(void)s;
	(void)e;
	(void)f;
	return i == *want;
}

int mr__linux_bar_of(const struct mr__linux *l, const char *dev, int bar, struct mr__linux_bar *b)
{
	bool exists;

	memset(b, 0, sizeof(*b));
	if (mr__linux_bar_lines(l, dev, mr__linux_bar_index, &bar, b, &exists))
		return 0;
	return exists ? -ENOENT : -ENODEV;
}

int mr__linux_pci_bar_op(struct mr_machine *m, const struct mr_pci_addr *fn, int bar,
			 struct mr_pci_bar *out)
{
	struct mr__linux_bar b;
	char name[32];
	int ret;

	mr__pci_name(fn, name, sizeof(name));
	ret = mr__linux_bar_of(mr__linux(m), name, bar, &b);
	if (ret == -ENODEV)
		return mr__err(ENODEV, "linux: no PCI function %s (no /sys/bus/pci/devices/%s)",
			       name, name);
	if (ret)
		return mr__err(ENOENT, "linux: BAR %d of %s is not a memory BAR (or is empty)", bar,
			       name);
	out->fn = *fn;
	out->bar = bar;
	out->start = b.start;
	out->size = b.end - b.start + 1;
	out->flags =
		(unsigned long)b.flags & (IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64);
	return 0;
}

/* ------------------------------------------------------ drivers and groups */

static bool mr__linux_pci_exists(const struct mr__linux *l, const char *dev)
{
	char path[4096];
	struct stat st;

	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s", dev);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int mr__linux_pci_driver(const struct mr__linux *l, const char *dev, char *buf, size_t n)
{
	char path[4096];
	int ret;

	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/driver", dev);
	ret = mr__linux_link_name(path, buf, n);
	if (ret == -ENOENT) {
		buf[0] = '\0';
		return mr__linux_pci_exists(l, dev) ? 0 : -ENODEV;
	}
	return ret;
}

int mr__linux_pci_driver_op(struct mr_machine *m, const struct mr_pci_addr *fn, char *buf, size_t n)
{
	char name[32];
	int ret;

	mr__pci_name(fn, name, sizeof(name));
	ret = mr__linux_pci_driver(mr__linux(m), name, buf, n);
	if (ret == -ENODEV)
		return mr__err(ENODEV, "linux: no PCI function %s", name);
	if (ret)
		return mr__err(-ret, "linux: the driver of %s: %s", name, strerror(-ret));
	return 0;
}

bool mr__linux_is_vfio_driver(const char *driver)
{
	/* vfio-pci, and the variant drivers built on vfio-pci-core (mlx5_vfio_pci, ...). */
	return strstr(driver, "vfio") != NULL;
}

int mr__linux_pci_group(const struct mr__linux *l, const char *dev)
{
	char path[4096], name[32], *end;
	long n;
	int ret;

	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", dev);
	ret = mr__linux_link_name(path, name, sizeof(name));
	if (ret)
		return ret;
	errno = 0;
	n = strtol(name, &end, 10);
	if (errno || end == name || *end || n < 0 || n > INT_MAX)
		return -EINVAL;
	return (int)n;
}

/* ----------------------------------------------------------- config space */

int mr__linux_pci_config_sysfs(const struct mr__linux *l, const char *dev, unsigned int off,
			       unsigned int width, uint32_t *val, bool write)
{
	unsigned int bytes = width / 8, i;
	unsigned char buf[4];
	char path[4096];
	struct stat st;
	ssize_t n;
	int fd, err;

	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/config", dev);
	fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		err = errno == ELOOP ? EPERM : errno;
		if (err == ENOENT && !mr__linux_pci_exists(l, dev))
			return mr__err(ENODEV, "linux: no PCI function %s", dev);
		return mr__err(err, "linux: %s: %s%s", path, strerror(err),
			       err == EACCES ? " (writing config space needs root)" : "");
	}
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return mr__err(err, "linux: %s: %s", path, strerror(err));
	}
	if ((uint64_t)off + bytes > (uint64_t)st.st_size) {
		close(fd);
		return mr__err(ERANGE, "linux: %#x lies past %s's config space (%lld bytes)", off,
			       dev, (long long)st.st_size);
	}
	if (write) {
		for (i = 0; i < bytes; i++)
			buf[i] = (unsigned char)(*val >> (8 * i));
		n = pwrite(fd, buf, bytes, off);
	} else {
		n = pread(fd, buf, bytes, off);
	}
	err = n < 0 ? errno : 0;
	close(fd);
	if (err == EPERM && write)
		return mr__err(EPERM,
			       "linux: %s refused the write: kernel lockdown shuts config writes "
			       "through sysfs (bind %s to vfio-pci to write through VFIO)",
			       path, dev);
	if (err)
		return mr__err(err, "linux: %s at %#x: %s", path, off, strerror(err));
	if ((size_t)n != bytes)
		return mr__err(EACCES,
			       "linux: %s shows its first %d bytes only to a user without "
			       "CAP_SYS_ADMIN: %#x needs root (or VFIO)",
			       path, MR__PCI_CONFIG_OPEN, off);
	if (!write)
		for (*val = 0, i = 0; i < bytes; i++)
			*val |= (uint32_t)buf[i] << (8 * i);
	return 0;
}

/*
 * A register read as a question, not as a call that can fail: errno and the
 * thread's message stay as they were.
 */
static int mr__linux_pci_ask(const struct mr__linux *l, const char *dev, unsigned int off,
			     unsigned int width, uint32_t *v)
{
	char msg[512];
	int saved = errno, ret;

	snprintf(msg, sizeof(msg), "%s", mr_errmsg());
	ret = mr__linux_pci_config_sysfs(l, dev, off, width, v, false);
	mr__err(saved, "%s", msg);
	errno = saved;
	return ret;
}

int mr__linux_pci_decode(const struct mr__linux *l, const char *dev, uint16_t *cmd)
{
	uint32_t v = 0;
	int ret = mr__linux_pci_ask(l, dev, MR__PCI_COMMAND, 16, &v);

	if (ret)
		return ret;
	*cmd = (uint16_t)v;
	return !!(v & MR__PCI_COMMAND_MEMORY);
}

bool mr__linux_pci_is_bridge(const struct mr__linux *l, const char *dev)
{
	uint32_t v = 0;

	return !mr__linux_pci_ask(l, dev, MR__PCI_HEADER_TYPE, 8, &v) && (v & 0x7f) != 0;
}

/* ---------------------------------------------------------- what is in use */

/* Is the block device "MAJ:MIN" mounted (our mount namespace's /proc/self/mountinfo)? */
static bool mr__linux_mounted(const struct mr__linux *l, const char *majmin, char *where, size_t n)
{
	char path[4096], *text, *line, *save = NULL, id[32], point[256];
	bool found = false;
	size_t len;

	mr__linux_path(l, path, sizeof(path), "/proc/self/mountinfo");
	if (mr__linux_slurp(path, &text, &len))
		return false;
	/* "36 35 98:0 /mnt1 /mnt2 rw ... - ext3 /dev/root rw": the third field is the device. */
	for (line = strtok_r(text, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%*s %*s %31s %*s %255s", id, point) == 2 && !strcmp(id, majmin)) {
			snprintf(where, n, "%s", point);
			found = true;
		}
	}
	mr__free(text);
	return found;
}

/* Block device @name (or one that holds it, as dm and md do) mounted somewhere. */
static bool mr__linux_block_mounted(const struct mr__linux *l, const char *name, char *why,
				    size_t n, int depth)
{
	char path[4096], majmin[32], where[256], holder[64];
	struct dirent *de;
	bool used = false;
	DIR *d;

	mr__linux_path(l, path, sizeof(path), "/sys/class/block/%s/dev", name);
	if (!mr__linux_read_line(path, majmin, sizeof(majmin)) &&
	    mr__linux_mounted(l, majmin, where, sizeof(where))) {
		snprintf(why, n, "/dev/%s is mounted on %s", name, where);
		return true;
	}
	if (depth > 2)
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/class/block/%s/holders", name);
	d = opendir(path);
	if (!d)
		return false;
	while (!used && (de = readdir(d)))
		if (de->d_name[0] != '.' && mr__linux_name(holder, sizeof(holder), de))
			used = mr__linux_block_mounted(l, holder, why, n, depth + 1);
	closedir(d);
	return used;
}

/* Is the class device @cls/@name below @devpath (the PCI function's real folder)? */
static bool mr__linux_below(const struct mr__linux *l, const char *cls, const char *name,
			    const char *devpath)
{
	char path[4096], real[PATH_MAX];
	size_t n = strlen(devpath);

	mr__linux_path(l, path, sizeof(path), "/sys/class/%s/%s", cls, name);
	return realpath(path, real) && !strncmp(real, devpath, n) && real[n] == '/';
}

static bool mr__linux_net_up(const struct mr__linux *l, const char *name)
{
	char path[4096];
	uint64_t flags;

	mr__linux_path(l, path, sizeof(path), "/sys/class/net/%s/flags", name);
	/* IFF_UP */
	return !mr__linux_read_u64(path, &flags) && (flags & 0x1);
}

bool mr__linux_pci_in_use(const struct mr__linux *l, const char *dev, char *why, size_t n)
{
	char path[4096], devpath[PATH_MAX], name[64];
	struct dirent *de;
	bool used = false;
	DIR *d;

	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s", dev);
	if (!realpath(path, devpath))
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/class/block");
	d = opendir(path);
	while (d && !used && (de = readdir(d)))
		if (de->d_name[0] != '.' && mr__linux_name(name, sizeof(name), de) &&
		    mr__linux_below(l, "block", name, devpath))
			used = mr__linux_block_mounted(l, name, why, n, 0);
	if (d)
		closedir(d);
	mr__linux_path(l, path, sizeof(path), "/sys/class/net");
	d = used ? NULL : opendir(path);
	while (d && !used && (de = readdir(d))) {
		if (de->d_name[0] != '.' && mr__linux_name(name, sizeof(name), de) &&
		    mr__linux_below(l, "net", name, devpath) && mr__linux_net_up(l, name)) {
			snprintf(why, n, "network interface %s is up", name);
			used = true;
		}
	}
	if (d)
		closedir(d);
	return used;
}

/* ---------------------------------------------------------------- binding */

/* @text into the sysfs file @path, as echo does; 0 or -errno with the message set. */
static int mr__linux_sysfs_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW), err;

	if (fd < 0) {
		err = errno == ELOOP ? EPERM : errno;
		return mr__err(err, "linux: cannot open %s: %s%s", path, strerror(err),
			       err == EACCES ? " (binding drivers needs root)" : "");
	}
	n = write(fd, text, len);
	err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	close(fd);
	if (err)
		return mr__err(err, "linux: writing '%.*s' to %s: %s", (int)strcspn(text, "\n"),
			       text, path, strerror(err));
	return 0;
}

static int mr__linux_unbind(const struct mr__linux *l, const char *dev, const char *driver)
{
	char path[4096], why[320];

	if (mr__linux_pci_in_use(l, dev, why, sizeof(why)))
		return mr__err(EBUSY, "linux: %s is in use (%s): not taken from %s", dev, why,
			       driver);
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", dev);
	return mr__linux_sysfs_write(path, dev);
}

int mr__linux_pci_bind(struct mr_machine *m, const struct mr_pci_addr *fn, const char *driver)
{
	struct mr__linux *l = mr__linux(m);
	char dev[32], path[4096], now[64], text[80];
	struct stat st;
	int ret;

	mr__pci_name(fn, dev, sizeof(dev));
	ret = mr__linux_pci_driver(l, dev, now, sizeof(now));
	if (ret)
		return mr__err(-ret, "linux: no PCI function %s", dev);
	if (driver && !strcmp(now, driver))
		return 0;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/drivers/%s", driver ? driver : "");
	if (driver && (stat(path, &st) || !S_ISDIR(st.st_mode)))
		return mr__err(ENOENT,
			       "linux: no PCI driver '%s' is registered (%s): load its module "
			       "(modprobe %s)",
			       driver, path, driver);
	if (now[0]) {
		ret = mr__linux_unbind(l, dev, now);
		if (ret)
			return ret;
	}
	/* An empty override (a lone newline) gives the choice back to the kernel. */
	snprintf(text, sizeof(text), "%s\n", driver ? driver : "");
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", dev);
	ret = mr__linux_sysfs_write(path, text);
	if (!ret) {
		mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/drivers_probe");
		ret = mr__linux_sysfs_write(path, dev);
	}
	if (ret || !driver)
		return ret;
	ret = mr__linux_pci_driver(l, dev, now, sizeof(now));
	if (ret || strcmp(now, driver))
		return mr__err(EIO, "linux: after drivers_probe, %s is bound to %s, not %s", dev,
			       now[0] ? now : "no driver", driver);
	return 0;
}

/* ------------------------------------------------ the BARs as a tree */

struct mr__linux_bars {
	struct mr__linux_bar *v;
	size_t n, cap;
	int err;
};

/* Every line is kept (and none is "found", so that all are read). */
static bool mr__linux_bars_all(void *arg, int i, uint64_t s, uint64_t e, uint64_t f)
{
	struct mr__linux_bars *all = arg;
	struct mr__linux_bar *v;

	if (all->n == all->cap) {
		v = mr__realloc(all->v, (all->cap ? all->cap * 2 : 32) * sizeof(*v));
		if (!v) {
			all->err = -ENOMEM;
			return true;
		}
		all->v = v;
		all->cap = all->cap ? all->cap * 2 : 32;
	}
	v = &all->v[all->n++];
	memset(v, 0, sizeof(*v));
	v->bar = i;
	v->start = s;
	v->end = e;
	v->flags = f;
	return false;
}

static bool mr__linux_bars_of(const struct mr__linux *l, const char *name, void *arg)
{
	struct mr__linux_bars *all = arg;
	struct mr__linux_bar unused;
	size_t first = all->n, i;
	bool exists;

	mr__linux_bar_lines(l, name, mr__linux_bars_all, all, &unused, &exists);
	for (i = first; i < all->n; i++)
		snprintf(all->v[i].dev, sizeof(all->v[i].dev), "%s", name);
	return all->err != 0;
}

static int mr__linux_bar_cmp(const void *a, const void *b)
{
	const struct mr__linux_bar *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int mr__linux_bar_tree(const struct mr__linux *l, char **text, size_t *len)
{
	struct mr__linux_bars all = {NULL, 0, 0, 0};
	size_t i, used = 0, cap;
	char *t;

	mr__linux_scan(l, "/sys/bus/pci/devices", "", mr__linux_bars_of, &all);
	if (all.err) {
		mr__free(all.v);
		return mr__err(ENOMEM, "linux: out of memory listing the PCI BARs");
	}
	qsort(all.v, all.n, sizeof(*all.v), mr__linux_bar_cmp);
	/* "fea00000-feafffff : 0000:00:03.0\n": at most 51 bytes a line. */
	cap = all.n * 64 + 1;
	t = mr__malloc(cap);
	if (!t) {
		mr__free(all.v);
		return mr__err(ENOMEM, "linux: out of memory listing the PCI BARs");
	}
	t[0] = '\0';
	for (i = 0; i < all.n; i++)
		used += (size_t)snprintf(t + used, cap - used, "%08" PRIx64 "-%08" PRIx64 " : %s\n",
					 all.v[i].start, all.v[i].end, all.v[i].dev);
	mr__free(all.v);
	*text = t;
	*len = used;
	return 0;
}
