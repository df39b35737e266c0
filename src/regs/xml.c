// SPDX-License-Identifier: MIT
/*
 * CMSIS-SVD and IP-XACT, read with libxml2 into the one model.
 *
 *   CMSIS-SVD  <device>: each <peripheral> a block at its <baseAddress>;
 *              derivedFrom copies another's registers; <cluster>s flatten
 *              into CLUSTER_REG names; dim arrays expand (%s: the index);
 *              size, access and reset values inherit device > peripheral >
 *              cluster > register, as the schema says.
 *   IP-XACT    <component> (SPIRIT 1.4/1.5 and IEEE 1685-2009/2014/2022,
 *              matched by local name whatever the namespace): each
 *              <addressBlock> a block, named after the component when it has
 *              one, else COMPONENT_BLOCK. IP-XACT gives no physical address:
 *              such blocks are anchored nowhere until mr_regs_set_base().
 *
 * Write side effects: modifiedWriteValues oneToClear is W1C, oneToSet W1S;
 * readAction clear is RC.
 *
 * The parser reads no DTD, no external entity and nothing from the network;
 * a document with a DOCTYPE is refused rather than have entities expanded.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "regs_internal.h"

#ifdef MR_REGS_NO_XML
/*
 * Built without libxml2 (the VM suite's static tool): XML is refused with a
 * message, the native format still loads.
 */
void mr__regs_parse_xml(struct mr__load *ld, const char *text, size_t len)
{
	(void)text;
	(void)len;
	mr__regs_diag(ld, MR_REGS_ERROR, 0,
		      "XML (CMSIS-SVD, IP-XACT): this build has no XML support");
}
#else

#include <libxml/parser.h>
#include <libxml/tree.h>

/* An SVD array bigger than this is a mistake, not a register file. */
#define MR__SVD_DIM_MAX	  4096
/* Clusters and register files nest; this deep they do not. */
#define MR__XML_DEPTH_MAX 16

struct mr__xml {
	struct mr__load *ld;
};

/* Register properties, inherited level by level. */
struct mr__props {
	unsigned int width;
	bool has_width;
	enum mr_reg_access access;
	bool has_access;
	uint64_t reset, reset_mask;
	bool has_reset, has_reset_mask;
};

static unsigned int mr__xline(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 && l < (long)UINT32_MAX ? (unsigned int)l : 0;
}

static bool mr__xis(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static xmlNode *mr__xchild(const xmlNode *n, const char *local)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (mr__xis(c, local))
			return c;
	return NULL;
}

#define mr__xfor_each(c, parent, local)                       \
	for (xmlNode *c = (parent)->children; c; c = c->next) \
		if (mr__xis(c, local))

/* The text of child @local, blanks at both ends trimmed; NULL if none. Free with xmlFree. */
static char *mr__xtext(const xmlNode *n, const char *local, size_t *len)
{
	xmlNode *c = local ? mr__xchild(n, local) : (xmlNode *)n;
	char *s, *b, *e;

	if (!c)
		return NULL;
	s = (char *)xmlNodeGetContent(c);
	if (!s)
		return NULL;
	for (b = s; *b == ' ' || *b == '\t' || *b == '\n' || *b == '\r'; b++)
		;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	memmove(s, b, (size_t)(e - b));
	s[e - b] = '\0';
	*len = (size_t)(e - b);
	return s;
}

/* A number child; false if absent (silently) or bad (reported). */
static bool mr__xnumber(struct mr__xml *x, const xmlNode *n, const char *local, const char *where,
			uint64_t *v)
{
	xmlNode *c = mr__xchild(n, local);
	size_t len;
	char *s;
	bool ok;

	if (!c)
		return false;
	s = mr__xtext(c, NULL, &len);
	if (!s) {
		mr__regs_oom(x->ld);
		return false;
	}
	ok = mr__regs_number(s, len, v);
	if (!ok)
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(c), "%s: <%s> '%.*s' is not a number",
			      where, local, (int)(len > 32 ? 32 : len), s);
	xmlFree(s);
	return ok;
}

/* A description: blanks and line breaks folded into single spaces. */
static void mr__xdescription(struct mr__xml *x, const xmlNode *n, const char **dst)
{
	size_t len, i, j;
	char *s = mr__xtext(n, "description", &len);

	if (!s)
		return;
	for (i = j = 0; i < len; i++) {
		bool blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';

		if (blank && j && s[j - 1] == ' ')
			continue;
		s[j++] = blank ? ' ' : s[i];
	}
	mr__regs_set_text(x->ld, dst, s, j);
	xmlFree(s);
}

