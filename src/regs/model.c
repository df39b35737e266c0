// SPDX-License-Identifier: MIT
/*
 * The one model of the three formats: blocks, registers, fields, values.
 * A parser makes objects through the constructors here; then
 * mr__regs_finish_doc() gives each its inherited defaults, sorts them and
 * checks what a description must not say (fields past the width or over
 * each other, registers over each other, names twice, reset values wider
 * than their register), reporting every problem with its line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numbers.h"
#include "regs_internal.h"

#define MR__REGS_MSG_MAX 512

static _Thread_local char mr__regs_msg[MR__REGS_MSG_MAX];

const char *mr_regs_errmsg(void)
{
	return mr__regs_msg;
}

int mr__regs_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(mr__regs_msg, sizeof(mr__regs_msg), fmt, ap);
	va_end(ap);
	errno = err;
	return -err;
}

/* ------------------------------------------------------------- allocation */

void *(*mr__regs_malloc_hook)(size_t n) = malloc;

void *mr__regs_alloc(size_t n)
{
	void *p = mr__regs_malloc_hook(n ? n : 1);

	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

/* Room for @n elements of @size in @p (capacity *@cap): the array, or NULL (p is kept). */
void *mr__regs_grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap : 4;
	void *q;

	if (n <= *cap)
		return p;
	while (ncap < n) {
		if (ncap > SIZE_MAX / 2 / size)
			return NULL;
		ncap *= 2;
	}
	/* Through the hook, so that a test can fail it: no realloc. */
	q = mr__regs_malloc_hook(ncap * size);
	if (!q)
		return NULL;
	if (p)
		memcpy(q, p, *cap * size);
	free(p);
	*cap = ncap;
	return q;
}

char *mr__regs_strndup(const char *s, size_t n)
{
	char *d = mr__regs_alloc(n + 1);

	if (d)
		memcpy(d, s, n);
	return d;
}

char *mr__regs_strdup(const char *s)
{
	return mr__regs_strndup(s, strlen(s));
}

int mr__vec_push(struct mr__vec *vec, void *p)
{
	void **v = mr__regs_grow(vec->v, &vec->cap, vec->n + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	vec->v = v;
	vec->v[vec->n++] = p;
	return 0;
}

/* ------------------------------------------------------------ reporting */

/* One problem kept for the report hook. */
struct mr__diag {
	enum mr_regs_severity sev;
	unsigned int line;
	size_t seq; /* ties keep the order found */
	char msg[];
};

/* Past this many, problems are counted but not reported: the first ones tell. */
#define MR__REGS_DIAGS_MAX 1000

void mr__regs_diag(struct mr__load *ld, enum mr_regs_severity sev, unsigned int line,
		   const char *fmt, ...)
{
	char msg[MR__REGS_MSG_MAX - 64];
	const char *file = ld->doc->file;
	struct mr__diag *d;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ld->regs->report && ld->diags.n < MR__REGS_DIAGS_MAX) {
		d = mr__regs_alloc(sizeof(*d) + strlen(msg) + 1);
		if (d && !mr__vec_push(&ld->diags, d)) {
			d->sev = sev;
			d->line = line;
			d->seq = ld->diags.n;
			memcpy(d->msg, msg, strlen(msg) + 1);
		} else {
			/* No room to sort it in: report it now, out of order. */
			free(d);
			ld->regs->report(sev, file, line, msg, ld->regs->report_arg);
		}
	}
	if (sev != MR_REGS_ERROR)
		return;
	if (!ld->errors++ || line < ld->first_line) {
		ld->first_line = line;
		if (line)
			snprintf(mr__regs_msg, sizeof(mr__regs_msg), "%s:%u: %s", file, line, msg);
		else
			snprintf(mr__regs_msg, sizeof(mr__regs_msg), "%s: %s", file, msg);
	}
}

