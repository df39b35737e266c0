/* SPDX-License-Identifier: MIT */
/* <linux/minmax.h>: min(), max() and clamp() are in <linux/kernel.h>. */
#include <linux/kernel.h>
