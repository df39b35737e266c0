// SPDX-License-Identifier: MIT
/*
 * JSON output, by hand. Strings come from /proc/iomem and from file names,
 * so they may hold anything: control characters are escaped and bytes that
 * are not UTF-8 become U+FFFD, so that any strict parser accepts the result.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void mr_json_init(struct mr_json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

size_t mr_utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void mr_json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n;

	fputc('"', out);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
			continue;
		}
		if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s++);
			continue;
		}
		n = mr_utf8_len(s);
		if (!n) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}

/* The comma, newline, indent and key that go before every item. */
static void mr_json_item(struct mr_json *j, const char *key)
{
	if (j->depth > 0) {
		fputs(j->has_items[j->depth] ? ",\n" : "\n", j->out);
		j->has_items[j->depth] = true;
		fprintf(j->out, "%*s", 2 * j->depth, "");
	}
	if (key) {
		mr_json_write_string(j->out, key);
		fputs(": ", j->out);
	}
}

static void mr_json_open(struct mr_json *j, const char *key, char open, char close)
{
	mr_json_item(j, key);
	fputc(open, j->out);
	/* Deeper nesting than this is a bug in the tool, not in the input. */
	if (j->depth + 1 < MR_JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
	j->close[j->depth] = close;
}

void mr_json_object(struct mr_json *j, const char *key)
{
	mr_json_open(j, key, '{', '}');
}

void mr_json_array(struct mr_json *j, const char *key)
{
	mr_json_open(j, key, '[', ']');
}

void mr_json_end(struct mr_json *j)
{
	bool items = j->has_items[j->depth];
	char close = j->close[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (items)
		fprintf(j->out, "\n%*s", 2 * j->depth, "");
	fputc(close ? close : '}', j->out);
}

void mr_json_str(struct mr_json *j, const char *key, const char *s)
{
	mr_json_item(j, key);
	mr_json_write_string(j->out, s);
}

void mr_json_u64(struct mr_json *j, const char *key, uint64_t v)
{
	mr_json_item(j, key);
	fprintf(j->out, "%" PRIu64, v);
}

void mr_json_i64(struct mr_json *j, const char *key, int64_t v)
{
	mr_json_item(j, key);
	fprintf(j->out, "%" PRId64, v);
}

void mr_json_double(struct mr_json *j, const char *key, double v)
{
	mr_json_item(j, key);
	/* JSON has no NaN or infinity (v - v is 0 only for finite v). */
	if (v - v == 0)
		fprintf(j->out, "%.6g", v);
	else
		fputs("null", j->out);
}

void mr_json_bool(struct mr_json *j, const char *key, bool v)
{
	mr_json_item(j, key);
	fputs(v ? "true" : "false", j->out);
}

void mr_json_null(struct mr_json *j, const char *key)
{
	mr_json_item(j, key);
	fputs("null", j->out);
}

void mr_json_hex(struct mr_json *j, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	mr_json_str(j, key, buf);
}

void mr_json_addr(struct mr_json *j, const char *key, uint64_t v)
{
	char hex_key[64];

	mr_json_u64(j, key, v);
	snprintf(hex_key, sizeof(hex_key), "%s_hex", key);
	mr_json_hex(j, hex_key, v);
}

void mr_json_raw(struct mr_json *j, const char *key)
{
	mr_json_item(j, key);
}

void mr_json_finish(struct mr_json *j)
{
	while (j->depth > 0)
		mr_json_end(j);
	fputc('\n', j->out);
}
