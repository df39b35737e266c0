// SPDX-License-Identifier: MIT
/*
 * Fault-safe copies (memremap/safe.h) on the simulated machine. The memory
 * behind a mapping goes away when the sim's mem= file is truncated under
 * it, as a PCI device's does when it is removed (the VM suite does that
 * for real). A copy that meets the hole returns -EIO; the process lives.
 *
 * What the handlers must not change is checked in child processes, against
 * a child that faults the same way without the library: the application's
 * own handler still gets its faults, the default action still kills with
 * the same status, a signal sent with kill() is not swallowed.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <memremap/safe.h>

#include "mr_test.h"

#define FB	 0xe0000000ULL
#define MAP_LEN	 0x3000
#define KEEP_LEN 0x1000 /* what is left of the mapping after the truncation */

struct sim {
	char path[32];
	struct mr_machine *m;
	unsigned char *p; /* MAP_LEN bytes at FB, WC */
};

static void sim_open(struct sim *s)
{
	char spec[64];
	int fd;

	snprintf(s->path, sizeof(s->path), "/tmp/mr-safe-XXXXXX");
	fd = mkstemp(s->path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(spec, sizeof(spec), "sim,mem=%s", s->path);
	s->m = mr_test_machine(spec);
	s->p = memremap(FB, MAP_LEN, MEMREMAP_WC);
	assert_non_null(s->p);
}

/* The file ends after the first page of the mapping: the rest is gone. */
static void sim_cut(struct sim *s)
{
	assert_int_equal(truncate(s->path, (off_t)(FB + KEEP_LEN)), 0);
}

static void sim_close(struct sim *s)
{
	memunmap(s->p);
	mr_test_machine_done(s->m);
	unlink(s->path);
}

static void fill(unsigned char *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(seed + i * 31);
}

/* A page nobody may touch, and one that may only be read. */
static void *guard_page(int prot)
{
	void *p = mmap(NULL, MR_PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	return p;
}

/* ----------------------------------------------------------- copies work */

static void test_copies(void **state)
{
	static const struct {
		size_t off, len;
	} cases[] = {
		{0, 1},	    {0, 8},	{1, 7},	      {3, 29},	     {7, 9},
		{8, 0x100}, {5, 0xfff}, {0, MAP_LEN}, {0xff9, 0x17}, {MAP_LEN - 1, 1},
	};
	unsigned char src[MAP_LEN], back[MAP_LEN];
	struct sim s;

	(void)state;
	sim_open(&s);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t off = cases[i].off, len = cases[i].len;

		fill(src, len, (unsigned int)i);
		memset(back, 0, len);
		assert_int_equal(mr_memcpy_toio_safe(s.p + off, src, len), 0);
		assert_memory_equal(s.p + off, src, len);
		assert_int_equal(mr_memcpy_fromio_safe(back, s.p + off, len), 0);
		assert_memory_equal(back, src, len);
	}
	/* Zero bytes: nothing to touch, NULL or not. */
	assert_int_equal(mr_memcpy_fromio_safe(NULL, NULL, 0), 0);
	assert_int_equal(mr_memcpy_toio_safe(NULL, NULL, 0), 0);
	sim_close(&s);
}

static void test_bad_arguments(void **state)
{
	char buf[8] = "";

	(void)state;
	assert_errno(mr_memcpy_fromio_safe(NULL, buf, 8) == -EINVAL, EINVAL);
	assert_errno(mr_memcpy_fromio_safe(buf, NULL, 8) == -EINVAL, EINVAL);
	assert_errno(mr_memcpy_toio_safe(NULL, buf, 8) == -EINVAL, EINVAL);
	assert_errno(mr_memcpy_toio_safe(buf, NULL, 8) == -EINVAL, EINVAL);
	assert_errno(mr_memcpy_fromio_safe(buf, (void *)(UINTPTR_MAX - 3), 8) == -EINVAL, EINVAL);
	assert_errno(mr_memcpy_toio_safe((void *)(UINTPTR_MAX - 3), buf, 8) == -EINVAL, EINVAL);
	assert_non_null(strstr(mr_errmsg(), "wrap"));
}

/* ---------------------------------------------------------------- faults */

static void test_truncated_file(void **state)
{
	unsigned char src[MAP_LEN], back[MAP_LEN];
	struct mr_mapping_info info;
	struct sim s;

	(void)state;
	sim_open(&s);
	fill(src, MAP_LEN, 7);
	assert_int_equal(mr_memcpy_toio_safe(s.p, src, MAP_LEN), 0);
	sim_cut(&s);

	/* What is still there reads as before. */
	memset(back, 0, sizeof(back));
	assert_int_equal(mr_memcpy_fromio_safe(back, s.p, KEEP_LEN), 0);
	assert_memory_equal(back, src, KEEP_LEN);
	/* A copy that runs into the hole stops there, with the bytes before it. */
	memset(back, 0, sizeof(back));
	assert_errno(mr_memcpy_fromio_safe(back, s.p, MAP_LEN) == -EIO, EIO);
	assert_non_null(strstr(mr_errmsg(), "SIGBUS"));
	assert_memory_equal(back, src, KEEP_LEN);
	assert_errno(mr_memcpy_fromio_safe(back, s.p + MAP_LEN - 8, 8) == -EIO, EIO);
	assert_errno(mr_memcpy_toio_safe(s.p + KEEP_LEN + 3, src, 100) == -EIO, EIO);
	assert_errno(mr_memcpy_toio_safe(s.p + KEEP_LEN - 4, src, 8) == -EIO, EIO);
	/* The bytes before the fault went out. */
	assert_memory_equal(s.p + KEEP_LEN - 4, src, 4);
	/* The mapping is still the library's: described, and unmapped cleanly. */
	assert_int_equal(mr_mapping_info(s.p, &info), 0);
	assert_int_equal(info.size, MAP_LEN);
	sim_close(&s);
}

static void test_segv(void **state)
{
	unsigned char *none = guard_page(PROT_NONE), *ro = guard_page(PROT_READ);
	unsigned char buf[64];

	(void)state;
	assert_errno(mr_memcpy_fromio_safe(buf, none + 100, 16) == -EFAULT, EFAULT);
	assert_non_null(strstr(mr_errmsg(), "SIGSEGV"));
	assert_errno(mr_memcpy_toio_safe(ro + 8, buf, 16) == -EFAULT, EFAULT);
	/* The ordinary side faulting is the caller's bad buffer: the same answer. */
	assert_errno(mr_memcpy_fromio_safe(none, ro, 16) == -EFAULT, EFAULT);
	assert_int_equal(mr_memcpy_fromio_safe(buf, ro, sizeof(buf)), 0);
	munmap(none, MR_PAGE_SIZE);
	munmap(ro, MR_PAGE_SIZE);
}

/* A caller that blocks SIGBUS gets its error and its mask back. */
static void test_blocked_mask(void **state)
{
	unsigned char buf[MAP_LEN];
	sigset_t block, now;
	struct sim s;

	(void)state;
	sim_open(&s);
	sim_cut(&s);
	sigemptyset(&block);
	sigaddset(&block, SIGBUS);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	assert_errno(mr_memcpy_fromio_safe(buf, s.p, MAP_LEN) == -EIO, EIO);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	assert_true(sigismember(&now, SIGBUS));
	assert_int_equal(mr_memcpy_fromio_safe(buf, s.p, 16), 0);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	assert_true(sigismember(&now, SIGBUS));
	pthread_sigmask(SIG_UNBLOCK, &block, NULL);
	sim_close(&s);
}

/* ---------------------------------------------------------------- threads */

struct worker {
	unsigned char *p;
	int good, bad, wrong;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	unsigned char buf[MAP_LEN];
	int i, ret;

	for (i = 0; i < 300; i++) {
		if (i % 3) {
			ret = mr_memcpy_fromio_safe(buf, w->p + (i & 0xff), 64);
			w->good += ret == 0;
		} else {
			ret = mr_memcpy_fromio_safe(buf, w->p, MAP_LEN);
			w->bad += ret == -EIO && errno == EIO;
		}
		w->wrong += ret != 0 && ret != -EIO;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct worker w[4];
	pthread_t t[4];
	struct sim s;
	int i;

	(void)state;
	sim_open(&s);
	sim_cut(&s);
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){.p = s.p};
		assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].good, 200);
		assert_int_equal(w[i].bad, 100);
		assert_int_equal(w[i].wrong, 0);
	}
	sim_close(&s);
}

