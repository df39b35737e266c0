/* SPDX-License-Identifier: MIT */
/*
 * The accessors of <memremap/io.h>.
 *
 * Instruction check: each accessor is compiled into a probe function of
 * this program; objdump disassembles the probe and every access it makes
 * to memory that is not its own stack frame is counted. An accessor must
 * be exactly one plain load or store of its width (no string or locked
 * instruction, no call), and two accessors in a row must stay two: not
 * merged into one wider access, not elided.
 *
 * Behaviour check (x86-64): the page under test is made inaccessible; each
 * instruction that touches it faults, is counted, and is single-stepped
 * with the page open. Two writel() to one address must fault twice.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cmocka.h>

#include <memremap/io.h>

/* ------------------------------------------------------------- probes */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Sanitizers would add their own loads and calls around the one we count. */
#define PROBE                                                                               \
	__attribute__((noinline, noclone, used, no_sanitize_address, no_sanitize_undefined, \
		       no_sanitize_thread))

#define PROBE_READ(fn, type)                          \
	type probe_##fn(const volatile void *p);      \
	PROBE type probe_##fn(const volatile void *p) \
	{                                             \
		return fn(p);                         \
	}
#define PROBE_WRITE(fn, type)                           \
	void probe_##fn(volatile void *p, type v);      \
	PROBE void probe_##fn(volatile void *p, type v) \
	{                                               \
		fn(v, p);                               \
	}
#define PROBE_FENCE(fn)             \
	void probe_##fn(void);      \
	PROBE void probe_##fn(void) \
	{                           \
		fn();               \
	}

PROBE_READ(readb, uint8_t)
PROBE_READ(readw, uint16_t)
PROBE_READ(readl, uint32_t)
PROBE_READ(readq, uint64_t)
PROBE_READ(readb_relaxed, uint8_t)
PROBE_READ(readw_relaxed, uint16_t)
PROBE_READ(readl_relaxed, uint32_t)
PROBE_READ(readq_relaxed, uint64_t)
PROBE_READ(ioread8, uint8_t)
PROBE_READ(ioread16, uint16_t)
PROBE_READ(ioread32, uint32_t)
PROBE_READ(ioread64, uint64_t)
PROBE_READ(ioread16be, uint16_t)
PROBE_READ(ioread32be, uint32_t)
PROBE_READ(ioread64be, uint64_t)
PROBE_WRITE(writeb, uint8_t)
PROBE_WRITE(writew, uint16_t)
PROBE_WRITE(writel, uint32_t)
PROBE_WRITE(writeq, uint64_t)
PROBE_WRITE(writeb_relaxed, uint8_t)
PROBE_WRITE(writew_relaxed, uint16_t)
PROBE_WRITE(writel_relaxed, uint32_t)
PROBE_WRITE(writeq_relaxed, uint64_t)
PROBE_WRITE(iowrite8, uint8_t)
PROBE_WRITE(iowrite16, uint16_t)
PROBE_WRITE(iowrite32, uint32_t)
PROBE_WRITE(iowrite64, uint64_t)
PROBE_WRITE(iowrite16be, uint16_t)
PROBE_WRITE(iowrite32be, uint32_t)
PROBE_WRITE(iowrite64be, uint64_t)
PROBE_FENCE(mb)
PROBE_FENCE(rmb)
PROBE_FENCE(wmb)
PROBE_FENCE(dma_rmb)
PROBE_FENCE(dma_wmb)
PROBE_FENCE(mr_wc_flush)

/* Pairs a compiler would love to merge or drop. */
void probe_writel_twice(volatile void *p);
PROBE void probe_writel_twice(volatile void *p)
{
	writel(1, p);
	writel(2, p);
}

void probe_writel_relaxed_twice(volatile void *p);
PROBE void probe_writel_relaxed_twice(volatile void *p)
{
	writel_relaxed(1, p);
	writel_relaxed(2, p);
}

void probe_readl_twice(const volatile void *p);
PROBE void probe_readl_twice(const volatile void *p)
{
	(void)readl(p);
	(void)readl(p);
}

