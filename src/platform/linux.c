// SPDX-License-Identifier: MIT
/*
 * The linux machine: this computer, through the files the kernel gives user
 * space. The resource tree comes from /proc/iomem; each mapping takes the
 * first door, in this order, that is open for its range and type:
 *
 *   WB                               WT, WC, DEV
 *   device DAX  /dev/daxX.Y  WB      UIO       /dev/uioN, map M     UC-
 *   /dev/mem    no O_SYNC    WB      PCI BAR   .../resourceN_wc     WC (WC asked, prefetchable)
 *   VFIO        BAR region   UC-     VFIO      BAR region           UC-
 *   PCI BAR     resourceN    UC-     PCI BAR   .../resourceN        UC-
 *                                    /dev/mem  O_SYNC               UC-
 *
 * VFIO (linux_vfio.c) serves the BARs of a function bound to vfio-pci. A
 * door that is shut (kernel lockdown, STRICT_DEVMEM, a driver's claim,
 * memory decoding off, no permission, VFIO not set up) is passed over for
 * the next, and each door's verdict is kept for mr_mapping_doors(); when
 * every door is shut, the first one's reason is the answer. A door that
 * looked open but fails when opened is passed over the same way.
 *
 * There is no direct map of RAM in user space: System RAM asked for WB goes
 * to /dev/mem, which a STRICT_DEVMEM kernel refuses. x86 user space has no
 * write-through path at all, so WT is served uncached and the mapping info
 * says so. On arm64 "UC-" is Device memory (resourceN: Device-nGnRE; UIO
 * and /dev/mem: Device-nGnRnE), WC is Normal-NC, and /dev/mem maps every
 * page that is not kernel RAM Device-nGnRnE whatever O_SYNC says
 * (phys_mem_access_prot() in arch/arm64/mm/mmu.c): WB there is served as
 * DEV, so that the copies that suit Device memory are chosen.
 *
 * Spec: linux[,relaxed][,root=DIR][,phys-bits=N]
 *   relaxed     ask the kernel even for ranges a driver has claimed busy,
 *               instead of refusing them here (an IO_STRICT_DEVMEM kernel
 *               then refuses them itself, with EPERM); the kernel's own
 *               iomem=relaxed changes what it allows, not what we ask
 *   root=DIR    read proc/, sys/ and dev/ under DIR instead of / (tests)
 *   phys-bits=N the physical address width instead of this CPU's
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux_int.h"
#include "mr_arch.h"
#include "mr_resource.h"

#if defined(__aarch64__)
#define MR__LINUX_NOTE_WT \
	"no write-through on arm64 (the kernel's WT is ioremap too): served as Device memory"
#define MR__LINUX_NOTE_DEVMEM \
	"arm64's /dev/mem maps what is not kernel RAM Device-nGnRnE: served as DEV"
#else
#define MR__LINUX_NOTE_WT "no user-space write-through on x86: served uncached (UC-)"
#endif

/*
 * pgprot_noncached(), which UIO and /dev/mem give device memory: on arm64
 * Device-nGnRnE, stricter than ioremap's Device-nGnRE; on x86 UC-, as
 * ioremap's.
 */
static const char *mr__linux_nocache_attr(const struct mr_machine *m)
{
	return m->rules == &mr__rules_arm64 ? "Device-nGnRnE" : NULL;
}

/* --------------------------------------------------------------- opening */

static const struct mr__opt mr__linux_keys[] = {
	{"relaxed", MR__OPT_FLAG, 0, 0, false},
	{"root", MR__OPT_STRING, 0, 0, false},
	{"phys-bits", MR__OPT_NUMBER, 32, 52, false},
};

struct mr__linux_optctx {
	struct mr__linux *l;
	struct mr_machine *m;
};

static int mr__linux_opt(void *arg, const struct mr__opt *o, const char *val, uint64_t num)
{
	struct mr__linux_optctx *c = arg;

	if (o == &mr__linux_keys[0]) {
		c->l->relaxed = true;
	} else if (o == &mr__linux_keys[1]) {
		mr__free(c->l->root);
		c->l->root = mr__strdup(val);
		if (!c->l->root)
			return mr__err(ENOMEM, "linux: out of memory");
	} else {
		c->m->phys_bits = (unsigned int)num;
	}
	return 0;
}

static int mr__linux_opts(struct mr__linux *l, struct mr_machine *m, const char *args)
{
	struct mr__linux_optctx c = {l, m};

	return mr__opts_parse("linux", args, mr__linux_keys, MR__ARRAY_SIZE(mr__linux_keys),
			      mr__linux_opt, &c);
}

static uint64_t mr__linux_root_end(const struct mr_machine *m)
{
	return m->phys_bits >= 64 ? UINT64_MAX : (1ULL << m->phys_bits) - 1;
}

