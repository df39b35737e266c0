/* SPDX-License-Identifier: MIT */
/*
 * Choosing the copy routines once (PMDK's x86_64/init.c style): the
 * architecture lists its paths and what each needs from the CPU, the
 * environment may force one, and the exported copies call through the
 * table chosen.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "copy.h"

#define MR__MAX_PATHS 8

static void mr__flush_nothing(const void *addr, size_t n)
{
	(void)addr;
	(void)n;
}

static void mr__drain_fence(void)
{
	mb();
}

/* Where user space cannot clean caches, the copies stay but flushes are fences. */
static const struct mr__flush_ops mr__flush_none = {"none", mr__flush_nothing, mr__drain_fence};

static struct mr__copy_path mr__copy_paths[MR__MAX_PATHS];
static size_t mr__ncopy;
static struct mr__flush_path mr__flush_paths[MR__MAX_PATHS];
static size_t mr__nflush;
static pthread_once_t mr__paths_once = PTHREAD_ONCE_INIT;

static _Atomic(const struct mr__copy_ops *) mr__cur_copy;
static _Atomic(const struct mr__flush_ops *) mr__cur_flush;
static pthread_once_t mr__copy_env_once = PTHREAD_ONCE_INIT;
static pthread_once_t mr__flush_env_once = PTHREAD_ONCE_INIT;

static void mr__paths_init(void)
{
#ifdef MR__ARCH_PATHS
	mr__ncopy = mr__arch_copy_paths(mr__copy_paths, MR__MAX_PATHS - 1);
	mr__nflush = mr__arch_flush_paths(mr__flush_paths, MR__MAX_PATHS - 1);
#endif
	mr__copy_paths[mr__ncopy++] = (struct mr__copy_path){&mr__copy_generic, "", true};
	if (!mr__nflush)
		mr__flush_paths[mr__nflush++] = (struct mr__flush_path){&mr__flush_none, "", true};
	mr__nt_threshold = mr__llc_size();
}

/* What mr__choose() needs of a path, whichever kind. */
struct mr__choice {
	const char *name;
	const char *needs;
	bool ok;
};

/*
 * Index of @want among @c, or of the first path the CPU runs when @want
 * is NULL, empty, unknown or not runnable (saying so, for the last two).
 */
static int mr__choose(const char *what, const char *want, const struct mr__choice *c, size_t n,
		      size_t *pick)
{
	size_t best = 0;
	char names[128] = "";

	while (best + 1 < n && !c[best].ok)
		best++;
	*pick = best;
	if (!want || !*want)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(c[i].name, want))
			continue;
		if (c[i].ok) {
			*pick = i;
			return 0;
		}
		mr__log(MR_LOG_WARNING, "%s%s: this CPU lacks %s; using %s instead", what, want,
			c[i].needs, c[best].name);
		return -ENOTSUP;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names);
		snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "", c[i].name);
	}
	mr__log(MR_LOG_WARNING, "%s%s: unknown (known: %s); using %s instead", what, want, names,
		c[best].name);
	return -EINVAL;
}

int mr__copy_select(const char *name)
{
	struct mr__choice c[MR__MAX_PATHS];
	const char *what = name ? "copy path " : "MEMREMAP_COPY=";
	size_t pick;
	int ret;

	pthread_once(&mr__paths_once, mr__paths_init);
	for (size_t i = 0; i < mr__ncopy; i++)
		c[i] = (struct mr__choice){mr__copy_paths[i].ops->name, mr__copy_paths[i].needs,
					   mr__copy_paths[i].ok};
	ret = mr__choose(what, name ? name : secure_getenv("MEMREMAP_COPY"), c, mr__ncopy, &pick);
	atomic_store_explicit(&mr__cur_copy, mr__copy_paths[pick].ops, memory_order_release);
	return ret;
}

int mr__flush_select(const char *name)
{
	struct mr__choice c[MR__MAX_PATHS];
	const char *what = name ? "flush path " : "MEMREMAP_FLUSH=";
	size_t pick;
	int ret;

	pthread_once(&mr__paths_once, mr__paths_init);
	for (size_t i = 0; i < mr__nflush; i++)
		c[i] = (struct mr__choice){mr__flush_paths[i].ops->name, mr__flush_paths[i].needs,
					   mr__flush_paths[i].ok};
	ret = mr__choose(what, name ? name : secure_getenv("MEMREMAP_FLUSH"), c, mr__nflush, &pick);
	atomic_store_explicit(&mr__cur_flush, mr__flush_paths[pick].ops, memory_order_release);
	return ret;
}

