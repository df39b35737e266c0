// SPDX-License-Identifier: MIT
/*
 * The device tree, unflattened (drivers/of/fdt.c's job) from the current
 * machine's blob with libfdt, and the of_*() calls that read it
 * (drivers/of/base.c, property.c, address.c, of_reserved_mem.c).
 *
 * Nodes live as long as the process once made: of_node_get()/put() count
 * but never free, which is what a kernel with a static tree does too.
 */
#include <errno.h>
#include <libfdt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

struct of_tree {
	void *blob;		   /* our copy: property values point into it */
	struct device_node *nodes; /* all of them, depth first: of_find_*() order */
	size_t n;
	struct reserved_mem *rmem;
	size_t nrmem;
	struct device_node **rmem_node;
};

static struct of_tree tree;
static pthread_mutex_t of_lock = PTHREAD_MUTEX_INITIALIZER;

MR_EXPORT struct device_node *of_root;
MR_EXPORT struct device_node *of_chosen;
static const struct fwnode_operations *const of_fwnode_ops = (const void *)&of_fwnode_ops;

static size_t node_index(const struct device_node *np)
{
	return (size_t)(np - tree.nodes);
}

static int of_count_props(const void *blob, int off)
{
	int n = 0, p;

	fdt_for_each_property_offset(p, blob, off) n++;
	return n;
}

static int of_unflatten_props(const void *blob, int off, struct device_node *np)
{
	struct property **tail = &np->properties;
	int p, n = of_count_props(blob, off);
	struct property *props = calloc((size_t)n + 1, sizeof(*props));

	if (!props)
		return -ENOMEM;
	fdt_for_each_property_offset(p, blob, off)
	{
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(blob, p, &name, &len);

		props->name = (char *)name;
		props->length = len;
		props->value = (void *)val;
		*tail = props;
		tail = &props->next;
		if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
			np->phandle = len == 4 ? fdt32_to_cpu(*(const fdt32_t *)val) : 0;
		props++;
	}
	return 0;
}

static int of_unflatten(const void *blob)
{
	struct device_node *stack[64];
	int off, depth = 0, n = 0;

	for (off = 0; off >= 0; off = fdt_next_node(blob, off, NULL))
		n++;
	tree.nodes = calloc((size_t)n, sizeof(*tree.nodes));
	if (!tree.nodes)
		return -ENOMEM;
	tree.n = (size_t)n;
	n = 0;
	/* With a depth, libfdt walks past the root's end (depth -1) before it stops. */
	for (off = 0; off >= 0 && depth >= 0 && n < (int)tree.n;
	     off = fdt_next_node(blob, off, &depth)) {
		struct device_node *np = &tree.nodes[n++];
		const char *full = fdt_get_name(blob, off, NULL);
		char *name;

		if (!full)
			return -EINVAL;
		if (depth >= (int)ARRAY_SIZE(stack))
			return -E2BIG;
		np->full_name = depth ? full : "/";
		name = strndup(np->full_name, strcspn(np->full_name, "@"));
		if (!name)
			return -ENOMEM;
		np->name = name;
		np->fwnode.ops = of_fwnode_ops;
		np->data = (void *)(intptr_t)off;
		if (of_unflatten_props(blob, off, np))
			return -ENOMEM;
		stack[depth] = np;
		if (depth) {
			struct device_node **link = &stack[depth - 1]->child;

			np->parent = stack[depth - 1];
			while (*link)
				link = &(*link)->sibling;
			*link = np;
		}
	}
	return 0;
}

static int of_collect_rmem(void)
{
	struct device_node *rm = of_find_node_by_path("/reserved-memory"), *np;
	size_t n = 0;

	if (!rm)
		return 0;
	for (np = rm->child; np; np = np->sibling)
		n++;
	tree.rmem = calloc(n + 1, sizeof(*tree.rmem));
	tree.rmem_node = calloc(n + 1, sizeof(*tree.rmem_node));
	if (!tree.rmem || !tree.rmem_node)
		return -ENOMEM;
	for (np = rm->child; np; np = np->sibling) {
		u64 base, size;

		if (!of_device_is_available(np) || mr_of_reg(np, 0, &base, &size))
			continue; /* dynamically placed regions have no reg here */
		tree.rmem[tree.nrmem] =
			(struct reserved_mem){.name = np->full_name,
					      .fdt_node = (unsigned long)(intptr_t)np->data,
					      .base = base,
					      .size = size};
		tree.rmem_node[tree.nrmem++] = np;
	}
	return 0;
}

