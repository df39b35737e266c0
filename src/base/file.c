// SPDX-License-Identifier: MIT
/*
 * Whole-file reads for the platforms: maps, PAT lists, sysfs attributes.
 * /proc and /sys report size 0, so the file is read until EOF rather than
 * sized with fstat; a file that says it is larger than allowed is refused
 * before a byte is read, and anything that is not a regular file (a FIFO
 * would block forever, /dev/zero never ends) is refused at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mr_base.h"

/* Grow @buf to hold @cap bytes and a NUL; 0 or -errno. */
static int mr__slurp_grow(char **buf, size_t cap)
{
	char *grown = mr__realloc(*buf, cap + 1);

	if (!grown)
		return -ENOMEM;
	*buf = grown;
	return 0;
}

/* Open @path for reading, refusing what is not a regular file (and a symlink, asked). */
static int mr__slurp_open(const char *path, unsigned int flags, size_t max)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
				(flags & MR__SLURP_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0)
		return errno == ELOOP && (flags & MR__SLURP_NOFOLLOW) ? -EPERM : -errno;
	if (fstat(fd, &st)) {
		close(fd);
		return -EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	return fd;
}

int mr__slurp(const char *path, size_t max, unsigned int flags, char **text, size_t *len)
{
	size_t cap = max < 4096 ? max : 4096, n = 0;
	char *buf = NULL, extra;
	ssize_t got;
	int fd, err;

	fd = mr__slurp_open(path, flags, max);
	if (fd < 0)
		return fd;
	err = mr__slurp_grow(&buf, cap);
	while (!err) {
		if (n == cap && cap == max) {
			/* Exactly at the limit is fine; one byte more is not. */
			got = read(fd, &extra, 1);
			if (got < 0 && errno == EINTR)
				continue;
			err = got > 0 ? -EFBIG : got < 0 ? -errno : 0;
			break;
		}
		if (n == cap) {
			cap = cap > max / 2 ? max : cap * 2;
			err = mr__slurp_grow(&buf, cap);
			continue;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			err = -errno;
		else if (!got)
			break;
		else
			n += (size_t)got;
	}
	close(fd);
	if (err) {
		mr__free(buf);
		return err;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
