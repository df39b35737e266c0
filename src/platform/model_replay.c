// SPDX-License-Identifier: MIT
/*
 * The `trace` model (`device=trace:FILE@ADDR`): a device that answers as a
 * recording says. FILE is an mmiotrace text (MEMREMAP_TRACE's, or the
 * kernel's). Its R and W lines inside the recorded mapping are replayed in
 * order: a read answers the value the device gave, a write is checked
 * against the value the driver wrote then. The first access that differs
 * (another register, width, direction, or written value) is the
 * divergence: reported once on stderr and by mr_sim_replay_check() with
 * its index (from 0, among the R and W lines of FILE), address, expected
 * and actual access; after it, each access takes the next record of the
 * same register, so that the driver runs to its end.
 *
 * Polling is timing, not behaviour: a read that repeats the read before it
 * (same register, same answer) may be made fewer or more times than in the
 * recording. Addresses are replayed relative to the recorded mapping
 * (the MAP line that holds the first access, or else the page of the
 * lowest address), so ADDR may differ from where it was recorded.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <memremap/sim.h>

#include "mr_platform.h"

#define REPLAY_FILE_MAX (256UL << 20)

struct replay_rec {
	uint64_t off, value;
	size_t index; /* among the file's R and W lines */
	uint8_t width;
	char op;
};

struct replay {
	struct replay_rec *rec;
	size_t n, next;
	uint64_t base; /* recorded physical address of offset 0 */
	uint64_t size;
	bool diverged;
	size_t div_index;
	char msg[320];
	char *file;
};

/* Where offset 0 was, and how long the recorded window is. */
struct replay_scan {
	bool have_rw, have_map;
	uint64_t first_phys, lo, hi;
	uint64_t map_phys, map_len;
};

static int replay_lines(const char *text, size_t len,
			int (*fn)(void *arg, const struct mr_trace_rec *r, size_t line), void *arg)
{
	const char *p = text, *end = text + len;
	size_t line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct mr_trace_rec r;
		int ret = mr_trace_parse_line(p, n, &r);

		line++;
		if (ret < 0)
			return mr__err(EINVAL, "line %zu: %s", line, mr_errmsg());
		if (!ret) {
			ret = fn(arg, &r, line);
			if (ret)
				return ret;
		}
		p += n + (nl != NULL);
	}
	return 0;
}

static int replay_scan_cb(void *arg, const struct mr_trace_rec *r, size_t line)
{
	struct replay_scan *s = arg;

	(void)line;
	if (r->kind == MR_TRACE_MAP && !s->have_map) {
		s->map_phys = r->phys;
		s->map_len = r->len;
		s->have_map = !s->have_rw ||
			      (s->first_phys >= r->phys && s->first_phys - r->phys < r->len);
	}
	if (r->kind != MR_TRACE_READ && r->kind != MR_TRACE_WRITE)
		return 0;
	if (!s->have_rw) {
		s->first_phys = s->lo = r->phys;
		s->hi = r->phys + r->width;
		s->have_rw = true;
		/* the MAP seen so far must hold it */
		if (s->have_map && !(r->phys >= s->map_phys && r->phys - s->map_phys < s->map_len))
			s->have_map = false;
	}
	if (r->phys < s->lo)
		s->lo = r->phys;
	if (r->phys + r->width > s->hi)
		s->hi = r->phys + r->width;
	return 0;
}

static int replay_read_file(const char *path, char **text, size_t *len)
{
	int ret;

	if (!path || !*path)
		return mr__err(EINVAL, "trace: no file named (trace:FILE@ADDR)");
	ret = mr__slurp(path, REPLAY_FILE_MAX, 0, text, len);
	if (ret)
		return mr__err(-ret, "trace: cannot read '%s': %s", path, strerror(-ret));
	return 0;
}

