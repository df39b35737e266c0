/* SPDX-License-Identifier: MIT */
/*
 * <linux/kobject.h>: kobjects are accepted and recorded. There is no sysfs
 * in user space; libmemremap-compat keeps each kobject and the attributes
 * put on it, and `memremap module` lists them.
 */
#ifndef MR_COMPAT_LINUX_KOBJECT_H
#define MR_COMPAT_LINUX_KOBJECT_H

#include "../../../memremap/device.h" /* struct kobject */
#include <linux/sysfs.h>
#include <linux/types.h>

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	const struct attribute_group **default_groups;
};

struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			 size_t count);
};

enum kobject_action { KOBJ_ADD, KOBJ_REMOVE, KOBJ_CHANGE, KOBJ_MOVE, KOBJ_ONLINE, KOBJ_OFFLINE };

#define UEVENT_NUM_ENVP	   64
#define UEVENT_BUFFER_SIZE 2048
/* The environment of a uevent: built, recorded, sent nowhere. */
struct kobj_uevent_env {
	char *argv[3];
	char *envp[UEVENT_NUM_ENVP];
	int envp_idx;
	char buf[UEVENT_BUFFER_SIZE];
	int buflen;
};

extern int add_uevent_var(struct kobj_uevent_env *env, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

extern struct kobject *firmware_kobj;
extern struct kobject *kernel_kobj;

extern struct kobject *kobject_create_and_add(const char *name, struct kobject *parent);
extern struct kobject *kobject_get(struct kobject *kobj);
extern void kobject_put(struct kobject *kobj);
extern void kobject_del(struct kobject *kobj);
extern int kobject_uevent(struct kobject *kobj, enum kobject_action action);
extern int kobject_uevent_env(struct kobject *kobj, enum kobject_action action, char *envp[]);
static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

#endif /* MR_COMPAT_LINUX_KOBJECT_H */
