// SPDX-License-Identifier: MIT
/*
 * arm64: the loads and stores of A64, as compilers emit them.
 *
 *   ldr str ldur stur (b h; sb sh sw)        1-8 bytes, W and X registers
 *   ldp stp ldnp stnp ldpsw                  pairs
 *   ldar stlr ldapr (b h)                    acquire/release
 *   ldtr sttr (b h sb sh sw)                 unprivileged forms
 *   the same with B H S D Q registers        FP/SIMD loads and stores (Q:
 *                                            two 8-byte accesses)
 *
 * Addressing: base register or SP plus an immediate, pre-index and
 * post-index with write-back, a register offset with LSL, UXTW, SXTW or
 * SXTX. Refused with their name: the exclusives (ldxr, stxr and their
 * acquire/release and pair forms: whether a store-exclusive faults
 * without the monitor set is the implementation's choice, so a load
 * emulated here cannot be paired with one; exclusives on Device memory
 * are UNPREDICTABLE anyway), the LSE atomics (ldadd, swp, cas, ...), the
 * structure loads and stores (ld1..ld4, st1..st4), prefetches and cache
 * maintenance, none of which a compiler emits for a volatile access.
 */
#include <asm/sigcontext.h>
#include <errno.h>
#include <string.h>
#include <sys/ucontext.h>

#include "trap.h"

enum { K_LOAD = 1, K_STORE };

int mr_arch_open(csh *cs)
{
	return cs_open(CS_ARCH_ARM64, CS_MODE_ARM, cs) == CS_ERR_OK ? 0 : -1;
}

const uint8_t *mr_arch_sample(size_t *len)
{
	static const uint8_t code[] = {0x20, 0x00, 0x40, 0xb9}; /* ldr w0, [x1] */

	*len = sizeof(code);
	return code;
}

uintptr_t mr_arch_pc(const void *uc)
{
	return (uintptr_t)((const ucontext_t *)uc)->uc_mcontext.pc;
}

/* ------------------------------------------------------------ mnemonics */

struct mr_a64_form {
	const char *mn;
	uint8_t kind, pair, width, sext, status;
};

/* width 0: the register's size */
static const struct mr_a64_form mr_a64_forms[] = {
	{"ldr", K_LOAD, 0, 0, 0, 0},	{"ldrb", K_LOAD, 0, 1, 0, 0},
	{"ldrh", K_LOAD, 0, 2, 0, 0},	{"ldrsb", K_LOAD, 0, 1, 1, 0},
	{"ldrsh", K_LOAD, 0, 2, 1, 0},	{"ldrsw", K_LOAD, 0, 4, 1, 0},
	{"ldur", K_LOAD, 0, 0, 0, 0},	{"ldurb", K_LOAD, 0, 1, 0, 0},
	{"ldurh", K_LOAD, 0, 2, 0, 0},	{"ldursb", K_LOAD, 0, 1, 1, 0},
	{"ldursh", K_LOAD, 0, 2, 1, 0}, {"ldursw", K_LOAD, 0, 4, 1, 0},
	{"ldtr", K_LOAD, 0, 0, 0, 0},	{"ldtrb", K_LOAD, 0, 1, 0, 0},
	{"ldtrh", K_LOAD, 0, 2, 0, 0},	{"ldtrsb", K_LOAD, 0, 1, 1, 0},
	{"ldtrsh", K_LOAD, 0, 2, 1, 0}, {"ldtrsw", K_LOAD, 0, 4, 1, 0},
	{"ldar", K_LOAD, 0, 0, 0, 0},	{"ldarb", K_LOAD, 0, 1, 0, 0},
	{"ldarh", K_LOAD, 0, 2, 0, 0},	{"ldapr", K_LOAD, 0, 0, 0, 0},
	{"ldaprb", K_LOAD, 0, 1, 0, 0}, {"ldaprh", K_LOAD, 0, 2, 0, 0},
	{"ldp", K_LOAD, 1, 0, 0, 0},	{"ldnp", K_LOAD, 1, 0, 0, 0},
	{"ldpsw", K_LOAD, 1, 4, 1, 0},	{"str", K_STORE, 0, 0, 0, 0},
	{"strb", K_STORE, 0, 1, 0, 0},	{"strh", K_STORE, 0, 2, 0, 0},
	{"stur", K_STORE, 0, 0, 0, 0},	{"sturb", K_STORE, 0, 1, 0, 0},
	{"sturh", K_STORE, 0, 2, 0, 0}, {"sttr", K_STORE, 0, 0, 0, 0},
	{"sttrb", K_STORE, 0, 1, 0, 0}, {"sttrh", K_STORE, 0, 2, 0, 0},
	{"stlr", K_STORE, 0, 0, 0, 0},	{"stlrb", K_STORE, 0, 1, 0, 0},
	{"stlrh", K_STORE, 0, 2, 0, 0}, {"stp", K_STORE, 1, 0, 0, 0},
	{"stnp", K_STORE, 1, 0, 0, 0},
};

