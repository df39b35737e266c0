/* SPDX-License-Identifier: MIT */
/* <asm/unaligned.h>: the name before 6.12. */
#include <linux/unaligned.h>
