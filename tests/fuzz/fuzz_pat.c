// SPDX-License-Identifier: MIT
/*
 * The PAT list parser (/sys/kernel/debug/x86/pat_memtype_list text, the
 * sim's pat= file). Any text loads or fails with EINVAL and a message;
 * what loads is a sorted tracker that answers lookups and reservations
 * by the x86 rules, and frees what it reserved.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "mr_memtype.h"

#define FUZZ_PAT_MAX (64 << 10)

static const unsigned long types[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	return 0;
}

static void check_sorted(const struct mr__memtype *mt)
{
	for (size_t i = 0; i < mt->n; i++) {
		FUZZ_CHECK(mt->v[i].start < mt->v[i].end, "entry %zu is empty", i);
		FUZZ_CHECK(mt->v[i].end - mt->v[i].start <= mt->max_len, "max_len too small");
		FUZZ_CHECK(!i || mt->v[i - 1].start <= mt->v[i].start, "entry %zu out of order", i);
	}
}

/* Reserve over each loaded entry: the answer follows the holder's type. */
static void reserve_over(struct mr__memtype *mt, size_t n)
{
	static const char owner;
	unsigned long got, held;
	const struct mr__memtype_entry *e;
	uint64_t start, end;
	size_t i, before = mt->n;
	int ret;

	for (i = 0; i < n && i < 16; i++) {
		start = mt->v[i].start;
		end = mt->v[i].end;
		held = mt->v[i].type;
		e = mr__memtype_lookup(mt, start, end);
		FUZZ_CHECK(e && e->start < end && e->end > start, "lookup misses entry %zu", i);
		ret = mr__memtype_reserve(mt, start, end, types[i % 4], &got, &owner, NULL, 0);
		if (ret) {
			FUZZ_CHECK(ret == -EAGAIN || ret == -ENOMEM, "reserve: %d", ret);
			continue;
		}
		/* Granted: every entry there has one type, and the new one takes it. */
		if (!mr__memtype_untracked(start, end))
			FUZZ_CHECK(got == held && mr__memtype_allowed(types[i % 4], held),
				   "asked %lu, got %lu over %lu", types[i % 4], got, held);
		mr__memtype_free(mt, start, end, &owner);
	}
	FUZZ_CHECK(mt->n == before, "%zu entries after freeing, %zu before", mt->n, before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr__memtype mt;
	unsigned long type;
	char who[160];
	int ret;

	if (size > FUZZ_PAT_MAX)
		return 0;
	mr__memtype_init(&mt);
	errno = 0;
	ret = mr__memtype_load_pat(&mt, (const char *)data, size);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && errno == EINVAL, "ret %d errno %d", ret, errno);
		FUZZ_CHECK(mr_errmsg()[0], "no message");
	} else {
		check_sorted(&mt);
		reserve_over(&mt, mt.n);
		check_sorted(&mt);
		if (mt.n) {
			ret = mr__memtype_describe_range(&mt, mt.v[0].start, mt.v[0].end, &type,
							 who, sizeof(who));
			FUZZ_CHECK(ret == 1 && strstr(who, "PAT entry"), "describe: %d '%s'", ret,
				   who);
		}
	}
	mr__memtype_destroy(&mt);
	return 0;
}