static bool mr__xaccess(struct mr__xml *x, const xmlNode *n, const char *where,
			enum mr_reg_access *a)
{
	xmlNode *c = mr__xchild(n, "access");
	size_t len;
	char *s;
	int v;

	if (!c || !(s = mr__xtext(c, NULL, &len)))
		return false;
	v = mr__regs_access_parse(s, len);
	if (v < 0)
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(c),
			      "%s: unknown access '%.*s' (read-write, read-only, write-only, "
			      "writeOnce, read-writeOnce)",
			      where, (int)(len > 32 ? 32 : len), s);
	else
		*a = (enum mr_reg_access)v;
	xmlFree(s);
	return v >= 0;
}

/* modifiedWriteValues / modifiedWriteValue and readAction refine an access. */
static void mr__xside_effects(const xmlNode *n, enum mr_reg_access *a, bool *has)
{
	static const char *const mwv[] = {"modifiedWriteValues", "modifiedWriteValue"};
	size_t len, i;
	char *s;

	for (i = 0; i < 2; i++) {
		s = mr__xtext(n, mwv[i], &len);
		if (!s)
			continue;
		if (!strcmp(s, "oneToClear")) {
			*a = MR_REG_W1C;
			*has = true;
		} else if (!strcmp(s, "oneToSet")) {
			*a = MR_REG_W1S;
			*has = true;
		}
		xmlFree(s);
	}
	s = mr__xtext(n, "readAction", &len);
	if (s) {
		if (!strcmp(s, "clear")) {
			*a = MR_REG_RC;
			*has = true;
		}
		xmlFree(s);
	}
}

/* A name child, copied into @buf; false (reported) when missing or empty. */
static bool mr__xname(struct mr__xml *x, const xmlNode *n, const char *what, char *buf, size_t size)
{
	size_t len;
	char *s = mr__xtext(n, "name", &len);

	if (!s || !len || len >= size) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n), "%s without a %s", what,
			      s && len ? "name of reasonable length" : "<name>");
		if (s)
			xmlFree(s);
		return false;
	}
	memcpy(buf, s, len + 1);
	xmlFree(s);
	return true;
}

/* --------------------------------------------------------------- fields */

static void mr__xvalues(struct mr__xml *x, struct mr__field *f, const xmlNode *n, const char *where)
{
	xmlNode *ev = mr__xchild(n, "enumeratedValues");
	char name[128];

	/* SVD may give a read and a write set: the first one names the values. */
	if (!ev)
		return;
	mr__xfor_each(v, ev, "enumeratedValue")
	{
		struct mr_reg_enum *e;
		xmlNode *isdef = mr__xchild(v, "isDefault");

		if (isdef)
			continue; /* "every other value": nothing to name */
		if (!mr__xname(x, v, "enumeratedValue", name, sizeof(name)))
			continue;
		e = mr__regs_enum_new(x->ld, f, name, strlen(name), mr__xline(v));
		if (!e)
			return;
		if (!mr__xchild(v, "value"))
			mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(v),
				      "%s: value %s: no <value>", where, name);
		else
			mr__xnumber(x, v, "value", where, &e->value);
		mr__xdescription(x, v, &e->description);
	}
}

/* [msb:lsb] of SVD's bitRange. */
static bool mr__xbitrange(const char *s, size_t len, uint64_t *msb, uint64_t *lsb)
{
	const char *colon = memchr(s, ':', len);

	if (len < 5 || s[0] != '[' || s[len - 1] != ']' || !colon)
		return false;
	return mr__regs_number(s + 1, (size_t)(colon - s - 1), msb) &&
	       mr__regs_number(colon + 1, (size_t)(s + len - 1 - colon - 1), lsb);
}

