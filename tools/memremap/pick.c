// SPDX-License-Identifier: MIT
/*
 * Ranges chosen from a machine's map for demo and bench (see pick.h). Each
 * choice walks the tree in address order, so that the same map always gives
 * the same ranges.
 */
#include <string.h>

#include <memremap/pci.h>

#include "cli.h"
#include "pick.h"

#define MR_PICK_PAGE	   0x1000ULL
#define MR_PICK_WINDOW_MIN (64ULL << 10)
/*
 * Below 1 MiB, x86 keeps its legacy areas (VGA, option ROMs), where the
 * kernel tracks no cache type: no device range is chosen there.
 */
#define MR_PICK_LOW  (1ULL << 20)
#define MR_PICK_SIDE 0x10000ULL /* a mixed range reaches this far each side */

/* ----------------------------------------------------------- what is what */

static bool mr_pick_prefix(const struct resource *r, const char *prefix)
{
	return r->name && !strncmp(r->name, prefix, strlen(prefix));
}

static bool mr_pick_is_ram(const struct resource *r)
{
	return (r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM;
}

/* "0000:00:02.0": a PCI function's BAR, as pci_request_regions() names it. */
static bool mr_pick_is_bar(const struct resource *r)
{
	size_t n = r->name ? mr_pci_name_parse(r->name, 0, NULL) : 0;

	return n && !r->name[n];
}

/* A host bridge or bridge window: its name, or a bus below it, says so. */
static bool mr_pick_is_window(const struct resource *r)
{
	const struct resource *c;

	if (mr_pick_prefix(r, "PCI Bus "))
		return true;
	for (c = r->child; c; c = c->sibling)
		if (mr_pick_prefix(c, "PCI Bus "))
			return true;
	return false;
}

/*
 * Subtrees with no device registers in them: config space (a register
 * there reconfigures a bus), System RAM and what lies inside it, and
 * memory the firmware or the kernel set aside.
 */
static bool mr_pick_skip(const struct resource *r)
{
	switch (mr_cli_kind_of(r)) {
	case MR_KIND_RAM:
	case MR_KIND_KERNEL:
	case MR_KIND_RESERVED:
	case MR_KIND_ACPI:
	case MR_KIND_PERSISTENT:
	case MR_KIND_ROM:
		return true;
	default:
		break;
	}
	return mr_pick_is_ram(r) || mr_pick_prefix(r, "PCI MMCONFIG") ||
	       mr_pick_prefix(r, "PCI ECAM") || r->desc == IORES_DESC_CXL;
}

/* ---------------------------------------------------------------- choosing */

struct mr_pick_ctx {
	struct mr_machine *m;
	struct resource *root;
	uint64_t last; /* the last address below the physical width */
	uint64_t max;  /* the most a range may take */
	const struct mr_cli_pick *avoid;
	struct mr_cli_pick *best;
	uint64_t best_key[3]; /* smaller is better, compared in order */
	const char *what;
	uint64_t low;  /* ranges start here or above */
	uint64_t from; /* RAM: spans start here or above */
	bool first;    /* RAM: the first span large enough, not the largest */
};

static void mr_pick_ctx_init(struct mr_pick_ctx *x, struct mr_machine *m, uint64_t max,
			     const struct mr_cli_pick *avoid, struct mr_cli_pick *p)
{
	unsigned int bits = mr_machine_phys_bits(m);

	memset(x, 0, sizeof(*x));
	memset(p, 0, sizeof(*p));
	x->m = m;
	x->root = mr_iomem_resource(m);
	x->last = bits && bits < 64 ? (1ULL << bits) - 1 : UINT64_MAX;
	x->max = max;
	x->avoid = avoid && avoid->size ? avoid : NULL;
	x->best = p;
}

/* Within the physical width, clear of @avoid, and no cache type held yet. */
static bool mr_pick_usable(const struct mr_pick_ctx *x, uint64_t start, uint64_t size)
{
	unsigned long type;

	if (!size || start < x->low || start > x->last || size - 1 > x->last - start)
		return false;
	if (x->avoid && start <= x->avoid->start + (x->avoid->size - 1) &&
	    x->avoid->start <= start + (size - 1))
		return false;
	return mr_machine_memtype(x->m, start, (size_t)size, &type, NULL, 0) == 0;
}

static bool mr_pick_less(const uint64_t *a, const uint64_t *b)
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return false;
}

/* Keep the candidate if its key is smaller than the best one's. */
static void mr_pick_offer(struct mr_pick_ctx *x, const struct resource *r, uint64_t start,
			  uint64_t size, uint64_t k0, uint64_t k1, uint64_t k2)
{
	uint64_t key[3] = {k0, k1, k2};

	if (size > x->max)
		size = x->max;
	if (!mr_pick_usable(x, start, size))
		return;
	if (x->best->size && !mr_pick_less(key, x->best_key))
		return;
	memcpy(x->best_key, key, sizeof(key));
	x->best->start = start;
	x->best->size = size;
	x->best->res = r;
	x->best->what = x->what;
}

typedef void mr_pick_fn(struct mr_pick_ctx *x, const struct resource *r);

