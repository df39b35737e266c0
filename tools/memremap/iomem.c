// SPDX-License-Identifier: MIT
/*
 * `memremap iomem`: the machine's resource tree as /proc/iomem text, as a
 * tree with sizes and kinds, as JSON, or as an SVG map.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "svg.h"

struct mr_tree_out {
	FILE *out;
	int digits;
	bool color;
};

static void mr_tree_row(const struct mr_tree_out *t, const struct resource *r, const char *prefix,
			bool last, int depth)
{
	const struct mr_cli_kind_info *k = mr_cli_kind_info(mr_cli_kind_of(r));
	char size[32], name[MR__ESCAPED_MAX(MR_IOMEM_MAX_LINE)];

	mr_cli_fmt_size(size, sizeof(size), resource_size(r));
	fprintf(t->out, "%0*" PRIx64 "-%0*" PRIx64 "  %10s  %s%-10s%s  %s%s%s\n", t->digits,
		r->start, t->digits, r->end, size, t->color ? k->ansi : "", k->name,
		t->color ? "\033[0m" : "", prefix, depth ? (last ? "`- " : "|- ") : "",
		mr_cli_name(name, sizeof(name), r));
}

/* @prefix: the "|  " columns of the ancestors still open. */
static void mr_tree_level(const struct mr_tree_out *t, const struct resource *first, char *prefix,
			  size_t len, int depth)
{
	const struct resource *r;
	size_t n = strlen(prefix);

	for (r = first; r; r = r->sibling) {
		mr_tree_row(t, r, prefix, !r->sibling, depth);
		if (!r->child)
			continue;
		/* Top-level rows have no branch mark, so their children start flush. */
		if (depth && n + 4 < len)
			snprintf(prefix + n, len - n, "%s", r->sibling ? "|  " : "   ");
		mr_tree_level(t, r->child, prefix, len, depth + 1);
		prefix[n] = '\0';
	}
}

static int mr_iomem_tree(struct mr_cli *c, struct resource *root)
{
	struct mr_tree_out t = {stdout, mr_cli_addr_digits(root), mr_cli_color(stdout)};
	char prefix[4 * MR_IOMEM_MAX_DEPTH + 8] = "";

	fprintf(stdout, "%-*s  %10s  %-10s  %s\n", 2 * t.digits + 1, "range", "size", "kind",
		"name");
	mr_tree_level(&t, root->child, prefix, sizeof(prefix), 0);
	(void)c;
	return MR_EXIT_OK;
}

