// SPDX-License-Identifier: MIT
/*
 * A flattened device tree as the resource tree the kernel would build from
 * it (arm64's request_standard_resources() and of_platform's devices):
 * memory nodes give "System RAM"; /reserved-memory regions with no-map cut
 * "reserved" out of it, the others sit inside it as "reserved"; an AMBA
 * device ("arm,primecell") has its first `reg` requested in its node's name
 * ("pl011@9000000"), as amba_device_add() does at boot. Other devices are
 * not there: of_platform's devices are added without their resources
 * (of_device_add), and appear only when a driver claims them, which the
 * sim machine's driver core does as the kernel's (devm_ioremap_resource).
 * The output is /proc/iomem text, which libmemremap
 * parses as any other map; nodes naming a device model
 * (`memremap,model = "edu"`) are listed as MODEL@ADDR lines.
 *
 * Pure: libfdt and libc only, so that libmemremap may call it through
 * dlopen() whatever else is loaded.
 */
#include <errno.h>
#include <libfdt.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MR_EXPORT __attribute__((visibility("default")))

/*
 * The structure block, walked tag by tag before libfdt reads a byte of it:
 * every name, length and string offset inside its block. libfdt 1.6.1 adds
 * a property's length to an int, and a length near 4 GiB sends its walks
 * (fdt_check_full() among them) back to an earlier tag forever; fuzz_fdt
 * found two such trees. Version 17, as dtc writes: it says the block's
 * size. NULL, or what is wrong.
 */
const char *mr_compat_fdt_bad(const void *blob, size_t len)
{
	uint64_t soff, ssz, stroff, strsz, off = 0, plen, nameoff;
	const uint8_t *s;
	const char *strs;
	unsigned int depth = 0;

	if (len < sizeof(struct fdt_header) || fdt_check_header(blob))
		return "bad header";
	if (fdt_version(blob) < 17)
		return "a version below 17 (dtc writes 17)";
	soff = fdt_off_dt_struct(blob);
	ssz = fdt_size_dt_struct(blob);
	stroff = fdt_off_dt_strings(blob);
	strsz = fdt_size_dt_strings(blob);
	if (soff + ssz > len || stroff + strsz > len)
		return "a block lies past its end";
	s = (const uint8_t *)blob + soff;
	strs = (const char *)blob + stroff;
	for (;;) {
		if (ssz - off < 4)
			return "the structure block ends without FDT_END";
		off += 4;
		switch (fdt32_ld((const fdt32_t *)(s + off - 4))) {
		case FDT_BEGIN_NODE: {
			const uint8_t *nul = memchr(s + off, 0, ssz - off);

			if (!nul)
				return "a node's name runs past the block";
			off = ((uint64_t)(nul - s) + 1 + 3) & ~3ULL;
			depth++;
			break;
		}
		case FDT_END_NODE:
			if (!depth--)
				return "a node ends that never began";
			break;
		case FDT_PROP:
			if (!depth || ssz - off < 8)
				return "a property outside a node or cut short";
			plen = fdt32_ld((const fdt32_t *)(s + off));
			nameoff = fdt32_ld((const fdt32_t *)(s + off + 4));
			off += 8;
			if (plen > ssz - off)
				return "a property's value runs past the block";
			if (nameoff >= strsz || !memchr(strs + nameoff, 0, strsz - nameoff))
				return "a property's name lies outside the strings";
			off = (off + plen + 3) & ~3ULL;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth ? "FDT_END inside a node" : NULL;
		default:
			return "an unknown tag";
		}
		if (off > ssz)
			return "a tag runs past the block";
	}
}

struct range {
	uint64_t start, end;
	char name[96];
	int kind; /* 0 RAM, 1 reserved no-map, 2 reserved (mapped), 3 device */
};

struct ranges {
	struct range *r;
	size_t n, cap;
};

/*
 * A tree may name a region anything, newlines included ("reg-names" is free
 * text); /proc/iomem is one line per region, so a control character would
 * start a line the parser cannot read. It becomes '?', as the region's name
 * is only ever shown.
 */
