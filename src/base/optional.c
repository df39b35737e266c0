// SPDX-License-Identifier: MIT
/*
 * Optional parts: a job that needs a well-kept library other than libc
 * (instruction decoding, device trees) lives in a library of its own that
 * libmemremap opens with dlopen() the first time it is asked for, so that
 * libmemremap itself depends on libc alone and programs that never ask
 * need nothing more installed.
 *
 * Where it looks, first found wins: $MEMREMAP_LIBDIR (folders separated by
 * ':'; ignored in a privileged process, as secure_getenv() ignores it), the folder
 * libmemremap itself was loaded from, then the dynamic loader's own search.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mr_base.h"

static pthread_mutex_t mr__optional_lock = PTHREAD_MUTEX_INITIALIZER;

/* dlopen() @dir/@soname, or @soname alone when @dir is NULL. */
static void *mr__optional_try(const char *dir, const char *soname)
{
	char path[PATH_MAX];

	if (!dir)
		return dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, soname) >= sizeof(path))
		return NULL;
	return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

/* The folder of the object this code was loaded from (libmemremap.so, or the program). */
static bool mr__optional_own_dir(char *buf, size_t len)
{
	Dl_info info;
	char *slash;

	if (!dladdr((void *)mr__optional_try, &info) || !info.dli_fname)
		return false;
	if ((size_t)snprintf(buf, len, "%s", info.dli_fname) >= len)
		return false;
	slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

/* $MEMREMAP_LIBDIR: one folder, or several separated by ':'. */
static void *mr__optional_env(const char *env, const char *soname)
{
	char dir[PATH_MAX];
	void *h = NULL;

	while (!h && env && *env) {
		size_t n = strcspn(env, ":");

		if (n && n < sizeof(dir)) {
			memcpy(dir, env, n);
			dir[n] = '\0';
			h = mr__optional_try(dir, soname);
		}
		env += n + (env[n] == ':');
	}
	return h;
}

void *mr__optional(const char *soname, const char *what, const char *package)
{
	const char *env = secure_getenv("MEMREMAP_LIBDIR");
	char own[PATH_MAX];
	void *h = NULL;

	pthread_mutex_lock(&mr__optional_lock);
	h = mr__optional_env(env, soname);
	if (!h && mr__optional_own_dir(own, sizeof(own)))
		h = mr__optional_try(own, soname);
	if (!h)
		h = mr__optional_try(NULL, soname);
	pthread_mutex_unlock(&mr__optional_lock);
	if (!h)
		mr__err(ENOSYS, "%s needs %s, which is not installed (Debian package %s): %s", what,
			soname, package, dlerror());
	return h;
}

void *mr__optional_sym(void *lib, const char *name, const char *soname)
{
	void *sym = dlsym(lib, name);

	if (!sym)
		mr__err(ENOSYS, "%s has no %s: a library of another version?", soname, name);
	return sym;
}
