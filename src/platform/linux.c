// SPDX-License-Identifier: MIT
/*
 * The linux machine: this computer, through the files the kernel gives user
 * space. The resource tree comes from /proc/iomem; each mapping takes the
 * best path the kernel offers for its range and type:
 *
 *   device DAX   /dev/daxX.Y          WB, the device's alignment
 *   UIO          /dev/uioN, map M     UC-
 *   PCI BAR      .../resourceN        UC-
 *                .../resourceN_wc     WC (prefetchable BARs only)
 *   /dev/mem     without O_SYNC       WB
 *                with O_SYNC          UC-
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

#include "mr_arch.h"
#include "mr_platform.h"
#include "mr_resource.h"

/* /proc and /sys files are small; anything larger is not what we expect. */
#define MR__LINUX_FILE_MAX (16UL << 20)
/* The kernel leaves the first megabyte to /dev/mem whatever is claimed there. */
#define MR__LINUX_LOW_MB (1ULL << 20)
#if defined(__aarch64__)
#define MR__LINUX_UC "Device memory"
#define MR__LINUX_NOTE_WT \
	"no write-through on arm64 (the kernel's WT is ioremap too): served as Device memory"
#define MR__LINUX_NOTE_DEVMEM \
	"arm64's /dev/mem maps what is not kernel RAM Device-nGnRnE: served as DEV"
#else
#define MR__LINUX_UC	  "UC-"
#define MR__LINUX_NOTE_WT "no user-space write-through on x86: served uncached (UC-)"
#endif

struct mr__linux {
	char *root; /* "" or the folder that stands in for / */
	/*
	 * The tree as the kernel showed it, for its claims only: private to
	 * this machine, read again while others look at it, so it has a lock
	 * of its own (a reload must never wait for the library lock, which a
	 * caller planning a mapping holds for reading).
	 */
	struct resource *kernel;
	pthread_rwlock_t claims_lock;
	bool relaxed;	    /* leave busy ranges to the kernel */
	bool kernel_strict; /* the kernel's IO_STRICT_DEVMEM in force: no iomem=relaxed */
};

/* ----------------------------------------------------------- small helpers */

static struct mr__linux *mr__linux(struct mr_machine *m)
{
	return m->priv;
}

static void mr__linux_path(const struct mr__linux *l, char *buf, size_t n, const char *fmt, ...)
	MR__PRINTF(4, 5);

static void mr__linux_path(const struct mr__linux *l, char *buf, size_t n, const char *fmt, ...)
{
	size_t used = (size_t)snprintf(buf, n, "%s", l->root);
	va_list ap;

	if (used >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, n - used, fmt, ap);
	va_end(ap);
}

static int mr__linux_slurp(const char *path, char **text, size_t *len)
{
	return mr__slurp(path, MR__LINUX_FILE_MAX, MR__SLURP_NOFOLLOW, text, len);
}

/* One number from a sysfs file: "0x38200000", "65011712". */
static int mr__linux_read_u64(const char *path, uint64_t *v)
{
	char *text, *end;
	size_t len;
	int ret = mr__linux_slurp(path, &text, &len);

	if (ret)
		return ret;
	errno = 0;
	*v = strtoull(text, &end, 0);
	ret = (errno || end == text || (*end && !isspace((unsigned char)*end))) ? -EINVAL : 0;
	mr__free(text);
	return ret;
}

/* Copy a directory entry's name that fits; names that do not are not ours. */
static bool mr__linux_name(char *buf, size_t len, const struct dirent *de)
{
	size_t n = strnlen(de->d_name, len);

	if (n == len)
		return false;
	memcpy(buf, de->d_name, n + 1);
	return true;
}

