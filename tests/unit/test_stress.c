// SPDX-License-Identifier: MIT
/*
 * Threads mapping and unmapping at once: shared ranges (where types inherit
 * or are refused), ranges of their own, exclusive claims and device-managed
 * mappings. Every mapping is accounted for at the end: each success is
 * unmapped once, no mapping, memory type or claim is left, the tree is as
 * it was. Built with TSan in CI.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "mr_test.h"
#include "mr_memremap.h"

#define THREADS	     4
#define PAIRS	     100000
#define FB	     0xe0000000ULL
#define SHARED_PAGES 8

static atomic_long mapped, refused, busy, unmapped;
static struct mr_test_failures failures = MR_TEST_FAILURES_INIT;

struct worker {
	int id;
	unsigned int seed;
	struct device *dev;
};

static unsigned long pick_type(unsigned int *seed)
{
	static const unsigned long types[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};

	return types[rand_r(seed) % 4];
}

/* One map/unmap pair on a shared page, a private page or a claimed range. */
static void one_pair(struct worker *w, void **held, int *nheld)
{
	unsigned int r = (unsigned int)rand_r(&w->seed);
	uint64_t own = FB + 0x100000 + (uint64_t)w->id * 0x10000;
	uint64_t phys;
	unsigned long flags;
	void *p;

	switch (r % 4) {
	case 0: /* overlapping pages, all threads, mixed types */
		phys = FB + (uint64_t)(rand_r(&w->seed) % SHARED_PAGES) * 0x1000;
		flags = pick_type(&w->seed);
		break;
	case 1: /* this thread's own range */
		phys = own + (uint64_t)(rand_r(&w->seed) % 16) * 0x1000;
		flags = pick_type(&w->seed);
		break;
	case 2: /* one exclusive range everybody wants */
		phys = FB + 0x80000;
		flags = MEMREMAP_WC | MEMREMAP_EXCLUSIVE;
		break;
	default: /* RAM from the direct map */
		phys = 0x100000 + (uint64_t)(rand_r(&w->seed) % 256) * 0x1000;
		flags = MEMREMAP_WB;
		break;
	}
	p = memremap(phys + (r & 0xff), 0x100, flags);
	if (!p) {
		if (errno == EAGAIN)
			atomic_fetch_add(&refused, 1);
		else if (errno == EBUSY)
			atomic_fetch_add(&busy, 1);
		else
			mr_test_fail_later(&failures, "unexpected failure: %s", mr_errmsg());
		return;
	}
	atomic_fetch_add(&mapped, 1);
	/*
	 * Other threads may hold the same page (shared pages, the direct map)
	 * and store to it too: an atomic store proves the mapping writable
	 * without racing with them.
	 */
	__atomic_store_n((char *)p, (char)r, __ATOMIC_RELAXED);
	/* Hold a few at a time so that live mappings overlap. */
	held[(*nheld)++] = p;
	if (*nheld == 4 || (r & 8)) {
		while (*nheld) {
			memunmap(held[--*nheld]);
			atomic_fetch_add(&unmapped, 1);
		}
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	void *held[4];
	int nheld = 0, i;

	for (i = 0; i < PAIRS / THREADS; i++) {
		one_pair(w, held, &nheld);
		/* Now and then a device-managed mapping, released by unbind. */
		if (i % 1000 == 0) {
			void *p = devm_memremap(w->dev, FB + 0x200000 + (uint64_t)w->id * 0x1000,
						0x1000, MEMREMAP_WC);

			if (IS_ERR(p))
				mr_test_fail_later(&failures, "devm_memremap: %s", mr_errmsg());
			mr_device_unbind(w->dev);
		}
	}
	while (nheld) {
		memunmap(held[--nheld]);
		atomic_fetch_add(&unmapped, 1);
	}
	return NULL;
}

static int count_resources(struct resource *r)
{
	int n = 0;

	for (; r; r = r->sibling)
		n += 1 + count_resources(r->child);
	return n;
}

static void test_threads(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	struct worker w[THREADS];
	pthread_t t[THREADS];
	int before = count_resources(m->iomem->child);
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++) {
		w[i].id = i;
		w[i].seed = 1234u + (unsigned int)i;
		w[i].dev = mr_device_new("stress");
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		mr_device_free(w[i].dev);
	}
	mr_test_assert_no_failures(&failures);
	print_message("mapped %ld, unmapped %ld, type refused %ld, busy %ld\n",
		      atomic_load(&mapped), atomic_load(&unmapped), atomic_load(&refused),
		      atomic_load(&busy));
	assert_int_equal(atomic_load(&mapped) + atomic_load(&refused) + atomic_load(&busy), PAIRS);
	assert_int_equal(atomic_load(&mapped), atomic_load(&unmapped));
	assert_true(atomic_load(&refused) > 0); /* the shared pages did collide */
	assert_true(atomic_load(&busy) > 0);	/* and so did the exclusive claims */
	assert_int_equal(mr_machine_mappings(m), 0);
	assert_int_equal(m->memtype.n, 0);
	assert_int_equal(count_resources(m->iomem->child), before);
	mr_test_machine_done(m);
}

/*
 * A query changes nothing anyone else can see: threads asking about an
 * EXCLUSIVE mapping of a range never make a real EXCLUSIVE memremap() of it
 * fail (it would, with EBUSY, if a query claimed the range for a moment).
 */
#define QUERY_THREADS 2
#define REAL_PAIRS    5000

static atomic_int querying;
static atomic_long queries_busy;

static void *query_main(void *arg)
{
	struct mr_machine *m = arg;
	struct mr_query q;
	long n = 0;
	int ret;

	while (atomic_load(&querying)) {
		ret = mr_memremap_query(m, FB + 0x300000, 0x2000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE,
					&q);
		/* Busy while the real mapping is live; nothing else. */
		if (ret == -EBUSY)
			atomic_fetch_add(&queries_busy, 1);
		else if (ret)
			mr_test_fail_later(&failures, "query: %s", q.why);
		n++;
	}
	return (void *)n;
}

static void test_queries_claim_nothing(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	pthread_t t[QUERY_THREADS];
	long queries = 0, failed = 0;
	void *ret;
	int i;

	(void)state;
	atomic_store(&querying, 1);
	for (i = 0; i < QUERY_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, query_main, m), 0);
	for (i = 0; i < REAL_PAIRS; i++) {
		void *p = mr_memremap(m, FB + 0x300000, 0x2000, MEMREMAP_WC | MEMREMAP_EXCLUSIVE);

		if (!p) {
			if (!failed++)
				print_message("real EXCLUSIVE memremap failed: %s\n", mr_errmsg());
			continue;
		}
		memunmap(p);
	}
	atomic_store(&querying, 0);
	for (i = 0; i < QUERY_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		queries += (long)ret;
	}
	print_message("%d real EXCLUSIVE pairs beside %ld queries (%ld saw the range busy): "
		      "%ld real ones failed\n",
		      REAL_PAIRS, queries, atomic_load(&queries_busy), failed);
	mr_test_assert_no_failures(&failures);
	assert_int_equal(failed, 0);
	assert_true(queries > 0);
	mr_test_machine_done(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_queries_claim_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
