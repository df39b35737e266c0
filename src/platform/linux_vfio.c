// SPDX-License-Identifier: MIT
/*
 * VFIO as a door of the linux machine (the kernel's
 * Documentation/driver-api/vfio.rst): a function bound to vfio-pci shows
 * its BARs as regions of a device file descriptor, which mmap() maps
 * uncached. Two ways to that descriptor, chosen at run time:
 *
 *   cdev + iommufd  /dev/vfio/devices/vfioX, bound to an open /dev/iommu
 *                   (VFIO_DEVICE_BIND_IOMMUFD; kernels 6.6 and later)
 *   group           /dev/vfio/N set into a container (/dev/vfio/vfio) with
 *                   the type1 IOMMU, then VFIO_GROUP_GET_DEVICE_FD
 *
 * Only MMIO is wanted here, so nothing is mapped for DMA. The probe is
 * pure: it reads sysfs and checks permissions. Opening happens at map
 * time, once per device: the descriptors are kept, counted by the mappings
 * and config accesses that use them, and closed by the last one out (the
 * kernel resets a device when its last descriptor closes). A group belongs
 * to one process at a time, so the record is the process's, shared by
 * every machine with the same root.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "linux_int.h"

/* The cdev interface (Linux 6.6 uapi), for headers older than it. */
#ifndef VFIO_DEVICE_BIND_IOMMUFD
struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};
#define VFIO_DEVICE_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
#endif

/* A group in its container, shared by the devices of the group we opened. */
struct mr__vfio_group {
	struct mr__vfio_group *next;
	char *root;
	int number;
	int fd, container;
	int users; /* devices open in it */
};

/* An open device: its descriptor and the regions it has. */
struct mr__vfio_dev {
	struct mr__vfio_dev *next;
	char *root;
	char name[16]; /* "0000:00:03.0" */
	int kind;      /* MR__DOOR_VFIO_CDEV or _GROUP */
	struct mr__vfio_group *group;
	int iommufd; /* the cdev interface's, or -1 */
	int fd;
	int users; /* mappings and config accesses under way */
};

static pthread_mutex_t mr__vfio_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mr__vfio_dev *mr__vfio_devs;
static struct mr__vfio_group *mr__vfio_groups;

/* ------------------------------------------------------------ the probe */

/* Does every device of group @n let it be used (vfio-pci, pci-stub, none, a bridge)? */
static int mr__vfio_viable(const struct mr__linux *l, int n, char *why, size_t len)
{
	char path[4096], dev[64], driver[64];
	struct dirent *de;
	DIR *d;
	int ret = 0;

	mr__linux_path(l, path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices", n);
	d = opendir(path);
	if (!d)
		return 0; /* the kernel will say so when the group opens */
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !mr__linux_name(dev, sizeof(dev), de))
			continue;
		if (mr__linux_pci_driver(l, dev, driver, sizeof(driver)) || !driver[0] ||
		    mr__linux_is_vfio_driver(driver) || !strcmp(driver, "pci-stub") ||
		    mr__linux_pci_is_bridge(l, dev))
			continue;
		mr__linux_text(
			why, len,
			"IOMMU group %d is not viable: %s in it is bound to %s (VFIO needs every "
			"device of the group bound to vfio-pci, or to none)",
			n, dev, driver);
		ret = -EBUSY;
	}
	closedir(d);
	return ret;
}

static bool mr__vfio_cdev_name(const struct mr__linux *l, const char *name, void *arg)
{
	(void)l;
	snprintf(arg, 16, "%s", name);
	return strlen(name) < 16;
}

/* The cdev interface: sysfs names the node, and it and /dev/iommu must be open to us. */
static int mr__vfio_probe_cdev(const struct mr__linux *l, const char *dev, struct mr__linux_vfio *v)
{
	char dir[256], path[4096];
	int ret;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/vfio-dev", dev);
	if (!mr__linux_scan(l, dir, "vfio", mr__vfio_cdev_name, v->cdev))
		return -ENOENT;
	mr__linux_path(l, path, sizeof(path), "/dev/vfio/devices/%s", v->cdev);
	ret = mr__linux_rw_ok(path);
	if (!ret) {
		mr__linux_path(l, path, sizeof(path), "/dev/iommu");
		ret = mr__linux_rw_ok(path);
	}
	if (ret)
		mr__linux_text(v->why, sizeof(v->why), "%s: %s", path, strerror(-ret));
	return ret;
}

