// SPDX-License-Identifier: MIT
/*
 * The `regs` model (`device=regs:FILE@ADDR`, `regs:FILE#BLOCK@ADDR`): a
 * generic block of registers as a register description says (issue 17's
 * formats: the native YAML, CMSIS-SVD, IP-XACT), read through
 * libmemremap-regs, which the library opens with dlopen when such a device
 * is attached (it needs libyaml and libxml2; libmemremap needs libc alone).
 * The block is FILE's first, or the one named BLOCK.
 *
 * Each register starts at its reset value (the bits the description gives)
 * and each bit behaves as its access says, the field's where a field
 * covers it, else the register's:
 *   RW   reads what was last written
 *   RO   writes leave it as it is
 *   WO   reads 0; writes set it
 *   W1C  writing 1 clears it, writing 0 leaves it
 *   W1S  writing 1 sets it, writing 0 leaves it
 *   RC   read only, and a read clears it (after answering)
 * A read of a register's offset with a narrower width gives its low bytes;
 * an access anywhere else reads 0 and writes nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <memremap/regs.h>
#include <memremap/sim.h>

#include "mr_platform.h"

/* One register: its reset value and which bits behave how. */
struct mr__reg_desc {
	char name[64];
	uint64_t offset;
	unsigned int width; /* bytes */
	uint64_t reset, ro, wo, w1c, w1s, rc;
};

struct regs {
	struct mr__reg_desc *desc;
	uint64_t *value;
	size_t n;
};

