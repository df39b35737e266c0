// SPDX-License-Identifier: MIT
/*
 * A flattened device tree as the sim machine's resource tree
 * (libmemremap-compat's mr_compat_fdt_iomem(), behind `sim,dt=FILE`).
 * Whatever the bytes: a clean refusal with a message, or /proc/iomem text
 * that the library's own parser accepts and a list of MODEL@ADDR lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <memremap.h>
#include <memremap/compat_host.h>

#include "fuzz.h"

#define FUZZ_FDT_MAX (256 << 10)

int mr_compat_fdt_iomem(const void *blob, size_t len, char **iomem, char **models, char *err,
			size_t errlen);
void mr_compat_free(void *p);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "", *iomem = NULL, *models = NULL;
	struct resource *root;
	void *blob;
	int ret;

	if (size > FUZZ_FDT_MAX)
		return 0;
	/* libfdt reads the blob in place: give it an aligned copy of its own. */
	blob = malloc(size ? size : 1);
	FUZZ_CHECK(blob, "out of memory");
	memcpy(blob, data, size);
	ret = mr_compat_fdt_iomem(blob, size, &iomem, &models, err, sizeof(err));
	if (ret) {
		FUZZ_CHECK(ret < 0 && err[0], "a refusal without a message (%d)", ret);
		FUZZ_CHECK(!iomem && !models, "a refusal that returned text");
	} else {
		FUZZ_CHECK(iomem, "no text");
		root = mr_iomem_parse(iomem, strlen(iomem), UINT64_MAX);
		FUZZ_CHECK(root, "the text it wrote does not parse: %s\n%s", mr_errmsg(), iomem);
		mr_iomem_free(root);
		for (const char *m = models; m && *m; m = strchr(m, '\n') + 1)
			FUZZ_CHECK(strchr(m, '@') && strchr(m, '\n'), "a model line without @");
	}
	mr_compat_free(iomem);
	mr_compat_free(models);
	free(blob);
	return 0;
}
