/* SPDX-License-Identifier: MIT */
/* <linux/delay.h>: waits are real sleeps. */
#ifndef MR_COMPAT_LINUX_DELAY_H
#define MR_COMPAT_LINUX_DELAY_H

#include <time.h>

static inline void mr__sleep_ns(unsigned long long ns)
{
	struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};

	nanosleep(&ts, NULL);
}

#define ndelay(n)	     mr__sleep_ns(n)
#define udelay(n)	     mr__sleep_ns((n)*1000ull)
#define mdelay(n)	     mr__sleep_ns((n)*1000000ull)
#define msleep(n)	     mr__sleep_ns((n)*1000000ull)
#define usleep_range(lo, hi) mr__sleep_ns((lo)*1000ull)
#define fsleep(us)	     mr__sleep_ns((us)*1000ull)

#endif /* MR_COMPAT_LINUX_DELAY_H */
