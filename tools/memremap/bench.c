// SPDX-License-Identifier: MIT
/*
 * `memremap bench`: bandwidth of each copy routine and latency of single
 * accesses, for each cache type memremap accepts on a range. Each
 * measurement repeats until it has run for --min-time, so that short ranges
 * are timed over many passes; the numbers are reported, never judged.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "mmio.h"
#include "pick.h"
#include "svg.h"

#define MR_BENCH_MAX_RANGES  2
#define MR_BENCH_MAX_RESULTS 128
#define MR_BENCH_DEFAULT_MAX (16ULL << 20)
#define MR_BENCH_LAT_STRIDE  64 /* one access per cache line */
#define MR_BENCH_MAX_SIZE    (1ULL << 30)

struct mr_bench_range {
	uint64_t start, size;
	char name[128]; /* the resource it lies in */
};

struct mr_bench_result {
	const struct mr_bench_range *range;
	unsigned long type, got;
	char how[48];
	const char *routine;
	enum mr_cli_dir dir;
	bool latency;	    /* ns per access rather than bandwidth */
	double bytes, secs; /* bandwidth: bytes moved in secs */
	double ns;	    /* latency: ns per access */
};

struct mr_bench_refusal {
	const struct mr_bench_range *range;
	unsigned long type;
	int err;
	char why[400];
};

struct mr_bench {
	struct mr_cli *c;
	unsigned long types[4];
	size_t ntypes;
	double min_time;
	bool writes; /* sim, or --destructive */
	const char *svg;
	struct mr_bench_range ranges[MR_BENCH_MAX_RANGES];
	size_t nranges;
	struct mr_bench_result results[MR_BENCH_MAX_RESULTS];
	size_t nresults;
	struct mr_bench_refusal refusals[4 * MR_BENCH_MAX_RANGES];
	size_t nrefusals;
	struct mr_cli_progress progress;
	uint64_t steps_done;
};

/* ---------------------------------------------------------------- ranges */

static void mr_bench_add_range(struct mr_bench *b, const struct mr_cli_pick *p)
{
	struct mr_bench_range *r = &b->ranges[b->nranges++];
	char name[256];

	r->start = p->start;
	r->size = p->size;
	snprintf(r->name, sizeof(r->name), "'%s' " MR_CLI_MEM,
		 mr_cli_name(name, sizeof(name), p->res), p->res->start, p->res->end);
}

/*
 * Plain System RAM (never the kernel image or a reserved part inside it) and
 * a device range: a PCI BAR, the kind of range bench is for (frame buffers),
 * never config space (pick.h says what else is never chosen).
 */
static int mr_bench_default_ranges(struct mr_bench *b)
{
	struct mr_cli_pick ram, dev;

	if (mr_cli_pick_ram(b->c->m, MR_BENCH_DEFAULT_MAX, &ram))
		mr_bench_add_range(b, &ram);
	else
		mr_cli_note(b->c, "this map has %s: no RAM range to measure", ram.what);
	if (mr_cli_pick_window(b->c->m, MR_BENCH_DEFAULT_MAX, NULL, &dev))
		mr_bench_add_range(b, &dev);
	else
		mr_cli_note(b->c, "this map has %s: no device range to measure", dev.what);
	if (!b->nranges)
		return mr_cli_fail(b->c, "no range to bench in this map: give ADDR SIZE");
	return MR_EXIT_OK;
}

/* ----------------------------------------------------------- measurement */

static void mr_bench_step(struct mr_bench *b, uint64_t size)
{
	b->steps_done += size;
	mr_cli_progress_update(&b->progress, b->steps_done);
}

static struct mr_bench_result *mr_bench_result(struct mr_bench *b, const struct mr_bench_range *r,
					       unsigned long type, const struct mr_cli_map *map)
{
	struct mr_bench_result *res;

	if (b->nresults == MR_BENCH_MAX_RESULTS)
		return NULL;
	res = &b->results[b->nresults++];
	memset(res, 0, sizeof(*res));
	res->range = r;
	res->type = type;
	res->got = map->type;
	snprintf(res->how, sizeof(res->how), "%s", map->info.how);
	return res;
}