static const struct mr_a64_form *mr_a64_form(const char *mn)
{
	for (size_t i = 0; i < sizeof(mr_a64_forms) / sizeof(mr_a64_forms[0]); i++)
		if (!strcmp(mr_a64_forms[i].mn, mn))
			return &mr_a64_forms[i];
	return NULL;
}

/* ------------------------------------------------------------ registers */

static bool mr_a64_reg(unsigned int id, struct mr_reg *r)
{
	memset(r, 0, sizeof(*r));
	r->idx = -1;
	if (id == ARM64_REG_INVALID) {
		return true; /* no register (size 0) */
	} else if (id >= ARM64_REG_X0 && id <= ARM64_REG_X28) {
		r->idx = (int16_t)(id - ARM64_REG_X0);
		r->size = 8;
	} else if (id == ARM64_REG_X29 || id == ARM64_REG_X30) {
		r->idx = id == ARM64_REG_X29 ? 29 : 30;
		r->size = 8;
	} else if (id >= ARM64_REG_W0 && id <= ARM64_REG_W30) {
		r->idx = (int16_t)(id - ARM64_REG_W0);
		r->size = 4;
	} else if (id == ARM64_REG_SP || id == ARM64_REG_WSP) {
		r->idx = 31;
		r->size = id == ARM64_REG_SP ? 8 : 4;
	} else if (id == ARM64_REG_XZR || id == ARM64_REG_WZR) {
		r->size = id == ARM64_REG_XZR ? 8 : 4;
	} else if (id >= ARM64_REG_B0 && id <= ARM64_REG_B0 + 31) {
		r->idx = (int16_t)(id - ARM64_REG_B0), r->size = 1, r->vec = 1;
	} else if (id >= ARM64_REG_H0 && id <= ARM64_REG_H0 + 31) {
		r->idx = (int16_t)(id - ARM64_REG_H0), r->size = 2, r->vec = 1;
	} else if (id >= ARM64_REG_S0 && id <= ARM64_REG_S0 + 31) {
		r->idx = (int16_t)(id - ARM64_REG_S0), r->size = 4, r->vec = 1;
	} else if (id >= ARM64_REG_D0 && id <= ARM64_REG_D0 + 31) {
		r->idx = (int16_t)(id - ARM64_REG_D0), r->size = 8, r->vec = 1;
	} else if (id >= ARM64_REG_Q0 && id <= ARM64_REG_Q31) {
		r->idx = (int16_t)(id - ARM64_REG_Q0), r->size = 16, r->vec = 1;
	} else {
		return false;
	}
	return true;
}

static int mr_refuse(const cs_insn *insn, const char *what, char *why, size_t why_len)
{
	char name[64];

	mr_why(name, sizeof(name), insn->mnemonic, " ", insn->op_str);
	mr_why(why, why_len, name, ": ", what);
	return -ENOTSUP;
}

