// SPDX-License-Identifier: MIT
/*
 * Access traces in the kernel's mmiotrace text format
 * (Documentation/trace/mmiotrace.rst, kernel/trace/trace_mmiotrace.c):
 *
 *   VERSION 20070824
 *   MAP <sec.usec> <map id> <phys> <virt> <len> 0x0 0
 *   R|W <width> <sec.usec> <map id> <phys> <value> <pc> 0
 *   UNMAP <sec.usec> <map id> 0x0 0
 *   MARK <sec.usec> <text>
 *
 * so that a trace recorded here and one the kernel recorded read alike.
 * Lines are written from the fault handler of trapped accesses: everything
 * here is async-signal-safe (no stdio, no allocation, a spin lock that a
 * thread never waits on while it holds it).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <memremap/sim.h>

#include "mr_base.h"

MR_API int mr_trace_on;

static _Atomic int mr__trace_fd = -1;
static struct timespec mr__trace_t0;
static _Atomic unsigned int mr__trace_ids;

/* ---------------------------------------------------------- formatting */

struct mr__line {
	char buf[160];
	size_t n;
};

/*
 * No bounds checks: a line with every number at its widest is under 120
 * bytes; only a MARK's text is cut to fit (mr_trace_mark()).
 */
static void mr__put(struct mr__line *l, const char *s)
{
	while (*s)
		l->buf[l->n++] = *s++;
}

/* Decimal, at least @minw digits: a division by a constant, which is a multiply. */
static void mr__put_dec_w(struct mr__line *l, uint64_t v, unsigned int minw)
{
	char tmp[24];
	unsigned int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i < minw)
		tmp[i++] = '0';
	while (i)
		l->buf[l->n++] = tmp[--i];
}

static void mr__put_dec(struct mr__line *l, uint64_t v)
{
	mr__put_dec_w(l, v, 1);
}

/* 0x and the digits, by nibbles. */
static void mr__put_hex(struct mr__line *l, uint64_t v)
{
	int shift = 0;

	l->buf[l->n++] = '0';
	l->buf[l->n++] = 'x';
	if (v)
		shift = (63 - __builtin_clzll(v)) & ~3;
	for (; shift >= 0; shift -= 4)
		l->buf[l->n++] = "0123456789abcdef"[(v >> shift) & 0xf];
}

/*
 * The time stamp: the CPU's counter where it has one that user space may
 * read (the TSC, arm64's virtual counter), scaled by its rate measured or
 * read when the trace starts; clock_gettime() costs more than the rest of
 * a record.
 */
static uint64_t mr__trace_k0;
static double mr__trace_ns_per_tick;

static uint64_t mr__ticks(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
	uint64_t v;

	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
#else
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000 + (uint64_t)now.tv_nsec;
#endif
}

static inline double mr__ns(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e9 + (double)(b->tv_nsec - a->tv_nsec);
}

/* The counter's rate against CLOCK_MONOTONIC (t0 is the trace's start). */
static void mr__trace_clock_start(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &mr__trace_t0);
	mr__trace_k0 = mr__ticks();
#if defined(__aarch64__)
	{
		uint64_t f;

		__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
		mr__trace_ns_per_tick = f ? 1e9 / (double)f : 1.0;
		(void)t;
	}
#elif defined(__x86_64__)
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while (mr__ns(&mr__trace_t0, &t) < 2e6);
	mr__trace_ns_per_tick = mr__ns(&mr__trace_t0, &t) / (double)(mr__ticks() - mr__trace_k0);
#else
	(void)t;
	mr__trace_ns_per_tick = 1.0;
#endif
}

/* Seconds since the trace started, as the kernel prints them: %u.%06lu. */
static void mr__put_time(struct mr__line *l)
{
	uint64_t k = mr__ticks(), ns;

	ns = k > mr__trace_k0 ? (uint64_t)((double)(k - mr__trace_k0) * mr__trace_ns_per_tick) : 0;
	mr__put_dec(l, ns / 1000000000);
	l->buf[l->n++] = '.';
	mr__put_dec_w(l, (ns % 1000000000) / 1000, 6);
}

