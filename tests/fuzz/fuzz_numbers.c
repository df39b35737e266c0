// SPDX-License-Identifier: MIT
/*
 * The number parser of machine specs (phys-bits=N, highmem=ADDR):
 * mr__parse_u64() against a reference written from its contract, a C
 * integer constant (0x hex, 0 octal, decimal) with an optional K, M, G or
 * T suffix, nothing before or after it, no sign, and no value past 2^64.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"

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
	const char *p = s;
	int d;

	if (!isdigit((unsigned char)*p))
		return false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (digit(*p, 16) < 0)
			return false;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (; (d = digit(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	switch (*p) {
	case 'k':
	case 'K':
		shift = 10;
		p++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		p++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		p++;
		break;
	case 't':
	case 'T':
		shift = 40;
		p++;
		break;
	}
	if (*p || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = v << shift;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t got = 0x5a5a5a5a, want = 0;
	bool ok;
	char *s;
	int ret;

	if (size > FUZZ_NUM_MAX)
		return 0;
	s = fuzz_cstr(data, size);
	ret = mr__parse_u64(s, &got);
	ok = reference(s, &want);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "'%s': ret %d", s, ret);
	FUZZ_CHECK(!ret == ok, "'%s': parsed %s, the reference %s", s, ret ? "no" : "yes",
		   ok ? "yes" : "no");
	FUZZ_CHECK(ret || got == want, "'%s': %llu, want %llu", s, (unsigned long long)got,
		   (unsigned long long)want);
	FUZZ_CHECK(!ret || got == 0x5a5a5a5a, "'%s': a refusal wrote the output", s);
	free(s);
	return 0;
}
