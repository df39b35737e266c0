// SPDX-License-Identifier: MIT
/*
 * Per-thread error messages, the log hook and the kernel's one-time warnings.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <pthread.h>
#include <string.h>

#include "mr_base.h"

#define MR__MSG_MAX 512

static _Thread_local char mr__msg[MR__MSG_MAX];

static pthread_mutex_t mr__log_lock = PTHREAD_MUTEX_INITIALIZER;
static mr_log_fn mr__log_fn;
static void *mr__log_arg;

const char *mr_errmsg(void)
{
	return mr__msg;
}

int mr__verr(int err, const char *fmt, va_list ap)
{
	vsnprintf(mr__msg, sizeof(mr__msg), fmt, ap);
	errno = err;
	return -err;
}

int mr__err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mr__verr(err, fmt, ap);
	va_end(ap);
	return -err;
}

void mr__err_prefix(const char *fmt, ...)
{
	char old[MR__MSG_MAX];
	int saved = errno;
	size_t n;
	va_list ap;

	memcpy(old, mr__msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(mr__msg, sizeof(mr__msg), fmt, ap);
	va_end(ap);
	n = strlen(mr__msg);
	snprintf(mr__msg + n, sizeof(mr__msg) - n, "%s", old);
	errno = saved;
}

mr_log_fn mr_set_log(mr_log_fn fn, void *arg)
{
	mr_log_fn old;

	pthread_mutex_lock(&mr__log_lock);
	old = mr__log_fn;
	mr__log_fn = fn;
	mr__log_arg = arg;
	pthread_mutex_unlock(&mr__log_lock);
	return old;
}

static void mr__vlog(int level, const char *fmt, va_list ap) MR__PRINTF(2, 0);

static void mr__vlog(int level, const char *fmt, va_list ap)
{
	char buf[MR__MSG_MAX];
	mr_log_fn fn;
	void *arg;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	pthread_mutex_lock(&mr__log_lock);
	fn = mr__log_fn;
	arg = mr__log_arg;
	pthread_mutex_unlock(&mr__log_lock);
	if (fn) {
		fn(level, buf, arg);
		return;
	}
	/* errno is the caller's: stderr must not change it. */
	int saved = errno;
	fprintf(stderr, "memremap: %s%s\n", level <= MR_LOG_WARNING ? "WARNING: " : "", buf);
	errno = saved;
}

void mr_printk(int level, const char *text)
{
	char buf[2 * MR__MSG_MAX]; /* a %ph dump runs long */
	size_t n;
	mr_log_fn fn;
	void *arg;
	int saved = errno;

	if (!text)
		return;
	pthread_mutex_lock(&mr__log_lock);
	fn = mr__log_fn;
	arg = mr__log_arg;
	pthread_mutex_unlock(&mr__log_lock);
	if (!fn) {
		/* The kernel's console: the text as the driver wrote it. */
		fputs(text, stderr);
		errno = saved;
		return;
	}
	n = strlen(text);
	if (n && text[n - 1] == '\n')
		n--;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	fn(level, buf, arg);
	errno = saved;
}

void mr__log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mr__vlog(level, fmt, ap);
	va_end(ap);
}

void mr__warn_once(mr__warned_t *warned, enum mr__warn_site site, const char *fmt, ...)
{
	static mr__warned_t process_wide;
	unsigned long bit = 1UL << site;
	va_list ap;

	if (!warned)
		warned = &process_wide;
	if (atomic_fetch_or(warned, bit) & bit)
		return;
	va_start(ap, fmt);
	mr__vlog(MR_LOG_WARNING, fmt, ap);
	va_end(ap);
}