static int mr__regs_cmp_diag(const void *a, const void *b)
{
	const struct mr__diag *x = *(struct mr__diag *const *)a;
	const struct mr__diag *y = *(struct mr__diag *const *)b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void mr__regs_report(struct mr__load *ld)
{
	size_t i;

	if (ld->diags.n > 1)
		qsort(ld->diags.v, ld->diags.n, sizeof(void *), mr__regs_cmp_diag);
	for (i = 0; i < ld->diags.n; i++) {
		struct mr__diag *d = ld->diags.v[i];

		ld->regs->report(d->sev, ld->doc->file, d->line, d->msg, ld->regs->report_arg);
		free(d);
	}
	free(ld->diags.v);
	ld->diags.v = NULL;
	ld->diags.n = ld->diags.cap = 0;
}

void mr__regs_oom(struct mr__load *ld)
{
	if (ld->oom)
		return;
	ld->oom = true;
	mr__regs_diag(ld, MR_REGS_ERROR, 0, "out of memory");
}

bool mr__regs_count(struct mr__load *ld, unsigned int line)
{
	if (++ld->objects <= MR__REGS_OBJECTS_MAX)
		return true;
	if (ld->objects == MR__REGS_OBJECTS_MAX + 1)
		mr__regs_diag(ld, MR_REGS_ERROR, line,
			      "more than %lu blocks, registers, fields and values: not loaded",
			      MR__REGS_OBJECTS_MAX);
	return false;
}

/* --------------------------------------------------------- constructors */

static const char mr__regs_empty[] = "";

static char *mr__regs_name(struct mr__load *ld, const char *name, size_t nlen)
{
	char *s = mr__regs_strndup(name, nlen);

	if (!s)
		mr__regs_oom(ld);
	return s;
}

/*
 * Names of every format: letters, digits, '_', '-', '[' and ']', so that
 * "BLOCK.REG:FIELD" always splits one way (SVD and IP-XACT files say
 * nothing against a '.' or ':' in a name; the YAML reader checks first).
 */
static bool mr__regs_name_ok(struct mr__load *ld, const char *what, const char *name, size_t nlen,
			     unsigned int line)
{
	size_t i;

	for (i = 0; i < nlen; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '[' || c == ']'))
			break;
	}
	if (nlen && i == nlen)
		return true;
	mr__regs_diag(ld, MR_REGS_ERROR, line,
		      "%s name '%.*s': use letters, digits, '_', '-', '[' and ']' only", what,
		      (int)(nlen > 64 ? 64 : nlen), name);
	return false;
}

/*
 * A new zeroed node of @size bytes on @vec, its name (at @name_at in it)
 * checked, counted and copied; NULL with the diagnostic given.
 */
static void *mr__regs_node_new(struct mr__load *ld, const char *what, struct mr__vec *vec,
			       size_t size, size_t name_at, const char *name, size_t nlen,
			       unsigned int line)
{
	char *node, *copy;

	if (!mr__regs_name_ok(ld, what, name, nlen, line) || !mr__regs_count(ld, line))
		return NULL;
	node = mr__regs_alloc(size);
	copy = node ? mr__regs_strndup(name, nlen) : NULL;
	if (!copy || mr__vec_push(vec, node)) {
		free(copy);
		free(node);
		mr__regs_oom(ld);
		return NULL;
	}
	*(const char **)(void *)(node + name_at) = copy;
	return node;
}

struct mr__block *mr__regs_block_new(struct mr__load *ld, const char *name, size_t nlen,
				     unsigned int line)
{
	struct mr__block *b =
		mr__regs_node_new(ld, "block", &ld->doc->blocks, sizeof(*b),
				  offsetof(struct mr__block, pub.name), name, nlen, line);

	if (!b)
		return NULL;
	b->pub.description = mr__regs_empty;
	b->pub.file = ld->doc->file;
	b->pub.line = line;
	b->width = 32;
	b->access = MR_REG_RW;
	return b;
}

struct mr__reg *mr__regs_reg_new(struct mr__load *ld, struct mr__block *b, const char *name,
				 size_t nlen, unsigned int line)
{
	struct mr__reg *r = mr__regs_node_new(ld, "register", &b->regs, sizeof(*r),
					      offsetof(struct mr__reg, pub.name), name, nlen, line);

	if (!r)
		return NULL;
	r->pub.description = mr__regs_empty;
	r->pub.block = &b->pub;
	r->pub.file = ld->doc->file;
	r->pub.line = line;
	return r;
}