int mr_of_ensure(void)
{
	const void *blob;
	size_t len;
	int ret = 0;

	pthread_mutex_lock(&of_lock);
	if (of_root)
		goto out;
	blob = mr_machine_fdt(mr_machine_current(), &len);
	if (!blob)
		goto out; /* no tree: no devices from it */
	/* Whole, as mr_compat_fdt_iomem() checks it: a bad one can loop libfdt. */
	if (fdt_check_header(blob) || fdt_totalsize(blob) > len || mr_compat_fdt_bad(blob, len) ||
	    fdt_check_full(blob, len)) {
		ret = -EINVAL;
		goto out;
	}
	tree.blob = malloc(len);
	if (!tree.blob) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(tree.blob, blob, len);
	ret = of_unflatten(tree.blob);
	if (!ret) {
		of_root = &tree.nodes[0];
		of_chosen = of_find_node_by_path("/chosen");
		ret = of_collect_rmem();
	}
out:
	pthread_mutex_unlock(&of_lock);
	return ret;
}

void mr_of_release(void)
{
	pthread_mutex_lock(&of_lock);
	for (size_t i = 0; i < tree.n; i++) {
		free((char *)tree.nodes[i].name);
		/* The first property of a node is the start of its array. */
		free(tree.nodes[i].properties);
	}
	free(tree.nodes);
	free(tree.blob);
	free(tree.rmem);
	free(tree.rmem_node);
	memset(&tree, 0, sizeof(tree));
	of_root = of_chosen = NULL;
	pthread_mutex_unlock(&of_lock);
}

size_t mr_of_count(void)
{
	return tree.n;
}

struct device_node *mr_of_node(size_t i)
{
	return i < tree.n ? &tree.nodes[i] : NULL;
}

struct reserved_mem *mr_of_rmem_all(size_t *n)
{
	*n = tree.nrmem;
	return tree.rmem;
}

/* ------------------------------------------------------------ the nodes */

MR_EXPORT bool is_of_node(const struct fwnode_handle *fwnode)
{
	return fwnode && fwnode->ops == of_fwnode_ops;
}

const char *mr_of_node_path(const struct device_node *np, char *buf, size_t len)
{
	const struct device_node *chain[64];
	size_t n = 0, at = 0;

	if (!np->parent)
		return "/";
	for (; np->parent && n < ARRAY_SIZE(chain); np = np->parent)
		chain[n++] = np;
	buf[0] = '\0';
	while (n--) {
		int w = snprintf(buf + at, len - at, "/%s", chain[n]->full_name);

		if (w < 0 || (size_t)w >= len - at)
			break;
		at += (size_t)w;
	}
	return buf;
}

MR_EXPORT const char *of_node_full_name(const struct device_node *np)
{
	return np ? np->full_name : "<no-node>";
}

MR_EXPORT struct device_node *of_node_get(struct device_node *node)
{
	return node;
}

MR_EXPORT void of_node_put(struct device_node *node)
{
	(void)node;
}

/* The child of @np whose full name ("serial@9000000") or name ("serial") is @path[0..n). */
static struct device_node *of_child_named(const struct device_node *np, const char *path, size_t n)
{
	struct device_node *c;

	for (c = np->child; c; c = c->sibling)
		if ((strlen(c->full_name) == n && !strncmp(c->full_name, path, n)) ||
		    (strlen(c->name) == n && !strncmp(c->name, path, n)))
			return c;
	return NULL;
}