/* ------------------------------------------- the application's handlers */

static sigjmp_buf app_env;
static volatile sig_atomic_t app_calls;
static struct sigaction app_prev;

/* An application's handler: recovers from the faults it expects. */
static void app_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	app_calls++;
	siglongjmp(app_env, 1);
}

/* One that takes what it knows (a fault on app_page) and passes on the rest. */
static unsigned char *app_page;

static void app_chaining_handler(int sig, siginfo_t *si, void *uc)
{
	if ((unsigned char *)si->si_addr >= app_page &&
	    (unsigned char *)si->si_addr < app_page + MR_PAGE_SIZE) {
		app_calls++;
		siglongjmp(app_env, 1);
	}
	if (app_prev.sa_flags & SA_SIGINFO)
		app_prev.sa_sigaction(sig, si, uc);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

/* Run @fn in a child; its exit status (or death) comes back. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		/* A plain program: not cmocka's handlers, which would go on testing. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static volatile unsigned char sink;

/* The load must happen: valgrind drops loads whose value is never used. */
static int touch(const volatile unsigned char *p)
{
	sink = *p;
	return sink;
}

/* Exit 0 when all is well; each failure its own code. */
static int child_app_handler_first(void)
{
	unsigned char *none =
		mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char buf[16];

	install(SIGSEGV, app_handler, NULL);
	if (mr_memcpy_fromio_safe(buf, none, 16) != -EFAULT)
		return 1;
	if (app_calls)
		return 2; /* the copy's fault went to the application */
	if (!sigsetjmp(app_env, 1))
		touch(none);
	return app_calls == 1 ? 0 : 3; /* the application's fault reached it */
}

static int child_app_handler_after(void)
{
	unsigned char *none =
		mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char buf[16];
	struct sigaction now;

	app_page = mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mr_memcpy_fromio_safe(buf, none, 16) != -EFAULT)
		return 1;
	install(SIGSEGV, app_chaining_handler, &app_prev);
	if (mr_memcpy_fromio_safe(buf, none, 16) != -EFAULT)
		return 2; /* passed on by the application's handler, ours took it */
	if (!sigsetjmp(app_env, 1))
		touch(app_page);
	if (app_calls != 1)
		return 3;
	sigaction(SIGSEGV, NULL, &now);
	if (now.sa_sigaction != app_chaining_handler)
		return 4; /* the application's handler must stay in front */
	return 0;
}