struct mr__field *mr__regs_field_new(struct mr__load *ld, struct mr__reg *r, const char *name,
				     size_t nlen, unsigned int line)
{
	struct mr__field *f =
		mr__regs_node_new(ld, "field", &r->fields, sizeof(*f),
				  offsetof(struct mr__field, pub.name), name, nlen, line);

	if (!f)
		return NULL;
	f->pub.description = mr__regs_empty;
	f->pub.reg = &r->pub;
	f->pub.file = ld->doc->file;
	f->pub.line = line;
	f->pub.width = 1;
	return f;
}

struct mr_reg_enum *mr__regs_enum_new(struct mr__load *ld, struct mr__field *f, const char *name,
				      size_t nlen, unsigned int line)
{
	struct mr_reg_enum *e =
		mr__regs_node_new(ld, "value", &f->values, sizeof(*e),
				  offsetof(struct mr_reg_enum, name), name, nlen, line);

	if (!e)
		return NULL;
	e->description = mr__regs_empty;
	return e;
}

bool mr__regs_set_text(struct mr__load *ld, const char **dst, const char *s, size_t n)
{
	char *d;

	if (*dst != mr__regs_empty || !n)
		return true;
	d = mr__regs_strndup(s, n);
	if (!d) {
		mr__regs_oom(ld);
		return false;
	}
	*dst = d;
	return true;
}

static char *mr__regs_text_copy(struct mr__load *ld, const char *s)
{
	char *d;

	if (s == mr__regs_empty)
		return (char *)mr__regs_empty;
	d = mr__regs_strdup(s);
	if (!d)
		mr__regs_oom(ld);
	return d;
}

static bool mr__regs_field_copy(struct mr__load *ld, struct mr__reg *r, const struct mr__field *sf)
{
	struct mr__field *f =
		mr__regs_field_new(ld, r, sf->pub.name, strlen(sf->pub.name), sf->pub.line);
	size_t i;

	if (!f)
		return false;
	f->pub.lsb = sf->pub.lsb;
	f->pub.width = sf->pub.width;
	f->pub.access = sf->pub.access;
	f->has_access = sf->has_access;
	if (!(f->pub.description = mr__regs_text_copy(ld, sf->pub.description)))
		return false;
	for (i = 0; i < sf->values.n; i++) {
		const struct mr_reg_enum *se = sf->values.v[i];
		struct mr_reg_enum *e =
			mr__regs_enum_new(ld, f, se->name, strlen(se->name), sf->pub.line);

		if (!e || !(e->description = mr__regs_text_copy(ld, se->description)))
			return false;
		e->value = se->value;
	}
	return true;
}

bool mr__regs_block_copy_regs(struct mr__load *ld, struct mr__block *dst,
			      const struct mr__block *src)
{
	size_t i, j;

	for (i = 0; i < src->regs.n; i++) {
		const struct mr__reg *sr = src->regs.v[i];
		struct mr__reg *r =
			mr__regs_reg_new(ld, dst, sr->pub.name, strlen(sr->pub.name), sr->pub.line);

		if (!r)
			return false;
		r->pub.offset = sr->pub.offset;
		r->pub.width = sr->pub.width;
		r->pub.reset = sr->pub.reset;
		r->pub.reset_mask = sr->pub.reset_mask;
		r->pub.access = sr->pub.access;
		r->has_access = sr->has_access;
		r->has_width = sr->has_width;
		if (!(r->pub.description = mr__regs_text_copy(ld, sr->pub.description)))
			return false;
		if (sr->alternate &&
		    !(r->alternate = mr__regs_name(ld, sr->alternate, strlen(sr->alternate))))
			return false;
		for (j = 0; j < sr->fields.n; j++)
			if (!mr__regs_field_copy(ld, r, sr->fields.v[j]))
				return false;
	}
	return true;
}

/* ------------------------------------------------------------------ free */

static void mr__regs_text_free(const char *s)
{
	if (s && s != mr__regs_empty)
		free((char *)s);
}

