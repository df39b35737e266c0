// SPDX-License-Identifier: MIT
/*
 * Which architecture's rules: by name (the sim spec's arch=), or the
 * running kernel's (the linux machine).
 */
#include <string.h>
#include <sys/utsname.h>

#include "mr_memremap.h"

static const struct mr__rules *const mr__rules_all[] = {&mr__rules_x86_64, &mr__rules_arm64};

const struct mr__rules *mr__rules_find(const char *name)
{
	size_t i;

	for (i = 0; i < MR__ARRAY_SIZE(mr__rules_all); i++)
		if (!strcmp(name, mr__rules_all[i]->name))
			return mr__rules_all[i];
	return NULL;
}

const char *mr__rules_names(void)
{
	return "x86_64, arm64";
}

/*
 * The kernel's machine name, not this program's: a 32-bit program on an
 * arm64 kernel follows arm64's rules. Kernels of other architectures get
 * x86-64's, as every machine did before there was a choice.
 */
const struct mr__rules *mr__rules_running(void)
{
	struct utsname u;

	if (!uname(&u) && (!strcmp(u.machine, "aarch64") || !strcmp(u.machine, "arm64")))
		return &mr__rules_arm64;
	return &mr__rules_x86_64;
}
