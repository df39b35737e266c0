/* SPDX-License-Identifier: MIT */
/* <linux/export.h>: EXPORT_SYMBOL*() are in <linux/module.h>. */
#include <linux/module.h>
