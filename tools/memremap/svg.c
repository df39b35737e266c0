// SPDX-License-Identifier: MIT
/*
 * The pieces of SVG output the address map (svgmap.c) and the bench chart
 * share: escaping, the document's frame, text.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "svg.h"

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