static void mr__regs_field_free(struct mr__field *f)
{
	size_t i;

	for (i = 0; i < f->values.n; i++) {
		struct mr_reg_enum *e = f->values.v[i];

		free((char *)e->name);
		mr__regs_text_free(e->description);
		free(e);
	}
	free(f->values.v);
	free((char *)f->pub.name);
	mr__regs_text_free(f->pub.description);
	free(f);
}

static void mr__regs_reg_free(struct mr__reg *r)
{
	size_t i;

	for (i = 0; i < r->fields.n; i++)
		mr__regs_field_free(r->fields.v[i]);
	free(r->fields.v);
	free((char *)r->pub.name);
	free(r->alternate);
	mr__regs_text_free(r->pub.description);
	free(r);
}

void mr__regs_doc_free(struct mr__doc *doc)
{
	size_t i, j;

	if (!doc)
		return;
	for (i = 0; i < doc->blocks.n; i++) {
		struct mr__block *b = doc->blocks.v[i];

		for (j = 0; j < b->regs.n; j++)
			mr__regs_reg_free(b->regs.v[j]);
		free(b->regs.v);
		free((char *)b->pub.name);
		mr__regs_text_free(b->pub.description);
		free(b);
	}
	free(doc->blocks.v);
	free(doc->file);
	free(doc);
}

/* ---------------------------------------------------------------- checks */

static uint64_t mr__regs_ones(unsigned int bits)
{
	return bits >= 64 ? UINT64_MAX : (1ULL << bits) - 1;
}

/* Sorting keeps the description's order among equals: ties go by line. */
static int mr__regs_cmp_field(const void *a, const void *b)
{
	const struct mr__field *x = *(struct mr__field *const *)a;
	const struct mr__field *y = *(struct mr__field *const *)b;

	if (x->pub.lsb != y->pub.lsb)
		return x->pub.lsb < y->pub.lsb ? -1 : 1;
	return (x->pub.line > y->pub.line) - (x->pub.line < y->pub.line);
}

static int mr__regs_cmp_reg(const void *a, const void *b)
{
	const struct mr__reg *x = *(struct mr__reg *const *)a;
	const struct mr__reg *y = *(struct mr__reg *const *)b;

	if (x->pub.offset != y->pub.offset)
		return x->pub.offset < y->pub.offset ? -1 : 1;
	return (x->pub.line > y->pub.line) - (x->pub.line < y->pub.line);
}

/* Names of one level, to find one given twice. */
struct mr__named {
	const char *name;
	unsigned int line;
};