static int mr__vfio_probe_group(const struct mr__linux *l, const char *dev,
				struct mr__linux_vfio *v)
{
	char path[4096];
	int ret;

	v->group = mr__linux_pci_group(l, dev);
	if (v->group < 0) {
		mr__linux_text(
			v->why, sizeof(v->why),
			"%s has no IOMMU group: the IOMMU is off (intel_iommu=on or amd_iommu=on "
			"on the kernel's command line) or absent",
			dev);
		v->group = -1;
		return -ENODEV;
	}
	mr__linux_path(l, path, sizeof(path), "/dev/vfio/%d", v->group);
	ret = mr__linux_rw_ok(path);
	if (ret) {
		mr__linux_text(v->why, sizeof(v->why), "%s: %s%s", path, strerror(-ret),
			       ret == -EACCES ? " (root, or chown the group's node to the user)"
					      : "");
		return ret;
	}
	mr__linux_path(l, path, sizeof(path), "/dev/vfio/vfio");
	ret = mr__linux_rw_ok(path);
	if (ret) {
		mr__linux_text(v->why, sizeof(v->why), "%s: %s", path, strerror(-ret));
		return ret;
	}
	return mr__vfio_viable(l, v->group, v->why, sizeof(v->why));
}

int mr__linux_vfio_probe(const struct mr__linux *l, const char *dev, struct mr__linux_vfio *v)
{
	char driver[64];
	int ret;

	memset(v, 0, sizeof(*v));
	v->group = -1;
	ret = mr__linux_pci_driver(l, dev, driver, sizeof(driver));
	if (ret || !mr__linux_is_vfio_driver(driver)) {
		mr__linux_text(v->why, sizeof(v->why), "%s is bound to %s, not vfio-pci", dev,
			       ret	   ? "?"
			       : driver[0] ? driver
					   : "no driver");
		return mr__err(ENODEV, "linux: %s", v->why);
	}
	/* The cdev interface where the kernel has it; else, or if shut to us, the group. */
	v->kind = MR__DOOR_VFIO_CDEV;
	if (!mr__vfio_probe_cdev(l, dev, v))
		return 0;
	v->kind = MR__DOOR_VFIO_GROUP;
	ret = mr__vfio_probe_group(l, dev, v);
	if (ret)
		return mr__err(-ret, "linux: VFIO: %s", v->why);
	return 0;
}

/* An entry of /dev/vfio (a group) or /dev/vfio/devices (a cdev) open to this process. */
static bool mr__vfio_node_open(const struct mr__linux *l, const char *name, void *arg)
{
	char path[4096];

	mr__linux_path(l, path, sizeof(path), "%s/%s", (const char *)arg, name);
	/* Not the container, the cdev folder, or a no-IOMMU group (not used here). */
	return strcmp(name, "vfio") && strcmp(name, "devices") && strncmp(name, "noiommu", 7) &&
	       !mr__linux_rw_ok(path);
}

bool mr__linux_vfio_any(const struct mr__linux *l)
{
	return mr__linux_scan(l, "/dev/vfio", "", mr__vfio_node_open, "/dev/vfio") ||
	       mr__linux_scan(l, "/dev/vfio/devices", "vfio", mr__vfio_node_open,
			      "/dev/vfio/devices");
}

/* ------------------------------------------------- the open descriptors */

/* @rel under the root, opened read-write; -errno with the message set. */
static int mr__vfio_open(const struct mr__linux *l, const char *rel)
{
	char path[4096];
	int fd, err;

	mr__linux_path(l, path, sizeof(path), "%s", rel);
	fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0)
		return fd;
	err = errno == ELOOP ? EPERM : errno;
	return mr__err(err, "linux: VFIO: %s: %s%s", path, strerror(err),
		       err == EBUSY ? " (another process holds it: VFIO gives a group to one "
				      "process at a time)"
				    : "");
}