/* Two copies of the tree in @text: ours gains the library's claims, the kernel's is reloaded. */
static int mr__linux_trees(struct mr__linux *l, struct mr_machine *m, const char *text, size_t len,
			   const char *what)
{
	uint64_t root_end = mr__linux_root_end(m);

	m->iomem = mr_iomem_parse(text, len, root_end);
	if (m->iomem)
		l->kernel = mr_iomem_parse(text, len, root_end);
	if (!m->iomem || !l->kernel) {
		mr__err_prefix("linux: %s: ", what);
		return -errno;
	}
	return 0;
}

/*
 * A user who cannot read /proc/iomem may still own a VFIO group: the
 * machine then knows the PCI BARs (sysfs shows them to everyone, exactly)
 * and nothing else, and maps through VFIO only.
 */
static int mr__linux_load_bars(struct mr__linux *l, struct mr_machine *m)
{
	char *text;
	size_t len;
	int ret = mr__linux_bar_tree(l, &text, &len);

	if (ret)
		return ret;
	ret = mr__linux_trees(l, m, text, len, "the PCI BARs in sysfs");
	mr__free(text);
	l->vfio_only = !ret;
	return ret;
}

static int mr__linux_load_iomem(struct mr__linux *l, struct mr_machine *m)
{
	char path[4096], *text;
	size_t len;
	int ret = mr__linux_read_iomem(l, &text, &len);

	if (ret == -EACCES && mr__linux_vfio_any(l))
		return mr__linux_load_bars(l, m);
	if (ret)
		return ret;
	mr__linux_path(l, path, sizeof(path), "/proc/iomem");
	ret = mr__linux_trees(l, m, text, len, path);
	mr__free(text);
	return ret;
}

/* The cache types the kernel already holds: later mappings inherit them. */
static void mr__linux_load_pat(struct mr__linux *l, struct mr_machine *m)
{
	char path[4096], *text;
	size_t len;

	mr__linux_path(l, path, sizeof(path), "/sys/kernel/debug/x86/pat_memtype_list");
	/* No debugfs, no root or no PAT: the kernel still refuses conflicts itself. */
	if (mr__linux_slurp(path, &text, &len))
		return;
	if (mr__memtype_load_pat(&m->memtype, text, len))
		mr__log(MR_LOG_WARNING, "linux: %s ignored: %s", path, mr_errmsg());
	mr__free(text);
}

/* iomem=relaxed on the kernel's command line turns its IO_STRICT_DEVMEM off. */
static bool mr__linux_cmdline_relaxed(struct mr__linux *l)
{
	char path[4096], *text, *p;
	bool relaxed = false;
	size_t len;

	mr__linux_path(l, path, sizeof(path), "/proc/cmdline");
	if (mr__linux_slurp(path, &text, &len))
		return false;
	/* Whole words only, the last one winning, as the kernel parses them. */
	for (p = strtok(text, " \t\n"); p; p = strtok(NULL, " \t\n"))
		if (!strncmp(p, "iomem=", 6))
			relaxed = !strcmp(p + 6, "relaxed");
	mr__free(text);
	return relaxed;
}

static void mr__linux_close(struct mr_machine *m)
{
	struct mr__linux *l = mr__linux(m);

	mr_iomem_free(m->iomem);
	m->iomem = NULL;
	if (!l)
		return;
	mr_iomem_free(l->kernel);
	pthread_rwlock_destroy(&l->claims_lock);
	mr__free(l->root);
	mr__free(l);
	m->priv = NULL;
}

static int mr__linux_open(struct mr_machine *m, const char *args)
{
	struct mr__linux *l = mr__calloc(1, sizeof(*l));
	char path[4096];
	unsigned int bits;
	int ret;

	if (!l)
		return mr__err(ENOMEM, "linux: out of memory");
	pthread_rwlock_init(&l->claims_lock, NULL);
	m->priv = l;
	m->rules = mr__rules_running();
	l->root = mr__strdup("");
	if (!l->root) {
		ret = mr__err(ENOMEM, "linux: out of memory");
		goto err_close;
	}
	if (*args == ':') {
		ret = mr__err(EINVAL, "linux takes no map file: options follow a ','");
		goto err_close;
	}
	ret = mr__linux_opts(l, m, args);
	if (ret)
		goto err_close;
	if (!m->phys_bits) {
		mr__linux_path(l, path, sizeof(path), "/proc/cpuinfo");
		bits = *l->root ? mr__cpuinfo_phys_bits(path) : mr__cpu_phys_bits();
		m->phys_bits = bits ? bits : mr__cpu_phys_bits();
	}
	ret = mr__linux_load_iomem(l, m);
	if (ret)
		goto err_close;
	l->kernel_strict = !mr__linux_cmdline_relaxed(l);
	m->strict_devmem = l->kernel_strict;
	/* Only x86 has a PAT: elsewhere no cache type is tracked, none preloaded. */
	if (m->rules->memtype)
		mr__linux_load_pat(l, m);
	return 0;

err_close:
	mr__linux_close(m);
	return ret;
}

/* ------------------------------------------------------ the kernel's rules */

