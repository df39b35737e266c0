// SPDX-License-Identifier: MIT
/*
 * Device models on the sim machine: the edu model register by register,
 * scratch, the regs block, interrupts, DMA, the spec key and the API, the
 * resource tree, bad input, and traces with their replay. The instruction
 * forms the trap emulates are test_trap.c's.
 *
 * Needs libmemremap-trap.so.0 (found through $MEMREMAP_LIBDIR, which CTest
 * sets to the build's src/): without it the whole program is skipped.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <sys/stat.h>
#include <time.h>

#include <memremap/io.h>
#include <memremap/sim.h>

#include "mr_test.h"

#define EDU   0xfea00000ULL
#define SCR   0xfe100000ULL
#define RAMPA 0x200000ULL /* System RAM of the default map */

/* A sim machine with an edu and a scratch device; NULL when none could trap. */
static struct mr_machine *open_devices(const char *extra)
{
	char spec[512];

	snprintf(spec, sizeof(spec),
		 "sim,device=edu:dma_mask=0xffffffff@%#llx,device=scratch:8K@%#llx%s", EDU, SCR,
		 extra ? extra : "");
	return mr_test_machine(spec);
}

static volatile uint32_t *map_edu(void)
{
	volatile uint32_t *p = memremap(EDU, 1 << 20, MEMREMAP_DEV);

	if (!p)
		fail_msg("memremap(edu): %s", mr_errmsg());
	return p;
}

/*
 * A regs:FILE machine, or a skip when libmemremap-regs is not in this build
 * (it needs libyaml and libxml2): skipped, not passed.
 */
static struct mr_machine *regs_machine(const char *spec)
{
	struct mr_machine *m = NULL;

	if (mr_machine_open(&m, spec)) {
		if (errno == ENOSYS)
			skip();
		fail_msg("mr_machine_open(%s): %s", spec, mr_errmsg());
	}
	mr_machine_use(m);
	return m;
}

/* ------------------------------------------------------------- edu */

static void test_edu_registers(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	volatile uint32_t *edu = map_edu();
	static const uint32_t fact[] = {1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800};

	(void)state;
	assert_int_equal(readl(edu), 0x010000ed);
	assert_int_equal(edu[0], 0x010000ed); /* a plain load traps too */
	writel(0x12345678, edu + 1);
	assert_int_equal(readl(edu + 1), (uint32_t)~0x12345678U);
	edu[1] = 0; /* a plain store */
	assert_int_equal(edu[1], 0xffffffff);
	for (uint32_t n = 0; n < sizeof(fact) / sizeof(fact[0]); n++) {
		writel(n, edu + 2);
		assert_int_equal(readl(edu + 8) & 1, 0); /* computing is done */
		assert_int_equal(readl(edu + 2), fact[n]);
	}
	/* 13! wraps as a uint32_t product does */
	writel(13, edu + 2);
	assert_int_equal(readl(edu + 2), 1932053504U);
	/* only bit 7 of the status is writable */
	writel(0xff, edu + 8);
	assert_int_equal(readl(edu + 8), 0x80);
	writel(0, edu + 8);
	assert_int_equal(readl(edu + 8), 0);
	/* wrong widths: all ones, and writes that do nothing */
	assert_int_equal(readb((volatile uint8_t *)edu), 0xff);
	assert_int_equal(readw((volatile uint8_t *)edu), 0xffff);
	writew(7, (volatile uint8_t *)edu + 4);
	assert_int_equal(readl(edu + 1), 0xffffffff);
	/* unknown registers read all ones */
	assert_int_equal(readl(edu + 3), 0xffffffff);
	/* DMA registers take 8 bytes too */
	writeq(0x123456789aULL, (volatile uint8_t *)edu + 0x80);
	assert_true(readq((volatile uint8_t *)edu + 0x80) == 0x123456789aULL);
	assert_int_equal(readl((volatile uint8_t *)edu + 0x80), 0x3456789a);
	memunmap((void *)edu);
	mr_machine_close(m);
}

static void test_edu_irq_status(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	volatile uint32_t *edu = map_edu();

	(void)state;
	assert_int_equal(readl(edu + 9), 0);
	writel(0x30, edu + 24); /* 0x60 raise */
	assert_int_equal(readl(edu + 9), 0x30);
	writel(0x10, edu + 25); /* 0x64 acknowledge */
	assert_int_equal(readl(edu + 9), 0x20);
	writel(0x20, edu + 25);
	assert_int_equal(readl(edu + 9), 0);
	/* a factorial with bit 7 set raises 0x1 */
	writel(0x80, edu + 8);
	writel(4, edu + 2);
	assert_int_equal(readl(edu + 9), 1);
	memunmap((void *)edu);
	mr_machine_close(m);
}

