/* SPDX-License-Identifier: MIT */
/* <linux/mutex.h>: a sleeping lock is a pthread mutex. */
#ifndef MR_COMPAT_LINUX_MUTEX_H
#define MR_COMPAT_LINUX_MUTEX_H

#include <pthread.h>

struct mutex {
	pthread_mutex_t m;
};

#define __MUTEX_INITIALIZER(lockname)     \
	{                                 \
		PTHREAD_MUTEX_INITIALIZER \
	}
#define DEFINE_MUTEX(name)	       struct mutex name = __MUTEX_INITIALIZER(name)
#define mutex_init(lock)	       pthread_mutex_init(&(lock)->m, NULL)
#define mutex_destroy(lock)	       pthread_mutex_destroy(&(lock)->m)
#define mutex_lock(lock)	       pthread_mutex_lock(&(lock)->m)
#define mutex_lock_interruptible(lock) pthread_mutex_lock(&(lock)->m)
#define mutex_unlock(lock)	       pthread_mutex_unlock(&(lock)->m)
#define mutex_trylock(lock)	       (pthread_mutex_trylock(&(lock)->m) == 0)
#define devm_mutex_init(dev, lock)     (mutex_init(lock), 0)

#endif /* MR_COMPAT_LINUX_MUTEX_H */