/* The window: the recorded MAP's, or the pages of the accesses. */
static int replay_window(const char *text, size_t len, uint64_t *base, uint64_t *size)
{
	struct replay_scan s = {0};
	int ret = replay_lines(text, len, replay_scan_cb, &s);

	if (ret)
		return ret;
	if (!s.have_rw)
		return mr__err(EINVAL, "trace: no R or W line to replay");
	if (s.have_map) {
		*base = s.map_phys;
		*size = s.map_len;
	} else {
		*base = s.lo & MR__PAGE_MASK;
		*size = s.hi - *base;
	}
	return 0;
}

static uint64_t replay_size(const char *arg)
{
	uint64_t base, size;
	char *text;
	size_t len;

	if (replay_read_file(arg, &text, &len))
		return 0;
	if (replay_window(text, len, &base, &size))
		size = 0;
	mr__free(text);
	return size;
}

struct replay_fill {
	struct replay *r;
	size_t index;
};

static int replay_fill_cb(void *arg, const struct mr_trace_rec *t, size_t line)
{
	struct replay_fill *f = arg;
	struct replay *r = f->r;

	(void)line;
	if (t->kind != MR_TRACE_READ && t->kind != MR_TRACE_WRITE)
		return 0;
	f->index++;
	if (t->phys < r->base || t->phys - r->base >= r->size)
		return 0; /* another device's */
	r->rec[r->n++] = (struct replay_rec){t->phys - r->base, t->value, f->index - 1,
					     (uint8_t)t->width, (char)t->kind};
	return 0;
}

static void replay_free(struct replay *r)
{
	if (!r)
		return;
	mr__free(r->rec);
	mr__free(r->file);
	mr__free(r);
}

static int replay_init(struct mr_sim_device *dev, const char *arg)
{
	struct replay *r = mr__calloc(1, sizeof(*r));
	struct replay_fill f = {r, 0};
	char *text = NULL;
	size_t len;
	int ret;

	if (!r)
		return -ENOMEM;
	ret = replay_read_file(arg, &text, &len);
	if (!ret)
		ret = replay_window(text, len, &r->base, &r->size);
	if (!ret) {
		/* at most one record per line */
		r->rec = mr__calloc(len / 8 + 1, sizeof(*r->rec));
		r->file = mr__strdup(arg);
		ret = r->rec && r->file ? replay_lines(text, len, replay_fill_cb, &f) : -ENOMEM;
	}
	mr__free(text);
	if (ret) {
		mr_sim_set_errmsg(dev, "%s", mr_errmsg());
		replay_free(r);
		return ret;
	}
	mr_sim_set_priv(dev, r);
	return 0;
}

static void replay_exit(struct mr_sim_device *dev)
{
	replay_free(mr_sim_priv(dev));
}

