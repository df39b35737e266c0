/* SPDX-License-Identifier: MIT */
/*
 * Numbers on the command line: decimal or 0x hex, with an optional K, M, G
 * or T suffix (powers of 1024). Standalone, so that its unit test needs
 * nothing else.
 */
#ifndef MR_CLI_NUMBERS_H
#define MR_CLI_NUMBERS_H

#include <stdint.h>

enum mr_num_err {
	MR_NUM_OK = 0,
	MR_NUM_EMPTY,	 /* "" or NULL */
	MR_NUM_NEGATIVE, /* a leading '-' */
	MR_NUM_SIGN,	 /* a leading '+' or blank */
	MR_NUM_DIGITS,	 /* no digits, or a character that is not one */
	MR_NUM_SUFFIX,	 /* junk after the number */
	MR_NUM_OVERFLOW, /* more than 64 bits, suffix included */
	MR_NUM_RANGE,	 /* outside the bounds a caller asked for */
};

/*
 * Parse @s into @out. Octal is deliberately not a thing: "010" is ten, as
 * devmem users who pad addresses with zeros expect.
 */
enum mr_num_err mr_num_parse(const char *s, uint64_t *out);

/* Parse and check lo <= value <= hi. */
enum mr_num_err mr_num_parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* Why a parse failed, for "bad address 'x': <reason>". */
const char *mr_num_strerror(enum mr_num_err err);

/* Does @v fit in @bits bits (8, 16, 32 or 64)? */
int mr_num_fits(uint64_t v, unsigned int bits);

#endif /* MR_CLI_NUMBERS_H */
