/* SPDX-License-Identifier: MIT */
/*
 * The api layer's own: holding a machine for a call that does its work
 * outside the library lock (reading sysfs, opening VFIO devices, planning
 * for the doctor), as memremap() holds one while it maps.
 */
#ifndef MR_API_H
#define MR_API_H

#include "mr_machine.h"

/*
 * @m (NULL: the current machine, the default opened if need be) held until
 * mr__api_release(); a close waits for it. NULL, with errno and the
 * message set, when there is none or it is closing.
 */
MR__HIDDEN struct mr_machine *mr__api_hold(struct mr_machine *m);
MR__HIDDEN void mr__api_release(struct mr_machine *m);

#endif /* MR_API_H */