void probe_readq_relaxed_unused(const volatile void *p);
PROBE void probe_readq_relaxed_unused(const volatile void *p)
{
	(void)readq_relaxed(p);
}

void probe_writel_adjacent(volatile void *p);
PROBE void probe_writel_adjacent(volatile void *p)
{
	writel_relaxed(0x11111111, p);
	writel_relaxed(0x22222222, (volatile void *)((uintptr_t)p + 4));
}

void probe_writeb_adjacent(volatile void *p);
PROBE void probe_writeb_adjacent(volatile void *p)
{
	writeb_relaxed(1, p);
	writeb_relaxed(2, (volatile void *)((uintptr_t)p + 1));
	writeb_relaxed(3, (volatile void *)((uintptr_t)p + 2));
	writeb_relaxed(4, (volatile void *)((uintptr_t)p + 3));
}

uint16_t probe_readw_adjacent(const volatile void *p);
PROBE uint16_t probe_readw_adjacent(const volatile void *p)
{
	uint16_t a = readw_relaxed(p);
	uint16_t b = readw_relaxed((const volatile void *)((uintptr_t)p + 2));

	return a ^ b;
}

/* ------------------------------------------------------ disassembling */

struct seen {
	int loads, stores;
	int widths[8]; /* of each access, in order */
	int n;
	char fences[256]; /* the fence mnemonics met, space separated */
	char bad[256];	  /* the first instruction no accessor should contain */
	int insns;
	unsigned int globals; /* arm64: x registers that hold a global's address */
};

static char self[4096];

static void note_bad(struct seen *s, const char *mn, const char *ops)
{
	if (!s->bad[0])
		snprintf(s->bad, sizeof(s->bad), "%s %s", mn, ops);
}

static void note_access(struct seen *s, bool store, int bits)
{
	if (store)
		s->stores++;
	else
		s->loads++;
	if (s->n < 8)
		s->widths[s->n++] = bits;
}

#if defined(__x86_64__)
/* The width in bits of an x86 register operand such as "%eax", or 0. */
static int x86_reg_bits(const char *r)
{
	static const char *const r64[] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"};
	static const char *const r16[] = {"ax", "bx", "cx", "dx", "si", "di", "bp", "sp"};
	static const char *const r8[] = {"al", "bl", "cl",  "dl",  "ah",  "bh",
					 "ch", "dh", "sil", "dil", "bpl", "spl"};
	size_t len = strcspn(r, ",) \n");

	if (*r++ != '%')
		return 0;
	len--;
	if (!strncmp(r, "xmm", 3))
		return 128;
	if (!strncmp(r, "ymm", 3))
		return 256;
	if (!strncmp(r, "zmm", 3))
		return 512;
	if (r[0] == 'r' && r[1] >= '0' && r[1] <= '9') {
		char last = r[len - 1];
		return last == 'd' ? 32 : last == 'w' ? 16 : last == 'b' ? 8 : 64;
	}
	for (size_t i = 0; i < 8; i++) {
		if (strlen(r64[i]) == len && !strncmp(r, r64[i], len))
			return 64;
		if (len == 3 && r[0] == 'e' && !strncmp(r + 1, r16[i], 2))
			return 32;
		if (strlen(r16[i]) == len && !strncmp(r, r16[i], len))
			return 16;
	}
	for (size_t i = 0; i < ARRAY_LEN(r8); i++)
		if (strlen(r8[i]) == len && !strncmp(r, r8[i], len))
			return 8;
	return 0;
}