static int mr__linux_refuse_busy(struct mr__map *req, const char *who)
{
	return mr__err(EBUSY,
		       "linux: " MR__MEM " is claimed busy by %s: the kernel "
		       "(IO_STRICT_DEVMEM) refuses user mappings of a driver's range; open the "
		       "machine as linux,relaxed to ask it anyway",
		       req->phys, req->phys + req->len - 1, who);
}

/* Why the kernel said no to an mmap of @path. */
static int mr__linux_refused(struct mr_machine *m, struct mr__map *req, const char *path, int err)
{
	struct mr__linux *l = mr__linux(m);
	uint64_t last = req->phys + req->len - 1;
	char who[160], mode[32];

	switch (err) {
	case EPERM:
		if (mr__linux_is_ram(l, req->phys, req->len))
			return mr__err(EPERM,
				       "linux: %s refused " MR__MEM
				       ": it is System RAM, which a STRICT_DEVMEM kernel keeps "
				       "from user space",
				       path, req->phys, last);
		/* A driver may have claimed the range since the machine opened. */
		mr__linux_reload_claims(l, m);
		if (mr__linux_busy_now(l, req->phys, last, who, sizeof(who)))
			return mr__err(EPERM,
				       "linux: %s refused " MR__MEM
				       ": %s has claimed it busy (IO_STRICT_DEVMEM)",
				       path, req->phys, last, who);
		if (mr__linux_lockdown(l, mode, sizeof(mode)))
			return mr__err(EPERM, "linux: %s refused " MR__MEM ": kernel lockdown (%s)",
				       path, req->phys, last, mode);
		return mr__err(EPERM,
			       "linux: %s refused " MR__MEM
			       ": STRICT_DEVMEM, kernel lockdown or a missing CAP_SYS_RAWIO",
			       path, req->phys, last);
	case EAGAIN:
		return mr__err(EAGAIN,
			       "linux: %s refused " MR__MEM
			       " %s: the kernel's PAT holds a conflicting memory type there "
			       "(see /sys/kernel/debug/x86/pat_memtype_list)",
			       path, req->phys, last, mr__memtype_pat_name(req->got));
	case EBUSY:
		return mr__err(EBUSY, "linux: %s refused " MR__MEM ": the range is busy", path,
			       req->phys, last);
	case EACCES:
		return mr__err(EACCES,
			       "linux: %s: permission denied: mapping needs root "
			       "(CAP_SYS_RAWIO)",
			       path);
	case EINVAL:
		return mr__err(EINVAL,
			       "linux: %s refused " MR__MEM
			       ": outside what the file maps, misaligned, or claimed exclusive",
			       path, req->phys, last);
	}
	return mr__err(err, "linux: %s " MR__MEM ": %s", path, req->phys, last, strerror(err));
}

/* ------------------------------------------------------------------ doors */

/* The file a door opens. */
static void mr__linux_door_path(const struct mr__linux *l, const struct mr__door *d, char *buf,
				size_t n)
{
	switch (d->kind) {
	case MR__DOOR_DAX:
	case MR__DOOR_UIO:
		mr__linux_path(l, buf, n, "/dev/%s", d->name);
		break;
	case MR__DOOR_BAR:
	case MR__DOOR_BAR_WC:
		mr__linux_path(l, buf, n, "/sys/bus/pci/devices/%s/resource%d%s", d->name, d->index,
			       d->kind == MR__DOOR_BAR_WC ? "_wc" : "");
		break;
	default:
		mr__linux_path(l, buf, n, "/dev/mem");
	}
}

/*
 * A door that exists but cannot be opened read-write by us is no door: say
 * so now, as the mapping would fail with it (a query tells what would
 * really happen).
 */
static int mr__linux_door_open(struct mr_machine *m, struct mr__map *req)
{
	char path[4096];

	struct stat st;

	mr__linux_door_path(mr__linux(m), &req->door, path, sizeof(path));
	/* A door is a device or sysfs file, never a symlink that could lead anywhere. */
	if (!lstat(path, &st) && S_ISLNK(st.st_mode))
		return mr__err(EPERM, "linux: %s is a symbolic link, not a device or sysfs file",
			       path);
	if (!faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS))
		return 0;
	return mr__linux_refused(m, req, req->door.kind == MR__DOOR_DEVMEM ? req->how : path,
				 errno);
}

static void mr__linux_door_set(struct mr__map *req, int kind, const char *name, int index,
			       uint64_t win_phys, uint64_t off, size_t len)
{
	struct mr__door *d = &req->door;

	d->kind = kind;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->index = index;
	d->win_phys = win_phys;
	d->off = off;
	d->len = len;
	d->oflags = 0;
}

/* ------------------------------------------------------------ device DAX */

struct mr__linux_dax {
	char name[16];	/* "dax0.0" */
	uint64_t start; /* the mapping range that holds the request */
	uint64_t end;	/* inclusive */
	uint64_t pgoff; /* its offset in the device file, in pages */
	uint64_t align;
	uint64_t want_start, want_last; /* the request */
};

