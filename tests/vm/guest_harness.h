/* SPDX-License-Identifier: MIT */
/*
 * The guest programs' test harness (guest_tests.c, guest_vfio.c): each test
 * is a function that returns 0, or fail()'s -1 with the reason kept in
 * why[]; run() prints a TAP line for it ("ok N name", "not ok N name -
 * why"), and the time of any test that takes half a second or more, since
 * the suite has a budget (README.md). The includer has stdio.h.
 */
#ifndef MR_GUEST_HARNESS_H
#define MR_GUEST_HARNESS_H

#include <stdarg.h>
#include <time.h>

static int ntest, nfail;
static char why[512];

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

#define CHECK(cond, ...)                          \
	do {                                      \
		if (!(cond))                      \
			return fail(__VA_ARGS__); \
	} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run test @fn, named @prefix@name in the TAP output. */
static void run_named(const char *prefix, const char *name, int (*fn)(void))
{
	double t0 = now();
	int ret;

	why[0] = '\0';
	ntest++;
	ret = fn();
	if (now() - t0 >= 0.5)
		printf("# %s%s: %.1f s\n", prefix, name, now() - t0);
	if (ret == 0) {
		printf("ok %d %s%s\n", ntest, prefix, name);
		return;
	}
	nfail++;
	printf("not ok %d %s%s - %s\n", ntest, prefix, name, why);
}

#endif /* MR_GUEST_HARNESS_H */
