// SPDX-License-Identifier: MIT
/*
 * How the library's calls scale across threads: operations per second with
 * 1, 2, ... threads (up to the cores this machine has, at least 2), each
 * thread on ranges of its own, and the scaling ratio (N threads over 1).
 * Beside them, in the same run: a bare pthread read-write lock taken for
 * reading (what the read paths cost before: its cache line is shared), and
 * raw mmap+munmap pairs, whose own scaling the kernel's mmap lock limits
 * and which new mappings can only follow.
 *
 * This machine is shared and its speed drifts from one second to the next
 * (other guests, frequency): a ratio of two figures taken seconds apart
 * says as much about the drift as about the library. So each operation is
 * measured in rounds, every thread count once a round, side by side in
 * time; a thread count's figure is its median over the rounds, and the
 * scaling is the median of the rounds' own ratios, shown with their range.
 *
 *   scale [-t MS] [-r ROUNDS]   MS: milliseconds per measurement (100)
 *                               ROUNDS: rounds per operation (5)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <memremap.h>

#define RAM	    0x100000ULL
#define REGS	    0xfe000000ULL
#define FB	    0xe0000000ULL
#define MAX_THREADS 16

struct op {
	const char *name;
	void (*setup)(int id);
	void (*run)(int id, unsigned long i);
	void (*teardown)(int id);
};

static unsigned int ms = 100, rounds = 5;
#define MAX_ROUNDS 99
static atomic_int go, stop;
static pthread_rwlock_t bare = PTHREAD_RWLOCK_INITIALIZER;
static void *held[MAX_THREADS];
/* Each thread's own: one shared counter would be the cache line every thread fights over. */
static _Thread_local volatile int sink;

/* ---------------------------------------------------------- operations */

static void op_none(int id)
{
	(void)id;
}

