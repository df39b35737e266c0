// SPDX-License-Identifier: MIT
/* Placeholder until the linux platform lands: every open fails. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

unsigned int mr__cpu_phys_bits(void)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[256];
	unsigned int bits = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "address sizes : %u bits physical", &bits) == 1)
			break;
	if (f)
		fclose(f);
	return bits >= 32 && bits <= 52 ? bits : 46;
}

static int mr__linux_open(struct mr_machine *m, const char *args)
{
	(void)m;
	(void)args;
	return mr__err(ENOSYS, "the linux machine is not available yet");
}

const struct mr__platform mr__platform_linux = {
	.name = "linux",
	.open = mr__linux_open,
};
