// SPDX-License-Identifier: MIT
/*
 * Registers by name (libmemremap-regs): `memremap read edu.STATUS`,
 * `write edu.STATUS:IRQ=ON` (one read and one write of the register),
 * `dump edu` (a table of the block, fields decoded) and
 * `memremap regs FILE` (list and check a description). The descriptions
 * come from the global --regs FILE, else from MEMREMAP_REGS.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <memremap/regs.h>

#include "cli.h"
#include "json.h"
#include "mmio.h"
#include "regs.h"

bool mr_cli_regname(const char *s)
{
	/* A place in a PCI BAR ("a1:00.0/bar0") has a dot too, and is no register. */
	if (!s || !*s || isdigit((unsigned char)*s) || *s == '-' || mr_cli_is_pci_address(s))
		return false;
	return strpbrk(s, ".*?[") != NULL;
}

int mr_cli_regs_option(struct mr_cli *c, int key, const char *arg)
{
	bool files = key == 'r';

	if ((files ? c->nregs_files : c->nregs_bases) >= 16)
		return mr_cli_usage_error(c, "at most 16 of --%s", files ? "regs" : "regs-base");
	if (files)
		c->regs_files[c->nregs_files++] = arg;
	else
		c->regs_bases[c->nregs_bases++] = arg;
	return 0;
}

/* Descriptions were asked for: --regs, or MEMREMAP_REGS. */
static bool mr_cli_regs_given(const struct mr_cli *c)
{
	const char *env = secure_getenv("MEMREMAP_REGS");

	return c->nregs_files || (env && *env);
}

bool mr_cli_regs_dumpname(struct mr_cli *c, const char *s)
{
	if (mr_cli_is_region(s) || !s[0] || isdigit((unsigned char)s[0]))
		return false;
	return mr_cli_regname(s) || mr_cli_regs_given(c);
}

void mr_cli_regs_free(struct mr_cli *c)
{
	mr_regs_free(c->regs);
	c->regs = NULL;
}

/* Every problem of a load on its own line: "file:line: error: message". */
static void mr_cli_regs_report(enum mr_regs_severity sev, const char *file, unsigned int line,
			       const char *msg, void *arg)
{
	(void)arg;
	if (line)
		fprintf(stderr, "%s:%u: %s: %s\n", file, line,
			sev == MR_REGS_ERROR ? "error" : "warning", msg);
	else
		fprintf(stderr, "%s: %s: %s\n", file, sev == MR_REGS_ERROR ? "error" : "warning",
			msg);
}

/* BLOCK=ADDR of --regs-base. */
static int mr_cli_regs_base(struct mr_cli *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char block[128];
	uint64_t addr;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(block))
		return mr_cli_usage_error(c, "--regs-base '%s': expected BLOCK=ADDR", arg);
	if (!mr_cli_number(c, "--regs-base address", eq + 1, &addr))
		return c->ret;
	memcpy(block, arg, (size_t)(eq - arg));
	block[eq - arg] = '\0';
	if (mr_regs_set_base(c->regs, block, addr))
		return mr_cli_fail(c, "--regs-base %s: %s", arg, mr_regs_errmsg());
	return MR_EXIT_OK;
}

/*
 * The set, loaded once: the --regs files, else MEMREMAP_REGS. With
 * @report, every problem is printed. The machine, when open, says where
 * PCI anchors are looked up.
 */
static int mr_cli_regs_load(struct mr_cli *c, bool report)
{
	int i, ret = 0;

	if (c->regs)
		return MR_EXIT_OK;
	c->regs = mr_regs_new();
	if (!c->regs)
		return mr_cli_fail(c, "%s", mr_regs_errmsg());
	if (report)
		mr_regs_set_report(c->regs, mr_cli_regs_report, NULL);
	for (i = 0; i < c->nregs_files && !ret; i++)
		ret = mr_regs_load_path(c->regs, c->regs_files[i]);
	if (!c->nregs_files)
		ret = mr_regs_load_env(c->regs);
	mr_regs_set_report(c->regs, NULL, NULL);
	if (ret)
		return mr_cli_fail(c, "%s", mr_regs_errmsg());
	if (!mr_regs_block(c->regs, 0) && !report)
		return mr_cli_fail(c, "no register descriptions: give --regs FILE or set "
				      "MEMREMAP_REGS");
	for (i = 0; i < c->nregs_bases; i++) {
		ret = mr_cli_regs_base(c, c->regs_bases[i]);
		if (ret)
			return ret;
	}
	if (c->m && mr_regs_use_machine(c->regs, c->m))
		return mr_cli_fail(c, "%s", mr_regs_errmsg());
	return MR_EXIT_OK;
}

