// SPDX-License-Identifier: MIT
/*
 * Number parsing for machine specs and the command line. Written out by hand rather than with
 * strtoull(): strtoull accepts leading blanks, a sign ("-1" becomes
 * 2^64-1), and octal, each of which turns a typo into a wild address.
 */
#include <stddef.h>

#include "numbers.h"

/*
 * A binary suffix: a letter K, M, G, T, P or E (either case), alone or
 * followed by "iB" as sizes are printed ("4 KiB"). Returns the shift and
 * leaves *end past the suffix, or 0 when @s starts with none.
 */
static unsigned int mr__num_suffix(const char *s, const char **end)
{
	static const char letters[] = "kmgtpe";
	unsigned int i;

	for (i = 0; letters[i]; i++)
		if (*s == letters[i] || *s == letters[i] - 'a' + 'A')
			break;
	if (!letters[i])
		return 0;
	*end = s + (s[1] == 'i' && s[2] == 'B' ? 3 : 1);
	return 10 * (i + 1);
}

/* The digits of @s in @base up to the first non-digit, left in *end. */
static enum mr__num_err mr__num_digits(const char *s, unsigned int base, uint64_t *out,
				       const char **end)
{
	uint64_t v = 0;
	int d;

	if (mr__num_digit(*s, base) < 0)
		return MR__NUM_DIGITS;
	for (; (d = mr__num_digit(*s, base)) >= 0; s++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return MR__NUM_OVERFLOW;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	*end = s;
	return MR__NUM_OK;
}

enum mr__num_err mr__num_parse(const char *s, uint64_t *out)
{
	unsigned int base = 10, shift;
	const char *end;
	enum mr__num_err err;
	uint64_t v;

	if (!s || !*s)
		return MR__NUM_EMPTY;
	if (*s == '-')
		return MR__NUM_NEGATIVE;
	if (*s == '+' || *s == ' ' || *s == '\t')
		return MR__NUM_SIGN;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	err = mr__num_digits(s, base, &v, &end);
	if (err)
		return err;
	shift = mr__num_suffix(end, &end);
	if (*end)
		return MR__NUM_SUFFIX;
	if (shift && v > (UINT64_MAX >> shift))
		return MR__NUM_OVERFLOW;
	*out = v << shift;
	return MR__NUM_OK;
}

enum mr__num_err mr__num_parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	enum mr__num_err err;
	uint64_t v;

	err = mr__num_parse(s, &v);
	if (err)
		return err;
	if (v < lo || v > hi)
		return MR__NUM_RANGE;
	*out = v;
	return MR__NUM_OK;
}

const char *mr__num_strerror(enum mr__num_err err)
{
	switch (err) {
	case MR__NUM_OK:
		return "ok";
	case MR__NUM_EMPTY:
		return "empty, expected a number";
	case MR__NUM_NEGATIVE:
		return "negative numbers are not allowed";
	case MR__NUM_SIGN:
		return "a number must start with a digit";
	case MR__NUM_DIGITS:
		return "not a number (decimal, or hex with 0x)";
	case MR__NUM_SUFFIX:
		return "junk after the number (suffixes are K, M, G, T, P, E, or KiB ... EiB)";
	case MR__NUM_OVERFLOW:
		return "too large for 64 bits";
	case MR__NUM_RANGE:
		return "out of range";
	}
	return "bad number";
}

int mr__num_fits(uint64_t v, unsigned int bits)
{
	return bits >= 64 || !(v >> bits);
}
