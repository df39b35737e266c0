/* SPDX-License-Identifier: MIT */
/* SVG output: the physical address map, and the pieces the bench chart uses. */
#ifndef MR_CLI_SVG_H
#define MR_CLI_SVG_H

#include <stdint.h>
#include <stdio.h>

#include <memremap.h>

/* Text with XML's five special characters escaped and non-UTF-8 replaced. */
void mr_svg_escape(FILE *f, const char *s);
/* The document's opening, with a white background and a <title>. */
void mr_svg_begin(FILE *f, double width, double height, const char *title);
void mr_svg_end(FILE *f);
/* <text> at (x, y) with the given attributes, its content escaped. */
void mr_svg_text(FILE *f, double x, double y, const char *attrs, const char *text);

/* What part of the map to draw, and in how much room. */
struct mr_svg_opts {
	double height;	 /* the most the picture may be tall, in px; 0: no limit */
	int depth;	 /* nesting levels drawn (1: top level only); 0: all */
	uint64_t lo, hi; /* the physical range drawn (0, UINT64_MAX: all) */
};

/* The default height: an overview that fits a screen. */
#define MR_SVG_HEIGHT 1200

/*
 * The physical address map of @root (svgmap.c): a box per resource, nested
 * inside its parent, coloured by kind, its height growing with the
 * logarithm of its size; holes between top-level resources folded to a
 * fixed height. Within @o->height, nesting is opened level by level and
 * runs of small siblings are folded into one box that says what it holds.
 * Return: 0, or -errno when writing failed or memory ran out.
 */
int mr_svg_map(FILE *f, struct resource *root, const char *title, const struct mr_svg_opts *o);

#endif /* MR_CLI_SVG_H */
