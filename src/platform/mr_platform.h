/* SPDX-License-Identifier: MIT */
/*
 * The platform layer: one file a platform, each behind its const ops
 * (struct mr__platform, mr_mapping.h). Platforms stand on every layer below
 * them; only the api layer above names them.
 */
#ifndef MR_PLATFORM_H
#define MR_PLATFORM_H

#include "mr_machine.h"

MR__HIDDEN extern const struct mr__platform mr__platform_sim;
MR__HIDDEN extern const struct mr__platform mr__platform_linux;

/*
 * sim's dt=FILE (sim_dt.c): keep the flattened tree (a .dts is compiled
 * with dtc) in m->fdt; without a map file, the resource tree comes from it.
 */
MR__HIDDEN int mr__sim_dt_load(struct mr_machine *m, const char *path, bool have_map);

#endif /* MR_PLATFORM_H */
