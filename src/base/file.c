// SPDX-License-Identifier: MIT
/*
 * Whole-file reads for the platforms: maps, PAT lists, sysfs attributes.
 * /proc and /sys report size 0, so the file is read until EOF rather than
 * sized with fstat.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "mr_base.h"

/* Grow @buf to hold @cap bytes and a NUL; 0 or -errno. */
static int mr__slurp_grow(char **buf, size_t cap, size_t max)
{
	char *grown;

	if (cap > max)
		return -EFBIG;
	grown = mr__realloc(*buf, cap + 1);
	if (!grown)
		return -ENOMEM;
	*buf = grown;
	return 0;
}

int mr__slurp(const char *path, size_t max, char **text, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL;
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = mr__slurp_grow(&buf, cap, max);
	while (!err) {
		if (n == cap) {
			cap *= 2;
			err = mr__slurp_grow(&buf, cap, max);
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
