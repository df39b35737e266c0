// SPDX-License-Identifier: MIT
/*
 * What the linux machine reads of the kernel, under its root: small files
 * of /proc and /sys, symlinks of sysfs, the kernel's claims (/proc/iomem)
 * and whether lockdown is on. Nothing here opens a file for writing.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux_int.h"
#include "mr_resource.h"

void mr__linux_path(const struct mr__linux *l, char *buf, size_t n, const char *fmt, ...)
{
	size_t used = (size_t)snprintf(buf, n, "%s", l->root);
	va_list ap;

	if (used >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, n - used, fmt, ap);
	va_end(ap);
}

void mr__linux_text(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

/* An allocation failed while this thread read the kernel's files. */
static _Thread_local bool mr__linux_oom;

bool mr__linux_oom_take(void)
{
	bool oom = mr__linux_oom;

	mr__linux_oom = false;
	return oom;
}

int mr__linux_slurp(const char *path, char **text, size_t *len)
{
	int ret = mr__slurp(path, MR__LINUX_FILE_MAX, MR__SLURP_NOFOLLOW, text, len);

	if (ret == -ENOMEM)
		mr__linux_oom = true;
	return ret;
}

int mr__linux_read_u64(const char *path, uint64_t *v)
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

int mr__linux_read_line(const char *path, char *buf, size_t n)
{
	char *text;
	size_t len;
	int ret = mr__linux_slurp(path, &text, &len);

	if (ret)
		return ret;
	text[strcspn(text, "\n")] = '\0';
	ret = strlen(text) < n ? 0 : -ENAMETOOLONG;
	if (!ret)
		memcpy(buf, text, strlen(text) + 1);
	mr__free(text);
	return ret;
}

int mr__linux_link_name(const char *path, char *buf, size_t n)
{
	char target[4096];
	const char *base;
	ssize_t len = readlink(path, target, sizeof(target) - 1);

	if (len < 0)
		return -errno;
	target[len] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= n)
		return -ENAMETOOLONG;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

bool mr__linux_name(char *buf, size_t len, const struct dirent *de)
{
	size_t n = strnlen(de->d_name, len);

	if (n == len)
		return false;
	memcpy(buf, de->d_name, n + 1);
	return true;
}

bool mr__linux_scan(const struct mr__linux *l, const char *dir, const char *prefix,
		    bool (*fn)(const struct mr__linux *l, const char *name, void *arg), void *arg)
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

int mr__linux_rw_ok(const char *path)
{
	return faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) ? -errno : 0;
}

bool mr__linux_lockdown(const struct mr__linux *l, char *mode, size_t n)
{
	char path[4096], *text, *open_b, *close_b;
	size_t len;

	mode[0] = '\0';
	mr__linux_path(l, path, sizeof(path), "/sys/kernel/security/lockdown");
	if (mr__linux_slurp(path, &text, &len))
		return false;
	/* "none [integrity] confidentiality": the mode in force is bracketed. */
	open_b = strchr(text, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (close_b && (size_t)(close_b - open_b - 1) < n) {
		memcpy(mode, open_b + 1, (size_t)(close_b - open_b - 1));
		mode[close_b - open_b - 1] = '\0';
	}
	mr__free(text);
	return mode[0] && strcmp(mode, "none");
}

/* ------------------------------------------------------ the kernel's claims */

/*
 * An unprivileged read of /proc/iomem shows every address as zero (the
 * kernel hides the layout from users without CAP_SYS_ADMIN).
 */
bool mr__linux_iomem_hidden(const char *text)
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

int mr__linux_read_iomem(struct mr__linux *l, char **text, size_t *len)
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
			       "(CAP_SYS_ADMIN), or a VFIO group or device node of this user "
			       "to map through",
			       path);
	}
	return 0;
}

static uint64_t mr__linux_root_end(const struct mr_machine *m)
{
	return m->phys_bits >= 64 ? UINT64_MAX : (1ULL << m->phys_bits) - 1;
}

/* Under the lock: a reload of the kernel's claims may replace the tree. */
bool mr__linux_is_ram(struct mr__linux *l, uint64_t start, uint64_t len)
{
	int ret;

	pthread_rwlock_rdlock(&l->claims_lock);
	ret = mr__region_intersects(l->kernel, start, len, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE);
	pthread_rwlock_unlock(&l->claims_lock);
	return ret != REGION_DISJOINT;
}

/*
 * Drivers bind and unbind while the machine is open: before a busy range is
 * refused or a kernel refusal explained, the kernel's claims are read again.
 * When that fails the old picture stays; the caller sets its own error.
 */
void mr__linux_reload_claims(struct mr__linux *l, struct mr_machine *m)
{
	struct resource *tree, *old;
	char *text;
	size_t len;
	int saved = errno;

	/* A VFIO-only machine never saw the kernel's claims: there is nothing to reload. */
	if (l->vfio_only)
		return;
	if (mr__linux_read_iomem(l, &text, &len)) {
		errno = saved;
		return;
	}
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

/*
 * What keeps user space off [first, last] now, as the kernel judges it page
 * by page (iomem_is_exclusive). System RAM is STRICT_DEVMEM's business.
 */
bool mr__linux_busy_now(struct mr__linux *l, uint64_t first, uint64_t last, char *who, size_t len)
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

bool mr__linux_busy(struct mr_machine *m, uint64_t first, uint64_t last, char *who, size_t len)
{
	struct mr__linux *l = mr__linux(m);

	if (!mr__linux_busy_now(l, first, last, who, len))
		return false;
	mr__linux_reload_claims(l, m);
	return mr__linux_busy_now(l, first, last, who, len);
}
