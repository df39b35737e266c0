// SPDX-License-Identifier: MIT
/*
 * The physical address map as SVG, readable at every size.
 *
 * A linear scale cannot show a 4 KiB register block next to 64 GiB of RAM,
 * so a box's height grows with log2 of its size, nested resources are drawn
 * inside their parents, and holes between top-level resources are folded to
 * a fixed height. A map of thousands of resources cannot show each of them
 * in a picture that fits a screen, so the picture has a height budget:
 *
 *   1. the top level is laid out; if its boxes alone would take more than
 *      half the budget, runs of its smaller members are folded into one
 *      hatched box that says how many resources it holds;
 *   2. then, level by level, boxes are opened to show their children:
 *      those with the fewest children first, each taking at most an equal
 *      share of what is left, so that as many as possible are seen whole
 *      and a window of a thousand BARs shows its largest ones and folds
 *      the rest;
 *   3. what is left grows the boxes with the size of their ranges.
 *
 * --depth stops the opening at a level, --range draws only what lies in an
 * address range (with its ancestors around it), --height sets the budget
 * (0: none, every resource drawn). Every choice is ordered by size and
 * address, so the same map always gives the same picture.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "svg.h"

/* Geometry, in pixels. */
#define MR_SVGM_WIDTH	 820.0
#define MR_SVGM_X0	 170.0 /* left edge of the map; addresses go left of it */
#define MR_SVGM_MAPW	 620.0
#define MR_SVGM_INDENT	 12.0 /* each nesting level, on both sides */
#define MR_SVGM_LEAF	 20.0 /* a box whose children are not drawn, at 4 KiB */
#define MR_SVGM_HEADER	 18.0 /* the label row of an open box */
#define MR_SVGM_PAD	 5.0  /* below the last child of an open box */
#define MR_SVGM_HOLE	 20.0 /* a folded hole */
#define MR_SVGM_FREE	 5.0  /* unclaimed space inside a parent, at 4 KiB */
#define MR_SVGM_GROW	 4.5  /* the most a box grows per doubling of its size */
#define MR_SVGM_CHAR	 6.2  /* rough width of a character at 11 px */
#define MR_SVGM_TICK_GAP 11.0 /* between two address labels */
#define MR_SVGM_BOTTOM	 30.0
#define MR_SVGM_LEGEND_Y 84.0
/* What opening a box adds besides its children: a label row and a pad for a leaf. */
#define MR_SVGM_OPENING (MR_SVGM_HEADER + MR_SVGM_PAD - MR_SVGM_LEAF)
/* The share of the budget the top level may take before it is folded. */
#define MR_SVGM_TOP_SHARE 0.7

enum mr_svgm_what { MR_SVGM_BOX, MR_SVGM_GROUP, MR_SVGM_HOLE_ITEM, MR_SVGM_FREE_ITEM };

struct mr_svgm_item {
	enum mr_svgm_what what;
	const struct resource *r; /* a box: its resource; a group: the first it folds */
	uint64_t start, end;	  /* what the item covers */
	size_t hidden;		  /* resources not drawn: a box's descendants, a group's all */
	size_t nres;		  /* a group: the sibling resources it folds */
	int depth;
	bool open;	  /* a box whose children are drawn */
	long child, next; /* item indices, -1 for none */
	double h, y0, y1;
};

struct mr_svgm {
	const struct mr_svg_opts *o;
	struct mr_svgm_item *v;
	size_t n, cap;
	int err;
	const struct resource *top; /* the first top-level resource */
	uint64_t lo, hi;
	size_t total; /* resources that touch the view */
	size_t drawn; /* of them, drawn as boxes */
};

/* One element of a sibling list before it is laid out: a resource or a gap. */
struct mr_svgm_seq {
	const struct resource *r; /* NULL: a gap */
	uint64_t start, end;
	double score; /* how much a reader loses if it is folded */
	size_t rank;  /* 0 for the member to keep first */
};

static uint64_t mr_svgm_size(uint64_t start, uint64_t end)
{
	return end - start == UINT64_MAX ? UINT64_MAX : end - start + 1;
}

/* log2 of a size in 4 KiB pages, 0 for a page or less. */
static double mr_svgm_log(uint64_t size)
{
	double pages = (double)size / 4096.0;

	return pages > 1.0 ? mr_cli_log2(pages) : 0.0;
}

static bool mr_svgm_touches(const struct mr_svgm *s, const struct resource *r)
{
	return r->start <= s->hi && s->lo <= r->end;
}