/* The machine and the descriptions, for a command on names. */
static int mr_cli_regs_open(struct mr_cli *c)
{
	int ret = mr_cli_machine_open(c);

	return ret ? ret : mr_cli_regs_load(c, false);
}

/* --------------------------------------------------------------- matches */

struct mr_cli_regs_list {
	struct mr_reg_ref *v;
	size_t n, cap;
};

static int mr_cli_regs_collect(const struct mr_reg_ref *ref, void *arg)
{
	struct mr_cli_regs_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct mr_reg_ref *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *ref;
	return 0;
}

static int mr_cli_regs_find_block(struct mr_cli *c, const char *block, struct mr_cli_regs_list *l);

/* Every register or field @pattern names, with its address: a name or a glob. */
static int mr_cli_regs_find(struct mr_cli *c, const char *pattern, struct mr_cli_regs_list *l)
{
	struct mr_reg_ref ref;
	int n;

	if (!strpbrk(pattern, "*?[")) {
		if (mr_regs_lookup(c->regs, pattern, &ref) == 0 && !ref.reg)
			return mr_cli_regs_find_block(c, pattern, l);
		if (mr_regs_resolve(c->regs, pattern, &ref))
			return mr_cli_fail(c, "%s", mr_regs_errmsg());
		return mr_cli_regs_collect(&ref, l) ? mr_cli_fail(c, "out of memory") : MR_EXIT_OK;
	}
	n = mr_regs_match(c->regs, pattern, mr_cli_regs_collect, l, true);
	if (n < 0)
		return mr_cli_fail(c, "%s: %s", pattern,
				   n == -ENOMEM ? "out of memory" : mr_regs_errmsg());
	if (!n)
		return mr_cli_fail(c, "%s: no register matches", pattern);
	return MR_EXIT_OK;
}

/* A block's name alone: all its registers. */
static int mr_cli_regs_find_block(struct mr_cli *c, const char *block, struct mr_cli_regs_list *l)
{
	char pattern[256];

	snprintf(pattern, sizeof(pattern), "%.200s.*", block);
	return mr_cli_regs_find(c, pattern, l);
}

/* ----------------------------------------------------------------- reads */

/* A register read where a read is harmless: not write-only, clears nothing. */
static const char *mr_cli_regs_unreadable(const struct mr_reg *r)
{
	size_t i;

	if (r->access == MR_REG_WO)
		return "write-only";
	if (r->access == MR_REG_RC)
		return "a read clears it";
	for (i = 0; i < r->nfields; i++)
		if (r->fields[i]->access == MR_REG_RC)
			return "a read clears a field";
	return NULL;
}

struct mr_cli_regs_value {
	bool read;	 /* @value holds what was read */
	const char *why; /* why not */
	uint64_t value;
};

/* Read each register of @l once (the fields of one register share a read). */
static int mr_cli_regs_read_all(struct mr_cli *c, const struct mr_cli_regs_list *l,
				unsigned long type, bool read_clear, struct mr_cli_regs_value *out)
{
	struct mr_cli_map map;
	size_t i;
	int ret;

	for (i = 0; i < l->n; i++) {
		const struct mr_reg_ref *r = &l->v[i];

		out[i].why = mr_cli_regs_unreadable(r->reg);
		if (out[i].why && !(read_clear && r->reg->access != MR_REG_WO))
			continue;
		out[i].why = NULL;
		if (i && l->v[i - 1].reg == r->reg) {
			out[i] = out[i - 1];
			continue;
		}
		ret = mr_cli_map(c, &map, r->phys, r->width / 8, type);
		if (ret)
			return ret;
		out[i].value = mr_cli_readx(map.p, r->width);
		out[i].read = true;
		mr_cli_unmap(&map);
	}
	return MR_EXIT_OK;
}

static int mr_cli_regs_hexw(const struct mr_reg *r)
{
	return (int)r->width / 4;
}

static void mr_cli_regs_bits(const struct mr_reg_field *f, char *buf, size_t len)
{
	if (f->width == 1)
		snprintf(buf, len, "%u", f->lsb);
	else
		snprintf(buf, len, "%u:%u", f->lsb + f->width - 1, f->lsb);
}

