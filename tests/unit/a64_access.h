/* SPDX-License-Identifier: MIT */
/*
 * a64_access.h - see every access arm64 code makes to a window of memory.
 *
 * The window is made inaccessible (PROT_NONE); each instruction that
 * touches it faults, and the SIGSEGV handler decodes the instruction from
 * its A64 encoding, checks the access, performs it on an alias of the same
 * memory (a second mapping with the window's real attributes), writes the
 * loaded register back and steps over the instruction. What counts as a
 * good access is what Device memory takes without an alignment fault and
 * what the kernel's own __raw_readq()/__raw_writeq() make: one load or
 * store of a general-purpose register, 1, 2, 4 or 8 bytes, naturally
 * aligned, inside the range under test. Anything else that touches the
 * window is a violation, named and reported, and ends the call under test:
 * an unaligned access, a pair (LDP/STP), a SIMD&FP register, an exclusive
 * or atomic access, and DC ZVA (a zeroing store, which faults here as a
 * store). Cache maintenance by address (DC CVAC...) needs no permission
 * under QEMU and is not seen; tests disassemble for it instead.
 *
 * Each byte of the window has a counter, so a test can also prove that a
 * copy touched each byte exactly once and nothing outside its range.
 *
 * Used by the unit tests (under qemu-aarch64) and the arm64 guest of the
 * VM suite (on a PCI BAR through resource2 and resource2_wc). One window
 * at a time; not thread-safe (a signal handler and static state).
 */
#ifndef MR_A64_ACCESS_H
#define MR_A64_ACCESS_H

#if defined(__aarch64__)

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <memremap/io.h>

struct a64_window {
	uint8_t *prot;	/* the window the code under test is given */
	uint8_t *alias; /* the same memory, accessible */
	size_t len;
	/* The range the current call may touch, as offsets into the window. */
	size_t lo, hi;
	uint8_t *count; /* accesses per byte of the window (len bytes) */
	unsigned long traps;
	bool failed;
	char why[200];
};

static struct a64_window *a64_cur;
static sigjmp_buf a64_env;

