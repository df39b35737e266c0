// SPDX-License-Identifier: MIT
/*
 * The physical address map as SVG. A linear scale cannot show a 4 KiB
 * register block next to 64 GiB of RAM (seven orders of magnitude), so each
 * resource gets a height that grows with log2 of its size, nested resources
 * are drawn inside their parents, and holes between top-level resources are
 * folded to a fixed height with a marker that says how much was folded.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "svg.h"

/* Geometry, in pixels. */
#define MR_SVG_WIDTH	780.0
#define MR_SVG_X0	160.0 /* left edge of the map; addresses go left of it */
#define MR_SVG_MAPW	600.0
#define MR_SVG_INDENT	12.0 /* each nesting level, on both sides */
#define MR_SVG_LEAF	22.0 /* a box of 4 KiB or less */
#define MR_SVG_DOUBLING 4.5  /* added per doubling of size above 4 KiB */
#define MR_SVG_HEADER	20.0 /* the label row of a box with children */
#define MR_SVG_PAD	6.0  /* below the last child */
#define MR_SVG_HOLE	24.0 /* a folded hole */
#define MR_SVG_CHAR	6.2  /* rough width of a character at 11 px */

void mr_svg_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n;

	for (; *s; s += n) {
		n = 1;
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			continue;
		case '<':
			fputs("&lt;", f);
			continue;
		case '>':
			fputs("&gt;", f);
			continue;
		case '"':
			fputs("&quot;", f);
			continue;
		case '\'':
			fputs("&apos;", f);
			continue;
		}
		/* XML 1.0 forbids most control characters even when escaped. */
		if (*s < 0x20) {
			fputc(' ', f);
			continue;
		}
		n = mr_utf8_len(s);
		if (!n) {
			fputs("\xef\xbf\xbd", f);
			n = 1;
			continue;
		}
		fwrite(s, 1, n, f);
	}
}

void mr_svg_begin(FILE *f, double width, double height, const char *title)
{
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">\n<title>",
		width, height, width, height);
	mr_svg_escape(f, title);
	fprintf(f,
		"</title>\n<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
		"fill=\"#ffffff\"/>\n",
		width, height);
}

void mr_svg_end(FILE *f)
{
	fputs("</svg>\n", f);
}

void mr_svg_text(FILE *f, double x, double y, const char *attrs, const char *text)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, attrs && *attrs ? " " : "",
		attrs ? attrs : "");
	mr_svg_escape(f, text);
	fputs("</text>\n", f);
}

/* ---------------------------------------------------------------- layout */

enum mr_svg_what { MR_SVG_BOX, MR_SVG_HOLE_ITEM, MR_SVG_FREE };

struct mr_svg_item {
	enum mr_svg_what what;
	const struct resource *r; /* for a box */
	uint64_t start, end;
	int depth;
	double y0, y1;
};

struct mr_svg_layout {
	struct mr_svg_item *v;
	size_t n, cap;
	double y;
	int err;
};

/* log2 of a size in 4 KiB pages, 0 for a page or less. */
static double mr_svg_log(uint64_t size)
{
	double pages = (double)size / 4096.0;

	return pages > 1.0 ? mr_cli_log2(pages) : 0.0;
}

static double mr_svg_leaf_height(uint64_t size)
{
	return MR_SVG_LEAF + MR_SVG_DOUBLING * mr_svg_log(size);
}

/* The part of a parent no child covers: thinner, it carries no label. */
static double mr_svg_free_height(uint64_t size)
{
	return 4.0 + 2.0 * mr_svg_log(size);
}

static long mr_svg_add(struct mr_svg_layout *l, enum mr_svg_what what, const struct resource *r,
		       uint64_t start, uint64_t end, int depth)
{
	struct mr_svg_item *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;

		v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			l->err = -ENOMEM;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n];
	v->what = what;
	v->r = r;
	v->start = start;
	v->end = end;
	v->depth = depth;
	v->y0 = l->y;
	v->y1 = l->y;
	return (long)l->n++;
}

static void mr_svg_lay_box(struct mr_svg_layout *l, const struct resource *r, int depth);

