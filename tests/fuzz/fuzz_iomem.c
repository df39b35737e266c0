// SPDX-License-Identifier: MIT
/*
 * The /proc/iomem parser. Whatever the text, mr_iomem_parse() returns a
 * tree whose every invariant holds or fails with errno and a message; a
 * tree prints as text that parses to a tree that prints the same; the
 * queries answer within their contract on any tree.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <memremap.h>

#include "fuzz.h"
#include "mr_resource.h"

/* /proc/iomem of real machines is far below this; more only slows the search. */
#define FUZZ_IOMEM_MAX (64 << 10)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	return 0;
}

static char *print_tree(struct resource *root, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	FUZZ_CHECK(f, "open_memstream");
	FUZZ_CHECK(mr_iomem_print(root, f) == 0, "print: %s", mr_errmsg());
	fclose(f);
	return text;
}

static int count_cb(struct resource *res, void *arg)
{
	FUZZ_CHECK(res->start <= res->end, "walk gave [%llx, %llx]", (unsigned long long)res->start,
		   (unsigned long long)res->end);
	(*(int *)arg)++;
	return 0;
}

/* Ask the queries about each top-level resource and its edges. */
static void query_tree(struct resource *root)
{
	struct resource *p;
	int ri, n = 0;

	for (p = root->child; p && n < 64; p = p->sibling, n++) {
		ri = mr_region_intersects(root, p->start, (size_t)(p->end - p->start + 1),
					  IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE);
		FUZZ_CHECK(ri >= REGION_INTERSECTS && ri <= REGION_MIXED, "ri %d", ri);
		if ((p->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM)
			FUZZ_CHECK(ri == REGION_INTERSECTS, "System RAM '%s' answers %d", p->name,
				   ri);
		ri = mr_region_intersects(root, p->start ? p->start - 1 : 0, 2, IORESOURCE_MEM,
					  IORES_DESC_NONE);
		FUZZ_CHECK(ri >= REGION_INTERSECTS && ri <= REGION_MIXED, "ri %d", ri);
		(void)mr_iomem_is_exclusive(root, p->start, n & 1);
		(void)mr_iomem_is_exclusive(root, p->end, !(n & 1));
	}
	n = 0;
	mr_walk_iomem_res_desc(root, IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM, 0, UINT64_MAX, &n,
			       count_cb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resource *root, *again;
	char *text1, *text2;
	size_t len1, len2;

	if (size > FUZZ_IOMEM_MAX)
		return 0;
	errno = 0;
	root = mr_iomem_parse((const char *)data, size, UINT64_MAX);
	if (!root) {
		FUZZ_CHECK(errno == EINVAL || errno == EACCES, "errno %d: %s", errno, mr_errmsg());
		FUZZ_CHECK(mr_errmsg()[0], "no message");
		return 0;
	}
	FUZZ_CHECK(mr__resource_check(root) == 0, "%s", mr_errmsg());
	query_tree(root);

	/* Printing is a fixed point after one round. */
	text1 = print_tree(root, &len1);
	again = mr_iomem_parse(text1, len1, UINT64_MAX);
	FUZZ_CHECK(again, "printed tree does not parse: %s\n%s", mr_errmsg(), text1);
	text2 = print_tree(again, &len2);
	FUZZ_CHECK(len1 == len2 && !memcmp(text1, text2, len1), "print is not stable:\n%s\n--\n%s",
		   text1, text2);
	mr_iomem_free(again);
	free(text1);
	free(text2);
	mr_iomem_free(root);
	return 0;
}