static void mr_bench_copy(struct mr_bench *b, struct mr_bench_result *res,
			  const struct mr_cli_routine *rt, void *mapped, void *buf, size_t size)
{
	uint64_t passes = 0;
	double t0, t;

	/* One pass untimed: the first touch of each page faults it in. */
	if (rt->dir == MR_CLI_READ)
		rt->fn(buf, mapped, size);
	else
		rt->fn(mapped, buf, size);
	t0 = mr_cli_now();
	do {
		if (rt->dir == MR_CLI_READ)
			rt->fn(buf, mapped, size);
		else
			rt->fn(mapped, buf, size);
		passes++;
		t = mr_cli_now() - t0;
	} while (t < b->min_time);
	res->routine = rt->name;
	res->dir = rt->dir;
	res->bytes = (double)passes * (double)size;
	res->secs = t;
}

/* Where the values read go, so that no read is optimised away. */
static volatile uint64_t mr_bench_sink;

/* Single 32-bit accesses, one per cache line, as a driver polls registers. */
static void mr_bench_latency(struct mr_bench *b, struct mr_bench_result *res, void *mapped,
			     size_t size, enum mr_cli_dir dir)
{
	size_t lines = size / MR_BENCH_LAT_STRIDE ? size / MR_BENCH_LAT_STRIDE : 1, i = 0;
	double t0 = mr_cli_now(), t;
	uint64_t n = 0, sink = 0;

	do {
		for (int k = 0; k < 1024; k++, n++) {
			char *p = (char *)mapped + (i % lines) * MR_BENCH_LAT_STRIDE;

			if (dir == MR_CLI_READ)
				sink += mr_cli_readx(p, 32);
			else
				mr_cli_writex(p, 32, (uint32_t)n);
			i++;
		}
		t = mr_cli_now() - t0;
	} while (t < b->min_time);
	res->routine = dir == MR_CLI_READ ? "readl" : "writel";
	res->dir = dir;
	res->latency = true;
	res->ns = t * 1e9 / (double)n;
	mr_bench_sink = sink;
}

static void mr_bench_mapped(struct mr_bench *b, const struct mr_bench_range *r, unsigned long type,
			    const struct mr_cli_map *map, void *buf)
{
	const struct mr_cli_routine *rt;
	struct mr_bench_result *res;
	size_t i, n;

	rt = mr_cli_routines(&n);
	for (i = 0; i < n; i++) {
		if (!(rt[i].types & type) || (rt[i].dir == MR_CLI_WRITE && !b->writes))
			continue;
		res = mr_bench_result(b, r, type, map);
		if (res)
			mr_bench_copy(b, res, &rt[i], map->p, buf, map->size);
		mr_bench_step(b, map->size);
	}
	for (i = 0; i < 2; i++) {
		if (i == MR_CLI_WRITE && !b->writes)
			continue;
		res = mr_bench_result(b, r, type, map);
		if (res)
			mr_bench_latency(b, res, map->p, map->size, (enum mr_cli_dir)i);
		mr_bench_step(b, map->size);
	}
}

static void mr_bench_refused(struct mr_bench *b, const struct mr_bench_range *r, unsigned long type,
			     int err)
{
	struct mr_bench_refusal *ref = &b->refusals[b->nrefusals++];
	const char *msg = mr_errmsg();

	ref->range = r;
	ref->type = type;
	ref->err = err;
	snprintf(ref->why, sizeof(ref->why), "%s", strncmp(msg, "memremap: ", 10) ? msg : msg + 10);
}

static int mr_bench_range_run(struct mr_bench *b, const struct mr_bench_range *r)
{
	void *buf = malloc((size_t)r->size);
	struct mr_cli_map map = {0};
	size_t t;

	if (!buf)
		return mr_cli_fail(b->c, "out of memory for a %" PRIu64 "-byte buffer", r->size);
	memset(buf, 0x5a, (size_t)r->size);
	for (t = 0; t < b->ntypes; t++) {
		map.p = mr_memremap(b->c->m, r->start, (size_t)r->size, b->types[t]);
		if (!map.p) {
			mr_bench_refused(b, r, b->types[t], errno);
			continue;
		}
		map.phys = r->start;
		map.size = (size_t)r->size;
		if (mr_mapping_info(map.p, &map.info))
			memset(&map.info, 0, sizeof(map.info));
		map.type = map.info.type ? map.info.type : b->types[t];
		mr_bench_mapped(b, r, b->types[t], &map, buf);
		mr_cli_unmap(&map);
	}
	free(buf);
	return MR_EXIT_OK;
}

/* ---------------------------------------------------------------- output */