/*
 * Lines collect in one buffer, written out when it fills, when a mapping
 * is taken down, when the trace stops, before a fork and at exit: a
 * write() a line would cost far more than the access it records. The
 * buffer is taken with a spin lock; a line made while this thread holds
 * it (a signal handler's access, traced, interrupting the append) goes out
 * by itself instead.
 */
#define MR__TRACE_BUF 65536
static char mr__trace_buf[MR__TRACE_BUF];
static size_t mr__trace_len;
static atomic_flag mr__trace_spin = ATOMIC_FLAG_INIT;
static _Thread_local int mr__trace_inside __attribute__((tls_model("initial-exec")));

static void mr__write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* With the spin lock held. */
static void mr__flush_locked(void)
{
	int fd = atomic_load(&mr__trace_fd);

	if (fd >= 0 && mr__trace_len)
		mr__write_all(fd, mr__trace_buf, mr__trace_len);
	mr__trace_len = 0;
}

static void mr__lock(void)
{
	while (atomic_flag_test_and_set_explicit(&mr__trace_spin, memory_order_acquire))
		;
}

static void mr__unlock(void)
{
	atomic_flag_clear_explicit(&mr__trace_spin, memory_order_release);
}

void mr__trace_flush(void)
{
	if (mr__trace_inside)
		return;
	mr__trace_inside = 1;
	mr__lock();
	mr__flush_locked();
	mr__unlock();
	mr__trace_inside = 0;
}

static void mr__emit(struct mr__line *l)
{
	int fd = atomic_load(&mr__trace_fd);

	l->buf[l->n++] = '\n';
	if (fd < 0)
		return;
	if (mr__trace_inside) {
		mr__write_all(fd, l->buf, l->n);
		return;
	}
	mr__trace_inside = 1;
	mr__lock();
	if (mr__trace_len + l->n > sizeof(mr__trace_buf))
		mr__flush_locked();
	memcpy(mr__trace_buf + mr__trace_len, l->buf, l->n);
	mr__trace_len += l->n;
	mr__unlock();
	mr__trace_inside = 0;
}

/* ------------------------------------------------------------ the records */

unsigned int mr__trace_next_id(void)
{
	return atomic_fetch_add(&mr__trace_ids, 1) + 1;
}

/*
 * A record's start, "TAG [WIDTH ]TIME ID" as mmiotrace writes it. Records
 * are built only once tracing is known to be on: the hot paths pay a test.
 */
static void mr__line_start(struct mr__line *l, const char *tag, unsigned int width, unsigned int id)
{
	l->n = 0;
	mr__put(l, tag);
	if (width) {
		mr__put_dec(l, width);
		mr__put(l, " ");
	}
	mr__put_time(l);
	mr__put(l, " ");
	mr__put_dec(l, id);
}

/* " 0x..." for each of @n values, then @tail; the record is written. */
static void mr__line_end(struct mr__line *l, const uint64_t *v, size_t n, const char *tail)
{
	for (size_t i = 0; i < n; i++) {
		mr__put(l, " ");
		mr__put_hex(l, v[i]);
	}
	mr__put(l, tail);
	mr__emit(l);
}

void mr__trace_rw(bool write, unsigned int width, unsigned int id, uint64_t phys, uint64_t value,
		  uintptr_t pc)
{
	struct mr__line l;
	int saved = errno;

	if (!mr_trace_on)
		return;
	mr__line_start(&l, write ? "W " : "R ", width, id);
	mr__line_end(&l, (const uint64_t[]){phys, value, pc}, 3, " 0");
	errno = saved;
}

void mr__trace_map(unsigned int id, uint64_t phys, uintptr_t virt, size_t len)
{
	struct mr__line l;
	int saved = errno;

	if (!mr_trace_on)
		return;
	mr__line_start(&l, "MAP ", 0, id);
	mr__line_end(&l, (const uint64_t[]){phys, virt, len}, 3, " 0x0 0");
	errno = saved;
}

