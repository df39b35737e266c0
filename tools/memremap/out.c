// SPDX-License-Identifier: MIT
/*
 * The tool's outputs: standard output and the files named on its command
 * line (dump -o, iomem --svg, bench --svg). Lost output is never a
 * success: every byte goes through a stream whose write function keeps the
 * errno of the first write that failed, however the command printed it
 * (printf, fwrite, the JSON and SVG writers), and the final flush and
 * close are checked. A failure is reported once, with its reason, and the
 * tool exits 1; a regular file left incomplete is removed.
 *
 * stdio alone cannot say why: after a failed write glibc drops the buffer
 * and keeps only a flag, so the next fflush() returns 0 and errno is gone.
 * Standard output is wrapped for the run of a command (glibc lets stdout be
 * assigned) and put back after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Write all of @n bytes, or keep why not and stop writing for good. */
static ssize_t mr_cli_out_write(void *cookie, const char *buf, size_t n)
{
	struct mr_cli_out *o = cookie;
	size_t done = 0;
	ssize_t w;

	/* After a loss nothing more is written: no output with a hole in it. */
	if (o->err)
		return -1;
	while (done < n) {
		w = write(o->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->err = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static int mr_cli_out_closefn(void *cookie)
{
	struct mr_cli_out *o = cookie;

	/* Standard output's descriptor is not ours to close. */
	if (!o->path)
		return 0;
	if (close(o->fd) && !o->err)
		o->err = errno;
	return o->err ? -1 : 0;
}

static const cookie_io_functions_t mr_cli_out_fns = {
	.write = mr_cli_out_write,
	.close = mr_cli_out_closefn,
};

/* The real standard output while a command runs, for mr_cli_out_fd(). */
static FILE *mr_cli_real_stdout;

int mr_cli_out_fd(FILE *f)
{
	if (f == stdout && mr_cli_real_stdout)
		f = mr_cli_real_stdout;
	return fileno(f);
}

void mr_cli_stdout_begin(struct mr_cli *c)
{
	struct mr_cli_out *o = &c->out;
	FILE *f;

	memset(o, 0, sizeof(*o));
	o->fd = fileno(stdout);
	if (o->fd < 0 || fflush(stdout))
		return;
	f = fopencookie(o, "w", mr_cli_out_fns);
	/* Without memory for it, stdio's own error flag still tells a loss. */
	if (!f)
		return;
	/* As stdio buffers a terminal: line by line, so that stderr interleaves. */
	setvbuf(f, NULL, isatty(o->fd) ? _IOLBF : _IOFBF, BUFSIZ);
	o->f = f;
	mr_cli_real_stdout = stdout;
	stdout = f;
}

/* Report a loss of standard output once; return whether there was one. */
static bool mr_cli_stdout_lost(struct mr_cli *c)
{
	struct mr_cli_out *o = &c->out;
	bool lost;

	lost = fflush(stdout) || ferror(stdout) || o->err;
	if (lost && !o->reported) {
		o->reported = true;
		mr_cli_fail(c, "cannot write standard output: %s", strerror(o->err ? o->err : EIO));
	}
	return lost;
}

bool mr_cli_stdout_check(struct mr_cli *c)
{
	return !mr_cli_stdout_lost(c);
}

int mr_cli_stdout_end(struct mr_cli *c, int ret)
{
	struct mr_cli_out *o = &c->out;
	bool lost = mr_cli_stdout_lost(c);

	if (o->f) {
		stdout = mr_cli_real_stdout;
		mr_cli_real_stdout = NULL;
		fclose(o->f);
		o->f = NULL;
	}
	if (fflush(stdout) && !lost) {
		lost = true;
		mr_cli_fail(c, "cannot write standard output: %s", strerror(errno));
	}
	/* A usage error printed nothing: its exit code stays. */
	return lost && ret != MR_EXIT_USAGE ? MR_EXIT_FAIL : ret;
}

FILE *mr_cli_out_open(struct mr_cli *c, struct mr_cli_out *o, const char *path)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-"))
		return stdout;
	o->path = path;
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o->fd < 0) {
		mr_cli_fail(c, "cannot write '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (!fstat(o->fd, &st) && S_ISREG(st.st_mode)) {
		o->regular = true;
		o->dev = st.st_dev;
		o->ino = st.st_ino;
	}
	o->f = fopencookie(o, "w", mr_cli_out_fns);
	if (!o->f) {
		close(o->fd);
		mr_cli_fail(c, "cannot write '%s': out of memory", path);
		return NULL;
	}
	return o->f;
}

/*
 * A partial file is worse than none: someone would flash it. Emptied first,
 * so that its blocks come back even where the name cannot go, then removed
 * if the name still leads to it (not a symlink put there since).
 */
static bool mr_cli_out_remove(struct mr_cli_out *o)
{
	struct stat st;

	if (!o->regular)
		return false;
	if (lstat(o->path, &st) || st.st_dev != o->dev || st.st_ino != o->ino)
		return false;
	return !unlink(o->path);
}

int mr_cli_out_close(struct mr_cli *c, struct mr_cli_out *o, int ret)
{
	bool emptied = false;

	if (!o->path)
		return mr_cli_stdout_check(c) ? ret : MR_EXIT_FAIL;
	if (fflush(o->f) && !o->err)
		o->err = EIO;
	if (o->err && o->regular)
		emptied = !ftruncate(o->fd, 0);
	if (fclose(o->f) && !o->err)
		o->err = EIO;
	o->f = NULL;
	if (!o->err)
		return ret;
	return mr_cli_fail(c, "cannot write '%s': %s%s", o->path, strerror(o->err),
			   mr_cli_out_remove(o) ? " (the incomplete file was removed)"
			   : emptied		? " (the incomplete file was emptied)"
						: "");
}
