// SPDX-License-Identifier: MIT
/*
 * x86-64: the loads and stores compilers emit, and the copies' forms.
 *
 *   mov, movabs, movzx, movsx, movsxd, movnti     loads and stores, 1-8 bytes
 *   add or adc sbb and sub xor cmp test           read-modify-write or read,
 *   inc dec not neg                               flags as the CPU sets them
 *   xchg, xadd, cmpxchg (lock or not)             atomics: one read, one write
 *   movs, stos (rep or not)                       string copies and fills
 *   movd movq movss movsd, movdqu movdqa movups   SSE moves of 4, 8 and 16
 *   movaps movupd movapd movntdq movntps          bytes (16: two 8-byte
 *   movntpd movntdqa lddqu                        accesses, low then high)
 *
 * VEX and EVEX forms (AVX, vmovdqu and friends) are refused with their
 * name: their upper register halves live in the XSAVE area. So is every
 * other instruction with a memory operand (x87, bit tests, ...).
 *
 * Flags come from running the same operation on the host CPU (this file
 * is built with -mno-red-zone: the asm pushes and pops the flags).
 */
#include <errno.h>
#include <string.h>
#include <sys/ucontext.h>

#include "trap.h"

enum {
	K_LOAD = 1,
	K_STORE,
	K_STORE_IMM,
	K_ALU,
	K_UNARY,
	K_XCHG,
	K_XADD,
	K_CMPXCHG,
	K_MOVS,
	K_STOS,
	K_VLOAD,
	K_VSTORE
};
enum { A_ADD, A_OR, A_ADC, A_SBB, A_AND, A_SUB, A_XOR, A_CMP, A_TEST, A_INC, A_DEC, A_NOT, A_NEG };

#define ARITH_FLAGS 0x8d5ULL /* OF SF ZF AF PF CF */
#define DF_FLAG	    0x400ULL

int mr_arch_open(csh *cs)
{
	return cs_open(CS_ARCH_X86, CS_MODE_64, cs) == CS_ERR_OK ? 0 : -1;
}

const uint8_t *mr_arch_sample(size_t *len)
{
	static const uint8_t code[] = {0x8b, 0x07}; /* mov eax, dword ptr [rdi] */

	*len = sizeof(code);
	return code;
}