static double mr_bench_mibs(const struct mr_bench_result *res)
{
	return res->secs > 0 ? res->bytes / res->secs / (1024.0 * 1024.0) : 0;
}

static void mr_bench_fmt_bw(char *buf, size_t len, double mibs)
{
	if (mibs >= 1024)
		snprintf(buf, len, "%.1f GiB/s", mibs / 1024);
	else
		snprintf(buf, len, "%.1f MiB/s", mibs);
}

static void mr_bench_range_label(const struct mr_bench_range *r, char *buf, size_t len)
{
	snprintf(buf, len, "0x%" PRIx64 "+0x%" PRIx64, r->start, r->size);
}

static void mr_bench_text(const struct mr_bench *b)
{
	char range[64], val[32];
	size_t i;

	printf("bench on %s, copy routines: %s\n", mr_machine_spec(b->c->m), mr_cli_copy_path());
	for (i = 0; i < b->nranges; i++)
		printf("range 0x%" PRIx64 "+0x%" PRIx64 ": %s\n", b->ranges[i].start,
		       b->ranges[i].size, b->ranges[i].name);
	printf("\n%-24s %-4s %-4s %-20s %-5s %14s  %s\n", "range", "type", "gets", "routine", "dir",
	       "result", "path");
	for (i = 0; i < b->nresults; i++) {
		const struct mr_bench_result *res = &b->results[i];

		mr_bench_range_label(res->range, range, sizeof(range));
		if (res->latency)
			snprintf(val, sizeof(val), "%.1f ns", res->ns);
		else
			mr_bench_fmt_bw(val, sizeof(val), mr_bench_mibs(res));
		printf("%-24s %-4s %-4s %-20s %-5s %14s  %s\n", range, mr_cli_type_name(res->type),
		       mr_cli_type_name(res->got), res->routine,
		       res->dir == MR_CLI_READ ? "read" : "write", val, res->how);
	}
	for (i = 0; i < b->nrefusals; i++) {
		const struct mr_bench_refusal *ref = &b->refusals[i];

		mr_bench_range_label(ref->range, range, sizeof(range));
		printf("%-24s %-4s refused (%s): %s\n", range, mr_cli_type_name(ref->type),
		       mr_cli_errno_name(ref->err), ref->why);
	}
	if (!b->writes)
		printf("writes skipped: pass --destructive to let bench overwrite the range\n");
}

static void mr_bench_json_result(struct mr_json *j, const struct mr_bench_result *res)
{
	mr_json_object(j, NULL);
	mr_json_addr(j, "start", res->range->start);
	mr_json_addr(j, "size", res->range->size);
	mr_json_str(j, "type", mr_cli_type_name(res->type));
	mr_json_str(j, "gets", mr_cli_type_name(res->got));
	mr_json_str(j, "how", res->how);
	mr_json_str(j, "routine", res->routine);
	mr_json_str(j, "dir", res->dir == MR_CLI_READ ? "read" : "write");
	mr_json_str(j, "metric", res->latency ? "latency" : "bandwidth");
	if (res->latency) {
		mr_json_double(j, "ns_per_access", res->ns);
		mr_json_null(j, "mib_per_s");
	} else {
		mr_json_null(j, "ns_per_access");
		mr_json_double(j, "mib_per_s", mr_bench_mibs(res));
		mr_json_double(j, "bytes", res->bytes);
		mr_json_double(j, "seconds", res->secs);
	}
	mr_json_end(j);
}

static void mr_bench_json(const struct mr_bench *b)
{
	struct mr_json j;
	size_t i;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, b->c->m);
	mr_json_str(&j, "copy_path", mr_cli_copy_path());
	mr_json_double(&j, "min_time_ms", b->min_time * 1000);
	mr_json_bool(&j, "writes", b->writes);
	mr_json_array(&j, "ranges");
	for (i = 0; i < b->nranges; i++) {
		mr_json_object(&j, NULL);
		mr_json_addr(&j, "start", b->ranges[i].start);
		mr_json_addr(&j, "size", b->ranges[i].size);
		mr_json_str(&j, "resource", b->ranges[i].name);
		mr_json_end(&j);
	}
	mr_json_end(&j);
	mr_json_array(&j, "results");
	for (i = 0; i < b->nresults; i++)
		mr_bench_json_result(&j, &b->results[i]);
	mr_json_end(&j);
	mr_json_array(&j, "refused");
	for (i = 0; i < b->nrefusals; i++) {
		mr_json_object(&j, NULL);
		mr_json_addr(&j, "start", b->refusals[i].range->start);
		mr_json_addr(&j, "size", b->refusals[i].range->size);
		mr_json_str(&j, "type", mr_cli_type_name(b->refusals[i].type));
		mr_json_str(&j, "errno", mr_cli_errno_name(b->refusals[i].err));
		mr_json_str(&j, "why", b->refusals[i].why);
		mr_json_end(&j);
	}
	mr_json_end(&j);
	mr_json_finish(&j);
}