static void mr_cli_regs_field_text(const struct mr_reg_field *f, uint64_t regval)
{
	uint64_t v = mr_regs_field_get(f, regval);
	const struct mr_reg_enum *e = mr_regs_field_enum(f, v);

	printf(f->width == 1 ? "%" PRIu64 : "0x%" PRIx64, v);
	if (e)
		printf(" (%s)", e->name);
}

/* One register, each field on its own line; or one field. */
static void mr_cli_regs_show_one(const struct mr_reg_ref *r, const struct mr_cli_regs_value *v)
{
	char bits[16];
	size_t i, w = 0;

	if (r->field) {
		printf("%s.%s:%s = ", r->block->name, r->reg->name, r->field->name);
		mr_cli_regs_field_text(r->field, v->value);
		printf("\n");
		return;
	}
	printf("%s.%s @ 0x%" PRIx64 " = 0x%0*" PRIx64 "\n", r->block->name, r->reg->name, r->phys,
	       mr_cli_regs_hexw(r->reg), v->value);
	for (i = 0; i < r->reg->nfields; i++)
		if (strlen(r->reg->fields[i]->name) > w)
			w = strlen(r->reg->fields[i]->name);
	for (i = 0; i < r->reg->nfields; i++) {
		const struct mr_reg_field *f = r->reg->fields[i];

		mr_cli_regs_bits(f, bits, sizeof(bits));
		printf("  %-7s %-*s  ", bits, (int)w, f->name);
		mr_cli_regs_field_text(f, v->value);
		printf("\n");
	}
}

/* The table of a block: a line per register, fields decoded beside it. */
static void mr_cli_regs_table(const struct mr_cli_regs_list *l, const struct mr_cli_regs_value *v)
{
	const struct mr_reg_block *block = NULL;
	char text[1024];
	size_t i, j, w = 8;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i].reg->name) > w)
			w = strlen(l->v[i].reg->name);
	for (i = 0; i < l->n; i++) {
		const struct mr_reg_ref *r = &l->v[i];

		if (r->block != block) {
			block = r->block;
			printf("%s%s @ 0x%" PRIx64 "  (%s:%u)\n", i ? "\n" : "", block->name,
			       r->phys - r->reg->offset, block->file, block->line);
			printf("  %-8s %-*s %-4s %-18s %s\n", "offset", (int)w, "register", "acc",
			       "value", "fields");
		}
		if (i && l->v[i - 1].reg == r->reg)
			continue; /* a field glob: its register once */
		printf("  0x%04" PRIx64 "   %-*s %-4s ", r->reg->offset, (int)w, r->reg->name,
		       mr_regs_access_name(r->reg->access));
		if (!v[i].read) {
			printf("%-18s (%s: not read)\n", "-", v[i].why);
			continue;
		}
		printf("0x%0*" PRIx64, mr_cli_regs_hexw(r->reg), v[i].value);
		if (!r->field && !r->reg->nfields) {
			printf("\n");
			continue;
		}
		printf("%*s", 16 - mr_cli_regs_hexw(r->reg) + 1, "");
		if (r->field) {
			/* A field glob: only the fields it names. */
			for (j = i; j < l->n && l->v[j].reg == r->reg; j++) {
				printf("%s%s=", j > i ? " " : "", l->v[j].field->name);
				mr_cli_regs_field_text(l->v[j].field, v[i].value);
			}
			printf("\n");
			continue;
		}
		mr_regs_format(r->reg, v[i].value, text, sizeof(text));
		printf("%s\n", text);
	}
}

static void mr_cli_regs_json_fields(struct mr_json *j, const struct mr_reg *reg,
				    const struct mr_reg_field *only, uint64_t value, bool read)
{
	char bits[16];
	size_t i;

	mr_json_array(j, "fields");
	for (i = 0; i < reg->nfields; i++) {
		const struct mr_reg_field *f = reg->fields[i];
		const struct mr_reg_enum *e;

		if (only && f != only)
			continue;
		mr_json_object(j, NULL);
		mr_json_str(j, "name", f->name);
		mr_cli_regs_bits(f, bits, sizeof(bits));
		mr_json_str(j, "bits", bits);
		mr_json_u64(j, "mask", f->mask);
		mr_json_str(j, "access", mr_regs_access_name(f->access));
		if (read) {
			mr_json_u64(j, "value", mr_regs_field_get(f, value));
			e = mr_regs_field_enum(f, mr_regs_field_get(f, value));
			if (e)
				mr_json_str(j, "enum", e->name);
			else
				mr_json_null(j, "enum");
		}
		mr_json_end(j);
	}
	mr_json_end(j);
}

