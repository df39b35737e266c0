/* SPDX-License-Identifier: MIT */
/* <linux/gfp.h>: the GFP_* flags are in <linux/slab.h>. */
#include <linux/slab.h>
