/* SPDX-License-Identifier: MIT */
/*
 * <linux/debugfs.h>: as in a kernel built without debugfs, every call
 * answers ERR_PTR(-ENODEV), which drivers are written to ignore; the name
 * is recorded with the sysfs records so `memremap module` can list it.
 */
#ifndef MR_COMPAT_LINUX_DEBUGFS_H
#define MR_COMPAT_LINUX_DEBUGFS_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/types.h>

struct dentry;

extern struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
					  void *data, const struct file_operations *fops);
extern struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
extern void debugfs_remove(struct dentry *dentry);
#define debugfs_remove_recursive debugfs_remove
#define debugfs_create_u32(name, mode, parent, value) \
	((void)debugfs_create_file(name, mode, parent, value, NULL))
#define debugfs_create_x32(name, mode, parent, value) \
	((void)debugfs_create_file(name, mode, parent, value, NULL))
#define debugfs_create_bool(name, mode, parent, value) \
	((void)debugfs_create_file(name, mode, parent, value, NULL))
#define debugfs_initialized() (false)

#endif /* MR_COMPAT_LINUX_DEBUGFS_H */
