// SPDX-License-Identifier: MIT
/*
 * The library lock: what the kernel's resource_lock is to its resource
 * tree, for every resource tree, the index of live mappings and the list
 * of open machines. It is read far more often than it is changed, and a
 * shared read-write lock makes every reader write its one cache line: on
 * two cores two readers ran slower than one.
 *
 * So each thread has a lock of its own, on a cache line of its own
 * (a "big reader" lock). A reader takes only its own: readers never touch
 * each other's memory and never wait for each other. A writer takes a
 * writers' mutex and then every thread's lock, so it waits for the readers
 * in flight and keeps new ones out; writers are rare (a region claimed or
 * released, a mapping made or unmapped, a machine opened or closed), and a
 * write costs one uncontended lock per thread that ever read.
 *
 * Read sections nest on a thread, and a writer may read inside its write
 * section. A reader that asks to write first lets go of its read (so two
 * such threads never wait for each other) and must expect what it read to
 * have changed, as with any upgrade; the library never relies on it. A thread's lock
 * joins the list the first time it reads and leaves it when the thread
 * exits. fork() takes the write side first, so the child never inherits a
 * lock that another thread held.
 *
 * Why not read-copy-update (liburcu)? Its readers are as cheap, but every
 * structure it guards would need copy-on-write updates and deferred frees:
 * the kernel's resource tree, whose nodes callers own, does not lend itself
 * to that. docs/architecture.md has the measurements (bench/scale).
 */
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>

#include "mr_base.h"

struct mr__br_rec {
	alignas(64) pthread_mutex_t lock;
	unsigned int depth; /* this thread's read nesting (only it touches it) */
	bool linked;
	struct mr__br_rec *next, *prev;
};

static pthread_mutex_t mr__br_writers = PTHREAD_MUTEX_INITIALIZER;
static struct mr__br_rec *mr__br_list; /* every thread that ever read, under mr__br_writers */
static pthread_key_t mr__br_key;
static pthread_once_t mr__br_once = PTHREAD_ONCE_INIT;

static _Thread_local struct mr__br_rec mr__br_self MR__TLS_IE;
static _Thread_local unsigned int mr__br_wdepth MR__TLS_IE; /* this thread's write nesting */

/* A thread that ends leaves the list (its lock is free: it reads no more). */
static void mr__br_exit(void *arg)
{
	struct mr__br_rec *rec = arg;

	pthread_mutex_lock(&mr__br_writers);
	if (rec->prev)
		rec->prev->next = rec->next;
	else
		mr__br_list = rec->next;
	if (rec->next)
		rec->next->prev = rec->prev;
	rec->linked = false;
	pthread_mutex_unlock(&mr__br_writers);
	pthread_mutex_destroy(&rec->lock);
}

static void mr__br_fork_prepare(void)
{
	mr__write_lock();
}

static void mr__br_fork_parent(void)
{
	mr__write_unlock();
}

/*
 * The child has one thread, this one, holding every lock (prepare took the
 * write side): let go of them, and forget the threads the child does not
 * have.
 */
static void mr__br_fork_child(void)
{
	mr__write_unlock();
	mr__br_list = NULL;
	if (mr__br_self.linked) {
		mr__br_self.next = mr__br_self.prev = NULL;
		mr__br_list = &mr__br_self;
	}
}

static void mr__br_init(void)
{
	if (pthread_key_create(&mr__br_key, mr__br_exit))
		abort(); /* before any thread can read: nothing sane to go on with */
	pthread_atfork(mr__br_fork_prepare, mr__br_fork_parent, mr__br_fork_child);
}

/* This thread's first read: join the list (under the writers' mutex). */
static void mr__br_join(struct mr__br_rec *rec)
{
	pthread_once(&mr__br_once, mr__br_init);
	struct mr__br_rec **pp, *last = NULL;

	pthread_mutex_init(&rec->lock, NULL);
	pthread_mutex_lock(&mr__br_writers);
	/* At the end: writers take the locks in one order, the order threads came in. */
	for (pp = &mr__br_list; *pp; pp = &(*pp)->next)
		last = *pp;
	rec->prev = last;
	rec->next = NULL;
	*pp = rec;
	rec->linked = true;
	pthread_mutex_unlock(&mr__br_writers);
	pthread_setspecific(mr__br_key, rec);
}

void mr__read_lock(void)
{
	struct mr__br_rec *rec = &mr__br_self;

	/* Nested, or inside this thread's own write section: already safe. */
	if (rec->depth++ || mr__br_wdepth)
		return;
	if (!rec->linked)
		mr__br_join(rec);
	pthread_mutex_lock(&rec->lock);
}

void mr__read_unlock(void)
{
	struct mr__br_rec *rec = &mr__br_self;

	if (--rec->depth || mr__br_wdepth)
		return;
	pthread_mutex_unlock(&rec->lock);
}

void mr__write_lock(void)
{
	struct mr__br_rec *rec;

	if (mr__br_wdepth++)
		return;
	/*
	 * A reader that asks to write lets go of its read first, or two such
	 * threads would wait for each other: what it read may change before
	 * it writes, as with any such upgrade.
	 */
	if (mr__br_self.depth)
		pthread_mutex_unlock(&mr__br_self.lock);
	pthread_mutex_lock(&mr__br_writers);
	for (rec = mr__br_list; rec; rec = rec->next)
		pthread_mutex_lock(&rec->lock);
}

void mr__write_unlock(void)
{
	struct mr__br_rec *rec;

	if (--mr__br_wdepth)
		return;
	/* A reader that wrote goes on reading: it keeps its own lock. */
	for (rec = mr__br_list; rec; rec = rec->next)
		if (rec != &mr__br_self || !rec->depth)
			pthread_mutex_unlock(&rec->lock);
	pthread_mutex_unlock(&mr__br_writers);
}