static sem_t irq_sem;
static volatile uint32_t *irq_edu;
static volatile uint32_t irq_seen;
static volatile int irq_calls;

static mr_irqreturn_t edu_handler(int irq, void *dev_id)
{
	(void)irq;
	assert_ptr_equal(dev_id, &irq_sem);
	/* The handler reads and acknowledges the device: accesses of its own. */
	irq_seen = readl(irq_edu + 9);
	writel(irq_seen, irq_edu + 25);
	irq_calls++;
	sem_post(&irq_sem);
	return MR_IRQ_HANDLED;
}

static void wait_irq(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	if (sem_timedwait(&irq_sem, &ts))
		fail_msg("no interrupt within 5 s");
}

static void test_edu_interrupt(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	struct mr_sim_device *dev = mr_sim_device_at(m, EDU + 0x100);
	unsigned int irq = mr_sim_device_irq(dev);

	(void)state;
	assert_non_null(dev);
	assert_string_equal(mr_sim_device_model(dev), "edu");
	assert_true(irq > 0);
	irq_edu = map_edu();
	sem_init(&irq_sem, 0, 0);
	irq_calls = 0;
	assert_int_equal(mr_request_irq(irq, edu_handler, 0, "edu-test", &irq_sem), 0);
	/* the line is taken, not shared */
	assert_int_equal(mr_request_irq(irq, edu_handler, 0, "again", &irq_sem), -EBUSY);
	writel(0x4, irq_edu + 24);
	wait_irq();
	assert_int_equal(irq_seen, 4);
	assert_int_equal(readl(irq_edu + 9), 0); /* the handler acknowledged it */
	/* a factorial's interrupt */
	writel(0x80, irq_edu + 8);
	writel(5, irq_edu + 2);
	wait_irq();
	assert_int_equal(irq_seen, 1);
	assert_string_equal(mr_free_irq(irq, &irq_sem), "edu-test");
	assert_null(mr_free_irq(irq, &irq_sem));
	/* raised without a handler: pending, delivered on request */
	writel(0x8, irq_edu + 24);
	assert_int_equal(irq_calls, 2);
	assert_int_equal(mr_request_irq(irq, edu_handler, 0, "late", &irq_sem), 0);
	wait_irq();
	assert_int_equal(irq_seen, 8);
	mr_free_irq(irq, &irq_sem);
	assert_int_equal(mr_request_irq(999, edu_handler, 0, "x", NULL), -EINVAL);
	assert_int_equal(mr_request_irq(irq, NULL, 0, "x", NULL), -EINVAL);
	memunmap((void *)irq_edu);
	sem_destroy(&irq_sem);
	mr_machine_close(m);
}