/* The children of a resource (or the top level), with what lies between. */
static void mr_svg_lay_children(struct mr_svg_layout *l, const struct resource *parent,
				const struct resource *first, int depth)
{
	enum mr_svg_what between = parent ? MR_SVG_FREE : MR_SVG_HOLE_ITEM;
	uint64_t pos = parent ? parent->start : 0;
	bool done = false; /* the last child ends at 2^64 - 1 */
	const struct resource *r;
	long i;

	for (r = first; r && !l->err; r = r->sibling) {
		if (r->start > pos) {
			i = mr_svg_add(l, between, NULL, pos, r->start - 1, depth);
			l->y += between == MR_SVG_FREE ? mr_svg_free_height(r->start - pos)
						       : MR_SVG_HOLE;
			if (i >= 0)
				l->v[i].y1 = l->y;
		}
		mr_svg_lay_box(l, r, depth);
		done = r->end == UINT64_MAX;
		pos = r->end + 1;
	}
	if (parent && !done && pos <= parent->end) {
		i = mr_svg_add(l, MR_SVG_FREE, NULL, pos, parent->end, depth);
		l->y += mr_svg_free_height(parent->end - pos + 1);
		if (i >= 0)
			l->v[i].y1 = l->y;
	}
}

static void mr_svg_lay_box(struct mr_svg_layout *l, const struct resource *r, int depth)
{
	long i = mr_svg_add(l, MR_SVG_BOX, r, r->start, r->end, depth);

	if (r->child && depth + 1 < MR_IOMEM_MAX_DEPTH + 2) {
		l->y += MR_SVG_HEADER;
		mr_svg_lay_children(l, r, r->child, depth + 1);
		l->y += MR_SVG_PAD;
	} else {
		l->y += mr_svg_leaf_height(resource_size(r));
	}
	if (i >= 0)
		l->v[i].y1 = l->y;
}

/* ------------------------------------------------------------- drawing */

static double mr_svg_x(int depth)
{
	return MR_SVG_X0 + depth * MR_SVG_INDENT;
}

static double mr_svg_w(int depth)
{
	double w = MR_SVG_MAPW - 2 * depth * MR_SVG_INDENT;

	return w > 40 ? w : 40;
}

/* The longest label that fits: name, range and size; else name and size. */
static void mr_svg_label(const struct mr_svg_item *it, int digits, char *buf, size_t len)
{
	const char *name = it->r->name ? it->r->name : "?";
	size_t fit = (size_t)((mr_svg_w(it->depth) - 12) / MR_SVG_CHAR);
	char size[32];

	mr_cli_fmt_size(size, sizeof(size), it->end - it->start + 1);
	snprintf(buf, len, "%s  %0*" PRIx64 "-%0*" PRIx64 "  (%s)", name, digits, it->start, digits,
		 it->end, size);
	if (strlen(buf) > fit)
		snprintf(buf, len, "%s  (%s)", name, size);
}

static void mr_svg_draw_box(FILE *f, const struct mr_svg_item *it, int digits)
{
	const struct mr_cli_kind_info *k = mr_cli_kind_info(mr_cli_kind_of(it->r));
	double x = mr_svg_x(it->depth), w = mr_svg_w(it->depth), h = it->y1 - it->y0;
	double ty = it->r->child ? it->y0 + 14 : it->y0 + (h < 30 ? h / 2 + 4 : 15);
	char label[600], tip[700];

	mr_svg_label(it, digits, label, sizeof(label));
	snprintf(tip, sizeof(tip), "%s [mem 0x%0*" PRIx64 "-0x%0*" PRIx64 "] %s",
		 it->r->name ? it->r->name : "?", digits, it->start, digits, it->end, k->name);
	fprintf(f, "<g class=\"resource %s\"><title>", k->name);
	mr_svg_escape(f, tip);
	fprintf(f,
		"</title>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
		"fill=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		x, it->y0, w, h, k->fill, k->stroke);
	mr_svg_text(f, x + 6, ty, "fill=\"#111111\"", label);
	fputs("</g>\n", f);
}

static void mr_svg_draw_hole(FILE *f, const struct mr_svg_item *it, int digits)
{
	double x = MR_SVG_X0, w = MR_SVG_MAPW, y = it->y0, h = it->y1 - it->y0;
	char size[32], label[200];
	int i, teeth = 30;

	mr_cli_fmt_size(size, sizeof(size), it->end - it->start + 1);
	snprintf(label, sizeof(label), "hole %0*" PRIx64 "-%0*" PRIx64 " (%s), folded", digits,
		 it->start, digits, it->end, size);
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

static void mr_svg_draw_free(FILE *f, const struct mr_svg_item *it)
{
	char size[32], label[64];

	if (it->y1 - it->y0 < 14)
		return;
	mr_cli_fmt_size(size, sizeof(size), it->end - it->start + 1);
	snprintf(label, sizeof(label), "%s unclaimed", size);
	mr_svg_text(f, mr_svg_x(it->depth) + 6, (it->y0 + it->y1) / 2 + 4,
		    "font-size=\"9\" fill=\"#555555\"", label);
}

/* The start address of each top-level item, left of the map. */
static void mr_svg_address(FILE *f, double y, uint64_t addr, int digits)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "0x%0*" PRIx64, digits, addr);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>\n",
		MR_SVG_X0 - 8, y, MR_SVG_X0, y);
	mr_svg_text(
		f, MR_SVG_X0 - 10, y + 4,
		"text-anchor=\"end\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"10\"",
		buf);
}