/* Resources below @r that touch the view. */
static size_t mr_svgm_count(const struct mr_svgm *s, const struct resource *r)
{
	const struct resource *c;
	size_t n = 0;

	for (c = r->child; c; c = c->sibling)
		if (mr_svgm_touches(s, c))
			n += 1 + mr_svgm_count(s, c);
	return n;
}

static long mr_svgm_add(struct mr_svgm *s, enum mr_svgm_what what, const struct resource *r,
			uint64_t start, uint64_t end, int depth)
{
	struct mr_svgm_item *v;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;

		v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			s->err = -ENOMEM;
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	v = &s->v[s->n];
	memset(v, 0, sizeof(*v));
	v->what = what;
	v->r = r;
	v->start = start;
	v->end = end;
	v->depth = depth;
	v->child = v->next = -1;
	return (long)s->n++;
}

/* ------------------------------------------------------------ sibling lists */

struct mr_svgm_list {
	struct mr_svgm_seq *seq;
	size_t n, cap, nres;
	size_t kept; /* members of rank below it are drawn; SIZE_MAX: all */
	int depth;
};

static bool mr_svgm_kept(const struct mr_svgm_list *l, size_t i)
{
	return l->kept == SIZE_MAX || (l->seq[i].r && l->seq[i].rank < l->kept);
}

static int mr_svgm_push(struct mr_svgm_list *l, const struct resource *r, uint64_t start,
			uint64_t end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct mr_svgm_seq *v = realloc(l->seq, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->seq = v;
		l->cap = cap;
	}
	l->seq[l->n++] = (struct mr_svgm_seq){r, start, end, 0, SIZE_MAX};
	l->nres += r != NULL;
	return 0;
}

/*
 * The siblings from @first that touch [@from, @to], with the gaps between
 * them. Inside a parent (@inside) the gaps before the first and after the
 * last are unclaimed space too; at the top level only the gaps between
 * resources (and, when zoomed, those at the edges of the view) are holes.
 */
static int mr_svgm_collect(struct mr_svgm *s, struct mr_svgm_list *l, const struct resource *first,
			   uint64_t from, uint64_t to, bool inside)
{
	bool edges = inside || s->lo > 0 || s->hi < UINT64_MAX;
	const struct resource *r;
	uint64_t pos = from;
	bool any = false, done = false;

	for (r = first; r && r->start <= to && !done; r = r->sibling) {
		if (r->end < from)
			continue;
		if (r->start > pos && (any || edges) && mr_svgm_push(l, NULL, pos, r->start - 1))
			return -ENOMEM;
		if (mr_svgm_push(l, r, r->start, r->end))
			return -ENOMEM;
		any = true;
		done = r->end >= to;
		pos = done ? to : r->end + 1;
	}
	if (!done && edges && (any || inside) && pos <= to && mr_svgm_push(l, NULL, pos, to))
		return -ENOMEM;
	return 0;
}

static double mr_svgm_gap_cost(int depth)
{
	return depth ? MR_SVGM_FREE : MR_SVGM_HOLE;
}

static double mr_svgm_full_cost(const struct mr_svgm_list *l)
{
	double gaps = (double)(l->n - l->nres) * mr_svgm_gap_cost(l->depth);

	return gaps + (double)l->nres * MR_SVGM_LEAF;
}

