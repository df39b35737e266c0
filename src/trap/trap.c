// SPDX-License-Identifier: MIT
/*
 * libmemremap-trap.so.0: decoding with Capstone (CS_OPT_DETAIL gives the
 * operands, their sizes and registers), a cache of decoded instructions,
 * and the two entry points libmemremap looks up (trap_abi.h).
 *
 * The decoders are opened once in mr_trap_init(), outside any signal
 * handler, and each is used by one thread at a time. Capstone also
 * allocates while it decodes: on x86-64 a table of the handle's, the first
 * time (so each decoder decodes one instruction when it opens), on arm64 a
 * copy of an alias's mnemonic each time. In a signal handler that must not
 * be malloc(), so Capstone's allocator (CS_OPT_MEM) is ours: libc's except
 * while a thread decodes, then a bump arena of the decoder it holds, taken
 * back at the end of the decode. CS_OPT_MEM is Capstone's, not a handle's:
 * a program that sets its own after the first trapped range replaces it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trap.h"

#define MR_DECODERS 4
#define MR_CACHE    128
#define MR_MAX_INSN 15

static struct mr_decoder mr_decoders[MR_DECODERS];
static int mr_ndecoders;

/*
 * Decoded instructions by PC: a seqlock per entry (odd while written), so
 * threads read it without locks and a torn entry is never used.
 */
struct mr_cached {
	_Atomic unsigned int seq;
	uintptr_t pc;
	uint8_t bytes[MR_MAX_INSN];
	struct mr_op op;
};

static struct mr_cached mr_cache[MR_CACHE];

void mr_why(char *why, size_t len, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a, b, c};
	size_t n = 0;

	if (!len)
		return;
	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i]; p && *p && n + 1 < len; p++)
			why[n++] = *p;
	why[n] = '\0';
}

/* ------------------------------------------------- Capstone's memory */

/*
 * The decoder this thread decodes with, whose arena takes Capstone's
 * allocations. Initial-exec: a dlopen()ed library's TLS is otherwise
 * allocated by the loader (malloc) at a thread's first use, in the handler.
 */
static _Thread_local struct mr_decoder *mr_decoding __attribute__((tls_model("initial-exec")));

struct mr_block {
	size_t size;
	size_t pad; /* 16-byte alignment for what follows */
};

static struct mr_decoder *mr_arena_of(const void *p)
{
	for (int i = 0; i < MR_DECODERS; i++) {
		const unsigned char *a = mr_decoders[i].arena;

		if (p && (const unsigned char *)p >= a && (const unsigned char *)p < a + MR_ARENA)
			return &mr_decoders[i];
	}
	return NULL;
}

static void *mr_cs_malloc(size_t n)
{
	struct mr_decoder *d = mr_decoding;
	struct mr_block *b;
	size_t need;

	if (!d)
		return malloc(n);
	if (n > MR_ARENA)
		return NULL;
	need = sizeof(*b) + ((n + 15) & ~(size_t)15);
	if (need > MR_ARENA - d->used)
		return NULL;
	b = (struct mr_block *)(void *)(d->arena + d->used);
	b->size = n;
	d->used += need;
	d->live++;
	return b + 1;
}

