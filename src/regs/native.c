// SPDX-License-Identifier: MIT
/*
 * The native format: YAML, read with libyaml's document loader (every node
 * carries its line, so that every message can name one). The schema is
 * docs/registers.md's:
 *
 *   BLOCK:                       # one top-level key per block
 *     base: 0xfe000000           # or pci: VENDOR:DEVICE | DDDD:BB:DD.F
 *     bar: 0                     #    with index: N, offset: 0x100
 *     size, width, access, description
 *     registers:
 *       REG: 0x20                # an offset alone, or:
 *       REG:
 *         offset, width, access, reset, description, alternate
 *         fields:
 *           FIELD: 7             # bits alone ("7", "31:24"), or:
 *           FIELD:
 *             bits, access, description
 *             values: {NAME: 1, OTHER: {value: 2, description: ...}}
 *
 * libyaml types nothing: every scalar is text that we read ourselves, so
 * YAML 1.1's surprises (1234:11e8 as a base-60 number, "no" as false) do
 * not happen here.
 */
#include <string.h>

#include <yaml.h>

#include <memremap/pci.h>

#include "regs_internal.h"

/* Mapping entries one load may visit: bounds what aliases can multiply. */
#define MR__NATIVE_STEPS_MAX (1UL << 22)

struct mr__native {
	struct mr__load *ld;
	yaml_document_t *doc;
	unsigned long steps;
};

static unsigned int mr__yline(const yaml_node_t *n)
{
	return (unsigned int)n->start_mark.line + 1;
}

static const char *mr__ystr(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static size_t mr__ylen(const yaml_node_t *n)
{
	return n->data.scalar.length;
}

static bool mr__yis(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE && mr__ylen(n) == strlen(s) &&
	       !memcmp(mr__ystr(n), s, mr__ylen(n));
}

static const char *mr__ykind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a value";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

/* A scalar, or an error naming what @what needed. */
static bool mr__yscalar(struct mr__native *y, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SCALAR_NODE)
		return true;
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n), "%s: expected a value, found %s", what,
		      mr__ykind(n));
	return false;
}

static bool mr__ynumber(struct mr__native *y, const yaml_node_t *n, const char *what, uint64_t *v)
{
	if (!mr__yscalar(y, n, what))
		return false;
	if (mr__regs_number(mr__ystr(n), mr__ylen(n), v))
		return true;
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n),
		      "%s: '%.*s' is not a number (decimal, 0x hex or 0b binary)", what,
		      (int)(mr__ylen(n) > 64 ? 64 : mr__ylen(n)), mr__ystr(n));
	return false;
}

static bool mr__yaccess(struct mr__native *y, const yaml_node_t *n, const char *what,
			enum mr_reg_access *a)
{
	int v;

	if (!mr__yscalar(y, n, what))
		return false;
	v = mr__regs_access_parse(mr__ystr(n), mr__ylen(n));
	if (v >= 0) {
		*a = (enum mr_reg_access)v;
		return true;
	}
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n),
		      "%s: unknown access '%.*s' (RO, RW, WO, W1C, W1S or RC)", what,
		      (int)(mr__ylen(n) > 32 ? 32 : mr__ylen(n)), mr__ystr(n));
	return false;
}

static bool mr__ytext(struct mr__native *y, const yaml_node_t *n, const char *what,
		      const char **dst)
{
	if (!mr__yscalar(y, n, what))
		return false;
	return mr__regs_set_text(y->ld, dst, mr__ystr(n), mr__ylen(n));
}

/* A width in bits. */
static bool mr__ywidth(struct mr__native *y, const yaml_node_t *n, const char *what,
		       unsigned int *w)
{
	uint64_t v;

	if (!mr__ynumber(y, n, what, &v))
		return false;
	if (v != 8 && v != 16 && v != 32 && v != 64) {
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n),
			      "%s: width %.*s: not 8, 16, 32 or 64 (bits)", what,
			      (int)(mr__ylen(n) > 32 ? 32 : mr__ylen(n)), mr__ystr(n));
		return false;
	}
	*w = (unsigned int)v;
	return true;
}