/* --------------------------------------------------------------- the chart */

#define MR_CHART_W     900.0
#define MR_CHART_LABEL 360.0 /* bars start here */
#define MR_CHART_BAR   16.0
#define MR_CHART_ROW   22.0

/* A log scale: results span orders of magnitude (WB against uncached). */
struct mr_chart_axis {
	double lo, hi; /* powers of ten around the values */
};

static struct mr_chart_axis mr_chart_axis(const struct mr_bench *b, bool latency)
{
	struct mr_chart_axis a = {0, 0};
	double lo = 1e300, hi = 0, v;
	size_t i;

	for (i = 0; i < b->nresults; i++) {
		if (b->results[i].latency != latency)
			continue;
		v = latency ? b->results[i].ns : mr_bench_mibs(&b->results[i]);
		if (v <= 0)
			continue;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	if (hi <= 0)
		return a;
	/* The powers of ten at or below the least and at or above the most. */
	for (a.lo = 1; a.lo > lo; a.lo /= 10)
		;
	while (a.lo * 10 <= lo)
		a.lo *= 10;
	for (a.hi = a.lo * 10; a.hi < hi; a.hi *= 10)
		;
	return a;
}

static double mr_chart_len(const struct mr_chart_axis *a, double v)
{
	double w = MR_CHART_W - MR_CHART_LABEL - 40;

	if (v <= a->lo)
		return 1;
	return w * mr_cli_log2(v / a->lo) / mr_cli_log2(a->hi / a->lo);
}

static void mr_chart_ticks(FILE *f, const struct mr_chart_axis *a, double y0, double y1,
			   const char *unit)
{
	char label[32];
	double v, x;

	for (v = a->lo; v <= a->hi * 1.001; v *= 10) {
		x = MR_CHART_LABEL + mr_chart_len(a, v);
		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#dddddd\"/>\n",
			x, y0, x, y1);
		snprintf(label, sizeof(label), "%g %s", v, unit);
		mr_svg_text(f, x, y1 + 12,
			    "text-anchor=\"middle\" font-size=\"9\" fill=\"#555555\"", label);
	}
}

static size_t mr_chart_rows(const struct mr_bench *b, bool latency)
{
	size_t i, n = 0;

	for (i = 0; i < b->nresults; i++)
		n += b->results[i].latency == latency;
	return n;
}

static double mr_chart_panel(FILE *f, const struct mr_bench *b, bool latency, double y)
{
	struct mr_chart_axis a = mr_chart_axis(b, latency);
	char label[160], val[32], range[64];
	double y0 = y + 24;
	size_t i;

	mr_svg_text(f, 20, y + 14, "font-size=\"13\" font-weight=\"bold\"",
		    latency ? "Latency of single 32-bit accesses (log scale, shorter is faster)"
			    : "Bandwidth of each copy routine (log scale, longer is faster)");
	if (a.hi <= 0)
		return 24;
	/* The grid first, so that the bars lie over it. */
	mr_chart_ticks(f, &a, y0 - 4, y0 + MR_CHART_ROW * (double)mr_chart_rows(b, latency),
		       latency ? "ns" : "MiB/s");
	y = y0;
	for (i = 0; i < b->nresults; i++) {
		const struct mr_bench_result *res = &b->results[i];
		double v = latency ? res->ns : mr_bench_mibs(res);

		if (res->latency != latency)
			continue;
		mr_bench_range_label(res->range, range, sizeof(range));
		snprintf(label, sizeof(label), "%s %s %s %s", range, mr_cli_type_name(res->type),
			 res->routine, res->dir == MR_CLI_READ ? "read" : "write");
		if (latency)
			snprintf(val, sizeof(val), "%.1f ns", v);
		else
			mr_bench_fmt_bw(val, sizeof(val), v);
		mr_svg_text(f, MR_CHART_LABEL - 8, y + 12, "text-anchor=\"end\"", label);
		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"%s\"><title>",
			MR_CHART_LABEL, y, mr_chart_len(&a, v), MR_CHART_BAR,
			res->dir == MR_CLI_READ ? "#4c8cd9" : "#e07b39");
		mr_svg_escape(f, val);
		fputs("</title></rect>\n", f);
		mr_svg_text(f, MR_CHART_LABEL + mr_chart_len(&a, v) + 4, y + 12, "font-size=\"10\"",
			    val);
		y += MR_CHART_ROW;
	}
	return y - y0 + 24 + 30;
}