static void mr__copy_from_env(void)
{
	if (!atomic_load_explicit(&mr__cur_copy, memory_order_acquire))
		mr__copy_select(NULL);
}

static void mr__flush_from_env(void)
{
	if (!atomic_load_explicit(&mr__cur_flush, memory_order_acquire))
		mr__flush_select(NULL);
}

const struct mr__copy_ops *mr__copy_ops(void)
{
	const struct mr__copy_ops *ops = atomic_load_explicit(&mr__cur_copy, memory_order_acquire);

	if (ops)
		return ops;
	pthread_once(&mr__copy_env_once, mr__copy_from_env);
	return atomic_load_explicit(&mr__cur_copy, memory_order_acquire);
}

const struct mr__flush_ops *mr__flush_ops(void)
{
	const struct mr__flush_ops *ops =
		atomic_load_explicit(&mr__cur_flush, memory_order_acquire);

	if (ops)
		return ops;
	pthread_once(&mr__flush_env_once, mr__flush_from_env);
	return atomic_load_explicit(&mr__cur_flush, memory_order_acquire);
}

size_t mr__copy_path_count(void)
{
	pthread_once(&mr__paths_once, mr__paths_init);
	return mr__ncopy;
}

const char *mr__copy_path_name(size_t i, bool *ok)
{
	pthread_once(&mr__paths_once, mr__paths_init);
	if (i >= mr__ncopy)
		return NULL;
	if (ok)
		*ok = mr__copy_paths[i].ok;
	return mr__copy_paths[i].ops->name;
}

size_t mr__flush_path_count(void)
{
	pthread_once(&mr__paths_once, mr__paths_init);
	return mr__nflush;
}

const char *mr__flush_path_name(size_t i, bool *ok)
{
	pthread_once(&mr__paths_once, mr__paths_init);
	if (i >= mr__nflush)
		return NULL;
	if (ok)
		*ok = mr__flush_paths[i].ok;
	return mr__flush_paths[i].ops->name;
}

size_t mr__copy_set_nt_threshold(size_t bytes)
{
	size_t old;

	pthread_once(&mr__paths_once, mr__paths_init);
	old = mr__nt_threshold;
	mr__nt_threshold = bytes;
	return old;
}

/* ------------------------------------------------------ the exported copies */

void memcpy_toio(volatile void *dst, const void *src, size_t count)
{
	mr__copy_ops()->toio((void *)(uintptr_t)dst, src, count);
}

void memcpy_fromio(void *dst, const volatile void *src, size_t count)
{
	mr__copy_ops()->fromio(dst, (const void *)(uintptr_t)src, count);
}

void memset_io(volatile void *dst, int c, size_t count)
{
	mr__copy_ops()->setio((void *)(uintptr_t)dst, c, count);
}

void mr_memcpy_to_wc(void *dst, const void *src, size_t n)
{
	mr__copy_ops()->stream(dst, src, n);
	mr_wc_flush();
}

void mr_memcpy_from_wc(void *dst, const void *src, size_t n)
{
	mr__copy_ops()->from_wc(dst, src, n);
}

/*
 * Write back what went through the cache. Streaming stores bypass it, so
 * only the partial lines at either end did; a path without streaming
 * stores put everything there.
 */
static void mr__flush_written(const struct mr__copy_ops *ops, const struct mr__flush_ops *f,
			      uint8_t *d, size_t n)
{
	if (!ops->nt) {
		f->flush(d, n);
		return;
	}
	if (mr__head_len(d, n) || n < MR__LINE)
		f->flush(d, 1);
	if ((uintptr_t)(d + n) & (MR__LINE - 1))
		f->flush(d + n - 1, 1);
}

void mr__memcpy_flushcache(void *dst, const void *src, size_t n, bool write_back)
{
	const struct mr__copy_ops *ops = mr__copy_ops();
	const struct mr__flush_ops *f = mr__flush_ops();

	ops->stream(dst, src, n);
	if (n && write_back)
		mr__flush_written(ops, f, dst, n);
	f->drain();
}

void mr__flush_range(const void *addr, size_t n, bool write_back)
{
	const struct mr__flush_ops *f = mr__flush_ops();

	/* n == 0: the lines are found from the first byte, and there is none. */
	if (n && write_back)
		f->flush(addr, n);
	f->drain();
}

const char *mr_copy_path(void)
{
	return mr__copy_ops()->name;
}

const char *mr_flush_path(void)
{
	return mr__flush_ops()->name;
}
