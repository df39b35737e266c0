// SPDX-License-Identifier: MIT
/*
 * The memblock memory parser (/sys/kernel/debug/memblock/memory text, the
 * sim's memblock= file). Any text loads or fails with EINVAL and a message,
 * leaving nothing allocated; what loads is sorted regions that do not
 * overlap, and pfn_is_map_memory() over them agrees with a plain scan.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "mr_resource.h"

#define FUZZ_MEMBLOCK_MAX (64 << 10)

static const char iomem[] = "00001000-0009ffff : System RAM\n"
			    "00100000-3fffffff : System RAM\n"
			    "40000000-4000ffff : reserved\n";

static struct resource *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	root = mr_iomem_parse(iomem, sizeof(iomem) - 1, UINT64_MAX);
	FUZZ_CHECK(root, "the fixture map does not parse");
	return 0;
}

static bool scan(const struct mr__memblock *mb, uint64_t addr)
{
	for (size_t i = 0; i < mb->n; i++)
		if (addr >= mb->v[i].base && addr <= mb->v[i].last)
			return mb->v[i].nomap != 1;
	return false;
}

static void check(const struct mr__memblock *mb)
{
	for (size_t i = 0; i < mb->n; i++) {
		const struct mr__memblock_region *r = &mb->v[i];
		uint64_t probe[] = {r->base, r->last, r->base - 1, r->last + 1,
				    r->base + (r->last - r->base) / 2};

		FUZZ_CHECK(r->base <= r->last, "region %zu is inverted", i);
		FUZZ_CHECK(!i || mb->v[i - 1].last < r->base, "region %zu out of order", i);
		FUZZ_CHECK(r->nomap >= 0 && r->nomap <= 1, "region %zu: nomap %d", i, r->nomap);
		for (size_t j = 0; j < sizeof(probe) / sizeof(probe[0]); j++)
			FUZZ_CHECK(mr__memblock_is_map_memory(mb, probe[j]) == scan(mb, probe[j]),
				   "search and scan disagree at %#llx",
				   (unsigned long long)probe[j]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr__memblock mb;
	int ret;

	if (size > FUZZ_MEMBLOCK_MAX)
		return 0;
	mr__memblock_init(&mb);
	errno = 0;
	ret = mr__memblock_parse(&mb, (const char *)data, size);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL && errno == EINVAL, "ret %d errno %d", ret, errno);
		FUZZ_CHECK(mr_errmsg()[0], "no message");
		FUZZ_CHECK(!mb.v && !mb.n, "regions left after a failure");
	} else {
		mr__memblock_nomap_from_iomem(&mb, root);
		check(&mb);
	}
	mr__memblock_free(&mb);
	return 0;
}