/* Plain computation: how far this machine's cores scale at all (the ceiling). */
static void op_compute(int id, unsigned long i)
{
	unsigned long x = i + (unsigned long)id;

	for (int k = 0; k < 16; k++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	sink += (int)(x >> 60);
}

static void op_bare_rwlock(int id, unsigned long i)
{
	(void)id;
	(void)i;
	pthread_rwlock_rdlock(&bare);
	sink++;
	pthread_rwlock_unlock(&bare);
}

static void op_region_intersects(int id, unsigned long i)
{
	uint64_t at = (uint64_t)id * 0x1000000 + (i & 0xff) * 0x1000;

	sink += region_intersects(RAM + at, 0x2000, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE);
}

static void op_ram_pair(int id, unsigned long i)
{
	void *p =
		memremap(RAM + (uint64_t)id * 0x1000000 + (i & 0xff) * 0x1000, 0x1000, MEMREMAP_WB);

	if (!p)
		abort();
	memunmap(p);
}

static void op_dev_pair(int id, unsigned long i)
{
	void *p = memremap(FB + (uint64_t)id * 0x100000 + (i & 0xf) * 0x1000, 0x1000, MEMREMAP_DEV);

	if (!p)
		abort();
	memunmap(p);
}

static void op_mmap_pair(int id, unsigned long i)
{
	void *p = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	(void)id;
	(void)i;
	if (p == MAP_FAILED)
		abort();
	munmap(p, 0x1000);
}

static void info_setup(int id)
{
	held[id] = memremap(REGS + (uint64_t)id * 0x1000, 0x1000, MEMREMAP_WC);
	if (!held[id])
		abort();
}

static void info_teardown(int id)
{
	memunmap(held[id]);
}

static void op_mapping_info(int id, unsigned long i)
{
	struct mr_mapping_info info;

	(void)i;
	if (mr_mapping_info((char *)held[id] + 8, &info))
		abort();
	sink += (int)info.type;
}

static const struct op ops[] = {
	{"plain computation (the ceiling)", op_none, op_compute, op_none},
	{"bare pthread rwlock, read (before)", op_none, op_bare_rwlock, op_none},
	{"region_intersects", op_none, op_region_intersects, op_none},
	{"memremap+memunmap RAM WB (direct)", op_none, op_ram_pair, op_none},
	{"mr_mapping_info", info_setup, op_mapping_info, info_teardown},
	{"memremap+memunmap DEV (new mapping)", op_none, op_dev_pair, op_none},
	{"raw mmap+munmap (kernel's own)", op_none, op_mmap_pair, op_none},
};

/* ---------------------------------------------------------- measuring */

struct worker {
	const struct op *op;
	int id;
	unsigned long done;
	pthread_t t;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned long i = 0;

	w->op->setup(w->id);
	while (!atomic_load(&go))
		;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		w->op->run(w->id, i++);
	w->done = i;
	w->op->teardown(w->id);
	return NULL;
}

/* Operations per second of @op on @n threads at once. */
static double measure(const struct op *op, int n)
{
	struct worker w[MAX_THREADS];
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	unsigned long total = 0;
	int i;

	atomic_store(&go, 0);
	atomic_store(&stop, 0);
	for (i = 0; i < n; i++) {
		w[i] = (struct worker){.op = op, .id = i};
		if (pthread_create(&w[i].t, NULL, worker_main, &w[i]))
			abort();
	}
	atomic_store(&go, 1);
	nanosleep(&ts, NULL);
	atomic_store(&stop, 1);
	for (i = 0; i < n; i++) {
		pthread_join(w[i].t, NULL);
		total += w[i].done;
	}
	return (double)total * 1000.0 / ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Measure @op on 1..@nmax threads, @rounds times in turn; print the median
 * figures and the median, lowest and highest ratio of @nmax threads over 1.
 */
static double measure_op(const struct op *op, int nmax)
{
	static double ops_s[MAX_THREADS + 1][MAX_ROUNDS], ratio[MAX_ROUNDS];
	double lo, hi, mid;

	for (unsigned int r = 0; r < rounds; r++) {
		for (int n = 1; n <= nmax; n++)
			ops_s[n][r] = measure(op, n);
		ratio[r] = ops_s[nmax][r] / ops_s[1][r];
	}
	for (int n = 1; n <= nmax; n++)
		printf(" %11.0f", median(ops_s[n], rounds));
	mid = median(ratio, rounds);
	lo = ratio[0];
	hi = ratio[rounds - 1];
	printf("  %7.2fx  %.2f-%.2f\n", mid, lo, hi);
	return mid;
}

static int parse_args(int argc, char **argv)
{
	int opt, v;

	while ((opt = getopt(argc, argv, "t:r:h")) != -1) {
		v = optarg ? atoi(optarg) : 0;
		if (opt == 't' && v > 0)
			ms = (unsigned int)v;
		else if (opt == 'r' && v > 0 && v <= MAX_ROUNDS)
			rounds = (unsigned int)v;
		else
			goto usage;
	}
	if (optind == argc)
		return 0;
usage:
	fprintf(stderr,
		"usage: scale [-t MS] [-r ROUNDS]\n"
		"  -t MS      milliseconds per measurement (default 100)\n"
		"  -r ROUNDS  rounds per operation, 1-%d (default 5)\n",
		MAX_ROUNDS);
	return opt == 'h' ? 1 : 2;
}

int main(int argc, char **argv)
{
	struct mr_machine *m;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nmax = cores < 2 ? 2 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
	double scale_mmap = 0, scale_dev = 0, s;
	int ret = parse_args(argc, argv);

	if (ret)
		return ret == 1 ? 0 : ret;
	/* RAM up to 2 GiB in the built-in map: 16 MiB for each thread is plenty. */
	if (mr_machine_open(&m, "sim")) {
		fprintf(stderr, "%s\n", mr_errmsg());
		return 1;
	}
	mr_machine_use(m);
	printf("operations per second by thread count (sim machine, %ld cores; median of %u "
	       "rounds of %u ms)\n",
	       cores, rounds, ms);
	printf("%-38s", "operation");
	for (int n = 1; n <= nmax; n++)
		printf(" %11d", n);
	printf("  %8s  %s\n", "scaling", "range");
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		printf("%-38s", ops[k].name);
		fflush(stdout);
		s = measure_op(&ops[k], nmax);
		if (!strncmp(ops[k].name, "raw mmap", 8))
			scale_mmap = s;
		if (strstr(ops[k].name, "new mapping"))
			scale_dev = s;
	}
	printf("\nnew mappings scale %.2fx where raw mmap+munmap scales %.2fx: %.2f of the "
	       "kernel's own\n",
	       scale_dev, scale_mmap, scale_dev / scale_mmap);
	mr_machine_use(NULL);
	mr_machine_close(m);
	return 0;
}
