// SPDX-License-Identifier: MIT
/*
 * Device models and traces, two tables (ratios from this one run):
 *
 * 1. A trapped access: readl() of the edu model's identification register
 *    (fault, table lookup, decode from the cache, model, register write
 *    back) against a bare fault-and-return round trip on the same kind of
 *    page (a SIGSEGV handler that only steps over the 2-byte load: the
 *    kernel's delivery and sigreturn, which every trap pays), and against
 *    an untrapped readl() on a sim mapping. Goal: at most 1.5x the bare
 *    round trip.
 * 2. The accessors' fast path: readl()/writel() as they are now (one
 *    branch on mr_trace_on) against the raw access they were before (the
 *    same instruction without the branch), and with a trace recorded to a
 *    file (what the linux machine's accessors do under MEMREMAP_TRACE).
 *    Goals: within 2% with tracing off, under 100 ns an access with it on.
 *
 * Usage: bench/devices [-n ROUNDS]. x86-64 only for the bare round trip
 * (it steps over an instruction of known length); the rest anywhere.
 * Times are this thread's CPU time (kernel time included: the faults'),
 * the median of the rounds.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <memremap/io.h>
#include <memremap/sim.h>

#include "mr_memremap.h"

#define EDU 0xfea00000ULL

/*
 * This thread's CPU time, user and kernel: the build machine is shared, and
 * wall time there measures the other jobs as much as this one.
 */
static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median over @rounds of ns per call of @fn(@n). */
static double measure(void (*fn)(volatile void *, long), volatile void *p, long n, int rounds)
{
	double t[64];

	if (rounds > 64)
		rounds = 64;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();

		fn(p, n);
		t[r] = (now_ns() - t0) / (double)n;
	}
	qsort(t, (size_t)rounds, sizeof(t[0]), cmp_double);
	return t[rounds / 2];
}

static volatile uint32_t sink;

static void loop_readl(volatile void *p, long n)
{
	for (long i = 0; i < n; i++)
		sink = readl(p);
}

static void loop_writel(volatile void *p, long n)
{
	for (long i = 0; i < n; i++)
		writel((uint32_t)i, p);
}

/* What readl() was before the trace branch: the raw access and its barrier. */
static void loop_raw_readl(volatile void *p, long n)
{
	for (long i = 0; i < n; i++) {
		sink = __raw_readl(p);
		__asm__ __volatile__("" ::: "memory");
	}
}

static void loop_raw_writel(volatile void *p, long n)
{
	for (long i = 0; i < n; i++) {
		__asm__ __volatile__("" ::: "memory");
		__raw_writel((uint32_t)i, p);
	}
}

#if defined(__x86_64__)
/* The bare round trip: the fault, a handler that steps over `mov (%rdi),%eax`, sigreturn. */
static void bare_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si;
	((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP] += 2;
}

static void loop_bare(volatile void *p, long n)
{
	for (long i = 0; i < n; i++) {
		uint32_t v;

		__asm__ __volatile__("mov (%%rdi), %%eax" : "=a"(v) : "D"(p) : "memory");
		sink = v;
	}
}
#endif

static void row(const char *what, double ns, double base, const char *vs)
{
	printf("%-46s %10.1f ns %8.2fx  %s\n", what, ns, ns / base, vs);
}

int main(int argc, char **argv)
{
	int rounds = 9;
	struct mr_machine *m;
	void *edu, *plain;
	double trapped, untrapped, raw_r, raw_w, acc_r, acc_w, tr_r, tr_w, null_r;
	char path[] = "/tmp/mr-bench-trace-XXXXXX";
	int fd;

	if (argc == 3 && !strcmp(argv[1], "-n"))
		rounds = atoi(argv[2]) > 0 ? atoi(argv[2]) : rounds;
	if (mr_machine_open(&m, "sim,device=edu@0xfea00000")) {
		fprintf(stderr, "devices: %s\n", mr_errmsg());
		return 1;
	}
	mr_machine_use(m);
	edu = memremap(EDU, 4096, MEMREMAP_DEV);
	plain = memremap(0xfe000000, 4096, MEMREMAP_DEV);
	if (!edu || !plain) {
		fprintf(stderr, "devices: %s\n", mr_errmsg());
		return 1;
	}

	printf("trapped accesses (median of %d rounds)\n", rounds);
	trapped = measure(loop_readl, edu, 20000, rounds);
	untrapped = measure(loop_readl, plain, 2000000, rounds);
#if defined(__x86_64__)
	{
		struct sigaction sa, old;
		double bare;
		void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = bare_handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSEGV, &sa, &old);
		bare = measure(loop_bare, none, 20000, rounds);
		sigaction(SIGSEGV, &old, NULL);
		munmap(none, 4096);
		row("bare fault-and-return round trip", bare, bare, "(baseline)");
		row("readl() on the edu model (trapped)", trapped, bare,
		    "vs the bare round trip (goal <= 1.5x)");
	}
#else
	row("readl() on the edu model (trapped)", trapped, trapped, "(no bare round trip here)");
#endif
	printf("%-46s %10.1f ns %8.0fx  %s\n", "readl() untrapped, sim mapping", untrapped,
	       trapped / untrapped, "trapped is this many times slower");

	printf("\naccessor fast path (median of %d rounds, a sim mapping: the linux machine's "
	       "path)\n",
	       rounds);
	raw_r = measure(loop_raw_readl, plain, 20000000, rounds);
	acc_r = measure(loop_readl, plain, 20000000, rounds);
	raw_w = measure(loop_raw_writel, plain, 20000000, rounds);
	acc_w = measure(loop_writel, plain, 20000000, rounds);
	fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	if (fd < 0 || mr_trace_start(path)) {
		fprintf(stderr, "devices: cannot trace to %s\n", path);
		return 1;
	}
	tr_r = measure(loop_readl, plain, 200000, rounds);
	tr_w = measure(loop_writel, plain, 200000, rounds);
	mr_trace_stop();
	unlink(path);
	if (mr_trace_start("/dev/null")) {
		fprintf(stderr, "devices: cannot trace to /dev/null\n");
		return 1;
	}
	null_r = measure(loop_readl, plain, 200000, rounds);
	mr_trace_stop();
	row("readl() before the trace branch (raw + barrier)", raw_r, raw_r, "(baseline)");
	row("readl(), tracing off", acc_r, raw_r, "goal <= 1.02x");
	row("readl(), tracing on (to a file)", tr_r, raw_r, "goal < 100 ns");
	row("readl(), tracing on (to /dev/null)", null_r, raw_r,
	    "the record alone, no file system");
	row("writel() before the trace branch", raw_w, raw_w, "(baseline)");
	row("writel(), tracing off", acc_w, raw_w, "goal <= 1.02x");
	row("writel(), tracing on (to a file)", tr_w, raw_w, "goal < 100 ns");
	memunmap(plain);
	memunmap(edu);
	mr_machine_close(m);
	return 0;
}