static inline int64_t a64_sext(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (bits == 64) ? ~0ULL : (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

/* Async-signal-safe enough: snprintf of integers only, into static memory. */
static void a64_violation(const char *what, uint32_t insn, uintptr_t at)
{
	struct a64_window *w = a64_cur;

	w->failed = true;
	snprintf(w->why, sizeof(w->why), "%s: instruction %08x at window offset %#zx", what, insn,
		 (size_t)(at - (uintptr_t)w->prot));
}

static uint64_t a64_reg(const ucontext_t *uc, unsigned int r, bool sp_for_31)
{
	if (r == 31)
		return sp_for_31 ? uc->uc_mcontext.sp : 0;
	return uc->uc_mcontext.regs[r];
}

static void a64_set_reg(ucontext_t *uc, unsigned int r, uint64_t v, bool sp_for_31)
{
	if (r == 31) {
		if (sp_for_31)
			uc->uc_mcontext.sp = v;
		return;
	}
	uc->uc_mcontext.regs[r] = v;
}

/* The value of Xm extended and shifted as a register-offset address wants. */
static bool a64_reg_offset(const ucontext_t *uc, uint32_t insn, unsigned int scale, int64_t *off)
{
	uint64_t m = a64_reg(uc, (insn >> 16) & 31, false);
	unsigned int option = (insn >> 13) & 7, shift = (insn >> 12) & 1 ? scale : 0;

	switch (option) {
	case 2: /* UXTW */
		m = (uint32_t)m;
		break;
	case 3: /* LSL (UXTX) */
	case 7: /* SXTX */
		break;
	case 6: /* SXTW */
		m = (uint64_t)(int64_t)(int32_t)m;
		break;
	default:
		return false;
	}
	*off = (int64_t)(m << shift);
	return true;
}

/*
 * One load or store of a general-purpose register that touched the window:
 * check it, perform it on the alias, write back. False: a violation.
 */
static bool a64_emulate(ucontext_t *uc, uint32_t insn, uintptr_t fault)
{
	struct a64_window *w = a64_cur;
	unsigned int size = insn >> 30, opc = (insn >> 22) & 3, rn = (insn >> 5) & 31;
	unsigned int rt = insn & 31, bytes = 1u << size;
	uint64_t base = a64_reg(uc, rn, true), v;
	uintptr_t addr;
	int64_t off = 0;
	bool wb = false, post = false;
	size_t at;

	if ((insn >> 26) & 1) {
		unsigned int vb = (opc & 2) && size == 0 ? 16 : bytes;
		char what[64];

		snprintf(what, sizeof(what), "a %u-byte SIMD&FP %s%s", vb,
			 opc & 1 ? "load" : "store", fault & (vb - 1) ? ", unaligned" : "");
		a64_violation(what, insn, fault);
		return false;
	}
	if ((opc == 2 && size == 3) || (opc == 3 && size >= 2)) {
		a64_violation("a prefetch or an unallocated load/store", insn, fault);
		return false;
	}
	if ((insn >> 24) & 1) { /* unsigned immediate, scaled */
		off = (int64_t)(((insn >> 10) & 0xfff) << size);
	} else if (!((insn >> 21) & 1)) { /* 9-bit signed immediate */
		unsigned int op4 = (insn >> 10) & 3;

		off = a64_sext((insn >> 12) & 0x1ff, 9);
		wb = op4 == 1 || op4 == 3;
		post = op4 == 1;
	} else if (((insn >> 10) & 3) == 2) { /* register offset */
		if (!a64_reg_offset(uc, insn, size, &off)) {
			a64_violation("an unallocated register-offset form", insn, fault);
			return false;
		}
	} else {
		a64_violation("an atomic memory operation", insn, fault);
		return false;
	}
	addr = (uintptr_t)(base + (post ? 0 : (uint64_t)off));
	if (fault < addr || fault >= addr + bytes) {
		a64_violation("the decoded address is not where it faulted", insn, fault);
		return false;
	}
	if (addr & (bytes - 1)) {
		char what[64];

		snprintf(what, sizeof(what), "an unaligned %u-byte %s", bytes,
			 opc ? "load" : "store");
		a64_violation(what, insn, addr);
		return false;
	}
	at = addr - (uintptr_t)w->prot;
	if (addr < (uintptr_t)w->prot || at + bytes > w->len || at < w->lo || at + bytes > w->hi) {
		a64_violation("an access outside the range under test", insn, addr);
		return false;
	}
	for (unsigned int i = 0; i < bytes; i++)
		w->count[at + i]++;
	if (opc == 0) {
		v = a64_reg(uc, rt, false);
		switch (bytes) {
		case 1:
			__raw_writeb((uint8_t)v, w->alias + at);
			break;
		case 2:
			__raw_writew((uint16_t)v, w->alias + at);
			break;
		case 4:
			__raw_writel((uint32_t)v, w->alias + at);
			break;
		default:
			__raw_writeq(v, w->alias + at);
		}
	} else {
		switch (bytes) {
		case 1:
			v = __raw_readb(w->alias + at);
			break;
		case 2:
			v = __raw_readw(w->alias + at);
			break;
		case 4:
			v = __raw_readl(w->alias + at);
			break;
		default:
			v = __raw_readq(w->alias + at);
		}
		if (opc == 2) /* LDRS* Xt */
			v = (uint64_t)a64_sext(v, bytes * 8);
		else if (opc == 3) /* LDRS* Wt */
			v = (uint32_t)a64_sext(v, bytes * 8);
		a64_set_reg(uc, rt, v, false);
	}
	if (wb)
		a64_set_reg(uc, rn, base + (uint64_t)off, true);
	uc->uc_mcontext.pc += 4;
	return true;
}

static void a64_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct a64_window *w = a64_cur;
	uintptr_t fault = (uintptr_t)si->si_addr;
	uint32_t insn;

	(void)sig;
	if (!w || fault < (uintptr_t)w->prot || fault >= (uintptr_t)w->prot + w->len) {
		/* Not ours: die of it, as without the handler. */
		signal(SIGSEGV, SIG_DFL);
		return;
	}
	w->traps++;
	memcpy(&insn, (const void *)uc->uc_mcontext.pc, 4);
	if ((insn & 0x3a000000) == 0x38000000) { /* load/store register */
		if (a64_emulate(uc, insn, fault))
			return;
	} else if ((insn & 0xffffffe0) == 0xd50b7420) {
		a64_violation("DC ZVA (zeroing a block)", insn, fault);
	} else if ((insn & 0xfff80000) == 0xd5080000) {
		a64_violation("a cache or TLB maintenance instruction", insn, fault);
	} else if ((insn & 0x3a000000) == 0x28000000) {
		a64_violation("a pair load or store (LDP/STP), not one access", insn, fault);
	} else if ((insn & 0x3f000000) == 0x08000000) {
		a64_violation("an exclusive or ordered access", insn, fault);
	} else {
		a64_violation("an instruction that is no plain load or store", insn, fault);
	}
	siglongjmp(a64_env, 1);
}

/*
 * Start watching @w (prot, alias, len and count set; the rest is reset).
 * Return: 0, or -1 when the window cannot be protected.
 */
static int a64_watch(struct a64_window *w)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = a64_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	w->traps = 0;
	w->failed = false;
	w->why[0] = '\0';
	memset(w->count, 0, w->len);
	a64_cur = w;
	if (sigaction(SIGSEGV, &sa, NULL) || mprotect(w->prot, w->len, PROT_NONE)) {
		a64_cur = NULL;
		return -1;
	}
	return 0;
}

static void a64_unwatch(struct a64_window *w)
{
	mprotect(w->prot, w->len, PROT_READ | PROT_WRITE);
	signal(SIGSEGV, SIG_DFL);
	a64_cur = NULL;
}

/*
 * Run @fn(@arg) with the window watched, allowed to touch [lo, hi).
 * Return: true when every access was good (then w->count says how often
 * each byte was touched); false with w->why set.
 */
#define A64_CALL(w, lo_, hi_, call)              \
	({                                       \
		(w)->lo = (lo_);                 \
		(w)->hi = (hi_);                 \
		(w)->failed = false;             \
		(w)->why[0] = '\0';              \
		memset((w)->count, 0, (w)->len); \
		if (!sigsetjmp(a64_env, 1)) {    \
			call;                    \
		}                                \
		!(w)->failed;                    \
	})

/* Every byte of [lo, hi) touched exactly once, nothing else: -1 or the first offender. */
static inline long a64_once(const struct a64_window *w, size_t lo, size_t hi)
{
	for (size_t i = 0; i < w->len; i++)
		if (w->count[i] != (i >= lo && i < hi))
			return (long)i;
	return -1;
}

#endif /* __aarch64__ */
#endif /* MR_A64_ACCESS_H */
