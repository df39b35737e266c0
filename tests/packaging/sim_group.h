/* SPDX-License-Identifier: MIT */
/* A cmocka group run on a default sim machine, made the current one. */
#ifndef MR_PACKAGING_SIM_GROUP_H
#define MR_PACKAGING_SIM_GROUP_H

#include <memremap.h>

static int machine_setup(void **state)
{
	struct mr_machine *m = NULL;

	if (mr_machine_open(&m, "sim"))
		return -1;
	mr_machine_use(m);
	*state = m;
	return 0;
}

static int machine_teardown(void **state)
{
	mr_machine_use(NULL);
	mr_machine_close(*state);
	return 0;
}

#endif