/* One swatch per kind, and the hole; returns the height used. With @f
 * NULL, only measures: the map starts below the legend. */
static double mr_svg_legend(FILE *f, double y)
{
	double x = 20, row = y;
	int k;

	for (k = 0; k <= MR_KIND_NR; k++) {
		const char *label = k < MR_KIND_NR ? mr_cli_kind_info(k)->label : "hole (folded)";
		const char *fill = k < MR_KIND_NR ? mr_cli_kind_info(k)->fill : "url(#hole)";
		const char *stroke = k < MR_KIND_NR ? mr_cli_kind_info(k)->stroke : "#888888";
		double w = 26 + MR_SVG_CHAR * (double)strlen(label) + 16;

		if (x + w > MR_SVG_WIDTH - 10) {
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

static void mr_svg_defs(FILE *f)
{
	fputs("<defs><pattern id=\"hole\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>"
	      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#dddddd\" stroke-width=\"3\"/>"
	      "</pattern></defs>\n",
	      f);
}

static void mr_svg_draw(FILE *f, const struct mr_svg_layout *l, int digits)
{
	const struct mr_svg_item *last = NULL;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct mr_svg_item *it = &l->v[i];

		if (it->what == MR_SVG_BOX)
			mr_svg_draw_box(f, it, digits);
		else if (it->what == MR_SVG_HOLE_ITEM)
			mr_svg_draw_hole(f, it, digits);
		else
			mr_svg_draw_free(f, it);
		if (it->depth == 0) {
			mr_svg_address(f, it->y0, it->start, digits);
			last = it;
		}
	}
	if (last)
		mr_svg_address(f, last->y1, last->end, digits);
}

int mr_svg_map(FILE *f, struct resource *root, const char *title)
{
	/* The legend's height is known only once drawn: lay out below a fixed top. */
	struct mr_svg_layout l = {.y = 0};
	int digits = mr_cli_addr_digits(root);
	double top = 70 + mr_svg_legend(NULL, 70) + 14, height;

	mr_svg_lay_children(&l, NULL, root->child, 0);
	if (l.err) {
		free(l.v);
		return l.err;
	}
	height = top + l.y + 30;
	for (size_t i = 0; i < l.n; i++) {
		l.v[i].y0 += top;
		l.v[i].y1 += top;
	}
	mr_svg_begin(f, MR_SVG_WIDTH, height, title);
	mr_svg_defs(f);
	mr_svg_text(f, 20, 28, "font-size=\"18\" font-weight=\"bold\"", title);
	mr_svg_text(f, 20, 46, "font-size=\"11\" fill=\"#444444\"",
		    "Each range's height grows with log2 of its size (4 KiB: 22 px, +4.5 px per "
		    "doubling);");
	mr_svg_text(f, 20, 60, "font-size=\"11\" fill=\"#444444\"",
		    "nested resources are drawn inside their parents; holes between top-level "
		    "resources are folded.");
	mr_svg_legend(f, 70);
	mr_svg_draw(f, &l, digits);
	mr_svg_end(f);
	free(l.v);
	return ferror(f) ? -EIO : 0;
}