/* A name: letters, digits and '_' (and '-', '[', ']'), not the name separators. */
static bool mr__yname(struct mr__native *y, const yaml_node_t *k, const char *what)
{
	const char *s;
	size_t i, n;

	if (!mr__yscalar(y, k, what))
		return false;
	s = mr__ystr(k);
	n = mr__ylen(k);
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' || s[i] == '[' ||
		      s[i] == ']'))
			break;
	if (n && i == n)
		return true;
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k),
		      "%s name '%.*s': use letters, digits, '_', '-', '[' and ']' only", what,
		      (int)(n > 64 ? 64 : n), s);
	return false;
}

/* Walk a mapping's pairs; false stops at the bound. */
#define mr__yfor_each_pair(y, map, pair)                               \
	for (yaml_node_pair_t *pair = (map)->data.mapping.pairs.start; \
	     pair < (map)->data.mapping.pairs.top && mr__ystep(y, mr__yline(map)); pair++)

static bool mr__ystep(struct mr__native *y, unsigned int line)
{
	if (++y->steps <= MR__NATIVE_STEPS_MAX)
		return true;
	if (y->steps == MR__NATIVE_STEPS_MAX + 1)
		mr__regs_diag(y->ld, MR_REGS_ERROR, line,
			      "more than %lu entries (YAML aliases?): not loaded",
			      MR__NATIVE_STEPS_MAX);
	return false;
}

static yaml_node_t *mr__ynode(struct mr__native *y, int id)
{
	return yaml_document_get_node(y->doc, id);
}

static bool mr__ymapping(struct mr__native *y, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_MAPPING_NODE)
		return true;
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n), "%s: expected a mapping, found %s", what,
		      mr__ykind(n));
	return false;
}

static void mr__yunknown(struct mr__native *y, const yaml_node_t *k, const char *what,
			 const char *known)
{
	if (k->type != YAML_SCALAR_NODE) {
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k), "%s: a key must be a name", what);
		return;
	}
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k), "%s: unknown key '%.*s' (known: %s)",
		      what, (int)(mr__ylen(k) > 32 ? 32 : mr__ylen(k)), mr__ystr(k), known);
}

/* ---------------------------------------------------------------- values */

static void mr__native_value(struct mr__native *y, struct mr__field *f, const yaml_node_t *k,
			     const yaml_node_t *v, const char *where)
{
	struct mr_reg_enum *e;

	if (!mr__yname(y, k, "value"))
		return;
	e = mr__regs_enum_new(y->ld, f, mr__ystr(k), mr__ylen(k), mr__yline(k));
	if (!e)
		return;
	if (v->type != YAML_MAPPING_NODE) {
		mr__ynumber(y, v, where, &e->value);
		return;
	}
	mr__yfor_each_pair(y, v, p)
	{
		yaml_node_t *pk = mr__ynode(y, p->key), *pv = mr__ynode(y, p->value);

		if (mr__yis(pk, "value"))
			mr__ynumber(y, pv, where, &e->value);
		else if (mr__yis(pk, "description"))
			mr__ytext(y, pv, where, &e->description);
		else
			mr__yunknown(y, pk, where, "value, description");
	}
}

/* ---------------------------------------------------------------- fields */