static void replay_say(const struct replay *r)
{
	char line[400];
	int n = snprintf(line, sizeof(line), "memremap: trace:%s: %s\n", r->file, r->msg);
	ssize_t w;

	if (n > 0)
		w = write(STDERR_FILENO, line,
			  (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	(void)w;
}

static void replay_diverge(struct mr_sim_device *dev, struct replay *r, char op, uint64_t off,
			   unsigned int width, uint64_t value)
{
	uint64_t phys = mr_sim_device_phys(dev);
	int n;

	r->diverged = true;
	if (r->next < r->n) {
		const struct replay_rec *e = &r->rec[r->next];

		r->div_index = e->index;
		n = snprintf(r->msg, sizeof(r->msg),
			     "access %zu diverges: expected %c %u at 0x%" PRIx64 " value 0x%" PRIx64
			     ", got %c %u at 0x%" PRIx64 " value 0x%" PRIx64,
			     e->index, e->op, e->width, phys + e->off, e->value, op, width,
			     phys + off, value);
	} else {
		r->div_index = r->n ? r->rec[r->n - 1].index + 1 : 0;
		n = snprintf(r->msg, sizeof(r->msg),
			     "access %zu diverges: the recording has ended, got %c %u at 0x%" PRIx64
			     " value 0x%" PRIx64,
			     r->div_index, op, width, phys + off, value);
	}
	(void)n;
	replay_say(r);
}

static bool replay_same(const struct replay_rec *a, const struct replay_rec *b)
{
	return a->op == 'R' && b->op == 'R' && a->off == b->off && a->width == b->width &&
	       a->value == b->value;
}

/* The next record for (op, off, width), skipping polls the recording repeated. */
static const struct replay_rec *replay_match(struct replay *r, char op, uint64_t off,
					     unsigned int width)
{
	while (r->next < r->n) {
		const struct replay_rec *e = &r->rec[r->next];

		if (e->op == op && e->off == off && e->width == width)
			return e;
		if (!r->next || !replay_same(e, &r->rec[r->next - 1]))
			return NULL;
		r->next++;
	}
	return NULL;
}

/*
 * After the divergence the driver is still running: keep it going as the
 * recording would, so that it finishes (and its own checks may say more).
 * The next record of the same register answers; else the last one did.
 */
static uint64_t replay_after(struct replay *r, char op, uint64_t off, unsigned int width)
{
	for (size_t i = r->next; i < r->n; i++) {
		if (r->rec[i].op == op && r->rec[i].off == off && r->rec[i].width == width) {
			r->next = i + 1;
			return r->rec[i].value;
		}
	}
	for (size_t i = r->next; i-- > 0;)
		if (r->rec[i].op == 'R' && r->rec[i].off == off && r->rec[i].width == width)
			return r->rec[i].value;
	return 0;
}

static uint64_t replay_read(struct mr_sim_device *dev, uint64_t off, unsigned int width)
{
	struct replay *r = mr_sim_priv(dev);
	const struct replay_rec *e;

	if (r->diverged)
		return replay_after(r, 'R', off, width);
	e = replay_match(r, 'R', off, width);
	if (e) {
		r->next++;
		return e->value;
	}
	/* The driver polls more often than it did: the last answer again. */
	if (r->next && r->rec[r->next - 1].op == 'R' && r->rec[r->next - 1].off == off &&
	    r->rec[r->next - 1].width == width)
		return r->rec[r->next - 1].value;
	replay_diverge(dev, r, 'R', off, width, 0);
	return ~0ULL;
}

static void replay_write(struct mr_sim_device *dev, uint64_t off, unsigned int width, uint64_t v)
{
	struct replay *r = mr_sim_priv(dev);
	const struct replay_rec *e;

	if (r->diverged) {
		replay_after(r, 'W', off, width);
		return;
	}
	e = replay_match(r, 'W', off, width);
	if (e && e->value == v) {
		r->next++;
		return;
	}
	replay_diverge(dev, r, 'W', off, width, v);
}

long mr_sim_replay_check(struct mr_sim_device *dev, char *msg, size_t len)
{
	struct replay *r;

	if (!dev || mr__sim_device_model_of(dev) != &mr__model_trace) {
		if (msg && len)
			snprintf(msg, len, "not a trace replay");
		return -EINVAL;
	}
	r = mr_sim_priv(dev);
	/* Polls the recording repeated at its end were timing too. */
	while (!r->diverged && r->next < r->n && r->next &&
	       replay_same(&r->rec[r->next], &r->rec[r->next - 1]))
		r->next++;
	if (!r->diverged && r->next < r->n) {
		const struct replay_rec *e = &r->rec[r->next];

		r->diverged = true;
		r->div_index = e->index;
		snprintf(r->msg, sizeof(r->msg),
			 "access %zu was never made: expected %c %u at 0x%" PRIx64
			 " value 0x%" PRIx64,
			 e->index, e->op, e->width, mr_sim_device_phys(dev) + e->off, e->value);
	}
	if (msg && len) {
		if (r->diverged)
			snprintf(msg, len, "%s", r->msg);
		else
			snprintf(msg, len, "%zu accesses replayed", r->n);
	}
	return r->diverged ? (long)r->div_index + 1 : 0;
}

const struct mr_sim_model mr__model_trace = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "trace",
	.init = replay_init,
	.exit = replay_exit,
	.read = replay_read,
	.write = replay_write,
	.size_of = replay_size,
};