static int mr__regs_cmp_named(const void *a, const void *b)
{
	const struct mr__named *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static void mr__regs_dups(struct mr__load *ld, struct mr__named *names, size_t n, const char *what,
			  const char *where)
{
	size_t i;

	qsort(names, n, sizeof(*names), mr__regs_cmp_named);
	for (i = 1; i < n; i++)
		if (!strcasecmp(names[i].name, names[i - 1].name))
			mr__regs_diag(ld, MR_REGS_ERROR, names[i].line,
				      "%s %s%s: a second time (first at line %u)", what, where,
				      names[i].name, names[i - 1].line);
}

/* Check the names of @n objects, each with its name and line at the given offsets. */
static void mr__regs_check_names(struct mr__load *ld, void *const *objs, size_t n, size_t name_off,
				 size_t line_off, const char *what, const char *where)
{
	struct mr__named *names;
	size_t i;

	if (n < 2)
		return;
	names = mr__regs_alloc(n * sizeof(*names));
	if (!names) {
		mr__regs_oom(ld);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *obj = objs[i];

		memcpy(&names[i].name, obj + name_off, sizeof(names[i].name));
		memcpy(&names[i].line, obj + line_off, sizeof(names[i].line));
	}
	mr__regs_dups(ld, names, n, what, where);
	free(names);
}

static void mr__regs_check_values(struct mr__load *ld, struct mr__field *f, const char *where)
{
	uint64_t max = mr__regs_ones(f->pub.width);
	struct mr__named *names;
	size_t i, n = f->values.n;

	for (i = 0; i < n; i++) {
		const struct mr_reg_enum *e = f->values.v[i];

		if (e->value > max)
			mr__regs_diag(ld, MR_REGS_ERROR, f->pub.line,
				      "%s: value %s = 0x%llx does not fit the field's %u bits",
				      where, e->name, (unsigned long long)e->value, f->pub.width);
	}
	if (n < 2)
		return;
	names = mr__regs_alloc(n * sizeof(*names));
	if (!names) {
		mr__regs_oom(ld);
		return;
	}
	for (i = 0; i < n; i++) {
		names[i].name = ((struct mr_reg_enum *)f->values.v[i])->name;
		names[i].line = f->pub.line;
	}
	mr__regs_dups(ld, names, n, where, "value ");
	free(names);
}

static void mr__regs_finish_field(struct mr__load *ld, struct mr__reg *r, struct mr__field *f,
				  uint64_t *used)
{
	char where[160];
	size_t i;

	snprintf(where, sizeof(where), "field %s.%s:%s", r->pub.block->name, r->pub.name,
		 f->pub.name);
	if (!f->has_access)
		f->pub.access = r->pub.access;
	if (!f->pub.width || f->pub.lsb >= r->pub.width ||
	    f->pub.width > r->pub.width - f->pub.lsb) {
		mr__regs_diag(ld, MR_REGS_ERROR, f->pub.line,
			      "%s: bits %u:%u past the register's %u bits", where,
			      f->pub.lsb + f->pub.width - 1, f->pub.lsb, r->pub.width);
		return;
	}
	f->pub.mask = mr__regs_ones(f->pub.width) << f->pub.lsb;
	if (*used & f->pub.mask) {
		for (i = 0; i < r->fields.n; i++) {
			const struct mr__field *o = r->fields.v[i];

			if (o != f && (o->pub.mask & f->pub.mask)) {
				mr__regs_diag(
					ld, MR_REGS_ERROR, f->pub.line,
					"%s: bits %u:%u overlap field %s (bits %u:%u, line %u)",
					where, f->pub.lsb + f->pub.width - 1, f->pub.lsb,
					o->pub.name, o->pub.lsb + o->pub.width - 1, o->pub.lsb,
					o->pub.line);
				break;
			}
		}
	}
	*used |= f->pub.mask;
	mr__regs_check_values(ld, f, where);
	f->pub.values = (const struct mr_reg_enum *const *)f->values.v;
	f->pub.nvalues = f->values.n;
}

static bool mr__regs_width_ok(unsigned int w)
{
	return w == 8 || w == 16 || w == 32 || w == 64;
}

static void mr__regs_finish_reg(struct mr__load *ld, struct mr__block *b, struct mr__reg *r)
{
	uint64_t used = 0;
	char where[160];
	size_t i;

	snprintf(where, sizeof(where), "%s.%s", b->pub.name, r->pub.name);
	if (!r->has_width)
		r->pub.width = b->width;
	if (!r->has_access)
		r->pub.access = b->access;
	if (!mr__regs_width_ok(r->pub.width)) {
		mr__regs_diag(ld, MR_REGS_ERROR, r->pub.line,
			      "register %s: width %u: not 8, 16, 32 or 64 bits", where,
			      r->pub.width);
		r->pub.width = 64; /* check its fields against something */
	}
	if (r->pub.reset_mask & ~mr__regs_ones(r->pub.width) & r->pub.reset)
		mr__regs_diag(ld, MR_REGS_ERROR, r->pub.line,
			      "register %s: reset value 0x%llx wider than its %u bits", where,
			      (unsigned long long)r->pub.reset, r->pub.width);
	r->pub.reset_mask &= mr__regs_ones(r->pub.width);
	r->pub.reset &= r->pub.reset_mask;
	if (r->pub.offset % (r->pub.width / 8))
		mr__regs_diag(ld, MR_REGS_WARNING, r->pub.line,
			      "register %s: offset 0x%llx not aligned to its %u bits", where,
			      (unsigned long long)r->pub.offset, r->pub.width);
	/* qsort's array must not be NULL, even for none: an empty vector's is. */
	if (r->fields.n > 1)
		qsort(r->fields.v, r->fields.n, sizeof(void *), mr__regs_cmp_field);
	for (i = 0; i < r->fields.n; i++)
		mr__regs_finish_field(ld, r, r->fields.v[i], &used);
	snprintf(where, sizeof(where), "%s.%s:", b->pub.name, r->pub.name);
	mr__regs_check_names(ld, r->fields.v, r->fields.n, offsetof(struct mr_reg_field, name),
			     offsetof(struct mr_reg_field, line), "field", where);
	r->pub.fields = (const struct mr_reg_field *const *)r->fields.v;
	r->pub.nfields = r->fields.n;
}

static bool mr__regs_alternates(const struct mr__reg *a, const struct mr__reg *b)
{
	return (a->alternate && !strcasecmp(a->alternate, b->pub.name)) ||
	       (b->alternate && !strcasecmp(b->alternate, a->pub.name)) ||
	       (a->alternate && b->alternate && !strcasecmp(a->alternate, b->alternate));
}

/* Registers sorted by offset: each against every earlier one it may reach. */
static void mr__regs_check_overlaps(struct mr__load *ld, struct mr__block *b)
{
	size_t i, j;

	for (i = 1; i < b->regs.n; i++) {
		const struct mr__reg *r = b->regs.v[i];

		for (j = i; j-- > 0;) {
			const struct mr__reg *o = b->regs.v[j];
			uint64_t oend = o->pub.offset + o->pub.width / 8;

			/* Registers are at most 8 bytes: none further back reaches. */
			if (o->pub.offset + 8 <= r->pub.offset)
				break;
			if (oend > r->pub.offset && !mr__regs_alternates(r, o)) {
				mr__regs_diag(
					ld, MR_REGS_ERROR, r->pub.line,
					"register %s.%s at 0x%llx overlaps %s (0x%llx-0x%llx, "
					"line %u)",
					b->pub.name, r->pub.name, (unsigned long long)r->pub.offset,
					o->pub.name, (unsigned long long)o->pub.offset,
					(unsigned long long)oend - 1, o->pub.line);
				break;
			}
		}
	}
}

static void mr__regs_finish_block(struct mr__load *ld, struct mr__block *b)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < b->regs.n; i++) {
		struct mr__reg *r = b->regs.v[i];
		uint64_t rend;

		mr__regs_finish_reg(ld, b, r);
		rend = r->pub.offset + r->pub.width / 8;
		if (rend < r->pub.offset) {
			mr__regs_diag(ld, MR_REGS_ERROR, r->pub.line,
				      "register %s.%s: offset 0x%llx runs past 2^64", b->pub.name,
				      r->pub.name, (unsigned long long)r->pub.offset);
			continue;
		}
		if (b->has_size && rend > b->pub.size)
			mr__regs_diag(ld, MR_REGS_ERROR, r->pub.line,
				      "register %s.%s at 0x%llx: past the block's size 0x%llx",
				      b->pub.name, r->pub.name, (unsigned long long)r->pub.offset,
				      (unsigned long long)b->pub.size);
		if (rend > end)
			end = rend;
	}
	if (!b->has_size)
		b->pub.size = end;
	if (b->pub.anchor == MR_REG_ANCHOR_BASE && b->pub.size &&
	    b->pub.base + b->pub.size - 1 < b->pub.base)
		mr__regs_diag(ld, MR_REGS_ERROR, b->pub.line,
			      "block %s: base 0x%llx + size 0x%llx runs past 2^64", b->pub.name,
			      (unsigned long long)b->pub.base, (unsigned long long)b->pub.size);
	if (b->regs.n > 1)
		qsort(b->regs.v, b->regs.n, sizeof(void *), mr__regs_cmp_reg);
	mr__regs_check_overlaps(ld, b);
	mr__regs_check_names(ld, b->regs.v, b->regs.n, offsetof(struct mr_reg, name),
			     offsetof(struct mr_reg, line), "register", "");
	b->pub.regs = (const struct mr_reg *const *)b->regs.v;
	b->pub.nregs = b->regs.n;
	if (b->pub.anchor == MR_REG_ANCHOR_BASE) {
		b->phys = b->pub.base;
		b->resolved = true;
	}
}

