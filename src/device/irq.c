// SPDX-License-Identifier: MIT
/*
 * Interrupt lines: request_irq()/free_irq() (kernel/irq/manage.c) for
 * drivers in user space, and the raising side for device models.
 *
 * Handlers run in one interrupt thread of the process, as threaded
 * interrupts do: a model raises its line from inside the emulation of an
 * access (a signal handler), where nothing may block and where a handler
 * that touches the device's registers would fault again; so the raise
 * only marks the line pending and posts a semaphore (both
 * async-signal-safe), and the thread calls the line's handlers once per
 * raise it saw, after the access has completed. The thread starts with
 * the first request_irq().
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include <memremap/sim.h>

#include "mr_device.h"

#define MR__IRQ_LINES	 64
#define MR__IRQ_HANDLERS 4
#define MR__IRQ_FIRST	 16 /* below: the legacy ISA lines, never a model's */

struct mr__irq_action {
	mr_irq_handler_t handler;
	void *dev_id;
	const char *name;
};

struct mr__irq_line {
	_Atomic unsigned int pending;
	bool used; /* handed out by mr__irq_alloc() */
	bool shared;
	unsigned long count; /* handlers run */
	struct mr__irq_action act[MR__IRQ_HANDLERS];
};

static struct mr__irq_line mr__irqs[MR__IRQ_LINES];
/* Held while handlers run and while the table changes: free_irq() waits for a handler. */
static pthread_mutex_t mr__irq_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t mr__irq_sem;
static pthread_once_t mr__irq_once = PTHREAD_ONCE_INIT;
static bool mr__irq_started;
static pthread_t mr__irq_thread;

static struct mr__irq_line *mr__irq_line(unsigned int irq)
{
	if (irq < MR__IRQ_FIRST || irq >= MR__IRQ_FIRST + MR__IRQ_LINES)
		return NULL;
	return &mr__irqs[irq - MR__IRQ_FIRST];
}

unsigned int mr__irq_alloc(void)
{
	unsigned int i;

	pthread_mutex_lock(&mr__irq_lock);
	for (i = 0; i < MR__IRQ_LINES && mr__irqs[i].used; i++)
		;
	if (i < MR__IRQ_LINES) {
		memset(&mr__irqs[i], 0, sizeof(mr__irqs[i]));
		mr__irqs[i].used = true;
	}
	pthread_mutex_unlock(&mr__irq_lock);
	return i < MR__IRQ_LINES ? i + MR__IRQ_FIRST : 0;
}

void mr__irq_release(unsigned int irq)
{
	struct mr__irq_line *l = mr__irq_line(irq);

	if (!l)
		return;
	pthread_mutex_lock(&mr__irq_lock);
	memset(l, 0, sizeof(*l));
	pthread_mutex_unlock(&mr__irq_lock);
}

/* Run the handlers of every pending line; called with the lock held. */
static void mr__irq_run_pending(void)
{
	for (unsigned int i = 0; i < MR__IRQ_LINES; i++) {
		struct mr__irq_line *l = &mr__irqs[i];

		while (l->act[0].handler && atomic_load(&l->pending)) {
			atomic_fetch_sub(&l->pending, 1);
			for (int k = 0; k < MR__IRQ_HANDLERS; k++)
				if (l->act[k].handler)
					l->act[k].handler((int)(i + MR__IRQ_FIRST),
							  l->act[k].dev_id);
			l->count++;
		}
	}
}

static void *mr__irq_main(void *arg)
{
	(void)arg;
	for (;;) {
		while (sem_wait(&mr__irq_sem) && errno == EINTR)
			;
		pthread_mutex_lock(&mr__irq_lock);
		mr__irq_run_pending();
		pthread_mutex_unlock(&mr__irq_lock);
	}
	return NULL;
}

static void mr__irq_init(void)
{
	sem_init(&mr__irq_sem, 0, 0);
}

/*
 * The thread, once, with the program's signals blocked so that they stay
 * its other threads' to take; not the synchronous ones: a handler's access
 * to a modeled range faults and is emulated like any other.
 */
static int mr__irq_start(void)
{
	sigset_t all, old;
	int ret;

	if (mr__irq_started)
		return 0;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGTRAP);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ret = pthread_create(&mr__irq_thread, NULL, mr__irq_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret)
		return mr__err(ret, "request_irq: cannot start the interrupt thread: %s",
			       strerror(ret));
	pthread_detach(mr__irq_thread);
	mr__irq_started = true;
	return 0;
}

int mr__irq_raise(unsigned int irq)
{
	struct mr__irq_line *l = mr__irq_line(irq);

	if (!l)
		return -EINVAL;
	pthread_once(&mr__irq_once, mr__irq_init);
	atomic_fetch_add(&l->pending, 1);
	sem_post(&mr__irq_sem);
	return l->act[0].handler ? 0 : -ENOENT;
}

int mr_request_irq(unsigned int irq, mr_irq_handler_t handler, unsigned long flags,
		   const char *name, void *dev_id)
{
	struct mr__irq_line *l = mr__irq_line(irq);
	int k, ret;

	if (!l || !handler)
		return mr__err(EINVAL, "request_irq: %s line %u", handler ? "no" : "no handler for",
			       irq);
	if ((flags & MR_IRQF_SHARED) && !dev_id)
		return mr__err(EINVAL, "request_irq: a shared line needs a dev_id");
	pthread_once(&mr__irq_once, mr__irq_init);
	pthread_mutex_lock(&mr__irq_lock);
	ret = mr__irq_start();
	if (ret)
		goto out_unlock;
	if (l->act[0].handler && (!l->shared || !(flags & MR_IRQF_SHARED))) {
		ret = mr__err(EBUSY, "request_irq: line %u is taken by %s", irq,
			      l->act[0].name ? l->act[0].name : "another handler");
		goto out_unlock;
	}
	for (k = 0; k < MR__IRQ_HANDLERS && l->act[k].handler; k++)
		;
	if (k == MR__IRQ_HANDLERS) {
		ret = mr__err(EBUSY, "request_irq: line %u has %d handlers already", irq, k);
		goto out_unlock;
	}
	l->act[k] = (struct mr__irq_action){handler, dev_id, name};
	l->shared = flags & MR_IRQF_SHARED;
	/* A raise nobody heard is delivered now. */
	if (atomic_load(&l->pending))
		sem_post(&mr__irq_sem);
out_unlock:
	pthread_mutex_unlock(&mr__irq_lock);
	return ret;
}

const char *mr_free_irq(unsigned int irq, void *dev_id)
{
	struct mr__irq_line *l = mr__irq_line(irq);
	const char *name = NULL;
	int k;

	pthread_mutex_lock(&mr__irq_lock);
	for (k = 0; l && k < MR__IRQ_HANDLERS; k++)
		if (l->act[k].handler && l->act[k].dev_id == dev_id)
			break;
	if (l && k < MR__IRQ_HANDLERS) {
		name = l->act[k].name;
		memmove(&l->act[k], &l->act[k + 1],
			(size_t)(MR__IRQ_HANDLERS - 1 - k) * sizeof(l->act[0]));
		memset(&l->act[MR__IRQ_HANDLERS - 1], 0, sizeof(l->act[0]));
	}
	pthread_mutex_unlock(&mr__irq_lock);
	if (!name)
		mr__log(MR_LOG_WARNING, "Trying to free already-free IRQ %u", irq);
	return name;
}