/* "7" or "31:24" (either order) into lsb and width. */
static bool mr__native_bits(struct mr__native *y, struct mr__field *f, const yaml_node_t *n,
			    const char *where)
{
	const char *s, *colon;
	uint64_t a, b;
	size_t len;

	if (!mr__yscalar(y, n, where))
		return false;
	s = mr__ystr(n);
	len = mr__ylen(n);
	colon = memchr(s, ':', len);
	if (colon ? mr__regs_number(s, (size_t)(colon - s), &a) &&
			    mr__regs_number(colon + 1, len - (size_t)(colon - s) - 1, &b)
		  : mr__regs_number(s, len, &a) && ((b = a), true)) {
		if (a < b) {
			uint64_t t = a;

			a = b;
			b = t;
		}
		if (a < 64) {
			f->pub.lsb = (unsigned int)b;
			f->pub.width = (unsigned int)(a - b + 1);
			return true;
		}
		/* Past 64 bits: the checks report it against the register's width. */
		f->pub.lsb = b < 64 ? (unsigned int)b : 64;
		f->pub.width = 0;
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n), "%s: bits %.*s: past bit 63",
			      where, (int)(len > 32 ? 32 : len), s);
		return false;
	}
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n),
		      "%s: bits '%.*s': expected a bit (7) or a range (31:24)", where,
		      (int)(len > 32 ? 32 : len), s);
	return false;
}

static void mr__native_field(struct mr__native *y, struct mr__reg *r, const yaml_node_t *k,
			     const yaml_node_t *v)
{
	struct mr__field *f;
	char where[200];
	bool has_bits = false;

	if (!mr__yname(y, k, "field"))
		return;
	f = mr__regs_field_new(y->ld, r, mr__ystr(k), mr__ylen(k), mr__yline(k));
	if (!f)
		return;
	snprintf(where, sizeof(where), "field %s.%s:%s", r->pub.block->name, r->pub.name,
		 f->pub.name);
	if (v->type == YAML_SCALAR_NODE) {
		mr__native_bits(y, f, v, where);
		return;
	}
	if (!mr__ymapping(y, v, where))
		return;
	mr__yfor_each_pair(y, v, p)
	{
		yaml_node_t *pk = mr__ynode(y, p->key), *pv = mr__ynode(y, p->value);

		if (mr__yis(pk, "bits")) {
			has_bits = true;
			mr__native_bits(y, f, pv, where);
		} else if (mr__yis(pk, "access")) {
			f->has_access = mr__yaccess(y, pv, where, &f->pub.access);
		} else if (mr__yis(pk, "description")) {
			mr__ytext(y, pv, where, &f->pub.description);
		} else if (mr__yis(pk, "values")) {
			if (!mr__ymapping(y, pv, where))
				continue;
			mr__yfor_each_pair(y, pv, q) mr__native_value(
				y, f, mr__ynode(y, q->key), mr__ynode(y, q->value), where);
		} else {
			mr__yunknown(y, pk, where, "bits, access, description, values");
		}
	}
	if (!has_bits)
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k), "%s: no bits", where);
}

/* ------------------------------------------------------------- registers */

static void mr__native_reg(struct mr__native *y, struct mr__block *b, const yaml_node_t *k,
			   const yaml_node_t *v)
{
	bool has_offset = false;
	struct mr__reg *r;
	char where[160];

	if (!mr__yname(y, k, "register"))
		return;
	r = mr__regs_reg_new(y->ld, b, mr__ystr(k), mr__ylen(k), mr__yline(k));
	if (!r)
		return;
	snprintf(where, sizeof(where), "register %s.%s", b->pub.name, r->pub.name);
	if (v->type == YAML_SCALAR_NODE) {
		mr__ynumber(y, v, where, &r->pub.offset);
		return;
	}
	if (!mr__ymapping(y, v, where))
		return;
	mr__yfor_each_pair(y, v, p)
	{
		yaml_node_t *pk = mr__ynode(y, p->key), *pv = mr__ynode(y, p->value);

		if (mr__yis(pk, "offset")) {
			has_offset = mr__ynumber(y, pv, where, &r->pub.offset) || true;
		} else if (mr__yis(pk, "width")) {
			r->has_width = mr__ywidth(y, pv, where, &r->pub.width);
		} else if (mr__yis(pk, "access")) {
			r->has_access = mr__yaccess(y, pv, where, &r->pub.access);
		} else if (mr__yis(pk, "reset")) {
			if (mr__ynumber(y, pv, where, &r->pub.reset))
				r->pub.reset_mask = UINT64_MAX;
		} else if (mr__yis(pk, "description")) {
			mr__ytext(y, pv, where, &r->pub.description);
		} else if (mr__yis(pk, "alternate")) {
			if (mr__yname(y, pv, "alternate") && !r->alternate) {
				r->alternate = mr__regs_strndup(mr__ystr(pv), mr__ylen(pv));
				if (!r->alternate)
					mr__regs_oom(y->ld);
			}
		} else if (mr__yis(pk, "fields")) {
			if (!mr__ymapping(y, pv, where))
				continue;
			mr__yfor_each_pair(y, pv, q) mr__native_field(y, r, mr__ynode(y, q->key),
								      mr__ynode(y, q->value));
		} else {
			mr__yunknown(
				y, pk, where,
				"offset, width, access, reset, description, alternate, fields");
		}
	}
	if (!has_offset)
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k), "%s: no offset", where);
}