static void mr_pick_walk(struct mr_pick_ctx *x, const struct resource *first, mr_pick_fn *fn)
{
	const struct resource *r;

	for (r = first; r; r = r->sibling) {
		if (mr_pick_skip(r))
			continue;
		fn(x, r);
		mr_pick_walk(x, r->child, fn);
	}
}

typedef void mr_pick_gap_fn(struct mr_pick_ctx *x, const struct resource *r, uint64_t start,
			    uint64_t size);

/* Each whole-page span of @r that none of its children covers. */
static void mr_pick_gaps(struct mr_pick_ctx *x, const struct resource *r, mr_pick_gap_fn *fn)
{
	const struct resource *c = r->child;
	uint64_t pos = r->start, end, s, n;

	for (;;) {
		end = c ? c->start - 1 : r->end;
		if ((!c || c->start > pos) && pos <= UINT64_MAX - (MR_PICK_PAGE - 1)) {
			s = (pos + MR_PICK_PAGE - 1) & ~(MR_PICK_PAGE - 1);
			n = end >= s ? ((end - s) + 1) & ~(MR_PICK_PAGE - 1) : 0;
			if (n)
				fn(x, r, s, n);
		}
		if (!c || c->end == UINT64_MAX)
			return;
		pos = c->end + 1;
		c = c->sibling;
	}
}

/* ------------------------------------------------------------------ window */

static void mr_pick_window_bar(struct mr_pick_ctx *x, const struct resource *r)
{
	uint64_t size = resource_size(r);

	if (mr_pick_is_bar(r) && size >= MR_PICK_WINDOW_MIN && !(r->start & (MR_PICK_PAGE - 1)))
		mr_pick_offer(x, r, r->start, size, UINT64_MAX - size, r->start, 0);
}

static void mr_pick_window_gap(struct mr_pick_ctx *x, const struct resource *r, uint64_t start,
			       uint64_t size)
{
	if (size >= MR_PICK_WINDOW_MIN)
		mr_pick_offer(x, r, start, size, UINT64_MAX - size, start, 0);
}

static void mr_pick_window_space(struct mr_pick_ctx *x, const struct resource *r)
{
	if (mr_pick_is_window(r))
		mr_pick_gaps(x, r, mr_pick_window_gap);
}

static void mr_pick_window_dev(struct mr_pick_ctx *x, const struct resource *r)
{
	uint64_t size = resource_size(r);

	if (!mr_pick_is_bar(r) && !mr_pick_is_window(r) && size >= MR_PICK_WINDOW_MIN &&
	    !(r->start & (MR_PICK_PAGE - 1)))
		mr_pick_offer(x, r, r->start, size, UINT64_MAX - size, r->start, 0);
}

bool mr_cli_pick_window(struct mr_machine *m, uint64_t max, const struct mr_cli_pick *avoid,
			struct mr_cli_pick *p)
{
	struct mr_pick_ctx x;

	mr_pick_ctx_init(&x, m, max, avoid, p);
	x.low = MR_PICK_LOW;
	x.what = "the largest PCI BAR";
	mr_pick_walk(&x, x.root->child, mr_pick_window_bar);
	if (!p->size) {
		x.what = "space in a PCI window that no BAR uses";
		mr_pick_walk(&x, x.root->child, mr_pick_window_space);
	}
	if (!p->size) {
		x.what = "the largest device range";
		mr_pick_walk(&x, x.root->child, mr_pick_window_dev);
	}
	if (!p->size)
		p->what = "no PCI BAR, PCI window space or device range of 64 KiB or more";
	return p->size != 0;
}

/* -------------------------------------------------------------- registers */

static bool mr_pick_claimed(const struct mr_pick_ctx *x, uint64_t start)
{
	return mr_cli_claimed_by(x->root, start, MR_PICK_PAGE) != NULL;
}

static void mr_pick_regs_bar(struct mr_pick_ctx *x, const struct resource *r)
{
	if (mr_pick_is_bar(r) && resource_size(r) >= MR_PICK_PAGE &&
	    !(r->start & (MR_PICK_PAGE - 1)))
		mr_pick_offer(x, r, r->start, MR_PICK_PAGE, mr_pick_claimed(x, r->start),
			      resource_size(r), r->start);
}

static void mr_pick_regs_dev(struct mr_pick_ctx *x, const struct resource *r)
{
	if (!mr_pick_is_bar(r) && !mr_pick_is_window(r) && !(r->start & (MR_PICK_PAGE - 1)))
		mr_pick_offer(x, r, r->start, MR_PICK_PAGE, mr_pick_claimed(x, r->start), r->start,
			      0);
}

static void mr_pick_regs_gap(struct mr_pick_ctx *x, const struct resource *r, uint64_t start,
			     uint64_t size)
{
	mr_pick_offer(x, r, start, size, start, 0, 0);
}

static void mr_pick_regs_space(struct mr_pick_ctx *x, const struct resource *r)
{
	if (mr_pick_is_window(r))
		mr_pick_gaps(x, r, mr_pick_regs_gap);
}

