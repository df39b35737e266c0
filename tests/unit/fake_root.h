/* SPDX-License-Identifier: MIT */
/*
 * A fake root for the linux machine (linux,root=DIR): proc/, sys/ and dev/
 * as plain files, folders and symlinks in a temporary folder, so that the
 * platform's sysfs reading, door choice and mapping run without the kernel.
 * Device nodes are sparse files: mappings really map, and their bytes land
 * where the kernel's file would put them.
 */
#ifndef MR_FAKE_ROOT_H
#define MR_FAKE_ROOT_H

#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "mr_test.h"

static char fake_root[64];

static inline void fake_path(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", fake_root, rel);
}

/* Make the folders on the way to root/@rel. */
static inline void fake_mkdirs(const char *rel)
{
	char path[700], *slash;

	fake_path(path, sizeof(path), rel);
	for (slash = strchr(path + strlen(fake_root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
}

static inline void fake_put(const char *text, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Write @text to root/PATH, making the folders on the way. */
static inline void fake_put(const char *text, const char *fmt, ...)
{
	char rel[512], path[700];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	fake_mkdirs(rel);
	fake_path(path, sizeof(path), rel);
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Bytes at an offset of root/@rel (config space, region layouts). */
static inline void fake_pwrite(const char *rel, uint64_t off, const void *bytes, size_t n)
{
	char path[700];
	int fd;

	fake_path(path, sizeof(path), rel);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, n, (off_t)off), (ssize_t)n);
	close(fd);
}

static inline void fake_sparse(uint64_t size, const char *rel)
{
	char path[700];

	fake_put("", "%s", rel);
	fake_path(path, sizeof(path), rel);
	assert_int_equal(truncate(path, (off_t)size), 0);
}

static inline void fake_mkdir(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void fake_mkdir(const char *fmt, ...)
{
	char rel[512], path[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	fake_mkdirs(rel);
	fake_path(path, sizeof(path), rel);
	mkdir(path, 0755);
}

/* root/@rel -> @target (relative as sysfs has them, or absolute), replacing what was there. */
static inline void fake_link(const char *target, const char *rel)
{
	char path[700];

	fake_mkdirs(rel);
	fake_path(path, sizeof(path), rel);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static inline void fake_unlink(const char *rel)
{
	char path[700];

	fake_path(path, sizeof(path), rel);
	unlink(path);
}

/* The byte at @off of root/REL, as another process would read it. */
static inline int fake_byte_at(const char *rel, uint64_t off)
{
	char path[700];
	unsigned char c;
	int fd;
	ssize_t n;

	fake_path(path, sizeof(path), rel);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = pread(fd, &c, 1, (off_t)off);
	close(fd);
	return n == 1 ? c : -1;
}

/* The text of root/@rel, for checking what was written to sysfs. */
static inline const char *fake_text(const char *rel)
{
	static char buf[256];
	char path[700];
	ssize_t n;
	int fd;

	fake_path(path, sizeof(path), rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return "(missing)";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static inline int fake_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void fake_root_make(void)
{
	snprintf(fake_root, sizeof(fake_root), "/tmp/mr-fake-XXXXXX");
	assert_non_null(mkdtemp(fake_root));
}

static inline void fake_root_remove(void)
{
	nftw(fake_root, fake_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * A PCI function in sysfs as the kernel lays it out: the real folder under
 * sys/devices/pci0000:00, the link to it in sys/bus/pci/devices, its
 * resource file (@resource: the lines), config space (256 bytes: @vendor,
 * @device, @command), and its driver and IOMMU group links (NULL, -1: none).
 */
static inline void fake_pci(const char *bdf, const char *resource, uint16_t vendor, uint16_t device,
			    uint16_t command, const char *driver, int group)
{
	unsigned char config[256] = {0};
	char rel[256], target[256];

	fake_mkdir("sys/devices/pci0000:00/%s", bdf);
	snprintf(target, sizeof(target), "../../../devices/pci0000:00/%s", bdf);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", bdf);
	fake_link(target, rel);
	fake_put(resource, "sys/devices/pci0000:00/%s/resource", bdf);
	config[0] = (unsigned char)vendor;
	config[1] = (unsigned char)(vendor >> 8);
	config[2] = (unsigned char)device;
	config[3] = (unsigned char)(device >> 8);
	config[4] = (unsigned char)command;
	config[5] = (unsigned char)(command >> 8);
	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/config", bdf);
	fake_put("", "%s", rel);
	fake_pwrite(rel, 0, config, sizeof(config));
	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/driver", bdf);
	fake_unlink(rel);
	if (driver) {
		fake_mkdir("sys/bus/pci/drivers/%s", driver);
		fake_put("", "sys/bus/pci/drivers/%s/unbind", driver);
		snprintf(target, sizeof(target), "../../../bus/pci/drivers/%s", driver);
		fake_link(target, rel);
	}
	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/iommu_group", bdf);
	fake_unlink(rel);
	if (group >= 0) {
		snprintf(target, sizeof(target), "../../../kernel/iommu_groups/%d", group);
		fake_link(target, rel);
		snprintf(target, sizeof(target), "../../../../devices/pci0000:00/%s", bdf);
		snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices/%s", group, bdf);
		fake_link(target, rel);
	}
	fake_put("", "sys/devices/pci0000:00/%s/driver_override", bdf);
}

#endif /* MR_FAKE_ROOT_H */