void mr__regs_finish_doc(struct mr__load *ld)
{
	struct mr__doc *doc = ld->doc;
	size_t i;

	if (!doc->blocks.n && !ld->errors)
		mr__regs_diag(ld, MR_REGS_ERROR, 0, "no blocks described");
	for (i = 0; i < doc->blocks.n; i++)
		mr__regs_finish_block(ld, doc->blocks.v[i]);
	mr__regs_check_names(ld, doc->blocks.v, doc->blocks.n, offsetof(struct mr_reg_block, name),
			     offsetof(struct mr_reg_block, line), "block", "");
}

/* ------------------------------------------------------------ small parts */

static const struct {
	const char *name;
	enum mr_reg_access access;
} mr__regs_access_names[] = {
	/* Ours, and SystemRDL's and the datasheets' */
	{"RW", MR_REG_RW},
	{"RO", MR_REG_RO},
	{"WO", MR_REG_WO},
	{"W1C", MR_REG_W1C},
	{"W1S", MR_REG_W1S},
	{"RC", MR_REG_RC},
	{"RW1C", MR_REG_W1C},
	{"RW1S", MR_REG_W1S},
	{"R", MR_REG_RO},
	{"W", MR_REG_WO},
	/* CMSIS-SVD and IP-XACT */
	{"read-write", MR_REG_RW},
	{"read-only", MR_REG_RO},
	{"write-only", MR_REG_WO},
	{"writeOnce", MR_REG_WO},
	{"read-writeOnce", MR_REG_RW},
};