/* Higher score first, then lower address: the members a folded list keeps. */
static int mr_svgm_by_score(const void *a, const void *b)
{
	const struct mr_svgm_seq *x = *(const struct mr_svgm_seq *const *)a;
	const struct mr_svgm_seq *y = *(const struct mr_svgm_seq *const *)b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Rank the members by what a reader loses when one is folded: a large range
 * (a RAM node, a 64-bit window), and more, much inside it (a PCI window with
 * its devices), so that an overview shows the landmarks and not a row of
 * equal RAM blocks. The best of each kind ranks first, so that every colour
 * of the legend shows.
 */
static int mr_svgm_rank(const struct mr_svgm *s, struct mr_svgm_list *l)
{
	struct mr_svgm_seq **idx = malloc(l->nres * sizeof(*idx));
	unsigned int kinds = 0;
	size_t i, k = 0, rank = 0;

	if (!idx)
		return -ENOMEM;
	for (i = 0; i < l->n; i++) {
		struct mr_svgm_seq *e = &l->seq[i];

		if (!e->r)
			continue;
		e->score = mr_svgm_log(resource_size(e->r)) +
			   1.5 * mr_cli_log2(1.0 + (double)mr_svgm_count(s, e->r));
		idx[k++] = e;
	}
	qsort(idx, k, sizeof(*idx), mr_svgm_by_score);
	for (i = 0; i < k; i++) {
		unsigned int bit = 1u << mr_cli_kind_of(idx[i]->r);

		if (kinds & bit)
			continue;
		kinds |= bit;
		idx[i]->rank = rank++;
	}
	for (i = 0; i < k; i++)
		if (idx[i]->rank == SIZE_MAX)
			idx[i]->rank = rank++;
	free(idx);
	return 0;
}

/* The end of the run of folded elements from @i. */
static size_t mr_svgm_run(const struct mr_svgm_list *l, size_t i, size_t *res)
{
	for (*res = 0; i < l->n && !mr_svgm_kept(l, i); i++)
		*res += l->seq[i].r != NULL;
	return i;
}

static double mr_svgm_cost_of(const struct mr_svgm_list *l, size_t i)
{
	return l->seq[i].r ? MR_SVGM_LEAF : mr_svgm_gap_cost(l->depth);
}

/* The px the list takes with members of rank below l->kept drawn. */
static double mr_svgm_fold_cost(const struct mr_svgm_list *l)
{
	double cost = 0;
	size_t i = 0, j, res;

	while (i < l->n) {
		if (mr_svgm_kept(l, i)) {
			cost += mr_svgm_cost_of(l, i++);
			continue;
		}
		j = mr_svgm_run(l, i, &res);
		if (res < 2)
			for (; i < j; i++)
				cost += mr_svgm_cost_of(l, i);
		else
			cost += MR_SVGM_LEAF;
		i = j;
	}
	return cost;
}

static long mr_svgm_link(struct mr_svgm *s, long parent, long *prev, long item)
{
	if (item < 0)
		return item;
	if (*prev >= 0)
		s->v[*prev].next = item;
	else if (parent >= 0)
		s->v[parent].child = item;
	*prev = item;
	return item;
}

/* A run of folded members, [@a, @b) of the list, as one group. */
static void mr_svgm_add_group(struct mr_svgm *s, const struct mr_svgm_list *l, size_t a, size_t b,
			      long parent, long *prev)
{
	const struct resource *first = NULL;
	size_t i, nres = 0, hidden = 0;
	long item;

	for (i = a; i < b; i++) {
		if (!l->seq[i].r)
			continue;
		first = first ? first : l->seq[i].r;
		nres++;
		hidden += 1 + mr_svgm_count(s, l->seq[i].r);
	}
	item = mr_svgm_add(s, MR_SVGM_GROUP, first, l->seq[a].start, l->seq[b - 1].end, l->depth);
	if (mr_svgm_link(s, parent, prev, item) < 0)
		return;
	s->v[item].nres = nres;
	s->v[item].hidden = hidden;
}

static void mr_svgm_add_one(struct mr_svgm *s, const struct mr_svgm_list *l,
			    const struct mr_svgm_seq *e, long parent, long *prev)
{
	enum mr_svgm_what what = e->r	    ? MR_SVGM_BOX
				 : l->depth ? MR_SVGM_FREE_ITEM
					    : MR_SVGM_HOLE_ITEM;
	long item = mr_svgm_add(s, what, e->r, e->start, e->end, l->depth);

	if (mr_svgm_link(s, parent, prev, item) < 0 || !e->r)
		return;
	s->drawn++;
	s->v[item].hidden = mr_svgm_count(s, e->r);
}

/* The list's items, members not kept folded into groups, under @parent. */
static void mr_svgm_emit(struct mr_svgm *s, const struct mr_svgm_list *l, long parent)
{
	size_t i = 0, j, res;
	long prev = -1;

	while (i < l->n && !s->err) {
		if (mr_svgm_kept(l, i)) {
			mr_svgm_add_one(s, l, &l->seq[i++], parent, &prev);
			continue;
		}
		j = mr_svgm_run(l, i, &res);
		/* A group of one would hide a box for nothing (it costs the same). */
		if (res < 2) {
			while (i < j)
				mr_svgm_add_one(s, l, &l->seq[i++], parent, &prev);
			continue;
		}
		mr_svgm_add_group(s, l, i, j, parent, &prev);
		i = j;
	}
}

/*
 * Lay out the children of @parent (-1: the top level) that touch the view,
 * within @budget px: all of them if they fit, else their largest members
 * with runs of the others folded. Returns the px used, 0 when the list is
 * empty, or -1 when it needs folding and @budget cannot hold a useful fold
 * (nothing is added then).
 */
static double mr_svgm_list(struct mr_svgm *s, long parent, double budget)
{
	const struct resource *r = parent >= 0 ? s->v[parent].r : NULL;
	struct mr_svgm_list l = {.depth = parent >= 0 ? s->v[parent].depth + 1 : 0};
	uint64_t from = s->lo, to = s->hi;
	double cost = 0, unit = MR_SVGM_LEAF + MR_SVGM_LEAF;
	long n0 = (long)s->n;

	l.kept = SIZE_MAX;
	if (r) {
		from = r->start > from ? r->start : from;
		to = r->end < to ? r->end : to;
	}
	if (mr_svgm_collect(s, &l, r ? r->child : s->top, from, to, r != NULL)) {
		s->err = -ENOMEM;
		goto out;
	}
	cost = mr_svgm_full_cost(&l);
	if (!l.nres) {
		cost = 0;
		goto out;
	}
	if (budget >= 0 && cost > budget) {
		/* k kept members and at most k + 1 groups between them. */
		if (budget < MR_SVGM_LEAF + unit && parent >= 0) {
			cost = -1;
			goto out;
		}
		if (mr_svgm_rank(s, &l)) {
			s->err = -ENOMEM;
			goto out;
		}
		/*
		 * Each member kept may bring a group or a gap beside it: start
		 * from that estimate and keep fewer until the list fits.
		 */
		l.kept = budget > MR_SVGM_LEAF ? (size_t)((budget - MR_SVGM_LEAF) / unit) : 1;
		l.kept = l.kept ? l.kept : 1;
		while (l.kept > 1 && mr_svgm_fold_cost(&l) > budget)
			l.kept--;
	}
	mr_svgm_emit(s, &l, parent);
	cost = 0;
	for (long i = n0; i < (long)s->n; i++)
		cost += s->v[i].what == MR_SVGM_FREE_ITEM   ? MR_SVGM_FREE
			: s->v[i].what == MR_SVGM_HOLE_ITEM ? MR_SVGM_HOLE
							    : MR_SVGM_LEAF;
out:
	free(l.seq);
	return cost;
}

/* ---------------------------------------------------------------- opening */

/* Children of @r that touch the view. */
static size_t mr_svgm_children(const struct mr_svgm *s, const struct resource *r)
{
	const struct resource *c;
	size_t n = 0;

	for (c = r->child; c; c = c->sibling)
		n += mr_svgm_touches(s, c);
	return n;
}

struct mr_svgm_cand {
	long item;
	size_t children;
};

/* Fewest children first, then address order: the cheapest to see whole. */
static int mr_svgm_by_children(const void *a, const void *b)
{
	const struct mr_svgm_cand *x = a, *y = b;

	if (x->children != y->children)
		return x->children < y->children ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* The boxes of @depth that have children to show; their number, or -1. */
static long mr_svgm_candidates(struct mr_svgm *s, int depth, struct mr_svgm_cand **out)
{
	struct mr_svgm_cand *c = NULL, *v;
	size_t i, n = 0, cap = 0;

	for (i = 0; i < s->n; i++) {
		const struct mr_svgm_item *it = &s->v[i];
		size_t kids;

		if (it->what != MR_SVGM_BOX || it->depth != depth || !it->r->child)
			continue;
		kids = mr_svgm_children(s, it->r);
		if (!kids)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(c, cap * sizeof(*c));
			if (!v) {
				free(c);
				return -1;
			}
			c = v;
		}
		c[n++] = (struct mr_svgm_cand){(long)i, kids};
	}
	if (n)
		qsort(c, n, sizeof(*c), mr_svgm_by_children);
	*out = c;
	return (long)n;
}

/*
 * Open boxes level by level. Each box may take an equal share of the room
 * left to the boxes of its level not yet opened; boxes with few children
 * come first, so a share they leave unused goes to the larger ones.
 */
static void mr_svgm_open(struct mr_svgm *s, double left)
{
	struct mr_svgm_cand *c;
	double used;
	long n, i;
	int depth;

	for (depth = 0; !s->err && (!s->o->depth || depth + 1 < s->o->depth); depth++) {
		n = mr_svgm_candidates(s, depth, &c);
		if (n < 0) {
			s->err = -ENOMEM;
			return;
		}
		for (i = 0; i < n && !s->err; i++) {
			double share = left < 0 ? -1 : left / (double)(n - i) - MR_SVGM_OPENING;

			if (left >= 0 && share < MR_SVGM_LEAF)
				continue;
			used = mr_svgm_list(s, c[i].item, share);
			if (used <= 0)
				continue;
			s->v[c[i].item].open = true;
			s->v[c[i].item].hidden = 0;
			if (left >= 0)
				left -= used + MR_SVGM_OPENING;
		}
		free(c);
		if (!n)
			return;
	}
}

/* ---------------------------------------------------------------- heights */

/* The px an item takes whatever the sizes, and how much it grows with them. */
static void mr_svgm_weights(const struct mr_svgm_item *it, double *fixed, double *grow)
{
	switch (it->what) {
	case MR_SVGM_BOX:
		*fixed = it->open ? MR_SVGM_HEADER + MR_SVGM_PAD : MR_SVGM_LEAF;
		*grow = it->open ? 0 : mr_svgm_log(mr_svgm_size(it->start, it->end));
		break;
	case MR_SVGM_GROUP:
		*fixed = MR_SVGM_LEAF;
		*grow = mr_svgm_log(mr_svgm_size(it->start, it->end));
		break;
	case MR_SVGM_HOLE_ITEM:
		*fixed = MR_SVGM_HOLE;
		*grow = 0;
		break;
	case MR_SVGM_FREE_ITEM:
		*fixed = MR_SVGM_FREE;
		*grow = mr_svgm_log(mr_svgm_size(it->start, it->end)) / 2;
		break;
	}
}

/* Grow the boxes with their sizes, as far as @budget allows. */
static void mr_svgm_heights(struct mr_svgm *s, double budget)
{
	double fixed = 0, grow = 0, f, g, per = MR_SVGM_GROW;
	size_t i;

	for (i = 0; i < s->n; i++) {
		mr_svgm_weights(&s->v[i], &f, &g);
		fixed += f;
		grow += g;
	}
	if (budget >= 0 && grow > 0)
		per = budget > fixed ? (budget - fixed) / grow : 0;
	per = per < MR_SVGM_GROW ? per : MR_SVGM_GROW;
	for (i = 0; i < s->n; i++) {
		mr_svgm_weights(&s->v[i], &f, &g);
		s->v[i].h = f + per * g;
	}
}

/* Top to bottom: an open box's children go below its label row. */
static double mr_svgm_place(struct mr_svgm *s, long i, double y)
{
	for (; i >= 0; i = s->v[i].next) {
		struct mr_svgm_item *it = &s->v[i];

		it->y0 = y;
		if (it->open)
			y = mr_svgm_place(s, it->child, y + MR_SVGM_HEADER) + MR_SVGM_PAD;
		else
			y += it->h;
		s->v[i].y1 = y;
	}
	return y;
}

/* ---------------------------------------------------------------- drawing */

static double mr_svgm_x(int depth)
{
	return MR_SVGM_X0 + depth * MR_SVGM_INDENT;
}

static double mr_svgm_w(int depth)
{
	double w = MR_SVGM_MAPW - 2 * depth * MR_SVGM_INDENT;

	return w > 60 ? w : 60;
}

/*
 * The longest label that fits @w: the full one, else without the range,
 * else with the name cut short.
 */
static void mr_svgm_fit(char *buf, size_t len, double w, const char *name, const char *range,
			const char *rest)
{
	size_t fit = w > 12 ? (size_t)((w - 12) / MR_SVGM_CHAR) : 1, n;

	snprintf(buf, len, "%s  %s  %s", name, range, rest);
	if (strlen(buf) <= fit)
		return;
	snprintf(buf, len, "%s  %s", name, rest);
	if (strlen(buf) <= fit)
		return;
	n = strlen(rest) + 3 < fit ? fit - strlen(rest) - 3 : 1;
	snprintf(buf, len, "%.*s~  %s", (int)n, name, rest);
}

static void mr_svgm_range(char *buf, size_t len, uint64_t start, uint64_t end, int digits)
{
	snprintf(buf, len, "%0*" PRIx64 "-%0*" PRIx64, digits, start, digits, end);
}

static void mr_svgm_draw_box(FILE *f, const struct mr_svgm_item *it, int digits)
{
	const struct mr_cli_kind_info *k = mr_cli_kind_info(mr_cli_kind_of(it->r));
	double x = mr_svgm_x(it->depth), w = mr_svgm_w(it->depth), h = it->y1 - it->y0;
	double ty = it->open ? it->y0 + 13 : it->y0 + (h < 28 ? h / 2 + 4 : 14);
	const char *name = it->r->name ? it->r->name : "?";
	char label[700], tip[700], range[48], rest[96], size[32];

	mr_cli_fmt_size(size, sizeof(size), mr_svgm_size(it->r->start, it->r->end));
	mr_svgm_range(range, sizeof(range), it->r->start, it->r->end, digits);
	if (it->hidden)
		snprintf(rest, sizeof(rest), "(%s, %zu inside)", size, it->hidden);
	else
		snprintf(rest, sizeof(rest), "(%s)", size);
	mr_svgm_fit(label, sizeof(label), w, name, range, rest);
	snprintf(tip, sizeof(tip), "%s [mem 0x%0*" PRIx64 "-0x%0*" PRIx64 "] %s", name, digits,
		 it->r->start, digits, it->r->end, k->name);
	fprintf(f, "<g class=\"resource %s\"><title>", k->name);
	mr_svg_escape(f, tip);
	fputs("</title>", f);
	if (it->hidden)
		fprintf(f, "<desc>%zu resources inside not drawn</desc>", it->hidden);
	fprintf(f,
		"\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
		"fill=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		x, it->y0, w, h, k->fill, k->stroke);
	mr_svg_text(f, x + 6, ty, "fill=\"#111111\"", label);
	fputs("</g>\n", f);
}

static void mr_svgm_draw_group(FILE *f, const struct mr_svgm_item *it, int digits)
{
	double x = mr_svgm_x(it->depth), w = mr_svgm_w(it->depth), h = it->y1 - it->y0;
	char label[300], range[48], rest[96], name[64], size[32];

	mr_cli_fmt_size(size, sizeof(size), mr_svgm_size(it->start, it->end));
	mr_svgm_range(range, sizeof(range), it->start, it->end, digits);
	snprintf(name, sizeof(name), "%zu resources folded", it->nres);
	if (it->hidden > it->nres)
		snprintf(rest, sizeof(rest), "(%s, %zu with what they hold)", size, it->hidden);
	else
		snprintf(rest, sizeof(rest), "(%s)", size);
	mr_svgm_fit(label, sizeof(label), w, name, range, rest);
	fprintf(f,
		"<g class=\"group\"><title>%zu resources folded [mem 0x%0*" PRIx64 "-0x%0*" PRIx64
		"], %zu with what they hold, from '",
		it->nres, digits, it->start, digits, it->end, it->hidden);
	mr_svg_escape(f, it->r->name ? it->r->name : "?");
	fprintf(f,
		"': draw them with --range</title>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"%.1f\" rx=\"3\" fill=\"url(#folded)\" stroke=\"#808080\" "
		"stroke-dasharray=\"4 3\"/>\n",
		x, it->y0, w, h);
	mr_svg_text(f, x + 6, it->y0 + (h < 28 ? h / 2 + 4 : 14),
		    "font-style=\"italic\" fill=\"#333333\"", label);
	fputs("</g>\n", f);
}

static void mr_svgm_draw_hole(FILE *f, const struct mr_svgm_item *it, int digits)
{
	double x = mr_svgm_x(0), w = mr_svgm_w(0), y = it->y0, h = it->y1 - it->y0;
	char size[32], label[200], range[48];
	int i, teeth = 30;

	mr_cli_fmt_size(size, sizeof(size), mr_svgm_size(it->start, it->end));
	mr_svgm_range(range, sizeof(range), it->start, it->end, digits);
	snprintf(label, sizeof(label), "hole %s (%s), folded", range, size);
	fprintf(f,
		"<g class=\"hole\"><title>no resource: %s</title>\n"
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"url(#hole)\"/>\n",
		label, x, y, w, h);
	/* The fold: a zigzag across the column at the top and at the bottom. */
	for (int edge = 0; edge < 2; edge++) {
		double ey = edge ? y + h - 2 : y + 2;

		fputs("<polyline fill=\"none\" stroke=\"#888888\" stroke-width=\"1\" points=\"", f);
		for (i = 0; i <= teeth; i++)
			fprintf(f, "%.1f,%.1f ", x + w * i / teeth, ey + (i % 2 ? 2.0 : -2.0));
		fputs("\"/>\n", f);
	}
	mr_svg_text(f, x + w / 2, y + h / 2 + 4,
		    "text-anchor=\"middle\" font-style=\"italic\" fill=\"#555555\"", label);
	fputs("</g>\n", f);
}

static void mr_svgm_draw_free(FILE *f, const struct mr_svgm_item *it)
{
	char size[32], label[64];

	if (it->y1 - it->y0 < 13)
		return;
	mr_cli_fmt_size(size, sizeof(size), mr_svgm_size(it->start, it->end));
	snprintf(label, sizeof(label), "%s unclaimed", size);
	mr_svg_text(f, mr_svgm_x(it->depth) + 6, (it->y0 + it->y1) / 2 + 3.5,
		    "font-size=\"9\" fill=\"#555555\"", label);
}

/* Outer boxes first, so that the inner ones are drawn over them. */
static void mr_svgm_draw_items(FILE *f, const struct mr_svgm *s, long i, int digits)
{
	for (; i >= 0; i = s->v[i].next) {
		const struct mr_svgm_item *it = &s->v[i];

		if (it->what == MR_SVGM_BOX)
			mr_svgm_draw_box(f, it, digits);
		else if (it->what == MR_SVGM_GROUP)
			mr_svgm_draw_group(f, it, digits);
		else if (it->what == MR_SVGM_HOLE_ITEM)
			mr_svgm_draw_hole(f, it, digits);
		else
			mr_svgm_draw_free(f, it);
		if (it->open)
			mr_svgm_draw_items(f, s, it->child, digits);
	}
}

/* ------------------------------------------------------------ address axis */

struct mr_svgm_axis {
	FILE *f;
	int digits;
	double last_y;	    /* of the last label */
	uint64_t last_addr; /* the last address labelled */
	bool any;
};

static void mr_svgm_tick(struct mr_svgm_axis *a, double y, uint64_t addr, bool force)
{
	char buf[40];

	if (a->any && addr == a->last_addr)
		return;
	if (a->any && !force && y - a->last_y < MR_SVGM_TICK_GAP)
		return;
	snprintf(buf, sizeof(buf), "0x%0*" PRIx64, a->digits, addr);
	fprintf(a->f,
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>\n",
		MR_SVGM_X0 - 8, y, MR_SVGM_X0, y);
	mr_svg_text(
		a->f, MR_SVGM_X0 - 10, y + 4,
		"class=\"address\" text-anchor=\"end\" font-family=\"DejaVu Sans Mono, monospace\" "
		"font-size=\"10\"",
		buf);
	a->last_y = y;
	a->last_addr = addr;
	a->any = true;
}

/* The start of every item drawn, at any depth, where there is room. */
static void mr_svgm_ticks(struct mr_svgm_axis *a, const struct mr_svgm *s, long i)
{
	for (; i >= 0; i = s->v[i].next) {
		const struct mr_svgm_item *it = &s->v[i];

		if (it->what != MR_SVGM_FREE_ITEM || it->y1 - it->y0 >= 13)
			mr_svgm_tick(a, it->y0, it->start, false);
		if (it->open)
			mr_svgm_ticks(a, s, it->child);
	}
}

/* ------------------------------------------------------------- the picture */

/* One swatch per kind, the hole and the fold; returns the height used. */
static double mr_svgm_legend(FILE *f, double y)
{
	double x = 20, row = y;
	int k;

	for (k = 0; k <= MR_KIND_NR + 1; k++) {
		const char *label = k < MR_KIND_NR    ? mr_cli_kind_info(k)->label
				    : k == MR_KIND_NR ? "hole (folded)"
						      : "resources folded together";
		const char *fill = k < MR_KIND_NR    ? mr_cli_kind_info(k)->fill
				   : k == MR_KIND_NR ? "url(#hole)"
						     : "url(#folded)";
		const char *stroke = k < MR_KIND_NR ? mr_cli_kind_info(k)->stroke : "#888888";
		double w = 26 + MR_SVGM_CHAR * (double)strlen(label) + 16;

		if (x + w > MR_SVGM_WIDTH - 10) {
			x = 20;
			row += 20;
		}
		if (f) {
			fprintf(f,
				"<g class=\"legend\"><rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
				"height=\"14\" fill=\"%s\" stroke=\"%s\"/>\n",
				x, row, fill, stroke);
			mr_svg_text(f, x + 20, row + 11, NULL, label);
			fputs("</g>\n", f);
		}
		x += w;
	}
	return row + 20 - y;
}

static void mr_svgm_defs(FILE *f)
{
	fputs("<defs><pattern id=\"hole\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>"
	      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#dddddd\" stroke-width=\"3\"/>"
	      "</pattern>\n<pattern id=\"folded\" width=\"6\" height=\"4\" "
	      "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"4\" fill=\"#eeeeee\"/>"
	      "<line x1=\"0\" y1=\"0.5\" x2=\"6\" y2=\"0.5\" stroke=\"#c8c8c8\" "
	      "stroke-width=\"1\"/>"
	      "</pattern></defs>\n",
	      f);
}

/* What the picture shows, and how to see more: three lines from @y. */
static void mr_svgm_notes(FILE *f, const struct mr_svgm *s, int digits, double y)
{
	static const char attrs[] = "font-size=\"11\" fill=\"#444444\"";
	char line[400], scope[160] = "";

	mr_svg_text(
		f, 20, y, attrs,
		"Heights grow with log2 of each range's size; nested resources are drawn inside "
		"their parents;");
	mr_svg_text(f, 20, y + 14, attrs,
		    "holes between top-level resources are folded; hatched boxes fold runs of "
		    "smaller resources.");
	if (s->lo > 0 || s->hi < UINT64_MAX)
		snprintf(scope, sizeof(scope), " in 0x%0*" PRIx64 "-0x%0*" PRIx64, digits, s->lo,
			 digits, s->hi);
	if (s->drawn == s->total)
		snprintf(line, sizeof(line), "All %zu resources%s are drawn.", s->total, scope);
	else
		snprintf(line, sizeof(line),
			 "%zu of the %zu resources%s are drawn; --range, --depth and --height "
			 "show others.",
			 s->drawn, s->total, scope);
	mr_svg_text(f, 20, y + 28, attrs, line);
}

/* The title, smaller when long (a sim spec holds a path), so that it fits. */
static void mr_svgm_title(FILE *f, const char *title)
{
	double size = 18, fit = (MR_SVGM_WIDTH - 40) / (0.68 * size);
	size_t n = strlen(title);
	char attrs[80];

	if ((double)n > fit)
		size = size * fit / (double)n < 11 ? 11 : size * fit / (double)n;
	snprintf(attrs, sizeof(attrs), "font-size=\"%.1f\" font-weight=\"bold\"", size);
	mr_svg_text(f, 20, 28, attrs, title);
}

int mr_svg_map(FILE *f, struct resource *root, const char *title, const struct mr_svg_opts *o)
{
	struct mr_svgm s = {.o = o, .top = root->child, .lo = o->lo, .hi = o->hi};
	struct mr_svgm_axis axis = {.f = f, .digits = mr_cli_addr_digits(root)};
	double top = MR_SVGM_LEGEND_Y + mr_svgm_legend(NULL, MR_SVGM_LEGEND_Y) + 14, height;
	double budget = -1, share = o->depth == 1 ? 1 : MR_SVGM_TOP_SHARE, used;
	const struct resource *r;
	long last = -1;

	for (r = root->child; r; r = r->sibling)
		if (mr_svgm_touches(&s, r))
			s.total += 1 + mr_svgm_count(&s, r);
	if (o->height > 0)
		budget = o->height - top - MR_SVGM_BOTTOM;
	/* With room to open boxes (not at --depth 1), the top level leaves them some. */
	used = mr_svgm_list(&s, -1, budget < 0 ? -1 : budget * share);
	if (!s.err)
		mr_svgm_open(&s, budget < 0 ? -1 : budget - used);
	if (s.err) {
		free(s.v);
		return s.err;
	}
	mr_svgm_heights(&s, budget);
	height = mr_svgm_place(&s, s.n ? 0 : -1, top) + MR_SVGM_BOTTOM;
	mr_svg_begin(f, MR_SVGM_WIDTH, height, title);
	mr_svgm_defs(f);
	mr_svgm_title(f, title);
	mr_svgm_notes(f, &s, axis.digits, 46);
	mr_svgm_legend(f, MR_SVGM_LEGEND_Y);
	if (s.n) {
		mr_svgm_draw_items(f, &s, 0, axis.digits);
		mr_svgm_ticks(&axis, &s, 0);
		for (long i = 0; i >= 0; i = s.v[i].next)
			last = i;
		mr_svgm_tick(&axis, s.v[last].y1, s.v[last].end, true);
	} else {
		mr_svg_text(f, MR_SVGM_X0, top + 14, "font-style=\"italic\" fill=\"#555555\"",
			    "No resource in this range: every address here is a hole.");
	}
	mr_svg_end(f);
	free(s.v);
	return ferror(f) ? -EIO : 0;
}