static void mr_cli_regs_json(struct mr_cli *c, const struct mr_cli_regs_list *l,
			     const struct mr_cli_regs_value *v)
{
	struct mr_json j;
	size_t i;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_array(&j, "registers");
	for (i = 0; i < l->n; i++) {
		const struct mr_reg_ref *r = &l->v[i];
		char name[512];

		snprintf(name, sizeof(name), "%s.%s", r->block->name, r->reg->name);
		mr_json_object(&j, NULL);
		mr_json_str(&j, "name", name);
		mr_json_str(&j, "block", r->block->name);
		mr_json_str(&j, "register", r->reg->name);
		mr_json_u64(&j, "address", r->phys);
		mr_json_u64(&j, "offset", r->reg->offset);
		mr_json_u64(&j, "width", r->reg->width);
		mr_json_str(&j, "access", mr_regs_access_name(r->reg->access));
		if (v[i].read) {
			mr_json_u64(&j, "value", v[i].value);
			mr_json_hex(&j, "hex", v[i].value);
		} else {
			mr_json_null(&j, "value");
			mr_json_str(&j, "not_read", v[i].why);
		}
		mr_cli_regs_json_fields(&j, r->reg, r->field, v[i].value, v[i].read);
		mr_json_end(&j);
	}
	mr_json_end(&j);
	mr_json_finish(&j);
}

/* Read and show what @pattern names: one register in detail, several as a table. */
static int mr_cli_regs_show(struct mr_cli *c, const char *pattern, unsigned long type, bool table,
			    bool read_clear)
{
	struct mr_cli_regs_list l = {0};
	struct mr_cli_regs_value *v = NULL;
	int ret = mr_cli_regs_open(c);

	if (!ret)
		ret = mr_cli_regs_find(c, pattern, &l);
	if (!ret && !(v = calloc(l.n, sizeof(*v))))
		ret = mr_cli_fail(c, "out of memory");
	if (!ret)
		ret = mr_cli_regs_read_all(c, &l, type, read_clear, v);
	if (!ret && c->json)
		mr_cli_regs_json(c, &l, v);
	else if (!ret && !table && l.n == 1 && v[0].read)
		mr_cli_regs_show_one(&l.v[0], &v[0]);
	else if (!ret)
		mr_cli_regs_table(&l, v);
	free(v);
	free(l.v);
	return ret;
}

int mr_cli_regs_read(struct mr_cli *c, const char *name, unsigned long type)
{
	return mr_cli_regs_show(c, name, type, false, false);
}

int mr_cli_regs_dump(struct mr_cli *c, const char *pattern, unsigned long type, bool read_clear)
{
	return mr_cli_regs_show(c, pattern, type, true, read_clear);
}

/* ---------------------------------------------------------------- writes */