MR_EXPORT struct device_node *of_find_node_by_path(const char *path)
{
	struct device_node *np = of_root;

	if (!np || !path || *path != '/')
		return NULL;
	for (;;) {
		size_t n;

		while (*path == '/')
			path++;
		if (!*path || *path == ':')
			return np;
		n = strcspn(path, "/:");
		np = of_child_named(np, path, n);
		if (!np)
			return NULL;
		path += n;
	}
}

/* The node after @from in depth-first order, or the first. */
static struct device_node *of_next(struct device_node *from)
{
	size_t i = from ? node_index(from) + 1 : 0;

	return i < tree.n ? &tree.nodes[i] : NULL;
}

MR_EXPORT struct device_node *of_find_node_by_name(struct device_node *from, const char *name)
{
	for (struct device_node *np = of_next(from); np; np = of_next(np))
		if (np->name && !of_node_cmp(np->name, name))
			return np;
	return NULL;
}

MR_EXPORT struct device_node *of_find_node_by_phandle(phandle handle)
{
	for (size_t i = 0; handle && i < tree.n; i++)
		if (tree.nodes[i].phandle == handle)
			return &tree.nodes[i];
	return NULL;
}

MR_EXPORT struct device_node *of_find_compatible_node(struct device_node *from, const char *type,
						      const char *compat)
{
	for (struct device_node *np = of_next(from); np; np = of_next(np)) {
		const char *t = of_get_property(np, "device_type", NULL);

		if (type && (!t || strcmp(t, type)))
			continue;
		if (of_device_is_compatible(np, compat))
			return np;
	}
	return NULL;
}

MR_EXPORT struct device_node *of_find_matching_node_and_match(struct device_node *from,
							      const struct of_device_id *matches,
							      const struct of_device_id **match)
{
	for (struct device_node *np = of_next(from); np; np = of_next(np)) {
		const struct of_device_id *m = of_match_node(matches, np);

		if (m) {
			if (match)
				*match = m;
			return np;
		}
	}
	return NULL;
}

MR_EXPORT struct device_node *of_get_parent(const struct device_node *node)
{
	return node ? node->parent : NULL;
}

MR_EXPORT struct device_node *of_get_next_child(const struct device_node *node,
						struct device_node *prev)
{
	if (!node)
		return NULL;
	return prev ? prev->sibling : node->child;
}

MR_EXPORT struct device_node *of_get_next_available_child(const struct device_node *node,
							  struct device_node *prev)
{
	struct device_node *c = of_get_next_child(node, prev);

	while (c && !of_device_is_available(c))
		c = c->sibling;
	return c;
}

MR_EXPORT struct device_node *of_get_child_by_name(const struct device_node *node, const char *name)
{
	struct device_node *c;

	for (c = of_get_next_child(node, NULL); c; c = c->sibling)
		if (of_node_name_eq(c, name))
			return c;
	return NULL;
}

MR_EXPORT struct device_node *of_get_compatible_child(const struct device_node *parent,
						      const char *compatible)
{
	struct device_node *c;

	for (c = of_get_next_child(parent, NULL); c; c = c->sibling)
		if (of_device_is_compatible(c, compatible))
			return c;
	return NULL;
}

MR_EXPORT int of_get_child_count(const struct device_node *np)
{
	int n = 0;

	for (struct device_node *c = of_get_next_child(np, NULL); c; c = c->sibling)
		n++;
	return n;
}

/* ------------------------------------------------------- the properties */

MR_EXPORT struct property *of_find_property(const struct device_node *np, const char *name,
					    int *lenp)
{
	if (!np || !name)
		return NULL;
	for (struct property *pp = np->properties; pp; pp = pp->next)
		if (!strcmp(pp->name, name)) {
			if (lenp)
				*lenp = pp->length;
			return pp;
		}
	return NULL;
}

MR_EXPORT const void *of_get_property(const struct device_node *np, const char *name, int *lenp)
{
	struct property *pp = of_find_property(np, name, lenp);

	return pp ? pp->value : NULL;
}

/* The value of @name if it holds at least @min bytes: -EINVAL absent, -ENODATA empty, -EOVERFLOW
 * short. */
