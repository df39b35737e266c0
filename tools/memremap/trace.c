// SPDX-License-Identifier: MIT
/*
 * `memremap trace FILE`: an mmiotrace text (MEMREMAP_TRACE's, or the
 * kernel's own from tracefs with current_tracer = mmiotrace) shown as a
 * table, filtered by address range, direction and map id; --raw keeps the
 * matching lines as they are, so that a filtered trace is a trace again.
 * With register descriptions (--regs FILE, MEMREMAP_REGS; --regs-base for a
 * block anchored on a PCI device, as the trace names no machine), each
 * access names the register at its address.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memremap/sim.h>

#include "cli.h"
#include "json.h"
#include "regs.h"
#ifdef MR_CLI_REGS
#include <memremap/regs.h>
#endif

enum {
	MR_TRACE_OPT_ADDR = 'a',
	MR_TRACE_OPT_OP = 'o',
	MR_TRACE_OPT_MAP = 'M',
	MR_TRACE_OPT_RAW = 'R'
};

struct mr_trace_filter {
	uint64_t lo, hi; /* inclusive */
	bool reads, writes, events;
	bool have_map;
	unsigned int map;
	bool raw;
};

struct mr_trace_count {
	unsigned long lines, records, shown, reads, writes;
};

/*
 * "BLOCK.REG" at @phys in @name, and in @fields the fields of @value by name
 * ("COMPUTING=0 IRQ=1(ON)", as `read` shows them); both "" without
 * descriptions or a register there.
 */
static void mr_trace_regname(struct mr_cli *c, uint64_t phys, uint64_t value, char *name,
			     size_t len, char *fields, size_t flen)
{
	name[0] = fields[0] = '\0';
#ifdef MR_CLI_REGS
	struct mr_regs *regs = mr_cli_regs_get(c);
	const struct mr_reg_block *b;
	uint64_t base;

	for (size_t i = 0; regs && (b = mr_regs_block(regs, i)); i++) {
		if (mr_regs_block_base(regs, b, &base) || phys < base || phys - base >= b->size)
			continue;
		for (size_t k = 0; k < b->nregs; k++)
			if (base + b->regs[k]->offset == phys) {
				snprintf(name, len, "%s.%s", b->name, b->regs[k]->name);
				mr_regs_format(b->regs[k], value, fields, flen);
			}
	}
#else
	(void)c;
	(void)phys;
	(void)value;
	(void)len;
	(void)flen;
#endif
}

static bool mr_trace_regs_ok(struct mr_cli *c)
{
#ifdef MR_CLI_REGS
	return mr_cli_regs_get(c) || c->ret == MR_EXIT_OK;
#else
	(void)c;
	return true;
#endif
}

static bool mr_trace_wanted(const struct mr_trace_filter *f, const struct mr_trace_rec *r)
{
	if (f->have_map && r->kind != MR_TRACE_MARK && r->map_id != f->map)
		return false;
	switch (r->kind) {
	case MR_TRACE_READ:
	case MR_TRACE_WRITE:
		if (!(r->kind == MR_TRACE_READ ? f->reads : f->writes))
			return false;
		return r->phys + r->width - 1 >= f->lo && r->phys <= f->hi;
	case MR_TRACE_MAP:
		return f->events && r->phys <= f->hi &&
		       r->phys + (r->len ? r->len - 1 : 0) >= f->lo;
	default:
		return f->events;
	}
}

static void mr_trace_row(struct mr_cli *c, const struct mr_trace_rec *r, unsigned long index)
{
	uint64_t s = r->usec / 1000000, us = r->usec % 1000000;
	char name[160], fields[256];

	switch (r->kind) {
	case MR_TRACE_READ:
	case MR_TRACE_WRITE:
		mr_trace_regname(c, r->phys, r->value, name, sizeof(name), fields, sizeof(fields));
		printf("%6lu  %5" PRIu64 ".%06" PRIu64 "  %c %u  %4u  0x%012" PRIx64
		       "  0x%0*" PRIx64 "  0x%" PRIx64 "%s%s%s%s\n",
		       index, s, us, r->kind, r->width, r->map_id, r->phys, (int)r->width * 2,
		       r->value, r->pc, name[0] ? "  " : "", name, fields[0] ? "  " : "", fields);
		break;
	case MR_TRACE_MAP:
		printf("        %5" PRIu64 ".%06" PRIu64 "  MAP   %4u  0x%012" PRIx64 "  %#" PRIx64
		       " bytes\n",
		       s, us, r->map_id, r->phys, r->len);
		break;
	case MR_TRACE_UNMAP:
		printf("        %5" PRIu64 ".%06" PRIu64 "  UNMAP %4u\n", s, us, r->map_id);
		break;
	default:
		printf("        %5" PRIu64 ".%06" PRIu64 "  MARK  %.*s\n", s, us, (int)r->text_len,
		       r->text);
		break;
	}
}

