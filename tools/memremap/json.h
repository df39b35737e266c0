/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON writer: it tracks nesting and commas so that callers
 * cannot produce malformed output, and escapes every string.
 */
#ifndef MR_CLI_JSON_H
#define MR_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MR_JSON_MAX_DEPTH 32

struct mr_json {
	FILE *out;
	int depth;
	bool has_items[MR_JSON_MAX_DEPTH]; /* a comma is due before the next item */
	char close[MR_JSON_MAX_DEPTH];	   /* '}' or ']' for each open container */
};

/*
 * Every call takes @key: the member name inside an object, NULL inside an
 * array or at the top level.
 */
void mr_json_init(struct mr_json *j, FILE *out);
void mr_json_object(struct mr_json *j, const char *key);
void mr_json_array(struct mr_json *j, const char *key);
void mr_json_end(struct mr_json *j); /* closes the innermost object or array */
void mr_json_str(struct mr_json *j, const char *key, const char *s);
void mr_json_u64(struct mr_json *j, const char *key, uint64_t v);
void mr_json_i64(struct mr_json *j, const char *key, int64_t v);
void mr_json_double(struct mr_json *j, const char *key, double v);
void mr_json_bool(struct mr_json *j, const char *key, bool v);
void mr_json_null(struct mr_json *j, const char *key);
/* A number also as "0x..." text, for people reading addresses. */
void mr_json_hex(struct mr_json *j, const char *key, uint64_t v);
/* An address or a size: KEY as a number, then KEY_hex as "0x..." text. */
void mr_json_addr(struct mr_json *j, const char *key, uint64_t v);
/* Only the comma and key: the caller writes a valid JSON value itself. */
void mr_json_raw(struct mr_json *j, const char *key);
/* Ends the document with a newline. */
void mr_json_finish(struct mr_json *j);

/* Length of the valid UTF-8 sequence at @s (1 to 4), or 0 when it is not. */
size_t mr_utf8_len(const unsigned char *s);

/* Write @s as a JSON string literal, quotes included. */
void mr_json_write_string(FILE *out, const char *s);

#endif /* MR_CLI_JSON_H */