/* A reset to the default is not the application's handler: ours goes back. */
static int child_reset_to_default(void)
{
	unsigned char *none =
		mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char buf[16];

	if (mr_memcpy_fromio_safe(buf, none, 16) != -EFAULT)
		return 1;
	signal(SIGSEGV, SIG_DFL);
	return mr_memcpy_fromio_safe(buf, none, 16) == -EFAULT ? 0 : 2;
}

static void test_application_handlers(void **state)
{
	(void)state;
	assert_int_equal(in_child(child_app_handler_first), 0);
	assert_int_equal(in_child(child_app_handler_after), 0);
	assert_int_equal(in_child(child_reset_to_default), 0);
}

/*
 * The same proofs with a trapped range live instead of safe copies: a
 * device model's range keeps the dispatcher in front (sim_device.c), and
 * faults outside it must end as they would without the library.
 */
static bool trapped_mode;
static volatile uint32_t *trap_regs;

static int arm_trap(void)
{
	struct mr_machine *m = NULL;

	if (mr_machine_open(&m, "sim,device=scratch@0xfe100000"))
		return 98;
	mr_machine_use(m);
	trap_regs = memremap(0xfe100000, MR_PAGE_SIZE, MEMREMAP_DEV);
	if (!trap_regs)
		return 97;
	trap_regs[1] = 0x5a5a;
	return trap_regs[1] == 0x5a5a ? 0 : 96;
}

/* Faults the library has nothing to do with end as they would without it. */
static int arm(void)
{
	unsigned char buf[16], *none;

	if (trapped_mode)
		return arm_trap();

	none = mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return mr_memcpy_fromio_safe(buf, none, 16) == -EFAULT ? 0 : 99;
}

