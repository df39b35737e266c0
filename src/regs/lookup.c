// SPDX-License-Identifier: MIT
/*
 * Names to registers and fields, and values to and from fields: the lookups
 * (exact and by glob), the decoding of a register's value, and the
 * read-modify-write of one field that leaves W1C, W1S and WO bits alone.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "regs_internal.h"

#define MR__NAME_MAX 512

static uint64_t mr__ones(unsigned int bits)
{
	return bits >= 64 ? UINT64_MAX : (1ULL << bits) - 1;
}

/* Split "BLOCK.REG:FIELD" in @buf into its parts (NULL where absent). */
static int mr__regs_split(const char *name, char *buf, char **blk, char **reg, char **fld)
{
	size_t n = name ? strlen(name) : 0;
	char *dot, *colon;

	if (!n || n >= MR__NAME_MAX)
		return mr__regs_err(EINVAL, "'%.64s': not a register name (BLOCK.REG[:FIELD])",
				    name ? name : "");
	memcpy(buf, name, n + 1);
	*blk = buf;
	*reg = *fld = NULL;
	dot = strchr(buf, '.');
	colon = strchr(buf, ':');
	if (colon && (!dot || colon < dot))
		return mr__regs_err(EINVAL, "'%.64s': a field needs its register (BLOCK.REG:FIELD)",
				    name);
	if (dot) {
		*dot = '\0';
		*reg = dot + 1;
	}
	if (colon) {
		*colon = '\0';
		*fld = colon + 1;
	}
	if (!**blk || (*reg && !**reg) || (*fld && !**fld))
		return mr__regs_err(EINVAL, "'%.64s': an empty part (BLOCK.REG[:FIELD])", name);
	return 0;
}

static const struct mr_reg_block *mr__regs_block_named(const struct mr_regs *regs, const char *name)
{
	size_t i;

	for (i = 0; i < regs->blocks.n; i++) {
		const struct mr_reg_block *b = regs->blocks.v[i];

		if (!strcasecmp(b->name, name))
			return b;
	}
	return NULL;
}

static void mr__regs_ref_fill(struct mr_reg_ref *ref, const struct mr_reg_block *b,
			      const struct mr_reg *r, const struct mr_reg_field *f)
{
	memset(ref, 0, sizeof(*ref));
	ref->block = b;
	ref->reg = r;
	ref->field = f;
	if (!r)
		return;
	ref->width = r->width;
	ref->mask = f ? f->mask : mr__ones(r->width);
	ref->shift = f ? f->lsb : 0;
}

int mr_regs_lookup(const struct mr_regs *regs, const char *name, struct mr_reg_ref *ref)
{
	const struct mr_reg_block *b;
	const struct mr_reg *r = NULL;
	const struct mr_reg_field *f = NULL;
	char buf[MR__NAME_MAX], *bn, *rn, *fn;
	size_t i;
	int ret;

	if (!regs || !ref)
		return mr__regs_err(EINVAL, "mr_regs_lookup: no set or no result");
	ret = mr__regs_split(name, buf, &bn, &rn, &fn);
	if (ret)
		return ret;
	b = mr__regs_block_named(regs, bn);
	if (!b)
		return mr__regs_err(ENOENT, "%s: no block '%s' (%zu loaded)", name, bn,
				    regs->blocks.n);
	for (i = 0; rn && i < b->nregs && !r; i++)
		if (!strcasecmp(b->regs[i]->name, rn))
			r = b->regs[i];
	if (rn && !r)
		return mr__regs_err(ENOENT, "%s: block %s has no register '%s'", name, b->name, rn);
	for (i = 0; fn && i < r->nfields && !f; i++)
		if (!strcasecmp(r->fields[i]->name, fn))
			f = r->fields[i];
	if (fn && !f)
		return mr__regs_err(ENOENT, "%s: register %s.%s has no field '%s'", name, b->name,
				    r->name, fn);
	mr__regs_ref_fill(ref, b, r, f);
	return 0;
}

static int mr__regs_phys(struct mr_regs *regs, struct mr_reg_ref *ref)
{
	uint64_t base;
	int ret = mr_regs_block_base(regs, ref->block, &base);

	if (ret)
		return ret;
	if (base + ref->reg->offset < base)
		return mr__regs_err(ERANGE, "%s.%s: 0x%" PRIx64 " + 0x%" PRIx64 " runs past 2^64",
				    ref->block->name, ref->reg->name, base, ref->reg->offset);
	ref->phys = base + ref->reg->offset;
	return 0;
}

int mr_regs_resolve(struct mr_regs *regs, const char *name, struct mr_reg_ref *ref)
{
	int ret = mr_regs_lookup(regs, name, ref);

	if (ret)
		return ret;
	if (!ref->reg)
		return mr__regs_err(
			EINVAL,
			"%s names a whole block: name a register (%s.REG) or all of them "
			"(%s.*)",
			name, name, name);
	return mr__regs_phys(regs, ref);
}