static void test_edu_dma(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	volatile uint8_t *edu = (volatile uint8_t *)map_edu();
	uint8_t *ram = memremap(RAMPA, 8192, MEMREMAP_WB);
	int i;

	(void)state;
	assert_non_null(ram);
	for (i = 0; i < 4096; i++)
		ram[i] = (uint8_t)(i * 7 + 1);
	memset(ram + 4096, 0, 4096);
	/* memory -> the device's buffer at 0x40000 */
	writeq(RAMPA, edu + 0x80);
	writeq(0x40000, edu + 0x88);
	writeq(4096, edu + 0x90);
	writeq(1, edu + 0x98);
	assert_int_equal(readq(edu + 0x98) & 1, 0);
	/* the buffer -> memory, 100 bytes from 0x40010, with an interrupt */
	writeq(0x40010, edu + 0x80);
	writeq(RAMPA + 4096 + 3, edu + 0x88);
	writeq(100, edu + 0x90);
	writeq(1 | 2 | 4, edu + 0x98);
	assert_int_equal(readq(edu + 0x98) & 1, 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(ram[4096 + 3 + i], (uint8_t)((i + 16) * 7 + 1));
	assert_int_equal(ram[4096 + 2], 0);
	assert_int_equal(ram[4096 + 103], 0);
	assert_int_equal(readl(edu + 0x24), 0x100);
	/* outside the buffer: refused, memory untouched */
	writeq(0x40ff0, edu + 0x80);
	writeq(RAMPA + 4096, edu + 0x88);
	writeq(0x20, edu + 0x90);
	writeq(3, edu + 0x98);
	assert_int_equal(ram[4096], 0);
	/* into a device's range: refused by mr_sim_dma_write */
	assert_int_equal(mr_sim_dma_write(mr_sim_device_at(m, EDU), SCR, "x", 1), -EFAULT);
	memunmap(ram);
	memunmap((void *)edu);
	mr_machine_close(m);
}

/* ------------------------------------------------------------ scratch */

static void test_scratch_and_copies(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	volatile uint8_t *s = memremap(SCR, 8192, MEMREMAP_DEV);
	uint8_t src[3000], dst[3000];
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 13 + 5);
	memcpy_toio(s + 3, src, sizeof(src));
	memset(dst, 0, sizeof(dst));
	memcpy_fromio(dst, s + 3, sizeof(dst));
	assert_memory_equal(dst, src, sizeof(src));
	memset_io(s + 5000, 0xab, 100);
	assert_int_equal(readb(s + 4999), 0);
	assert_int_equal(readb(s + 5000), 0xab);
	assert_int_equal(readb(s + 5099), 0xab);
	assert_int_equal(readb(s + 5100), 0);
	writeq(0x0102030405060708ULL, s + 16);
	assert_int_equal(readl(s + 16), 0x05060708);
	assert_int_equal(readw(s + 20), 0x0304);
	memunmap((void *)s);
	mr_machine_close(m);
}

/* A mapping larger than the device: the bytes around it are sim memory. */
static void test_mapping_around_device(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	volatile uint8_t *p = memremap(SCR - 4096, 4 * 4096, MEMREMAP_DEV);
	volatile uint8_t *q;

	(void)state;
	assert_non_null(p);
	p[0] = 0x11;		/* memory */
	p[4096] = 0x22;		/* scratch */
	p[3 * 4096 + 1] = 0x33; /* memory after the 8K device */
	q = memremap(SCR - 4096, 4096, MEMREMAP_DEV);
	assert_non_null(q);
	assert_int_equal(q[0], 0x11); /* the same memory, through an untrapped mapping */
	assert_int_equal(p[4096], 0x22);
	assert_int_equal(p[3 * 4096 + 1], 0x33);
	memunmap((void *)q);
	memunmap((void *)p);
	mr_machine_close(m);
}

/* --------------------------------------------------------- regs block */

static void test_regs_block(void **state)
{
	char path[] = "/tmp/mr-regs-XXXXXX", spec[256];
	int fd = mkstemp(path);
	/* issue 17's native format, read through libmemremap-regs */
	static const char text[] = "blk:\n"
				   "  base: 0xfe200000\n"
				   "  width: 32\n"
				   "  registers:\n"
				   "    CTRL: {offset: 0x00, reset: 0}\n"
				   "    STATUS: {offset: 0x04, reset: 0x11, access: RO}\n"
				   "    IRQ:\n"
				   "      offset: 0x08\n"
				   "      reset: 0x7\n"
				   "      fields:\n"
				   "        DONE: {bits: 1:0, access: W1C}\n"
				   "        OTHER: {bits: 2}\n"
				   "    DATA:\n"
				   "      offset: 0x0c\n"
				   "      reset: 0xa5aa\n"
				   "      fields:\n"
				   "        LOW: {bits: 7:0, access: RC}\n"
				   "        MID: {bits: 15:8, access: RO}\n"
				   "    SET: {offset: 0x10, reset: 0x1, access: W1S}\n"
				   "    KICK: {offset: 0x14, access: WO}\n"
				   "    SMALL: {offset: 0x18, width: 16, reset: 0x1234}\n";
	struct mr_machine *m;
	volatile uint32_t *r;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	snprintf(spec, sizeof(spec), "sim,device=regs:%s#blk@0xfe200000", path);
	m = regs_machine(spec);
	r = memremap(0xfe200000, 4096, MEMREMAP_DEV);
	assert_non_null(r);
	assert_int_equal(readl(r + 0), 0);
	writel(0xdeadbeef, r + 0);
	assert_int_equal(readl(r + 0), 0xdeadbeef);
	assert_int_equal(readl(r + 1), 0x11);
	writel(0, r + 1);
	assert_int_equal(readl(r + 1), 0x11); /* read-only */
	writel(0x1, r + 2);
	assert_int_equal(readl(r + 2), 0x2); /* bit 0 cleared by writing 1; bit 2 is plain: 0 */
	writel(0x4, r + 2);
	assert_int_equal(readl(r + 2), 0x6); /* bit 1 stays: 0 written to a w1c bit */
	assert_int_equal(readl(r + 3), 0xa5aa);
	assert_int_equal(readl(r + 3), 0xa500); /* the low byte cleared on read */
	writel(0xffffffff, r + 3);
	assert_int_equal(readl(r + 3), 0xffffa500); /* RC and RO bits keep their value */
	writel(0x4, r + 4);
	assert_int_equal(readl(r + 4), 0x5); /* W1S: 1 sets, 0 leaves */
	writel(0x1234, r + 5);
	assert_int_equal(readl(r + 5), 0); /* write-only reads 0 */
	assert_int_equal(readw((volatile uint8_t *)r + 0x18), 0x1234);
	assert_int_equal(readl(r + 64), 0); /* no register there */
	memunmap((void *)r);
	mr_machine_close(m);
	/* the block by its name, and one that is not there */
	snprintf(spec, sizeof(spec), "sim,device=regs:%s#nosuch@0xfe200000", path);
	m = NULL;
	assert_int_not_equal(mr_machine_open(&m, spec), 0);
	assert_non_null(strstr(mr_errmsg(), "nosuch"));
	unlink(path);
}

