// SPDX-License-Identifier: MIT
/* Holding a machine for a call of the api layer that works outside the lock. */
#include <errno.h>

#include "mr_api.h"

struct mr_machine *mr__api_hold(struct mr_machine *m)
{
	struct mr_machine *found;
	bool need_default;

	/* mr_machine_current() opens the default machine when nothing was chosen. */
	if (!m && !mr_machine_current())
		return NULL;
	mr__read_lock();
	found = mr__machine_resolve(m, &need_default);
	if (found && !mr__machine_get(found)) {
		mr__err(ENODEV, "machine '%s' is closing", found->spec);
		found = NULL;
	}
	mr__read_unlock();
	return found;
}

void mr__api_release(struct mr_machine *m)
{
	mr__machine_put(m);
}
