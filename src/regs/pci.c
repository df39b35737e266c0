// SPDX-License-Identifier: MIT
/*
 * Where a block is: its base address, or the BAR of a PCI device as the
 * linux machine's sysfs shows it. sys/bus/pci/devices/BDF holds "vendor"
 * and "device" ("0x1234") and "resource", one line per BAR:
 * "0x00000000fea00000 0x00000000feafffff 0x0000000000040200" (start, end,
 * flags; IORESOURCE_MEM is 0x200). Read under a root folder, so that the
 * tests build a fake tree and the linux machine's root=DIR is honoured.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <memremap.h>

#include "regs_internal.h"

/* The kernel's IORESOURCE_MEM and IORESOURCE_IO (include/linux/ioport.h). */
#define MR__PCI_RES_IO	0x100
#define MR__PCI_RES_MEM 0x200

/* sysfs files are a line or seven; more than this is not sysfs. */
#define MR__PCI_FILE_MAX 4096

int mr_regs_set_root(struct mr_regs *regs, const char *root)
{
	char *copy = NULL;
	size_t i;

	if (!regs)
		return mr__regs_err(EINVAL, "mr_regs_set_root: no set");
	if (root && !(copy = mr__regs_strdup(root)))
		return mr__regs_err(ENOMEM, "out of memory");
	free(regs->root);
	regs->root = copy;
	for (i = 0; i < regs->blocks.n; i++) {
		struct mr__block *b = regs->blocks.v[i];

		if (!b->pinned && b->pub.anchor != MR_REG_ANCHOR_BASE)
			b->resolved = false;
	}
	return 0;
}

/* "linux,relaxed,root=/tmp/x": the root= value, or "" (this computer). */
int mr_regs_use_machine(struct mr_regs *regs, const struct mr_machine *m)
{
	const char *spec, *p;
	char *root;
	size_t n;
	int ret;

	if (!regs || !m)
		return mr__regs_err(EINVAL, "mr_regs_use_machine: no set or no machine");
	if (strcmp(mr_machine_platform(m), "linux"))
		return mr_regs_set_root(regs, NULL);
	spec = mr_machine_spec(m);
	for (p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, "root=", 5))
			break;
	if (!p)
		return mr_regs_set_root(regs, "");
	p += 6;
	n = strcspn(p, ",");
	root = mr__regs_strndup(p, n);
	if (!root)
		return mr__regs_err(ENOMEM, "out of memory");
	ret = mr_regs_set_root(regs, root);
	free(root);
	return ret;
}

static struct mr__block *mr__regs_find_block(const struct mr_regs *regs, const char *name)
{
	size_t i;

	for (i = 0; i < regs->blocks.n; i++) {
		struct mr__block *b = regs->blocks.v[i];

		if (!strcasecmp(b->pub.name, name))
			return b;
	}
	return NULL;
}

int mr_regs_set_base(struct mr_regs *regs, const char *block, uint64_t base)
{
	struct mr__block *b;

	if (!regs || !block)
		return mr__regs_err(EINVAL, "mr_regs_set_base: no set or no block");
	b = mr__regs_find_block(regs, block);
	if (!b)
		return mr__regs_err(ENOENT, "no block '%.64s' loaded", block);
	if (b->pub.size && base + b->pub.size - 1 < base)
		return mr__regs_err(ERANGE, "block %s at 0x%" PRIx64 ": runs past 2^64",
				    b->pub.name, base);
	b->phys = base;
	b->resolved = true;
	b->pinned = true;
	return 0;
}

/* A small sysfs file under the root, NUL-terminated. */
static int mr__pci_read(const struct mr_regs *regs, const char *rel, char *buf, size_t size)
{
	char path[4096];
	size_t n;
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s", regs->root, rel);
	f = fopen(path, "re");
	if (!f) {
		err = errno;
		return mr__regs_err(err == ENOENT ? ENODEV : err, "%s: %s", path, strerror(err));
	}
	n = fread(buf, 1, size - 1, f);
	err = ferror(f) ? EIO : 0;
	fclose(f);
	if (err)
		return mr__regs_err(err, "%s: %s", path, strerror(err));
	buf[n] = '\0';
	return 0;
}

static bool mr__pci_id_is(const struct mr_regs *regs, const char *dev, const char *file,
			  unsigned int want)
{
	char rel[512], buf[32];
	unsigned long v;
	char *end;

	snprintf(rel, sizeof(rel), "%s/%s", dev, file);
	if (mr__pci_read(regs, rel, buf, sizeof(buf)))
		return false;
	v = strtoul(buf, &end, 16);
	return end != buf && v == want;
}

static int mr__pci_filter(const struct dirent *de)
{
	return mr_pci_name_parse(de->d_name, 0, NULL) == strlen(de->d_name);
}