/* The edu description of tests/data/regs (SVD), as a register block. */
static void test_regs_svd(void **state)
{
	char spec[512];
	struct mr_machine *m;
	volatile uint32_t *r;

	(void)state;
	snprintf(spec, sizeof(spec), "sim,device=regs:%s/regs/edu.svd@0xfe200000", MR_TEST_DATA);
	m = regs_machine(spec);
	r = memremap(0xfe200000, 4096, MEMREMAP_DEV);
	assert_non_null(r);
	assert_int_equal(readl(r), 0x010000ed); /* ID's reset value */
	writel(0, r);
	assert_int_equal(readl(r), 0x010000ed); /* read-only */
	memunmap((void *)r);
	mr_machine_close(m);
}

/* ---------------------------------------------------- the spec and API */

static void test_resource_tree(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	struct resource *r = mr_iomem_resource(m);
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_non_null(f);
	mr_iomem_print(r, f);
	fclose(f);
	assert_non_null(strstr(buf, "fea00000-feafffff : edu"));
	assert_non_null(strstr(buf, "fe100000-fe101fff : scratch"));
	mr_machine_close(m);
}

static void test_attach_api(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct mr_sim_device *d, *it;
	int n = 0;

	(void)state;
	d = mr_sim_attach(m, "scratch:100", 0xfe300000);
	assert_non_null(d);
	assert_int_equal(mr_sim_device_phys(d), 0xfe300000);
	assert_int_equal(mr_sim_device_size(d), 4096);
	assert_ptr_equal(mr_sim_device_at(m, 0xfe300fff), d);
	assert_null(mr_sim_device_at(m, 0xfe301000));
	assert_non_null(mr_sim_attach(m, "edu", 0xfe400000));
	for (it = mr_sim_device_next(m, NULL); it; it = mr_sim_device_next(m, it))
		n++;
	assert_int_equal(n, 2);
	mr_machine_close(m);
}

static const struct mr_sim_model *bad_model_ptr;

