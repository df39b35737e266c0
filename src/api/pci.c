// SPDX-License-Identifier: MIT
/*
 * PCI functions on a machine (memremap/pci.h): a BAR by its number, a place
 * in it by "BDF/barN+OFFSET", config space, binding. A platform that knows
 * PCI (linux: sysfs, VFIO) answers through its ops; on one that does not
 * (sim), a BAR is a resource named after its function in the tree.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <memremap/pci.h>

#include "mr_api.h"
#include "mr_resource.h"

static void mr__pci_name(const struct mr_pci_addr *fn, char *buf, size_t n)
{
	snprintf(buf, n, "%04x:%02x:%02x.%x", fn->domain, fn->bus, fn->dev, fn->fn);
}

static int mr__pci_check_fn(const struct mr_pci_addr *fn, const char *who)
{
	if (!fn)
		return mr__err(EINVAL, "%s: no PCI function", who);
	if (fn->bus > 0xff || fn->dev > 0x1f || fn->fn > 7)
		return mr__err(EINVAL, "%s: no PCI function %x:%x:%x.%x", who, fn->domain, fn->bus,
			       fn->dev, fn->fn);
	return 0;
}

/* ------------------------------------------------------ BARs in the tree */

struct mr__pci_walk {
	const char *name;
	int want, seen;
	struct resource *found;
};

/* Preorder is address order: the function's ranges are counted as the map lists them. */
static void mr__pci_walk(struct resource *r, struct mr__pci_walk *w)
{
	for (; r && !w->found; r = r->sibling) {
		if (r->name && !strcmp(r->name, w->name) &&
		    (r->flags & IORESOURCE_TYPE_BITS) == IORESOURCE_MEM && w->seen++ == w->want) {
			w->found = r;
			return;
		}
		mr__pci_walk(r->child, w);
	}
}

static int mr__pci_bar_tree(struct mr_machine *m, const struct mr_pci_addr *fn, int bar,
			    struct mr_pci_bar *out)
{
	struct mr__pci_walk w = {NULL, bar, 0, NULL};
	char name[32];

	mr__pci_name(fn, name, sizeof(name));
	w.name = name;
	mr__read_lock();
	if (m->iomem)
		mr__pci_walk(m->iomem->child, &w);
	if (w.found) {
		out->start = w.found->start;
		out->size = w.found->end - w.found->start + 1;
		out->flags =
			w.found->flags & (IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64);
	}
	mr__read_unlock();
	if (!w.seen)
		return mr__err(ENODEV, "%s: no resource of the machine is named %s", m->spec, name);
	if (!w.found)
		return mr__err(ENOENT,
			       "%s: %s has %d range%s in the map, so no bar%d (the map numbers a "
			       "function's ranges in address order)",
			       m->spec, name, w.seen, w.seen == 1 ? "" : "s", bar);
	out->fn = *fn;
	out->bar = bar;
	return 0;
}

int mr_pci_bar(struct mr_machine *m, const struct mr_pci_addr *fn, int bar, struct mr_pci_bar *out)
{
	int ret = mr__pci_check_fn(fn, "mr_pci_bar");

	if (ret)
		return ret;
	if (!out || bar < 0 || bar > 5)
		return mr__err(EINVAL, "mr_pci_bar: %s", out ? "a BAR is 0-5" : "no place for it");
	m = mr__api_hold(m);
	if (!m)
		return -errno;
	memset(out, 0, sizeof(*out));
	ret = m->ops->pci_bar ? m->ops->pci_bar(m, fn, bar, out)
			      : mr__pci_bar_tree(m, fn, bar, out);
	mr__api_release(m);
	return ret;
}

int mr_pci_resolve(struct mr_machine *m, const char *s, uint64_t *phys, uint64_t *avail)
{
	struct mr_pci_addr fn;
	struct mr_pci_bar b;
	uint64_t off;
	size_t n;
	int bar, ret;

	if (!s || !phys)
		return mr__err(EINVAL, "mr_pci_resolve: %s",
			       s ? "no place for the address" : "no text");
	n = mr_pci_bar_name_parse(s, &fn, &bar, &off);
	if (!n || s[n])
		return mr__err(EINVAL,
			       "'%.80s' is not BDF/barN[+OFFSET] (e.g. 0000:00:02.0/bar0+0x4)", s);
	ret = mr_pci_bar(m, &fn, bar, &b);
	if (ret)
		return ret;
	if (off >= b.size)
		return mr__err(ERANGE,
			       "%.40s: offset %#" PRIx64 " lies past the end of bar%d " MR__MEM
			       " (%#" PRIx64 " bytes)",
			       s, off, bar, b.start, b.start + b.size - 1, b.size);
	*phys = b.start + off;
	if (avail)
		*avail = b.size - off;
	return 0;
}