static void mr__xfield_bits(struct mr__xml *x, struct mr__field *f, const xmlNode *n,
			    const char *where)
{
	uint64_t off, width, msb, lsb;
	size_t len;
	char *s;

	if (mr__xchild(n, "bitOffset")) {
		if (!mr__xnumber(x, n, "bitOffset", where, &off))
			return;
		width = 1;
		if (mr__xchild(n, "bitWidth") && !mr__xnumber(x, n, "bitWidth", where, &width))
			return;
		msb = off + width - 1;
		lsb = off;
	} else if (mr__xchild(n, "lsb") && mr__xchild(n, "msb")) {
		if (!mr__xnumber(x, n, "lsb", where, &lsb) ||
		    !mr__xnumber(x, n, "msb", where, &msb))
			return;
	} else if ((s = mr__xtext(n, "bitRange", &len))) {
		bool ok = mr__xbitrange(s, len, &msb, &lsb);

		xmlFree(s);
		if (!ok) {
			mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n),
				      "%s: <bitRange> is not [msb:lsb]", where);
			return;
		}
	} else {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n),
			      "%s: no bits (bitOffset, lsb/msb or bitRange)", where);
		return;
	}
	if (msb < lsb || msb > 63) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n), "%s: bits %llu:%llu", where,
			      (unsigned long long)msb, (unsigned long long)lsb);
		return;
	}
	f->pub.lsb = (unsigned int)lsb;
	f->pub.width = (unsigned int)(msb - lsb + 1);
}

static void mr__xfield(struct mr__xml *x, struct mr__reg *r, const xmlNode *n)
{
	char name[128], where[300];
	struct mr__field *f;

	if (!mr__xname(x, n, "field", name, sizeof(name)))
		return;
	f = mr__regs_field_new(x->ld, r, name, strlen(name), mr__xline(n));
	if (!f)
		return;
	snprintf(where, sizeof(where), "field %s.%s:%s", r->pub.block->name, r->pub.name, name);
	mr__xfield_bits(x, f, n, where);
	f->has_access = mr__xaccess(x, n, where, &f->pub.access);
	if (!f->has_access)
		f->pub.access = r->pub.access;
	mr__xside_effects(n, &f->pub.access, &f->has_access);
	mr__xdescription(x, n, &f->pub.description);
	mr__xvalues(x, f, n, where);
}

/* ------------------------------------------------------------- registers */

static void mr__xprops(struct mr__xml *x, const xmlNode *n, const char *where, struct mr__props *p)
{
	uint64_t v;

	if (mr__xnumber(x, n, "size", where, &v)) {
		p->width = v > 64 ? 0 : (unsigned int)v;
		p->has_width = true;
	}
	if (mr__xaccess(x, n, where, &p->access))
		p->has_access = true;
	if (mr__xnumber(x, n, "resetValue", where, &p->reset))
		p->has_reset = true;
	if (mr__xnumber(x, n, "resetMask", where, &p->reset_mask))
		p->has_reset_mask = true;
}

/* Fill a register's width, access and reset from the inherited properties. */
static void mr__xapply(struct mr__reg *r, const struct mr__props *p)
{
	r->pub.width = p->has_width ? p->width : 32;
	r->has_width = true;
	r->pub.access = p->has_access ? p->access : MR_REG_RW;
	r->has_access = true;
	if (p->has_reset) {
		r->pub.reset = p->reset;
		r->pub.reset_mask = p->has_reset_mask ? p->reset_mask : UINT64_MAX;
	}
}

/* The index names of an SVD array: dimIndex "0-3", "A,B,C", else 0..dim-1. */
struct mr__dim {
	uint64_t dim, incr;
	char *index; /* xmlFree */
};

static bool mr__xdim(struct mr__xml *x, const xmlNode *n, const char *where, struct mr__dim *d)
{
	size_t len;

	d->dim = 1;
	d->incr = 0;
	d->index = NULL;
	if (!mr__xchild(n, "dim"))
		return true;
	if (!mr__xnumber(x, n, "dim", where, &d->dim))
		return false;
	/* IP-XACT arrays may leave the step out: then it is the element's size. */
	if (mr__xchild(n, "dimIncrement") && !mr__xnumber(x, n, "dimIncrement", where, &d->incr))
		return false;
	if (!d->dim || d->dim > MR__SVD_DIM_MAX) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n), "%s: dim %llu: 1 to %d", where,
			      (unsigned long long)d->dim, MR__SVD_DIM_MAX);
		return false;
	}
	d->index = mr__xtext(n, "dimIndex", &len);
	return true;
}

