/* SPDX-License-Identifier: MIT */
/* <linux/kstrtox.h>: the kstrto*() parsers are in <linux/kernel.h>. */
#include <linux/kernel.h>