/* x86 in AT&T syntax: the destination comes last. */
static void x86_insn(struct seen *s, const char *mn, const char *ops)
{
	const char *mem = strchr(ops, '(');

	if (!strcmp(mn, "mfence") || !strcmp(mn, "lfence") || !strcmp(mn, "sfence")) {
		strcat(s->fences, mn);
		strcat(s->fences, " ");
	}
	/* What GCC may emit for a C11 seq_cst fence instead of MFENCE. */
	if (!strcmp(mn, "lock") && !strncmp(ops, "or", 2) && strstr(ops, "(%rsp)")) {
		strcat(s->fences, "mfence ");
		return;
	}
	/* String instructions show their segments: "movsl %ds:(%rsi),%es:(%rdi)". */
	if (!strncmp(mn, "rep", 3) || !strncmp(mn, "lock", 4) || strstr(ops, "%es:") ||
	    strstr(ops, "%ds:") || !strncmp(mn, "call", 4) || !strncmp(mn, "xchg", 4) ||
	    !strncmp(mn, "cmpxchg", 7))
		note_bad(s, mn, ops);
	if (!mem || !strncmp(mn, "lea", 3) || !strncmp(mn, "nop", 3))
		return;
	/* The frame, the red zone and globals are the probe's own. */
	if (strstr(ops, "(%rsp") || strstr(ops, "(%rbp") || strstr(ops, "(%rip"))
		return;
	if (strncmp(mn, "mov", 3)) {
		note_bad(s, mn, ops);
		return;
	}
	const char *comma = strchr(ops, ',');
	bool store = comma && mem > comma;
	const char *reg = store ? ops : comma ? comma + 1 : "";
	int bits = x86_reg_bits(reg);
	if (!strncmp(mn, "movzb", 5) || !strncmp(mn, "movsb", 5))
		bits = 8;
	else if (!strncmp(mn, "movzw", 5) || !strncmp(mn, "movsw", 5))
		bits = 16;
	else if (!bits && mn[3])
		bits = mn[3] == 'b' ? 8 : mn[3] == 'w' ? 16 : mn[3] == 'l' ? 32 : 64;
	note_access(s, store, bits);
}

#elif defined(__aarch64__)
/* The number of register "xN"/"wN" at @p, or -1. */
static int a64_reg(const char *p)
{
	return (p[0] == 'x' || p[0] == 'w') && p[1] >= '0' && p[1] <= '9' ? atoi(p + 1) : -1;
}

/*
 * The accessors test the global mr_trace_on first: adrp, maybe a load of
 * its address from the GOT, then a load of the flag, all through registers
 * an adrp filled. Those loads are the flag's, not the device's. Returns
 * true for an instruction that is such a load (or the adrp).
 */
static bool a64_global(struct seen *s, const char *mn, const char *ops)
{
	int dst = a64_reg(ops), base = -1;
	const char *br = strchr(ops, '[');
	bool via_global;

	if (br)
		base = a64_reg(br + 1);
	via_global = base >= 0 && base < 31 && (s->globals & (1u << base));
	if (!strcmp(mn, "adrp") || (via_global && !strncmp(mn, "ldr", 3) && ops[0] == 'x')) {
		if (dst >= 0 && dst < 31)
			s->globals |= 1u << dst;
		return true;
	}
	if (dst >= 0 && dst < 31 && mn[0] != 's' && strncmp(mn, "cb", 2) && strncmp(mn, "tb", 2))
		s->globals &= ~(1u << dst);
	return via_global && !strncmp(mn, "ldr", 3);
}

/* arm64: ldr/str and their b/h forms; the register names the width. */
static void a64_insn(struct seen *s, const char *mn, const char *ops)
{
	if (a64_global(s, mn, ops))
		return;
	if (!strncmp(mn, "dmb", 3) || !strncmp(mn, "dsb", 3)) {
		strcat(s->fences, mn);
		strcat(s->fences, " ");
	}
	if (!strncmp(mn, "bl", 2) || !strncmp(mn, "ldx", 3) || !strncmp(mn, "stx", 3) ||
	    !strncmp(mn, "cas", 3) || !strncmp(mn, "swp", 3))
		note_bad(s, mn, ops);
	if (!strchr(ops, '['))
		return;
	if (strstr(ops, "[sp") || strstr(ops, "[x29"))
		return;
	bool store = mn[0] == 's';
	if (strncmp(mn, "ldr", 3) && strncmp(mn, "str", 3) && strncmp(mn, "ldar", 4) &&
	    strncmp(mn, "stlr", 4)) {
		note_bad(s, mn, ops); /* ldp/stp would be two accesses in one */
		return;
	}
	char last = mn[strlen(mn) - 1];
	int bits = last == 'b' ? 8 : last == 'h' ? 16 : ops[0] == 'w' ? 32 : 64;
	note_access(s, store, bits);
}

