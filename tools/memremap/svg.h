/* SPDX-License-Identifier: MIT */
/* SVG output: the physical address map, and the pieces the bench chart uses. */
#ifndef MR_CLI_SVG_H
#define MR_CLI_SVG_H

#include <stdio.h>

#include <memremap.h>

/* Text with XML's five special characters escaped and non-UTF-8 replaced. */
void mr_svg_escape(FILE *f, const char *s);
/* The document's opening, with a white background and a <title>. */
void mr_svg_begin(FILE *f, double width, double height, const char *title);
void mr_svg_end(FILE *f);
/* <text> at (x, y) with the given attributes, its content escaped. */
void mr_svg_text(FILE *f, double x, double y, const char *attrs, const char *text);

/*
 * The physical address map of @root: one box per resource, nested inside
 * its parent, coloured by kind, its height growing with the logarithm of its
 * size; holes between top-level resources folded to a fixed height.
 * Return: 0, or -errno when writing failed.
 */
int mr_svg_map(FILE *f, struct resource *root, const char *title);

#endif /* MR_CLI_SVG_H */