/* ---------------------------------------------------------------- blocks */

/* Exactly four hex digits. */
static bool mr__regs_hex4(const char *s, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			*v = *v << 4 | (unsigned int)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v << 4 | (unsigned int)((c | 0x20) - 'a' + 10);
		else
			return false;
	}
	return true;
}

/* "1234:11e8" (vendor:device) or a BDF "0000:00:03.0" / "00:03.0". */
static void mr__native_pci(struct mr__native *y, struct mr__block *b, const yaml_node_t *n,
			   const char *where)
{
	const char *s;
	size_t len;
	unsigned int ven, dev;
	char buf[32];

	if (!mr__yscalar(y, n, where))
		return;
	s = mr__ystr(n);
	len = mr__ylen(n);
	if (len < sizeof(buf)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (mr_pci_name_parse(buf, MR_PCI_NAME_NO_DOMAIN, &b->pub.bdf) == len) {
			b->pub.anchor = MR_REG_ANCHOR_PCI_BDF;
			return;
		}
	}
	if (len == 9 && s[4] == ':' && mr__regs_hex4(s, &ven) && mr__regs_hex4(s + 5, &dev)) {
		b->pub.anchor = MR_REG_ANCHOR_PCI_ID;
		b->pub.vendor = ven;
		b->pub.device = dev;
		return;
	}
	mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(n),
		      "%s: pci '%.*s': expected VENDOR:DEVICE (1234:11e8) or a function "
		      "(0000:00:03.0)",
		      where, (int)(len > 32 ? 32 : len), s);
}