#endif

/* Disassemble @sym of this program. */
static void disassemble(const char *sym, struct seen *s)
{
	const char *objdump = getenv("OBJDUMP") ? getenv("OBJDUMP") : "objdump";
	char cmd[8192], line[512];
	FILE *f;

	memset(s, 0, sizeof(*s));
	snprintf(cmd, sizeof(cmd), "%s -d --no-show-raw-insn --disassemble=%s '%s' 2>&1", objdump,
		 sym, self);
	f = popen(cmd, "r");
	if (!f)
		fail_msg("cannot run %s", cmd);
	while (fgets(line, sizeof(line), f)) {
		char mn[64] = "", ops[256] = "";
		char *tab = strchr(line, '\t');

		/* "  401136:\tmov    (%rdi),%eax" */
		if (!tab || !strchr(line, ':') || strchr(line, ':') > tab)
			continue;
		if (sscanf(tab + 1, "%63s %255[^\n#<]", mn, ops) < 1)
			continue;
		s->insns++;
		/*
		 * The traced forms, taken while a trace is recorded: optimized,
		 * GCC moves their call to the accessor's .cold part; at -O0 (the
		 * sanitizer builds) it stays in the body, beside the one access.
		 */
		if ((!strncmp(mn, "call", 4) || !strcmp(mn, "bl")) &&
		    (strstr(tab, "<mr_trace_read") || strstr(tab, "<mr_trace_write")))
			continue;
#if defined(__x86_64__)
		x86_insn(s, mn, ops);
#elif defined(__aarch64__)
		a64_insn(s, mn, ops);
#endif
	}
	if (pclose(f) != 0 || s->insns == 0)
		fail_msg("%s found no instructions of %s in %s: is binutils installed?", objdump,
			 sym, self);
}

static int group_setup(void **state)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	(void)state;
	if (n <= 0)
		return -1;
	self[n] = 0;
	return 0;
}

/* ------------------------------------------------ instruction checks */

struct expect {
	const char *sym;
	int loads, stores, bits;
	bool ordered; /* arm64: a dmb next to the access */
};

static const struct expect accessors[] = {
	{"probe_readb", 1, 0, 8, true},
	{"probe_readw", 1, 0, 16, true},
	{"probe_readl", 1, 0, 32, true},
	{"probe_readq", 1, 0, 64, true},
	{"probe_readb_relaxed", 1, 0, 8, false},
	{"probe_readw_relaxed", 1, 0, 16, false},
	{"probe_readl_relaxed", 1, 0, 32, false},
	{"probe_readq_relaxed", 1, 0, 64, false},
	{"probe_ioread8", 1, 0, 8, true},
	{"probe_ioread16", 1, 0, 16, true},
	{"probe_ioread32", 1, 0, 32, true},
	{"probe_ioread64", 1, 0, 64, true},
	{"probe_ioread16be", 1, 0, 16, true},
	{"probe_ioread32be", 1, 0, 32, true},
	{"probe_ioread64be", 1, 0, 64, true},
	{"probe_writeb", 0, 1, 8, true},
	{"probe_writew", 0, 1, 16, true},
	{"probe_writel", 0, 1, 32, true},
	{"probe_writeq", 0, 1, 64, true},
	{"probe_writeb_relaxed", 0, 1, 8, false},
	{"probe_writew_relaxed", 0, 1, 16, false},
	{"probe_writel_relaxed", 0, 1, 32, false},
	{"probe_writeq_relaxed", 0, 1, 64, false},
	{"probe_iowrite8", 0, 1, 8, true},
	{"probe_iowrite16", 0, 1, 16, true},
	{"probe_iowrite32", 0, 1, 32, true},
	{"probe_iowrite64", 0, 1, 64, true},
	{"probe_iowrite16be", 0, 1, 16, true},
	{"probe_iowrite32be", 0, 1, 32, true},
	{"probe_iowrite64be", 0, 1, 64, true},
	{"probe_writel_twice", 0, 2, 32, true},
	{"probe_writel_relaxed_twice", 0, 2, 32, false},
	{"probe_readl_twice", 2, 0, 32, true},
	{"probe_readq_relaxed_unused", 1, 0, 64, false},
	{"probe_writel_adjacent", 0, 2, 32, false},
	{"probe_writeb_adjacent", 0, 4, 8, false},
	{"probe_readw_adjacent", 2, 0, 16, false},
};