static void mr__vfio_group_put(struct mr__vfio_group *g)
{
	struct mr__vfio_group **pp;

	if (--g->users)
		return;
	for (pp = &mr__vfio_groups; *pp != g; pp = &(*pp)->next)
		;
	*pp = g->next;
	close(g->fd);
	close(g->container);
	mr__free(g->root);
	mr__free(g);
}

/* A container with the type1 IOMMU (v2 where there is one), holding group @g->fd. */
static int mr__vfio_container(const struct mr__linux *l, struct mr__vfio_group *g)
{
	struct vfio_group_status status = {.argsz = sizeof(status)};
	int type;

	if (ioctl(g->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return mr__err(EINVAL, "linux: VFIO: %s/dev/vfio/vfio speaks another API version",
			       l->root);
	type = ioctl(g->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0
		       ? VFIO_TYPE1v2_IOMMU
	       : ioctl(g->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) > 0 ? VFIO_TYPE1_IOMMU
										 : 0;
	if (!type)
		return mr__err(ENODEV,
			       "linux: VFIO: no type1 IOMMU backend (load vfio_iommu_type1)");
	if (ioctl(g->fd, VFIO_GROUP_GET_STATUS, &status))
		return mr__err(errno, "linux: VFIO: group %d: %s", g->number, strerror(errno));
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return mr__err(EBUSY,
			       "linux: VFIO: group %d is not viable: every device in it must be "
			       "bound to vfio-pci (or to none)",
			       g->number);
	if (ioctl(g->fd, VFIO_GROUP_SET_CONTAINER, &g->container) ||
	    ioctl(g->container, VFIO_SET_IOMMU, type))
		return mr__err(errno, "linux: VFIO: group %d into a type1 container: %s", g->number,
			       strerror(errno));
	return 0;
}

static struct mr__vfio_group *mr__vfio_group_get(const struct mr__linux *l, int n)
{
	struct mr__vfio_group *g;
	char rel[32];

	for (g = mr__vfio_groups; g; g = g->next) {
		if (g->number == n && !strcmp(g->root, l->root)) {
			g->users++;
			return g;
		}
	}
	g = mr__calloc(1, sizeof(*g));
	if (!g || !(g->root = mr__strdup(l->root))) {
		mr__free(g);
		mr__err(ENOMEM, "linux: VFIO: out of memory");
		return NULL;
	}
	g->number = n;
	snprintf(rel, sizeof(rel), "/dev/vfio/%d", n);
	g->container = mr__vfio_open(l, "/dev/vfio/vfio");
	if (g->container < 0)
		goto err_free;
	g->fd = mr__vfio_open(l, rel);
	if (g->fd < 0)
		goto err_container;
	if (mr__vfio_container(l, g))
		goto err_group;
	g->users = 1;
	g->next = mr__vfio_groups;
	mr__vfio_groups = g;
	return g;

err_group:
	close(g->fd);
err_container:
	close(g->container);
err_free:
	mr__free(g->root);
	mr__free(g);
	return NULL;
}

/* The group interface: the device's descriptor from its group, in its container. */
static int mr__vfio_dev_group(const struct mr__linux *l, struct mr__vfio_dev *d)
{
	int n = mr__linux_pci_group(l, d->name);

	if (n < 0)
		return mr__err(ENODEV, "linux: VFIO: %s has no IOMMU group", d->name);
	d->group = mr__vfio_group_get(l, n);
	if (!d->group)
		return -errno;
	d->fd = ioctl(d->group->fd, VFIO_GROUP_GET_DEVICE_FD, d->name);
	if (d->fd < 0) {
		mr__err(errno, "linux: VFIO: %s from group %d: %s", d->name, n, strerror(errno));
		mr__vfio_group_put(d->group);
		return -errno;
	}
	return 0;
}

/* The cdev interface: the device node, bound to a fresh iommufd. */
static int mr__vfio_dev_cdev(const struct mr__linux *l, struct mr__vfio_dev *d)
{
	struct vfio_device_bind_iommufd bind = {.argsz = sizeof(bind)};
	struct mr__linux_vfio v;
	char rel[64];
	int err;

	memset(&v, 0, sizeof(v));
	if (mr__vfio_probe_cdev(l, d->name, &v))
		return mr__err(ENODEV, "linux: VFIO: %s: %s", d->name,
			       v.why[0] ? v.why : "no vfio-dev node");
	snprintf(rel, sizeof(rel), "/dev/vfio/devices/%s", v.cdev);
	d->fd = mr__vfio_open(l, rel);
	if (d->fd < 0)
		return d->fd;
	d->iommufd = mr__vfio_open(l, "/dev/iommu");
	if (d->iommufd < 0) {
		err = -d->iommufd;
		goto err_close_dev;
	}
	bind.iommufd = d->iommufd;
	if (!ioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return 0;
	err = errno;
	mr__err(err, "linux: VFIO: binding %s to iommufd: %s", v.cdev, strerror(err));
	close(d->iommufd);
	d->iommufd = -1;
err_close_dev:
	close(d->fd);
	errno = err;
	return -err;
}

/* The open device @dev (opened now when it is not yet), counted. */
static struct mr__vfio_dev *mr__vfio_get(const struct mr__linux *l, int kind, const char *dev)
{
	struct mr__vfio_dev *d;
	int ret;

	for (d = mr__vfio_devs; d; d = d->next) {
		if (!strcmp(d->name, dev) && !strcmp(d->root, l->root)) {
			d->users++;
			return d;
		}
	}
	d = mr__calloc(1, sizeof(*d));
	if (!d || !(d->root = mr__strdup(l->root))) {
		mr__free(d);
		mr__err(ENOMEM, "linux: VFIO: out of memory");
		return NULL;
	}
	snprintf(d->name, sizeof(d->name), "%s", dev);
	d->kind = kind;
	d->iommufd = -1;
	ret = kind == MR__DOOR_VFIO_CDEV ? mr__vfio_dev_cdev(l, d) : mr__vfio_dev_group(l, d);
	if (ret) {
		mr__free(d->root);
		mr__free(d);
		return NULL;
	}
	d->users = 1;
	d->next = mr__vfio_devs;
	mr__vfio_devs = d;
	return d;
}

static void mr__vfio_put(struct mr__vfio_dev *d)
{
	struct mr__vfio_dev **pp;

	if (--d->users)
		return;
	for (pp = &mr__vfio_devs; *pp != d; pp = &(*pp)->next)
		;
	*pp = d->next;
	close(d->fd);
	if (d->iommufd >= 0)
		close(d->iommufd);
	if (d->group)
		mr__vfio_group_put(d->group);
	mr__free(d->root);
	mr__free(d);
}

static struct mr__vfio_dev *mr__vfio_find(const struct mr__linux *l, const char *dev)
{
	struct mr__vfio_dev *d;

	for (d = mr__vfio_devs; d; d = d->next)
		if (!strcmp(d->name, dev) && !strcmp(d->root, l->root))
			return d;
	return NULL;
}

/* Region @index of the device: its flags, size and offset in the descriptor. */
static int mr__vfio_region(struct mr__vfio_dev *d, unsigned int index, struct vfio_region_info *r)
{
	memset(r, 0, sizeof(*r));
	r->argsz = sizeof(*r);
	r->index = index;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, r))
		return mr__err(errno, "linux: VFIO: %s has no region %u: %s", d->name, index,
			       strerror(errno));
	return 0;
}

/* ----------------------------------------------------------- the door */

static int mr__vfio_mmap(struct mr__vfio_dev *d, int bar, uint64_t off, size_t len, void **win)
{
	struct vfio_region_info r;
	uint64_t room;
	void *p;
	int ret = mr__vfio_region(d, (unsigned int)bar, &r);

	if (ret)
		return ret;
	if (!(r.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return mr__err(EOPNOTSUPP,
			       "linux: VFIO: vfio-pci does not let bar%d of %s be mapped (region "
			       "flags %#x)",
			       bar, d->name, r.flags);
	/* Whole pages of the region, as vfio-pci maps them. */
	room = (r.size + MR_PAGE_SIZE - 1) & MR__PAGE_MASK;
	if (off > room || len > room - off)
		return mr__err(EINVAL,
			       "linux: VFIO: %#zx bytes at %#" PRIx64 " do not fit bar%d of %s "
			       "(%#llx bytes)",
			       len, off, bar, d->name, (unsigned long long)r.size);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd, (off_t)(r.offset + off));
	if (p == MAP_FAILED)
		return mr__err(errno, "linux: VFIO: mmap of bar%d of %s: %s", bar, d->name,
			       strerror(errno));
	*win = p;
	return 0;
}

int mr__linux_vfio_map(const struct mr__linux *l, int kind, const char *dev, int bar, uint64_t off,
		       size_t len, void **win)
{
	struct mr__vfio_dev *d;
	int ret;

	pthread_mutex_lock(&mr__vfio_lock);
	d = mr__vfio_get(l, kind, dev);
	ret = d ? mr__vfio_mmap(d, bar, off, len, win) : -errno;
	if (d && ret)
		mr__vfio_put(d);
	pthread_mutex_unlock(&mr__vfio_lock);
	return ret;
}

void mr__linux_vfio_unmap(const struct mr__linux *l, const char *dev, void *win, size_t len)
{
	struct mr__vfio_dev *d;

	munmap(win, len);
	pthread_mutex_lock(&mr__vfio_lock);
	d = mr__vfio_find(l, dev);
	if (d)
		mr__vfio_put(d);
	pthread_mutex_unlock(&mr__vfio_lock);
}

/* ------------------------------------------------------- config space */

int mr__linux_vfio_config(const struct mr__linux *l, int kind, const char *dev, unsigned int off,
			  unsigned int width, uint32_t *val, bool write)
{
	unsigned int bytes = width / 8, i;
	struct vfio_region_info r;
	struct mr__vfio_dev *d;
	unsigned char buf[4];
	ssize_t n = -1;
	int ret;

	pthread_mutex_lock(&mr__vfio_lock);
	d = mr__vfio_get(l, kind, dev);
	ret = d ? mr__vfio_region(d, VFIO_PCI_CONFIG_REGION_INDEX, &r) : -errno;
	if (!ret && (uint64_t)off + bytes > r.size)
		ret = mr__err(ERANGE, "linux: %#x lies past %s's config space (%#llx bytes)", off,
			      dev, (unsigned long long)r.size);
	if (!ret) {
		for (i = 0; write && i < bytes; i++)
			buf[i] = (unsigned char)(*val >> (8 * i));
		n = write ? pwrite(d->fd, buf, bytes, (off_t)(r.offset + off))
			  : pread(d->fd, buf, bytes, (off_t)(r.offset + off));
		if (n != (ssize_t)bytes)
			ret = mr__err(n < 0 ? errno : EIO,
				      "linux: VFIO: config space of %s at %#x: %s", dev, off,
				      n < 0 ? strerror(errno) : "short");
	}
	if (d)
		mr__vfio_put(d);
	pthread_mutex_unlock(&mr__vfio_lock);
	if (ret || write)
		return ret;
	for (*val = 0, i = 0; i < bytes; i++)
		*val |= (uint32_t)buf[i] << (8 * i);
	return 0;
}

int mr__linux_pci_config_op(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			    unsigned int width, uint32_t *val, bool write)
{
	struct mr__linux *l = mr__linux(m);
	struct mr__linux_vfio v;
	char dev[32], vmsg[256];
	int ret;

	snprintf(dev, sizeof(dev), "%04x:%02x:%02x.%x", fn->domain, fn->bus, fn->dev, fn->fn);
	vmsg[0] = '\0';
	/* Through VFIO where the function is VFIO's: sysfs may be shut (lockdown, no root). */
	if (!mr__linux_vfio_probe(l, dev, &v)) {
		ret = mr__linux_vfio_config(l, v.kind, dev, off, width, val, write);
		if (!ret || ret == -ERANGE)
			return ret;
		snprintf(vmsg, sizeof(vmsg), "%s", mr_errmsg());
	}
	ret = mr__linux_pci_config_sysfs(l, dev, off, width, val, write);
	if (ret && vmsg[0])
		mr__err_prefix("%s; then ", vmsg);
	return ret;
}