/* "edu.CTRL:ENABLE=1" or "edu.CTRL:ENABLE" "1": the name and the value. */
static int mr_cli_regs_split(struct mr_cli *c, const char *arg, const char *value, char *name,
			     size_t len, const char **text)
{
	const char *eq = strchr(arg, '=');

	if (eq && value)
		return mr_cli_usage_error(c, "'%s' has its value already: '%s' is one too many",
					  arg, value);
	if (!eq && !value)
		return mr_cli_usage_error(c, "'%s': no value (NAME=VALUE, or NAME VALUE)", arg);
	if (eq && (size_t)(eq - arg) >= len)
		return mr_cli_usage_error(c, "'%.64s...': name too long", arg);
	snprintf(name, len, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
	*text = eq ? eq + 1 : value;
	return MR_EXIT_OK;
}

struct mr_cli_regs_write {
	const struct mr_reg_ref *ref;
	uint64_t value;	  /* the field's or register's new value */
	uint64_t before;  /* the register as read (when it was) */
	uint64_t written; /* the register as written */
	uint64_t after;	  /* read back (--verify) */
	bool was_read;
	unsigned int reads, writes;
};

/*
 * A field: one read and one write of the whole register through
 * mr_cli_rmw(), whose accesses cli.rmw_accesses counts; the library says
 * which bits to keep (mr_regs_keep_mask) and what the rest become
 * (mr_regs_encode). Nothing to keep (a write-only register): the write
 * alone. A whole register: the write alone.
 */
static int mr_cli_regs_write_one(struct mr_cli *c, struct mr_cli_regs_write *w, unsigned long type,
				 bool verify)
{
	const struct mr_reg_ref *r = w->ref;
	uint64_t ones = r->width == 64 ? UINT64_MAX : (1ULL << r->width) - 1;
	uint64_t keep = r->field ? mr_regs_keep_mask(r->field) : 0, bits = w->value;
	struct mr_cli_map map;
	int ret;

	if (!r->field && (r->reg->access == MR_REG_RO || r->reg->access == MR_REG_RC))
		return mr_cli_fail(c, "%s.%s is %s: a write does not change it", r->block->name,
				   r->reg->name, mr_regs_access_name(r->reg->access));
	if (r->field && mr_regs_encode(r->field, 0, w->value, &bits))
		return mr_cli_fail(c, "%s", mr_regs_errmsg());
	ret = mr_cli_map(c, &map, r->phys, r->width / 8, type);
	if (ret)
		return ret;
	mr_cli_writing(c);
	if (keep) {
		w->before = mr_cli_rmw(map.p, r->width, ones & ~keep, bits);
		w->was_read = true;
		w->reads++;
		w->written = (w->before & keep) | bits;
	} else {
		mr_cli_writex(map.p, r->width, bits);
		w->written = bits;
	}
	w->writes++;
	if (verify) {
		w->after = mr_cli_readx(map.p, r->width);
		w->reads++;
	}
	mr_cli_unmap(&map);
	if (verify && (w->after & r->mask) != (w->written & r->mask))
		return mr_cli_fail(c, "%s.%s%s%s: wrote 0x%" PRIx64 " but read back 0x%" PRIx64,
				   r->block->name, r->reg->name, r->field ? ":" : "",
				   r->field ? r->field->name : "",
				   (w->written & r->mask) >> r->shift,
				   (w->after & r->mask) >> r->shift);
	return MR_EXIT_OK;
}

static void mr_cli_regs_write_text(const struct mr_cli_regs_write *w, bool verify)
{
	const struct mr_reg_ref *r = w->ref;
	int d = mr_cli_regs_hexw(r->reg);

	printf("%s.%s", r->block->name, r->reg->name);
	if (r->field) {
		printf(":%s = ", r->field->name);
		mr_cli_regs_field_text(r->field, w->value << r->shift);
	}
	printf(" @ 0x%" PRIx64 ":", r->phys);
	if (w->was_read)
		printf(" read 0x%0*" PRIx64 ",", d, w->before);
	printf(" wrote 0x%0*" PRIx64, d, w->written);
	if (verify)
		printf(", read back 0x%0*" PRIx64, d, w->after);
	printf("\n");
}

static void mr_cli_regs_write_json(struct mr_cli *c, const struct mr_cli_regs_write *w, size_t n,
				   bool verify)
{
	struct mr_json j;
	size_t i;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_array(&j, "writes");
	for (i = 0; i < n; i++) {
		const struct mr_reg_ref *r = w[i].ref;
		char name[512];

		snprintf(name, sizeof(name), "%s.%s%s%s", r->block->name, r->reg->name,
			 r->field ? ":" : "", r->field ? r->field->name : "");
		mr_json_object(&j, NULL);
		mr_json_str(&j, "name", name);
		mr_json_u64(&j, "address", r->phys);
		mr_json_u64(&j, "width", r->width);
		mr_json_u64(&j, "mask", r->mask);
		mr_json_u64(&j, "value", w[i].value);
		if (w[i].was_read)
			mr_json_u64(&j, "read", w[i].before);
		else
			mr_json_null(&j, "read");
		mr_json_u64(&j, "written", w[i].written);
		if (verify)
			mr_json_u64(&j, "readback", w[i].after);
		else
			mr_json_null(&j, "readback");
		mr_json_u64(&j, "reads", w[i].reads);
		mr_json_u64(&j, "writes", w[i].writes);
		mr_json_end(&j);
	}
	mr_json_end(&j);
	mr_json_finish(&j);
}

int mr_cli_regs_write(struct mr_cli *c, const char *arg, const char *value, unsigned long type,
		      bool verify)
{
	struct mr_cli_regs_list l = {0};
	struct mr_cli_regs_write *w = NULL;
	const char *text = NULL;
	char name[512];
	size_t i;
	int ret;

	ret = mr_cli_regs_split(c, arg, value, name, sizeof(name), &text);
	if (!ret)
		ret = mr_cli_regs_open(c);
	if (!ret)
		ret = mr_cli_regs_find(c, name, &l);
	if (!ret && !(w = calloc(l.n, sizeof(*w))))
		ret = mr_cli_fail(c, "out of memory");
	/* Every value is checked before anything is written. */
	for (i = 0; !ret && i < l.n; i++) {
		w[i].ref = &l.v[i];
		if (mr_regs_parse_value(l.v[i].field, l.v[i].reg, text, &w[i].value))
			ret = mr_cli_usage_error(c, "%s: %s", name, mr_regs_errmsg());
	}
	for (i = 0; !ret && i < l.n; i++)
		ret = mr_cli_regs_write_one(c, &w[i], type, verify);
	if (w && i && c->json)
		mr_cli_regs_write_json(c, w, i, verify);
	else if (w)
		for (size_t k = 0; k < i && (k + 1 < i || !ret); k++)
			mr_cli_regs_write_text(&w[k], verify);
	free(w);
	free(l.v);
	return ret;
}

/* ------------------------------------------------------ memremap regs */

static void mr_cli_regs_anchor(const struct mr_reg_block *b, char *buf, size_t len)
{
	switch (b->anchor) {
	case MR_REG_ANCHOR_BASE:
		snprintf(buf, len, "at 0x%" PRIx64, b->base);
		break;
	case MR_REG_ANCHOR_PCI_ID:
		snprintf(buf, len, "PCI %04x:%04x #%u, BAR %d + 0x%" PRIx64, b->vendor, b->device,
			 b->index, b->bar, b->base);
		break;
	case MR_REG_ANCHOR_PCI_BDF:
		snprintf(buf, len, "PCI %04x:%02x:%02x.%x, BAR %d + 0x%" PRIx64, b->bdf.domain,
			 b->bdf.bus, b->bdf.dev, b->bdf.fn, b->bar, b->base);
		break;
	default:
		snprintf(buf, len, "no address (offset 0x%" PRIx64 "; --regs-base)", b->base);
		break;
	}
}

/* Where the machine puts @b, for the listing: " = 0x...", or why not. */
static void mr_cli_regs_where(struct mr_cli *c, const struct mr_reg_block *b, char *buf, size_t len)
{
	uint64_t base;

	buf[0] = '\0';
	if (!c->m || b->anchor == MR_REG_ANCHOR_BASE)
		return;
	if (mr_regs_block_base(c->regs, b, &base))
		snprintf(buf, len, " (not found on this machine)");
	else
		snprintf(buf, len, " = 0x%" PRIx64, base);
}

static void mr_cli_regs_list_text(struct mr_cli *c, const struct mr_reg_block *b)
{
	char anchor[128], where[64], bits[16];
	size_t i, k, e;

	mr_cli_regs_anchor(b, anchor, sizeof(anchor));
	mr_cli_regs_where(c, b, where, sizeof(where));
	printf("%s: %s%s, 0x%" PRIx64 " bytes, %zu registers  (%s:%u)\n", b->name, anchor, where,
	       b->size, b->nregs, b->file, b->line);
	if (b->description[0])
		printf("  %s\n", b->description);
	for (i = 0; i < b->nregs; i++) {
		const struct mr_reg *r = b->regs[i];

		printf("  0x%04" PRIx64 "  %-16s %2u  %-3s", r->offset, r->name, r->width,
		       mr_regs_access_name(r->access));
		if (r->reset_mask)
			printf("  reset 0x%0*" PRIx64, (int)r->width / 4, r->reset);
		if (r->description[0])
			printf("  %s", r->description);
		printf("\n");
		for (k = 0; k < r->nfields; k++) {
			const struct mr_reg_field *f = r->fields[k];

			mr_cli_regs_bits(f, bits, sizeof(bits));
			printf("          %-7s %-16s %-3s", bits, f->name,
			       mr_regs_access_name(f->access));
			for (e = 0; e < f->nvalues; e++)
				printf("%s%s=0x%" PRIx64, e ? " " : "  ", f->values[e]->name,
				       f->values[e]->value);
			if (f->description[0])
				printf("%s%s", f->nvalues ? "  " : "  ", f->description);
			printf("\n");
		}
	}
}

static void mr_cli_regs_list_json(struct mr_cli *c, struct mr_json *j, const struct mr_reg_block *b)
{
	char anchor[128];
	size_t i, k, e;
	uint64_t base;

	mr_cli_regs_anchor(b, anchor, sizeof(anchor));
	mr_json_object(j, NULL);
	mr_json_str(j, "name", b->name);
	mr_json_str(j, "anchor", anchor);
	if (c->m && !mr_regs_block_base(c->regs, b, &base))
		mr_json_u64(j, "base", base);
	else
		mr_json_null(j, "base");
	mr_json_u64(j, "size", b->size);
	mr_json_str(j, "file", b->file);
	mr_json_u64(j, "line", b->line);
	mr_json_array(j, "registers");
	for (i = 0; i < b->nregs; i++) {
		const struct mr_reg *r = b->regs[i];

		mr_json_object(j, NULL);
		mr_json_str(j, "name", r->name);
		mr_json_u64(j, "offset", r->offset);
		mr_json_u64(j, "width", r->width);
		mr_json_str(j, "access", mr_regs_access_name(r->access));
		if (r->reset_mask)
			mr_json_u64(j, "reset", r->reset);
		else
			mr_json_null(j, "reset");
		mr_json_str(j, "description", r->description);
		mr_json_array(j, "fields");
		for (k = 0; k < r->nfields; k++) {
			const struct mr_reg_field *f = r->fields[k];

			mr_json_object(j, NULL);
			mr_json_str(j, "name", f->name);
			mr_json_u64(j, "lsb", f->lsb);
			mr_json_u64(j, "width", f->width);
			mr_json_str(j, "access", mr_regs_access_name(f->access));
			mr_json_object(j, "values");
			for (e = 0; e < f->nvalues; e++)
				mr_json_u64(j, f->values[e]->name, f->values[e]->value);
			mr_json_end(j);
			mr_json_end(j);
		}
		mr_json_end(j);
		mr_json_end(j);
	}
	mr_json_end(j);
	mr_json_end(j);
}

/* memremap regs [FILE...]: check (every problem, file:line), then list. */
static int mr_cli_regs_cmd(struct mr_cli *c, int argc, char **argv)
{
	const struct mr_reg_block *b;
	struct mr_json j;
	size_t i;
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (optind < argc) {
		/* Files named here replace --regs and MEMREMAP_REGS. */
		if (argc - optind > (int)MR_ARRAY_SIZE(c->regs_files))
			return mr_cli_usage_error(c, "at most %zu files",
						  MR_ARRAY_SIZE(c->regs_files));
		c->nregs_files = 0;
		for (i = (size_t)optind; i < (size_t)argc; i++)
			c->regs_files[c->nregs_files++] = argv[i];
	} else if (!mr_cli_regs_given(c)) {
		return mr_cli_usage_error(c, "no description: name a FILE, or give --regs or "
					     "MEMREMAP_REGS");
	}
	/* Only with a machine named: the addresses where it puts each block. */
	if (c->spec && (ret = mr_cli_machine_open(c)))
		return ret;
	ret = mr_cli_regs_load(c, true);
	if (ret)
		return ret;
	if (c->json) {
		mr_json_init(&j, stdout);
		mr_json_object(&j, NULL);
		mr_json_array(&j, "blocks");
	}
	for (i = 0; (b = mr_regs_block(c->regs, i)); i++) {
		if (c->json)
			mr_cli_regs_list_json(c, &j, b);
		else
			mr_cli_regs_list_text(c, b);
	}
	if (c->json) {
		mr_json_end(&j);
		mr_json_finish(&j);
	}
	return MR_EXIT_OK;
}

static const struct mr_cli_opt mr_cli_regs_opts[] = {
	{"json", 'j', NULL, "JSON listing"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_regs = {
	.name = "regs",
	.summary = "list and check register descriptions",
	.synopsis = "[--json] [FILE...]",
	.about = "Load register descriptions (native YAML, CMSIS-SVD or IP-XACT; FILE, else the\n"
		 "files given with the global option, else MEMREMAP_REGS), report each problem\n"
		 "as FILE:LINE: error: MESSAGE in line order, and list the blocks, registers,\n"
		 "fields and values. With a machine named (--machine), also where it puts\n"
		 "each block anchored to a PCI device.\n",
	.opts = mr_cli_regs_opts,
	.notes = "Exit status 1 when a description has an error.\n",
	.run = mr_cli_regs_cmd,
};