static void check_accessor(const struct expect *e)
{
	struct seen s;
	int want = e->loads + e->stores;

	disassemble(e->sym, &s);
	if (s.bad[0])
		fail_msg("%s: an accessor must not use \"%s\"", e->sym, s.bad);
	if (s.loads != e->loads || s.stores != e->stores)
		fail_msg("%s: %d loads and %d stores to the device address, want %d and %d", e->sym,
			 s.loads, s.stores, e->loads, e->stores);
	for (int i = 0; i < s.n && i < want; i++) {
		if (s.widths[i] != e->bits)
			fail_msg("%s: access %d is %d bits wide, want %d", e->sym, i + 1,
				 s.widths[i], e->bits);
	}
#if defined(__x86_64__)
	/* x86 orders uncached accesses itself: a fence here would only cost. */
	if (s.fences[0])
		fail_msg("%s: unexpected fence %s", e->sym, s.fences);
#elif defined(__aarch64__)
	if (e->ordered != (strstr(s.fences, "dmb") != NULL))
		fail_msg("%s: %s, want %s", e->sym, s.fences[0] ? s.fences : "no barrier",
			 e->ordered ? "a dmb" : "none");
#endif
}

/*
 * Not under ASan with the portable accessors: ASan instruments the atomics
 * where they are written and adds loads of its own; the release build runs it.
 */
#if !(defined(MR_IO_PORTABLE) && defined(__SANITIZE_ADDRESS__))
#define MR_TEST_ONE_ACCESS 1
#endif

static void test_one_access_each(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(accessors); i++)
		check_accessor(&accessors[i]);
	print_message("%zu probes: each accessor is one access of its width\n",
		      ARRAY_LEN(accessors));
}

static void test_barriers(void **state)
{
#if (defined(__x86_64__) || defined(__i386__)) && !defined(MR_IO_PORTABLE)
	static const char *const want[][2] = {
		{"probe_mb", "mfence "},  {"probe_rmb", "lfence "},
		{"probe_wmb", "sfence "}, {"probe_mr_wc_flush", "sfence "},
		{"probe_dma_rmb", ""},	  {"probe_dma_wmb", ""},
	};
#elif defined(__aarch64__) && !defined(MR_IO_PORTABLE)
	static const char *const want[][2] = {
		{"probe_mb", "dsb "},	       {"probe_rmb", "dsb "},	  {"probe_wmb", "dsb "},
		{"probe_mr_wc_flush", "dsb "}, {"probe_dma_rmb", "dmb "}, {"probe_dma_wmb", "dmb "},
	};
#elif defined(__x86_64__) /* the portable forms: C11 fences */
	static const char *const want[][2] = {
		{"probe_mb", "mfence "},  {"probe_rmb", "mfence "},
		{"probe_wmb", "mfence "}, {"probe_mr_wc_flush", "mfence "},
		{"probe_dma_rmb", ""},	  {"probe_dma_wmb", ""},
	};
#elif defined(__aarch64__)
	static const char *const want[][2] = {
		{"probe_mb", "dmb "},	       {"probe_rmb", "dmb "},	  {"probe_wmb", "dmb "},
		{"probe_mr_wc_flush", "dmb "}, {"probe_dma_rmb", "dmb "}, {"probe_dma_wmb", "dmb "},
	};
#else
	static const char *const want[][2] = {{"probe_mb", NULL}};
#endif
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		if (!want[i][1]) {
			print_message("SKIPPED: no fence table for this architecture\n");
			skip();
		}
		disassemble(want[i][0], &s);
		if (strcmp(s.fences, want[i][1]))
			fail_msg("%s: fences \"%s\", want \"%s\"", want[i][0], s.fences,
				 want[i][1]);
	}
}