static void mr_trace_json(struct mr_cli *c, struct mr_json *j, const struct mr_trace_rec *r,
			  unsigned long index)
{
	static const char *const kinds[] = {"read", "write", "map", "unmap", "mark"};
	const char *kind = kinds[r->kind == MR_TRACE_READ    ? 0
				 : r->kind == MR_TRACE_WRITE ? 1
				 : r->kind == MR_TRACE_MAP   ? 2
				 : r->kind == MR_TRACE_UNMAP ? 3
							     : 4];
	char text[256], fields[256];

	mr_json_object(j, NULL);
	mr_json_str(j, "kind", kind);
	mr_json_u64(j, "usec", r->usec);
	if (r->kind == MR_TRACE_MARK) {
		snprintf(text, sizeof(text), "%.*s", (int)r->text_len, r->text);
		mr_json_str(j, "text", text);
	} else {
		mr_json_u64(j, "map", r->map_id);
	}
	if (r->kind == MR_TRACE_READ || r->kind == MR_TRACE_WRITE) {
		mr_json_u64(j, "index", index);
		mr_json_u64(j, "width", r->width);
		mr_json_addr(j, "phys", r->phys);
		mr_json_hex(j, "value", r->value);
		mr_json_hex(j, "pc", r->pc);
		mr_trace_regname(c, r->phys, r->value, text, sizeof(text), fields, sizeof(fields));
		if (text[0])
			mr_json_str(j, "register", text);
		if (fields[0])
			mr_json_str(j, "fields", fields);
	} else if (r->kind == MR_TRACE_MAP) {
		mr_json_addr(j, "phys", r->phys);
		mr_json_addr(j, "len", r->len);
	}
	mr_json_end(j);
}

static void mr_trace_start_output(struct mr_cli *c, const struct mr_trace_filter *f,
				  struct mr_json *j)
{
	if (c->json) {
		mr_json_init(j, stdout);
		mr_json_array(j, NULL);
	} else if (!f->raw) {
		printf("%6s  %12s  %-3s  %4s  %-14s  %-18s  %s\n", "index", "time", "op", "map",
		       "phys", "value", "pc  register");
	}
}

static int mr_trace_show(struct mr_cli *c, FILE *in, const char *path,
			 const struct mr_trace_filter *f)
{
	struct mr_trace_count n = {0};
	struct mr_json j;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = MR_EXIT_OK;

	/* The header and the JSON array open with the first record shown: an
	 * error before it is the only output. */
	bool started = false;

	while ((len = getline(&line, &cap, in)) > 0) {
		struct mr_trace_rec r;
		int k = mr_trace_parse_line(line, (size_t)len, &r);

		n.lines++;
		if (k < 0) {
			ret = mr_cli_fail(c, "%s:%lu: %s", path, n.lines, mr_errmsg());
			break;
		}
		if (k)
			continue;
		if (r.kind == MR_TRACE_READ || r.kind == MR_TRACE_WRITE)
			n.records++;
		if (!mr_trace_wanted(f, &r))
			continue;
		if (!started)
			mr_trace_start_output(c, f, &j);
		started = true;
		n.shown++;
		n.reads += r.kind == MR_TRACE_READ;
		n.writes += r.kind == MR_TRACE_WRITE;
		if (c->json)
			mr_trace_json(c, &j, &r, n.records - 1);
		else if (f->raw)
			fputs(line, stdout);
		else
			mr_trace_row(c, &r, n.records - 1);
	}
	free(line);
	if (!started && !ret)
		mr_trace_start_output(c, f, &j);
	if (c->json && (started || !ret)) {
		mr_json_end(&j);
		mr_json_finish(&j);
	} else if (!f->raw && !ret) {
		printf("%lu lines: %lu accesses, %lu shown (%lu reads, %lu writes)\n", n.lines,
		       n.records, n.shown, n.reads, n.writes);
	}
	return ret;
}

