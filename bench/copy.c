/* SPDX-License-Identifier: MIT */
/*
 * copy - GB/s of the copies of <memremap/io.h> against glibc's memcpy, from
 * 4 KiB to 64 MiB (and on to twice the last-level cache when that is
 * larger), on every copy path this CPU runs.
 *
 * Buffers are ordinary malloc'd memory (write-back), so the numbers say
 * what each routine costs in instructions and cache traffic, not what a
 * device would do: on real WC or UC memory the streaming routines win by
 * far more. Each cell is the median of many timed runs; the ratio is to
 * memcpy at the same size, measured in alternation with it.
 *
 * The last rows copy to and from a WC mapping of the simulated machine, and
 * with -b to and from a real PCI BAR of this machine (the linux machine,
 * as root): memremap(PHYS) as DEV (resourceN) and as WC (resourceN_wc).
 * The baseline stays memcpy between malloc'd buffers: glibc's memcpy is
 * no copy for device memory (it faults on arm64's Device memory).
 *
 * Usage: copy [-n SAMPLES] [-M MAX_MIB] [-s SAMPLE_MIB] [-b PHYS]
 *   -M  the largest size (default 64 MiB, and at least twice the LLC)
 *   -s  MiB moved per timed sample (default 32)
 *   -b  a prefetchable BAR's physical address: -M MiB from there are mapped
 *       DEV, the next -M MiB WC
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gnu/libc-version.h>

#include <memremap.h>
#include <memremap/io.h>

#include "copy.h"

#define MAX_SIZES 16
#define MAX_ROWS  32
/* Bytes moved per timed sample, at least (-s). */
static size_t sample_bytes = (size_t)32 << 20;

typedef void (*copy_fn)(void *dst, const void *src, size_t n);

struct row {
	char name[40];
	const char *path; /* the copy path to select first, or NULL */
	copy_fn fn;
	double gbs[MAX_SIZES];
	double ratio[MAX_SIZES];
	double base_gbs[MAX_SIZES]; /* memcpy's, measured next to this row */
	void *dst;		    /* instead of the malloc'd buffers, or NULL */
	const void *src;
	size_t max; /* the largest size that fits dst or src */
};

/* Called through a volatile pointer: the compiler may not drop or inline it. */
static void *(*volatile glibc_memcpy)(void *, const void *, size_t) = memcpy;

static void run_memcpy(void *d, const void *s, size_t n)
{
	glibc_memcpy(d, s, n);
}

static void run_toio(void *d, const void *s, size_t n)
{
	memcpy_toio(d, s, n);
}

static void run_fromio(void *d, const void *s, size_t n)
{
	memcpy_fromio(d, s, n);
}

static void run_setio(void *d, const void *s, size_t n)
{
	(void)s;
	memset_io(d, 0x5a, n);
}

