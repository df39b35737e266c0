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

#endif /* MR_PLATFORM_H */