bool mr_cli_pick_regs(struct mr_machine *m, const struct mr_cli_pick *avoid, struct mr_cli_pick *p)
{
	struct mr_pick_ctx x;

	mr_pick_ctx_init(&x, m, MR_PICK_PAGE, avoid, p);
	x.low = MR_PICK_LOW;
	x.what = "the smallest PCI BAR";
	mr_pick_walk(&x, x.root->child, mr_pick_regs_bar);
	if (!p->size) {
		x.what = "a device's registers";
		mr_pick_walk(&x, x.root->child, mr_pick_regs_dev);
	}
	if (!p->size) {
		x.what = "space in a PCI window that no BAR uses";
		mr_pick_walk(&x, x.root->child, mr_pick_regs_space);
	}
	if (!p->size)
		p->what = "no PCI BAR, device range or PCI window space";
	return p->size != 0;
}

/* --------------------------------------------------------------------- RAM */

static void mr_pick_ram_gap(struct mr_pick_ctx *x, const struct resource *r, uint64_t start,
			    uint64_t size)
{
	uint64_t end = start + (size - 1);

	if (end < x->from)
		return;
	if (start < x->from) {
		start = x->from;
		size = end - start + 1;
	}
	if (x->first && size < x->max)
		return;
	mr_pick_offer(x, r, start, size, x->first ? start : UINT64_MAX - size, start, 0);
}

bool mr_cli_pick_ram(struct mr_machine *m, uint64_t want, struct mr_cli_pick *p)
{
	const struct resource *r;
	struct mr_pick_ctx x;
	int pass;

	mr_pick_ctx_init(&x, m, want, NULL, p);
	x.what = "System RAM that no child covers";
	/* The first span large enough from 1 MiB up, else the largest there, else anywhere. */
	for (pass = 0; pass < 3 && !p->size; pass++) {
		x.from = pass < 2 ? MR_PICK_LOW : 0;
		x.first = pass == 0;
		for (r = x.root->child; r; r = r->sibling)
			if (mr_pick_is_ram(r) && !(r->flags & IORESOURCE_SYSRAM_DRIVER_MANAGED))
				mr_pick_gaps(&x, r, mr_pick_ram_gap);
	}
	for (r = x.root->child; r && !p->size && !mr_pick_is_ram(r); r = r->sibling)
		;
	if (!p->size)
		p->what = r ? "no System RAM outside the kernel image and reserved parts"
			    : "no System RAM";
	return p->size != 0;
}

/* ------------------------------------------------------------------- mixed */

static bool mr_pick_mixed_at(struct mr_pick_ctx *x, const struct resource *a,
			     const struct resource *b)
{
	uint64_t lo, hi, at = b->start;

	if (mr_pick_is_ram(a) == mr_pick_is_ram(b) || a->end + 1 != at)
		return false;
	lo = at - a->start > MR_PICK_SIDE ? at - MR_PICK_SIDE : a->start;
	lo &= ~(MR_PICK_PAGE - 1);
	hi = b->end - at >= MR_PICK_SIDE ? at + MR_PICK_SIDE - 1 : b->end;
	if (!mr_pick_usable(x, lo, hi - lo + 1) ||
	    mr_region_intersects(x->root, lo, (size_t)(hi - lo + 1), IORESOURCE_SYSTEM_RAM,
				 IORES_DESC_NONE) != REGION_MIXED)
		return false;
	x->best->start = lo;
	x->best->size = hi - lo + 1;
	x->best->res = mr_pick_is_ram(a) ? a : b;
	x->best->other = mr_pick_is_ram(a) ? b : a;
	x->best->what = "where System RAM meets another resource";
	return true;
}

bool mr_cli_pick_mixed(struct mr_machine *m, struct mr_cli_pick *p)
{
	const struct resource *a;
	struct mr_pick_ctx x;
	int low;

	mr_pick_ctx_init(&x, m, UINT64_MAX, NULL, p);
	/* Above 1 MiB first: below it, x86 firmware areas make a poor example. */
	for (low = 0; low < 2 && !p->size; low++)
		for (a = x.root->child; a && a->sibling && !p->size; a = a->sibling)
			if ((low || a->sibling->start > MR_PICK_LOW) &&
			    mr_pick_mixed_at(&x, a, a->sibling))
				break;
	if (!p->size)
		p->what = "no place where System RAM touches another resource (a hole between "
			  "them does not make a range mixed)";
	return p->size != 0;
}

/* ------------------------------------------------------------------ claims */

static const struct resource *mr_pick_busy_in(const struct resource *first, uint64_t start,
					      uint64_t end)
{
	const struct resource *r, *found;

	for (r = first; r && r->start <= end; r = r->sibling) {
		if (r->end < start)
			continue;
		if (r->flags & IORESOURCE_BUSY)
			return r;
		found = mr_pick_busy_in(r->child, start, end);
		if (found)
			return found;
	}
	return NULL;
}

const struct resource *mr_cli_claimed_by(const struct resource *root, uint64_t start, uint64_t size)
{
	if (!root || !size)
		return NULL;
	return mr_pick_busy_in(root->child, start, start + (size - 1));
}