static void run_writel(void *d, const void *s, size_t n)
{
	const uint32_t *src = s;
	uint8_t *dst = d;

	for (size_t i = 0; i < n / 4; i++)
		writel(src[i], dst + 4 * i);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Seconds for @reps copies. */
static double timed(copy_fn fn, void *d, const void *s, size_t n, size_t reps)
{
	double t0 = now();

	for (size_t r = 0; r < reps; r++)
		fn(d, s, n);
	return now() - t0;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/*
 * Samples of @fn alternate with samples of memcpy, so that the machine
 * drifting (frequency, neighbours on a shared host) moves both alike; the
 * ratio is the median of the pairs' ratios.
 */
static void measure(struct row *r, int col, size_t n, void *d, const void *s, int samples)
{
	size_t reps = sample_bytes / n ? sample_bytes / n : 1;
	double t[64], tb[64], ratio[64];
	void *fd = r->dst ? r->dst : d;
	const void *fs = r->src ? r->src : s;

	run_memcpy(d, s, n); /* warm: page tables, caches, the path's first call */
	r->fn(fd, fs, n);
	for (int i = 0; i < samples; i++) {
		tb[i] = timed(run_memcpy, d, s, n, reps);
		t[i] = timed(r->fn, fd, fs, n, reps);
		ratio[i] = tb[i] / t[i];
	}
	r->gbs[col] = (double)n * (double)reps / median(t, samples) / 1e9;
	r->ratio[col] = median(ratio, samples);
	r->base_gbs[col] = (double)n * (double)reps / median(tb, samples) / 1e9;
}

static const char *human(size_t n, char *buf, size_t len)
{
	if (n >= (1u << 20))
		snprintf(buf, len, "%zuM", n >> 20);
	else
		snprintf(buf, len, "%zuK", n >> 10);
	return buf;
}

static void add(struct row *rows, int *nrows, const char *name, const char *path, copy_fn fn)
{
	struct row *r = &rows[(*nrows)++];

	snprintf(r->name, sizeof(r->name), "%s%s%s", name, path ? "/" : "", path ? path : "");
	r->path = path;
	r->fn = fn;
	r->max = SIZE_MAX;
}

/*
 * mr_memcpy_io() to and from a WC mapping of the simulated machine: the
 * sim maps ordinary memory, so this shows the cost of the lookup and of
 * the routine chosen, not of a real write-combining bus.
 */
static void add_sim_rows(struct row *rows, int *n, struct mr_machine **m)
{
	const uint64_t fb = 0xe0000000; /* the default sim map's 16 MiB BAR */
	const size_t len = 16 << 20;
	void *wc;

	if (mr_machine_open(m, "sim")) {
		printf("sim machine: %s: no sim rows\n", mr_errmsg());
		return;
	}
	mr_machine_use(*m);
	wc = memremap(fb, len, MEMREMAP_WC);
	if (!wc) {
		printf("sim WC mapping: %s: no sim rows\n", mr_errmsg());
		return;
	}
	add(rows, n, "mr_memcpy_io to sim WC", NULL, mr_memcpy_io);
	rows[*n - 1].dst = wc;
	rows[*n - 1].max = len;
	add(rows, n, "mr_memcpy_io from sim WC", NULL, mr_memcpy_io);
	rows[*n - 1].src = wc;
	rows[*n - 1].max = len;
}

/* The two mappings of the BAR (-b), DEV and WC, unmapped at the end. */
static void *bar_map[2];

/*
 * The copies to and from a real BAR at @phys, @len bytes: through
 * resourceN (DEV: UC- on x86, Device-nGnRE on arm64) and resourceN_wc (WC:
 * Normal-NC on arm64).
 */
static void add_bar_rows(struct row *rows, int *n, struct mr_machine **m, uint64_t phys, size_t len)
{
	static const struct {
		const char *name;
		unsigned long type;
		bool to;
		copy_fn fn;
	} bar_rows[] = {
		{"memcpy_toio to BAR DEV", MEMREMAP_DEV, true, run_toio},
		{"memset_io BAR DEV", MEMREMAP_DEV, true, run_setio},
		{"memcpy_fromio BAR DEV", MEMREMAP_DEV, false, run_fromio},
		{"writel loop to BAR DEV", MEMREMAP_DEV, true, run_writel},
		{"mr_memcpy_to_wc BAR WC", MEMREMAP_WC, true, mr_memcpy_to_wc},
		{"mr_memcpy_from_wc BAR WC", MEMREMAP_WC, false, mr_memcpy_from_wc},
		{"mr_memcpy_io to BAR WC", MEMREMAP_WC, true, mr_memcpy_io},
		{"mr_memcpy_io from BAR DEV", MEMREMAP_DEV, false, mr_memcpy_io},
	};
	struct mr_mapping_info info;
	void **map = bar_map;

	if (!*m && mr_machine_open(m, "linux")) {
		printf("linux machine: %s: no BAR rows\n", mr_errmsg());
		return;
	}
	mr_machine_use(*m);
	for (int i = 0; i < 2; i++) {
		/* Apart: a second type over the same pages would inherit the first. */
		map[i] = memremap(phys + i * len, len, i ? MEMREMAP_WC : MEMREMAP_DEV);
		if (!map[i] || mr_mapping_info(map[i], &info)) {
			printf("BAR at %#llx: %s: no BAR rows\n",
			       (unsigned long long)(phys + i * len), mr_errmsg());
			return;
		}
		printf("BAR %s: %s via %s\n", i ? "WC" : "DEV", mr_type_name(info.type), info.how);
	}
	for (size_t i = 0; i < sizeof(bar_rows) / sizeof(bar_rows[0]) && *n < MAX_ROWS; i++) {
		void *bar = map[bar_rows[i].type == MEMREMAP_WC];

		add(rows, n, bar_rows[i].name, NULL, bar_rows[i].fn);
		rows[*n - 1].dst = bar_rows[i].to ? bar : NULL;
		rows[*n - 1].src = bar_rows[i].to ? NULL : bar;
		rows[*n - 1].max = len;
	}
}

/* Rows: memcpy, then each routine on each path this CPU runs. */
static int make_rows(struct row *rows, struct mr_machine **m, uint64_t bar, size_t bar_len)
{
	const char *best = mr_copy_path();
	int n = 0;

	add(rows, &n, "memcpy (glibc)", NULL, run_memcpy);
	for (size_t i = 0; i < mr__copy_path_count() && n + 3 < MAX_ROWS; i++) {
		bool ok;
		const char *p = mr__copy_path_name(i, &ok);

		if (!ok) {
			printf("path %s: not on this CPU, not measured\n", p);
			continue;
		}
		add(rows, &n, "memcpy_toio", p, run_toio);
		add(rows, &n, "mr_memcpy_to_wc", p, mr_memcpy_to_wc);
		add(rows, &n, "mr_memcpy_from_wc", p, mr_memcpy_from_wc);
	}
	add(rows, &n, "memcpy_fromio", best, run_fromio);
	add(rows, &n, "mr_memcpy_flushcache", best, mr_memcpy_flushcache);
	add(rows, &n, "writel loop", NULL, run_writel);
	if (bar)
		add_bar_rows(rows, &n, m, bar, bar_len);
	else
		add_sim_rows(rows, &n, m);
	return n;
}

static void print_table(const struct row *rows, int nrows, const size_t *sizes, int nsizes)
{
	char buf[16];

	printf("\n%-28s", "GB/s (ratio to memcpy)");
	for (int j = 0; j < nsizes; j++)
		printf(" %12s", human(sizes[j], buf, sizeof(buf)));
	printf("\n");
	for (int i = 0; i < nrows; i++) {
		printf("%-28s", rows[i].name);
		for (int j = 0; j < nsizes; j++) {
			if (sizes[j] > rows[i].max)
				printf(" %12s", "-");
			else if (i == 0)
				printf(" %12.1f", rows[i].gbs[j]);
			else
				printf(" %6.1f %4.2fx", rows[i].gbs[j], rows[i].ratio[j]);
		}
		printf("\n");
	}
}

/* The worst ratio to memcpy of row @name over the sizes in [from, to). */
static double worst(const struct row *rows, int nrows, const char *name, const size_t *sizes,
		    int nsizes, size_t from, size_t to)
{
	double w = 1e9;

	for (int i = 1; i < nrows; i++) {
		if (strcmp(rows[i].name, name))
			continue;
		for (int j = 0; j < nsizes; j++)
			if (sizes[j] >= from && sizes[j] < to && rows[i].ratio[j] < w)
				w = rows[i].ratio[j];
	}
	return w;
}

/* The targets hold for the path a program gets by default. */
static void print_targets(const struct row *rows, int nrows, const size_t *sizes, int nsizes,
			  size_t llc)
{
	char toio_row[64], wc_row[64];
	double toio, nt;

	snprintf(toio_row, sizeof(toio_row), "memcpy_toio/%s", mr_copy_path());
	snprintf(wc_row, sizeof(wc_row), "mr_memcpy_to_wc/%s", mr_copy_path());
	toio = worst(rows, nrows, toio_row, sizes, nsizes, 64 << 10, SIZE_MAX);
	nt = worst(rows, nrows, wc_row, sizes, nsizes, llc + 1, SIZE_MAX);
	printf("\ntargets, on the default path %s (not a test):\n", mr_copy_path());
	printf("  memcpy_toio >= 0.95x memcpy from 64K:        worst %.2fx  %s\n", toio,
	       toio >= 0.95 ? "met" : "MISSED");
	if (nt > 1e8)
		printf("  streaming stores >= 1.0x above the LLC:      no size above the LLC\n");
	else
		printf("  streaming stores >= 1.0x above the LLC (%zuM): worst %.2fx  %s\n",
		       llc >> 20, nt, nt >= 1.0 ? "met" : "MISSED");
}

int main(int argc, char **argv)
{
	static struct row rows[MAX_ROWS];
	size_t sizes[MAX_SIZES], max = (size_t)64 << 20, llc = mr__llc_size();
	double base[MAX_ROWS];
	struct mr_machine *m = NULL;
	uint64_t bar = 0;
	char best[16];
	int samples = 11, nsizes = 0, nrows, opt;
	bool max_given = false;
	cpu_set_t one;

	while ((opt = getopt(argc, argv, "n:M:s:b:")) != -1) {
		if (opt == 'n') {
			samples = atoi(optarg);
		} else if (opt == 'M') {
			max = (size_t)atoi(optarg) << 20;
			max_given = true;
		} else if (opt == 's') {
			sample_bytes = (size_t)atoi(optarg) << 20;
		} else if (opt == 'b') {
			bar = strtoull(optarg, NULL, 0);
		} else {
			fprintf(stderr,
				"usage: %s [-n SAMPLES] [-M MAX_MIB] [-s SAMPLE_MIB] [-b PHYS]\n",
				argv[0]);
			return 2;
		}
	}
	if (samples < 1 || samples > 64)
		samples = 11;
	if (max < 4096 || !sample_bytes) {
		fprintf(stderr, "%s: -M and -s take at least 1 (MiB)\n", argv[0]);
		return 2;
	}
	while (!max_given && max < 2 * llc)
		max *= 4;
	for (size_t n = 4096; n <= max && nsizes < MAX_SIZES; n *= 4)
		sizes[nsizes++] = n;
	/* One CPU: no migration between the samples of one cell. */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	sched_setaffinity(0, sizeof(one), &one);

	snprintf(best, sizeof(best), "%s", mr_copy_path());
	printf("libmemremap copy benchmark: glibc %s, copy path %s, flush %s, LLC %zu KiB, "
	       "%d samples a cell (median)\n",
	       gnu_get_libc_version(), mr_copy_path(), mr_flush_path(), llc >> 10, samples);
	nrows = make_rows(rows, &m, bar, max);
	uint8_t *src = aligned_alloc(4096, max), *dst = aligned_alloc(4096, max);
	if (!src || !dst)
		return perror("aligned_alloc"), 1;
	memset(src, 0x5a, max);
	memset(dst, 0xa5, max);
	for (int j = 0; j < nsizes; j++) {
		int nb = 0;

		for (int i = 1; i < nrows; i++) {
			if (sizes[j] > rows[i].max)
				continue;
			mr__copy_select(rows[i].path ? rows[i].path : best);
			measure(&rows[i], j, sizes[j], dst, src, samples);
			base[nb++] = rows[i].base_gbs[j];
		}
		rows[0].gbs[j] = median(base, nb);
		fprintf(stderr, ".");
	}
	fprintf(stderr, "\n");
	mr__copy_select(best);
	print_table(rows, nrows, sizes, nsizes);
	print_targets(rows, nrows, sizes, nsizes, llc);
	free(src);
	free(dst);
	/* The sim rows share one WC mapping: the "to" row holds it as dst. */
	for (int i = 0; i < nrows && !bar; i++)
		if (rows[i].dst && rows[i].fn == mr_memcpy_io)
			memunmap(rows[i].dst);
	for (int i = 0; i < 2; i++)
		memunmap(bar_map[i]);
	mr_machine_use(NULL);
	mr_machine_close(m);
	return 0;
}
