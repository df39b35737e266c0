// SPDX-License-Identifier: MIT
/*
 * libmemremap-regs, the CMSIS-SVD and IP-XACT importers (XML, libxml2):
 * whatever the text, a load fails as documented and changes nothing, or
 * gives a model whose every invariant holds (tests/fuzz/regs_check.h).
 */
#include "regs_check.h"

/* The largest real descriptions are far above this; more only slows the search. */
#define FUZZ_REGS_MAX (64 << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size <= FUZZ_REGS_MAX)
		fuzz_regs_load(data, size);
	return 0;
}