static const void *of_value(const struct device_node *np, const char *name, size_t min, size_t *len,
			    int *err)
{
	struct property *pp = of_find_property(np, name, NULL);

	*err = 0;
	if (!pp) {
		*err = -EINVAL;
		return NULL;
	}
	if (!pp->value) {
		*err = -ENODATA;
		return NULL;
	}
	if ((size_t)pp->length < min) {
		*err = -EOVERFLOW;
		return NULL;
	}
	if (len)
		*len = (size_t)pp->length;
	return pp->value;
}

#define MR__OF_READ_ARRAY(bits, conv)                                                        \
	MR_EXPORT int of_property_read_u##bits##_array(                                      \
		const struct device_node *np, const char *propname, u##bits *out, size_t sz) \
	{                                                                                    \
		int err;                                                                     \
		const u8 *v = of_value(np, propname, sz * sizeof(*out), NULL, &err);         \
		if (!v)                                                                      \
			return err;                                                          \
		for (size_t i = 0; i < sz; i++) {                                            \
			u##bits x;                                                           \
			memcpy(&x, v + i * sizeof(x), sizeof(x));                            \
			out[i] = conv(x);                                                    \
		}                                                                            \
		return 0;                                                                    \
	}
#define MR__ID(x) (x)
MR__OF_READ_ARRAY(8, MR__ID)
MR__OF_READ_ARRAY(16, be16_to_cpu)
MR__OF_READ_ARRAY(32, be32_to_cpu)
#undef MR__ID

/* A u64 array is pairs of cells, as the kernel reads it. */
MR_EXPORT int of_property_read_u64_array(const struct device_node *np, const char *propname,
					 u64 *out, size_t sz)
{
	int err;
	const u8 *v = of_value(np, propname, sz * 8, NULL, &err);

	if (!v)
		return err;
	for (size_t i = 0; i < sz; i++) {
		u32 hi, lo;

		memcpy(&hi, v + 8 * i, 4);
		memcpy(&lo, v + 8 * i + 4, 4);
		out[i] = ((u64)be32_to_cpu(hi) << 32) | be32_to_cpu(lo);
	}
	return 0;
}

MR_EXPORT int of_property_read_u64(const struct device_node *np, const char *propname, u64 *out)
{
	return of_property_read_u64_array(np, propname, out, 1);
}

MR_EXPORT int of_property_read_u32_index(const struct device_node *np, const char *propname,
					 u32 index, u32 *out)
{
	int err;
	const u8 *v = of_value(np, propname, ((size_t)index + 1) * 4, NULL, &err);
	u32 x;

	if (!v)
		return err;
	memcpy(&x, v + 4 * (size_t)index, 4);
	*out = be32_to_cpu(x);
	return 0;
}

MR_EXPORT int of_property_count_elems_of_size(const struct device_node *np, const char *propname,
					      int elem_size)
{
	struct property *pp = of_find_property(np, propname, NULL);

	if (!pp)
		return -EINVAL;
	if (!pp->value)
		return -ENODATA;
	if (elem_size <= 0 || pp->length % elem_size)
		return -EINVAL;
	return pp->length / elem_size;
}

MR_EXPORT int of_property_read_string(const struct device_node *np, const char *propname,
				      const char **out)
{
	struct property *pp = of_find_property(np, propname, NULL);

	if (!pp)
		return -EINVAL;
	if (!pp->length)
		return -ENODATA;
	if (strnlen(pp->value, (size_t)pp->length) >= (size_t)pp->length)
		return -EILSEQ;
	*out = pp->value;
	return 0;
}

/* of_property_read_string_helper(): count, or fill @out from string @skip on. */
MR_EXPORT int of_property_read_string_helper(const struct device_node *np, const char *propname,
					     const char **out, size_t sz, int skip)
{
	struct property *pp = of_find_property(np, propname, NULL);
	const char *p, *end;
	int i = 0;

	if (!pp)
		return -EINVAL;
	if (!pp->value)
		return -ENODATA;
	p = pp->value;
	end = p + pp->length;
	for (; p < end && (!out || (size_t)i < skip + sz); i++, p += strlen(p) + 1) {
		if (strnlen(p, (size_t)(end - p)) >= (size_t)(end - p))
			return -EILSEQ;
		if (out && i >= skip)
			*out++ = p;
	}
	i -= skip;
	return i <= 0 ? -ENODATA : i;
}

