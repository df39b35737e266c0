/* SPDX-License-Identifier: MIT */
/* <linux/spinlock.h>: in user space a spinlock is a mutex; irqs have no flags to save. */
#ifndef MR_COMPAT_LINUX_SPINLOCK_H
#define MR_COMPAT_LINUX_SPINLOCK_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t m;
} spinlock_t;

#define DEFINE_SPINLOCK(name)		    spinlock_t name = {PTHREAD_MUTEX_INITIALIZER}
#define spin_lock_init(lock)		    pthread_mutex_init(&(lock)->m, NULL)
#define spin_lock(lock)			    pthread_mutex_lock(&(lock)->m)
#define spin_unlock(lock)		    pthread_mutex_unlock(&(lock)->m)
#define spin_lock_irq(lock)		    spin_lock(lock)
#define spin_unlock_irq(lock)		    spin_unlock(lock)
#define spin_lock_irqsave(lock, flags)	    ((void)(flags = 0), spin_lock(lock))
#define spin_unlock_irqrestore(lock, flags) ((void)(flags), spin_unlock(lock))

#endif /* MR_COMPAT_LINUX_SPINLOCK_H */
