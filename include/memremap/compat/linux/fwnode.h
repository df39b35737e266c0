/* SPDX-License-Identifier: MIT */
/* <linux/fwnode.h>: a firmware node; here always a device-tree node's. */
#ifndef MR_COMPAT_LINUX_FWNODE_H
#define MR_COMPAT_LINUX_FWNODE_H

struct fwnode_operations;

struct fwnode_handle {
	struct fwnode_handle *secondary;
	const struct fwnode_operations *ops;
};

#endif /* MR_COMPAT_LINUX_FWNODE_H */
