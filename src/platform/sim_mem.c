// SPDX-License-Identifier: MIT
/*
 * The sim machine's physical memory: sparse, per extent, so that any 64-bit
 * physical address has bytes on any file system (sim_mem.h says what each
 * form is). A file's offset is never the physical address itself, except in
 * the one-file form that earlier versions made, which is kept as it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "numbers.h"
#include "sim_mem.h"

enum mr__simmem_kind {
	MR__SIMMEM_MEMFD, /* no mem= */
	MR__SIMMEM_DIR,	  /* mem=DIR: a file per extent */
	MR__SIMMEM_FILE,  /* mem=FILE: offset = physical address */
};

/* tmpfs files reach 2^63 - 1 bytes: four memfds of 2^62 hold every address. */
#define MR__SIMMEM_MEMFD_SHIFT 62
/*
 * A folder's extents: 1 TiB at most, so that a large direct map takes few
 * mmaps and ext4 (16 TiB a file) and XFS take the size; 2 MiB at least.
 */
#define MR__SIMMEM_SHIFT_MAX 40
#define MR__SIMMEM_SHIFT_MIN 21
/* The one-file form: an offset is an off_t. */
#define MR__SIMMEM_FILE_END ((uint64_t)INT64_MAX)

struct mr__simmem {
	enum mr__simmem_kind kind;
	unsigned int shift;   /* an extent is 2^shift bytes; 64 in the one-file form */
	int dirfd;	      /* DIR */
	int fd[4];	      /* MEMFD: one per extent, made when first mapped; FILE: fd[0] */
	pthread_mutex_t lock; /* fd[], and growing the one file */
	char *path;	      /* for messages; NULL for memfds */
	/*
	 * What is known grown, so that a mapping needs no lock, flock() and
	 * fstat() (three system calls, a third of a new mapping's cost) once
	 * its file is big enough: nothing shrinks a sim memory file.
	 */
	_Atomic uint64_t file_size; /* FILE: fd[0] has at least this many bytes */
	_Atomic uint64_t sized[8];  /* DIR: 1 + an extent made full-size, by idx % 8 */
};

/* ------------------------------------------------------------ the folder */

static const char mr__simmem_magic[] = "memremap sim memory\nextent-shift ";

/* The folder's extent size from its format file: 0, 1 when it has none, -errno. */
static int mr__simmem_read_format(struct mr__simmem *mem)
{
	char path[4200], *text, *end;
	size_t len, m = sizeof(mr__simmem_magic) - 1;
	uint64_t shift;
	int ret;

	snprintf(path, sizeof(path), "%s/" MR__SIMMEM_FORMAT, mem->path);
	ret = mr__slurp(path, 4096, MR__SLURP_NOFOLLOW, &text, &len);
	if (ret == -ENOENT)
		return 1;
	if (ret)
		return mr__err(-ret, "cannot read '%s': %s", path, strerror(-ret));
	/* Exactly the magic, the number and a newline. */
	end = len > m && !memcmp(text, mr__simmem_magic, m) ? strchr(text + m, '\n') : NULL;
	ret = -EINVAL;
	if (end && !end[1]) {
		*end = '\0';
		if (!mr__num_parse_range(text + m, MR__SIMMEM_SHIFT_MIN, MR__SIMMEM_MEMFD_SHIFT,
					 &shift))
			ret = 0;
	}
	mr__free(text);
	if (ret)
		return mr__err(EINVAL, "'%s' is not a sim memory folder's format file", path);
	mem->shift = (unsigned int)shift;
	return 0;
}

/*
 * Does the folder hold anything but a format file (or one being written)?
 * Extents are never written into a folder that is not ours.
 */
static bool mr__simmem_dir_used(int dirfd)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	bool used = false;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return true;
	}
	rewinddir(d);
	while (!used && (de = readdir(d)))
		used = strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		       strncmp(de->d_name, MR__SIMMEM_FORMAT, sizeof(MR__SIMMEM_FORMAT) - 1);
	closedir(d);
	return used;
}