/* The mappingN ranges of a device (kernel 5.10+), else its one resource. */
static bool mr__linux_dax_range(const struct mr__linux *l, struct mr__linux_dax *d)
{
	char path[4096];
	uint64_t s, e, pg, size;
	int i;

	for (i = 0;; i++) {
		mr__linux_path(l, path, sizeof(path), "/sys/bus/dax/devices/%s/mapping%d/start",
			       d->name, i);
		if (mr__linux_read_u64(path, &s))
			break;
		mr__linux_path(l, path, sizeof(path), "/sys/bus/dax/devices/%s/mapping%d/end",
			       d->name, i);
		if (mr__linux_read_u64(path, &e))
			break;
		mr__linux_path(l, path, sizeof(path),
			       "/sys/bus/dax/devices/%s/mapping%d/page_offset", d->name, i);
		if (mr__linux_read_u64(path, &pg))
			break;
		if (s <= d->want_start && d->want_last <= e) {
			d->start = s;
			d->end = e;
			d->pgoff = pg;
			return true;
		}
	}
	if (i)
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/dax/devices/%s/resource", d->name);
	if (mr__linux_read_u64(path, &s))
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/dax/devices/%s/size", d->name);
	if (mr__linux_read_u64(path, &size) || !size || s > d->want_start ||
	    d->want_last - s >= size)
		return false;
	d->start = s;
	d->end = s + size - 1;
	d->pgoff = 0;
	return true;
}

static bool mr__linux_dax_try(const struct mr__linux *l, const char *name, void *arg)
{
	struct mr__linux_dax *d = arg;

	snprintf(d->name, sizeof(d->name), "%s", name);
	return strlen(name) < sizeof(d->name) && mr__linux_dax_range(l, d);
}

static bool mr__linux_find_dax(struct mr__linux *l, uint64_t start, uint64_t last,
			       struct mr__linux_dax *d)
{
	char path[4096];

	d->want_start = start;
	d->want_last = last;
	if (!mr__linux_scan(l, "/sys/bus/dax/devices", "dax", mr__linux_dax_try, d))
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/dax/devices/%s/align", d->name);
	if (mr__linux_read_u64(path, &d->align) || !d->align || (d->align & (d->align - 1)))
		d->align = MR_PAGE_SIZE;
	return true;
}

/*
 * Device DAX maps whole aligned extents only (and only shared): map the
 * aligned window around the request and hand out the part asked for.
 */
static int mr__linux_probe_dax(struct mr_machine *m, struct mr__map *req,
			       const struct mr__linux_dax *d)
{
	uint64_t mask = d->align - 1;
	uint64_t win = req->phys & ~mask;
	uint64_t win_end = (req->phys + req->len + mask) & ~mask;

	snprintf(req->how, sizeof(req->how), "/dev/%s", d->name);
	req->got = MEMREMAP_WB;
	if (win < d->start || win_end - 1 > d->end)
		return mr__err(EINVAL,
			       "linux: /dev/%s maps %#" PRIx64 "-aligned extents only and " MR__MEM
			       " does not fit one inside it",
			       d->name, d->align, req->phys, req->phys + req->len - 1);
	mr__linux_door_set(req, MR__DOOR_DAX, d->name, 0, win,
			   d->pgoff * MR_PAGE_SIZE + (win - d->start), (size_t)(win_end - win));
	return mr__linux_door_open(m, req);
}

/* -------------------------------------------------------------------- UIO */

struct mr__linux_uio {
	char name[16]; /* "uio0" */
	int map;       /* 0-4 (MAX_UIO_MAPS) */
	uint64_t addr; /* the map's first byte */
	uint64_t size;
	uint64_t want_start, want_last; /* the request */
};

static bool mr__linux_uio_try(const struct mr__linux *l, const char *name, void *arg)
{
	struct mr__linux_uio *u = arg;
	char path[4096];
	uint64_t addr, size;

	if (strlen(name) >= sizeof(u->name))
		return false;
	snprintf(u->name, sizeof(u->name), "%s", name);
	/* The kernel's MAX_UIO_MAPS. */
	for (u->map = 0; u->map < 5; u->map++) {
		mr__linux_path(l, path, sizeof(path), "/sys/class/uio/%s/maps/map%d/addr", u->name,
			       u->map);
		if (mr__linux_read_u64(path, &addr))
			return false;
		mr__linux_path(l, path, sizeof(path), "/sys/class/uio/%s/maps/map%d/size", u->name,
			       u->map);
		if (mr__linux_read_u64(path, &size) || !size)
			continue;
		/* The kernel maps physical UIO memory only from a page boundary. */
		if (addr & (MR_PAGE_SIZE - 1))
			continue;
		if (addr <= u->want_start && u->want_last - addr < size) {
			u->addr = addr;
			u->size = size;
			return true;
		}
	}
	return false;
}

