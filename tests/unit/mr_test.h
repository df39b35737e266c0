/* SPDX-License-Identifier: MIT */
/* Helpers shared by the unit tests: a log catcher and sim machines. */
#ifndef MR_TEST_H
#define MR_TEST_H

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <memremap.h>

/* Every warning the library logs while a test runs. */
struct mr_test_log {
	int count;
	char last[512];
	char all[4096];
};

static inline void mr_test_log_fn(int level, const char *msg, void *arg)
{
	struct mr_test_log *log = arg;
	size_t used = strlen(log->all);

	(void)level;
	log->count++;
	snprintf(log->last, sizeof(log->last), "%s", msg);
	snprintf(log->all + used, sizeof(log->all) - used, "%s\n", msg);
}

static inline void mr_test_log_start(struct mr_test_log *log)
{
	memset(log, 0, sizeof(*log));
	mr_set_log(mr_test_log_fn, log);
}

static inline void mr_test_log_stop(void)
{
	mr_set_log(NULL, NULL);
}

/* Open a sim machine and make it current; the test fails if it cannot. */
static inline struct mr_machine *mr_test_machine(const char *spec)
{
	struct mr_machine *m = NULL;
	int ret = mr_machine_open(&m, spec);

	if (ret)
		fail_msg("mr_machine_open(%s): %s", spec, mr_errmsg());
	mr_machine_use(m);
	return m;
}

static inline void mr_test_machine_done(struct mr_machine *m)
{
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_machine_use(NULL);
	mr_machine_close(m);
}

/*
 * Can device models' accesses be trapped here (libmemremap-trap.so.0 and
 * Capstone)? 0 when they can; otherwise what main() returns: 77 (skipped,
 * never passed; the reason printed) or 1 when not even a sim machine opens.
 */
static inline int mr_test_trap_available(void)
{
	struct mr_machine *m = NULL;
	void *p;

	if (mr_machine_open(&m, "sim,device=scratch@0xfe100000"))
		return fprintf(stderr, "cannot open a sim machine: %s\n", mr_errmsg()), 1;
	p = mr_memremap(m, 0xfe100000, 4096, MEMREMAP_DEV);
	if (!p && errno == ENOSYS) {
		fprintf(stderr, "skipped: %s\n", mr_errmsg());
		mr_machine_close(m);
		return 77;
	}
	memunmap(p);
	mr_machine_close(m);
	return 0;
}

/* ----------------------------------------------- the failing allocator */

/*
 * The allocator every allocation test shares, installed with
 * mr_replace_allocator(): it counts the blocks alive, and after
 * mr_test_alloc_fail(n, after) fails the nth allocation from then on (and,
 * with @after, every one after it). Allocations are counted in .calls.
 */
struct mr_test_alloc {
	long live;	       /* blocks allocated and not freed */
	unsigned long calls;   /* allocations since mr_test_alloc_fail() */
	unsigned long fail_at; /* 0: none fails */
	bool fail_after;       /* the nth and every one after it */
	bool realloc_fails;    /* every realloc() fails, whatever the count */
};

static struct mr_test_alloc mr_test_alloc __attribute__((unused));

static inline bool mr_test_alloc_should_fail(void)
{
	if (!mr_test_alloc.fail_at)
		return false;
	mr_test_alloc.calls++;
	return mr_test_alloc.calls == mr_test_alloc.fail_at ||
	       (mr_test_alloc.fail_after && mr_test_alloc.calls > mr_test_alloc.fail_at);
}

static inline void *mr_test_malloc(size_t n)
{
	void *p = mr_test_alloc_should_fail() ? NULL : malloc(n);

	mr_test_alloc.live += p != NULL;
	return p;
}

static inline void *mr_test_calloc(size_t a, size_t b)
{
	void *p = mr_test_alloc_should_fail() ? NULL : calloc(a, b);

	mr_test_alloc.live += p != NULL;
	return p;
}

static inline void *mr_test_realloc(void *old, size_t n)
{
	void *p =
		mr_test_alloc_should_fail() || mr_test_alloc.realloc_fails ? NULL : realloc(old, n);

	mr_test_alloc.live += !old && p;
	return p;
}

static inline void mr_test_free(void *p)
{
	mr_test_alloc.live -= p != NULL;
	free(p);
}

/* Route the library's allocations through the counting allocator. */
static inline void mr_test_alloc_install(void)
{
	assert_int_equal(
		mr_replace_allocator(mr_test_malloc, mr_test_realloc, mr_test_calloc, mr_test_free),
		0);
}

/* Fail the @n-th allocation from now on (1 is the next), and all after it with @after. */
static inline void mr_test_alloc_fail(unsigned long n, bool after)
{
	mr_test_alloc.calls = 0;
	mr_test_alloc.fail_at = n;
	mr_test_alloc.fail_after = after;
}

/* Stop failing; the count of allocations made stays in .calls. */
static inline void mr_test_alloc_stop(void)
{
	mr_test_alloc.fail_at = 0;
}

/* ------------------------------------------- failures in other threads */

/*
 * cmocka's fail_msg() works in the test's own thread only (from another it
 * crashes instead of reporting): workers record their failures here and the
 * test asserts on them once it has joined them.
 */
struct mr_test_failures {
	pthread_mutex_t lock;
	int count;
	char first[512];
};

#define MR_TEST_FAILURES_INIT                    \
	{                                        \
		PTHREAD_MUTEX_INITIALIZER, 0, "" \
	}

static inline void mr_test_fail_later(struct mr_test_failures *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void mr_test_fail_later(struct mr_test_failures *f, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&f->lock);
	if (!f->count++) {
		va_start(ap, fmt);
		vsnprintf(f->first, sizeof(f->first), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&f->lock);
}

static inline void mr_test_assert_no_failures(struct mr_test_failures *f)
{
	if (f->count)
		fail_msg("%d failure(s) in worker threads; the first: %s", f->count, f->first);
}

#define assert_errno(call_fails, err)                \
	do {                                         \
		errno = 0;                           \
		assert_true(call_fails);             \
		assert_int_equal(errno, (err));      \
		assert_true(mr_errmsg()[0] != '\0'); \
	} while (0)

#endif /* MR_TEST_H */
