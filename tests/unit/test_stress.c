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

/*
 * Reader-heavy: many threads query and map RAM while one thread claims and
 * releases regions and maps devices, a device model's trapped window among
 * them. The readers' answers must not depend on the writer (it works
 * elsewhere), so each reader records its answers and a single-threaded
 * replay of the same calls, afterwards, must give every one of them again:
 * a torn read under a concurrent write would not.
 */
#define READERS	    3
#define READER_OPS  20000
#define WRITER_AREA 0xfe100000ULL /* reserved, away from RAM and the readers */
#define WRITER_DEV  0xfe300000ULL /* a scratch model: its mappings trap */
#define READER_DEV  0xe0000000ULL /* PCI: the readers' own new mappings */
#define RAM_BASE    0x100000ULL

struct answer {
	unsigned int op;
	uint64_t start, size;
	long long value; /* the region, the offset into the direct map, the phys, the result */
};

struct reader {
	unsigned int seed;
	struct answer *a;
	const char *window; /* the direct map's pointer for RAM, to compare offsets */
};

static atomic_int writing;

/* One reader call, chosen from @seed: the same seed gives the same calls. */
static void reader_call(struct mr_machine *m, unsigned int *seed, struct answer *a,
			const char *window)
{
	unsigned int r = (unsigned int)rand_r(seed);
	struct mr_mapping_info info;
	struct mr_query q;
	void *p;

	a->op = r % 5;
	a->start = (uint64_t)(rand_r(seed) % 0x90000) * 0x1000;
	a->size = 0x1000 + (uint64_t)(rand_r(seed) % 4) * 0x800;
	switch (a->op) {
	case 0: /* RAM, holes, the edges of the ACPI tables and the PCI window */
		a->value = region_intersects(a->start, a->size, IORESOURCE_SYSTEM_RAM,
					     IORES_DESC_NONE);
		break;
	case 1: /* RAM from the direct map: always the same pointer */
		a->start = RAM_BASE + (a->start % 0x7000000);
		p = memremap(a->start, a->size, MEMREMAP_WB);
		a->value = p ? (const char *)p - window : -1;
		memunmap(p);
		break;
	case 2:
		a->start = RAM_BASE + (a->start % 0x7000000);
		p = memremap(a->start, 0x10, MEMREMAP_WB);
		a->value =
			p && !mr_mapping_info(p, &info) && info.direct ? (long long)info.phys : -1;
		memunmap(p);
		break;
	case 3: /* a new mapping of its own: unmapping it asks whether it traps */
		a->start = READER_DEV + (a->start % 0x1000000);
		p = memremap(a->start, a->size, MEMREMAP_WC);
		a->value = p && !mr_mapping_info(p, &info) ? (long long)info.type : -1;
		memunmap(p);
		break;
	default: /* what would map where, never in the writer's area */
		a->value = mr_memremap_query(m, a->start, a->size, MEMREMAP_WT | MEMREMAP_WC, &q) *
				   1000LL +
			   q.ri * 10 + (long long)q.type;
	}
}

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	unsigned int seed = rd->seed;

	for (int i = 0; i < READER_OPS; i++)
		reader_call(NULL, &seed, &rd->a[i], rd->window);
	return NULL;
}

static void *writer_main(void *arg)
{
	struct mr_machine *m = arg;
	unsigned long n = 0;

	while (atomic_load(&writing)) {
		uint64_t at = WRITER_AREA + (n % 16) * 0x1000;
		struct resource *r =
			__request_region(mr_iomem_resource(m), at, 0x1000, "writer", 0);
		void *p = mr_memremap(m, at + 0x100000, 0x1000, MEMREMAP_DEV);
		void *trapped = mr_memremap(m, WRITER_DEV + (n % 2) * 0x1000, 0x1000, MEMREMAP_DEV);
		struct mr_mapping_info info;

		if (!trapped || mr_mapping_info(trapped, &info) || !strstr(info.how, "trap"))
			mr_test_fail_later(&failures, "writer's trapped mapping: %s",
					   trapped ? info.how : mr_errmsg());
		memunmap(trapped);
		if (!r)
			mr_test_fail_later(&failures, "writer's claim: %s", mr_errmsg());
		else
			__release_region(mr_iomem_resource(m), at, 0x1000);
		if (!p)
			mr_test_fail_later(&failures, "writer's mapping: %s", mr_errmsg());
		memunmap(p);
		n++;
	}
	return (void *)n;
}

