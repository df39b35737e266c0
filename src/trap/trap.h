/* SPDX-License-Identifier: MIT */
/*
 * libmemremap-trap: the instruction emulator behind trapped ranges. Each
 * architecture's file turns a Capstone decoding into a small description
 * of its own (struct mr_op: what to access, which registers) and runs that
 * description against the ucontext; descriptions are cached by PC and the
 * instruction's bytes, so an access made again from the same place costs
 * no decoding.
 */
#ifndef MR_TRAP_H
#define MR_TRAP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <capstone/capstone.h>

#include "trap_abi.h"

#define MR_TRAP_EXPORT __attribute__((visibility("default")))

/* A register operand: where in the ucontext, and which bytes of it. */
struct mr_reg {
	int16_t idx;   /* the arch's register index; -1: none (zero register) */
	uint8_t size;  /* bytes written/read: 1, 2, 4, 8, 16 */
	uint8_t shift; /* 8 for ah, ch, dh, bh */
	uint8_t vec;   /* a vector register (xmm, v) */
};

struct mr_op {
	uint8_t kind;
	uint8_t width; /* of each memory access */
	uint8_t len;   /* instruction bytes */
	uint8_t sext;  /* loads: sign-extend to the register */
	uint8_t alu;   /* ALU operation */
	uint8_t rep;
	uint8_t mem_first; /* the memory operand is the destination (x86) */
	uint8_t nregs;
	struct mr_reg reg[2];
	int64_t imm;
	bool has_imm;
	/* the memory operand */
	struct mr_reg base, index;
	uint8_t scale, shift_amt;
	uint8_t seg; /* a segment override: use the fault's address */
	uint8_t rip_rel;
	uint8_t wb;   /* arm64: write the address back to base */
	uint8_t post; /* arm64: post-index (access at base, then add) */
	uint8_t ext;  /* arm64: extend the index (0 none, 1 uxtw, 2 sxtw) */
	uint8_t has_status;
	struct mr_reg status; /* arm64: the status register of a store-exclusive */
	int64_t disp;
};

#define MR_ARENA 8192

/*
 * One decoder and its instruction buffer, taken by one thread at a time,
 * and the memory Capstone gets while it decodes with it (trap.c).
 */
struct mr_decoder {
	csh cs;
	cs_insn *insn;
	atomic_flag busy;
	size_t used, floor, live;
	_Alignas(16) unsigned char arena[MR_ARENA];
};

/* The arch part: open Capstone for it, turn an instruction into an op, run an op. */
int mr_arch_open(csh *cs);
int mr_arch_describe(const cs_insn *insn, struct mr_op *op, char *why, size_t why_len);
int mr_arch_run(const struct mr_op *op, void *uc, uintptr_t fault_addr,
		const struct mr__trap_io *io, char *why, size_t why_len);
uintptr_t mr_arch_pc(const void *uc);
/* An instruction of the arch that a decoder decodes once when it opens. */
const uint8_t *mr_arch_sample(size_t *len);

/* Async-signal-safe snprintf for the messages: %s and nothing else. */
void mr_why(char *why, size_t len, const char *a, const char *b, const char *c);

#endif /* MR_TRAP_H */
