// SPDX-License-Identifier: MIT
/*
 * The `regs` model (`device=regs:FILE@ADDR`): a generic block of registers
 * described in a small text file, one register a line:
 *
 *   # name   offset  width  reset       access bits (optional)
 *   CTRL     0x00    4      0x00000000
 *   STATUS   0x04    4      0x00000011  ro
 *   IRQ      0x08    4      0x00000003  w1c=0x3
 *   DATA     0x0c    4      0x000000aa  rc  ro=0xff00
 *
 * Access bits, each alone (all bits of the register) or with =MASK:
 *   ro   writes leave these bits as they are
 *   w1c  writing 1 clears the bit, writing 0 leaves it
 *   rc   a read clears the bit (after answering it)
 * Every other bit reads what was last written, from the reset value on.
 * A read of a register's offset with a narrower width gives its low bytes;
 * an access anywhere else reads 0 and writes nothing.
 *
 * This format is the stopgap until the register-description library
 * (issue 17, include/memremap/regs.h) lands: the block takes its registers
 * as struct mr__reg_desc, which that library's parsed descriptions (native
 * text and CMSIS-SVD) will fill instead.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <memremap/sim.h>

#include "mr_platform.h"
#include "numbers.h"

#define REGS_FILE_MAX (4UL << 20)
#define REGS_MAX      4096

/* One register, as any description source gives it. */
struct mr__reg_desc {
	char name[32];
	uint64_t offset;
	unsigned int width;
	uint64_t reset, ro, w1c, rc;
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

/* "ro", "ro=0x3": the bits meant. */
static int regs_bits(const char *tok, const char *key, unsigned int width, uint64_t *out)
{
	size_t n = strlen(key);
	uint64_t v;

	if (strncmp(tok, key, n) || (tok[n] && tok[n] != '='))
		return 1; /* not this key */
	if (!tok[n]) {
		*out |= regs_mask(width);
		return 0;
	}
	if (mr__num_parse(tok + n + 1, &v) || (v & ~regs_mask(width)))
		return -1;
	*out |= v;
	return 0;
}

static int regs_parse_line(char *line, struct mr__reg_desc *d, size_t lineno)
{
	char *save = NULL, *tok[12];
	size_t nt = 0;
	uint64_t width;

	for (char *t = strtok_r(line, " \t\r", &save); t && nt < 12;
	     t = strtok_r(NULL, " \t\r", &save))
		tok[nt++] = t;
	if (!nt || tok[0][0] == '#')
		return 1;
	if (nt < 4 || strlen(tok[0]) >= sizeof(d->name) || mr__num_parse(tok[1], &d->offset) ||
	    mr__num_parse(tok[2], &width) ||
	    (width != 1 && width != 2 && width != 4 && width != 8) ||
	    mr__num_parse(tok[3], &d->reset) || (d->reset & ~regs_mask((unsigned int)width)) ||
	    d->offset % width)
		return mr__err(EINVAL,
			       "line %zu: expected NAME OFFSET WIDTH RESET [ro|w1c|rc[=MASK]]..."
			       " (width 1, 2, 4 or 8, offset aligned to it, reset within it)",
			       lineno);
	strcpy(d->name, tok[0]);
	d->width = (unsigned int)width;
	for (size_t i = 4; i < nt; i++) {
		int r = regs_bits(tok[i], "ro", d->width, &d->ro);

		if (r > 0)
			r = regs_bits(tok[i], "w1c", d->width, &d->w1c);
		if (r > 0)
			r = regs_bits(tok[i], "rc", d->width, &d->rc);
		if (r)
			return mr__err(
				EINVAL,
				"line %zu: '%s' is not ro, w1c or rc[=MASK within the width]",
				lineno, tok[i]);
	}
	return 0;
}

static int regs_parse(char *text, struct regs *r)
{
	size_t lineno = 0, cap = 0;
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct mr__reg_desc d = {0};
		int ret;

		lineno++;
		ret = regs_parse_line(line, &d, lineno);
		if (ret < 0)
			return ret;
		if (ret)
			continue;
		for (size_t i = 0; i < r->n; i++)
			if (d.offset < r->desc[i].offset + r->desc[i].width &&
			    r->desc[i].offset < d.offset + d.width)
				return mr__err(EINVAL, "line %zu: %s overlaps %s", lineno, d.name,
					       r->desc[i].name);
		if (r->n == REGS_MAX)
			return mr__err(EINVAL, "more than %d registers", REGS_MAX);
		if (r->n == cap) {
			void *v = mr__realloc(r->desc, (cap ? cap * 2 : 16) * sizeof(*r->desc));

			if (!v)
				return mr__err(ENOMEM, "out of memory");
			r->desc = v;
			cap = cap ? cap * 2 : 16;
		}
		r->desc[r->n++] = d;
	}
	return r->n ? 0 : mr__err(EINVAL, "no register described");
}

static void regs_free(struct regs *r)
{
	if (!r)
		return;
	mr__free(r->desc);
	mr__free(r->value);
	mr__free(r);
}

static struct regs *regs_load(const char *path, int *err)
{
	struct regs *r = mr__calloc(1, sizeof(*r));
	char *text = NULL;
	size_t len;
	int ret = r ? 0 : -ENOMEM;

	if (!ret && (!path || !*path))
		ret = mr__err(EINVAL, "regs: no file named (regs:FILE@ADDR)");
	if (!ret) {
		ret = mr__slurp(path, REGS_FILE_MAX, 0, &text, &len);
		if (ret)
			mr__err(-ret, "regs: cannot read '%s': %s", path, strerror(-ret));
	}
	if (!ret)
		ret = regs_parse(text, r);
	mr__free(text);
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
	v = r->value[i] & regs_mask(width);
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
	plain = ~(keep | d->w1c) & regs_mask(d->width);
	r->value[i] = (old & keep) | (v & plain) | (old & d->w1c & ~keep & ~v);
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