MR_EXPORT int of_property_match_string(const struct device_node *np, const char *propname,
				       const char *string)
{
	struct property *pp = of_find_property(np, propname, NULL);
	const char *p, *end;

	if (!pp)
		return -EINVAL;
	if (!pp->value)
		return -ENODATA;
	p = pp->value;
	end = p + pp->length;
	for (int i = 0; p < end; i++, p += strlen(p) + 1) {
		if (strnlen(p, (size_t)(end - p)) >= (size_t)(end - p))
			return -EILSEQ;
		if (!strcmp(string, p))
			return i;
	}
	return -ENODATA;
}

/* 0 when no entry of "compatible" is @compat, else a score: earlier is better. */
MR_EXPORT int of_device_is_compatible(const struct device_node *device, const char *compat)
{
	int i;

	if (!device || !compat || !*compat)
		return 0;
	i = of_property_match_string(device, "compatible", compat);
	if (i < 0) {
		/* The kernel compares case-insensitively; a second pass for that. */
		const char *list[32];
		int n = of_property_read_string_helper(device, "compatible", list, 32, 0);

		for (i = 0; i < n; i++)
			if (!strcasecmp(list[i], compat))
				break;
		if (i >= n || n < 0)
			return 0;
	}
	return i < 64 ? (64 - i) * 4 : 1;
}

MR_EXPORT bool of_device_is_available(const struct device_node *device)
{
	const char *status;

	if (!device)
		return false;
	if (of_property_read_string(device, "status", &status))
		return true;
	return !strcmp(status, "okay") || !strcmp(status, "ok");
}

MR_EXPORT bool of_machine_is_compatible(const char *compat)
{
	return of_device_is_compatible(of_root, compat) > 0;
}

/* The best entry of @matches: compatible first, then type, then name. */
MR_EXPORT const struct of_device_id *of_match_node(const struct of_device_id *matches,
						   const struct device_node *node)
{
	const struct of_device_id *best = NULL;
	int best_score = 0;

	if (!matches || !node)
		return NULL;
	for (; matches->name[0] || matches->type[0] || matches->compatible[0]; matches++) {
		int score = 0;

		if (matches->compatible[0]) {
			score = of_device_is_compatible(node, matches->compatible);
			if (!score)
				continue;
		}
		if (matches->type[0]) {
			const char *t = of_get_property(node, "device_type", NULL);

			if (!t || of_node_cmp(t, matches->type))
				continue;
			score += 2;
		}
		if (matches->name[0]) {
			if (!node->name || of_node_cmp(node->name, matches->name))
				continue;
			score++;
		}
		if (score > best_score) {
			best = matches;
			best_score = score;
		}
	}
	return best;
}

static int of_cells(const struct device_node *np, const char *name, int dflt)
{
	for (; np; np = np->parent) {
		u32 v;

		if (!of_property_read_u32(np, name, &v))
			return (int)v;
	}
	return dflt;
}

MR_EXPORT int of_n_addr_cells(struct device_node *np)
{
	return of_cells(np && np->parent ? np->parent : np, "#address-cells", 2);
}

MR_EXPORT int of_n_size_cells(struct device_node *np)
{
	return of_cells(np && np->parent ? np->parent : np, "#size-cells", 1);
}

MR_EXPORT int of_parse_phandle_with_args(const struct device_node *np, const char *list_name,
					 const char *cells_name, int index,
					 struct of_phandle_args *out)
{
	int len, at = 0;
	const __be32 *list = of_get_property(np, list_name, &len);