static void test_bad_input(void **state)
{
	static const char *const specs[] = {
		"sim,device=nosuch@0xfe100000",			       /* unknown model */
		"sim,device=edu@0xfe100010",			       /* not page aligned */
		"sim,device=edu@0x200000",			       /* System RAM */
		"sim,device=edu",				       /* no address */
		"sim,device=edu@zz",				       /* bad address */
		"sim,device=edu@0xfe100000,device=scratch@0xfe100000", /* overlap */
		"sim,device=scratch:0@0xfe100000",		       /* no size */
		"sim,device=edu:what@0xfe100000",		       /* bad argument */
		"sim,device=./nosuch.so@0xfe100000",		       /* no such object */
		"sim,device=trace:/nonexistent@0xfe100000",
		"sim,device=regs:/nonexistent@0xfe100000",
		"sim,device=edu@0xfffffffffffff000", /* wraps */
	};
	static const struct mr_sim_model nameless = {
		MR_SIM_MODEL_ABI, NULL, 4096, NULL, NULL, NULL, NULL, NULL, NULL};
	struct mr_machine *m;

	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		m = NULL;
		errno = 0;
		if (!mr_machine_open(&m, specs[i]))
			fail_msg("'%s' was accepted", specs[i]);
		assert_true(errno != 0);
		assert_true(strlen(mr_errmsg()) > 0);
		assert_null(m);
	}
	m = mr_test_machine("linux");
	assert_null(mr_sim_attach(m, "edu", 0xfe100000));
	assert_int_equal(errno, EINVAL);
	mr_machine_close(m);
	assert_int_equal(mr_sim_model_register(&nameless), -EINVAL);
	bad_model_ptr = &nameless;
	assert_int_equal(mr_sim_dma_read(NULL, 0, NULL, 1), -EINVAL);
	assert_int_equal(mr_sim_irq_raise(NULL), -EINVAL);
	assert_int_equal(mr_sim_replay_check(NULL, NULL, 0), -EINVAL);
}

/* A model registered by the program. */
static uint64_t counter_read(struct mr_sim_device *dev, uint64_t off, unsigned int width)
{
	uint64_t *n = mr_sim_priv(dev);

	(void)off, (void)width;
	return ++*n;
}

static void counter_write(struct mr_sim_device *dev, uint64_t off, unsigned int width, uint64_t v)
{
	uint64_t *n = mr_sim_priv(dev);

	(void)off, (void)width;
	*n = v;
}

static uint64_t counter_value;

static int counter_init(struct mr_sim_device *dev, const char *arg)
{
	(void)arg;
	mr_sim_set_priv(dev, &counter_value);
	return 0;
}

static const struct mr_sim_model counter_model = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "counter",
	.size = 16,
	.init = counter_init,
	.read = counter_read,
	.write = counter_write,
};

static void test_registered_model(void **state)
{
	struct mr_machine *m;
	volatile uint64_t *c;

	(void)state;
	assert_int_equal(mr_sim_model_register(&counter_model), 0);
	assert_int_equal(mr_sim_model_register(&counter_model), -EEXIST);
	m = mr_test_machine("sim,device=counter@0xfe500000");
	c = memremap(0xfe500000, 16, MEMREMAP_DEV);
	assert_non_null(c);
	c[0] = 41;
	assert_int_equal(c[1], 42);
	assert_int_equal(c[0], 43);
	memunmap((void *)c);
	mr_machine_close(m);
}

/* The example model in examples/, loaded by path. */
static void test_shared_object_model(void **state)
{
	char spec[1024];
	struct mr_machine *m;
	volatile uint32_t *p;

	(void)state;
	snprintf(spec, sizeof(spec), "sim,device=%s@0xfe600000", MR_TEST_EXAMPLE_MODEL);
	m = mr_test_machine(spec);
	p = memremap(0xfe600000, 4096, MEMREMAP_DEV);
	assert_non_null(p);
	/* examples/model_timer.c: a free-running counter with a compare register */
	assert_int_equal(readl(p + 0), 0x54494d52); /* "TIMR" */
	writel(0, p + 2);			    /* reset the count */
	assert_int_equal(readl(p + 1), 1);
	assert_int_equal(readl(p + 1), 2);
	memunmap((void *)p);
	mr_machine_close(m);
}

/* --------------------------------------------------------------- traces */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[65536];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The R and W lines of @text as "R 4 0x... 0x..." (no time, map id, pc). */
static size_t accesses(const char *text, char out[][64], size_t max)
{
	size_t n = 0;

	for (const char *p = text; *p && n < max;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct mr_trace_rec r;

		if (!mr_trace_parse_line(p, len, &r) &&
		    (r.kind == MR_TRACE_READ || r.kind == MR_TRACE_WRITE))
			snprintf(out[n++], 64, "%c %u 0x%llx 0x%llx", r.kind, r.width,
				 (unsigned long long)r.phys, (unsigned long long)r.value);
		p += len + (nl != NULL);
	}
	return n;
}

/* The driver of the trace tests: id, liveness, a factorial. */
static void little_driver(volatile uint32_t *edu, uint32_t live)
{
	if (readl(edu) != 0x010000ed)
		return;
	writel(live, edu + 1);
	(void)readl(edu + 1);
	writel(5, edu + 2);
	while (readl(edu + 8) & 1)
		;
	(void)readl(edu + 2);
}