uintptr_t mr_arch_pc(const void *uc)
{
	return (uintptr_t)((const ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
}

/* ---------------------------------------------------------- registers */

struct mr_x86_name {
	uint16_t id;
	int8_t greg;
	uint8_t size, shift;
};

#define R4(q, d, w, b, g)                                                       \
	{X86_REG_##q, g, 8, 0}, {X86_REG_##d, g, 4, 0}, {X86_REG_##w, g, 2, 0}, \
	{                                                                       \
		X86_REG_##b, g, 1, 0                                            \
	}
static const struct mr_x86_name mr_x86_regs[] = {
	R4(RAX, EAX, AX, AL, REG_RAX),	    R4(RBX, EBX, BX, BL, REG_RBX),
	R4(RCX, ECX, CX, CL, REG_RCX),	    R4(RDX, EDX, DX, DL, REG_RDX),
	R4(RSI, ESI, SI, SIL, REG_RSI),	    R4(RDI, EDI, DI, DIL, REG_RDI),
	R4(RBP, EBP, BP, BPL, REG_RBP),	    R4(RSP, ESP, SP, SPL, REG_RSP),
	R4(R8, R8D, R8W, R8B, REG_R8),	    R4(R9, R9D, R9W, R9B, REG_R9),
	R4(R10, R10D, R10W, R10B, REG_R10), R4(R11, R11D, R11W, R11B, REG_R11),
	R4(R12, R12D, R12W, R12B, REG_R12), R4(R13, R13D, R13W, R13B, REG_R13),
	R4(R14, R14D, R14W, R14B, REG_R14), R4(R15, R15D, R15W, R15B, REG_R15),
	{X86_REG_AH, REG_RAX, 1, 8},	    {X86_REG_BH, REG_RBX, 1, 8},
	{X86_REG_CH, REG_RCX, 1, 8},	    {X86_REG_DH, REG_RDX, 1, 8},
	{X86_REG_RIP, REG_RIP, 8, 0},
};
#undef R4

static bool mr_x86_reg(unsigned int id, struct mr_reg *r)
{
	memset(r, 0, sizeof(*r));
	r->idx = -1;
	if (id == X86_REG_INVALID)
		return true;
	if (id >= X86_REG_XMM0 && id <= X86_REG_XMM15) {
		r->idx = (int16_t)(id - X86_REG_XMM0);
		r->size = 16;
		r->vec = 1;
		return true;
	}
	for (size_t i = 0; i < sizeof(mr_x86_regs) / sizeof(mr_x86_regs[0]); i++) {
		if (mr_x86_regs[i].id == id) {
			r->idx = mr_x86_regs[i].greg;
			r->size = mr_x86_regs[i].size;
			r->shift = mr_x86_regs[i].shift;
			return true;
		}
	}
	return false;
}

static uint64_t mr_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
}

static uint64_t mr_get(const ucontext_t *u, const struct mr_reg *r)
{
	if (r->idx < 0)
		return 0;
	return ((uint64_t)u->uc_mcontext.gregs[r->idx] >> r->shift) & mr_mask(r->size);
}

/* As the CPU writes them: 4 bytes zero the upper half, 1 and 2 merge. */
static void mr_set(ucontext_t *u, const struct mr_reg *r, uint64_t v)
{
	uint64_t old, m;

	if (r->idx < 0)
		return;
	if (r->size >= 4) {
		u->uc_mcontext.gregs[r->idx] = (greg_t)(v & mr_mask(r->size));
		return;
	}
	old = (uint64_t)u->uc_mcontext.gregs[r->idx];
	m = mr_mask(r->size) << r->shift;
	u->uc_mcontext.gregs[r->idx] = (greg_t)((old & ~m) | ((v << r->shift) & m));
}

static uint64_t mr_sext(uint64_t v, unsigned int bytes)
{
	unsigned int sh = 64 - bytes * 8;

	return bytes >= 8 ? v : (uint64_t)((int64_t)(v << sh) >> sh);
}

/* ---------------------------------------------------------- describing */

static int mr_refuse(const cs_insn *insn, const char *what, char *why, size_t why_len)
{
	char name[64];

	mr_why(name, sizeof(name), insn->mnemonic, " ", insn->op_str);
	mr_why(why, why_len, name, ": ", what);
	return -ENOTSUP;
}

static int mr_describe_mem(const cs_x86 *x, const cs_x86_op *m, struct mr_op *op)
{
	op->seg = x->prefix[1] == X86_PREFIX_FS || x->prefix[1] == X86_PREFIX_GS;
	op->rip_rel = m->mem.base == X86_REG_RIP;
	op->scale = (uint8_t)m->mem.scale;
	op->disp = m->mem.disp;
	if (x->addr_size != 8)
		return -1;
	if (!op->rip_rel && !mr_x86_reg(m->mem.base, &op->base))
		return -1;
	return mr_x86_reg(m->mem.index, &op->index) ? 0 : -1;
}

static int mr_alu_of(unsigned int id)
{
	switch (id) {
	case X86_INS_ADD:
		return A_ADD;
	case X86_INS_OR:
		return A_OR;
	case X86_INS_ADC:
		return A_ADC;
	case X86_INS_SBB:
		return A_SBB;
	case X86_INS_AND:
		return A_AND;
	case X86_INS_SUB:
		return A_SUB;
	case X86_INS_XOR:
		return A_XOR;
	case X86_INS_CMP:
		return A_CMP;
	case X86_INS_TEST:
		return A_TEST;
	case X86_INS_INC:
		return A_INC;
	case X86_INS_DEC:
		return A_DEC;
	case X86_INS_NOT:
		return A_NOT;
	case X86_INS_NEG:
		return A_NEG;
	default:
		return -1;
	}
}

static bool mr_is_vmove(unsigned int id)
{
	switch (id) {
	case X86_INS_MOVD:
	case X86_INS_MOVQ:
	case X86_INS_MOVSS:
	case X86_INS_MOVSD:
	case X86_INS_MOVDQU:
	case X86_INS_MOVDQA:
	case X86_INS_MOVUPS:
	case X86_INS_MOVAPS:
	case X86_INS_MOVUPD:
	case X86_INS_MOVAPD:
	case X86_INS_MOVNTDQ:
	case X86_INS_MOVNTPS:
	case X86_INS_MOVNTPD:
	case X86_INS_MOVNTDQA:
	case X86_INS_LDDQU:
		return true;
	default:
		return false;
	}
}

/* String instructions: element width from the mnemonic's last letter. */
static int mr_string_width(const char *mn)
{
	size_t n = strlen(mn);

	switch (n ? mn[n - 1] : 0) {
	case 'b':
		return 1;
	case 'w':
		return 2;
	case 'd':
		return 4;
	case 'q':
		return 8;
	default:
		return 0;
	}
}

int mr_arch_describe(const cs_insn *insn, struct mr_op *op, char *why, size_t why_len)
{
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *mem = NULL, *other = NULL;
	int memi = -1, alu;

	for (int i = 0; i < x->op_count; i++) {
		if (x->operands[i].type == X86_OP_MEM && memi < 0) {
			mem = &x->operands[i];
			memi = i;
		} else if (!other) {
			other = &x->operands[i];
		}
	}
	if ((insn->id == X86_INS_MOVSB || insn->id == X86_INS_MOVSW || insn->id == X86_INS_MOVSQ ||
	     (insn->id == X86_INS_MOVSD && x->op_count == 2 && x->operands[0].type == X86_OP_MEM &&
	      x->operands[1].type == X86_OP_MEM)) ||
	    insn->id == X86_INS_STOSB || insn->id == X86_INS_STOSW || insn->id == X86_INS_STOSD ||
	    insn->id == X86_INS_STOSQ) {
		bool stos = insn->id == X86_INS_STOSB || insn->id == X86_INS_STOSW ||
			    insn->id == X86_INS_STOSD || insn->id == X86_INS_STOSQ;
		if (x->addr_size != 8 || x->prefix[1])
			return mr_refuse(insn,
					 "string instruction with another address size or segment",
					 why, why_len);
		op->kind = stos ? K_STOS : K_MOVS;
		op->width = (uint8_t)mr_string_width(insn->mnemonic);
		op->rep = x->prefix[0] == X86_PREFIX_REP;
		if (x->prefix[0] == X86_PREFIX_REPNE || !op->width)
			return mr_refuse(insn, "a string form not emulated", why, why_len);
		return 0;
	}
	if (!mem)
		return mr_refuse(insn, "no memory operand", why, why_len);
	if (!strncmp(insn->mnemonic, "vmov", 4) || !strncmp(insn->mnemonic, "vlddqu", 6))
		return mr_refuse(insn,
				 "AVX (VEX/EVEX) moves are not emulated on a modeled range: "
				 "copy with memcpy_toio()/memcpy_fromio()",
				 why, why_len);
	if (mr_describe_mem(x, mem, op))
		return mr_refuse(insn, "an address form not emulated", why, why_len);
	op->width = mem->size;
	op->mem_first = memi == 0;
	if (other && other->type == X86_OP_REG && !mr_x86_reg(other->reg, &op->reg[0]))
		return mr_refuse(insn, "a register not emulated", why, why_len);
	if (other && other->type == X86_OP_IMM) {
		op->imm = other->imm;
		op->has_imm = true;
	}
	if (mr_is_vmove(insn->id)) {
		if (!other || other->type != X86_OP_REG || !op->reg[0].vec)
			return mr_refuse(insn, "a vector move without an xmm register", why,
					 why_len);
		if (op->width != 4 && op->width != 8 && op->width != 16)
			return mr_refuse(insn, "a vector width not emulated", why, why_len);
		op->kind = op->mem_first ? K_VSTORE : K_VLOAD;
		/* movss/movsd/movd/movq loads zero the rest of the register; movlps does not
		 * (refused). */
		return 0;
	}
	switch (insn->id) {
	case X86_INS_MOV:
	case X86_INS_MOVABS:
	case X86_INS_MOVNTI:
		if (op->mem_first)
			op->kind = op->has_imm ? K_STORE_IMM : K_STORE;
		else
			op->kind = K_LOAD;
		if (op->has_imm)
			op->imm = (int64_t)mr_sext((uint64_t)op->imm, op->width);
		return 0;
	case X86_INS_MOVZX:
	case X86_INS_MOVSX:
	case X86_INS_MOVSXD:
		if (op->mem_first)
			return mr_refuse(insn, "unexpected operands", why, why_len);
		op->kind = K_LOAD;
		op->sext = insn->id != X86_INS_MOVZX;
		return 0;
	case X86_INS_XCHG:
		op->kind = K_XCHG;
		return 0;
	case X86_INS_XADD:
		op->kind = K_XADD;
		return 0;
	case X86_INS_CMPXCHG:
		op->kind = K_CMPXCHG;
		return 0;
	}
	alu = mr_alu_of(insn->id);
	if (alu < 0)
		return mr_refuse(insn, "not a load or store form that is emulated", why, why_len);
	op->alu = (uint8_t)alu;
	op->kind = alu >= A_INC ? K_UNARY : K_ALU;
	if (op->kind == K_ALU && !other)
		return mr_refuse(insn, "unexpected operands", why, why_len);
	if (op->has_imm)
		op->imm = (int64_t)mr_sext((uint64_t)op->imm, op->width);
	return 0;
}

/* ------------------------------------------------------------- flags */

/*
 * @op on @a and @b of @w bytes with the flags @fin going in (for adc/sbb);
 * the result, and the arithmetic flags the CPU produced in *@fout.
 */
#define MR_ALU2(mn, sfx, type, cons)                                                    \
	do {                                                                            \
		type x_ = (type)a, y_ = (type)b;                                        \
		__asm__ __volatile__("push %[fi]\n\tpopfq\n\t" mn sfx " %[y], %[x]\n\t" \
				     "pushfq\n\tpop %[f]"                               \
				     : [x] "+" cons(x_), [f] "=&r"(f)                   \
				     : [y] cons(y_), [fi] "r"(fin)                      \
				     : "cc");                                           \
		r = (uint64_t)x_;                                                       \
	} while (0)
#define MR_ALU1(mn, sfx, type, cons)                                              \
	do {                                                                      \
		type x_ = (type)a;                                                \
		__asm__ __volatile__("push %[fi]\n\tpopfq\n\t" mn sfx " %[x]\n\t" \
				     "pushfq\n\tpop %[f]"                         \
				     : [x] "+" cons(x_), [f] "=&r"(f)             \
				     : [fi] "r"(fin)                              \
				     : "cc");                                     \
		r = (uint64_t)x_;                                                 \
	} while (0)
#define MR_WIDTHS(M, mn)                   \
	switch (w) {                       \
	case 1:                            \
		M(mn, "b", uint8_t, "q");  \
		break;                     \
	case 2:                            \
		M(mn, "w", uint16_t, "r"); \
		break;                     \
	case 4:                            \
		M(mn, "l", uint32_t, "r"); \
		break;                     \
	default:                           \
		M(mn, "q", uint64_t, "r"); \
		break;                     \
	}

static uint64_t mr_alu(unsigned int alu, unsigned int w, uint64_t a, uint64_t b, uint64_t fin,
		       uint64_t *fout)
{
	uint64_t r = a, f = fin;

	fin &= ARITH_FLAGS; /* only what the operation reads: never TF, AC or DF */
	switch (alu) {
	case A_ADD:
		MR_WIDTHS(MR_ALU2, "add");
		break;
	case A_OR:
		MR_WIDTHS(MR_ALU2, "or");
		break;
	case A_ADC:
		MR_WIDTHS(MR_ALU2, "adc");
		break;
	case A_SBB:
		MR_WIDTHS(MR_ALU2, "sbb");
		break;
	case A_AND:
	case A_TEST:
		MR_WIDTHS(MR_ALU2, "and");
		break;
	case A_SUB:
	case A_CMP:
		MR_WIDTHS(MR_ALU2, "sub");
		break;
	case A_XOR:
		MR_WIDTHS(MR_ALU2, "xor");
		break;
	case A_INC:
		MR_WIDTHS(MR_ALU1, "inc");
		break;
	case A_DEC:
		MR_WIDTHS(MR_ALU1, "dec");
		break;
	case A_NEG:
		MR_WIDTHS(MR_ALU1, "neg");
		break;
	case A_NOT:
		r = ~a;
		f = fin;
		break;
	}
	*fout = f;
	return r & mr_mask(w);
}

/* ------------------------------------------------------------- running */

static uintptr_t mr_ea(const struct mr_op *op, const ucontext_t *u, uintptr_t fault)
{
	uintptr_t ea;

	if (op->seg)
		return fault;
	ea = op->rip_rel ? (uintptr_t)u->uc_mcontext.gregs[REG_RIP] + op->len
			 : mr_get(u, &op->base);
	if (op->index.idx >= 0)
		ea += mr_get(u, &op->index) * op->scale;
	return ea + (uintptr_t)op->disp;
}

static void mr_set_flags(ucontext_t *u, uint64_t f)
{
	uint64_t old = (uint64_t)u->uc_mcontext.gregs[REG_EFL];

	u->uc_mcontext.gregs[REG_EFL] = (greg_t)((old & ~ARITH_FLAGS) | (f & ARITH_FLAGS));
}

static uint32_t *mr_xmm(ucontext_t *u, int n)
{
	return u->uc_mcontext.fpregs->_xmm[n].element;
}

static int mr_run_vec(const struct mr_op *op, ucontext_t *u, uintptr_t ea,
		      const struct mr__trap_io *io)
{
	uint32_t *x = mr_xmm(u, op->reg[0].idx);
	uint64_t lo = 0, hi = 0;
	int ret;

	if (!u->uc_mcontext.fpregs)
		return -EFAULT;
	if (op->kind == K_VSTORE) {
		memcpy(&lo, x, 8);
		memcpy(&hi, x + 2, 8);
		if (op->width == 16) {
			ret = io->write(io->ctx, ea, 8, lo);
			return ret ? ret : io->write(io->ctx, ea + 8, 8, hi);
		}
		return io->write(io->ctx, ea, op->width, lo & mr_mask(op->width));
	}
	ret = io->read(io->ctx, ea, op->width == 16 ? 8 : op->width, &lo);
	if (!ret && op->width == 16)
		ret = io->read(io->ctx, ea + 8, 8, &hi);
	if (ret)
		return ret;
	memcpy(x, &lo, 8);
	memcpy(x + 2, &hi, 8);
	return 0;
}

static int mr_run_string(const struct mr_op *op, ucontext_t *u, const struct mr__trap_io *io)
{
	greg_t *g = u->uc_mcontext.gregs;
	int64_t step = ((uint64_t)g[REG_EFL] & DF_FLAG) ? -(int64_t)op->width : op->width;
	uint64_t n = op->rep ? (uint64_t)g[REG_RCX] : 1,
		 v = (uint64_t)g[REG_RAX] & mr_mask(op->width);
	int ret;

	for (; n; n--) {
		if (op->kind == K_MOVS) {
			ret = io->read(io->ctx, (uintptr_t)g[REG_RSI], op->width, &v);
			if (ret)
				return ret;
		}
		ret = io->write(io->ctx, (uintptr_t)g[REG_RDI], op->width, v);
		if (ret)
			return ret;
		if (op->kind == K_MOVS)
			g[REG_RSI] += step;
		g[REG_RDI] += step;
		if (op->rep)
			g[REG_RCX]--; /* as the CPU leaves it if a later element faults */
	}
	return 0;
}

static int mr_run_rmw(const struct mr_op *op, ucontext_t *u, uintptr_t ea,
		      const struct mr__trap_io *io)
{
	struct mr_reg acc = {REG_RAX, op->width, 0, 0};
	uint64_t efl = (uint64_t)u->uc_mcontext.gregs[REG_EFL], f, m, r, src;
	int ret;

	ret = io->read(io->ctx, ea, op->width, &m);
	if (ret)
		return ret;
	src = op->has_imm ? (uint64_t)op->imm & mr_mask(op->width) : mr_get(u, &op->reg[0]);
	switch (op->kind) {
	case K_XCHG:
		ret = io->write(io->ctx, ea, op->width, src);
		if (!ret)
			mr_set(u, &op->reg[0], m);
		return ret;
	case K_XADD:
		r = mr_alu(A_ADD, op->width, m, src, efl, &f);
		ret = io->write(io->ctx, ea, op->width, r);
		if (!ret) {
			mr_set(u, &op->reg[0], m);
			mr_set_flags(u, f);
		}
		return ret;
	case K_CMPXCHG:
		mr_alu(A_CMP, op->width, mr_get(u, &acc), m, efl, &f);
		if (mr_get(u, &acc) == m)
			ret = io->write(io->ctx, ea, op->width, src);
		else
			mr_set(u, &acc, m);
		if (!ret)
			mr_set_flags(u, f);
		return ret;
	case K_UNARY:
		r = mr_alu(op->alu, op->width, m, 0, efl, &f);
		ret = io->write(io->ctx, ea, op->width, r);
		if (!ret && op->alu != A_NOT)
			mr_set_flags(u, f);
		return ret;
	}
	/* K_ALU: mem op= src, or reg op= mem */
	if (op->mem_first) {
		r = mr_alu(op->alu, op->width, m, src, efl, &f);
		if (op->alu != A_CMP && op->alu != A_TEST)
			ret = io->write(io->ctx, ea, op->width, r);
	} else {
		r = mr_alu(op->alu, op->width, src, m, efl, &f);
		if (op->alu != A_CMP && op->alu != A_TEST)
			mr_set(u, &op->reg[0], r);
	}
	if (!ret)
		mr_set_flags(u, f);
	return ret;
}

int mr_arch_run(const struct mr_op *op, void *uc, uintptr_t fault_addr,
		const struct mr__trap_io *io, char *why, size_t why_len)
{
	ucontext_t *u = uc;
	uintptr_t ea = 0;
	uint64_t v;
	int ret;

	if (op->kind != K_MOVS && op->kind != K_STOS)
		ea = mr_ea(op, u, fault_addr);
	switch (op->kind) {
	case K_LOAD:
		ret = io->read(io->ctx, ea, op->width, &v);
		if (!ret)
			mr_set(u, &op->reg[0], op->sext ? mr_sext(v, op->width) : v);
		break;
	case K_STORE:
		ret = io->write(io->ctx, ea, op->width, mr_get(u, &op->reg[0]));
		break;
	case K_STORE_IMM:
		ret = io->write(io->ctx, ea, op->width, (uint64_t)op->imm & mr_mask(op->width));
		break;
	case K_VLOAD:
	case K_VSTORE:
		ret = mr_run_vec(op, u, ea, io);
		break;
	case K_MOVS:
	case K_STOS:
		ret = mr_run_string(op, u, io);
		break;
	default:
		ret = mr_run_rmw(op, u, ea, io);
		break;
	}
	if (ret) {
		mr_why(why, why_len, "the access was refused (it runs off the modeled range?)", "",
		       "");
		return ret;
	}
	u->uc_mcontext.gregs[REG_RIP] += op->len;
	return 0;
}
