/* SPDX-License-Identifier: MIT */
/*
 * <linux/sysfs.h>: attributes and groups are accepted and recorded
 * (libmemremap-compat): each call is remembered with the kobject it names,
 * nothing appears in a file system, and `memremap module` lists them.
 */
#ifndef MR_COMPAT_LINUX_SYSFS_H
#define MR_COMPAT_LINUX_SYSFS_H

#include <sys/stat.h> /* S_IRUSR and the other mode bits */
#include <sys/types.h>

#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct kobject;
struct file;
struct vm_area_struct;

struct attribute {
	const char *name;
	umode_t mode;
};

struct bin_attribute {
	struct attribute attr;
	size_t size;
	void *private;
	ssize_t (*read)(struct file *f, struct kobject *kobj, struct bin_attribute *attr, char *buf,
			loff_t off, size_t count);
	ssize_t (*read_new)(struct file *f, struct kobject *kobj, const struct bin_attribute *attr,
			    char *buf, loff_t off, size_t count);
	ssize_t (*write)(struct file *f, struct kobject *kobj, struct bin_attribute *attr,
			 char *buf, loff_t off, size_t count);
	int (*mmap)(struct file *f, struct kobject *kobj, struct bin_attribute *attr,
		    struct vm_area_struct *vma);
};

struct attribute_group {
	const char *name;
	umode_t (*is_visible)(struct kobject *kobj, struct attribute *attr, int n);
	umode_t (*is_bin_visible)(struct kobject *kobj, struct bin_attribute *attr, int n);
	struct attribute **attrs;
	struct bin_attribute **bin_attrs;
};

struct sysfs_ops {
	ssize_t (*show)(struct kobject *kobj, struct attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct attribute *attr, const char *buf, size_t n);
};

#define __ATTR(_name, _mode, _show, _store)                                                   \
	{                                                                                     \
		.attr = {.name = #_name, .mode = (_mode)}, .show = (_show), .store = (_store) \
	}
#define __ATTR_RO_MODE(_name, _mode)                                            \
	{                                                                       \
		.attr = {.name = #_name, .mode = (_mode)}, .show = _name##_show \
	}
#define __ATTR_RO(_name) __ATTR_RO_MODE(_name, 0444)
#define __ATTR_WO(_name)                                                       \
	{                                                                      \
		.attr = {.name = #_name, .mode = 0200}, .store = _name##_store \
	}
#define __ATTR_RW(_name) __ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_NULL                     \
	{                               \
		.attr = {.name = NULL } \
	}
#define __BIN_ATTR(_name, _mode, _read, _write, _size)                                         \
	{                                                                                      \
		.attr = {.name = #_name, .mode = (_mode)}, .read = (_read), .write = (_write), \
		.size = (_size)                                                                \
	}
#define BIN_ATTR(_name, _mode, _read, _write, _size) \
	struct bin_attribute bin_attr_##_name = __BIN_ATTR(_name, _mode, _read, _write, _size)
#define BIN_ATTR_RO(_name, _size) \
	struct bin_attribute bin_attr_##_name = __BIN_ATTR(_name, 0444, _name##_read, NULL, _size)
#define BIN_ATTR_ADMIN_RO(_name, _size) \
	struct bin_attribute bin_attr_##_name = __BIN_ATTR(_name, 0400, _name##_read, NULL, _size)

#define ATTRIBUTE_GROUPS(_name)                                                       \
	static const struct attribute_group _name##_group = {.attrs = _name##_attrs}; \
	static const struct attribute_group *_name##_groups[] = {&_name##_group, NULL}
#define BIN_ATTRIBUTE_GROUPS(_name)                                                       \
	static const struct attribute_group _name##_group = {.bin_attrs = _name##_attrs}; \
	static const struct attribute_group *_name##_groups[] = {&_name##_group, NULL}

extern int sysfs_create_file(struct kobject *kobj, const struct attribute *attr);
extern void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr);
extern int sysfs_create_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
extern void sysfs_remove_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
extern int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
extern void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
extern int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups);
extern void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);
extern int sysfs_emit(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define sysfs_attr_init(attr)	  ((void)(attr))
#define sysfs_bin_attr_init(attr) ((void)(attr))

#endif /* MR_COMPAT_LINUX_SYSFS_H */