static void test_readers_against_replay(void **state)
{
	struct mr_machine *m = mr_test_machine("sim,device=scratch:8K@0xfe300000");
	struct reader rd[READERS];
	pthread_t t[READERS], w;
	struct answer again;
	void *writes;
	char *window = memremap(RAM_BASE, 0x1000, MEMREMAP_WB);
	long mismatches = 0;

	(void)state;
	assert_non_null(window);
	atomic_store(&writing, 1);
	assert_int_equal(pthread_create(&w, NULL, writer_main, m), 0);
	for (int i = 0; i < READERS; i++) {
		rd[i] = (struct reader){4321u + (unsigned int)i,
					calloc(READER_OPS, sizeof(*rd[i].a)), window};
		assert_non_null(rd[i].a);
		assert_int_equal(pthread_create(&t[i], NULL, reader_main, &rd[i]), 0);
	}
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	atomic_store(&writing, 0);
	assert_int_equal(pthread_join(w, &writes), 0);
	mr_test_assert_no_failures(&failures);
	/* The same calls again, alone, from the same seeds. */
	for (int i = 0; i < READERS; i++) {
		unsigned int seed = rd[i].seed;

		for (int k = 0; k < READER_OPS; k++) {
			reader_call(NULL, &seed, &again, window);
			if (again.value != rd[i].a[k].value && !mismatches++)
				print_message(
					"reader %d call %d (op %u at %#llx+%#llx): %lld then, "
					"%lld alone\n",
					i, k, again.op, (unsigned long long)again.start,
					(unsigned long long)again.size, rd[i].a[k].value,
					again.value);
		}
		free(rd[i].a);
	}
	print_message("%d readers x %d calls beside %ld writer rounds: %ld answers differ from "
		      "the replay\n",
		      READERS, READER_OPS, (long)writes, mismatches);
	assert_int_equal(mismatches, 0);
	assert_true((long)writes > 0);
	memunmap(window);
	mr_test_machine_done(m);
}

/*
 * Direct-map pointers given back by other threads: each thread holds its
 * RAM in a shard of its own, so a memunmap() from another thread must find
 * the hold there, while that thread maps and unmaps in it. Every hold is
 * counted before and none may be left after.
 */
#define HANDOFF_THREADS 4
#define HANDOFF_PTRS	2000

struct handoff {
	int id;
	void *mine[HANDOFF_PTRS];
	void **theirs; /* the next thread's, unmapped here */
	long failed;
};

static pthread_barrier_t handoff_barrier;

static void *handoff_main(void *arg)
{
	struct handoff *h = arg;

	for (int i = 0; i < HANDOFF_PTRS; i++) {
		h->mine[i] =
			memremap(RAM_BASE + ((uint64_t)h->id * HANDOFF_PTRS + (uint64_t)i) * 0x1000,
				 0x100, MEMREMAP_WB);
		h->failed += !h->mine[i];
	}
	pthread_barrier_wait(&handoff_barrier); /* every thread's holds are taken */
	pthread_barrier_wait(&handoff_barrier); /* and counted */
	for (int i = 0; i < HANDOFF_PTRS; i++) {
		void *p = memremap(RAM_BASE, 0x10, MEMREMAP_WB); /* its own shard, meanwhile */

		memunmap(h->theirs[i]);
		h->failed += !p;
		memunmap(p);
	}
	return NULL;
}

static int count_direct(const struct mr_mapping_info *info, void *arg)
{
	*(long *)arg += info->direct;
	return 0;
}

static void test_direct_holds_given_back_by_others(void **state)
{
	struct mr_machine *m = mr_test_machine("sim");
	static struct handoff h[HANDOFF_THREADS];
	pthread_t t[HANDOFF_THREADS];
	long before = 0, after = 0;

	(void)state;
	assert_int_equal(pthread_barrier_init(&handoff_barrier, NULL, HANDOFF_THREADS + 1), 0);
	for (int i = 0; i < HANDOFF_THREADS; i++) {
		h[i].id = i;
		h[i].failed = 0;
		h[i].theirs = h[(i + 1) % HANDOFF_THREADS].mine;
		assert_int_equal(pthread_create(&t[i], NULL, handoff_main, &h[i]), 0);
	}
	pthread_barrier_wait(&handoff_barrier);
	assert_int_equal(mr_machine_for_each_direct(m, count_direct, &before), 0);
	pthread_barrier_wait(&handoff_barrier);
	for (int i = 0; i < HANDOFF_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(h[i].failed, 0);
	}
	assert_int_equal(mr_machine_for_each_direct(m, count_direct, &after), 0);
	print_message("%ld direct-map holds, each given back by another thread: %ld left\n", before,
		      after);
	assert_int_equal(before, HANDOFF_THREADS * HANDOFF_PTRS);
	assert_int_equal(after, 0);
	pthread_barrier_destroy(&handoff_barrier);
	mr_test_machine_done(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_queries_claim_nothing),
		cmocka_unit_test(test_readers_against_replay),
		cmocka_unit_test(test_direct_holds_given_back_by_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
