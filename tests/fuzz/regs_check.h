/* SPDX-License-Identifier: MIT */
/*
 * Shared by the register-description fuzz targets: load the input, and
 * either it fails as documented (EINVAL or ENOMEM, a message naming the
 * file) and the set is unchanged, or every invariant of the model holds and
 * every name in it resolves back to itself.
 */
#ifndef MR_FUZZ_REGS_CHECK_H
#define MR_FUZZ_REGS_CHECK_H

#include <errno.h>
#include <string.h>

#include <memremap/regs.h>

#include "fuzz.h"

static void fuzz_regs_check_reg(struct mr_regs *regs, const struct mr_reg_block *b,
				const struct mr_reg *r)
{
	uint64_t used = 0, ones = r->width == 64 ? UINT64_MAX : (1ULL << r->width) - 1, out;
	struct mr_reg_ref ref;
	char name[1200], buf[256];
	size_t i, j;

	FUZZ_CHECK(r->width == 8 || r->width == 16 || r->width == 32 || r->width == 64, "width %u",
		   r->width);
	FUZZ_CHECK(!(r->reset & ~r->reset_mask), "reset outside its mask");
	FUZZ_CHECK(r->block == b, "register's block");
	snprintf(name, sizeof(name), "%s.%s", b->name, r->name);
	if (strlen(name) < 500) {
		FUZZ_CHECK(mr_regs_lookup(regs, name, &ref) == 0, "%s: %s", name, mr_regs_errmsg());
		FUZZ_CHECK(ref.reg == r, "%s names another register", name);
	}
	for (i = 0; i < r->nfields; i++) {
		const struct mr_reg_field *f = r->fields[i];

		FUZZ_CHECK(f->reg == r, "field's register");
		FUZZ_CHECK(f->width >= 1 && f->lsb + f->width <= r->width, "field %s bits",
			   f->name);
		FUZZ_CHECK(f->mask && !(f->mask & ~ones), "field %s mask", f->name);
		FUZZ_CHECK(!(used & f->mask), "fields overlap at %s", f->name);
		FUZZ_CHECK(!i || r->fields[i - 1]->lsb < f->lsb, "fields out of order");
		used |= f->mask;
		for (j = 0; j < f->nvalues; j++)
			FUZZ_CHECK(f->values[j]->value <= (f->mask >> f->lsb), "value too wide");
		if (mr_regs_encode(f, UINT64_MAX, 1, &out) == 0)
			FUZZ_CHECK(!(out & ~ones), "encode wrote past the register");
	}
	(void)mr_regs_format(r, UINT64_MAX, buf, sizeof(buf));
	(void)mr_regs_format(r, 0, buf, 8);
}

static void fuzz_regs_load(const uint8_t *data, size_t size)
{
	struct mr_regs *regs = mr_regs_new();
	const struct mr_reg_block *b;
	size_t i, j;
	int ret;

	FUZZ_CHECK(regs, "mr_regs_new");
	errno = 0;
	ret = mr_regs_load_text(regs, "fuzz.regs", (const char *)data, size);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL || ret == -ENOMEM, "ret %d", ret);
		FUZZ_CHECK(errno == -ret, "errno %d, ret %d", errno, ret);
		FUZZ_CHECK(!strncmp(mr_regs_errmsg(), "fuzz.regs", 9), "message '%s'",
			   mr_regs_errmsg());
		FUZZ_CHECK(!mr_regs_block(regs, 0), "a failed load left a block");
		mr_regs_free(regs);
		return;
	}
	for (i = 0; (b = mr_regs_block(regs, i)); i++) {
		for (j = 0; j < b->nregs; j++) {
			fuzz_regs_check_reg(regs, b, b->regs[j]);
			FUZZ_CHECK(!j || b->regs[j - 1]->offset <= b->regs[j]->offset,
				   "registers out of order");
			FUZZ_CHECK(b->regs[j]->offset + b->regs[j]->width / 8 <= b->size,
				   "register past the block's size");
		}
	}
	mr_regs_free(regs);
}

#endif /* MR_FUZZ_REGS_CHECK_H */