static int child_segv(void)
{
	touch(mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	return 0;
}

static int child_segv_armed(void)
{
	return arm() ? 99 : child_segv();
}

/* A file mapping whose second page is gone, made without the library. */
static unsigned char *cut_file;

static void cut_file_map(void)
{
	char path[] = "/tmp/mr-safe-cut-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 2 * MR_PAGE_SIZE), 0);
	cut_file = mmap(NULL, 2 * MR_PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(cut_file != MAP_FAILED);
	assert_int_equal(ftruncate(fd, MR_PAGE_SIZE), 0);
	close(fd);
	unlink(path);
}

static int child_bus(void)
{
	touch(cut_file + MR_PAGE_SIZE);
	return 0;
}

static int child_bus_armed(void)
{
	unsigned char buf[16];

	/* The library's own SIGBUS first, then the application's. */
	if (mr_memcpy_fromio_safe(buf, cut_file + MR_PAGE_SIZE, 16) != -EIO)
		return 99;
	return child_bus();
}

static int child_kill(void)
{
	kill(getpid(), SIGBUS);
	return 0;
}

static int child_kill_armed(void)
{
	return arm() ? 99 : child_kill();
}

static int child_ignored_kill_armed(void)
{
	signal(SIGBUS, SIG_IGN);
	if (arm())
		return 99;
	kill(getpid(), SIGBUS);
	return 42; /* ignored, as it was before */
}

static void test_unrelated_faults(void **state)
{
	int plain;

	(void)state;
	/* No sim machine here: a child would inherit its whole direct map. */
	cut_file_map();
	/* Under a sanitizer its own handler reports and aborts: the same either way. */
	plain = in_child(child_segv);
	assert_true(WIFSIGNALED(plain) || WIFEXITED(plain));
	assert_int_equal(in_child(child_segv_armed), plain);
	plain = in_child(child_bus);
	assert_true(WIFSIGNALED(plain) || WIFEXITED(plain));
	assert_int_equal(in_child(child_bus_armed), plain);
	plain = in_child(child_kill);
	assert_true(WIFSIGNALED(plain) && WTERMSIG(plain) == SIGBUS);
	assert_int_equal(in_child(child_kill_armed), plain);
	plain = in_child(child_ignored_kill_armed);
	assert_true(WIFEXITED(plain) && WEXITSTATUS(plain) == 42);
	munmap(cut_file, 2 * MR_PAGE_SIZE);
}

/* ------------------------------- however the application's handler leaves */

/*
 * The application probes memory with its own handler while safe copies run
 * in another thread (so the library's handler is in front the whole time).
 * Each way its handler can leave must work as it does without the library,
 * fault after fault.
 */
static atomic_int copier_run;

/* Long copies, so that one is nearly always running while the probes fault. */
#define COPIER_LEN (32UL << 20)

static void *copier_main(void *arg)
{
	unsigned char *src = arg, *dst = src + COPIER_LEN;

	while (atomic_load(&copier_run))
		if (mr_memcpy_fromio_safe(dst, src, COPIER_LEN))
			_exit(97);
	return NULL;
}

/* The trapped form: accesses to a device model, one after another. */
static void *trapper_main(void *arg)
{
	(void)arg;
	while (copier_run)
		if (trap_regs[1] != 0x5a5a)
			_exit(96);
	return NULL;
}

/* Start a thread that keeps safe copies running; 0 when it is going. */
static int copier_start(pthread_t *t, bool armed)
{
	unsigned char *buf;

	if (!armed)
		return 0;
	if (trapped_mode) {
		if (arm_trap())
			return -1;
		copier_run = 1;
		return pthread_create(t, NULL, trapper_main, NULL) ? -1 : 0;
	}
	buf = mmap(NULL, 2 * COPIER_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	if (buf == MAP_FAILED)
		return -1;
	memset(buf, 1, 2 * COPIER_LEN);
	atomic_store(&copier_run, 1);
	if (pthread_create(t, NULL, copier_main, buf))
		return -1;
	/* Until its first copy is under way. */
	usleep(2000);
	return 0;
}

static void copier_stop(pthread_t t, bool armed)
{
	if (!armed)
		return;
	atomic_store(&copier_run, 0);
	pthread_join(t, NULL);
}

static sigjmp_buf probe_env;
static jmp_buf probe_env_plain;
static volatile int probe_calls;
static unsigned char *probe_page;

static void probe_siglongjmp(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	probe_calls++;
	siglongjmp(probe_env, 1);
}

static void probe_longjmp(int sig)
{
	(void)sig;
	probe_calls++;
	longjmp(probe_env_plain, 1);
}

/* Returns after making the page readable: the load is retried and succeeds. */
static void probe_return(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	probe_calls++;
	mprotect((void *)((uintptr_t)si->si_addr & ~(uintptr_t)(MR_PAGE_SIZE - 1)), MR_PAGE_SIZE,
		 PROT_READ);
}

static void probe_install(void (*fn)(int, siginfo_t *, void *), void (*plain)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (fn) {
		sa.sa_sigaction = fn;
		sa.sa_flags = SA_SIGINFO | flags;
	} else {
		sa.sa_handler = plain;
		sa.sa_flags = flags;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
}

/* Probes that fault twenty times, recovering each time: exit 0. */
static int probes(bool armed, bool sig)
{
	pthread_t t;
	int i;

	probe_page = mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sig)
		probe_install(probe_siglongjmp, NULL, 0);
	else
		probe_install(NULL, probe_longjmp, SA_NODEFER);
	if (copier_start(&t, armed))
		return 90;
	for (i = 0; i < 20; i++) {
		if (sig ? !sigsetjmp(probe_env, 1) : !setjmp(probe_env_plain))
			touch(probe_page + i);
		usleep(500);
	}
	copier_stop(t, armed);
	return probe_calls == 20 ? 0 : 10 + probe_calls;
}

static int child_probe_siglongjmp_armed(void)
{
	return probes(true, true);
}

static int child_probe_siglongjmp(void)
{
	return probes(false, true);
}

static __attribute__((unused)) int child_probe_longjmp_armed(void)
{
	return probes(true, false);
}

static __attribute__((unused)) int child_probe_longjmp(void)
{
	return probes(false, false);
}

/* A handler that returns (after mending the page) three times. */
static int returns(bool armed)
{
	pthread_t t;
	int i;

	probe_page = mmap(NULL, 3 * MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe_install(probe_return, NULL, 0);
	if (copier_start(&t, armed))
		return 90;
	for (i = 0; i < 3; i++)
		touch(probe_page + i * MR_PAGE_SIZE);
	copier_stop(t, armed);
	return probe_calls == 3 ? 0 : 10 + probe_calls;
}

static int child_return_armed(void)
{
	return returns(true);
}

static int child_return(void)
{
	return returns(false);
}

/* SA_RESETHAND: the first fault reaches the handler, the second kills. */
static int resethand(bool armed)
{
	pthread_t t;

	probe_page = mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe_install(probe_siglongjmp, NULL, SA_RESETHAND);
	if (copier_start(&t, armed))
		return 90;
	if (!sigsetjmp(probe_env, 1))
		touch(probe_page);
	if (probe_calls != 1)
		return 11;
	if (!sigsetjmp(probe_env, 1))
		touch(probe_page);
	return 12; /* the default action should have killed us */
}

static int child_resethand_armed(void)
{
	return resethand(true);
}

static int child_resethand(void)
{
	return resethand(false);
}

/* SIG_IGN does not ignore a fault: the kernel kills all the same. */
static int ignored_fault(bool armed)
{
	pthread_t t;

	probe_page = mmap(NULL, MR_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	signal(SIGSEGV, SIG_IGN);
	if (copier_start(&t, armed))
		return 90;
	touch(probe_page);
	return 13;
}

static int child_ignored_fault_armed(void)
{
	return ignored_fault(true);
}

static int child_ignored_fault(void)
{
	return ignored_fault(false);
}

static void test_application_handler_leaves(void **state)
{
	static const struct {
		const char *what;
		int (*plain)(void), (*armed)(void);
		bool survives;
	} cases[] = {
		{"siglongjmp", child_probe_siglongjmp, child_probe_siglongjmp_armed, true},
#ifndef __SANITIZE_THREAD__ /* TSan cannot longjmp out of a signal handler: the other builds do */
		{"longjmp", child_probe_longjmp, child_probe_longjmp_armed, true},
#endif
		{"return", child_return, child_return_armed, true},
		{"SA_RESETHAND", child_resethand, child_resethand_armed, false},
		{"SIG_IGN", child_ignored_fault, child_ignored_fault_armed, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int plain = in_child(cases[i].plain), armed = in_child(cases[i].armed);

		if (cases[i].survives && !(WIFEXITED(plain) && WEXITSTATUS(plain) == 0))
			fail_msg("%s: without the library the child ended with %#x", cases[i].what,
				 plain);
		if (armed != plain)
			fail_msg("%s: with safe copies running the child ended with %#x, "
				 "without them %#x",
				 cases[i].what, armed, plain);
	}
}

/* libmemremap-trap.so.0 is there (built when libcapstone-dev is): else skip. */
static bool trap_available(void)
{
	const char *why = getenv("MR_TEST_NO_TRAP");
	struct mr_machine *m = NULL;
	void *p;
	bool ok;

	/* scripts/valgrind: its JIT hands a fault handler no state to emulate from. */
	if (why && *why) {
		print_message("trapped cases skipped: %s\n", why);
		return false;
	}
	if (mr_machine_open(&m, "sim,device=scratch@0xfe100000"))
		return false;
	p = memremap(0xfe100000, MR_PAGE_SIZE, MEMREMAP_DEV);
	ok = p != NULL;
	if (p)
		memunmap(p);
	mr_machine_close(m);
	return ok;
}

static void test_unrelated_faults_trapped(void **state)
{
	if (!trap_available())
		skip();
	trapped_mode = true;
	test_unrelated_faults(state);
	trapped_mode = false;
}

static void test_application_handler_leaves_trapped(void **state)
{
	if (!trap_available())
		skip();
	trapped_mode = true;
	test_application_handler_leaves(state);
	trapped_mode = false;
}

/* ------------------------------------------ a copy inside a signal handler */

static volatile long alarm_copies, alarm_bad;
static unsigned char alarm_src[256];

static void on_alarm(int sig)
{
	unsigned char buf[sizeof(alarm_src)];

	(void)sig;
	if (mr_memcpy_fromio_safe(buf, alarm_src, sizeof(buf)) ||
	    memcmp(buf, alarm_src, sizeof(buf)))
		alarm_bad++;
	alarm_copies++;
}

/*
 * Copies in a loop, interrupted every 100 us by a timer whose handler copies
 * too: some of those land while a copy arms or disarms on the same thread.
 * A watchdog kills the child if that ever deadlocks.
 */
static int child_nested_copies(void)
{
	struct itimerval it = {{0, 100}, {0, 100}}; /* faster livelocks qemu-user */
	unsigned char src[64] = "outer", buf[64];
	struct timespec t0, t;
	long i;

	fill(alarm_src, sizeof(alarm_src), 3);
	signal(SIGALRM, on_alarm);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	setitimer(ITIMER_REAL, &it, NULL);
	/* A few seconds at most: emulators (qemu-user) deliver signals slowly. */
	for (i = 0; i < 200000 && alarm_copies < 2000; i++) {
		if (mr_memcpy_fromio_safe(buf, src, sizeof(buf)) || memcmp(buf, src, sizeof(buf)))
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 5)
			break;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	return alarm_copies > 0 && !alarm_bad ? 0 : 2;
}

static int child_nested_watchdog(void)
{
	pid_t pid = fork();
	int status;

	if (!pid)
		_exit(child_nested_copies());
	for (int i = 0; i < 600; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 4; /* a minute without finishing: deadlocked */
}

static void test_nested_in_handler(void **state)
{
	(void)state;
	assert_int_equal(in_child(child_nested_watchdog), 0);
}

/* ------------------------------------------------- non-canonical addresses */

/*
 * Addresses no access can reach. x86-64 reports one that is not canonical
 * (bits 63..47 not alike) with si_addr 0; arm64 ignores the top byte (TBI)
 * and faults on what is left. Either way the fault is the copy's: -EFAULT.
 */
static void test_noncanonical(void **state)
{
	unsigned char buf[16];
#if defined(__x86_64__)
	static const uintptr_t bad[] = {0x8000000000000000ULL, 0x0000800000000000ULL,
					/* starting in the lower half and running out of it */
					0x00007ffffffffff8ULL};
#else
	/* A tag alone (address 0 once it is dropped), and beyond a 48-bit address space. */
	static const uintptr_t bad[] = {0x8000000000000000ULL, 0x0001000000000000ULL};
#endif

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_errno(mr_memcpy_fromio_safe(buf, (void *)bad[i], sizeof(buf)) == -EFAULT,
			     EFAULT);
		assert_errno(mr_memcpy_toio_safe((void *)bad[i], buf, sizeof(buf)) == -EFAULT,
			     EFAULT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_truncated_file),
		cmocka_unit_test(test_segv),
		cmocka_unit_test(test_blocked_mask),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_application_handlers),
		cmocka_unit_test(test_unrelated_faults),
		cmocka_unit_test(test_application_handler_leaves),
		cmocka_unit_test(test_unrelated_faults_trapped),
		cmocka_unit_test(test_application_handler_leaves_trapped),
		cmocka_unit_test(test_nested_in_handler),
		cmocka_unit_test(test_noncanonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