static bool mr__linux_find_uio(struct mr__linux *l, uint64_t start, uint64_t last,
			       struct mr__linux_uio *u)
{
	u->want_start = start;
	u->want_last = last;
	return mr__linux_scan(l, "/sys/class/uio", "uio", mr__linux_uio_try, u);
}

/* A UIO map is mmapped from its start, at offset map * page size. */
static int mr__linux_probe_uio(struct mr_machine *m, struct mr__map *req,
			       const struct mr__linux_uio *u)
{
	snprintf(req->how, sizeof(req->how), "/dev/%s map%c", u->name, '0' + u->map);
	req->got = MEMREMAP_DEV;
	req->attr = mr__linux_nocache_attr(m);
	if (req->type == MEMREMAP_WT)
		mr__strscpy(req->note, MR__LINUX_NOTE_WT, sizeof(req->note));
	else if (req->type == MEMREMAP_WC)
		snprintf(req->note, sizeof(req->note),
			 "UIO maps are uncached: served " MR__LINUX_UC);
	mr__linux_door_set(req, MR__DOOR_UIO, u->name, u->map, u->addr,
			   (uint64_t)u->map * MR_PAGE_SIZE,
			   (size_t)(req->phys + req->len - u->addr));
	return mr__linux_door_open(m, req);
}

static void mr__linux_doors_add(struct mr__map *req, const char *label, const char *verdict);

/* ------------------------------------------------------ shut for everyone */

/*
 * What shuts the sysfs and /dev/mem doors whatever the range: a user who
 * cannot see /proc/iomem (only VFIO is open to them), kernel lockdown.
 * @what names the door for the message.
 */
static int mr__linux_shut(struct mr__linux *l, const char *what)
{
	char mode[32];

	if (l->vfio_only)
		return mr__err(EACCES,
			       "linux: %s needs root, and this user cannot even read /proc/iomem: "
			       "only VFIO maps for it",
			       what);
	if (mr__linux_lockdown(l, mode, sizeof(mode)))
		return mr__err(
			EPERM,
			"linux: kernel lockdown (%s) refuses %s: bind the device to vfio-pci "
			"and map through VFIO",
			mode, what);
	return 0;
}

/*
 * A BAR whose function has memory decoding off in PCI_COMMAND reads as all
 * ones and drops writes: the sysfs and /dev/mem doors would lie. VFIO turns
 * decoding on when it opens the device, so its door is not refused for it.
 */
static int mr__linux_decoding(struct mr__linux *l, const struct mr__linux_bar *b)
{
	uint16_t cmd = 0;

	if (!b || mr__linux_pci_decode(l, b->dev, &cmd) != 0)
		return 0;
	return mr__err(
		ENXIO,
		"linux: memory decoding is off in %s's PCI_COMMAND (0x%04x): its BARs read as "
		"all ones until a driver enables it (or echo 1 > "
		"/sys/bus/pci/devices/%s/enable)",
		b->dev, cmd, b->dev);
}

/* ---------------------------------------------------------------- PCI BAR */

/*
 * resourceN maps UC-, resourceN_wc WC; the kernel creates the _wc file for
 * prefetchable BARs only. Either maps from the page that holds the BAR's
 * start, at most as many pages as the BAR spans.
 */
static int mr__linux_probe_bar(struct mr_machine *m, struct mr__map *req,
			       const struct mr__linux_bar *b, bool wc)
{
	struct mr__linux *l = mr__linux(m);
	uint64_t page0 = b->start & MR__PAGE_MASK;
	char path[4096], who[160];
	int ret;

	snprintf(req->how, sizeof(req->how), "%s/resource%c%s", b->dev, '0' + b->bar,
		 wc ? "_wc" : "");
	req->got = wc ? MEMREMAP_WC : MEMREMAP_DEV;
	req->note[0] = '\0';
	if (req->type == MEMREMAP_WT)
		mr__strscpy(req->note, MR__LINUX_NOTE_WT, sizeof(req->note));
	else if (req->type == MEMREMAP_WC && !wc && (b->flags & IORESOURCE_PREFETCH))
		snprintf(req->note, sizeof(req->note),
			 "resource%d_wc was not to be had: served " MR__LINUX_UC, b->bar);
	else if (req->type == MEMREMAP_WC && !wc)
		snprintf(req->note, sizeof(req->note),
			 "BAR %d of %s is not prefetchable: no resource%d_wc, served " MR__LINUX_UC,
			 b->bar, b->dev, b->bar);
	else if (req->type == MEMREMAP_WB)
		snprintf(req->note, sizeof(req->note),
			 "a PCI resource file maps uncached: served " MR__LINUX_UC);
	if (wc) {
		mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d_wc",
			       b->dev, b->bar);
		/* Listed, but not the answer: the kernel made no such door. */
		if (access(path, F_OK)) {
			mr__linux_doors_add(req, req->how, "the kernel made no such file");
			return 1;
		}
	}
	ret = mr__linux_shut(l, "the mmap of PCI resource files");
	if (!ret)
		ret = mr__linux_decoding(l, b);
	if (ret)
		return ret;
	/* pci-sysfs refuses a BAR whose first page is claimed exclusive. */
	if (!l->relaxed &&
	    mr__linux_busy(m, b->start, b->start | (MR_PAGE_SIZE - 1), who, sizeof(who)))
		return mr__linux_refuse_busy(req, who);
	mr__linux_door_set(req, wc ? MR__DOOR_BAR_WC : MR__DOOR_BAR, b->dev, b->bar, req->phys,
			   req->phys - page0, req->len);
	return mr__linux_door_open(m, req);
}

