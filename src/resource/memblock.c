// SPDX-License-Identifier: MIT
/*
 * memblock memory (mm/memblock.c): the physical memory the kernel knows it
 * has, each region mapped in its linear map or NOMAP (EFI runtime memory,
 * device-tree no-map carve-outs). arm64 judges RAM by it one page at a time:
 * pfn_is_map_memory() is true for a page whose first byte lies in a region
 * that is not NOMAP.
 *
 * A simulated machine learns it from /sys/kernel/debug/memblock/memory text,
 * or else from its /proc/iomem text: arm64 shows each region that is not
 * NOMAP as "System RAM", rounded inwards to whole pages
 * (request_standard_resources() in arch/arm64/kernel/setup.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "mr_resource.h"
#include "numbers.h"

void mr__memblock_init(struct mr__memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
}

void mr__memblock_free(struct mr__memblock *mb)
{
	mr__free(mb->v);
	memset(mb, 0, sizeof(*mb));
}

/* Append [base, last]; regions come in address order. */
static int mr__memblock_add(struct mr__memblock *mb, uint64_t base, uint64_t last, int nomap)
{
	if (mb->n == mb->cap) {
		size_t cap = mb->cap ? mb->cap * 2 : 8;
		struct mr__memblock_region *v = mr__realloc(mb->v, cap * sizeof(*v));

		if (!v)
			return mr__err(ENOMEM, "out of memory reading memblock regions");
		mb->v = v;
		mb->cap = cap;
	}
	mb->v[mb->n].base = base;
	mb->v[mb->n].last = last;
	mb->v[mb->n].nomap = nomap;
	mb->n++;
	return 0;
}

bool mr__memblock_is_map_memory(const struct mr__memblock *mb, uint64_t addr)
{
	size_t lo = 0, hi = mb->n;

	/* memblock_search(): the regions are sorted and do not overlap. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < mb->v[mid].base)
			hi = mid;
		else if (addr > mb->v[mid].last)
			lo = mid + 1;
		else
			return mb->v[mid].nomap != 1;
	}
	return false;
}

/* ---------------------------------------------------------- from iomem */

static int mr__memblock_ram_cb(struct resource *res, void *arg)
{
	struct mr__memblock *mb = arg;
	struct mr__memblock_region *prev = mb->n ? &mb->v[mb->n - 1] : NULL;

	/* Children (the kernel image) lie inside; neighbours may touch. */
	if (prev && (res->start <= prev->last || res->start - prev->last == 1)) {
		if (res->end > prev->last)
			prev->last = res->end;
		return 0;
	}
	return mr__memblock_add(mb, res->start, res->end, 0);
}

int mr__memblock_from_iomem(struct mr__memblock *mb, struct resource *root)
{
	int ret;

	mr__memblock_free(mb);
	ret = mr_walk_iomem_res_desc(root, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, 0, UINT64_MAX,
				     mb, mr__memblock_ram_cb);
	/* -EINVAL: no System RAM at all, which is a machine too. */
	if (ret < 0 && ret != -EINVAL) {
		mr__memblock_free(mb);
		return ret;
	}
	return 0;
}

void mr__memblock_nomap_from_iomem(struct mr__memblock *mb, struct resource *root)
{
	size_t i;

	for (i = 0; i < mb->n; i++) {
		struct mr__memblock_region *r = &mb->v[i];

		if (r->nomap >= 0)
			continue;
		/* A region not NOMAP shows System RAM; a NOMAP one shows "reserved". */
		r->nomap = r->last - r->base != UINT64_MAX &&
			   mr_region_intersects(root, r->base, (size_t)(r->last - r->base) + 1,
						IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE) == REGION_DISJOINT;
	}
}

/* ------------------------------------------------------------ the text */

/* One number of @p up to a byte of @stops; *@p moves past it. */
static int mr__memblock_num(const char **p, const char *end, const char *stops, uint64_t *v)
{
	const char *q = *p;
	char num[24];
	size_t n;

	while (q < end && !strchr(stops, *q))
		q++;
	n = (size_t)(q - *p);
	if (!n || n >= sizeof(num))
		return -1;
	memcpy(num, *p, n);
	num[n] = '\0';
	if (mr__num_parse(num, v))
		return -1;
	*p = q;
	return 0;
}

static const char *mr__memblock_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * "%4d: %pa..%pa", and from Linux 6.5 on " NID FLAG" after it, FLAG
 * being NONE, NOMAP, HOTPLUG, MIRROR, DRV_MNG, ...: *@nomap is -1 when the
 * line does not say.
 */
static int mr__memblock_line(const char *p, const char *end, uint64_t *base, uint64_t *last,
			     int *nomap)
{
	uint64_t idx, nid;
	const char *w;

	*nomap = -1;
	p = mr__memblock_blanks(p, end);
	if (mr__memblock_num(&p, end, ":", &idx) || p == end || *p++ != ':')
		return -1;
	p = mr__memblock_blanks(p, end);
	if (end - p < 3 || memcmp(p, "0x", 2) || mr__memblock_num(&p, end, ".", base) ||
	    end - p < 2 || memcmp(p, "..", 2))
		return -1;
	p += 2;
	if (end - p < 3 || memcmp(p, "0x", 2) || mr__memblock_num(&p, end, " \t", last))
		return -1;
	p = mr__memblock_blanks(p, end);
	if (p == end)
		return 0;
	/* The node: a number, or 'x' for none. */
	if (*p == 'x')
		p++;
	else if (mr__memblock_num(&p, end, " \t", &nid))
		return -1;
	p = mr__memblock_blanks(p, end);
	for (w = p; w < end && *w != ' ' && *w != '\t'; w++)
		if (!((*w >= 'A' && *w <= 'Z') || *w == '_'))
			return -1;
	if (w == p || mr__memblock_blanks(w, end) != end)
		return -1;
	*nomap = w - p == 5 && !memcmp(p, "NOMAP", 5);
	return 0;
}

/* "# memblock.memory", "# memblock.reserved": which list follows. */
static void mr__memblock_heading(const char *p, const char *end, bool *in_memory)
{
	size_t n = (size_t)(end - p);

	if (n >= 6 && !memcmp(end - 6, "memory", 6))
		*in_memory = true;
	else if (n >= 8 && !memcmp(end - 8, "reserved", 8))
		*in_memory = false;
}

int mr__memblock_parse(struct mr__memblock *mb, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned int lineno = 0;
	bool in_memory = true;
	int ret;

	mr__memblock_free(mb);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		uint64_t base, last;
		int nomap;

		lineno++;
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > p && *p == '#') {
			mr__memblock_heading(p, e, &in_memory);
		} else if (mr__memblock_blanks(p, e) != e) {
			/* Never the text: it may be a file not ours to show. */
			if (mr__memblock_line(p, e, &base, &last, &nomap) || last < base) {
				ret = mr__err(EINVAL,
					      "memblock line %u: expected 'N: 0xBASE..0xLAST'",
					      lineno);
				goto err_free;
			}
			if (in_memory && mb->n && base <= mb->v[mb->n - 1].last) {
				ret = mr__err(EINVAL,
					      "memblock line %u: regions out of order or "
					      "overlapping",
					      lineno);
				goto err_free;
			}
			if (in_memory) {
				ret = mr__memblock_add(mb, base, last, nomap);
				if (ret)
					goto err_free;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return 0;

err_free:
	mr__memblock_free(mb);
	return ret;
}
