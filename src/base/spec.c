// SPDX-License-Identifier: MIT
/*
 * The KEY[=VALUE] options of machine specs ("sim:map,mem=PATH,encrypt"):
 * one parser, driven by each platform's table, so that a repeated key, an
 * empty path or a number out of bounds is refused alike everywhere.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "mr_base.h"
#include "numbers.h"

/* Option values are short: paths and numbers. */
#define MR__OPT_VAL_MAX 4096

static const struct mr__opt *mr__opt_find(const struct mr__opt *opts, size_t nopts, const char *key,
					  size_t klen)
{
	size_t i;

	for (i = 0; i < nopts; i++)
		if (strlen(opts[i].key) == klen && !strncmp(opts[i].key, key, klen))
			return &opts[i];
	return NULL;
}

static int mr__opt_unknown(const char *what, const char *item, size_t n, const struct mr__opt *opts,
			   size_t nopts)
{
	char known[256] = "", shown[MR__ESCAPED_MAX(64)];
	size_t i, used = 0;

	for (i = 0; i < nopts && used < sizeof(known); i++)
		used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s%s",
					 i ? ", " : "", opts[i].key,
					 opts[i].kind == MR__OPT_FLAG	  ? ""
					 : opts[i].kind == MR__OPT_NUMBER ? "=N"
									  : "=VALUE");
	/* The spec may come from the environment: show it, never obey it. */
	mr__escape_n(shown, sizeof(shown), item, n < 64 ? n : 64);
	return mr__err(EINVAL, "%s: unknown option '%s%s' (expected %s)", what, shown,
		       n > 64 ? "..." : "", known);
}

/* One "key[=value]" item of @n bytes. */
static int mr__opt_item(const char *what, const char *item, size_t n, const struct mr__opt *opts,
			size_t nopts, unsigned long *seen,
			int (*fn)(void *, const struct mr__opt *, const char *, uint64_t),
			void *arg)
{
	const char *eq = memchr(item, '=', n);
	size_t klen = eq ? (size_t)(eq - item) : n, vlen = eq ? n - klen - 1 : 0;
	const struct mr__opt *o = mr__opt_find(opts, nopts, item, klen);
	char val[MR__OPT_VAL_MAX], shown[MR__ESCAPED_MAX(64)];
	uint64_t num = 0;
	unsigned long bit;

	if (!o)
		return mr__opt_unknown(what, item, n, opts, nopts);
	bit = 1UL << (o - opts);
	if ((*seen & bit) && !o->repeat)
		return mr__err(EINVAL, "%s: option '%s' given twice", what, o->key);
	*seen |= bit;
	if (o->kind == MR__OPT_FLAG) {
		if (eq)
			return mr__err(EINVAL, "%s: option '%s' takes no value", what, o->key);
		return fn(arg, o, NULL, 0);
	}
	if (!eq || !vlen)
		return mr__err(EINVAL, "%s: option '%s=' needs a value", what, o->key);
	if (vlen >= sizeof(val))
		return mr__err(EINVAL, "%s: the value of '%s' is longer than %zu bytes", what,
			       o->key, sizeof(val) - 1);
	memcpy(val, eq + 1, vlen);
	val[vlen] = '\0';
	if (o->kind == MR__OPT_NUMBER) {
		enum mr__num_err err = mr__num_parse_range(val, o->min, o->max, &num);

		mr__escape(shown, sizeof(shown), val);
		if (err == MR__NUM_RANGE)
			return mr__err(EINVAL, "%s: %s=%s: expected %llu to %llu", what, o->key,
				       shown, (unsigned long long)o->min,
				       (unsigned long long)o->max);
		if (err)
			return mr__err(EINVAL, "%s: %s=%s: %s", what, o->key, shown,
				       mr__num_strerror(err));
	}
	return fn(arg, o, val, num);
}

int mr__opts_parse(const char *what, const char *args, const struct mr__opt *opts, size_t nopts,
		   int (*fn)(void *arg, const struct mr__opt *o, const char *val, uint64_t num),
		   void *arg)
{
	unsigned long seen = 0;
	const char *p = args;
	int ret;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (!n)
			return mr__err(EINVAL, "%s: an empty option (two commas, or one at an end)",
				       what);
		ret = mr__opt_item(what, p, n, opts, nopts, &seen, fn, arg);
		if (ret)
			return ret;
		p += n;
		if (*p == ',' && !*++p)
			return mr__err(EINVAL, "%s: an empty option (two commas, or one at an end)",
				       what);
	}
	return 0;
}