/* ------------------------------------------------------------------- VFIO */

/*
 * The BAR's region of a function bound to vfio-pci, which vfio-pci maps
 * uncached (pgprot_noncached: UC- on x86), whatever type was asked for.
 * The contract still decides what is refused: the plan has refused System
 * RAM before asking, and VFIO serves BARs only.
 */
static int mr__linux_probe_vfio(struct mr_machine *m, struct mr__map *req,
				const struct mr__linux_bar *b)
{
	struct mr__linux_vfio v;
	int ret;

	snprintf(req->how, sizeof(req->how), "vfio %s bar%d", b->dev, b->bar);
	req->got = MEMREMAP_DEV;
	req->attr = mr__linux_nocache_attr(m);
	req->note[0] = '\0';
	if (req->type != MEMREMAP_DEV)
		snprintf(req->note, sizeof(req->note),
			 "vfio-pci maps BARs uncached: %s served " MR__LINUX_UC,
			 mr_type_name(req->type));
	ret = mr__linux_vfio_probe(mr__linux(m), b->dev, &v);
	/* Not vfio-pci's: listed, but its refusal is not the answer (not the user's aim). */
	if (ret && !v.kind) {
		mr__linux_doors_add(req, req->how, v.why);
		return 1;
	}
	if (ret)
		return ret;
	/* The text is cut where it does not fit, as every text of the mapping info. */
	if (v.kind == MR__DOOR_VFIO_CDEV)
		mr__linux_text(req->how, sizeof(req->how), "vfio %s bar%d (%s, iommufd)", b->dev,
			       b->bar, v.cdev);
	else
		mr__linux_text(req->how, sizeof(req->how), "vfio %s bar%d (group %d)", b->dev,
			       b->bar, v.group);
	mr__linux_door_set(req, v.kind, b->dev, b->bar, req->phys,
			   req->phys - (b->start & MR__PAGE_MASK), req->len);
	return 0;
}

/* --------------------------------------------------------------- /dev/mem */

/*
 * Without O_SYNC the kernel maps write-back, with it uncached-minus; it
 * refuses System RAM (STRICT_DEVMEM, which every distribution kernel has)
 * and busy ranges (IO_STRICT_DEVMEM).
 */
static int mr__linux_probe_devmem(struct mr_machine *m, struct mr__map *req,
				  const struct mr__linux_bar *b)
{
	struct mr__linux *l = mr__linux(m);
	bool sync = req->type != MEMREMAP_WB;
	uint64_t last = req->phys + req->len - 1;
	char who[160];
	int ret;

	snprintf(req->how, sizeof(req->how), "/dev/mem%s", sync ? " O_SYNC" : "");
	req->got = sync ? MEMREMAP_DEV : MEMREMAP_WB;
	req->note[0] = '\0';
	if (req->type == MEMREMAP_WT)
		mr__strscpy(req->note, MR__LINUX_NOTE_WT, sizeof(req->note));
	else if (req->type == MEMREMAP_WC)
		snprintf(req->note, sizeof(req->note),
			 "write-combining needs a prefetchable PCI BAR: served " MR__LINUX_UC);
#if defined(__aarch64__)
	if (!sync && !mr__linux_is_ram(l, req->phys, req->len)) {
		req->got = MEMREMAP_DEV;
		mr__strscpy(req->note, MR__LINUX_NOTE_DEVMEM, sizeof(req->note));
	}
#endif
	ret = mr__linux_shut(l, "/dev/mem");
	if (!ret)
		ret = mr__linux_decoding(l, b);
	if (ret)
		return ret;
	if (req->got == MEMREMAP_DEV)
		req->attr = mr__linux_nocache_attr(m);
	if (req->phys >= MR__LINUX_LOW_MB && mr__linux_is_ram(l, req->phys, req->len))
		return mr__linux_refused(m, req, "/dev/mem", EPERM);
	if (!l->relaxed && mr__linux_busy(m, req->phys, last, who, sizeof(who)))
		return mr__linux_refuse_busy(req, who);
	mr__linux_door_set(req, MR__DOOR_DEVMEM, "mem", 0, req->phys, req->phys, req->len);
	req->door.oflags = sync ? O_SYNC : 0;
	return mr__linux_door_open(m, req);
}

/* ---------------------------------------------------- the doors in order */