/* The @i-th index name of @d into @buf. */
static void mr__xdim_name(const struct mr__dim *d, uint64_t i, char *buf, size_t size)
{
	const char *s = d->index, *dash;
	uint64_t a, b;
	size_t k;

	snprintf(buf, size, "%llu", (unsigned long long)i);
	if (!s)
		return;
	dash = strchr(s, '-');
	if (dash && !strchr(s, ',') && mr__regs_number(s, (size_t)(dash - s), &a) &&
	    mr__regs_number(dash + 1, strlen(dash + 1), &b) && a + i <= b) {
		snprintf(buf, size, "%llu", (unsigned long long)(a + i));
		return;
	}
	for (k = 0; k < i && s; k++) {
		s = strchr(s, ',');
		if (s)
			s++;
	}
	if (s) {
		size_t n = strcspn(s, ",");

		snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), s);
	}
}

/* "REG%s" / "REG[%s]" with the index in; other names get it appended for i > 0. */
static void mr__xexpand(const char *name, const char *idx, char *out, size_t size, bool array)
{
	const char *p = strstr(name, "[%s]");
	size_t pre;

	if (!p)
		p = strstr(name, "%s");
	if (!p) {
		snprintf(out, size, array ? "%s%s" : "%s", name, idx);
		return;
	}
	pre = (size_t)(p - name);
	snprintf(out, size, "%.*s%s%s", (int)pre, name, idx, p + (p[0] == '[' ? 4 : 2));
}

static void mr__xregister(struct mr__xml *x, struct mr__block *b, const xmlNode *n,
			  const char *prefix, uint64_t base, const struct mr__props *inherit)
{
	char name[128], full[300], idx[64], where[400];
	struct mr__props p = *inherit;
	struct mr__dim d;
	uint64_t off, i;
	xmlNode *fields = mr__xchild(n, "fields");
	char *alt;
	size_t len;

	if (!mr__xname(x, n, "register", name, sizeof(name)))
		return;
	snprintf(where, sizeof(where), "register %s.%s%s", b->pub.name, prefix, name);
	if (!mr__xnumber(x, n, "addressOffset", where, &off)) {
		if (!mr__xchild(n, "addressOffset"))
			mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n), "%s: no <addressOffset>",
				      where);
		return;
	}
	mr__xprops(x, n, where, &p);
	/* IP-XACT: <reset><value> (1.5) or <resets><reset><value> (2014). */
	{
		xmlNode *rs = mr__xchild(n, "resets"), *r1;

		r1 = mr__xchild(rs ? rs : n, "reset");
		if (r1 && mr__xnumber(x, r1, "value", where, &p.reset)) {
			p.has_reset = true;
			p.has_reset_mask = mr__xnumber(x, r1, "mask", where, &p.reset_mask);
		}
	}
	if (!mr__xdim(x, n, where, &d))
		return;
	if (!d.incr)
		d.incr = p.has_width && p.width >= 8 ? p.width / 8 : 4;
	alt = mr__xtext(n, "alternateRegister", &len);
	if (!alt)
		alt = mr__xtext(n, "alternateGroup", &len);
	for (i = 0; i < d.dim; i++) {
		struct mr__reg *r;

		mr__xdim_name(&d, i, idx, sizeof(idx));
		snprintf(full, sizeof(full), "%s%s", prefix, name);
		{
			char one[300];

			mr__xexpand(full, idx, one, sizeof(one), d.dim > 1);
			if (d.dim == 1)
				snprintf(one, sizeof(one), "%s", full);
			r = mr__regs_reg_new(x->ld, b, one, strlen(one), mr__xline(n));
		}
		if (!r)
			break;
		r->pub.offset = base + off + i * d.incr;
		mr__xapply(r, &p);
		if (alt && !(r->alternate = mr__regs_strdup(alt)))
			mr__regs_oom(x->ld);
		mr__xdescription(x, n, &r->pub.description);
		if (fields)
			mr__xfor_each(fn, fields, "field") mr__xfield(x, r, fn);
		/* IP-XACT puts its fields right in the register. */
		mr__xfor_each(fn, n, "field") mr__xfield(x, r, fn);
	}
	if (alt)
		xmlFree(alt);
	if (d.index)
		xmlFree(d.index);
}