void mr__trace_unmap(unsigned int id)
{
	struct mr__line l;
	int saved = errno;

	if (!mr_trace_on)
		return;
	mr__line_start(&l, "UNMAP ", 0, id);
	mr__line_end(&l, NULL, 0, " 0x0 0");
	mr__trace_flush();
	errno = saved;
}

void mr_trace_mark(const char *text)
{
	struct mr__line l = {.n = 0};
	int saved = errno;

	if (!mr_trace_on || !text)
		return;
	mr__put(&l, "MARK ");
	mr__put_time(&l);
	mr__put(&l, " ");
	/* One line: a newline in @text would start a record of its own. */
	for (; *text && l.n < sizeof(l.buf) - 2; text++)
		l.buf[l.n++] = (*text == '\n' || *text == '\r') ? ' ' : *text;
	mr__emit(&l);
	errno = saved;
}

/* ---------------------------------------------------------- start, stop */

int mr_trace_start(const char *path)
{
	static const char header[] = "VERSION 20070824\n";
	int fd, old;

	if (!path || !*path)
		return mr__err(EINVAL, "mr_trace_start: no file named");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return mr__err(errno, "cannot open the trace '%s': %s", path, strerror(errno));
	if (write(fd, header, sizeof(header) - 1) != (ssize_t)sizeof(header) - 1) {
		int err = errno ? errno : EIO;

		close(fd);
		return mr__err(err, "cannot write the trace '%s': %s", path, strerror(err));
	}
	mr__trace_flush(); /* what is buffered belongs to the old file */
	mr__trace_clock_start();
	old = atomic_exchange(&mr__trace_fd, fd);
	if (old >= 0)
		close(old);
	__atomic_store_n(&mr_trace_on, 1, __ATOMIC_RELEASE);
	return 0;
}

void mr_trace_stop(void)
{
	int old;

	__atomic_store_n(&mr_trace_on, 0, __ATOMIC_RELEASE);
	mr__trace_flush();
	old = atomic_exchange(&mr__trace_fd, -1);
	if (old >= 0)
		close(old);
}

static void mr__trace_at_exit(void)
{
	mr__trace_flush();
}

/* MEMREMAP_TRACE=FILE: record from the start (a failure is said, not fatal). */
__attribute__((constructor)) static void mr__trace_from_env(void)
{
	const char *path = secure_getenv("MEMREMAP_TRACE");

	atexit(mr__trace_at_exit);
	/* A child would write the parent's buffered lines a second time. */
	pthread_atfork(mr__trace_at_exit, NULL, NULL);
	if (path && *path && mr_trace_start(path))
		mr__log(MR_LOG_WARNING, "MEMREMAP_TRACE: %s", mr_errmsg());
}

/* -------------------------------------------------------------- reading */

struct mr__scan {
	const char *p, *end;
};

static void mr__scan_blank(struct mr__scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
		s->p++;
}

/* One field of digits in @base (16: "0x" first); false when there is none. */
static bool mr__scan_num(struct mr__scan *s, unsigned int base, uint64_t *out)
{
	uint64_t v = 0;
	const char *start;

	mr__scan_blank(s);
	if (base == 16) {
		if (s->end - s->p < 2 || s->p[0] != '0' || (s->p[1] != 'x' && s->p[1] != 'X'))
			return false;
		s->p += 2;
	}
	start = s->p;
	for (; s->p < s->end; s->p++) {
		char c = *s->p;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return s->p > start && (s->p == s->end || *s->p == ' ' || *s->p == '\t' || *s->p == '.');
}

/* "%u.%06lu" */
static bool mr__scan_time(struct mr__scan *s, uint64_t *usec)
{
	uint64_t sec, frac;
	const char *f;

	if (!mr__scan_num(s, 10, &sec) || s->p >= s->end || *s->p != '.')
		return false;
	s->p++;
	f = s->p;
	if (!mr__scan_num(s, 10, &frac) || s->p - f != 6 || sec > UINT64_MAX / 1000000 - 1)
		return false;
	*usec = sec * 1000000 + frac;
	return true;
}

static bool mr__scan_word(struct mr__scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n))
		return false;
	if (s->p + n < s->end && s->p[n] != ' ' && s->p[n] != '\t')
		return false;
	s->p += n;
	return true;
}

