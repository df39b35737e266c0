// SPDX-License-Identifier: MIT
/*
 * Memory types: the cache type each live mapping holds on its pages, as the
 * x86 PAT code tracks them (arch/x86/mm/pat/memtype.c). Two mappings of one
 * page must agree; a new one takes the type already there when the pair is
 * allowed and is refused when it is not.
 *
 * Reservations are kept sorted by start in one array. Overlap queries scan
 * back from the first entry that starts past the range, and stop once no
 * entry could reach the range: max_len bounds that, so a query costs
 * O(log n + entries near the range) for the mapping sizes drivers use.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mr_memtype.h"
#include "numbers.h"

/* The legacy ISA window, which PAT leaves untracked (is_ISA_range). */
#define MR__ISA_START 0xa0000ULL
#define MR__ISA_END   0x100000ULL

const char *mr_type_name(unsigned long type)
{
	switch (type) {
	case MEMREMAP_WB:
		return "wb";
	case MEMREMAP_WT:
		return "wt";
	case MEMREMAP_WC:
		return "wc";
	case MEMREMAP_DEV:
		return "dev";
	}
	return "?";
}

void mr__memtype_init(struct mr__memtype *mt)
{
	memset(mt, 0, sizeof(*mt));
}

void mr__memtype_destroy(struct mr__memtype *mt)
{
	mr__free(mt->v);
	memset(mt, 0, sizeof(*mt));
}

bool mr__memtype_untracked(uint64_t start, uint64_t end)
{
	return start >= MR__ISA_START && end <= MR__ISA_END;
}

bool mr__memtype_allowed(unsigned long req, unsigned long got)
{
	if (got == MEMREMAP_WB)
		return req == MEMREMAP_WB;
	if (req == MEMREMAP_WT && got == MEMREMAP_WC)
		return false;
	return true;
}

const char *mr__memtype_pat_name(unsigned long type)
{
	switch (type) {
	case MEMREMAP_WB:
		return "write-back";
	case MEMREMAP_WT:
		return "write-through";
	case MEMREMAP_WC:
		return "write-combining";
	case MEMREMAP_DEV:
		return "uncached-minus";
	}
	return "unknown";
}