int mr__regs_access_parse(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(mr__regs_access_names) / sizeof(mr__regs_access_names[0]); i++)
		if (strlen(mr__regs_access_names[i].name) == n &&
		    !strncasecmp(mr__regs_access_names[i].name, s, n))
			return (int)mr__regs_access_names[i].access;
	return -1;
}

const char *mr_regs_access_name(enum mr_reg_access access)
{
	static const char *const names[] = {"RW", "RO", "WO", "W1C", "W1S", "RC"};

	if ((unsigned int)access >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[access];
}

/* Digits of @base in s[0..n), '_' between them allowed (Verilog, readable hex). */
static bool mr__regs_digits(const char *s, size_t n, unsigned int base, uint64_t *v)
{
	uint64_t x = 0;
	bool any = false;
	size_t i;
	int d;

	for (i = 0; i < n; i++) {
		if (s[i] == '_' && any)
			continue;
		d = mr__num_digit(s[i], base);
		if (d < 0 || x > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		x = x * base + (uint64_t)d;
		any = true;
	}
	*v = x;
	return any;
}

bool mr__regs_number(const char *s, size_t n, uint64_t *v)
{
	const char *q;

	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return false;
	/* Verilog: 32'h0000_00ed, 'hed, 8'd10, 4'b1010. */
	q = memchr(s, '\'', n);
	if (q) {
		size_t pre = (size_t)(q - s), rest = n - pre - 1;
		uint64_t bits;

		if ((pre && !mr__regs_digits(s, pre, 10, &bits)) || rest < 2)
			return false;
		switch (q[1]) {
		case 'h':
		case 'H':
			return mr__regs_digits(q + 2, rest - 1, 16, v);
		case 'd':
		case 'D':
			return mr__regs_digits(q + 2, rest - 1, 10, v);
		case 'b':
		case 'B':
			return mr__regs_digits(q + 2, rest - 1, 2, v);
		case 'o':
		case 'O':
			return mr__regs_digits(q + 2, rest - 1, 8, v);
		default:
			return false;
		}
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return mr__regs_digits(s + 2, n - 2, 16, v);
	if (n > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		return mr__regs_digits(s + 2, n - 2, 2, v);
	/* CMSIS-SVD binary: #0101 */
	if (n > 1 && s[0] == '#')
		return mr__regs_digits(s + 1, n - 1, 2, v);
	return s[0] != '_' && mr__regs_digits(s, n, 10, v);
}
