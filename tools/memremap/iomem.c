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
	char size[32];

	mr_cli_fmt_size(size, sizeof(size), resource_size(r));
	fprintf(t->out, "%0*" PRIx64 "-%0*" PRIx64 "  %10s  %s%-10s%s  %s%s%s\n", t->digits,
		r->start, t->digits, r->end, size, t->color ? k->ansi : "", k->name,
		t->color ? "\033[0m" : "", prefix, depth ? (last ? "`- " : "|- ") : "",
		r->name ? r->name : "?");
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

static int mr_iomem_svg(struct mr_cli *c, struct resource *root, const char *path)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *f = to_stdout ? stdout : fopen(path, "w");
	char title[512];
	int ret;

	if (!f)
		return mr_cli_fail(c, "cannot write '%s': %s", path, strerror(errno));
	snprintf(title, sizeof(title), "Physical address map of %s", mr_machine_spec(c->m));
	ret = mr_svg_map(f, root, title);
	if (to_stdout ? fflush(f) : fclose(f))
		ret = -errno;
	if (ret)
		return mr_cli_fail(c, "cannot write '%s': %s", path, strerror(-ret));
	return MR_EXIT_OK;
}

static int mr_cli_iomem(struct mr_cli *c, int argc, char **argv)
{
	const char *svg = NULL;
	struct resource *root;
	bool tree = false;
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP)
			return c->ret;
		if (opt == 't')
			tree = true;
		else if (opt == 's')
			svg = optarg;
	}
	if (!mr_cli_operands(c, argc, argv, 0, 0))
		return c->ret;
	if (tree && c->json)
		return mr_cli_usage_error(c, "--tree and --json are two formats: choose one");
	if (svg && !strcmp(svg, "-") && (tree || c->json))
		return mr_cli_usage_error(c, "--svg - and another format would share stdout");
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	root = mr_iomem_resource(c->m);
	if (!root)
		return mr_cli_fail(c, "the machine has no resource tree: %s", mr_errmsg());
	if (svg) {
		ret = mr_iomem_svg(c, root, svg);
		if (ret || (!tree && !c->json))
			return ret;
	}
	if (tree)
		return mr_iomem_tree(c, root);
	if (c->json)
		return mr_iomem_json(c, root);
	fflush(stdout);
	if (mr_iomem_print(root, stdout))
		return mr_cli_fail(c, "cannot write the tree: %s", mr_errmsg());
	return MR_EXIT_OK;
}

static const struct mr_cli_opt mr_iomem_opts[] = {
	{"tree", 't', NULL, "an indented tree with sizes and kinds"},
	{"json", 'j', NULL, "JSON: every resource with its range, flags, kind, children"},
	{"svg", 's', "FILE",
	 "draw the physical address map as SVG ('-': stdout); heights\n"
	 "grow with the logarithm of each range's size, holes between\n"
	 "resources are folded, colours give the kind"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_iomem = {
	.name = "iomem",
	.summary = "the resource tree: /proc/iomem text, a tree, JSON or an SVG map",
	.synopsis = "[--tree | --json] [--svg FILE]",
	.about = "Show the machine's resource tree. Without options: /proc/iomem text.\n",
	.opts = mr_iomem_opts,
	.run = mr_cli_iomem,
};