/* Under the lock: a reload of the kernel's claims may replace the tree. */
static bool mr__linux_is_ram(struct mr__linux *l, uint64_t start, uint64_t len)
{
	int ret;

	pthread_rwlock_rdlock(&l->claims_lock);
	ret = mr__region_intersects(l->kernel, start, len, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE);
	pthread_rwlock_unlock(&l->claims_lock);
	return ret != REGION_DISJOINT;
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

/*
 * An unprivileged read of /proc/iomem shows every address as zero (the
 * kernel hides the layout from users without CAP_SYS_ADMIN).
 */
static bool mr__linux_iomem_hidden(const char *text)
{
	const char *p;
	bool any = false;

	for (p = text; *p; p++) {
		if (isxdigit((unsigned char)*p) && *p != '0')
			return false;
		if (*p == ':') {
			any = true;
			p += strcspn(p, "\n");
			if (!*p)
				break;
		}
	}
	return any;
}

/* /proc/iomem's text, refused when it hides the addresses. */
static int mr__linux_read_iomem(struct mr__linux *l, char **text, size_t *len)
{
	char path[4096];
	int ret;

	mr__linux_path(l, path, sizeof(path), "/proc/iomem");
	ret = mr__linux_slurp(path, text, len);
	if (ret)
		return mr__err(-ret, "linux: cannot read %s: %s", path, strerror(-ret));
	if (mr__linux_iomem_hidden(*text)) {
		mr__free(*text);
		return mr__err(EACCES,
			       "linux: %s shows every address as 0: reading it needs root "
			       "(CAP_SYS_ADMIN)",
			       path);
	}
	return 0;
}

static uint64_t mr__linux_root_end(const struct mr_machine *m)
{
	return m->phys_bits >= 64 ? UINT64_MAX : (1ULL << m->phys_bits) - 1;
}

static int mr__linux_load_iomem(struct mr__linux *l, struct mr_machine *m)
{
	uint64_t root_end = mr__linux_root_end(m);
	char path[4096], *text;
	size_t len;
	int ret = mr__linux_read_iomem(l, &text, &len);

	if (ret)
		return ret;
	/* Two copies: ours gains the library's claims, the kernel's is reloaded. */
	m->iomem = mr_iomem_parse(text, len, root_end);
	if (m->iomem)
		l->kernel = mr_iomem_parse(text, len, root_end);
	mr__free(text);
	if (!m->iomem || !l->kernel) {
		mr__linux_path(l, path, sizeof(path), "/proc/iomem");
		mr__err_prefix("linux: %s: ", path);
		return -errno;
	}
	return 0;
}

/*
 * Drivers bind and unbind while the machine is open: before a busy range is
 * refused or a kernel refusal explained, the kernel's claims are read again.
 * When that fails the old picture stays; the caller sets its own error.
 */
static void mr__linux_reload_claims(struct mr__linux *l, struct mr_machine *m)
{
	struct resource *tree, *old;
	char *text;
	size_t len;

	if (mr__linux_read_iomem(l, &text, &len))
		return;
	tree = mr_iomem_parse(text, len, mr__linux_root_end(m));
	mr__free(text);
	if (!tree)
		return;
	pthread_rwlock_wrlock(&l->claims_lock);
	old = l->kernel;
	l->kernel = tree;
	pthread_rwlock_unlock(&l->claims_lock);
	mr_iomem_free(old);
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
	mr__linux_load_pat(l, m);
	return 0;

err_close:
	mr__linux_close(m);
	return ret;
}

/* ------------------------------------------------------ the kernel's rules */

/*
 * What keeps user space off [first, last] now, as the kernel judges it page
 * by page (iomem_is_exclusive). System RAM is STRICT_DEVMEM's business.
 */
static bool mr__linux_busy_now(struct mr__linux *l, uint64_t first, uint64_t last, char *who,
			       size_t len)
{
	bool busy;

	/* The kernel lets the first megabyte through whatever claims it. */
	if (last < MR__LINUX_LOW_MB)
		return false;
	if (first < MR__LINUX_LOW_MB)
		first = MR__LINUX_LOW_MB;
	/*
	 * Strict whatever the kernel's command line says: iomem=relaxed lets
	 * the kernel map a driver's range, but only the caller's own
	 * linux,relaxed makes this library ask it to (docs/SECURITY.md).
	 */
	pthread_rwlock_rdlock(&l->claims_lock);
	busy = mr__resource_exclusive_in(l->kernel, first, last, true, who, len);
	pthread_rwlock_unlock(&l->claims_lock);
	return busy;
}

/* Busy as the kernel sees it now: a claim seen at open is checked again. */
static bool mr__linux_busy(struct mr_machine *m, uint64_t first, uint64_t last, char *who,
			   size_t len)
{
	struct mr__linux *l = mr__linux(m);

	if (!mr__linux_busy_now(l, first, last, who, len))
		return false;
	mr__linux_reload_claims(l, m);
	return mr__linux_busy_now(l, first, last, who, len);
}

static int mr__linux_refuse_busy(struct mr__map *req, const char *who)
{
	return mr__err(EBUSY,
		       "linux: [mem %#" PRIx64 "-%#" PRIx64 "] is claimed busy by %s: the kernel "
		       "(IO_STRICT_DEVMEM) refuses user mappings of a driver's range; open the "
		       "machine as linux,relaxed to ask it anyway",
		       req->phys, req->phys + req->len - 1, who);
}

/* Why the kernel said no to an mmap of @path. */
static int mr__linux_refused(struct mr_machine *m, struct mr__map *req, const char *path, int err)
{
	struct mr__linux *l = mr__linux(m);
	uint64_t last = req->phys + req->len - 1;
	char who[160];

	switch (err) {
	case EPERM:
		if (mr__linux_is_ram(l, req->phys, req->len))
			return mr__err(EPERM,
				       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
				       "]: it is System RAM, which a STRICT_DEVMEM kernel keeps "
				       "from user space",
				       path, req->phys, last);
		/* A driver may have claimed the range since the machine opened. */
		mr__linux_reload_claims(l, m);
		if (mr__linux_busy_now(l, req->phys, last, who, sizeof(who)))
			return mr__err(EPERM,
				       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
				       "]: %s has claimed it busy (IO_STRICT_DEVMEM)",
				       path, req->phys, last, who);
		return mr__err(EPERM,
			       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
			       "]: STRICT_DEVMEM, kernel lockdown or a missing CAP_SYS_RAWIO",
			       path, req->phys, last);
	case EAGAIN:
		return mr__err(EAGAIN,
			       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
			       "] %s: the kernel's PAT holds a conflicting memory type there "
			       "(see /sys/kernel/debug/x86/pat_memtype_list)",
			       path, req->phys, last, mr__memtype_pat_name(req->got));
	case EBUSY:
		return mr__err(EBUSY,
			       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
			       "]: the range is busy",
			       path, req->phys, last);
	case EACCES:
		return mr__err(EACCES,
			       "linux: %s: permission denied: mapping needs root "
			       "(CAP_SYS_RAWIO)",
			       path);
	case EINVAL:
		return mr__err(EINVAL,
			       "linux: %s refused [mem %#" PRIx64 "-%#" PRIx64
			       "]: outside what the file maps, misaligned, or claimed exclusive",
			       path, req->phys, last);
	}
	return mr__err(err, "linux: %s [mem %#" PRIx64 "-%#" PRIx64 "]: %s", path, req->phys, last,
		       strerror(err));
}

/* ------------------------------------------------------------------ doors */

/* The doors of linux.c's opening table, in the order they are tried. */
enum mr__linux_door {
	MR__DOOR_DAX,	 /* /dev/daxX.Y */
	MR__DOOR_UIO,	 /* /dev/uioN, map M */
	MR__DOOR_BAR,	 /* .../resourceN */
	MR__DOOR_BAR_WC, /* .../resourceN_wc */
	MR__DOOR_DEVMEM, /* /dev/mem, O_SYNC for anything but WB */
};

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

/* Call @fn on each entry of @dir whose name starts with @prefix, until it says stop. */
static bool mr__linux_scan(const struct mr__linux *l, const char *dir, const char *prefix,
			   bool (*fn)(const struct mr__linux *l, const char *name, void *arg),
			   void *arg)
{
	char path[4096], name[64];
	struct dirent *de;
	bool found = false;
	DIR *d;

	mr__linux_path(l, path, sizeof(path), "%s", dir);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, strlen(prefix)) ||
		    !mr__linux_name(name, sizeof(name), de))
			continue;
		found = fn(l, name, arg);
	}
	closedir(d);
	return found;
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
			       "linux: /dev/%s maps %#" PRIx64 "-aligned extents only and "
			       "[mem %#" PRIx64 "-%#" PRIx64 "] does not fit one inside it",
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
	if (req->type == MEMREMAP_WT)
		snprintf(req->note, sizeof(req->note), "%s", MR__LINUX_NOTE_WT);
	else if (req->type == MEMREMAP_WC)
		snprintf(req->note, sizeof(req->note),
			 "UIO maps are uncached: served " MR__LINUX_UC);
	mr__linux_door_set(req, MR__DOOR_UIO, u->name, u->map, u->addr,
			   (uint64_t)u->map * MR_PAGE_SIZE,
			   (size_t)(req->phys + req->len - u->addr));
	return mr__linux_door_open(m, req);
}