static int mr_bench_svg(const struct mr_bench *b, const char *path)
{
	struct mr_cli_out out;
	FILE *f = mr_cli_out_open(b->c, &out, path);
	double h = 60 + 2 * (24 + 30) + MR_CHART_ROW * (double)b->nresults + 20, y;
	char title[300];

	if (!f)
		return MR_EXIT_FAIL;
	snprintf(title, sizeof(title), "memremap bench on %s", mr_machine_spec(b->c->m));
	mr_svg_begin(f, MR_CHART_W, h, title);
	mr_svg_text(f, 20, 26, "font-size=\"16\" font-weight=\"bold\"", title);
	mr_svg_text(f, 20, 42, "font-size=\"10\" fill=\"#444444\"", mr_cli_copy_path());
	fputs("<rect x=\"700\" y=\"14\" width=\"12\" height=\"12\" fill=\"#4c8cd9\"/>\n"
	      "<rect x=\"790\" y=\"14\" width=\"12\" height=\"12\" fill=\"#e07b39\"/>\n",
	      f);
	mr_svg_text(f, 716, 24, NULL, "read");
	mr_svg_text(f, 806, 24, NULL, "write");
	y = 52;
	if (mr_chart_rows(b, false))
		y += mr_chart_panel(f, b, false, y);
	if (mr_chart_rows(b, true))
		mr_chart_panel(f, b, true, y);
	mr_svg_end(f);
	return mr_cli_out_close(b->c, &out, MR_EXIT_OK);
}

/* ---------------------------------------------------------------- options */

static bool mr_bench_add_type(struct mr_bench *b, const char *s)
{
	unsigned long type;
	size_t i;

	if (!mr_cli_type(b->c, s, &type))
		return false;
	for (i = 0; i < b->ntypes; i++)
		if (b->types[i] == type)
			return true;
	b->types[b->ntypes++] = type;
	return true;
}

/* --destructive has no letter: a write to real hardware is asked for in full. */
#define MR_BENCH_DESTRUCTIVE (MR_CLI_LONG + 1)
/* --min-time's bound, in ms. */
#define MR_BENCH_MIN_TIME_MAX 60000