static void mr_json_resource(struct mr_json *j, const struct resource *r)
{
	const struct resource *child;

	mr_json_object(j, NULL);
	mr_json_str(j, "name", r->name ? r->name : "");
	mr_json_addr(j, "start", r->start);
	mr_json_addr(j, "end", r->end);
	mr_json_addr(j, "size", resource_size(r));
	mr_json_str(j, "kind", mr_cli_kind_info(mr_cli_kind_of(r))->name);
	mr_json_u64(j, "flags", r->flags);
	mr_json_u64(j, "desc", r->desc);
	mr_json_bool(j, "busy", r->flags & IORESOURCE_BUSY);
	mr_json_bool(j, "system_ram", (r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM);
	mr_json_array(j, "children");
	for (child = r->child; child; child = child->sibling)
		mr_json_resource(j, child);
	mr_json_end(j);
	mr_json_end(j);
}

void mr_cli_json_machine(struct mr_json *j, struct mr_machine *m)
{
	mr_json_str(j, "machine", mr_machine_spec(m));
	mr_json_str(j, "platform", mr_machine_platform(m));
	mr_json_str(j, "arch", mr_machine_arch(m));
	mr_json_u64(j, "phys_bits", mr_machine_phys_bits(m));
}

static int mr_iomem_json(struct mr_cli *c, struct resource *root)
{
	const struct resource *r;
	struct mr_json j;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_array(&j, "resources");
	for (r = root->child; r; r = r->sibling)
		mr_json_resource(&j, r);
	mr_json_end(&j);
	mr_json_finish(&j);
	return MR_EXIT_OK;
}

static int mr_iomem_svg(struct mr_cli *c, struct resource *root, const char *path,
			const struct mr_svg_opts *o)
{
	struct mr_cli_out out;
	FILE *f = mr_cli_out_open(c, &out, path);
	char title[512];

	if (!f)
		return MR_EXIT_FAIL;
	snprintf(title, sizeof(title), "Physical address map of %s", mr_machine_spec(c->m));
	/* A write error is the close's to report, with its errno. */
	mr_svg_map(f, root, title, o);
	return mr_cli_out_close(c, &out, MR_EXIT_OK);
}

/* Options without a short letter. */
#define MR_IOMEM_DEPTH	(MR_CLI_LONG + 1)
#define MR_IOMEM_RANGE	(MR_CLI_LONG + 2)
#define MR_IOMEM_HEIGHT (MR_CLI_LONG + 3)

/* --range START-END (inclusive) or START+SIZE. */
static bool mr_iomem_range(struct mr_cli *c, const char *s, struct mr_svg_opts *o)
{
	const char *sep = strpbrk(s, "-+");
	char start[64];
	uint64_t a, b;

	if (!sep || sep == s || (size_t)(sep - s) >= sizeof(start)) {
		mr_cli_usage_error(c, "bad --range '%s': expected START-END or START+SIZE", s);
		return false;
	}
	snprintf(start, sizeof(start), "%.*s", (int)(sep - s), s);
	if (!mr_cli_number(c, "--range start", start, &a) ||
	    !mr_cli_number(c, *sep == '-' ? "--range end" : "--range size", sep + 1, &b))
		return false;
	if (*sep == '+' && !mr_cli_range(c, a, b))
		return false;
	if (*sep == '-' && b < a) {
		mr_cli_usage_error(c, "bad --range '%s': the end is below the start", s);
		return false;
	}
	o->lo = a;
	o->hi = *sep == '-' ? b : a + (b - 1);
	return true;
}

/* The options that shape the picture; false after a usage error. */
static bool mr_iomem_svg_opt(struct mr_cli *c, int opt, const char *arg, struct mr_svg_opts *o)
{
	uint64_t v;

	if (opt == MR_IOMEM_RANGE)
		return mr_iomem_range(c, arg, o);
	if (!mr_cli_number(c, opt == MR_IOMEM_DEPTH ? "--depth" : "--height", arg, &v))
		return false;
	if (opt == MR_IOMEM_DEPTH && (v < 1 || v > MR_IOMEM_MAX_DEPTH)) {
		mr_cli_usage_error(c, "--depth %s: expected 1 to %d levels", arg,
				   MR_IOMEM_MAX_DEPTH);
		return false;
	}
	if (opt == MR_IOMEM_HEIGHT && v && (v < 300 || v > 1000000)) {
		mr_cli_usage_error(c, "--height %s: expected 300 to 1000000 px, or 0 for no limit",
				   arg);
		return false;
	}
	if (opt == MR_IOMEM_DEPTH)
		o->depth = (int)v;
	else
		o->height = (double)v;
	return true;
}

static int mr_cli_iomem(struct mr_cli *c, int argc, char **argv)
{
	struct mr_svg_opts so = {MR_SVG_HEIGHT, 0, 0, UINT64_MAX};
	bool shaped = false;
	const char *svg = NULL;
	struct resource *root;
	bool tree = false;
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP)
			return c->ret;
		if (opt == 't') {
			tree = true;
		} else if (opt == 's') {
			svg = optarg;
		} else if (opt == MR_IOMEM_DEPTH || opt == MR_IOMEM_RANGE ||
			   opt == MR_IOMEM_HEIGHT) {
			if (!mr_iomem_svg_opt(c, opt, optarg, &so))
				return c->ret;
			shaped = true;
		}
	}
	if (!mr_cli_operands(c, argc, argv, 0, 0))
		return c->ret;
	if (tree && c->json)
		return mr_cli_usage_error(c, "--tree and --json are two formats: choose one");
	if (shaped && !svg)
		return mr_cli_usage_error(c, "--depth, --range and --height shape the picture: "
					     "give --svg FILE too");
	if (svg && !strcmp(svg, "-") && (tree || c->json))
		return mr_cli_usage_error(c, "--svg - and another format would share stdout");
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	root = mr_iomem_resource(c->m);
	if (!root)
		return mr_cli_fail(c, "the machine has no resource tree: %s", mr_errmsg());
	if (svg) {
		ret = mr_iomem_svg(c, root, svg, &so);
		if (ret || (!tree && !c->json))
			return ret;
	}
	if (tree)
		return mr_iomem_tree(c, root);
	if (c->json)
		return mr_iomem_json(c, root);
	fflush(stdout);
	/* Lost output is told once, with its reason, when the run ends. */
	if (mr_iomem_print(root, stdout) && !ferror(stdout))
		return mr_cli_fail(c, "cannot write the tree: %s", mr_errmsg());
	return MR_EXIT_OK;
}

static const struct mr_cli_opt mr_iomem_opts[] = {
	{"tree", 't', NULL, "an indented tree with sizes and kinds"},
	{"json", 'j', NULL, "JSON: every resource with its range, flags, kind, children"},
	{"svg", 's', "FILE",
	 "draw the physical address map as SVG ('-': stdout); heights\n"
	 "grow with the logarithm of each range's size, holes between\n"
	 "resources are folded, colours give the kind; a large map\n"
	 "fits the height by folding runs of small resources"},
	{"depth", MR_IOMEM_DEPTH, "N", "draw N levels of nesting at most (1: the top level only)"},
	{"range", MR_IOMEM_RANGE, "R", "draw only START-END or START+SIZE, with what holds it"},
	{"height", MR_IOMEM_HEIGHT, "PX",
	 "the picture's height at most (default 1200); 0: no limit,\n"
	 "every resource drawn"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_iomem = {
	.name = "iomem",
	.summary = "the resource tree: /proc/iomem text, a tree, JSON or an SVG map",
	.synopsis = "[--tree | --json] [--svg FILE [--depth N] [--range R] [--height PX]]",
	.about = "Show the machine's resource tree. Without options: /proc/iomem text.\n",
	.opts = mr_iomem_opts,
	.run = mr_cli_iomem,
};