int mr_arch_describe(const cs_insn *insn, struct mr_op *op, char *why, size_t why_len)
{
	const cs_arm64 *a = &insn->detail->arm64;
	const struct mr_a64_form *f = mr_a64_form(insn->mnemonic);
	int memi = -1, nregs = 0, first = 0;

	if (!f)
		return mr_refuse(insn, "not a load or store form that is emulated", why, why_len);
	op->kind = f->kind;
	op->sext = f->sext;
	if (f->status) {
		if (a->op_count < 1 || a->operands[0].type != ARM64_OP_REG ||
		    !mr_a64_reg(a->operands[0].reg, &op->status))
			return mr_refuse(insn, "unexpected operands", why, why_len);
		op->has_status = 1;
		first = 1;
	}
	for (int i = first; i < a->op_count; i++) {
		const cs_arm64_op *o = &a->operands[i];

		if (o->type == ARM64_OP_REG && memi < 0 && nregs < 2) {
			if (!mr_a64_reg(o->reg, &op->reg[nregs++]))
				return mr_refuse(insn, "a register not emulated", why, why_len);
		} else if (o->type == ARM64_OP_MEM && memi < 0) {
			memi = i;
			if (!mr_a64_reg(o->mem.base, &op->base) ||
			    !mr_a64_reg(o->mem.index, &op->index))
				return mr_refuse(insn, "an address form not emulated", why,
						 why_len);
			op->disp = o->mem.disp;
			if (o->mem.index != ARM64_REG_INVALID) {
				op->shift_amt = o->shift.type == ARM64_SFT_LSL
							? (uint8_t)o->shift.value
							: 0;
				op->ext = o->ext == ARM64_EXT_UXTW   ? 1
					  : o->ext == ARM64_EXT_SXTW ? 2
								     : 0;
				if (o->ext != ARM64_EXT_INVALID && o->ext != ARM64_EXT_UXTW &&
				    o->ext != ARM64_EXT_SXTW && o->ext != ARM64_EXT_SXTX &&
				    o->ext != ARM64_EXT_UXTX)
					return mr_refuse(insn, "an index extension not emulated",
							 why, why_len);
			}
		} else if (o->type == ARM64_OP_IMM && memi >= 0) {
			op->post = 1; /* [xn], #imm */
			op->imm = o->imm;
		} else {
			return mr_refuse(insn, "unexpected operands", why, why_len);
		}
	}
	if (memi < 0 || nregs != 1 + f->pair)
		return mr_refuse(insn, "unexpected operands", why, why_len);
	op->nregs = (uint8_t)nregs;
	op->wb = a->writeback || op->post;
	op->width = f->width ? f->width : op->reg[0].size;
	if (op->reg[0].vec && f->width)
		return mr_refuse(insn, "unexpected operands", why, why_len);
	return 0;
}

/* -------------------------------------------------------------- running */

static struct fpsimd_context *mr_fpsimd(ucontext_t *u)
{
	unsigned char *p = (unsigned char *)u->uc_mcontext.__reserved;
	unsigned char *end = p + sizeof(u->uc_mcontext.__reserved);

	while (p + sizeof(struct _aarch64_ctx) <= end) {
		struct _aarch64_ctx *h = (struct _aarch64_ctx *)p;

		if (h->magic == FPSIMD_MAGIC)
			return (struct fpsimd_context *)h;
		if (!h->magic || !h->size)
			break;
		p += h->size;
	}
	return NULL;
}

static uint64_t mr_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
}

static uint64_t mr_gpr(const ucontext_t *u, const struct mr_reg *r)
{
	uint64_t v;

	if (r->idx < 0)
		return 0;
	v = r->idx == 31 ? u->uc_mcontext.sp : u->uc_mcontext.regs[r->idx];
	return v & mr_mask(r->size);
}

