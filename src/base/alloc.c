// SPDX-License-Identifier: MIT
/*
 * The allocator hooks (libuv's uv_replace_allocator): every allocation of the
 * library goes through here, so tests can fail any one of them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mr_base.h"

static mr_malloc_fn mr__malloc_fn = malloc;
static mr_realloc_fn mr__realloc_fn = realloc;
static mr_calloc_fn mr__calloc_fn = calloc;
static mr_free_fn mr__free_fn = free;

int mr_replace_allocator(mr_malloc_fn malloc_fn, mr_realloc_fn realloc_fn, mr_calloc_fn calloc_fn,
			 mr_free_fn free_fn)
{
	if (!malloc_fn || !realloc_fn || !calloc_fn || !free_fn)
		return mr__err(EINVAL, "mr_replace_allocator: every hook must be given");
	mr__malloc_fn = malloc_fn;
	mr__realloc_fn = realloc_fn;
	mr__calloc_fn = calloc_fn;
	mr__free_fn = free_fn;
	return 0;
}

void *mr__malloc(size_t n)
{
	return mr__malloc_fn(n ? n : 1);
}

void *mr__calloc(size_t nmemb, size_t n)
{
	return mr__calloc_fn(nmemb ? nmemb : 1, n ? n : 1);
}

void *mr__realloc(void *p, size_t n)
{
	return mr__realloc_fn(p, n ? n : 1);
}

char *mr__strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = mr__malloc(len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *mr__strdup(const char *s)
{
	return mr__strndup(s, (size_t)-1);
}

void mr__free(void *p)
{
	if (p)
		mr__free_fn(p);
}
