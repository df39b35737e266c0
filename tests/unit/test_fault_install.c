// SPDX-License-Identifier: MIT
/*
 * Arming the fault dispatcher while another thread faults. The safe copies
 * put the library's handler in front of the application's; a fault on
 * another thread may reach it the moment the kernel installs it, and the
 * handler must not act before it knows what it stands in front of.
 * sigaction() hands the old action back only after installing the new, so
 * a thread descheduled at the end of that system call (a loaded machine)
 * once left the handler an empty record, taken for SIG_DFL: the
 * application died of a fault its own handler recovers from
 * (unit.test_safe, once in CI). The handler now waits for the record.
 *
 * sigaction() is interposed here to make that window wide: when it installs
 * a SIGSEGV action and hands back the old one, it waits, the new action in
 * place, until the other thread's faults have come and gone (or half a
 * second, as the handler now waits for it), and only then fills in the old
 * one.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <memremap/safe.h>

#define FAULTS 5

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);

static atomic_int stall;     /* the next SIGSEGV install stalls */
static atomic_int recovered; /* faults the application's handler saw */
static atomic_int stalled;   /* an install is stalled now */

int sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	static sigaction_fn real;
	struct sigaction old;
	int ret;

	if (!real)
		real = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
	if (!act || !oact || sig != SIGSEGV || !atomic_exchange(&stall, 0))
		return real(sig, act, oact);
	ret = real(sig, act, &old);
	atomic_store(&stalled, 1);
	for (int i = 0; i < 5000 && atomic_load(&recovered) < FAULTS; i++)
		usleep(100);
	atomic_store(&stalled, 0);
	*oact = old;
	return ret;
}

static sigjmp_buf env;

static void app_handler(int sig)
{
	(void)sig;
	atomic_fetch_add(&recovered, 1);
	siglongjmp(env, 1);
}

static void *one_safe_copy(void *arg)
{
	unsigned char src[64] = {1}, dst[64];

	(void)arg;
	return (void *)(intptr_t)mr_memcpy_fromio_safe(dst, src, sizeof(dst));
}

/* The application recovers from each of its faults: exit 0. */
static int child(void)
{
	struct sigaction sa = {.sa_handler = app_handler};
	volatile unsigned char *page =
		mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;
	void *copied;

	sigemptyset(&sa.sa_mask);
	if (page == MAP_FAILED || sigaction(SIGSEGV, &sa, NULL))
		return 90;
	atomic_store(&stall, 1);
	if (pthread_create(&t, NULL, one_safe_copy, NULL))
		return 91;
	/* Fault only while the library's handler is in and does not yet know ours. */
	for (int i = 0; i < 5000 && !atomic_load(&stalled); i++)
		usleep(100);
	if (!atomic_load(&stalled))
		return 92;
	while (atomic_load(&recovered) < FAULTS)
		if (!sigsetjmp(env, 1))
			(void)*page;
	pthread_join(t, &copied);
	return copied ? 93 : 0;
}

static void test_fault_during_arming(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		signal(SIGSEGV, SIG_DFL); /* a plain program: not cmocka's handlers */
		_exit(child());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("the application's handler should have recovered from %d faults; the "
			 "child ended with %#x",
			 FAULTS, status);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_during_arming),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