static void mr__native_block(struct mr__native *y, const yaml_node_t *k, const yaml_node_t *v)
{
	bool has_base = false, has_pci = false, has_bar = false, has_index = false;
	const yaml_node_t *regs = NULL;
	struct mr__block *b;
	char where[120];
	uint64_t n;

	if (!mr__yname(y, k, "block"))
		return;
	b = mr__regs_block_new(y->ld, mr__ystr(k), mr__ylen(k), mr__yline(k));
	if (!b)
		return;
	snprintf(where, sizeof(where), "block %s", b->pub.name);
	if (!mr__ymapping(y, v, where))
		return;
	mr__yfor_each_pair(y, v, p)
	{
		yaml_node_t *pk = mr__ynode(y, p->key), *pv = mr__ynode(y, p->value);

		if (mr__yis(pk, "base")) {
			has_base = mr__ynumber(y, pv, where, &b->pub.base) || true;
		} else if (mr__yis(pk, "pci")) {
			has_pci = true;
			mr__native_pci(y, b, pv, where);
		} else if (mr__yis(pk, "bar")) {
			has_bar = true;
			if (mr__ynumber(y, pv, where, &n)) {
				if (n > 5)
					mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(pv),
						      "%s: bar %llu: BARs are 0 to 5", where,
						      (unsigned long long)n);
				b->pub.bar = (int)(n & 7);
			}
		} else if (mr__yis(pk, "index")) {
			has_index = true;
			if (mr__ynumber(y, pv, where, &n))
				b->pub.index = n > 65535 ? 65535 : (unsigned int)n;
		} else if (mr__yis(pk, "offset")) {
			mr__ynumber(y, pv, where, &b->pub.base);
		} else if (mr__yis(pk, "size")) {
			b->has_size = mr__ynumber(y, pv, where, &b->pub.size);
		} else if (mr__yis(pk, "width")) {
			mr__ywidth(y, pv, where, &b->width);
		} else if (mr__yis(pk, "access")) {
			mr__yaccess(y, pv, where, &b->access);
		} else if (mr__yis(pk, "description")) {
			mr__ytext(y, pv, where, &b->pub.description);
		} else if (mr__yis(pk, "registers")) {
			regs = pv;
		} else {
			mr__yunknown(y, pk, where,
				     "base, pci, bar, index, offset, size, width, access, "
				     "description, registers");
		}
	}
	if (has_base == has_pci)
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k),
			      "%s: give either a base address (base: 0x...) or a PCI device (pci: "
			      "VENDOR:DEVICE or BDF)",
			      where);
	else if (has_base && (has_bar || has_index))
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k),
			      "%s: bar and index go with pci, not with base", where);
	else if (has_index && b->pub.anchor == MR_REG_ANCHOR_PCI_BDF)
		mr__regs_diag(y->ld, MR_REGS_ERROR, mr__yline(k),
			      "%s: index goes with pci: VENDOR:DEVICE, not with a BDF", where);
	/* Defaults first, whatever order the keys came in: then the registers. */
	if (!regs)
		mr__regs_diag(y->ld, MR_REGS_WARNING, mr__yline(k), "%s: no registers", where);
	else if (mr__ymapping(y, regs, where))
		mr__yfor_each_pair(y, regs, q)
			mr__native_reg(y, b, mr__ynode(y, q->key), mr__ynode(y, q->value));
}

void mr__regs_parse_native(struct mr__load *ld, const char *text, size_t len)
{
	struct mr__native y = {.ld = ld};
	yaml_document_t doc, extra;
	yaml_parser_t parser;
	yaml_node_t *root;

	if (!yaml_parser_initialize(&parser)) {
		mr__regs_oom(ld);
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		if (parser.error == YAML_MEMORY_ERROR)
			mr__regs_oom(ld);
		else
			mr__regs_diag(ld, MR_REGS_ERROR, (unsigned int)parser.problem_mark.line + 1,
				      "YAML: %s%s%s", parser.problem ? parser.problem : "error",
				      parser.context ? " " : "",
				      parser.context ? parser.context : "");
		goto err_parser;
	}
	y.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		mr__regs_diag(ld, MR_REGS_ERROR, 0, "empty: no blocks described");
	} else if (mr__ymapping(&y, root, "the top level (BLOCK: ...)")) {
		mr__yfor_each_pair(&y, root, p)
			mr__native_block(&y, mr__ynode(&y, p->key), mr__ynode(&y, p->value));
		/* A second document would be ignored silently: say so instead. */
		if (yaml_parser_load(&parser, &extra)) {
			if (yaml_document_get_root_node(&extra))
				mr__regs_diag(ld, MR_REGS_ERROR,
					      (unsigned int)yaml_document_get_root_node(&extra)
							      ->start_mark.line +
						      1,
					      "a second YAML document: put every block in one");
			yaml_document_delete(&extra);
		} else {
			mr__regs_diag(ld, MR_REGS_ERROR, (unsigned int)parser.problem_mark.line + 1,
				      "YAML: %s", parser.problem ? parser.problem : "error");
		}
	}
	yaml_document_delete(&doc);
err_parser:
	yaml_parser_delete(&parser);
}