/* Registers and clusters (SVD) or register files (IP-XACT) under @n. */
static void mr__xregisters(struct mr__xml *x, struct mr__block *b, const xmlNode *n,
			   const char *prefix, uint64_t base, const struct mr__props *p, int depth)
{
	char name[128], sub[300], idx[64], where[300];
	struct mr__props cp;
	struct mr__dim d;
	uint64_t off, i;

	if (depth > MR__XML_DEPTH_MAX) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n),
			      "clusters nested more than %d deep", MR__XML_DEPTH_MAX);
		return;
	}
	for (xmlNode *c = n->children; c; c = c->next) {
		if (mr__xis(c, "register")) {
			mr__xregister(x, b, c, prefix, base, p);
			continue;
		}
		if (!mr__xis(c, "cluster") && !mr__xis(c, "registerFile"))
			continue;
		if (!mr__xname(x, c, (const char *)c->name, name, sizeof(name)))
			continue;
		snprintf(where, sizeof(where), "%s %s.%s%s", (const char *)c->name, b->pub.name,
			 prefix, name);
		if (!mr__xnumber(x, c, "addressOffset", where, &off))
			off = 0;
		cp = *p;
		mr__xprops(x, c, where, &cp);
		if (!mr__xdim(x, c, where, &d))
			continue;
		for (i = 0; i < d.dim; i++) {
			char one[300];

			mr__xdim_name(&d, i, idx, sizeof(idx));
			mr__xexpand(name, idx, one, sizeof(one), d.dim > 1);
			if (d.dim == 1)
				snprintf(one, sizeof(one), "%s", name);
			snprintf(sub, sizeof(sub), "%.150s%.120s_", prefix, one);
			mr__xregisters(x, b, c, sub, base + off + i * d.incr, &cp, depth + 1);
		}
		if (d.index)
			xmlFree(d.index);
	}
}

/* ----------------------------------------------------------------- SVD */

static struct mr__block *mr__xfind_block(struct mr__load *ld, const char *name)
{
	size_t i;

	for (i = 0; i < ld->doc->blocks.n; i++) {
		struct mr__block *b = ld->doc->blocks.v[i];

		if (!strcasecmp(b->pub.name, name))
			return b;
	}
	return NULL;
}

static void mr__xperipheral(struct mr__xml *x, const xmlNode *n, const struct mr__props *dev)
{
	char name[128], where[160];
	struct mr__props p = *dev;
	struct mr__block *b, *from = NULL;
	xmlNode *regs = mr__xchild(n, "registers");
	xmlChar *derived = xmlGetProp(n, (const xmlChar *)"derivedFrom");

	if (!mr__xname(x, n, "peripheral", name, sizeof(name)))
		goto out;
	snprintf(where, sizeof(where), "peripheral %s", name);
	if (derived) {
		from = mr__xfind_block(x->ld, (const char *)derived);
		if (!from) {
			mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n),
				      "%s: derivedFrom '%.64s': no such peripheral before it",
				      where, (const char *)derived);
			goto out;
		}
	}
	b = mr__regs_block_new(x->ld, name, strlen(name), mr__xline(n));
	if (!b)
		goto out;
	if (!mr__xnumber(x, n, "baseAddress", where, &b->pub.base) && !mr__xchild(n, "baseAddress"))
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(n), "%s: no <baseAddress>", where);
	mr__xdescription(x, n, &b->pub.description);
	if (from && !regs) {
		if (!b->pub.description[0])
			mr__regs_set_text(x->ld, &b->pub.description, from->pub.description,
					  strlen(from->pub.description));
		mr__regs_block_copy_regs(x->ld, b, from);
		goto out;
	}
	mr__xprops(x, n, where, &p);
	if (regs)
		mr__xregisters(x, b, regs, "", 0, &p, 0);
out:
	if (derived)
		xmlFree(derived);
}

static void mr__xsvd(struct mr__xml *x, const xmlNode *device)
{
	struct mr__props p = {0};
	xmlNode *ps = mr__xchild(device, "peripherals");

	mr__xprops(x, device, "device", &p);
	if (!ps) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(device), "device: no <peripherals>");
		return;
	}
	mr__xfor_each(c, ps, "peripheral") mr__xperipheral(x, c, &p);
}

/* ------------------------------------------------------------- IP-XACT */