/* Index of the first entry whose start is >= @start. */
static size_t mr__memtype_bound(const struct mr__memtype *mt, uint64_t start)
{
	size_t lo = 0, hi = mt->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mt->v[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Call @fn on each entry overlapping [start, end), lowest start first;
 * stop when it returns non-zero and return that.
 */
static int mr__memtype_each(const struct mr__memtype *mt, uint64_t start, uint64_t end,
			    int (*fn)(const struct mr__memtype_entry *, void *), void *arg)
{
	size_t first = mr__memtype_bound(mt, end);
	uint64_t reach = start > mt->max_len ? start - mt->max_len : 0;
	size_t i = first;
	int ret;

	/* Walk back to the lowest entry that could still reach @start. */
	while (i > 0 && mt->v[i - 1].start >= reach)
		i--;
	for (; i < first; i++) {
		if (mt->v[i].end <= start)
			continue;
		ret = fn(&mt->v[i], arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int mr__memtype_first_cb(const struct mr__memtype_entry *e, void *arg)
{
	*(const struct mr__memtype_entry **)arg = e;
	return 1;
}

const struct mr__memtype_entry *mr__memtype_lookup(const struct mr__memtype *mt, uint64_t start,
						   uint64_t end)
{
	const struct mr__memtype_entry *found = NULL;

	mr__memtype_each(mt, start, end, mr__memtype_first_cb, &found);
	return found;
}

struct mr__conflict {
	const struct mr__memtype_entry *first;
	const struct mr__memtype_entry *other;
};

static int mr__memtype_conflict_cb(const struct mr__memtype_entry *e, void *arg)
{
	struct mr__conflict *c = arg;

	if (!c->first) {
		c->first = e;
		return 0;
	}
	if (e->type == c->first->type)
		return 0;
	c->other = e;
	return 1;
}

/*
 * Who holds a type, for messages. A kernel PAT entry is quoted as
 * pat_memtype_list prints it (0x%016llx, the end exclusive), so that it can
 * be found in that list; the message says which form it is.
 */
static void mr__memtype_describe(const struct mr__memtype_entry *e, char *buf, size_t len)
{
	if (!e->owner) {
		snprintf(buf, len,
			 "the kernel's PAT entry \"[mem 0x%016" PRIx64 "-0x%016" PRIx64
			 "] %s\" (pat_memtype_list's form, end exclusive)",
			 e->start, e->end, e->name ? e->name : mr__memtype_pat_name(e->type));
		return;
	}
	snprintf(buf, len, "the %s mapping of " MR__MEM, mr__memtype_pat_name(e->type), e->start,
		 e->end - 1);
}

int mr__memtype_describe_range(const struct mr__memtype *mt, uint64_t start, uint64_t end,
			       unsigned long *type, char *who, size_t len)
{
	const struct mr__memtype_entry *e = mr__memtype_lookup(mt, start, end);

	if (!e)
		return 0;
	if (type)
		*type = e->type;
	if (who && len)
		mr__memtype_describe(e, who, len);
	return 1;
}

/*
 * The brief form, for a mapping's note: "the kernel's PAT entry [mem a-b]",
 * the range in our form (the end inclusive), not quoted from the list.
 */
static void mr__memtype_brief(const struct mr__memtype_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s " MR__MEM, e->owner ? "a live mapping of" : "the kernel's PAT entry",
		 e->start, e->end - 1);
}

static int mr__memtype_insert(struct mr__memtype *mt, const struct mr__memtype_entry *e)
{
	size_t at;

	if (mt->n == mt->cap) {
		size_t cap = mt->cap ? mt->cap * 2 : 16;
		struct mr__memtype_entry *v = mr__realloc(mt->v, cap * sizeof(*v));

		if (!v)
			return mr__err(ENOMEM, "out of memory tracking cache types");
		mt->v = v;
		mt->cap = cap;
	}
	at = mr__memtype_bound(mt, e->start);
	memmove(&mt->v[at + 1], &mt->v[at], (mt->n - at) * sizeof(*e));
	mt->v[at] = *e;
	mt->n++;
	if (e->end - e->start > mt->max_len)
		mt->max_len = e->end - e->start;
	return 0;
}

int mr__memtype_check(const struct mr__memtype *mt, uint64_t start, uint64_t end, unsigned long req,
		      unsigned long *got, char *from, size_t from_len)
{
	struct mr__conflict c = {0};
	char who[160], other[160];

	*got = req;
	if (mr__memtype_untracked(start, end))
		return 0;
	mr__memtype_each(mt, start, end, mr__memtype_conflict_cb, &c);
	if (c.other) {
		mr__memtype_describe(c.first, who, sizeof(who));
		mr__memtype_describe(c.other, other, sizeof(other));
		return mr__err(EAGAIN,
			       "conflicting cache types on " MR__MEM
			       ": %s and %s are both held there",
			       start, end - 1, who, other);
	}
	if (!c.first)
		return 0;
	if (!mr__memtype_allowed(req, c.first->type)) {
		mr__memtype_describe(c.first, who, sizeof(who));
		return mr__err(EAGAIN,
			       "cache type %s refused on " MR__MEM
			       ": %s holds it %s, and %s over %s would alias",
			       mr_type_name(req), start, end - 1, who,
			       mr__memtype_pat_name(c.first->type), mr_type_name(req),
			       mr_type_name(c.first->type));
	}
	*got = c.first->type;
	if (from && *got != req)
		mr__memtype_brief(c.first, from, from_len);
	return 0;
}

int mr__memtype_reserve(struct mr__memtype *mt, uint64_t start, uint64_t end, unsigned long req,
			unsigned long *got, const void *owner, char *from, size_t from_len)
{
	struct mr__memtype_entry e = {start, end, req, owner, NULL};
	int ret = mr__memtype_check(mt, start, end, req, got, from, from_len);

	if (ret || mr__memtype_untracked(start, end))
		return ret;
	e.type = *got;
	return mr__memtype_insert(mt, &e);
}

void mr__memtype_free(struct mr__memtype *mt, uint64_t start, uint64_t end, const void *owner)
{
	size_t i;

	if (mr__memtype_untracked(start, end))
		return;
	for (i = mr__memtype_bound(mt, start); i < mt->n && mt->v[i].start == start; i++) {
		if (mt->v[i].end != end || mt->v[i].owner != owner)
			continue;
		memmove(&mt->v[i], &mt->v[i + 1], (mt->n - i - 1) * sizeof(mt->v[i]));
		mt->n--;
		return;
	}
	mr__log(MR_LOG_WARNING, "memtype_free: no reservation of " MR__MEM, start, end - 1);
}

void mr__memtype_retype(struct mr__memtype *mt, uint64_t start, uint64_t end, const void *owner,
			unsigned long type)
{
	size_t i;

	for (i = mr__memtype_bound(mt, start); i < mt->n && mt->v[i].start == start; i++) {
		if (mt->v[i].end == end && mt->v[i].owner == owner) {
			mt->v[i].type = type;
			return;
		}
	}
}

/* The names pat_memtype_list prints, and the type each stands for here. */
static const struct {
	const char *name;
	unsigned long type;
} mr__pat_names[] = {
	{"write-back", MEMREMAP_WB},
	{"write-through", MEMREMAP_WT},
	{"write-combining", MEMREMAP_WC},
	{"uncached-minus", MEMREMAP_DEV},
	/* Stronger than UC-; we have one uncached type, so it stands for both. */
	{"uncached", MEMREMAP_DEV},
	/* Reads cached, writes not: closest to write-through. */
	{"write-protected", MEMREMAP_WT},
};

/*
 * "0x" and 1 to 16 hex digits, up to @stop: the project's number parser,
 * held to hex only (no sign, no blank, no suffix, no second "0x").
 */
static int mr__pat_hex(const char **p, const char *end, char stop, uint64_t *v)
{
	const char *q = *p;
	char num[24];
	size_t n;

	while (q < end && *q != stop)
		q++;
	n = (size_t)(q - *p);
	if (q == end || n < 3 || n > 18 || (*p)[0] != '0' || (*p)[1] != 'x' ||
	    strspn(*p + 2, "0123456789abcdefABCDEF") < n - 2)
		return -1;
	memcpy(num, *p, n);
	num[n] = '\0';
	if (mr__num_parse(num, v))
		return -1;
	*p = q + 1;
	return 0;
}

static int mr__pat_line(struct mr__memtype *mt, const char *line, size_t len, unsigned int lineno)
{
	static const char head[] = "PAT: [mem ";
	const char *p = line + sizeof(head) - 1, *end = line + len;
	struct mr__memtype_entry e = {0};
	uint64_t s, t;
	size_t i;

	/* What is wrong, and where: never the text, which may be a file not ours to show. */
	if (len < sizeof(head) - 1 || memcmp(line, head, sizeof(head) - 1) ||
	    mr__pat_hex(&p, end, '-', &s) || mr__pat_hex(&p, end, ']', &t) || p >= end ||
	    *p++ != ' ')
		return mr__err(EINVAL, "pat line %u: expected 'PAT: [mem 0x...-0x...] TYPE'",
			       lineno);
	if (s >= t)
		return mr__err(EINVAL, "pat line %u: an empty range", lineno);
	for (i = 0; i < MR__ARRAY_SIZE(mr__pat_names); i++)
		if (strlen(mr__pat_names[i].name) == (size_t)(end - p) &&
		    !memcmp(p, mr__pat_names[i].name, (size_t)(end - p)))
			break;
	if (i == MR__ARRAY_SIZE(mr__pat_names))
		return mr__err(EINVAL, "pat line %u: an unknown memory type", lineno);
	e.start = s;
	e.end = t;
	e.type = mr__pat_names[i].type;
	e.name = mr__pat_names[i].name;
	return mr__memtype_insert(mt, &e);
}

int mr__memtype_load_pat(struct mr__memtype *mt, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned int lineno = 0;
	int ret;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		lineno++;
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		/* The file opens with a title line; blank lines carry nothing. */
		if (n && !(n >= 3 && !memcmp(p, "PAT", 3) && memchr(p, '[', n) == NULL)) {
			ret = mr__pat_line(mt, p, n, lineno);
			if (ret)
				return ret;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}