/* The @index-th function (BDF order) with vendor:device: its name into @dev. */
static int mr__pci_find_id(const struct mr_regs *regs, const struct mr_reg_block *b, char *dev,
			   size_t size)
{
	char path[4096];
	struct dirent **names;
	unsigned int seen = 0;
	int i, n, ret = -ENODEV;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", regs->root);
	n = scandir(path, &names, mr__pci_filter, alphasort);
	if (n < 0)
		return mr__regs_err(ENODEV, "block %s: %s: %s: no PCI devices to find %04x:%04x in",
				    b->name, path, strerror(errno), b->vendor, b->device);
	for (i = 0; i < n; i++) {
		if (ret && mr__pci_id_is(regs, names[i]->d_name, "vendor", b->vendor) &&
		    mr__pci_id_is(regs, names[i]->d_name, "device", b->device) &&
		    seen++ == b->index) {
			snprintf(dev, size, "%.63s", names[i]->d_name);
			ret = 0;
		}
		free(names[i]);
	}
	free(names);
	if (ret)
		return mr__regs_err(
			ENODEV, "block %s: no PCI device %04x:%04x%s under %s (%u found)", b->name,
			b->vendor, b->device, b->index ? " of that index" : "", path, seen);
	return 0;
}

/* BAR @bar's start and length, from the device's resource file. */
static int mr__pci_bar(const struct mr_regs *regs, const struct mr_reg_block *b, const char *dev,
		       uint64_t *start, uint64_t *len)
{
	char rel[512], buf[MR__PCI_FILE_MAX], *line = buf;
	uint64_t s, e, f;
	int i, ret;

	snprintf(rel, sizeof(rel), "%s/resource", dev);
	ret = mr__pci_read(regs, rel, buf, sizeof(buf));
	if (ret) {
		char why[400];

		snprintf(why, sizeof(why), "%s", mr_regs_errmsg());
		return mr__regs_err(-ret, "block %s: %s", b->name, why);
	}
	for (i = 0; i < b->bar && line; i++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line || sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &s, &e, &f) != 3)
		return mr__regs_err(ENODEV, "block %s: %s has no BAR %d", b->name, dev, b->bar);
	if (!(f & MR__PCI_RES_MEM) || e <= s)
		return mr__regs_err(ENODEV, "block %s: BAR %d of %s is %s", b->name, b->bar, dev,
				    f & MR__PCI_RES_IO ? "an I/O port BAR, not memory"
						       : "not assigned");
	*start = s;
	*len = e - s + 1;
	return 0;
}

static int mr__pci_resolve(struct mr_regs *regs, struct mr__block *b, uint64_t *base)
{
	const struct mr_reg_block *pb = &b->pub;
	uint64_t start, len;
	char dev[64];
	int ret;

	if (!regs->root)
		return mr__regs_err(
			ENODEV,
			"block %s is in a PCI BAR, and this machine has no PCI devices: "
			"give its address (mr_regs_set_base, --regs-base %s=ADDR)",
			pb->name, pb->name);
	if (pb->anchor == MR_REG_ANCHOR_PCI_BDF) {
		snprintf(dev, sizeof(dev), "%04x:%02x:%02x.%x", pb->bdf.domain, pb->bdf.bus,
			 pb->bdf.dev, pb->bdf.fn);
	} else {
		ret = mr__pci_find_id(regs, pb, dev, sizeof(dev));
		if (ret)
			return ret;
	}
	ret = mr__pci_bar(regs, pb, dev, &start, &len);
	if (ret)
		return ret;
	if (pb->base > len || pb->size > len - pb->base)
		return mr__regs_err(ERANGE,
				    "block %s: 0x%" PRIx64 " bytes at offset 0x%" PRIx64
				    " do not fit BAR %d of %s (0x%" PRIx64 " bytes)",
				    pb->name, pb->size, pb->base, pb->bar, dev, len);
	*base = start + pb->base;
	return 0;
}

int mr_regs_block_base(struct mr_regs *regs, const struct mr_reg_block *block, uint64_t *base)
{
	struct mr__block *b = (struct mr__block *)block;
	int ret;

	if (!regs || !block || !base)
		return mr__regs_err(EINVAL, "mr_regs_block_base: no set, block or result");
	if (b->resolved) {
		*base = b->phys;
		return 0;
	}
	if (block->anchor == MR_REG_ANCHOR_NONE)
		return mr__regs_err(
			ENODEV,
			"block %s has no address (IP-XACT gives offsets only): give one "
			"(mr_regs_set_base, --regs-base %s=ADDR)",
			block->name, block->name);
	ret = mr__pci_resolve(regs, b, base);
	if (ret)
		return ret;
	b->phys = *base;
	b->resolved = true;
	return 0;
}
