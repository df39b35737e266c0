/* SPDX-License-Identifier: MIT */
/*
 * Numbers, in machine specs and on the command line alike: decimal or 0x
 * hex, with an optional binary suffix (powers of 1024): K, M, G, T, P or E
 * in either case, or KiB, MiB, GiB, TiB, PiB, EiB as sizes are printed. Standalone:
 * the library uses it, and the tool compiles this same source in, since the
 * library does not export it.
 */
#ifndef MR_NUMBERS_H
#define MR_NUMBERS_H

#include <stdint.h>

enum mr__num_err {
	MR__NUM_OK = 0,
	MR__NUM_EMPTY,	  /* "" or NULL */
	MR__NUM_NEGATIVE, /* a leading '-' */
	MR__NUM_SIGN,	  /* a leading '+' or blank */
	MR__NUM_DIGITS,	  /* no digits, or a character that is not one */
	MR__NUM_SUFFIX,	  /* junk after the number */
	MR__NUM_OVERFLOW, /* more than 64 bits, suffix included */
	MR__NUM_RANGE,	  /* outside the bounds a caller asked for */
};

/*
 * Parse @s into @out. Octal is deliberately not a thing: "010" is ten, as
 * devmem users who pad addresses with zeros expect.
 */
enum mr__num_err mr__num_parse(const char *s, uint64_t *out);

/* Parse and check lo <= value <= hi. */
enum mr__num_err mr__num_parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* Why a parse failed, for "bad address 'x': <reason>". */
const char *mr__num_strerror(enum mr__num_err err);

/* The value of digit @c in @base (up to 16), or -1: libmemremap-regs reads its numbers with it too.
 */
static inline int mr__num_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned int)d < base ? d : -1;
}

/* Does @v fit in @bits bits (8, 16, 32 or 64)? */
int mr__num_fits(uint64_t v, unsigned int bits);

#endif /* MR_NUMBERS_H */
