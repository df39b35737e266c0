/* SPDX-License-Identifier: MIT */
/*
 * The sim machine's physical memory (sim_mem.c): bytes at any 64-bit
 * physical address, kept sparse, in one of three forms.
 *
 *   no mem=        memfds, one per 2^62 bytes (tmpfs takes any size): the
 *                  memory ends with the process
 *   mem=DIR        a folder, one sparse file per aligned extent, named by
 *                  the extent's first address in 16 hex digits; the extent
 *                  size is chosen once, when the folder is made, as the
 *                  largest power of two up to 1 TiB that the file system
 *                  lets a file grow to, and written in DIR/memremap-sim.
 *                  Any address works on any file system, and another
 *                  process or a later run sees the same bytes.
 *   mem=FILE       an existing regular file, file offset = physical address
 *                  (the form of earlier versions, still used as it is): its
 *                  file system's largest file is the limit (16 TiB on ext4).
 *
 * A new mem= path becomes a folder. A mapping that spans extents is one
 * reservation with an mmap per extent laid into it.
 */
#ifndef MR_SIM_MEM_H
#define MR_SIM_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "mr_base.h"

struct mr__simmem;

/* The file in a mem= folder that says it is one, and its extent size. */
#define MR__SIMMEM_FORMAT "memremap-sim"

/*
 * Open physical memory at @path (NULL: memfds). Return 0 or -errno with the
 * message set: ELOOP for a symlink, EINVAL for what is neither a regular
 * file nor a folder, or a folder that holds other things than sim memory.
 */
MR__HIDDEN int mr__simmem_open(struct mr__simmem **out, const char *path);
MR__HIDDEN void mr__simmem_close(struct mr__simmem *mem);
/*
 * Could [@phys, @phys + @len) be mapped? Nothing is made. Return 0, or
 * -ERANGE with the message set (the one-file form stops at 2^63).
 */
MR__HIDDEN int mr__simmem_check(const struct mr__simmem *mem, uint64_t phys, size_t len);
/*
 * Map @len bytes (whole pages) of physical memory at @phys, shared: at @at
 * (MAP_FIXED, over a reservation of the caller's) or, when @at is NULL,
 * wherever the kernel likes. Return the address, or NULL with errno and the
 * message set (a reservation at @at may then hold some of the pieces: the
 * caller unmaps it whole).
 */
MR__HIDDEN void *mr__simmem_map(struct mr__simmem *mem, uint64_t phys, size_t len, void *at);

#endif /* MR_SIM_MEM_H */