/* The doors tried for each type, in order (the table at the top of this file). */
static const int mr__linux_order_wb[] = {MR__DOOR_DAX, MR__DOOR_DEVMEM, MR__DOOR_VFIO_GROUP,
					 MR__DOOR_BAR};
static const int mr__linux_order_uc[] = {MR__DOOR_UIO, MR__DOOR_BAR_WC, MR__DOOR_VFIO_GROUP,
					 MR__DOOR_BAR, MR__DOOR_DEVMEM};

/* One request on its way past the doors. */
struct mr__linux_walk {
	struct mr__map *req;
	uint64_t last;
	bool in_bar;
	struct mr__linux_bar bar;
	int err; /* the first refusal: its errno and message */
	char msg[512];
};

/* Ask door @kind; 1 when it has nothing to do with the range. */
static int mr__linux_door_try(struct mr_machine *m, struct mr__linux_walk *w, int kind)
{
	struct mr__linux *l = mr__linux(m);
	struct mr__map *req = w->req;
	const struct mr__linux_bar *b = w->in_bar ? &w->bar : NULL;
	struct mr__linux_dax dax;
	struct mr__linux_uio uio;

	/* The attribute is the door's, when it decides one: none left from the last. */
	req->attr = NULL;
	switch (kind) {
	case MR__DOOR_DAX:
		return mr__linux_find_dax(l, req->phys, w->last, &dax)
			       ? mr__linux_probe_dax(m, req, &dax)
			       : 1;
	case MR__DOOR_UIO:
		return mr__linux_find_uio(l, req->phys, w->last, &uio)
			       ? mr__linux_probe_uio(m, req, &uio)
			       : 1;
	case MR__DOOR_BAR_WC:
		return b && req->type == MEMREMAP_WC && (b->flags & IORESOURCE_PREFETCH)
			       ? mr__linux_probe_bar(m, req, b, true)
			       : 1;
	case MR__DOOR_VFIO_GROUP:
		return b ? mr__linux_probe_vfio(m, req, b) : 1;
	case MR__DOOR_BAR:
		return b ? mr__linux_probe_bar(m, req, b, false) : 1;
	default:
		return mr__linux_probe_devmem(m, req, b);
	}
}

/* Add "@label: @verdict" to the request's list of doors (cut when full). */
static void mr__linux_doors_add(struct mr__map *req, const char *label, const char *verdict)
{
	size_t used = strlen(req->doors);

	if (used + 1 < sizeof(req->doors))
		snprintf(req->doors + used, sizeof(req->doors) - used, "%s: %s\n", label, verdict);
}

/* The message of the refusal just made, without the platform's "linux: ". */
static const char *mr__linux_why(void)
{
	const char *msg = mr_errmsg();

	return strncmp(msg, "linux: ", 7) ? msg : msg + 7;
}

static void mr__linux_doors_taken(struct mr__map *req)
{
	char verdict[160];

	snprintf(verdict, sizeof(verdict), "taken (%s)", mr_type_name(req->got));
	mr__linux_doors_add(req, req->how, verdict);
}

static int mr__linux_oom(const struct mr__map *req)
{
	return mr__err(ENOMEM, "linux: out of memory reading sysfs for " MR__MEM, req->phys,
		       req->phys + req->len - 1);
}

/*
 * The first open door for @req among those not in @skip (a bit per door
 * refused when it was opened). Return 0 with @req filled, or the first
 * refusal.
 */
static int mr__linux_choose(struct mr_machine *m, struct mr__map *req, unsigned int skip)
{
	struct mr__linux *l = mr__linux(m);
	struct mr__linux_walk w = {.req = req, .last = req->phys + req->len - 1};
	const int *order = req->type == MEMREMAP_WB ? mr__linux_order_wb : mr__linux_order_uc;
	size_t i, n = req->type == MEMREMAP_WB ? MR__ARRAY_SIZE(mr__linux_order_wb)
					       : MR__ARRAY_SIZE(mr__linux_order_uc);
	char refused[sizeof(w.msg) + 16];
	int saved = errno, ret;

	mr__linux_oom_take();
	w.in_bar = mr__linux_find_bar(l, req->phys, w.last, &w.bar);
	for (i = 0; i < n; i++) {
		if (skip & (1U << order[i]))
			continue;
		req->how[0] = '\0';
		ret = mr__linux_door_try(m, &w, order[i]);
		if (ret > 0)
			continue;
		/* A door chosen on a picture a failed read left out is no answer. */
		if (mr__linux_oom_take())
			return mr__linux_oom(req);
		if (!ret) {
			mr__linux_doors_taken(req);
			errno = saved;
			return 0;
		}
		snprintf(refused, sizeof(refused), "refused: %s", mr__linux_why());
		mr__linux_doors_add(req, req->how, refused);
		if (!w.err) {
			w.err = -ret;
			snprintf(w.msg, sizeof(w.msg), "%s", mr_errmsg());
		}
	}
	if (mr__linux_oom_take())
		return mr__linux_oom(req);
	return mr__err(w.err ? w.err : ENODEV, "%s",
		       w.err ? w.msg : "linux: no door for the range");
}

