/* SPDX-License-Identifier: MIT */
/* Helpers shared by the unit tests: a log catcher and sim machines. */
#ifndef MR_TEST_H
#define MR_TEST_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <memremap.h>

/* Every warning the library logs while a test runs. */
struct mr_test_log {
	int count;
	char last[512];
	char all[4096];
};

static inline void mr_test_log_fn(int level, const char *msg, void *arg)
{
	struct mr_test_log *log = arg;
	size_t used = strlen(log->all);

	(void)level;
	log->count++;
	snprintf(log->last, sizeof(log->last), "%s", msg);
	snprintf(log->all + used, sizeof(log->all) - used, "%s\n", msg);
}

static inline void mr_test_log_start(struct mr_test_log *log)
{
	memset(log, 0, sizeof(*log));
	mr_set_log(mr_test_log_fn, log);
}

static inline void mr_test_log_stop(void)
{
	mr_set_log(NULL, NULL);
}

/* Open a sim machine and make it current; the test fails if it cannot. */
static inline struct mr_machine *mr_test_machine(const char *spec)
{
	struct mr_machine *m = NULL;
	int ret = mr_machine_open(&m, spec);

	if (ret)
		fail_msg("mr_machine_open(%s): %s", spec, mr_errmsg());
	mr_machine_use(m);
	return m;
}

static inline void mr_test_machine_done(struct mr_machine *m)
{
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_machine_use(NULL);
	mr_machine_close(m);
}

#define assert_errno(call_fails, err)                \
	do {                                         \
		errno = 0;                           \
		assert_true(call_fails);             \
		assert_int_equal(errno, (err));      \
		assert_true(mr_errmsg()[0] != '\0'); \
	} while (0)

#endif /* MR_TEST_H */