int mr_regs_match(struct mr_regs *regs, const char *pattern,
		  int (*fn)(const struct mr_reg_ref *ref, void *arg), void *arg, bool resolve)
{
	char buf[MR__NAME_MAX], *bp, *rp, *fp;
	struct mr_reg_ref ref;
	size_t i, j, k;
	int ret, count = 0;

	if (!regs || !fn)
		return mr__regs_err(EINVAL, "mr_regs_match: no set or no callback");
	ret = mr__regs_split(pattern, buf, &bp, &rp, &fp);
	if (ret)
		return ret;
	if (!rp)
		rp = "*";
	for (i = 0; i < regs->blocks.n; i++) {
		const struct mr_reg_block *b = regs->blocks.v[i];

		if (fnmatch(bp, b->name, FNM_CASEFOLD))
			continue;
		for (j = 0; j < b->nregs; j++) {
			const struct mr_reg *r = b->regs[j];

			if (fnmatch(rp, r->name, FNM_CASEFOLD))
				continue;
			mr__regs_ref_fill(&ref, b, r, NULL);
			if (resolve && (ret = mr__regs_phys(regs, &ref)))
				return ret;
			for (k = 0; fp && k < r->nfields; k++) {
				uint64_t phys = ref.phys;

				if (fnmatch(fp, r->fields[k]->name, FNM_CASEFOLD))
					continue;
				mr__regs_ref_fill(&ref, b, r, r->fields[k]);
				ref.phys = phys;
				if ((ret = fn(&ref, arg)))
					return ret;
				count++;
			}
			if (fp)
				continue;
			if ((ret = fn(&ref, arg)))
				return ret;
			count++;
		}
	}
	return count;
}

/* ----------------------------------------------------------------- values */

uint64_t mr_regs_field_get(const struct mr_reg_field *field, uint64_t value)
{
	return (value & field->mask) >> field->lsb;
}

const struct mr_reg_enum *mr_regs_field_enum(const struct mr_reg_field *field, uint64_t value)
{
	size_t i;

	for (i = 0; i < field->nvalues; i++)
		if (field->values[i]->value == value)
			return field->values[i];
	return NULL;
}

int mr_regs_parse_value(const struct mr_reg_field *field, const struct mr_reg *reg,
			const char *text, uint64_t *value)
{
	unsigned int width = field ? field->width : reg->width;
	uint64_t v;
	size_t i;

	if (!text || !*text)
		return mr__regs_err(EINVAL, "no value given");
	for (i = 0; field && i < field->nvalues; i++) {
		if (!strcasecmp(field->values[i]->name, text)) {
			*value = field->values[i]->value;
			return 0;
		}
	}
	if (!mr__regs_number(text, strlen(text), &v)) {
		if (field && field->nvalues)
			return mr__regs_err(EINVAL,
					    "'%.64s': neither a number nor a value of %s (%s, ...)",
					    text, field->name, field->values[0]->name);
		return mr__regs_err(EINVAL, "'%.64s': not a number", text);
	}
	if (v > mr__ones(width))
		return mr__regs_err(ERANGE, "0x%" PRIx64 " does not fit %s%s's %u bits", v,
				    field ? "field " : "register ", field ? field->name : reg->name,
				    width);
	*value = v;
	return 0;
}

/* The bits of @reg whose access is @a: its fields', and the rest by the register's. */
static uint64_t mr__regs_bits_with(const struct mr_reg *reg, enum mr_reg_access a)
{
	uint64_t bits = 0, covered = 0;
	size_t i;

	for (i = 0; i < reg->nfields; i++) {
		covered |= reg->fields[i]->mask;
		if (reg->fields[i]->access == a)
			bits |= reg->fields[i]->mask;
	}
	if (reg->access == a)
		bits |= mr__ones(reg->width) & ~covered;
	return bits;
}

uint64_t mr_regs_keep_mask(const struct mr_reg_field *field)
{
	const struct mr_reg *reg = field->reg;
	uint64_t keep = mr__ones(reg->width) & ~field->mask;

	keep &= ~mr__regs_bits_with(reg, MR_REG_W1C);
	keep &= ~mr__regs_bits_with(reg, MR_REG_W1S);
	keep &= ~mr__regs_bits_with(reg, MR_REG_WO);
	return keep;
}

int mr_regs_encode(const struct mr_reg_field *field, uint64_t current, uint64_t value,
		   uint64_t *out)
{
	const struct mr_reg *reg = field->reg;
	uint64_t wo;

	if (field->access == MR_REG_RO || field->access == MR_REG_RC)
		return mr__regs_err(EACCES, "field %s.%s:%s is %s: a write does not change it",
				    reg->block->name, reg->name, field->name,
				    mr_regs_access_name(field->access));
	if (value > mr__ones(field->width))
		return mr__regs_err(ERANGE, "0x%" PRIx64 " does not fit field %s's %u bits", value,
				    field->name, field->width);
	/* Write-only bits read as nothing: write them as they come out of reset. */
	wo = mr__regs_bits_with(reg, MR_REG_WO) & ~field->mask;
	*out = (current & mr_regs_keep_mask(field)) | (reg->reset & reg->reset_mask & wo) |
	       (value << field->lsb);
	return 0;
}

int mr_regs_format(const struct mr_reg *reg, uint64_t value, char *buf, size_t len)
{
	size_t used = 0, i;
	int n;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < reg->nfields; i++) {
		const struct mr_reg_field *f = reg->fields[i];
		uint64_t v = mr_regs_field_get(f, value);
		const struct mr_reg_enum *e = mr_regs_field_enum(f, v);

		n = snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0,
			     f->width == 1 ? "%s%s=%" PRIu64 "%s%s%s" : "%s%s=0x%" PRIx64 "%s%s%s",
			     i ? " " : "", f->name, v, e ? "(" : "", e ? e->name : "",
			     e ? ")" : "");
		if (n < 0)
			return n;
		used += (size_t)n;
	}
	return used > INT32_MAX ? INT32_MAX : (int)used;
}
