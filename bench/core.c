// SPDX-License-Identifier: MIT
/*
 * Benchmarks of the core, one table per section:
 * - region_intersects(): the indexed tree against the kernel's linear walk;
 * - memremap()+memunmap() pairs against open+mmap+munmap+close and a raw mmap.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <memremap/io.h>
#include <memremap/safe.h>

#include "mr_memremap.h"
#include "mr_resource.h"
#include "kernel_loops.h"

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

/* The kernel's loop, under the lock as the kernel takes it. */
static int kernel_region_intersects(struct resource *root, resource_size_t start, size_t size,
				    unsigned long flags, unsigned long desc)
{
	int ret;

	mr__read_lock();
	ret = ref_region_intersects(root, start, size, flags, desc);
	mr__read_unlock();
	return ret;
}

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

/* ------------------------------------------------ memremap+memunmap pairs */

#define PAIR_ITERS 200000
#define PAIR_REGS  0xfe000000ULL
#define PAIR_RAM   0x100000ULL

/* The median of five runs of @iters calls of @fn, in ns per call. */
static double time_pairs(void (*fn)(void *), void *arg, int iters)
{
	double runs[5], t;
	int r, i, j;

	for (r = 0; r < 5; r++) {
		t = now_ns();
		for (i = 0; i < iters; i++)
			fn(arg);
		runs[r] = (now_ns() - t) / iters;
	}
	for (i = 1; i < 5; i++)
		for (j = i; j > 0 && runs[j - 1] > runs[j]; j--) {
			t = runs[j];
			runs[j] = runs[j - 1];
			runs[j - 1] = t;
		}
	return runs[2];
}

struct pair_ctx {
	const char *path;
	int fd;
	uint64_t phys;
	unsigned long flags;
};

static void pair_memremap(void *arg)
{
	struct pair_ctx *c = arg;
	void *p = memremap(c->phys, 4096, c->flags);

	if (!p) {
		fprintf(stderr, "memremap: %s\n", mr_errmsg());
		exit(1);
	}
	*(volatile char *)p;
	memunmap(p);
}

/* What devmem2 and busybox devmem do for every access. */
static void pair_devmem(void *arg)
{
	struct pair_ctx *c = arg;
	int fd = open(c->path, O_RDWR | O_SYNC | O_CLOEXEC);
	void *p;

	if (fd < 0) {
		perror("open");
		exit(1);
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)c->phys);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	*(volatile char *)p;
	munmap(p, 4096);
	close(fd);
}

static void pair_mmap(void *arg)
{
	struct pair_ctx *c = arg;
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, (off_t)c->phys);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	*(volatile char *)p;
	munmap(p, 4096);
}

struct copy_ctx {
	void *io;
	char buf[4096];
	size_t n;
};

static void copy_plain(void *arg)
{
	struct copy_ctx *c = arg;

	memcpy_fromio(c->buf, c->io, c->n);
}

static void copy_safe(void *arg)
{
	struct copy_ctx *c = arg;

	if (mr_memcpy_fromio_safe(c->buf, c->io, c->n)) {
		fprintf(stderr, "mr_memcpy_fromio_safe: %s\n", mr_errmsg());
		exit(1);
	}
}

/*
 * A safe copy arms the fault dispatcher (its sigaction() calls) and sets
 * the signal mask around the copy: what that costs next to the copy itself.
 */
static void bench_safe_copies(void)
{
	static const size_t sizes[] = {64, 4096};
	struct copy_ctx c = {0};

	c.io = memremap(PAIR_REGS, 4096, MEMREMAP_DEV);
	if (!c.io) {
		fprintf(stderr, "memremap: %s\n", mr_errmsg());
		exit(1);
	}
	printf("\nmemcpy_fromio from a DEV page, ns per copy (median of 5 runs)\n");
	printf("%-44s %10s %10s\n", "what", "ns/copy", "vs plain");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double plain, safe;

		c.n = sizes[i];
		plain = time_pairs(copy_plain, &c, PAIR_ITERS);
		safe = time_pairs(copy_safe, &c, PAIR_ITERS / 4);
		printf("%-38s %5zu B %10.0f %9.2fx\n", "mr_memcpy_fromio_safe", c.n, safe,
		       safe / plain);
		printf("%-38s %5zu B %10.0f %9.2fx\n", "memcpy_fromio (baseline)", c.n, plain, 1.0);
	}
	memunmap(c.io);
}

static void bench_map_pairs(void)
{
	char path[] = "/tmp/memremap-bench-XXXXXX", spec[64];
	struct pair_ctx ram = {.phys = PAIR_RAM, .flags = MEMREMAP_WB};
	struct pair_ctx dev = {.phys = PAIR_REGS, .flags = MEMREMAP_DEV};
	struct pair_ctx raw = {.phys = PAIR_REGS};
	struct mr_machine *m;
	double t_ram, t_dev, t_devmem, t_mmap;
	int fd = mkstemp(path);

	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	snprintf(spec, sizeof(spec), "sim,mem=%s", path);
	if (mr_machine_open(&m, spec)) {
		fprintf(stderr, "%s\n", mr_errmsg());
		exit(1);
	}
	mr_machine_use(m);
	raw.fd = fd;
	raw.path = path;
	t_ram = time_pairs(pair_memremap, &ram, PAIR_ITERS);
	t_dev = time_pairs(pair_memremap, &dev, PAIR_ITERS / 4);
	t_devmem = time_pairs(pair_devmem, &raw, PAIR_ITERS / 4);
	t_mmap = time_pairs(pair_mmap, &raw, PAIR_ITERS / 4);
	printf("\nmap + unmap of one page, ns per pair (median of 5 runs), sim machine\n");
	printf("%-44s %10s %10s\n", "what", "ns/pair", "vs mmap");
	printf("%-44s %10.0f %9.2fx\n", "memremap+memunmap, RAM WB (direct map)", t_ram,
	       t_ram / t_mmap);
	printf("%-44s %10.0f %9.2fx\n", "memremap+memunmap, device DEV (new mapping)", t_dev,
	       t_dev / t_mmap);
	printf("%-44s %10.0f %9.2fx\n", "open+mmap+munmap+close (devmem tools)", t_devmem,
	       t_devmem / t_mmap);
	printf("%-44s %10.0f %9.2fx\n", "raw mmap+munmap (baseline)", t_mmap, 1.0);
	bench_safe_copies();
	mr_machine_use(NULL);
	mr_machine_close(m);
	close(fd);
	unlink(path);
}

int main(void)
{
	int ret = 0;

	ret |= bench_region_intersects();
	bench_map_pairs();
	return ret ? 1 : 0;
}
