// SPDX-License-Identifier: MIT
/*
 * Sequences of calls on a simulated machine: memremap, memunmap (of live,
 * released and foreign pointers), devm_memremap, devm_memunmap, unbind,
 * region_intersects, mr_memremap_query, busy claims, writes through
 * aliases. A model of what should be live is kept beside the library, and
 * after every step:
 *   - the machine counts exactly the live mappings of the model;
 *   - every live mapping is found by mr_mapping_info() as it was made;
 *   - every released one is gone (unless its address was reused);
 *   - no two live mappings of one page hold different cache types, and
 *     nothing but WB maps System RAM;
 *   - each device holds exactly its records; the resource tree is sound
 *     after every claim and at the end.
 * The machines are opened once; each input leaves them as it found them.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <memremap.h>

#include "fuzz.h"
#include "mr_resource.h"

#define NLIVE	  24
#define NGONE	  32
#define NDEV	  3
#define NCLAIM	  4
#define ISA_START 0xa0000ULL
#define ISA_END	  0x100000ULL

/* Where the built-in map has something to say (and the holes between). */
static const uint64_t addrs[] = {
	0x0,	     0x1000,	  0x9f000,     0x9fc00,	    0xa0000,	  0xc0000,     0xf0000,
	0x100000,    0x1000000,	  0x7fe00000,  0x7ff00000,  0x80000000,	  0xbffff000,  0xe0000000,
	0xe0fff000,  0xfe000000,  0xfec00000,  0xfee00000,  0xfffff000,	  0x100000000, 0x13ffff000,
	0x150000000, 0x17ffff000, 0x180000000, 0x1bffff000, 0xfffffff000,
};
static const size_t sizes[] = {1,      0x10,	0x800,	 0x1000,   0x1001,    0x2000,
			       0x3000, 0x10000, 0x21000, 0x100000, 0x1000000, 0x10000000};

struct live {
	char *p;
	uint64_t phys;
	size_t size;
	unsigned long flags;
	unsigned long type;
	bool direct;
	int dev; /* -1 for none */
	int ri;	 /* region_intersects() for System RAM when it was made */
};

struct state {
	const uint8_t *data;
	size_t size, pos;
	struct mr_machine *m;
	struct device *dev[NDEV];
	struct live live[NLIVE];
	size_t nlive;
	char *gone[NGONE];
	size_t ngone;
	struct resource *claim[NCLAIM];
	int ri; /* region_intersects() for System RAM before the last memremap */
};

static struct mr_machine *machines[2];
static bool trace; /* MR_FUZZ_TRACE=1: print each step, to read a crash */

#define TRACE(...)                                    \
	do {                                          \
		if (trace)                            \
			fprintf(stderr, __VA_ARGS__); \
	} while (0)