static int mr_cli_trace(struct mr_cli *c, int argc, char **argv)
{
	struct mr_trace_filter f = {0, UINT64_MAX, true, true, true, false, 0, false};
	uint64_t addr, size, map;
	FILE *in;
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP)
			return c->ret;
		if (opt == MR_TRACE_OPT_ADDR) {
			if (!mr_cli_is_region(optarg))
				return mr_cli_usage_error(c,
							  "--addr takes START-END or START+SIZE, "
							  "not '%s'",
							  optarg);
			if (!mr_cli_region(c, &optarg, 1, &addr, &size))
				return c->ret;
			f.lo = addr;
			f.hi = addr + size - 1;
			f.events = false;
		} else if (opt == MR_TRACE_OPT_OP) {
			if (strcmp(optarg, "r") && strcmp(optarg, "w") && strcmp(optarg, "R") &&
			    strcmp(optarg, "W"))
				return mr_cli_usage_error(c, "--op takes r or w, not '%s'", optarg);
			f.reads = optarg[0] == 'r' || optarg[0] == 'R';
			f.writes = !f.reads;
			f.events = false;
		} else if (opt == MR_TRACE_OPT_MAP) {
			if (!mr_cli_number(c, "map id", optarg, &map))
				return c->ret;
			f.have_map = true;
			f.map = (unsigned int)map;
		} else if (opt == MR_TRACE_OPT_RAW) {
			f.raw = true;
		}
	}
	if (!mr_cli_operands(c, argc, argv, 1, 1))
		return c->ret;
	if (f.raw && c->json)
		return mr_cli_usage_error(c, "--raw and --json are two formats: choose one");
	/* Descriptions given and not loadable: said once, before anything is shown. */
	c->ret = MR_EXIT_OK;
	if (!mr_trace_regs_ok(c))
		return c->ret;
	in = strcmp(argv[optind], "-") ? fopen(argv[optind], "r") : stdin;
	if (!in)
		return mr_cli_fail(c, "cannot open '%s': %s", argv[optind], strerror(errno));
	ret = mr_trace_show(c, in, argv[optind], &f);
	if (in != stdin)
		fclose(in);
	return ret;
}

static const struct mr_cli_opt mr_trace_opts[] = {
	{"addr", MR_TRACE_OPT_ADDR, "R",
	 "only accesses that touch START-END or START+SIZE (and no\n"
	 "MAP/UNMAP/MARK lines)"},
	{"op", MR_TRACE_OPT_OP, "r|w", "only reads, or only writes"},
	{"map", MR_TRACE_OPT_MAP, "ID", "only the lines of that map id"},
	{"raw", MR_TRACE_OPT_RAW, NULL, "print the matching lines as they are (mmiotrace text)"},
	{"json", 'j', NULL, "JSON: the records, with their register names"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_trace = {
	.name = "trace",
	.summary = "show an access trace (mmiotrace text), filtered",
	.synopsis = "[--addr R] [--op r|w] [--map ID] [--raw | --json] FILE",
	.about = "Show an mmiotrace text: one that MEMREMAP_TRACE=FILE recorded, or one the\n"
		 "kernel recorded (tracefs trace_pipe with current_tracer = mmiotrace).\n"
		 "Accesses are numbered from 0 as a trace:FILE replay counts them. With\n"
		 "register descriptions (--regs FILE, MEMREMAP_REGS; --regs-base BLOCK=ADDR\n"
		 "for a block that lives in a PCI BAR) each access names its register.\n"
		 "FILE '-' reads standard input. Needs no machine.\n",
	.opts = mr_trace_opts,
	.notes = "Exit status: 0, 1 on a line that is not mmiotrace text, 2 on bad usage.\n",
	.run = mr_cli_trace,
};