static void mr_set_gpr(ucontext_t *u, const struct mr_reg *r, uint64_t v)
{
	v &= mr_mask(r->size); /* a W register write zeroes the upper half */
	if (r->idx < 0)
		return;
	if (r->idx == 31)
		u->uc_mcontext.sp = v;
	else
		u->uc_mcontext.regs[r->idx] = v;
}

static uint64_t mr_sext(uint64_t v, unsigned int bytes)
{
	unsigned int sh = 64 - bytes * 8;

	return bytes >= 8 ? v : (uint64_t)((int64_t)(v << sh) >> sh);
}

static uintptr_t mr_ea(const struct mr_op *op, const ucontext_t *u)
{
	uintptr_t ea = mr_gpr(u, &op->base);
	uint64_t idx;

	if (op->post)
		return ea;
	if (op->index.size) {
		idx = mr_gpr(u, &op->index);
		if (op->ext == 1)
			idx &= 0xffffffffULL;
		else if (op->ext == 2)
			idx = mr_sext(idx, 4);
		ea += idx << op->shift_amt;
	}
	return ea + (uintptr_t)op->disp;
}

/* One register's part of the access: @k-th register at @ea. */
static int mr_run_one(const struct mr_op *op, ucontext_t *u, struct fpsimd_context *fp,
		      const struct mr_reg *r, uintptr_t ea, const struct mr__trap_io *io)
{
	unsigned int w = op->width;
	uint64_t v = 0, hi = 0;
	int ret;

	if (r->vec) {
		__uint128_t *q = &fp->vregs[r->idx];

		if (op->kind == K_STORE) {
			memcpy(&v, q, 8);
			memcpy(&hi, (char *)q + 8, 8);
			if (w == 16) {
				ret = io->write(io->ctx, ea, 8, v);
				return ret ? ret : io->write(io->ctx, ea + 8, 8, hi);
			}
			return io->write(io->ctx, ea, w, v & mr_mask(w));
		}
		ret = io->read(io->ctx, ea, w == 16 ? 8 : w, &v);
		if (!ret && w == 16)
			ret = io->read(io->ctx, ea + 8, 8, &hi);
		if (ret)
			return ret;
		/* A scalar FP load zeroes the rest of the vector register. */
		memset(q, 0, 16);
		memcpy(q, &v, 8);
		memcpy((char *)q + 8, &hi, 8);
		return 0;
	}
	if (op->kind == K_STORE)
		return io->write(io->ctx, ea, w, mr_gpr(u, r) & mr_mask(w));
	ret = io->read(io->ctx, ea, w, &v);
	if (!ret)
		mr_set_gpr(u, r, op->sext ? mr_sext(v, w) : v);
	return ret;
}

int mr_arch_run(const struct mr_op *op, void *uc, uintptr_t fault_addr,
		const struct mr__trap_io *io, char *why, size_t why_len)
{
	ucontext_t *u = uc;
	struct fpsimd_context *fp = NULL;
	uintptr_t ea = mr_ea(op, u);
	int ret = 0;

	(void)fault_addr;
	if (op->reg[0].vec) {
		fp = mr_fpsimd(u);
		if (!fp) {
			mr_why(why, why_len, "no FP/SIMD state in the signal frame", "", "");
			return -EFAULT;
		}
	}
	for (int k = 0; k < op->nregs && !ret; k++)
		ret = mr_run_one(op, u, fp, &op->reg[k], ea + (uintptr_t)k * op->width, io);
	if (ret) {
		mr_why(why, why_len, "the access was refused (it runs off the modeled range?)", "",
		       "");
		return ret;
	}
	if (op->has_status)
		mr_set_gpr(u, &op->status, 0); /* the store-exclusive succeeded */
	if (op->wb)
		mr_set_gpr(u, &op->base, op->post ? ea + (uintptr_t)op->imm : ea);
	u->uc_mcontext.pc += 4;
	return 0;
}