	if (!list)
		return -ENOENT;
	len /= 4;
	for (int cur = 0; at < len; cur++) {
		struct device_node *target = of_find_node_by_phandle(be32_to_cpu(list[at]));
		u32 count = 0;

		if (!target)
			return -EINVAL;
		if (cells_name && of_property_read_u32(target, cells_name, &count))
			return -EINVAL;
		if (at + 1 + (int)count > len || count > MAX_PHANDLE_ARGS)
			return -EINVAL;
		if (cur == index) {
			if (out) {
				out->np = target;
				out->args_count = (int)count;
				for (u32 i = 0; i < count; i++)
					out->args[i] = be32_to_cpu(list[at + 1 + (int)i]);
			}
			return 0;
		}
		at += 1 + (int)count;
	}
	return -ENOENT;
}

MR_EXPORT struct device_node *of_parse_phandle(const struct device_node *np,
					       const char *phandle_name, int index)
{
	struct of_phandle_args args;

	if (index < 0 || of_parse_phandle_with_args(np, phandle_name, NULL, index, &args))
		return NULL;
	return args.np;
}

MR_EXPORT int of_count_phandle_with_args(const struct device_node *np, const char *list_name,
					 const char *cells_name)
{
	int n = 0;

	while (!of_parse_phandle_with_args(np, list_name, cells_name, n, NULL))
		n++;
	return n ? n : -ENOENT;
}

MR_EXPORT int of_alias_get_id(struct device_node *np, const char *stem)
{
	struct device_node *aliases = of_find_node_by_path("/aliases");
	char path[512];

	if (!aliases || !np)
		return -ENODEV;
	mr_of_node_path(np, path, sizeof(path));
	for (struct property *pp = aliases->properties; pp; pp = pp->next) {
		size_t n = strlen(stem);

		if (!strncmp(pp->name, stem, n) && pp->name[n] >= '0' && pp->name[n] <= '9' &&
		    !strcmp(pp->value, path))
			return atoi(pp->name + n);
	}
	return -ENODEV;
}

/* ------------------------------------------------------------- addresses */

static u64 of_cells_read(const __be32 *cell, int n)
{
	return of_read_number(cell, n);
}

/* Translate @addr from @bus's children up through every `ranges`. */
static int of_translate(const struct device_node *bus, u64 *addr)
{
	for (; bus && bus->parent; bus = bus->parent) {
		int len, na = of_cells(bus, "#address-cells", 2),
			 ns = of_cells(bus, "#size-cells", 1);
		int pna = of_cells(bus->parent, "#address-cells", 2);
		const __be32 *r = of_get_property(bus, "ranges", &len);
		bool hit = false;

		if (!r)
			return -EINVAL; /* not a bus that maps its children */
		if (!len)
			continue; /* identity */
		for (int at = 0; (at + na + pna + ns) * 4 <= len; at += na + pna + ns) {
			u64 child = of_cells_read(r + at, na),
			    parent = of_cells_read(r + at + na, pna);
			u64 size = of_cells_read(r + at + na + pna, ns);

			if (*addr >= child && *addr - child < size) {
				*addr = *addr - child + parent;
				hit = true;
				break;
			}
		}
		if (!hit)
			return -EINVAL;
	}
	return 0;
}

int mr_of_reg(const struct device_node *np, int index, u64 *addr, u64 *size)
{
	int len, na, ns;
	const __be32 *reg;

	if (!np || !np->parent || index < 0)
		return -EINVAL;
	na = of_cells(np->parent, "#address-cells", 2);
	ns = of_cells(np->parent, "#size-cells", 1);
	reg = of_get_property(np, "reg", &len);
	if (!reg || na < 1 || na > 2 || ns < 0 || ns > 2)
		return -EINVAL;
	if ((index + 1) * (na + ns) * 4 > len)
		return -EINVAL;
	reg += index * (na + ns);
	*addr = of_cells_read(reg, na);
	*size = ns ? of_cells_read(reg + na, ns) : 0;
	return of_translate(np->parent, addr);
}

