// SPDX-License-Identifier: MIT
/*
 * Benchmarks of the core, one table per section:
 * - region_intersects(): the indexed tree against the kernel's linear walk.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define NQUERIES 4096

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

/* ------------------------------------------------------ region_intersects */

static bool match(const struct resource *p, unsigned long flags, unsigned long desc)
{
	return (p->flags & flags) == flags && (desc == IORES_DESC_NONE || desc == p->desc);
}

static bool overlaps(const struct resource *p, resource_size_t s, resource_size_t e)
{
	return p->start <= e && p->end >= s;
}

static struct resource *next_in(struct resource *p, struct resource *sub)
{
	if (p->child)
		return p->child;
	while (!p->sibling && p->parent) {
		p = p->parent;
		if (p == sub)
			return NULL;
	}
	return p->sibling;
}

/*
 * The kernel's region_intersects() as it is written upstream: every
 * top-level resource, then the descendants of those that do not match.
 */
static int kernel_region_intersects(struct resource *root, resource_size_t start, size_t size,
				    unsigned long flags, unsigned long desc)
{
	resource_size_t end = start + size - 1, os, oe;
	struct resource *p, *dp;
	int type = 0, other = 0;
	bool covered;

	pthread_rwlock_rdlock(&mr__resource_lock);
	for (p = root->child; p; p = p->sibling) {
		if (!overlaps(p, start, end))
			continue;
		os = p->start > start ? p->start : start;
		oe = p->end < end ? p->end : end;
		if (match(p, flags, desc)) {
			type++;
			continue;
		}
		covered = false;
		for (dp = p->child; dp; dp = next_in(dp, p)) {
			if (!overlaps(dp, start, end) || !match(dp, flags, desc))
				continue;
			type++;
			if (dp->start > os)
				break;
			if (dp->end >= oe) {
				covered = true;
				break;
			}
			os = dp->end + 1 > os ? dp->end + 1 : os;
		}
		if (!covered)
			other++;
	}
	pthread_rwlock_unlock(&mr__resource_lock);
	if (!type)
		return REGION_DISJOINT;
	return other ? REGION_MIXED : REGION_INTERSECTS;
}

/*
 * A PC-like map of @n resources at 2 MiB steps: System RAM with a busy
 * child, Reserved, ACPI tables and PCI windows with a BAR.
 */
static char *make_map(size_t n, resource_size_t *span)
{
	static const char *const top[] = {"System RAM", "Reserved", "ACPI Tables",
					  "PCI Bus 0000:00"};
	static const char *const kid[] = {"Kernel data", NULL, NULL, "0000:00:02.0"};
	size_t cap = n * 64 + 64, len = 0, i = 0, k = 0;
	char *text = malloc(cap);
	uint64_t s;

	if (!text)
		return NULL;
	for (; i < n; k++) {
		s = (uint64_t)k << 21;
		len += (size_t)snprintf(text + len, cap - len, "%08" PRIx64 "-%08" PRIx64 " : %s\n",
					s, s + 0xfffff, top[k % 4]);
		i++;
		if (kid[k % 4] && i < n) {
			len += (size_t)snprintf(text + len, cap - len,
						"  %08" PRIx64 "-%08" PRIx64 " : %s\n", s,
						s + 0x3ffff, kid[k % 4]);
			i++;
		}
	}
	*span = (resource_size_t)k << 21;
	return text;
}

struct query {
	resource_size_t start;
	size_t size;
};

static double time_queries(int (*fn)(struct resource *, resource_size_t, size_t, unsigned long,
				     unsigned long),
			   struct resource *root, const struct query *q, long iters, long *sum)
{
	double t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++)
		*sum += fn(root, q[i % NQUERIES].start, q[i % NQUERIES].size, IORESOURCE_SYSTEM_RAM,
			   IORES_DESC_NONE);
	return (now_ns() - t0) / (double)iters;
}

/* The same answers from both, or the figures mean nothing. */
static int check_same(struct resource *root, const struct query *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (mr_region_intersects(root, q[i].start, q[i].size, IORESOURCE_SYSTEM_RAM,
					 IORES_DESC_NONE) !=
		    kernel_region_intersects(root, q[i].start, q[i].size, IORESOURCE_SYSTEM_RAM,
					     IORES_DESC_NONE)) {
			fprintf(stderr, "bench: answers differ at 0x%llx\n",
				(unsigned long long)q[i].start);
			return -1;
		}
	}
	return 0;
}

static int bench_one(size_t n)
{
	struct query *q = malloc(NQUERIES * sizeof(*q));
	long fast_iters = 2000000, slow_iters, sum = 0;
	resource_size_t span;
	struct resource *root;
	double fast, slow;
	char *text;
	size_t i;

	text = make_map(n, &span);
	root = text && q ? mr_iomem_parse(text, strlen(text), ~0ULL) : NULL;
	if (!root) {
		fprintf(stderr, "bench: cannot build a map of %zu: %s\n", n, mr_errmsg());
		free(text);
		free(q);
		return -1;
	}
	for (i = 0; i < NQUERIES; i++) {
		q[i].start = rnd() % span;
		q[i].size = (size_t)(rnd() % 4 + 1) << 12;
	}
	if (check_same(root, q, n > 10000 ? 256 : NQUERIES)) {
		mr_iomem_free(root);
		free(text);
		free(q);
		return -1;
	}
	/* Enough calls of the linear walk for about 2 * 10^7 resources visited. */
	slow_iters = (long)(20000000 / n);
	if (slow_iters > fast_iters)
		slow_iters = fast_iters;
	if (slow_iters < 200)
		slow_iters = 200;
	time_queries(mr_region_intersects, root, q, NQUERIES, &sum); /* warm up */
	fast = time_queries(mr_region_intersects, root, q, fast_iters, &sum);
	slow = time_queries(kernel_region_intersects, root, q, slow_iters, &sum);
	printf("  %9zu  %12.1f  %12.1f  %9.1fx\n", n, fast, slow, slow / fast);
	mr_iomem_free(root);
	free(text);
	free(q);
	return sum < 0 ? -1 : 0;
}

static int bench_region_intersects(void)
{
	static const size_t sizes[] = {30, 1000, 100000};
	size_t i;

	printf("region_intersects(System RAM), ns per query (random 4-16 KiB ranges)\n");
	printf("  %9s  %12s  %12s  %10s\n", "resources", "indexed", "kernel loop", "speed-up");
	for (i = 0; i < MR__ARRAY_SIZE(sizes); i++) {
		if (bench_one(sizes[i]))
			return -1;
	}
	return 0;
}

int main(void)
{
	int ret = 0;

	ret |= bench_region_intersects();
	return ret ? 1 : 0;
}