/* Closed at exit: a leak check would read every page of their direct maps. */
static void close_machines(void)
{
	mr_machine_close(machines[0]);
	mr_machine_close(machines[1]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	trace = getenv("MR_FUZZ_TRACE") != NULL;
	if (!trace)
		mr_set_log(fuzz_quiet_log, NULL);
	FUZZ_CHECK(!mr_machine_open(&machines[0], "sim,phys-bits=40"), "%s", mr_errmsg());
	FUZZ_CHECK(!mr_machine_open(&machines[1], "sim,encrypt,highmem=0x100000000,phys-bits=36"),
		   "%s", mr_errmsg());
	atexit(close_machines);
	return 0;
}

static uint8_t byte(struct state *s)
{
	return s->pos < s->size ? s->data[s->pos++] : 0;
}

static uint64_t pick_addr(struct state *s)
{
	uint8_t a = byte(s), d = byte(s);
	uint64_t addr = addrs[a % (sizeof(addrs) / sizeof(addrs[0]))];

	/* Step by pages, sometimes to an odd byte. */
	addr += (uint64_t)(d & 0x1f) << 12;
	if (d & 0x80)
		addr += (uint64_t)byte(s) * 7;
	return addr;
}

static size_t pick_size(struct state *s, uint64_t addr)
{
	uint8_t b = byte(s);

	if (b == 0xff)
		return (size_t)(0 - addr) + 0x1000; /* wraps */
	if (b == 0xfe)
		return 0;
	return sizes[b % (sizeof(sizes) / sizeof(sizes[0]))] + (b & 0x80 ? byte(s) : 0);
}

static unsigned long pick_flags(struct state *s)
{
	uint8_t b = byte(s);

	if (b == 0xff)
		return (unsigned long)MEMREMAP_WC | 1UL << (7 + byte(s) % 57); /* an unknown bit */
	return b & MEMREMAP_ALL_FLAGS;
}

/* ------------------------------------------------------------- the model */

static bool pages_overlap(const struct live *a, const struct live *b)
{
	uint64_t a0 = a->phys & MR__PAGE_MASK, a1 = (a->phys + a->size - 1) | (MR_PAGE_SIZE - 1);
	uint64_t b0 = b->phys & MR__PAGE_MASK, b1 = (b->phys + b->size - 1) | (MR_PAGE_SIZE - 1);

	return a0 <= b1 && b0 <= a1;
}

static bool untracked(const struct live *l)
{
	return l->phys >= ISA_START && l->phys + l->size <= ISA_END;
}

/* Is @p inside a live mapping (its address was reused)? */
static bool reused(const struct state *s, const char *p)
{
	for (size_t i = 0; i < s->nlive; i++)
		if (!s->live[i].direct && p >= s->live[i].p - ((uintptr_t)s->live[i].p & 0xfff) &&
		    p < s->live[i].p + s->live[i].size + MR_PAGE_SIZE)
			return true;
	return false;
}

static void forget(struct state *s, size_t i)
{
	if (!s->live[i].direct) {
		if (s->ngone == NGONE)
			memmove(s->gone, s->gone + 1, --s->ngone * sizeof(s->gone[0]));
		s->gone[s->ngone++] = s->live[i].p;
	}
	s->live[i] = s->live[--s->nlive];
}

static void check_live(struct state *s, const struct live *l)
{
	struct mr_mapping_info info;
	int ri;

	FUZZ_CHECK(mr_mapping_info(l->p, &info) == 0, "live %p not found: %s", (void *)l->p,
		   mr_errmsg());
	FUZZ_CHECK(info.phys == l->phys && info.direct == l->direct && info.type == l->type,
		   "%p: phys %llx direct %d type %lu, made as %llx %d %lu", (void *)l->p,
		   (unsigned long long)info.phys, info.direct, info.type,
		   (unsigned long long)l->phys, l->direct, l->type);
	if (l->direct)
		return;
	FUZZ_CHECK(info.addr == l->p && info.size == l->size && info.flags == l->flags &&
			   info.machine == s->m,
		   "%p: described as %p size %zx flags %lx", (void *)l->p, info.addr, info.size,
		   info.flags);
	FUZZ_CHECK(info.dev == (l->dev < 0 ? NULL : s->dev[l->dev]), "%p: wrong device",
		   (void *)l->p);
	/* Claims made since may change the answer: take the one it was made on. */
	ri = l->ri;
	FUZZ_CHECK(ri != REGION_MIXED, "a mixed range is mapped at %llx",
		   (unsigned long long)l->phys);
	FUZZ_CHECK(ri == REGION_DISJOINT || l->type == MEMREMAP_WB, "System RAM at %llx mapped %s",
		   (unsigned long long)l->phys, mr_type_name(l->type));
}

static void check(struct state *s)
{
	struct mr_mapping_info info;
	size_t i, j, mapped = 0;
	int n[NDEV] = {0};

	for (i = 0; i < s->nlive; i++) {
		check_live(s, &s->live[i]);
		mapped += !s->live[i].direct;
		if (s->live[i].dev >= 0)
			n[s->live[i].dev]++;
		for (j = 0; j < i; j++)
			if (!s->live[i].direct && !s->live[j].direct &&
			    pages_overlap(&s->live[i], &s->live[j]) && !untracked(&s->live[i]) &&
			    !untracked(&s->live[j]))
				FUZZ_CHECK(s->live[i].type == s->live[j].type,
					   "%llx %s and %llx %s overlap",
					   (unsigned long long)s->live[i].phys,
					   mr_type_name(s->live[i].type),
					   (unsigned long long)s->live[j].phys,
					   mr_type_name(s->live[j].type));
	}
	FUZZ_CHECK(mr_machine_mappings(s->m) == mapped, "machine counts %zu, model %zu",
		   mr_machine_mappings(s->m), mapped);
	for (i = 0; i < s->ngone; i++)
		if (!reused(s, s->gone[i]))
			FUZZ_CHECK(mr_mapping_info(s->gone[i], &info) == -ENOENT,
				   "released %p still found", (void *)s->gone[i]);
	for (i = 0; i < NDEV; i++)
		FUZZ_CHECK(mr_device_resources(s->dev[i]) == n[i], "device %zu holds %d, model %d",
			   i, mr_device_resources(s->dev[i]), n[i]);
}

/* ------------------------------------------------------------- the steps */

static void add_live(struct state *s, void *p, uint64_t phys, size_t size, unsigned long flags,
		     int dev)
{
	struct mr_mapping_info info;
	struct live *l;

	FUZZ_CHECK(mr_mapping_info(p, &info) == 0, "new mapping %p not found", p);
	FUZZ_CHECK(info.type & flags & MEMREMAP_KIND || strstr(info.note, "inherited"),
		   "asked %lx, got %s without a note", flags, mr_type_name(info.type));
	if (s->nlive == NLIVE) {
		/* The model is full: undo at once, as a caller would. */
		if (dev >= 0)
			devm_memunmap(s->dev[dev], p);
		else
			memunmap(p);
		return;
	}
	l = &s->live[s->nlive++];
	*l = (struct live){p, phys, size, flags, info.type, info.direct, dev, 0};
	l->ri = s->ri;
	/* Write the first and last byte: the pointer covers what was asked. */
	l->p[0] = (char)s->pos;
	l->p[size - 1] = (char)s->pos;
}

static void step_map(struct state *s, int dev)
{
	uint64_t addr = pick_addr(s);
	size_t size = pick_size(s, addr), before = mr_machine_mappings(s->m);
	unsigned long flags = pick_flags(s);
	struct mr_query q;
	int qret;
	void *p;

	mr_machine_use(s->m);
	TRACE("map dev %d %#llx+%#zx flags %#lx\n", dev, (unsigned long long)addr, size, flags);
	s->ri = mr_region_intersects(mr_iomem_resource(s->m), addr, size, IORESOURCE_SYSTEM_RAM,
				     IORES_DESC_NONE);
	qret = mr_memremap_query(s->m, addr, size, flags, &q);
	FUZZ_CHECK(mr_machine_mappings(s->m) == before, "a query mapped something");
	errno = 0;
	if (dev >= 0) {
		p = devm_memremap(s->dev[dev], addr, size, flags);
		FUZZ_CHECK(p, "devm_memremap returned NULL");
		if (IS_ERR(p)) {
			FUZZ_CHECK(PTR_ERR(p) == -ENXIO || PTR_ERR(p) == -ENOMEM, "%ld",
				   PTR_ERR(p));
			p = NULL;
		}
	} else {
		p = mr_memremap(s->m, addr, size, flags);
	}
	if (!p) {
		FUZZ_CHECK(errno && mr_errmsg()[0], "failure without errno or message");
		FUZZ_CHECK(qret == -errno, "query said %d, memremap failed with %d: %s", qret,
			   errno, mr_errmsg());
		FUZZ_CHECK(mr_machine_mappings(s->m) == before, "a failure left a mapping");
		return;
	}
	TRACE("  -> %p\n", p);
	FUZZ_CHECK(qret == 0, "query said %d (%s), memremap mapped", qret, q.why);
	add_live(s, p, addr, size, flags, dev);
}

static void step_unmap(struct state *s)
{
	size_t i;

	if (!s->nlive)
		return;
	i = byte(s) % s->nlive;
	TRACE("unmap %p dev %d\n", (void *)s->live[i].p, s->live[i].dev);
	if (s->live[i].dev >= 0 && byte(s) & 1) {
		devm_memunmap(s->dev[s->live[i].dev], s->live[i].p);
	} else {
		/* A devm mapping may be unmapped by hand too, and leaves its device. */
		memunmap(s->live[i].p);
		/* A direct pointer was never mapped: its device keeps the record. */
		if (s->live[i].direct && s->live[i].dev >= 0)
			return;
	}
	forget(s, i);
}

/* Pointers that are not (or no longer) the start of a mapping: ignored. */
static void step_bad_unmap(struct state *s)
{
	size_t before = mr_machine_mappings(s->m);
	uint8_t b = byte(s);
	char stack;
	char *p = &stack;

	if (b & 1 && s->ngone)
		p = s->gone[byte(s) % s->ngone];
	else if (b & 2 && s->nlive && !s->live[b % s->nlive].direct)
		p = s->live[b % s->nlive].p + 1 + (b >> 4); /* interior */
	if (reused(s, p) && !(b & 2))
		return;
	for (size_t i = 0; i < s->nlive; i++)
		if (s->live[i].p == p)
			return;
	TRACE("bad unmap %p%s\n", (void *)p, b & 4 ? " (devm)" : "");
	if (b & 4)
		devm_memunmap(s->dev[b % NDEV], p);
	else
		memunmap(p);
	FUZZ_CHECK(mr_machine_mappings(s->m) == before, "a bad unmap changed the count");
}

static void step_unbind(struct state *s)
{
	int d = byte(s) % NDEV, want = 0, got;
	size_t i;

	for (i = 0; i < s->nlive; i++)
		want += s->live[i].dev == d;
	got = byte(s) & 1 ? mr_device_unbind(s->dev[d]) : -1;
	if (got < 0) {
		/* Free and make anew: the same as unbinding, for the mappings. */
		mr_device_free(s->dev[d]);
		s->dev[d] = mr_device_new("fuzz");
		FUZZ_CHECK(s->dev[d], "mr_device_new: %s", mr_errmsg());
		got = want;
	}
	TRACE("unbind %d: %d\n", d, got);
	FUZZ_CHECK(got == want, "unbind released %d, model holds %d", got, want);
	for (i = s->nlive; i-- > 0;)
		if (s->live[i].dev == d)
			forget(s, i);
}

static void step_region(struct state *s)
{
	uint64_t addr = pick_addr(s);
	size_t size = pick_size(s, addr);
	struct mr_query q;
	int ri;

	ri = mr_region_intersects(mr_iomem_resource(s->m), addr, size, IORESOURCE_SYSTEM_RAM,
				  IORES_DESC_NONE);
	FUZZ_CHECK(ri >= REGION_INTERSECTS && ri <= REGION_MIXED, "ri %d", ri);
	if (size && addr + size - 1 >= addr) {
		mr_memremap_query(s->m, addr, size, MEMREMAP_WB, &q);
		FUZZ_CHECK(q.ri == ri, "query saw %d, region_intersects %d", q.ri, ri);
	}
}

/* Claim a range busy, or release a claim; EXCLUSIVE mappings then meet it. */
static void step_claim(struct state *s)
{
	struct resource *root = mr_iomem_resource(s->m);
	uint8_t b = byte(s);
	int i = b % NCLAIM;
	uint64_t addr;
	size_t size;

	if (s->claim[i]) {
		__release_region(root, s->claim[i]->start, resource_size(s->claim[i]));
		s->claim[i] = NULL;
		return;
	}
	addr = pick_addr(s);
	size = pick_size(s, addr);
	s->claim[i] =
		__request_region(root, addr, size, "fuzz", b & 0x10 ? IORESOURCE_EXCLUSIVE : 0);
	FUZZ_CHECK(s->claim[i] || errno == EBUSY || errno == EINVAL, "claim: %d %s", errno,
		   mr_errmsg());
	/* Claims are the only steps that change the tree itself. */
	FUZZ_CHECK(mr__resource_check(root) == 0, "%s", mr_errmsg());
}

/* Two live mappings of one physical byte see the same value. */
static void step_alias(struct state *s)
{
	struct live *a, *b;
	uint64_t phys;
	char v = (char)(byte(s) | 1);

	if (s->nlive < 2)
		return;
	a = &s->live[byte(s) % s->nlive];
	b = &s->live[byte(s) % s->nlive];
	if (a == b || b->phys > a->phys + a->size - 1 || a->phys > b->phys + b->size - 1)
		return;
	phys = a->phys > b->phys ? a->phys : b->phys;
	a->p[phys - a->phys] = v;
	FUZZ_CHECK(b->p[phys - b->phys] == v, "aliases of %llx disagree", (unsigned long long)phys);
}

static void finish(struct state *s)
{
	for (size_t i = 0; i < NDEV; i++)
		mr_device_free(s->dev[i]);
	for (size_t i = 0; i < s->nlive; i++)
		if (s->live[i].dev < 0)
			memunmap(s->live[i].p);
	for (size_t i = 0; i < NCLAIM; i++)
		if (s->claim[i])
			__release_region(mr_iomem_resource(s->m), s->claim[i]->start,
					 resource_size(s->claim[i]));
	FUZZ_CHECK(mr_machine_mappings(s->m) == 0, "%zu mappings outlived the input",
		   mr_machine_mappings(s->m));
	FUZZ_CHECK(mr_iomem_resource(s->m) && !mr__resource_check(mr_iomem_resource(s->m)), "tree");
	mr_machine_use(NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = {.data = data, .size = size};
	size_t steps = 0;

	if (size > 4096)
		return 0;
	s.m = machines[byte(&s) & 1];
	for (size_t i = 0; i < NDEV; i++) {
		s.dev[i] = mr_device_new(i ? "fuzz-dev" : "fuzz");
		FUZZ_CHECK(s.dev[i], "mr_device_new: %s", mr_errmsg());
	}
	while (s.pos < s.size && steps++ < 64) {
		switch (byte(&s) % 9) {
		case 0:
		case 1:
			step_map(&s, -1);
			break;
		case 2:
			step_map(&s, byte(&s) % NDEV);
			break;
		case 3:
			step_unmap(&s);
			break;
		case 4:
			step_bad_unmap(&s);
			break;
		case 5:
			step_unbind(&s);
			break;
		case 6:
			step_region(&s);
			break;
		case 7:
			step_claim(&s);
			break;
		case 8:
			step_alias(&s);
			break;
		}
		check(&s);
	}
	finish(&s);
	return 0;
}
