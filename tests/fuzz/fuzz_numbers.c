// SPDX-License-Identifier: MIT
/*
 * The number parser of machine specs and the CLI (src/core/numbers.c) against
 * a reference written from its header: decimal (leading zeros too, never
 * octal) or 0x hex, an optional binary suffix (K, M, G, T, P, E in either
 * case, alone or followed by "iB": powers of 1024),
 * nothing before or after, at most 64 bits; and the range check and the
 * width check agreeing with it.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "numbers.h"

#define FUZZ_NUM_MAX 64

static int digit(char c, unsigned int base)
{
	int d = -1;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	return d >= 0 && (unsigned int)d < base ? d : -1;
}

static bool reference(const char *s, uint64_t *out)
{
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (digit(*s, base) < 0)
		return false;
	for (; (d = digit(*s, base)) >= 0; s++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	switch (*s) {
	case 'e':
	case 'E':
		shift += 10;
		/* fall through */
	case 'p':
	case 'P':
		shift += 10;
		/* fall through */
	case 't':
	case 'T':
		shift += 10;
		/* fall through */
	case 'g':
	case 'G':
		shift += 10;
		/* fall through */
	case 'm':
	case 'M':
		shift += 10;
		/* fall through */
	case 'k':
	case 'K':
		shift += 10;
		s++;
		if (s[0] == 'i' && s[1] == 'B')
			s += 2;
		break;
	}
	if (*s || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = v << shift;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t got = 0x5a5a5a5a, want = 0, lo, hi, r = 0;
	enum mr__num_err err, rerr;
	char *s;
	bool ok;

	if (size > FUZZ_NUM_MAX)
		return 0;
	s = fuzz_cstr(data, size);
	err = mr__num_parse(s, &got);
	ok = reference(s, &want);
	FUZZ_CHECK(!err == ok, "'%s': %s, the reference %s", s, mr__num_strerror(err),
		   ok ? "parses it" : "does not");
	FUZZ_CHECK(err || got == want, "'%s': %llu, want %llu", s, (unsigned long long)got,
		   (unsigned long long)want);
	FUZZ_CHECK(!err || got == 0x5a5a5a5a, "'%s': a refusal wrote the output", s);
	FUZZ_CHECK(mr__num_strerror(err) && mr__num_strerror(err)[0], "no reason for %d", err);
	if (s[0] == '-')
		FUZZ_CHECK(err == MR__NUM_NEGATIVE, "'%s': %s", s, mr__num_strerror(err));
	/* The range check is the parse plus lo <= v <= hi, nothing else. */
	lo = size ? data[0] : 0;
	hi = size > 1 ? (uint64_t)data[1] << (data[0] & 63) : UINT64_MAX;
	rerr = mr__num_parse_range(s, lo, hi, &r);
	if (err)
		FUZZ_CHECK(rerr == err, "'%s': range %d, parse %d", s, rerr, err);
	else
		FUZZ_CHECK((rerr == MR__NUM_OK) == (want >= lo && want <= hi) &&
				   (rerr == MR__NUM_OK || rerr == MR__NUM_RANGE) &&
				   (rerr || r == want),
			   "'%s': range [%llu, %llu] says %d", s, (unsigned long long)lo,
			   (unsigned long long)hi, rerr);
	if (!err)
		for (unsigned int bits = 8; bits <= 64; bits *= 2)
			FUZZ_CHECK(!mr__num_fits(want, bits) == (bits < 64 && want >> bits),
				   "fits(%llu, %u)", (unsigned long long)want, bits);
	free(s);
	return 0;
}