static void *mr_cs_calloc(size_t n, size_t size)
{
	void *p;

	if (!mr_decoding)
		return calloc(n, size);
	if (size && n > SIZE_MAX / size)
		return NULL;
	p = mr_cs_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

static void mr_cs_free(void *p)
{
	struct mr_decoder *d = mr_arena_of(p);

	if (d)
		d->live--;
	else
		free(p);
}

static void *mr_cs_realloc(void *p, size_t n)
{
	struct mr_decoder *d = mr_arena_of(p);
	size_t old;
	void *q;

	if (!d)
		return p || !mr_decoding ? realloc(p, n) : mr_cs_malloc(n);
	old = ((struct mr_block *)p - 1)->size;
	q = mr_decoding ? mr_cs_malloc(n) : malloc(n);
	if (q) {
		memcpy(q, p, old < n ? old : n);
		mr_cs_free(p);
	}
	return q;
}

/* Decode with @d: its arena takes what Capstone allocates meanwhile. */
static struct mr_decoder *mr_arena_begin(struct mr_decoder *d, size_t *live)
{
	struct mr_decoder *prev = mr_decoding;

	*live = d->live;
	mr_decoding = d;
	return prev;
}

/* All given back: the arena starts again; a block Capstone kept stays. */
static void mr_arena_end(struct mr_decoder *d, struct mr_decoder *prev, size_t live)
{
	if (d->live <= live)
		d->used = d->floor;
	else
		d->floor = d->used;
	mr_decoding = prev;
}

static int mr_cs_memory(void)
{
	cs_opt_mem mem = {
		.malloc = mr_cs_malloc,
		.calloc = mr_cs_calloc,
		.realloc = mr_cs_realloc,
		.free = mr_cs_free,
		.vsnprintf = vsnprintf,
	};

	return cs_option(0, CS_OPT_MEM, (size_t)&mem) == CS_ERR_OK ? 0 : -1;
}

/* Decode the arch's sample once, outside any handler: what Capstone keeps is libc's. */
static bool mr_warm(struct mr_decoder *d)
{
	size_t n;
	const uint8_t *code = mr_arch_sample(&n);
	uint64_t addr = 0;

	return cs_disasm_iter(d->cs, &code, &n, &addr, d->insn);
}

/* ---------------------------------------------------------- entry points */

MR_TRAP_EXPORT int mr_trap_init(unsigned int abi, char *why, size_t why_len);
MR_TRAP_EXPORT int mr_trap_emulate(void *uc, uintptr_t fault_addr, const struct mr__trap_io *io,
				   char *why, size_t why_len);

int mr_trap_init(unsigned int abi, char *why, size_t why_len)
{
	if (abi != MR__TRAP_ABI) {
		mr_why(why, why_len, "built for another libmemremap (trap ABI mismatch)", "", "");
		return -ENOSYS;
	}
	if (mr_ndecoders)
		return 0;
	if (mr_cs_memory()) {
		mr_why(why, why_len, "Capstone refuses another allocator (CS_OPT_MEM)", "", "");
		return -ENOSYS;
	}
	for (int i = 0; i < MR_DECODERS; i++) {
		struct mr_decoder *d = &mr_decoders[i];

		if (mr_arch_open(&d->cs)) {
			mr_why(why, why_len, "Capstone cannot decode this architecture", "", "");
			return -ENOSYS;
		}
		cs_option(d->cs, CS_OPT_DETAIL, CS_OPT_ON);
		d->insn = cs_malloc(d->cs);
		if (!d->insn || !mr_warm(d)) {
			if (d->insn)
				cs_free(d->insn, 1);
			cs_close(&d->cs);
			mr_why(why, why_len,
			       d->insn ? "Capstone cannot decode its sample" : "out of memory", "",
			       "");
			return d->insn ? -ENOSYS : -ENOMEM;
		}
		atomic_flag_clear(&d->busy);
		mr_ndecoders = i + 1;
	}
	return 0;
}

static bool mr_cache_get(uintptr_t pc, const uint8_t *code, size_t n, struct mr_op *op)
{
	struct mr_cached *c = &mr_cache[(pc >> 1) % MR_CACHE];
	unsigned int seq = atomic_load_explicit(&c->seq, memory_order_acquire);
	bool hit;

	if (seq & 1)
		return false;
	hit = c->pc == pc && c->op.len && c->op.len <= n && !memcmp(c->bytes, code, c->op.len);
	if (hit)
		*op = c->op;
	atomic_thread_fence(memory_order_acquire);
	return hit && atomic_load_explicit(&c->seq, memory_order_relaxed) == seq;
}

static void mr_cache_put(uintptr_t pc, const uint8_t *code, const struct mr_op *op)
{
	struct mr_cached *c = &mr_cache[(pc >> 1) % MR_CACHE];
	unsigned int seq = atomic_load_explicit(&c->seq, memory_order_relaxed);

	/* Another thread writing it: leave it to that one. */
	if ((seq & 1) || !atomic_compare_exchange_strong(&c->seq, &seq, seq + 1))
		return;
	c->pc = pc;
	memcpy(c->bytes, code, op->len);
	c->op = *op;
	atomic_store_explicit(&c->seq, seq + 2, memory_order_release);
}

/*
 * Decode the instruction at @pc. Its bytes are readable (it is executing),
 * but the 15 bytes after @pc may run into an unmapped page: try what is
 * left of this page first, then the whole 15 when it ran over.
 */
static int mr_decode(uintptr_t pc, struct mr_op *op, char *why, size_t why_len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t room = page - (pc & (page - 1));
	struct mr_decoder *d = NULL, *prev;
	const uint8_t *code;
	uint64_t addr;
	size_t n, live;
	int ret;

	while (!d) {
		for (int i = 0; i < mr_ndecoders && !d; i++)
			if (!atomic_flag_test_and_set_explicit(&mr_decoders[i].busy,
							       memory_order_acquire))
				d = &mr_decoders[i];
	}
	prev = mr_arena_begin(d, &live);
	for (int pass = 0; pass < 2; pass++) {
		code = (const uint8_t *)pc;
		n = pass ? MR_MAX_INSN : (room < MR_MAX_INSN ? room : MR_MAX_INSN);
		addr = pc;
		if (cs_disasm_iter(d->cs, &code, &n, &addr, d->insn))
			break;
		if (pass || room >= MR_MAX_INSN) {
			mr_why(why, why_len, "Capstone cannot decode the instruction", "", "");
			mr_arena_end(d, prev, live);
			atomic_flag_clear_explicit(&d->busy, memory_order_release);
			return -ENOTSUP;
		}
	}
	memset(op, 0, sizeof(*op));
	ret = mr_arch_describe(d->insn, op, why, why_len);
	op->len = (uint8_t)d->insn->size;
	mr_arena_end(d, prev, live);
	atomic_flag_clear_explicit(&d->busy, memory_order_release);
	return ret;
}

int mr_trap_emulate(void *uc, uintptr_t fault_addr, const struct mr__trap_io *io, char *why,
		    size_t why_len)
{
	uintptr_t pc = mr_arch_pc(uc);
	struct mr_op op;
	int ret;

	if (!mr_ndecoders) {
		mr_why(why, why_len, "mr_trap_init() was not called", "", "");
		return -ENOSYS;
	}
	if (!mr_cache_get(pc, (const uint8_t *)pc, MR_MAX_INSN, &op)) {
		ret = mr_decode(pc, &op, why, why_len);
		if (ret)
			return ret;
		mr_cache_put(pc, (const uint8_t *)pc, &op);
	}
	return mr_arch_run(&op, uc, fault_addr, io, why, why_len);
}
