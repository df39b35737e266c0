/* SPDX-License-Identifier: MIT */
/*
 * The machine layer: the life of a machine once its platform is known
 * (made, opened, listed, made current, closed) and what can be asked of an
 * open one. Which platform a spec names is the api layer's business, above
 * the platforms: this layer knows them only through their ops.
 */
#ifndef MR_MACHINE_H
#define MR_MACHINE_H

#include "mr_memremap.h"

/*
 * Make a machine of @ops from @spec, open it with @args (what follows the
 * platform's name in @spec) and list it. Return: 0 or -errno with the
 * message set; nothing is left allocated on failure.
 */
MR__HIDDEN int mr__machine_create(const struct mr__platform *ops, const char *spec,
				  const char *args, struct mr_machine **out);

/*
 * With the library lock held for reading: @m when it is open, or, for NULL,
 * the current machine (the one chosen, else the default). NULL with errno
 * ENODEV and a message otherwise; *@need_default then says whether the
 * default machine should be opened (nothing was ever chosen, nothing was
 * closed under the caller).
 */
MR__HIDDEN struct mr_machine *mr__machine_resolve(struct mr_machine *m, bool *need_default);
/*
 * Make @m the default machine, unless another thread set one first (or the
 * current machine was closed meanwhile). Return: true when @m is now it.
 */
MR__HIDDEN bool mr__machine_set_default(struct mr_machine *m);
/* The default machine, or NULL (the exit-time destructor closes it). */
MR__HIDDEN struct mr_machine *mr__machine_default(void);

#endif /* MR_MACHINE_H */