/* ---------------------------------------------------------- config space */

static int mr__pci_config_check(const char *who, unsigned int off, unsigned int width)
{
	if (width != 8 && width != 16 && width != 32)
		return mr__err(EINVAL,
			       "%s: width %u: config space is read 8, 16 or 32 bits at a time", who,
			       width);
	if (off % (width / 8))
		return mr__err(EINVAL, "%s: offset %#x is not aligned for a %u-bit access", who,
			       off, width);
	/* PCIe's extended config space ends at 4 KiB. */
	if (off >= 4096)
		return mr__err(ERANGE, "%s: offset %#x lies past config space (4 KiB)", who, off);
	return 0;
}

static int mr__pci_config(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			  unsigned int width, uint32_t *val, bool write)
{
	const char *who = write ? "mr_pci_config_write" : "mr_pci_config_read";
	int ret = mr__pci_check_fn(fn, who);

	if (!ret)
		ret = mr__pci_config_check(who, off, width);
	if (ret)
		return ret;
	if (write && width < 32 && (*val >> width))
		return mr__err(EINVAL, "%s: value %#x does not fit in %u bits", who, *val, width);
	m = mr__api_hold(m);
	if (!m)
		return -errno;
	if (m->ops->pci_config)
		ret = m->ops->pci_config(m, fn, off, width, val, write);
	else
		ret = mr__err(EOPNOTSUPP, "%s: a %s machine has no PCI config space", m->spec,
			      m->ops->name);
	mr__api_release(m);
	return ret;
}

int mr_pci_config_read(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
		       unsigned int width, uint32_t *val)
{
	if (!val)
		return mr__err(EINVAL, "mr_pci_config_read: no place for the value");
	return mr__pci_config(m, fn, off, width, val, false);
}

int mr_pci_config_write(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			unsigned int width, uint32_t val)
{
	return mr__pci_config(m, fn, off, width, &val, true);
}

/* --------------------------------------------------------------- drivers */

int mr_pci_driver(struct mr_machine *m, const struct mr_pci_addr *fn, char *buf, size_t len)
{
	int ret = mr__pci_check_fn(fn, "mr_pci_driver");

	if (ret)
		return ret;
	if (!buf || !len)
		return mr__err(EINVAL, "mr_pci_driver: no place for the name");
	buf[0] = '\0';
	m = mr__api_hold(m);
	if (!m)
		return -errno;
	if (m->ops->pci_driver)
		ret = m->ops->pci_driver(m, fn, buf, len);
	else
		ret = mr__err(EOPNOTSUPP, "%s: a %s machine has no PCI drivers", m->spec,
			      m->ops->name);
	mr__api_release(m);
	return ret;
}

/* A driver's name goes into sysfs files: one word, no path, no newline. */
static bool mr__pci_driver_name_ok(const char *d)
{
	size_t n = strnlen(d, 64);

	return n && n < 64 && !strpbrk(d, "/ \t\n\r") && strcmp(d, ".") && strcmp(d, "..");
}

int mr_pci_bind(struct mr_machine *m, const struct mr_pci_addr *fn, const char *driver)
{
	int ret = mr__pci_check_fn(fn, "mr_pci_bind");

	if (ret)
		return ret;
	if (driver && !mr__pci_driver_name_ok(driver))
		return mr__err(EINVAL, "mr_pci_bind: '%.64s' is not a driver's name", driver);
	m = mr__api_hold(m);
	if (!m)
		return -errno;
	if (m->ops->pci_bind)
		ret = m->ops->pci_bind(m, fn, driver);
	else
		ret = mr__err(EOPNOTSUPP, "%s: a %s machine has no PCI drivers to bind", m->spec,
			      m->ops->name);
	mr__api_release(m);
	return ret;
}