/* The largest extent this file system lets @fd grow to, as a shift; 0 for none. */
static unsigned int mr__simmem_probe_shift(int fd)
{
	unsigned int shift;

	for (shift = MR__SIMMEM_SHIFT_MAX; shift >= MR__SIMMEM_SHIFT_MIN; shift--)
		if (!ftruncate(fd, (off_t)(1ULL << shift)))
			return ftruncate(fd, 0) ? 0 : shift;
	return 0;
}

/*
 * Make the folder's format file. Two processes may do it at once: each
 * writes its own and links it into place; the first link wins and the
 * other reads that one.
 */
static int mr__simmem_write_format(struct mr__simmem *mem)
{
	static _Atomic unsigned long mr__simmem_tmp_serial;
	char tmp[64], text[sizeof(mr__simmem_magic) + 8];
	unsigned int shift;
	int fd, n, ret = 0;

	snprintf(tmp, sizeof(tmp), MR__SIMMEM_FORMAT ".%ld.%lu", (long)getpid(),
		 atomic_fetch_add(&mr__simmem_tmp_serial, 1));
	fd = openat(mem->dirfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return mr__err(errno, "cannot write in the sim memory folder '%s': %s", mem->path,
			       strerror(errno));
	shift = mr__simmem_probe_shift(fd);
	n = snprintf(text, sizeof(text), "%s%u\n", mr__simmem_magic, shift);
	if (!shift)
		ret = mr__err(EFBIG, "the file system of '%s' takes no file of %llu bytes",
			      mem->path, 1ULL << MR__SIMMEM_SHIFT_MIN);
	else if (write(fd, text, (size_t)n) != n)
		ret = mr__err(errno ? errno : EIO, "cannot write '%s/%s': %s", mem->path, tmp,
			      strerror(errno ? errno : EIO));
	if (close(fd) && !ret)
		ret = mr__err(errno, "cannot write '%s/%s': %s", mem->path, tmp, strerror(errno));
	if (!ret && linkat(mem->dirfd, tmp, mem->dirfd, MR__SIMMEM_FORMAT, 0) && errno != EEXIST)
		ret = mr__err(errno, "cannot write in the sim memory folder '%s': %s", mem->path,
			      strerror(errno));
	unlinkat(mem->dirfd, tmp, 0);
	if (ret)
		return ret;
	ret = mr__simmem_read_format(mem);
	return ret > 0 ? mr__err(ENOENT, "'%s/" MR__SIMMEM_FORMAT "' vanished", mem->path) : ret;
}

static int mr__simmem_open_dir(struct mr__simmem *mem)
{
	int ret;

	mem->kind = MR__SIMMEM_DIR;
	mem->dirfd = open(mem->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (mem->dirfd < 0)
		return mr__err(errno, "cannot open the sim memory folder '%s': %s", mem->path,
			       strerror(errno));
	ret = mr__simmem_read_format(mem);
	if (ret <= 0)
		return ret;
	if (mr__simmem_dir_used(mem->dirfd))
		return mr__err(EINVAL,
			       "'%s' is a folder that holds no sim memory (no " MR__SIMMEM_FORMAT
			       " file in it) but other files: give mem= a new path or an empty "
			       "folder",
			       mem->path);
	return mr__simmem_write_format(mem);
}

/* ------------------------------------------------------------- opening */

static int mr__simmem_open_file(struct mr__simmem *mem)
{
	struct stat st;
	int fd;

	mem->kind = MR__SIMMEM_FILE;
	mem->shift = 64;
	fd = open(mem->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return mr__err(errno, "cannot open sim memory '%s': %s", mem->path,
			       strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return mr__err(EINVAL, "sim memory '%s' is not a regular file or a folder",
			       mem->path);
	}
	mem->fd[0] = fd;
	return 0;
}

/* A new path becomes a folder; an existing file or folder is used as it is. */
static int mr__simmem_open_path(struct mr__simmem *mem)
{
	struct stat st;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		if (lstat(mem->path, &st)) {
			if (errno != ENOENT)
				return mr__err(errno, "cannot open sim memory '%s': %s", mem->path,
					       strerror(errno));
			/* Only its user may enter it, whatever the umask. */
			if (mkdir(mem->path, 0700) && errno != EEXIST)
				return mr__err(errno, "cannot make the sim memory folder '%s': %s",
					       mem->path, strerror(errno));
			continue;
		}
		/* Another user's symlink must not redirect our writes. */
		if (S_ISLNK(st.st_mode))
			return mr__err(ELOOP, "sim memory '%s' is a symbolic link: not followed",
				       mem->path);
		if (S_ISDIR(st.st_mode))
			return mr__simmem_open_dir(mem);
		if (S_ISREG(st.st_mode))
			return mr__simmem_open_file(mem);
		return mr__err(
			EINVAL,
			"sim memory '%s' is not a regular file or a folder (a FIFO, a device)",
			mem->path);
	}
	return mr__err(ENOENT, "sim memory '%s' keeps vanishing", mem->path);
}

int mr__simmem_open(struct mr__simmem **out, const char *path)
{
	struct mr__simmem *mem = mr__calloc(1, sizeof(*mem));
	size_t i;
	int ret;

	if (!mem)
		return mr__err(ENOMEM, "out of memory");
	mem->dirfd = -1;
	for (i = 0; i < MR__ARRAY_SIZE(mem->fd); i++)
		mem->fd[i] = -1;
	pthread_mutex_init(&mem->lock, NULL);
	mem->kind = MR__SIMMEM_MEMFD;
	mem->shift = MR__SIMMEM_MEMFD_SHIFT;
	if (path) {
		mem->path = mr__strdup(path);
		ret = mem->path ? mr__simmem_open_path(mem) : mr__err(ENOMEM, "out of memory");
		if (ret) {
			mr__simmem_close(mem);
			return ret;
		}
	}
	*out = mem;
	return 0;
}

void mr__simmem_close(struct mr__simmem *mem)
{
	size_t i;

	if (!mem)
		return;
	for (i = 0; i < MR__ARRAY_SIZE(mem->fd); i++)
		if (mem->fd[i] >= 0)
			close(mem->fd[i]);
	if (mem->dirfd >= 0)
		close(mem->dirfd);
	pthread_mutex_destroy(&mem->lock);
	mr__free(mem->path);
	mr__free(mem);
}

/* ------------------------------------------------------------- extents */

int mr__simmem_check(const struct mr__simmem *mem, uint64_t phys, size_t len)
{
	if (mem->kind != MR__SIMMEM_FILE ||
	    (len <= MR__SIMMEM_FILE_END && phys <= MR__SIMMEM_FILE_END - len))
		return 0;
	return mr__err(ERANGE,
		       "sim memory '%s' is one file whose offset is the physical address: it "
		       "cannot reach " MR__MEM "; a folder (mem= a new path) holds any address",
		       mem->path, phys, phys + len - 1);
}

/*
 * Grow @fd to @size bytes, never shrinking it: other processes grow it too.
 * *@has is then what it holds, at least @size.
 */
static int mr__simmem_grow(const struct mr__simmem *mem, int fd, uint64_t size, const char *name,
			   uint64_t *has)
{
	struct stat st;
	int ret = 0;

	/* The lock makes look-then-grow one step for every process that shares the file. */
	if (flock(fd, LOCK_EX))
		return mr__err(errno, "cannot lock sim memory '%s': %s", name, strerror(errno));
	if (fstat(fd, &st))
		ret = mr__err(errno, "cannot stat sim memory '%s': %s", name, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		ret = mr__err(EINVAL, "sim memory '%s' is not a regular file", name);
	else if ((uint64_t)st.st_size < size && ftruncate(fd, (off_t)size))
		ret = mr__err(errno, "cannot grow sim memory '%s' to %#" PRIx64 " bytes: %s%s",
			      name, size, strerror(errno),
			      mem->kind == MR__SIMMEM_FILE && errno == EFBIG
				      ? " (its offset is the physical address; a folder, mem= a "
					"new path, holds any address)"
				      : "");
	else
		*has = (uint64_t)st.st_size < size ? size : (uint64_t)st.st_size;
	flock(fd, LOCK_UN);
	return ret;
}

/* extent @idx's memfd, made at first use. */
static int mr__simmem_memfd(struct mr__simmem *mem, uint64_t idx)
{
	int fd, ret = 0;

	/* Made once and kept until the machine closes: no lock once it is there. */
	fd = __atomic_load_n(&mem->fd[idx], __ATOMIC_ACQUIRE);
	if (fd >= 0)
		return fd;
	pthread_mutex_lock(&mem->lock);
	fd = mem->fd[idx];
	if (fd < 0) {
		fd = memfd_create("memremap-sim", MFD_CLOEXEC);
		if (fd < 0)
			ret = mr__err(errno, "memfd_create: %s", strerror(errno));
		else if (ftruncate(fd, (off_t)(1ULL << MR__SIMMEM_MEMFD_SHIFT)))
			ret = mr__err(errno, "cannot size sim memory: %s", strerror(errno));
		if (ret && fd >= 0)
			close(fd);
		if (!ret)
			__atomic_store_n(&mem->fd[idx], fd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&mem->lock);
	return ret ? ret : fd;
}

/* The folder's file of extent @idx, made and sized at first use; the caller closes it. */
static int mr__simmem_extent_file(struct mr__simmem *mem, uint64_t idx)
{
	_Atomic uint64_t *sized = &mem->sized[idx % MR__ARRAY_SIZE(mem->sized)];
	char name[24];
	uint64_t has;
	int fd, ret;

	snprintf(name, sizeof(name), "%016" PRIx64, idx << mem->shift);
	fd = openat(mem->dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return mr__err(errno, "cannot open sim memory '%s/%s': %s", mem->path, name,
			       strerror(errno));
	if (atomic_load_explicit(sized, memory_order_acquire) == idx + 1)
		return fd;
	/* Every extent has its full size: growers agree, and nothing shrinks. */
	ret = mr__simmem_grow(mem, fd, 1ULL << mem->shift, name, &has);
	if (ret) {
		close(fd);
		return ret;
	}
	atomic_store_explicit(sized, idx + 1, memory_order_release);
	return fd;
}

/*
 * The descriptor that holds the bytes at @off of extent @idx, up to @end;
 * *@owned when the caller closes it.
 */
static int mr__simmem_fd(struct mr__simmem *mem, uint64_t idx, uint64_t end, bool *owned)
{
	uint64_t has;
	int ret;

	*owned = false;
	switch (mem->kind) {
	case MR__SIMMEM_MEMFD:
		return mr__simmem_memfd(mem, idx);
	case MR__SIMMEM_FILE:
		if (end <= atomic_load_explicit(&mem->file_size, memory_order_acquire))
			return mem->fd[0];
		/* flock() keeps other processes out; threads share our descriptor's lock. */
		pthread_mutex_lock(&mem->lock);
		ret = mr__simmem_grow(mem, mem->fd[0], end, mem->path, &has);
		if (!ret && has > atomic_load_explicit(&mem->file_size, memory_order_relaxed))
			atomic_store_explicit(&mem->file_size, has, memory_order_release);
		pthread_mutex_unlock(&mem->lock);
		return ret ? ret : mem->fd[0];
	default:
		*owned = true;
		return mr__simmem_extent_file(mem, idx);
	}
}

void *mr__simmem_map(struct mr__simmem *mem, uint64_t phys, size_t len, void *at)
{
	uint64_t ext = mem->shift < 64 ? 1ULL << mem->shift : 0;
	uint64_t last = phys + len - 1, p, idx, off;
	bool one = !ext || phys >> mem->shift == last >> mem->shift, owned;
	char *base = at;
	size_t done, n;
	void *q;
	int fd, err;

	if (mr__simmem_check(mem, phys, len))
		return NULL;
	/* Pieces of several extents lie side by side in one reservation. */
	if (!base && !one) {
		base = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			    0);
		if (base == MAP_FAILED) {
			mr__err(errno, "cannot reserve %#zx bytes for " MR__MEM ": %s", len, phys,
				last, strerror(errno));
			return NULL;
		}
	}
	for (done = 0; done < len; done += n) {
		p = phys + done;
		idx = ext ? p >> mem->shift : 0;
		off = ext ? p & (ext - 1) : p;
		n = ext && len - done > ext - off ? (size_t)(ext - off) : len - done;
		fd = mr__simmem_fd(mem, idx, off + n, &owned);
		if (fd < 0)
			goto err_unmap;
		q = mmap(base ? base + done : NULL, n, PROT_READ | PROT_WRITE,
			 MAP_SHARED | (base ? MAP_FIXED : 0), fd, (off_t)off);
		err = errno;
		if (owned)
			close(fd);
		if (q == MAP_FAILED) {
			mr__err(err, "mmap of sim memory " MR__MEM ": %s", p, p + n - 1,
				strerror(err));
			goto err_unmap;
		}
		if (!base)
			base = q;
	}
	return base;

err_unmap:
	if (base && !at)
		munmap(base, len);
	return NULL;
}

/* ------------------------------------------------------ the models' DMA */

/*
 * The descriptor of extent @idx for a read, or -ENOENT when it was never
 * made (its bytes are zero); *@owned when the caller closes it.
 */
static int mr__simmem_peek_fd(struct mr__simmem *mem, uint64_t idx, bool *owned)
{
	char name[24];
	int fd;

	*owned = false;
	switch (mem->kind) {
	case MR__SIMMEM_MEMFD:
		fd = __atomic_load_n(&mem->fd[idx], __ATOMIC_ACQUIRE);
		return fd < 0 ? -ENOENT : fd;
	case MR__SIMMEM_FILE:
		return mem->fd[0];
	default:
		snprintf(name, sizeof(name), "%016" PRIx64, idx << mem->shift);
		fd = openat(mem->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return errno == ENOENT ? -ENOENT : -EFAULT;
		*owned = true;
		return fd;
	}
}

/* pread or pwrite all of @len at @off; past the end of the file reads zero. */
static int mr__simmem_io(int fd, char *buf, size_t len, uint64_t off, bool write)
{
	ssize_t n;

	while (len) {
		n = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -EFAULT;
		if (!n) {
			memset(buf, 0, len);
			return 0;
		}
		buf += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int mr__simmem_rw(struct mr__simmem *mem, uint64_t phys, void *buf, size_t len, bool write)
{
	uint64_t ext = mem->shift < 64 ? 1ULL << mem->shift : 0, p, idx, off;
	size_t done, n;
	bool owned;
	int fd, ret = 0;

	if (!len)
		return 0;
	if (phys + len - 1 < phys || mr__simmem_check(mem, phys, len))
		return -EFAULT;
	for (done = 0; done < len && !ret; done += n) {
		p = phys + done;
		idx = ext ? p >> mem->shift : 0;
		off = ext ? p & (ext - 1) : p;
		n = ext && len - done > ext - off ? (size_t)(ext - off) : len - done;
		fd = write ? mr__simmem_fd(mem, idx, off + n, &owned)
			   : mr__simmem_peek_fd(mem, idx, &owned);
		if (fd == -ENOENT && !write) {
			memset((char *)buf + done, 0, n);
			continue;
		}
		if (fd < 0)
			return -EFAULT;
		ret = mr__simmem_io(fd, (char *)buf + done, n, off, write);
		if (owned)
			close(fd);
	}
	return ret;
}
