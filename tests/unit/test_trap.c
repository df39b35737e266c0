// SPDX-License-Identifier: MIT
/*
 * The trap's instruction emulator, form by form: each case runs the same
 * instruction on ordinary memory and on a trapped range (the scratch
 * model, whose bytes are ordinary memory too), and the two must agree in
 * every output register, the flags, and every byte of memory; the
 * trapped run must have been emulated (the count of emulated accesses
 * moves). Forms the emulator refuses must end the program with its
 * message, as an unhandled fault would.
 *
 * x86-64: mov of 1-8 bytes and immediates, movzx/movsx/movsxd, high-byte
 * registers, scaled index, read-modify-write ALU forms with their flags,
 * lock-prefixed and implicitly locked atomics, rep movs/stos, SSE moves.
 * arm64 (under qemu-aarch64 in scripts/cross-aarch64): ldr/str of every
 * width, sign-extending loads, ldp/stp, pre- and post-index, register
 * offsets, FP/SIMD registers, acquire/release forms; exclusives and
 * structure loads refused.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <memremap/io.h>
#include <memremap/sim.h>

#include "mr_arch.h"
#include "mr_test.h"

#define SCR  0xfe100000ULL
#define SIZE 8192

static struct mr_machine *machine;
static uint8_t *trapped, *plain;

struct out {
	uint64_t r[4];
	uint64_t flags;
	uint8_t v[32]; /* vector registers' bytes */
};

typedef void (*form_fn)(uint8_t *mem, struct out *o);

static int setup(void **state);
static int teardown(void **state);

static void fill(void)
{
	uint8_t pattern[SIZE];

	for (size_t i = 0; i < SIZE; i++)
		pattern[i] = (uint8_t)(i * 37 + 11);
	memcpy(plain, pattern, SIZE);
	memcpy_toio(trapped, pattern, SIZE);
}

/* Run @fn on both; they must agree. */
static void same(const char *what, form_fn fn)
{
	struct out a, b;
	uint8_t back[SIZE];
	unsigned long before;

	fill();
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	fn(plain, &a);
	before = mr__trap_emulated();
	fn(trapped, &b);
	if (mr__trap_emulated() == before)
		fail_msg("%s: no access was emulated", what);
	memcpy_fromio(back, trapped, SIZE);
	for (int i = 0; i < 4; i++)
		if (a.r[i] != b.r[i])
			fail_msg("%s: r%d is %#llx on memory, %#llx trapped", what, i,
				 (unsigned long long)a.r[i], (unsigned long long)b.r[i]);
	if (a.flags != b.flags)
		fail_msg("%s: flags %#llx on memory, %#llx trapped", what,
			 (unsigned long long)a.flags, (unsigned long long)b.flags);
	if (memcmp(a.v, b.v, sizeof(a.v)))
		fail_msg("%s: vector registers differ", what);
	for (size_t i = 0; i < SIZE; i++)
		if (back[i] != plain[i])
			fail_msg("%s: byte %zu is %#x on memory, %#x trapped", what, i, plain[i],
				 back[i]);
}

#define SAME(fn) same(#fn, fn)