/* ------------------------------------------------------------ the platform */

static int mr__linux_probe(struct mr_machine *m, struct mr__map *req)
{
	struct mr__linux *l = mr__linux(m);

	req->how[0] = '\0';
	req->note[0] = '\0';
	req->doors[0] = '\0';
	/* The core refuses this first; a second wall costs nothing. */
	if (req->type != MEMREMAP_WB && mr__linux_is_ram(l, req->phys, req->len))
		return mr__err(EPERM,
			       "linux: " MR__MEM " is System RAM: only "
			       "write-back may map it",
			       req->phys, req->phys + req->len - 1);
	return mr__linux_choose(m, req, 0);
}

/* Open the door the probe found and map its window; the descriptor is not kept. */
static int mr__linux_map_door(struct mr_machine *m, struct mr__map *req)
{
	struct mr__linux *l = mr__linux(m);
	const struct mr__door *d = &req->door;
	char path[4096];
	void *win;
	int fd, err;

	if (d->kind == MR__DOOR_VFIO_CDEV || d->kind == MR__DOOR_VFIO_GROUP) {
		err = mr__linux_vfio_map(l, d->kind, d->name, d->index, d->off, d->len, &win);
		if (err)
			return err;
	} else {
		mr__linux_door_path(l, d, path, sizeof(path));
		fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | d->oflags);
		if (fd < 0)
			return mr__linux_refused(
				m, req, d->kind == MR__DOOR_DEVMEM ? req->how : path, errno);
		win = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)d->off);
		err = win == MAP_FAILED ? errno : 0;
		/* The mapping keeps the file; the descriptor has done its work. */
		close(fd);
		if (err)
			return mr__linux_refused(m, req,
						 d->kind == MR__DOOR_DEVMEM ? req->how : path, err);
	}
	req->win = win;
	req->win_len = d->len;
	req->base = (char *)win + (req->phys - d->win_phys);
	return 0;
}

/* The last line of the list of doors (the one taken) says why it failed after all. */
static void mr__linux_doors_failed(struct mr__map *req)
{
	char *end = req->doors + strlen(req->doors), *line = end;
	char verdict[560];

	if (line > req->doors)
		line--;
	while (line > req->doors && line[-1] != '\n')
		line--;
	*line = '\0';
	snprintf(verdict, sizeof(verdict), "refused when opened: %s", mr__linux_why());
	mr__linux_doors_add(req, req->how, verdict);
}

/*
 * A door that looked open may still fail (the kernel refuses, another
 * process holds a VFIO group): the next door is tried, as the probe would
 * have if it had known.
 */
static int mr__linux_map(struct mr_machine *m, struct mr__map *req)
{
	unsigned int skip = 0;
	char msg[512];
	int ret, err;

	for (;;) {
		ret = mr__linux_map_door(m, req);
		if (!ret)
			return 0;
		err = -ret;
		snprintf(msg, sizeof(msg), "%s", mr_errmsg());
		mr__linux_doors_failed(req);
		/* Both VFIO interfaces are one door: the other would meet the same device. */
		skip |= 1U << (req->door.kind == MR__DOOR_VFIO_CDEV ? MR__DOOR_VFIO_GROUP
								    : req->door.kind);
		if (mr__linux_choose(m, req, skip))
			return mr__err(err, "%s", msg);
	}
}

static void mr__linux_unmap(struct mr_machine *m, struct mr__map *req)
{
	int kind = req->door.kind;

	if (req->win && (kind == MR__DOOR_VFIO_CDEV || kind == MR__DOOR_VFIO_GROUP))
		mr__linux_vfio_unmap(mr__linux(m), req->door.name, req->win, req->win_len);
	else if (req->win)
		munmap(req->win, req->win_len);
	req->base = req->win = NULL;
}

/* User space has no direct map: RAM goes through /dev/mem like the rest. */
static void *mr__linux_direct(struct mr_machine *m, phys_addr_t phys, size_t size)
{
	(void)m;
	(void)phys;
	(void)size;
	return NULL;
}

static bool mr__linux_can_ram_remap(struct mr_machine *m, phys_addr_t phys, size_t size,
				    unsigned long flags)
{
	(void)m;
	(void)phys;
	(void)size;
	(void)flags;
	return true;
}

const struct mr__platform mr__platform_linux = {
	.name = "linux",
	.open = mr__linux_open,
	.close = mr__linux_close,
	.direct = mr__linux_direct,
	.can_ram_remap = mr__linux_can_ram_remap,
	.probe = mr__linux_probe,
	.map = mr__linux_map,
	.unmap = mr__linux_unmap,
	.pci_bar = mr__linux_pci_bar_op,
	.pci_config = mr__linux_pci_config_op,
	.pci_bind = mr__linux_pci_bind,
	.pci_driver = mr__linux_pci_driver_op,
	.doctor = mr__linux_doctor,
};