static void copy_name(char *dst, size_t cap, const char *name)
{
	size_t i;

	for (i = 0; i + 1 < cap && name[i]; i++)
		dst[i] = ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) ? '?' : name[i];
	dst[i] = '\0';
}

static int push(struct ranges *rs, uint64_t start, uint64_t size, const char *name, int kind)
{
	if (!size || start + size - 1 < start)
		return 0;
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 32;
		struct range *r = realloc(rs->r, cap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		rs->r = r;
		rs->cap = cap;
	}
	rs->r[rs->n] = (struct range){start, start + size - 1, "", kind};
	copy_name(rs->r[rs->n].name, sizeof(rs->r[rs->n].name), name);
	rs->n++;
	return 0;
}

static uint32_t cells(const void *blob, int node, const char *name, uint32_t dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(blob, node, name, &len);

	return p && len == 4 ? fdt32_to_cpu(*p) : dflt;
}

/* PCI's three address cells are the most a real tree uses. */
#define MR_FDT_MAX_CELLS 4
#define MR_FDT_MODEL_MAX 128

static uint64_t read_cells(const fdt32_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* @addr seen from @bus's children, translated up to the root; -1 when a bus does not map. */
static int translate(const void *blob, int bus, uint64_t *addr)
{
	while (bus > 0) {
		int parent = fdt_parent_offset(blob, bus), len;
		const fdt32_t *r = fdt_getprop(blob, bus, "ranges", &len);
		uint32_t na = cells(blob, bus, "#address-cells", 2),
			 ns = cells(blob, bus, "#size-cells", 1);
		uint32_t pna = cells(blob, parent, "#address-cells", 2);
		int step, hit = 0;

		/* A tree's own cell counts: a hostile one must not stride past the property. */
		if (!r || na > MR_FDT_MAX_CELLS || pna > MR_FDT_MAX_CELLS || ns > MR_FDT_MAX_CELLS)
			return -1;
		step = (int)(na + pna + ns);
		for (int at = 0; len && step && (at + step) * 4 <= len; at += step) {
			uint64_t c = read_cells(r + at, na), p = read_cells(r + at + na, pna);
			uint64_t s = read_cells(r + at + na + pna, ns);

			if (*addr >= c && *addr - c < s) {
				*addr = *addr - c + p;
				hit = 1;
				break;
			}
		}
		if (len && !hit)
			return -1;
		bus = parent;
	}
	return 0;
}

static int add_regs(const void *blob, int node, struct ranges *rs, int kind, const char *fixed,
		    int max)
{
	int parent = fdt_parent_offset(blob, node), len, nlen = 0, at = 0;
	uint32_t na = cells(blob, parent, "#address-cells", 2),
		 ns = cells(blob, parent, "#size-cells", 1);
	const fdt32_t *reg = fdt_getprop(blob, node, "reg", &len);
	const char *names = fdt_getprop(blob, node, "reg-names", &nlen);
	const char *nodename = fdt_get_name(blob, node, NULL);

	if (!reg || na < 1 || na > 2 || ns > 2)
		return 0;
	for (int i = 0; i < max && (i + 1) * (int)(na + ns) * 4 <= len; i++) {
		uint64_t a = read_cells(reg + i * (int)(na + ns), na);
		uint64_t s = ns ? read_cells(reg + i * (int)(na + ns) + na, ns) : 0;
		const char *name = fixed ? fixed : nodename;
		int ret;

		if (names && at < nlen) {
			if (!fixed)
				name = names + at;
			at += (int)strnlen(names + at, (size_t)(nlen - at)) + 1;
		}
		if (translate(blob, parent, &a))
			continue;
		ret = push(rs, a, s, name, kind);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * A property's value as a C string: only when its NUL lies inside the
 * value. *@present (when given) says whether the property is there at all.
 */
static const char *prop_str(const void *blob, int node, const char *name, bool *present)
{
	int len;
	const char *s = fdt_getprop(blob, node, name, &len);

	if (present)
		*present = s != NULL;
	return s && len > 0 && memchr(s, '\0', (size_t)len) ? s : NULL;
}

static int available(const void *blob, int node)
{
	bool present;
	const char *s = prop_str(blob, node, "status", &present);

	/* A status that is not a string is not "okay" either. */
	return !present || (s && (!strcmp(s, "okay") || !strcmp(s, "ok")));
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* the larger one first: it is the parent */
	return x->kind - y->kind;
}

/* RAM minus the no-map holes, as separate "System RAM" ranges. */
static int cut_ram(struct ranges *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->r[i].kind != 0)
			continue;
		for (size_t j = 0; j < rs->n; j++) {
			struct range *ram = &rs->r[i];
			/* By value: push() may move the array under both. */
			struct range h = rs->r[j];

			if (h.kind != 1 || h.end < ram->start || h.start > ram->end)
				continue;
			if (h.end < ram->end &&
			    push(rs, h.end + 1, ram->end - h.end, "System RAM", 0))
				return -ENOMEM;
			ram = &rs->r[i];
			if (h.start > ram->start)
				ram->end = h.start - 1;
			else
				ram->kind = -1; /* wholly covered */
		}
	}
	return 0;
}

static int text_of(struct ranges *rs, char **out)
{
	size_t cap = rs->n * 140 + 1, at = 0, depth = 0;
	uint64_t stack_end[16];
	char *t = malloc(cap);

	if (!t)
		return -ENOMEM;
	/* No ranges: no array either (qsort() wants one all the same). */
	if (rs->n)
		qsort(rs->r, rs->n, sizeof(*rs->r), cmp_range);
	t[0] = '\0';
	for (size_t i = 0; i < rs->n; i++) {
		struct range *r = &rs->r[i];

		if (r->kind < 0)
			continue;
		while (depth && r->start > stack_end[depth - 1])
			depth--;
		if (depth && r->end > stack_end[depth - 1])
			continue; /* straddles its neighbour: the kernel would refuse it too */
		if (depth >= 15)
			continue;
		at += (size_t)snprintf(t + at, cap - at, "%*s%08llx-%08llx : %s\n", (int)depth * 2,
				       "", (unsigned long long)r->start, (unsigned long long)r->end,
				       r->name);
		stack_end[depth++] = r->end;
	}
	*out = t;
	return 0;
}

/*
 * The model becomes one "MODEL@ADDR" line of a machine spec: a name that
 * would end that line, split the spec or overflow it is the tree's error.
 */
static bool model_ok(const char *model)
{
	size_t i;

	for (i = 0; model && model[i] && i <= MR_FDT_MODEL_MAX; i++)
		if ((unsigned char)model[i] <= ' ' || model[i] == 0x7f || strchr("@,=", model[i]))
			return false;
	return model && i && i <= MR_FDT_MODEL_MAX;
}

static int add_model(const void *blob, int node, char **models, size_t *len)
{
	bool present;
	const char *model = prop_str(blob, node, "memremap,model", &present);
	int parent = fdt_parent_offset(blob, node), rl;
	uint32_t na = cells(blob, parent, "#address-cells", 2);
	const fdt32_t *reg = fdt_getprop(blob, node, "reg", &rl);
	uint64_t a;
	char line[160];
	char *m;
	int n;

	if (!present)
		return 0;
	if (!model_ok(model))
		return -EINVAL;
	if (!reg || na > MR_FDT_MAX_CELLS || rl < (int)na * 4)
		return 0;
	a = read_cells(reg, na);
	if (translate(blob, parent, &a))
		return 0;
	n = snprintf(line, sizeof(line), "%s@%#llx\n", model, (unsigned long long)a);
	m = realloc(*models, *len + (size_t)n + 1);
	if (!m)
		return -ENOMEM;
	memcpy(m + *len, line, (size_t)n + 1);
	*models = m;
	*len += (size_t)n;
	return 0;
}

/* An AMBA (PrimeCell) device: amba_device_add() requests its resource at boot. */
static int amba(const void *blob, int node)
{
	int len = 0;
	const char *compat = fdt_getprop(blob, node, "compatible", &len);

	return compat && fdt_stringlist_contains(compat, len, "arm,primecell");
}

static int walk(const void *blob, struct ranges *rs, char **models)
{
	int rmem = fdt_path_offset(blob, "/reserved-memory"), node, depth = 0, ret = 0;
	size_t mlen = 0;

	/* With a depth, libfdt walks past the root's end (depth -1) before it stops. */
	for (node = fdt_next_node(blob, 0, &depth); node >= 0 && depth > 0 && !ret;
	     node = fdt_next_node(blob, node, &depth)) {
		const char *type = prop_str(blob, node, "device_type", NULL);
		const char *name = fdt_get_name(blob, node, NULL);
		int parent = fdt_parent_offset(blob, node);

		if (!name || parent < 0)
			return -EINVAL;
		if (!available(blob, node) || node == rmem)
			continue;
		if (depth == 1 && ((type && !strcmp(type, "memory")) ||
				   !strncmp(name, "memory@", 7) || !strcmp(name, "memory")))
			ret = add_regs(blob, node, rs, 0, "System RAM", INT_MAX);
		else if (rmem >= 0 && parent == rmem)
			ret = add_regs(blob, node, rs,
				       fdt_getprop(blob, node, "no-map", NULL) ? 1 : 2, "reserved",
				       INT_MAX);
		else if (amba(blob, node))
			ret = add_regs(blob, node, rs, 3, name, 1);
		if (!ret)
			ret = add_model(blob, node, models, &mlen);
	}
	return ret;
}

MR_EXPORT int mr_compat_fdt_iomem(const void *blob, size_t len, char **iomem, char **models,
				  char *err, size_t errlen)
{
	struct ranges rs = {0};
	const char *bad;
	int ret;

	*iomem = NULL;
	*models = NULL;
	if (len < sizeof(struct fdt_header) || fdt_check_header(blob) ||
	    fdt_totalsize(blob) > len) {
		snprintf(err, errlen, "not a flattened device tree (bad header or size)");
		return -EINVAL;
	}
	/* The whole tree before a single lookup: ours first, then libfdt's own. */
	bad = mr_compat_fdt_bad(blob, len);
	ret = bad ? 0 : fdt_check_full(blob, len);
	if (bad || ret) {
		snprintf(err, errlen, "not a valid flattened device tree: %s",
			 bad ? bad : fdt_strerror(ret));
		return -EINVAL;
	}
	ret = walk(blob, &rs, models);
	if (!ret)
		ret = cut_ram(&rs);
	if (!ret)
		ret = text_of(&rs, iomem);
	free(rs.r);
	if (ret) {
		free(*models);
		*models = NULL;
		snprintf(err, errlen, "%s",
			 ret == -ENOMEM
				 ? "out of memory reading the device tree"
				 : "not a valid flattened device tree: a node without a name, "
				   "or a memremap,model that is not a model name");
	}
	return ret;
}

/* dtc -I dts -O dtb PATH, its output read from a pipe. */
MR_EXPORT int mr_compat_dtc(const char *path, void **blob, size_t *len, char *err, size_t errlen)
{
	char *argv[] = {"dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-", (char *)path, NULL};
	posix_spawn_file_actions_t fa;
	extern char **environ;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	int fds[2], status;
	pid_t pid;

	*blob = NULL;
	if (!buf || pipe(fds)) {
		free(buf);
		snprintf(err, errlen, "dtc: cannot make a pipe");
		return -ENOMEM;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	if (posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(fds[0]);
		close(fds[1]);
		free(buf);
		snprintf(err, errlen,
			 "%s is device-tree source and dtc is not installed (Debian package "
			 "device-tree-compiler); give a .dtb",
			 path);
		return -ENOENT;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *b = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;

			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
		r = read(fds[0], buf + n, cap - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !n) {
		free(buf);
		snprintf(err, errlen, "dtc could not compile %s", path);
		return -EINVAL;
	}
	*blob = buf;
	*len = n;
	return 0;
}