static void mr__xaddress_block(struct mr__xml *x, const xmlNode *ab, const char *name)
{
	struct mr__props p = {0};
	struct mr__block *b;
	char where[200];
	uint64_t v;

	b = mr__regs_block_new(x->ld, name, strlen(name), mr__xline(ab));
	if (!b)
		return;
	snprintf(where, sizeof(where), "addressBlock %s", name);
	b->pub.anchor = MR_REG_ANCHOR_NONE;
	mr__xnumber(x, ab, "baseAddress", where, &b->pub.base);
	if (mr__xnumber(x, ab, "range", where, &v) && v) {
		b->pub.size = v;
		b->has_size = true;
	}
	mr__xdescription(x, ab, &b->pub.description);
	/* An address block's <width> is its bus width: the registers' default size. */
	if (mr__xnumber(x, ab, "width", where, &v) && (v == 8 || v == 16 || v == 32 || v == 64)) {
		p.width = (unsigned int)v;
		p.has_width = true;
	}
	if (mr__xaccess(x, ab, where, &p.access))
		p.has_access = true;
	mr__xregisters(x, b, ab, "", 0, &p, 0);
}

static void mr__xipxact(struct mr__xml *x, const xmlNode *comp)
{
	char cname[128], abname[128], full[260];
	xmlNode *maps = mr__xchild(comp, "memoryMaps");
	unsigned int count = 0;

	if (!mr__xname(x, comp, "component", cname, sizeof(cname)))
		return;
	if (!maps) {
		mr__regs_diag(x->ld, MR_REGS_ERROR, mr__xline(comp),
			      "component %s: no <memoryMaps>", cname);
		return;
	}
	mr__xfor_each(mm, maps, "memoryMap") mr__xfor_each(ab, mm, "addressBlock") count++;
	mr__xfor_each(mm, maps, "memoryMap") mr__xfor_each(ab, mm, "addressBlock")
	{
		if (!mr__xname(x, ab, "addressBlock", abname, sizeof(abname)))
			continue;
		snprintf(full, sizeof(full), "%s_%s", cname, abname);
		mr__xaddress_block(x, ab, count == 1 ? cname : full);
	}
}

/* ------------------------------------------------------------ the parser */

/* The first error is the one to show: later ones follow from it. */
struct mr__xml_first {
	bool seen;
	unsigned int line;
	char msg[256];
};

static void mr__xml_error(void *data, xmlError *e)
{
	xmlParserCtxt *ctxt = data;
	struct mr__xml_first *first = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (!first || first->seen || !e || e->level < XML_ERR_ERROR)
		return;
	first->seen = true;
	first->line = e->line > 0 ? (unsigned int)e->line : 0;
	snprintf(first->msg, sizeof(first->msg), "%s", e->message ? e->message : "not well-formed");
	n = strlen(first->msg);
	while (n && first->msg[n - 1] == '\n')
		first->msg[--n] = '\0';
}

void mr__regs_parse_xml(struct mr__load *ld, const char *text, size_t len)
{
	struct mr__xml x = {.ld = ld};
	struct mr__xml_first first = {0};
	xmlParserCtxt *ctxt;
	xmlDoc *doc;
	xmlNode *root;

	if (len > (size_t)INT32_MAX) {
		mr__regs_diag(ld, MR_REGS_ERROR, 0, "too large for an XML description");
		return;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		mr__regs_oom(ld);
		return;
	}
	ctxt->_private = &first;
	ctxt->sax->serror = mr__xml_error;
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, ld->doc->file, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					XML_PARSE_BIG_LINES);
	if (!doc) {
		mr__regs_diag(ld, MR_REGS_ERROR, first.line, "XML: %s",
			      first.seen ? first.msg : "not well-formed");
		goto err_ctxt;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset) {
		mr__regs_diag(ld, MR_REGS_ERROR, 0,
			      "XML with a DOCTYPE: not read (no entities, no DTDs)");
	} else if (!root) {
		mr__regs_diag(ld, MR_REGS_ERROR, 0, "XML without a root element");
	} else if (mr__xis(root, "device")) {
		mr__xsvd(&x, root);
	} else if (mr__xis(root, "component")) {
		mr__xipxact(&x, root);
	} else {
		mr__regs_diag(ld, MR_REGS_ERROR, mr__xline(root),
			      "XML root <%.64s>: neither CMSIS-SVD (<device>) nor IP-XACT "
			      "(<component>)",
			      (const char *)root->name);
	}
	xmlFreeDoc(doc);
err_ctxt:
	xmlFreeParserCtxt(ctxt);
}

#endif /* MR_REGS_NO_XML */