/* ------------------------------------------------------------- values */

static void test_values(void **state)
{
	_Alignas(8) uint8_t b[16] = {0};
	static const uint8_t le[8] = {0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
	static const uint8_t be[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

	(void)state;
	writeq(0x1122334455667788ULL, b);
	assert_memory_equal(b, le, 8);
	assert_int_equal(readq(b), 0x1122334455667788ULL);
	assert_int_equal(readl(b), 0x55667788);
	assert_int_equal(readw(b), 0x7788);
	assert_int_equal(readb(b), 0x88);
	assert_int_equal(ioread32be(b), 0x88776655);
	assert_int_equal(ioread16be(b), 0x8877);
	assert_int_equal(ioread64be(b), 0x8877665544332211ULL);
	iowrite64be(0x1122334455667788ULL, b + 8);
	assert_memory_equal(b + 8, be, 8);
	iowrite32be(0x11223344, b);
	assert_memory_equal(b, be, 4);
	iowrite16be(0x1122, b + 4);
	assert_memory_equal(b + 4, be, 2);
	iowrite8(0x5a, b + 6);
	assert_int_equal(ioread8(b + 6), 0x5a);
	writel_relaxed(0xdeadbeef, b);
	assert_int_equal(readl_relaxed(b), 0xdeadbeef);
	assert_int_equal(ioread32(b), 0xdeadbeef);
	iowrite16(0xbeef, b + 2);
	assert_int_equal(ioread16(b + 2), 0xbeef);
	iowrite64(7, b + 8);
	assert_int_equal(ioread64(b + 8), 7);
	writew_relaxed(0x1234, b);
	writeb_relaxed(0x99, b + 3);
	assert_int_equal(readw_relaxed(b), 0x1234);
	assert_int_equal(readb_relaxed(b + 3), 0x99);
	assert_int_equal(readq_relaxed(b + 8), 7);
}

/* ------------------------------------------------------ trapped page */

#if defined(__x86_64__)
#include "mr_watch.h"

static bool under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "vgpreload");
}

static void test_trapped_accesses(void **state)
{
	struct mr_watch w;
	volatile uint8_t *p;
	uint8_t before[32];

	(void)state;
	if (under_valgrind()) {
		print_message("SKIPPED: valgrind does not single-step on the trap flag\n");
		skip();
	}
	mr_watch_begin(&w);
	p = watched + 64;

	watch(true);
	writel(1, p);
	writel(2, p);
	watch(false);
	assert_int_equal(faults, 2);
	assert_int_equal(*(volatile uint32_t *)p, 2);

	watch(true);
	writel_relaxed(3, p);
	writel_relaxed(4, p);
	(void)readl(p);
	(void)readl_relaxed(p);
	watch(false);
	assert_int_equal(faults, 4);

	/* Each width writes exactly its bytes. */
	memset(watched, 0xee, page);
	memcpy(before, (const void *)(p - 8), sizeof(before));
	watch(true);
	writeb(0x11, p);
	writew(0x2222, p + 2);
	writel(0x33333333, p + 4);
	writeq(0x4444444444444444ULL, p + 8);
	watch(false);
	assert_int_equal(faults, 4);
	static const uint8_t want[16] = {0x11, 0xee, 0x22, 0x22, 0x33, 0x33, 0x33, 0x33,
					 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44};
	assert_memory_equal((const void *)p, want, 16);
	assert_memory_equal((const void *)(p - 8), before, 8);
	assert_memory_equal((const void *)(p + 16), before + 24, 8);
	mr_watch_end(&w);
}
#endif /* single-stepping a trapped page: x86-64 only; elsewhere no such test */

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef MR_TEST_ONE_ACCESS
		cmocka_unit_test(test_one_access_each),
#endif
		cmocka_unit_test(test_barriers),
		cmocka_unit_test(test_values),
#if defined(__x86_64__)
		cmocka_unit_test(test_trapped_accesses),
#endif
	};

#ifndef MR_TEST_ONE_ACCESS
	(void)test_one_access_each;
	print_message("test_one_access_each is not run under ASan with the portable accessors\n");
#endif

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