MR_EXPORT int of_address_to_resource(struct device_node *dev, int index, struct resource *r)
{
	u64 addr, size;
	const char *name = NULL;

	if (mr_of_reg(dev, index, &addr, &size) || !size)
		return -EINVAL;
	of_property_read_string_index(dev, "reg-names", index, &name);
	memset(r, 0, sizeof(*r));
	r->start = addr;
	r->end = addr + size - 1;
	r->flags = IORESOURCE_MEM;
	r->name = name ? name : dev->full_name;
	return 0;
}

MR_EXPORT const __be32 *of_get_address(struct device_node *dev, int index, u64 *size,
				       unsigned int *flags)
{
	int len, na, ns;
	const __be32 *reg;

	if (!dev || !dev->parent)
		return NULL;
	na = of_cells(dev->parent, "#address-cells", 2);
	ns = of_cells(dev->parent, "#size-cells", 1);
	reg = of_get_property(dev, "reg", &len);
	if (!reg || (index + 1) * (na + ns) * 4 > len)
		return NULL;
	reg += index * (na + ns);
	if (size)
		*size = of_cells_read(reg + na, ns);
	if (flags)
		*flags = IORESOURCE_MEM;
	return reg;
}

MR_EXPORT u64 of_translate_address(struct device_node *dev, const __be32 *in_addr)
{
	u64 addr;

	if (!dev || !dev->parent)
		return ~0ull;
	addr = of_cells_read(in_addr, of_cells(dev->parent, "#address-cells", 2));
	return of_translate(dev->parent, &addr) ? ~0ull : addr;
}

MR_EXPORT void __iomem *of_iomap(struct device_node *node, int index)
{
	struct resource res;

	if (of_address_to_resource(node, index, &res))
		return NULL;
	return ioremap(res.start, resource_size(&res));
}

MR_EXPORT void __iomem *of_io_request_and_map(struct device_node *np, int index, const char *name)
{
	struct resource res;
	void __iomem *mem;

	if (of_address_to_resource(np, index, &res))
		return ERR_PTR(-EINVAL);
	if (!request_mem_region(res.start, resource_size(&res), name ? name : res.name))
		return ERR_PTR(-EBUSY);
	mem = ioremap(res.start, resource_size(&res));
	if (!mem) {
		release_mem_region(res.start, resource_size(&res));
		return ERR_PTR(-ENOMEM);
	}
	return mem;
}

MR_EXPORT int of_range_to_resource(struct device_node *np, int index, struct resource *res)
{
	(void)np;
	(void)index;
	(void)res;
	return -ENOENT;
}

/* ------------------------------------------------------- reserved memory */

MR_EXPORT struct reserved_mem *of_reserved_mem_lookup(struct device_node *np)
{
	for (size_t i = 0; np && i < tree.nrmem; i++)
		if (tree.rmem_node[i] == np)
			return &tree.rmem[i];
	return NULL;
}

MR_EXPORT int of_reserved_mem_region_count(const struct device_node *np)
{
	int n = of_count_phandle_with_args(np, "memory-region", NULL);

	return n < 0 ? 0 : n;
}

MR_EXPORT int of_reserved_mem_region_to_resource(const struct device_node *np, unsigned int idx,
						 struct resource *res)
{
	struct device_node *target = of_parse_phandle(np, "memory-region", (int)idx);
	struct reserved_mem *rmem = of_reserved_mem_lookup(target);

	if (!target)
		return -ENODEV;
	if (!rmem)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	res->start = rmem->base;
	res->end = rmem->base + rmem->size - 1;
	res->flags = IORESOURCE_MEM;
	res->name = rmem->name;
	return 0;
}

MR_EXPORT int of_reserved_mem_device_init_by_idx(struct device *dev, struct device_node *np,
						 int idx)
{
	struct device_node *target = of_parse_phandle(np, "memory-region", idx);
	struct reserved_mem *rmem = of_reserved_mem_lookup(target);

	if (!target)
		return -ENODEV;
	if (!rmem)
		return -EINVAL;
	if (rmem->ops && rmem->ops->device_init)
		return rmem->ops->device_init(rmem, dev);
	return 0;
}

MR_EXPORT void of_reserved_mem_device_release(struct device *dev)
{
	(void)dev;
}