static void test_trace_and_replay(void **state)
{
	char path[] = "/tmp/mr-trace-XXXXXX", spec[256], got[16][64], msg[400];
	struct mr_machine *m;
	volatile uint32_t *edu;
	struct mr_sim_device *dev;
	int fd = mkstemp(path);
	size_t n;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mr_trace_start(path), 0);
	m = open_devices(NULL);
	edu = map_edu();
	mr_trace_mark("driver starts");
	little_driver(edu, 0x1234);
	memunmap((void *)edu);
	mr_machine_close(m);
	mr_trace_stop();
	n = accesses(slurp(path), got, 16);
	assert_int_equal(n, 6);
	assert_string_equal(got[0], "R 4 0xfea00000 0x10000ed");
	assert_string_equal(got[1], "W 4 0xfea00004 0x1234");
	assert_string_equal(got[2], "R 4 0xfea00004 0xffffedcb");
	assert_string_equal(got[3], "W 4 0xfea00008 0x5");
	assert_string_equal(got[4], "R 4 0xfea00020 0x0");
	assert_string_equal(got[5], "R 4 0xfea00008 0x78");
	assert_non_null(strstr(slurp(path), "VERSION 20070824\n"));
	assert_non_null(strstr(slurp(path), "MAP "));
	assert_non_null(strstr(slurp(path), " 0xfea00000 "));
	assert_non_null(strstr(slurp(path), "UNMAP "));
	assert_non_null(strstr(slurp(path), "driver starts"));

	/* Replayed: the same driver passes. */
	snprintf(spec, sizeof(spec), "sim,device=trace:%s@%#llx", path, EDU);
	m = mr_test_machine(spec);
	dev = mr_sim_device_at(m, EDU);
	edu = memremap(EDU, 4096, MEMREMAP_DEV);
	assert_non_null(edu);
	little_driver(edu, 0x1234);
	assert_int_equal(mr_sim_replay_check(dev, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "6 accesses replayed");
	memunmap((void *)edu);
	mr_machine_close(m);

	/* A driver that writes one wrong value is caught at that access. */
	m = mr_test_machine(spec);
	dev = mr_sim_device_at(m, EDU);
	edu = memremap(EDU, 4096, MEMREMAP_DEV);
	little_driver(edu, 0x1235);
	assert_int_equal(mr_sim_replay_check(dev, msg, sizeof(msg)), 2);
	assert_non_null(strstr(msg, "access 1 diverges: expected W 4 at 0xfea00004 value 0x1234, "
				    "got W 4 at 0xfea00004 value 0x1235"));
	memunmap((void *)edu);
	mr_machine_close(m);

	/* A driver that stops early: the first access never made. */
	m = mr_test_machine(spec);
	dev = mr_sim_device_at(m, EDU);
	edu = memremap(EDU, 4096, MEMREMAP_DEV);
	(void)readl(edu);
	assert_int_equal(mr_sim_replay_check(dev, msg, sizeof(msg)), 2);
	assert_non_null(strstr(msg, "access 1 was never made"));
	memunmap((void *)edu);
	mr_machine_close(m);
	unlink(path);
}

/* Accessors on an untrapped mapping record too (the linux machine's way). */
static void test_trace_accessors(void **state)
{
	char path[] = "/tmp/mr-trace-XXXXXX", got[8][64];
	struct mr_machine *m = mr_test_machine("sim");
	volatile uint32_t *p;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	p = memremap(0xfe000000, 4096, MEMREMAP_DEV);
	assert_non_null(p);
	writel(7, p + 1); /* not traced: no trace yet */
	assert_int_equal(mr_trace_start(path), 0);
	writel(0xabcd, p + 2);
	assert_int_equal(readl(p + 2), 0xabcd);
	writeb(0x5, (volatile uint8_t *)p + 1);
	assert_true(readq(p) == 0x0000000700000500ULL);
	mr_trace_stop();
	assert_int_equal(readl(p + 1), 7); /* not traced any more */
	assert_int_equal(accesses(slurp(path), got, 8), 4);
	assert_string_equal(got[0], "W 4 0xfe000008 0xabcd");
	assert_string_equal(got[1], "R 4 0xfe000008 0xabcd");
	assert_string_equal(got[2], "W 1 0xfe000001 0x5");
	assert_string_equal(got[3], "R 8 0xfe000000 0x700000500");
	memunmap((void *)p);
	mr_machine_close(m);
	unlink(path);
}

