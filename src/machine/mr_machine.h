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

/* mr_machine_doctor() under way: where its lines go. */
struct mr__doctor {
	void (*fn)(const struct mr_doctor_line *line, void *arg);
	void *arg;
	int worst; /* the highest level said */
};

/*
 * One doctor line: @level (MR_DOCTOR_*), @topic, what (@fmt ...) and what
 * to do about it (@fix, may be NULL). Text longer than the line's fields is
 * cut.
 */
MR__HIDDEN void mr__doctor_say(struct mr__doctor *d, int level, const char *topic, const char *fix,
			       const char *fmt, ...) MR__PRINTF(5, 6);

#endif /* MR_MACHINE_H */