/* ---------------------------------------------------------------- PCI BAR */

struct mr__linux_bar {
	char dev[16]; /* "0000:00:04.0" */
	int bar;
	uint64_t start, end, flags;
	uint64_t want_start, want_last; /* the request */
};

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

/* The memory BAR of device @name that holds the request, from its resource file. */
static bool mr__linux_bar_try(const struct mr__linux *l, const char *name, void *arg)
{
	struct mr__linux_bar *b = arg;
	char path[4096], *text, *line;
	uint64_t s, e, f;
	bool found = false;
	size_t len;
	int i;

	if (strlen(name) >= sizeof(b->dev))
		return false;
	mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/resource", name);
	if (mr__linux_slurp(path, &text, &len))
		return false;
	/* Lines 0-5 are the BARs; 6 is the ROM, which has no resourceN file. */
	for (i = 0, line = text; i < 6 && line && *line && !found; i++) {
		if (sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64, &s, &e, &f) == 3 &&
		    (f & IORESOURCE_MEM) && e > s &&
		    mr__linux_bar_fits(s, e, b->want_start, b->want_last)) {
			snprintf(b->dev, sizeof(b->dev), "%s", name);
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

static bool mr__linux_find_bar(struct mr__linux *l, uint64_t start, uint64_t last,
			       struct mr__linux_bar *b)
{
	b->want_start = start;
	b->want_last = last;
	return mr__linux_scan(l, "/sys/bus/pci/devices", "", mr__linux_bar_try, b);
}

/*
 * resourceN maps UC-, resourceN_wc WC; the kernel creates the _wc file for
 * prefetchable BARs only. Either maps from the page that holds the BAR's
 * start, at most as many pages as the BAR spans.
 */
static int mr__linux_probe_bar(struct mr_machine *m, struct mr__map *req,
			       const struct mr__linux_bar *b)
{
	struct mr__linux *l = mr__linux(m);
	uint64_t page0 = b->start & MR__PAGE_MASK;
	bool wc = req->type == MEMREMAP_WC && (b->flags & IORESOURCE_PREFETCH);
	char path[4096], who[160];

	if (wc) {
		mr__linux_path(l, path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d_wc",
			       b->dev, b->bar);
		wc = access(path, F_OK) == 0;
	}
	snprintf(req->how, sizeof(req->how), "%s/resource%c%s", b->dev, '0' + b->bar,
		 wc ? "_wc" : "");
	req->got = wc ? MEMREMAP_WC : MEMREMAP_DEV;
	if (req->type == MEMREMAP_WT)
		snprintf(req->note, sizeof(req->note), "%s", MR__LINUX_NOTE_WT);
	else if (req->type == MEMREMAP_WC && !wc)
		snprintf(req->note, sizeof(req->note),
			 "BAR %d of %s is not prefetchable: no resource%d_wc, served " MR__LINUX_UC,
			 b->bar, b->dev, b->bar);
	/* pci-sysfs refuses a BAR whose first page is claimed exclusive. */
	if (!l->relaxed &&
	    mr__linux_busy(m, b->start, b->start | (MR_PAGE_SIZE - 1), who, sizeof(who)))
		return mr__linux_refuse_busy(req, who);
	mr__linux_door_set(req, wc ? MR__DOOR_BAR_WC : MR__DOOR_BAR, b->dev, b->bar, req->phys,
			   req->phys - page0, req->len);
	return mr__linux_door_open(m, req);
}

/* --------------------------------------------------------------- /dev/mem */

/*
 * Without O_SYNC the kernel maps write-back, with it uncached-minus; it
 * refuses System RAM (STRICT_DEVMEM, which every distribution kernel has)
 * and busy ranges (IO_STRICT_DEVMEM).
 */
static int mr__linux_probe_devmem(struct mr_machine *m, struct mr__map *req)
{
	struct mr__linux *l = mr__linux(m);
	bool sync = req->type != MEMREMAP_WB;
	uint64_t last = req->phys + req->len - 1;
	char who[160];

	snprintf(req->how, sizeof(req->how), "/dev/mem%s", sync ? " O_SYNC" : "");
	req->got = sync ? MEMREMAP_DEV : MEMREMAP_WB;
	if (req->type == MEMREMAP_WT)
		snprintf(req->note, sizeof(req->note), "%s", MR__LINUX_NOTE_WT);
	else if (req->type == MEMREMAP_WC)
		snprintf(req->note, sizeof(req->note),
			 "write-combining needs a prefetchable PCI BAR: served " MR__LINUX_UC);
#if defined(__aarch64__)
	if (!sync && !mr__linux_is_ram(l, req->phys, req->len)) {
		req->got = MEMREMAP_DEV;
		snprintf(req->note, sizeof(req->note), "%s", MR__LINUX_NOTE_DEVMEM);
	}
#endif
	if (req->phys >= MR__LINUX_LOW_MB && mr__linux_is_ram(l, req->phys, req->len))
		return mr__linux_refused(m, req, "/dev/mem", EPERM);
	if (!l->relaxed && mr__linux_busy(m, req->phys, last, who, sizeof(who)))
		return mr__linux_refuse_busy(req, who);
	mr__linux_door_set(req, MR__DOOR_DEVMEM, "mem", 0, req->phys, req->phys, req->len);
	req->door.oflags = sync ? O_SYNC : 0;
	return mr__linux_door_open(m, req);
}

/* ------------------------------------------------------------ the platform */

static int mr__linux_probe(struct mr_machine *m, struct mr__map *req)
{
	struct mr__linux *l = mr__linux(m);
	uint64_t last = req->phys + req->len - 1;
	struct mr__linux_dax dax;
	struct mr__linux_uio uio;
	struct mr__linux_bar bar;

	req->how[0] = '\0';
	req->note[0] = '\0';
	/* The core refuses this first; a second wall costs nothing. */
	if (req->type != MEMREMAP_WB && mr__linux_is_ram(l, req->phys, req->len))
		return mr__err(EPERM,
			       "linux: [mem %#" PRIx64 "-%#" PRIx64 "] is System RAM: only "
			       "write-back may map it",
			       req->phys, last);
	if (req->type == MEMREMAP_WB && mr__linux_find_dax(l, req->phys, last, &dax))
		return mr__linux_probe_dax(m, req, &dax);
	if (req->type != MEMREMAP_WB && mr__linux_find_uio(l, req->phys, last, &uio))
		return mr__linux_probe_uio(m, req, &uio);
	if (req->type != MEMREMAP_WB && mr__linux_find_bar(l, req->phys, last, &bar))
		return mr__linux_probe_bar(m, req, &bar);
	return mr__linux_probe_devmem(m, req);
}

/* Open the door the probe found and map its window; the descriptor is not kept. */
static int mr__linux_map(struct mr_machine *m, struct mr__map *req)
{
	const struct mr__door *d = &req->door;
	char path[4096];
	void *win;
	int fd, err;

	mr__linux_door_path(mr__linux(m), d, path, sizeof(path));
	fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | d->oflags);
	if (fd < 0)
		return mr__linux_refused(m, req, d->kind == MR__DOOR_DEVMEM ? req->how : path,
					 errno);
	win = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)d->off);
	err = win == MAP_FAILED ? errno : 0;
	/* The mapping keeps the file; the descriptor has done its work. */
	close(fd);
	if (err)
		return mr__linux_refused(m, req, d->kind == MR__DOOR_DEVMEM ? req->how : path, err);
	req->win = win;
	req->win_len = d->len;
	req->base = (char *)win + (req->phys - d->win_phys);
	return 0;
}

static void mr__linux_unmap(struct mr_machine *m, struct mr__map *req)
{
	(void)m;
	if (req->win)
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
};