static bool mr_bench_parse(struct mr_bench *b, int argc, char **argv, bool *destructive)
{
	uint64_t ms;
	int opt;

	while ((opt = mr_cli_getopt(b->c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP || (opt == 't' && !mr_bench_add_type(b, optarg)))
			return false;
		if (opt == 'T') {
			if (!mr_cli_number(b->c, "--min-time", optarg, &ms))
				return false;
			/* Each of some forty measurements runs this long: keep it to a minute. */
			if (ms > MR_BENCH_MIN_TIME_MAX) {
				mr_cli_usage_error(b->c, "--min-time %" PRIu64 " ms: at most %d ms",
						   ms, MR_BENCH_MIN_TIME_MAX);
				return false;
			}
			b->min_time = (double)ms / 1000.0;
		}
		if (opt == 's')
			b->svg = optarg;
		*destructive = *destructive || opt == MR_BENCH_DESTRUCTIVE;
	}
	if (b->c->json && b->svg && !strcmp(b->svg, "-")) {
		mr_cli_usage_error(b->c, "--json and '--svg -' would share stdout");
		return false;
	}
	return mr_cli_operands(b->c, argc, argv, 0, 2);
}

static bool mr_bench_operands(struct mr_bench *b, int argc, char **argv)
{
	uint64_t addr, size;

	if (argc - optind == 0)
		return true;
	if (argc - optind == 1 && !mr_cli_is_region(argv[optind])) {
		mr_cli_usage_error(b->c, "give both ADDR and SIZE, or neither");
		return false;
	}
	if (!mr_cli_region(b->c, argv + optind, argc - optind, &addr, &size) ||
	    !mr_cli_range(b->c, addr, size))
		return false;
	/* Latency walks cache lines; bandwidth copies through a buffer as large. */
	if (size < MR_BENCH_LAT_STRIDE || size > MR_BENCH_MAX_SIZE) {
		mr_cli_usage_error(b->c, "bench size 0x%" PRIx64 ": expected 64 B to 1 GiB", size);
		return false;
	}
	b->ranges[0].start = addr;
	b->ranges[0].size = size;
	b->nranges = 1;
	return true;
}

/* Measurements per mapped type, the unit of the progress bar. */
static uint64_t mr_bench_steps(const struct mr_bench *b)
{
	const struct mr_cli_routine *rt;
	size_t i, n;
	uint64_t steps = b->writes ? 2 : 1;

	rt = mr_cli_routines(&n);
	for (i = 0; i < n; i++)
		steps += rt[i].dir == MR_CLI_READ || b->writes;
	return steps;
}

static int mr_bench_run(struct mr_bench *b)
{
	uint64_t total = 0;
	size_t i;
	int ret;

	for (i = 0; i < b->nranges; i++)
		total += b->ranges[i].size * b->ntypes * mr_bench_steps(b);
	mr_cli_progress_start(b->c, &b->progress, "bench", total);
	for (i = 0; i < b->nranges; i++) {
		ret = mr_bench_range_run(b, &b->ranges[i]);
		if (ret)
			return ret;
	}
	mr_cli_progress_end(&b->progress);
	if (b->c->json)
		mr_bench_json(b);
	else
		mr_bench_text(b);
	if (b->svg)
		return mr_bench_svg(b, b->svg);
	return b->nresults ? MR_EXIT_OK : MR_EXIT_FAIL;
}

static int mr_cli_bench(struct mr_cli *c, int argc, char **argv)
{
	static const unsigned long all[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};
	struct mr_bench *b = calloc(1, sizeof(*b));
	bool destructive = false, sim;
	int ret;

	if (!b)
		return mr_cli_fail(c, "out of memory");
	b->c = c;
	b->min_time = 0.025;
	if (!mr_bench_parse(b, argc, argv, &destructive) || !mr_bench_operands(b, argc, argv)) {
		free(b);
		return c->ret;
	}
	if (!b->ntypes) {
		memcpy(b->types, all, sizeof(all));
		b->ntypes = MR_ARRAY_SIZE(all);
	}
	ret = mr_cli_machine_open(c);
	if (ret) {
		free(b);
		return ret;
	}
	sim = !strcmp(mr_machine_platform(c->m), "sim");
	b->writes = sim || destructive;
	if (b->nranges)
		mr_cli_describe_at(mr_iomem_resource(c->m), b->ranges[0].start, b->ranges[0].name,
				   sizeof(b->ranges[0].name));
	else if (!sim)
		ret = mr_cli_usage_error(c, "bench on '%s' needs ADDR SIZE of memory it may use",
					 mr_machine_spec(c->m));
	else
		ret = mr_bench_default_ranges(b);
	if (!ret)
		ret = mr_bench_run(b);
	free(b);
	return ret;
}

static const struct mr_cli_opt mr_bench_opts[] = {
	{"type", 't', "T", "wb, wt, wc or dev; repeat for several (default: all)"},
	{"min-time", 'T', "MS",
	 "time each measurement for at least MS ms (default 25, at most 60000)"},
	{"destructive", MR_BENCH_DESTRUCTIVE, NULL, "allow writes on a machine other than sim"},
	{"json", 'j', NULL, "JSON results"},
	{"svg", 's', "FILE", "a bar chart of the results"},
	{"no-progress", 'P', NULL, "no progress bar"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_bench = {
	.name = "bench",
	.summary = "bandwidth and latency per cache type and copy routine",
	.synopsis = "[ADDR SIZE] [--type T]... [--min-time MS] [--json] [--svg FILE]",
	.about = "Measure read and write bandwidth of each copy routine, and the latency of\n"
		 "single 32-bit reads and writes, for each cache type memremap accepts on the\n"
		 "range. Without ADDR SIZE (sim machines only), a System RAM range and a\n"
		 "device range of up to 16 MiB are chosen from the map. bench WRITES to the\n"
		 "range: on a machine other than sim it needs --destructive, and only reads\n"
		 "without it.\n",
	.opts = mr_bench_opts,
	.run = mr_cli_bench,
};