static int mr__scan_rw(struct mr__scan *s, struct mr_trace_rec *r)
{
	uint64_t w, id, pid;

	if (!mr__scan_num(s, 10, &w) || !mr__scan_time(s, &r->usec) || !mr__scan_num(s, 10, &id) ||
	    !mr__scan_num(s, 16, &r->phys) || !mr__scan_num(s, 16, &r->value) ||
	    !mr__scan_num(s, 16, &r->pc) || !mr__scan_num(s, 10, &pid))
		return mr__err(EINVAL, "an R or W line needs: width time map-id 0xphys 0xvalue "
				       "0xpc pid");
	if (w != 1 && w != 2 && w != 4 && w != 8)
		return mr__err(EINVAL, "width %" PRIu64 " is not 1, 2, 4 or 8", w);
	if (w < 8 && r->value >> (w * 8))
		return mr__err(EINVAL, "value 0x%" PRIx64 " is wider than %" PRIu64 " bytes",
			       r->value, w);
	r->width = (unsigned int)w;
	r->map_id = (unsigned int)id;
	return 0;
}

int mr_trace_parse_line(const char *line, size_t len, struct mr_trace_rec *rec)
{
	struct mr__scan s = {line, line ? line + len : NULL};
	uint64_t id, zero, pid;
	int ret = 0;

	if (!line || !rec)
		return mr__err(EINVAL, "mr_trace_parse_line: no line or no record");
	while (s.end > s.p && (s.end[-1] == '\n' || s.end[-1] == '\r'))
		s.end--;
	memset(rec, 0, sizeof(*rec));
	mr__scan_blank(&s);
	if (s.p == s.end || *s.p == '#' || mr__scan_word(&s, "VERSION") ||
	    mr__scan_word(&s, "PCIDEV") || mr__scan_word(&s, "UNKNOWN"))
		return 1;
	if (mr__scan_word(&s, "R") || mr__scan_word(&s, "W")) {
		rec->kind = s.p[-1] == 'R' ? MR_TRACE_READ : MR_TRACE_WRITE;
		ret = mr__scan_rw(&s, rec);
	} else if (mr__scan_word(&s, "MAP")) {
		rec->kind = MR_TRACE_MAP;
		if (!mr__scan_time(&s, &rec->usec) || !mr__scan_num(&s, 10, &id) ||
		    !mr__scan_num(&s, 16, &rec->phys) || !mr__scan_num(&s, 16, &rec->virt) ||
		    !mr__scan_num(&s, 16, &rec->len) || !mr__scan_num(&s, 16, &zero) ||
		    !mr__scan_num(&s, 10, &pid))
			return mr__err(EINVAL, "a MAP line needs: time map-id 0xphys 0xvirt 0xlen "
					       "0x0 pid");
		rec->map_id = (unsigned int)id;
	} else if (mr__scan_word(&s, "UNMAP")) {
		rec->kind = MR_TRACE_UNMAP;
		if (!mr__scan_time(&s, &rec->usec) || !mr__scan_num(&s, 10, &id) ||
		    !mr__scan_num(&s, 16, &zero) || !mr__scan_num(&s, 10, &pid))
			return mr__err(EINVAL, "an UNMAP line needs: time map-id 0x0 pid");
		rec->map_id = (unsigned int)id;
	} else if (mr__scan_word(&s, "MARK")) {
		rec->kind = MR_TRACE_MARK;
		if (!mr__scan_time(&s, &rec->usec))
			return mr__err(EINVAL, "a MARK line needs a time");
		mr__scan_blank(&s);
		rec->text = s.p;
		rec->text_len = (size_t)(s.end - s.p);
		return 0;
	} else {
		return mr__err(EINVAL, "not an mmiotrace line (R, W, MAP, UNMAP, MARK)");
	}
	if (ret)
		return ret;
	mr__scan_blank(&s);
	if (s.p != s.end)
		return mr__err(EINVAL, "junk at the end of the line");
	return 0;
}