static uint64_t regs_mask(unsigned int width)
{
	return width >= 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

/* --------------------------------------- the descriptions, by libmemremap-regs */

#define REGS_SONAME  "libmemremap-regs.so.0"
#define REGS_PACKAGE "libmemremap-regs0"

struct regs_lib {
	struct mr_regs *(*new_set)(void);
	void (*free_set)(struct mr_regs *regs);
	int (*load)(struct mr_regs *regs, const char *path);
	const struct mr_reg_block *(*block)(const struct mr_regs *regs, size_t i);
	const char *(*errmsg)(void);
};

static int regs_lib_open(struct regs_lib *l)
{
	void *h = mr__optional(REGS_SONAME, "a regs:FILE device model", REGS_PACKAGE);

	if (!h)
		return -ENOSYS;
	l->new_set = (struct mr_regs * (*)(void)) mr__optional_sym(h, "mr_regs_new", REGS_SONAME);
	l->free_set = (void (*)(struct mr_regs *))mr__optional_sym(h, "mr_regs_free", REGS_SONAME);
	l->load = (int (*)(struct mr_regs *, const char *))mr__optional_sym(h, "mr_regs_load",
									    REGS_SONAME);
	l->block = (const struct mr_reg_block *(*)(const struct mr_regs *, size_t))mr__optional_sym(
		h, "mr_regs_block", REGS_SONAME);
	l->errmsg = (const char *(*)(void))mr__optional_sym(h, "mr_regs_errmsg", REGS_SONAME);
	return l->new_set && l->free_set && l->load && l->block && l->errmsg ? 0 : -ENOSYS;
}

/* Sort @bits of a register into the masks of its access kind. */
static void regs_bits(struct mr__reg_desc *d, enum mr_reg_access access, uint64_t bits)
{
	switch (access) {
	case MR_REG_RO:
		d->ro |= bits;
		break;
	case MR_REG_WO:
		d->wo |= bits;
		break;
	case MR_REG_W1C:
		d->w1c |= bits;
		break;
	case MR_REG_W1S:
		d->w1s |= bits;
		break;
	case MR_REG_RC:
		d->rc |= bits, d->ro |= bits;
		break;
	default:
		break;
	}
}

static int regs_from(const struct mr_reg_block *b, struct regs *r)
{
	r->desc = mr__calloc(b->nregs ? b->nregs : 1, sizeof(*r->desc));
	if (!r->desc)
		return mr__err(ENOMEM, "out of memory");
	for (size_t i = 0; i < b->nregs; i++) {
		const struct mr_reg *reg = b->regs[i];
		struct mr__reg_desc *d = &r->desc[r->n++];
		uint64_t covered = 0;

		snprintf(d->name, sizeof(d->name), "%s", reg->name);
		d->offset = reg->offset;
		d->width = reg->width / 8;
		d->reset = reg->reset & reg->reset_mask & regs_mask(d->width);
		for (size_t k = 0; k < reg->nfields; k++) {
			regs_bits(d, reg->fields[k]->access, reg->fields[k]->mask);
			covered |= reg->fields[k]->mask;
		}
		regs_bits(d, reg->access, regs_mask(d->width) & ~covered);
	}
	return r->n ? 0 : mr__err(EINVAL, "block %s describes no register", b->name);
}

/* FILE or FILE#BLOCK. */
static int regs_describe(const char *arg, struct regs *r)
{
	const struct mr_reg_block *b = NULL;
	struct regs_lib l;
	struct mr_regs *set;
	const char *hash = arg ? strrchr(arg, '#') : NULL;
	char *path;
	int ret;

	if (!arg || !*arg || arg == hash)
		return mr__err(EINVAL, "regs: no file named (regs:FILE[#BLOCK]@ADDR)");
	ret = regs_lib_open(&l);
	if (ret)
		return ret;
	path = hash ? mr__strndup(arg, (size_t)(hash - arg)) : mr__strdup(arg);
	set = path ? l.new_set() : NULL;
	if (!set) {
		mr__free(path);
		return mr__err(ENOMEM, "out of memory");
	}
	ret = l.load(set, path);
	if (ret)
		ret = mr__err(-ret, "regs: %s", l.errmsg());
	for (size_t i = 0; !ret && !b && l.block(set, i); i++)
		if (!hash || !strcasecmp(l.block(set, i)->name, hash + 1))
			b = l.block(set, i);
	if (!ret && !b)
		ret = mr__err(ENOENT, "regs: %s has no block%s%s", path, hash ? " " : "",
			      hash ? hash + 1 : "");
	if (!ret)
		ret = regs_from(b, r);
	l.free_set(set);
	mr__free(path);
	return ret;
}

static void regs_free(struct regs *r)
{
	if (!r)
		return;
	mr__free(r->desc);
	mr__free(r->value);
	mr__free(r);
}

static struct regs *regs_load(const char *arg, int *err)
{
	struct regs *r = mr__calloc(1, sizeof(*r));
	int ret = r ? regs_describe(arg, r) : -ENOMEM;

	if (!ret) {
		r->value = mr__calloc(r->n, sizeof(*r->value));
		ret = r->value ? 0 : -ENOMEM;
	}
	if (ret) {
		regs_free(r);
		*err = ret;
		return NULL;
	}
	return r;
}

static uint64_t regs_size(const char *arg)
{
	struct regs *r;
	uint64_t end = 0;
	int err;

	r = regs_load(arg, &err);
	if (!r)
		errno = -err; /* the message is regs_load()'s */
	for (size_t i = 0; r && i < r->n; i++)
		if (r->desc[i].offset + r->desc[i].width > end)
			end = r->desc[i].offset + r->desc[i].width;
	regs_free(r);
	return end;
}

static int regs_init(struct mr_sim_device *dev, const char *arg)
{
	int err = 0;
	struct regs *r = regs_load(arg, &err);

	if (!r) {
		mr_sim_set_errmsg(dev, "%s", mr_errmsg());
		return err;
	}
	mr_sim_set_priv(dev, r);
	return 0;
}

static void regs_exit(struct mr_sim_device *dev)
{
	regs_free(mr_sim_priv(dev));
}

static void regs_reset(struct mr_sim_device *dev)
{
	struct regs *r = mr_sim_priv(dev);

	for (size_t i = 0; i < r->n; i++)
		r->value[i] = r->desc[i].reset;
}

static size_t regs_find(const struct regs *r, uint64_t off, unsigned int width)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->desc[i].offset == off && width <= r->desc[i].width)
			return i;
	return r->n;
}

static uint64_t regs_read(struct mr_sim_device *dev, uint64_t off, unsigned int width)
{
	struct regs *r = mr_sim_priv(dev);
	size_t i = regs_find(r, off, width);
	uint64_t v;

	if (i == r->n)
		return 0;
	v = r->value[i] & regs_mask(width) & ~r->desc[i].wo;
	/* Only the bits this read returned are cleared. */
	r->value[i] &= ~(r->desc[i].rc & regs_mask(width));
	return v;
}

static void regs_write(struct mr_sim_device *dev, uint64_t off, unsigned int width, uint64_t v)
{
	struct regs *r = mr_sim_priv(dev);
	size_t i = regs_find(r, off, width);
	const struct mr__reg_desc *d;
	uint64_t old, keep, plain;

	if (i == r->n)
		return;
	d = &r->desc[i];
	old = r->value[i];
	keep = d->ro | ~regs_mask(width); /* bytes the write does not reach stay too */
	plain = ~(keep | d->w1c | d->w1s) & regs_mask(d->width);
	r->value[i] = (old & keep) | (v & plain) | (old & d->w1c & ~keep & ~v) |
		      ((old | v) & d->w1s & ~keep);
}

const struct mr_sim_model mr__model_regs = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "regs",
	.init = regs_init,
	.exit = regs_exit,
	.reset = regs_reset,
	.read = regs_read,
	.write = regs_write,
	.size_of = regs_size,
};