static void test_trace_parse(void **state)
{
	static const struct {
		const char *line;
		int ret;
		int kind;
	} cases[] = {
		{"VERSION 20070824", 1, 0},
		{"PCIDEV 0010 80865000 0 c0000000 0 0 0 0 0 0 0 0 0 0 0 0 0 e1000", 1, 0},
		{"MAP 0.595357 1 0xfebc0000 0xffffc90000060000 0x20000 0x0 0", 0, MR_TRACE_MAP},
		{"R 4 0.595372 1 0xfebc0008 0x80080783 0xffffffffa03a3c5b 0", 0, MR_TRACE_READ},
		{"W 2 12.000001 3 0xfebc0008 0xffff 0x0 0\n", 0, MR_TRACE_WRITE},
		{"UNMAP 1.000000 1 0x0 0", 0, MR_TRACE_UNMAP},
		{"MARK 1.000001 hello world", 0, MR_TRACE_MARK},
		{"", 1, 0},
		{"# a comment", 1, 0},
		{"R 3 0.1 1 0x0 0x0 0x0 0", -EINVAL, 0},	      /* width 3, short time */
		{"R 4 0.000001 1 0x0 0x100000000 0x0 0", -EINVAL, 0}, /* value too wide */
		{"R 4 0.000001 1 0x0", -EINVAL, 0},
		{"W 4 0.000001 1 0xfffffffffffffffff 0x0 0x0 0", -EINVAL, 0},
		{"R 4 0.000001 1 0x0 0x0 0x0 0 junk", -EINVAL, 0},
		{"HELLO", -EINVAL, 0},
	};
	struct mr_trace_rec r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = mr_trace_parse_line(cases[i].line, strlen(cases[i].line), &r);

		if (ret != cases[i].ret)
			fail_msg("'%s': %d, not %d (%s)", cases[i].line, ret, cases[i].ret,
				 mr_errmsg());
		if (!ret)
			assert_int_equal(r.kind, cases[i].kind);
	}
	assert_int_equal(mr_trace_parse_line(cases[3].line, strlen(cases[3].line), &r), 0);
	assert_int_equal(r.width, 4);
	assert_true(r.usec == 595372);
	assert_true(r.phys == 0xfebc0008ULL && r.value == 0x80080783ULL);
	assert_int_equal(mr_trace_parse_line(NULL, 0, &r), -EINVAL);
	assert_int_equal(mr_trace_start(""), -EINVAL);
	assert_int_equal(mr_trace_start("/nonexistent/dir/trace"), -ENOENT);
}

/* ------------------------------------------------------------ threads */

static volatile uint8_t *thr_scr;

static void *thr_main(void *arg)
{
	uintptr_t k = (uintptr_t)arg;

	for (uint32_t i = 0; i < 2000; i++) {
		writel(i * 3 + (uint32_t)k, thr_scr + k * 64);
		if (readl(thr_scr + k * 64) != i * 3 + k)
			return (void *)1;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct mr_machine *m = open_devices(NULL);
	pthread_t t[4];
	void *ret;

	(void)state;
	thr_scr = memremap(SCR, 8192, MEMREMAP_DEV);
	assert_non_null(thr_scr);
	for (uintptr_t i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thr_main, (void *)i), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	memunmap((void *)thr_scr);
	mr_machine_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edu_registers),
		cmocka_unit_test(test_edu_irq_status),
		cmocka_unit_test(test_edu_interrupt),
		cmocka_unit_test(test_edu_dma),
		cmocka_unit_test(test_scratch_and_copies),
		cmocka_unit_test(test_mapping_around_device),
		cmocka_unit_test(test_regs_block),
		cmocka_unit_test(test_regs_svd),
		cmocka_unit_test(test_resource_tree),
		cmocka_unit_test(test_attach_api),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_registered_model),
		cmocka_unit_test(test_shared_object_model),
		cmocka_unit_test(test_trace_parse),
		cmocka_unit_test(test_trace_and_replay),
		cmocka_unit_test(test_trace_accessors),
		cmocka_unit_test(test_threads),
	};
	/* Without libmemremap-trap.so.0 nothing here can run: skipped, not passed. */
	int ret = mr_test_trap_available();

	return ret ? ret : cmocka_run_group_tests(tests, NULL, NULL);
}