/* The emulator refuses it: the program dies of the fault, saying why. */
static void refused(const char *what, form_fn fn, const char *expect)
{
	char path[] = "/tmp/mr-trap-refused-XXXXXX", msg[1024] = "";
	int fd = mkstemp(path), status;
	pid_t pid;
	ssize_t n;

	assert_true(fd >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct out o;

		/* Default action behind the dispatcher, not cmocka's handler. */
		memunmap(trapped);
		signal(SIGSEGV, SIG_DFL);
		trapped = memremap(SCR, SIZE, MEMREMAP_DEV);
		dup2(fd, 2);
		fn(trapped, &o);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	n = pread(fd, msg, sizeof(msg) - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
		fail_msg("%s: the child ended with %#x, not SIGSEGV", what, status);
	if (!strstr(msg, expect))
		fail_msg("%s: the message '%s' does not say '%s'", what, msg, expect);
}

#if defined(__x86_64__)

/* ----------------------------------------------------------- x86-64 */

#define FLAGS_OUT "pushfq\n\tpop %[f]\n\t"

static void f_loads(uint8_t *m, struct out *o)
{
	__asm__ volatile(
		"movb 1(%[m]), %b[a]\n\t"
		"movw 2(%[m]), %w[b]\n\t"
		"movl 4(%[m]), %k[c]\n\t"
		"movq 8(%[m]), %[d]"
		: [a] "=&q"(o->r[0]), [b] "=&r"(o->r[1]), [c] "=&r"(o->r[2]), [d] "=&r"(o->r[3])
		: [m] "r"(m), "0"(0x1111111111111111ULL), "1"(0x2222222222222222ULL)
		: "memory");
}

static void f_extends(uint8_t *m, struct out *o)
{
	__asm__ volatile(
		"movzbl 17(%[m]), %k[a]\n\t"
		"movswq 18(%[m]), %[b]\n\t"
		"movsbl 21(%[m]), %k[c]\n\t"
		"movslq 24(%[m]), %[d]"
		: [a] "=&r"(o->r[0]), [b] "=&r"(o->r[1]), [c] "=&r"(o->r[2]), [d] "=&r"(o->r[3])
		: [m] "r"(m), "0"(~0ULL)
		: "memory");
}

static void f_high_byte(uint8_t *m, struct out *o)
{
	uint64_t a = 0x1234567890abcdefULL;

	__asm__ volatile("movb 33(%[m]), %%ah\n\t"
			 "movb %%ah, 40(%[m])"
			 : "+a"(a)
			 : [m] "r"(m)
			 : "memory");
	o->r[0] = a;
}

static void f_stores(uint8_t *m, struct out *o)
{
	uint64_t v = 0x8877665544332211ULL;

	(void)o;
	__asm__ volatile("movb %b[v], 101(%[m])\n\t"
			 "movw %w[v], 102(%[m])\n\t"
			 "movl %k[v], 104(%[m])\n\t"
			 "movq %[v], 112(%[m])\n\t"
			 "movb $0x7f, 120(%[m])\n\t"
			 "movw $0x1234, 122(%[m])\n\t"
			 "movl $0x89abcdef, 124(%[m])\n\t"
			 "movq $-5, 128(%[m])\n\t"
			 "movnti %[v], 136(%[m])"
			 :
			 : [m] "r"(m), [v] "q"(v)
			 : "memory");
}

static void f_index(uint8_t *m, struct out *o)
{
	uint64_t i = 5;

	__asm__ volatile("movl 16(%[m],%[i],4), %k[a]\n\t"
			 "movq %[a], 200(%[m],%[i],8)"
			 : [a] "=&r"(o->r[0])
			 : [m] "r"(m), [i] "r"(i)
			 : "memory");
}

static void f_alu(uint8_t *m, struct out *o)
{
	uint64_t v = 0x80000001;

	__asm__ volatile("addl %k[v], 300(%[m])\n\t" FLAGS_OUT "orb $0x80, 305(%[m])\n\t"
			 "andw $0x0ff0, 306(%[m])\n\t"
			 "subq %[v], 312(%[m])\n\t"
			 "xorl $0x55, 320(%[m])\n\t"
			 "incl 324(%[m])\n\t"
			 "decq 328(%[m])\n\t"
			 "negl 336(%[m])\n\t"
			 "notw 340(%[m])\n\t"
			 "addl 344(%[m]), %k[v]\n\t"
			 "pushfq\n\tpop %[g]"
			 : [f] "=&r"(o->r[1]), [g] "=&r"(o->flags), [v] "+r"(v)
			 : [m] "r"(m)
			 : "memory", "cc");
	o->r[0] = v;
	o->r[1] &= 0x8d5;
	o->flags &= 0x8d5;
}

static void f_cmp_test(uint8_t *m, struct out *o)
{
	__asm__ volatile("cmpl $0x10000, 400(%[m])\n\t" FLAGS_OUT "testb $0x3, 404(%[m])\n\t"
			 "pushfq\n\tpop %[g]\n\t"
			 "cmpq %[g], 408(%[m])\n\t"
			 "pushfq\n\tpop %[h]"
			 : [f] "=&r"(o->r[0]), [g] "=&r"(o->r[1]), [h] "=&r"(o->r[2])
			 : [m] "r"(m)
			 : "memory", "cc");
	o->r[0] &= 0x8d5;
	o->r[1] &= 0x8d5;
	o->r[2] &= 0x8d5;
}

static void f_carry(uint8_t *m, struct out *o)
{
	__asm__ volatile("stc\n\t"
			 "adcl $1, 500(%[m])\n\t"
			 "stc\n\t"
			 "sbbq $7, 504(%[m])\n\t" FLAGS_OUT
			 : [f] "=&r"(o->flags)
			 : [m] "r"(m)
			 : "memory", "cc");
	o->flags &= 0x8d5;
}

static void f_atomics(uint8_t *m, struct out *o)
{
	uint64_t x = 3, y = 0x55, a;

	__asm__ volatile("lock addl $2, 600(%[m])\n\t"
			 "lock xaddl %k[x], 604(%[m])\n\t"
			 "xchgq %[y], 608(%[m])\n\t"
			 "lock orq $0x100, 616(%[m])"
			 : [x] "+r"(x), [y] "+r"(y)
			 : [m] "r"(m)
			 : "memory", "cc");
	o->r[0] = x;
	o->r[1] = y;
	/* cmpxchg that fails (rax gets the memory), then one that succeeds */
	a = 1;
	__asm__ volatile("lock cmpxchgl %k[n], 620(%[m])\n\t" FLAGS_OUT
			 : "+a"(a), [f] "=&r"(o->r[2])
			 : [m] "r"(m), [n] "r"(0x77ULL)
			 : "memory", "cc");
	__asm__ volatile("lock cmpxchgl %k[n], 620(%[m])\n\t" FLAGS_OUT
			 : "+a"(a), [f] "=&r"(o->flags)
			 : [m] "r"(m), [n] "r"(0x99ULL)
			 : "memory", "cc");
	o->r[3] = a;
	o->r[2] &= 0x8d5;
	o->flags &= 0x8d5;
}

static uint8_t string_buf[4096];

static void f_strings(uint8_t *m, struct out *o)
{
	void *d = m + 1001, *s = string_buf + 7;
	size_t n = 333;

	for (size_t i = 0; i < sizeof(string_buf); i++)
		string_buf[i] = (uint8_t)(i ^ 0x5a);
	/* memory -> device, device -> memory, a fill, one element */
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	o->r[0] = (uint64_t)((uint8_t *)d - m);
	d = string_buf + 100;
	s = m + 2000;
	n = 20;
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	o->r[1] = (uint64_t)((uint8_t *)s - m);
	d = m + 3000;
	n = 9;
	__asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(0xcafef00dU) : "memory");
	d = m + 3100;
	s = m + 3200;
	__asm__ volatile("movsw" : "+D"(d), "+S"(s) : : "memory");
	o->r[2] = (uint64_t)((uint8_t *)d - m);
	memcpy(o->v, string_buf + 100, 32);
	o->r[3] = string_buf[100 + 159];
}

static void f_sse(uint8_t *m, struct out *o)
{
	__asm__ volatile("movdqu 1100(%[m]), %%xmm0\n\t"
			 "movdqu %%xmm0, 1200(%[m])\n\t"
			 "movaps 1216(%[m]), %%xmm1\n\t"
			 "movntdq %%xmm1, 1232(%[m])\n\t"
			 "movq 1300(%[m]), %%xmm2\n\t"
			 "movd 1310(%[m]), %%xmm3\n\t"
			 "movq %%xmm2, 1320(%[m])\n\t"
			 "movdqu %%xmm0, (%[v])\n\t"
			 "movdqu %%xmm3, 16(%[v])\n\t"
			 "sfence"
			 :
			 : [m] "r"(m), [v] "r"(o->v)
			 : "memory", "xmm0", "xmm1", "xmm2", "xmm3");
}

static void test_x86_forms(void **state)
{
	assert_int_equal(setup(state), 0);
	SAME(f_loads);
	SAME(f_extends);
	SAME(f_high_byte);
	SAME(f_stores);
	SAME(f_index);
	SAME(f_alu);
	SAME(f_cmp_test);
	SAME(f_carry);
	SAME(f_atomics);
	SAME(f_strings);
	SAME(f_sse);
	teardown(state);
}

__attribute__((target("avx"))) static void f_avx(uint8_t *m, struct out *o)
{
	__asm__ volatile("vmovdqu (%[m]), %%ymm0\n\t"
			 "vmovdqu %%ymm0, (%[v])"
			 :
			 : [m] "r"(m), [v] "r"(o->v)
			 : "memory", "xmm0");
}

static void f_unknown(uint8_t *m, struct out *o)
{
	(void)o;
	__asm__ volatile("btsl $3, (%[m])" : : [m] "r"(m) : "memory", "cc");
}

static void test_x86_refused(void **state)
{
	assert_int_equal(setup(state), 0);
	if (__builtin_cpu_supports("avx"))
		refused("vmovdqu ymm", f_avx, "AVX (VEX/EVEX) moves are not emulated");
	refused("bts", f_unknown, "bts");
	teardown(state);
}

#elif defined(__aarch64__)

/* ------------------------------------------------------------ arm64 */

static void f_loads(uint8_t *m, struct out *o)
{
	__asm__ volatile("ldrb %w0, [%4, #1]\n\t"
			 "ldrh %w1, [%4, #2]\n\t"
			 "ldr %w2, [%4, #4]\n\t"
			 "ldr %3, [%4, #8]"
			 : "=&r"(o->r[0]), "=&r"(o->r[1]), "=&r"(o->r[2]), "=&r"(o->r[3])
			 : "r"(m)
			 : "memory");
}

static void f_signed(uint8_t *m, struct out *o)
{
	__asm__ volatile("ldrsb %0, [%4, #17]\n\t"
			 "ldrsh %w1, [%4, #18]\n\t"
			 "ldrsw %2, [%4, #20]\n\t"
			 "ldur %3, [%4, #25]"
			 : "=&r"(o->r[0]), "=&r"(o->r[1]), "=&r"(o->r[2]), "=&r"(o->r[3])
			 : "r"(m)
			 : "memory");
}

static void f_stores(uint8_t *m, struct out *o)
{
	uint64_t v = 0x8877665544332211ULL;

	(void)o;
	__asm__ volatile("strb %w1, [%0, #101]\n\t"
			 "strh %w1, [%0, #102]\n\t"
			 "str %w1, [%0, #104]\n\t"
			 "str %1, [%0, #112]\n\t"
			 "str xzr, [%0, #120]\n\t"
			 "stur %w1, [%0, #129]"
			 :
			 : "r"(m), "r"(v)
			 : "memory");
}

static void f_pairs(uint8_t *m, struct out *o)
{
	__asm__ volatile("ldp %0, %1, [%4, #200]\n\t"
			 "stp %1, %0, [%4, #304]\n\t"
			 "ldp %w2, %w3, [%4, #240]\n\t"
			 "stp %w3, %w2, [%4, #248]\n\t"
			 "ldnp %2, %3, [%4, #416]"
			 : "=&r"(o->r[0]), "=&r"(o->r[1]), "=&r"(o->r[2]), "=&r"(o->r[3])
			 : "r"(m)
			 : "memory");
}

static void f_index(uint8_t *m, struct out *o)
{
	uint8_t *p = m + 500, *q = m + 600;
	uint64_t i = 3;

	__asm__ volatile("ldr %0, [%2, #8]!\n\t"
			 "ldr %w1, [%3], #4\n\t"
			 "str %0, [%3, #16]!\n\t"
			 "ldr %w0, [%2, %4, lsl #2]\n\t"
			 "ldrb %w1, [%2, %w4, uxtw]"
			 : "=&r"(o->r[0]), "=&r"(o->r[1]), "+r"(p), "+r"(q)
			 : "r"(i)
			 : "memory");
	o->r[2] = (uint64_t)(p - m);
	o->r[3] = (uint64_t)(q - m);
}

static void f_simd(uint8_t *m, struct out *o)
{
	__asm__ volatile("ldr q0, [%0, #704]\n\t"
			 "str q0, [%0, #800]\n\t"
			 "ldp q1, q2, [%0, #832]\n\t"
			 "stp q2, q1, [%0, #896]\n\t"
			 "ldr d3, [%0, #960]\n\t"
			 "ldr s4, [%0, #968]\n\t"
			 "str d3, [%0, #976]\n\t"
			 "str q0, [%1]\n\t"
			 "str q4, [%1, #16]"
			 :
			 : "r"(m), "r"(o->v)
			 : "memory", "v0", "v1", "v2", "v3", "v4");
}

static void f_acq_rel(uint8_t *m, struct out *o)
{
	uint64_t v;

	__asm__ volatile("ldar %w0, [%1]\n\t"
			 "stlr %w0, [%2]\n\t"
			 "ldarb %w0, [%3]"
			 : "=&r"(v)
			 : "r"(m + 1040), "r"(m + 1048), "r"(m + 1057)
			 : "memory");
	o->r[0] = v;
}

static void test_arm64_forms(void **state)
{
	assert_int_equal(setup(state), 0);
	SAME(f_loads);
	SAME(f_signed);
	SAME(f_stores);
	SAME(f_pairs);
	SAME(f_index);
	SAME(f_simd);
	SAME(f_acq_rel);
	teardown(state);
}

static void f_exclusive(uint8_t *m, struct out *o)
{
	__asm__ volatile("ldaxr %0, [%1]" : "=&r"(o->r[0]) : "r"(m) : "memory");
}

static void f_ld1(uint8_t *m, struct out *o)
{
	__asm__ volatile("ld1 {v0.16b}, [%0]\n\t"
			 "str q0, [%1]"
			 :
			 : "r"(m), "r"(o->v)
			 : "memory", "v0");
}

static void test_arm64_refused(void **state)
{
	assert_int_equal(setup(state), 0);
	refused("ldaxr", f_exclusive, "ldaxr");
	refused("ld1", f_ld1, "ld1");
	teardown(state);
}

#endif

/* The accessors and plain C, whatever the architecture. */
static void f_c(uint8_t *m, struct out *o)
{
	volatile uint8_t *v = m;
	struct {
		uint32_t a, b;
	} s;

	o->r[0] = readb(v + 3) | (uint64_t)readw(v + 4) << 8 | (uint64_t)readl(v + 8) << 24;
	o->r[1] = readq(v + 16);
	writeb(1, v + 33);
	writew(2, v + 34);
	writel(3, v + 36);
	writeq(4, v + 40);
	v[48] = (uint8_t)(v[49] + v[50]);
	memcpy(&s, (const void *)(v + 56), sizeof(s)); /* whatever the compiler makes of it */
	o->r[2] = s.a ^ s.b;
	*(volatile uint32_t *)(v + 64) += 5;
	o->r[3] = *(volatile uint16_t *)(v + 66);
}

static void test_c_and_accessors(void **state)
{
	assert_int_equal(setup(state), 0);
	SAME(f_c);
	teardown(state);
}

/*
 * Inside each test: cmocka installs its signal handlers around each test
 * and fixture and puts back what it found after, so the trapped range
 * (and with it the fault dispatcher) must be made inside the test.
 */
static int setup(void **state)
{
	(void)state;
	machine = mr_test_machine("sim,device=scratch:8K@0xfe100000");
	trapped = memremap(SCR, SIZE, MEMREMAP_DEV);
	plain = aligned_alloc(4096, SIZE);
	return trapped && plain ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	memunmap(trapped);
	free(plain);
	mr_machine_close(machine);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#if defined(__x86_64__)
		cmocka_unit_test(test_x86_forms),
		cmocka_unit_test(test_x86_refused),
#elif defined(__aarch64__)
		cmocka_unit_test(test_arm64_forms),
		cmocka_unit_test(test_arm64_refused),
#endif
		cmocka_unit_test(test_c_and_accessors),
	};
	/* Without libmemremap-trap.so.0 nothing here can run: skipped, not passed. */
	int ret = mr_test_trap_available();

	return ret ? ret : cmocka_run_group_tests(tests, NULL, NULL);
}
