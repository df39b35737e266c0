// SPDX-License-Identifier: MIT
/*
 * The kernel's small helpers that drivers call out of line: strings and
 * numbers (lib/kstrtox.c, mm/util.c), device-managed memory and mappings
 * (drivers/base/devres.c, lib/devres.c), seq_file, randomness; and the
 * calls that are accepted and recorded because user space has no place
 * for what they make (sysfs, kobjects, debugfs, misc devices, thermal
 * zones, nvmem providers): each is remembered for the host's report.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "compat.h"

/* ---------------------------------------------------------------- strings */

MR_EXPORT char *kstrdup(const char *s, gfp_t gfp)
{
	(void)gfp;
	return s ? strdup(s) : NULL;
}

MR_EXPORT const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

MR_EXPORT void kfree_const(const void *x)
{
	free((void *)(uintptr_t)x);
}

MR_EXPORT char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	(void)gfp;
	return s ? strndup(s, max) : NULL;
}

MR_EXPORT void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = malloc(len ? len : 1);

	(void)gfp;
	if (p)
		memcpy(p, src, len);
	return p;
}

MR_EXPORT void *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *p = malloc(len + 1);

	(void)gfp;
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

MR_EXPORT ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from,
					  size_t available)
{
	loff_t pos = *ppos;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	if (count > available - (size_t)pos)
		count = available - (size_t)pos;
	memcpy(to, (const char *)from + pos, count);
	*ppos = pos + (loff_t)count;
	return (ssize_t)count;
}

MR_EXPORT ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
					  const void *from, size_t available)
{
	return memory_read_from_buffer(to, count, ppos, from, available);
}

/* ---------------------------------------------------------------- numbers */

/* The whole string, one trailing newline allowed: as lib/kstrtox.c parses. */
MR_EXPORT int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	char *end;
	unsigned long long v;

	if (*s == '+')
		s++;
	if (!*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, (int)base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || (*end && !(*end == '\n' && !end[1])))
		return -EINVAL;
	*res = v;
	return 0;
}

MR_EXPORT int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int ret;

	if (*s == '-') {
		ret = kstrtoull(s + 1, base, &v);
		if (ret)
			return ret;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	ret = kstrtoull(s, base, &v);
	if (ret)
		return ret;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

#define MR__KSTRTO(name, type, wide, fn, in_range)                      \
	MR_EXPORT int name(const char *s, unsigned int base, type *res) \
	{                                                               \
		wide v;                                                 \
		int ret = fn(s, base, &v);                              \
		if (ret)                                                \
			return ret;                                     \
		if (!(in_range))                                        \
			return -ERANGE;                                 \
		*res = (type)v;                                         \
		return 0;                                               \
	}
MR__KSTRTO(kstrtoul, unsigned long, unsigned long long, kstrtoull, v <= ULONG_MAX)
MR__KSTRTO(kstrtol, long, long long, kstrtoll, v >= LONG_MIN && v <= LONG_MAX)
MR__KSTRTO(kstrtouint, unsigned int, unsigned long long, kstrtoull, v <= UINT_MAX)
MR__KSTRTO(kstrtoint, int, long long, kstrtoll, v >= INT_MIN && v <= INT_MAX)
MR__KSTRTO(kstrtou32, u32, unsigned long long, kstrtoull, v <= UINT32_MAX)
MR__KSTRTO(kstrtou16, u16, unsigned long long, kstrtoull, v <= UINT16_MAX)
MR__KSTRTO(kstrtou8, u8, unsigned long long, kstrtoull, v <= UINT8_MAX)

MR_EXPORT int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
	}
	return -EINVAL;
}

MR_EXPORT unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	return strtoull(cp, endp, (int)base);
}

MR_EXPORT unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return strtoul(cp, endp, (int)base);
}

/* ------------------------------------------------------------- devm memory */

static void devm_free(void *p)
{
	free(p);
}

MR_EXPORT void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	void *p = (gfp & __GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);

	if (p && devm_add_action_or_reset(dev, devm_free, p))
		return NULL;
	return p;
}

MR_EXPORT void devm_kfree(struct device *dev, const void *p)
{
	/* The memory goes back when @dev is unbound, not before: its record holds it. */
	(void)dev;
	(void)p;
}

MR_EXPORT char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	char *p = s ? devm_kmalloc(dev, strlen(s) + 1, gfp) : NULL;

	if (p)
		strcpy(p, s);
	return p;
}

MR_EXPORT void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = devm_kmalloc(dev, len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

MR_EXPORT char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...)
{
	va_list ap, aq;
	char *p;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = mr_compat_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = devm_kmalloc(dev, (size_t)n + 1, gfp);
	if (p)
		mr_compat_vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* ------------------------------------------------- devm regions, mappings */

struct devm_region {
	resource_size_t start, n;
};

static void devm_region_release(void *p)
{
	struct devm_region *r = p;

	release_mem_region(r->start, r->n);
	free(r);
}

MR_EXPORT struct resource *devm_request_mem_region(struct device *dev, resource_size_t start,
						   resource_size_t n, const char *name)
{
	struct devm_region *r = malloc(sizeof(*r));
	struct resource *res;

	if (!r)
		return NULL;
	res = request_mem_region(start, n, name);
	if (!res) {
		free(r);
		return NULL;
	}
	*r = (struct devm_region){start, n};
	if (devm_add_action_or_reset(dev, devm_region_release, r))
		return NULL;
	return res;
}

static void __iomem *devm_ioremap_res(struct device *dev, const struct resource *res,
				      unsigned long type)
{
	void *p;

	if (!res || resource_type(res) != IORESOURCE_MEM) {
		dev_err(dev, "invalid resource %pR\n", res);
		return ERR_PTR(-EINVAL);
	}
	if (!devm_request_mem_region(dev, res->start, resource_size(res), dev_name(dev))) {
		dev_err(dev, "can't request region for resource %pR\n", res);
		return ERR_PTR(-EBUSY);
	}
	p = devm_memremap(dev, res->start, resource_size(res), type);
	if (IS_ERR(p)) {
		dev_err(dev, "ioremap failed for resource %pR\n", res);
		return ERR_PTR(-ENOMEM);
	}
	return p;
}

MR_EXPORT void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	return devm_ioremap_res(dev, res, MEMREMAP_DEV);
}

MR_EXPORT void __iomem *devm_ioremap_resource_wc(struct device *dev, const struct resource *res)
{
	return devm_ioremap_res(dev, res, MEMREMAP_WC);
}

/* -------------------------------------------------------------- seq_file */

MR_EXPORT void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len > m->size) {
		size_t size = (m->count + len) * 2 + 64;
		char *b = realloc(m->buf, size);

		if (!b)
			return;
		m->buf = b;
		m->size = size;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

MR_EXPORT void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mr_compat_vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	seq_write(m, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

MR_EXPORT void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

MR_EXPORT void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

MR_EXPORT int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct seq_file *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->show = show;
	m->private = data;
	file->private_data = m;
	return 0;
}

MR_EXPORT int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	(void)inode;
	if (m)
		free(m->buf);
	free(m);
	file->private_data = NULL;
	return 0;
}

MR_EXPORT ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;

	if (!m)
		return -EINVAL;
	if (!m->count && m->show) {
		int ret = m->show(m, NULL);

		if (ret)
			return ret;
	}
	return memory_read_from_buffer(buf, size, ppos, m->buf, m->count);
}

MR_EXPORT loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	(void)file;
	return whence == 0 ? offset : -EINVAL;
}

MR_EXPORT loff_t noop_llseek(struct file *f, loff_t off, int whence)
{
	(void)whence;
	return f ? off : 0;
}

MR_EXPORT loff_t default_llseek(struct file *f, loff_t off, int whence)
{
	return noop_llseek(f, off, whence);
}

MR_EXPORT int simple_open(struct inode *inode, struct file *file)
{
	if (inode->i_private)
		file->private_data = inode->i_private;
	return 0;
}

MR_EXPORT int nonseekable_open(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	return 0;
}

/* ------------------------------------------------------------ randomness */

MR_EXPORT void get_random_bytes(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			continue;
		p += n;
		len -= (size_t)n;
	}
}

MR_EXPORT u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

MR_EXPORT u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

MR_EXPORT void add_device_randomness(const void *buf, size_t len)
{
	char what[64];

	(void)buf;
	snprintf(what, sizeof(what), "%zu bytes", len);
	mr_host_record("randomness", "add_device_randomness", what);
}

MR_EXPORT void add_bootloader_randomness(const void *buf, size_t len)
{
	add_device_randomness(buf, len);
}

MR_EXPORT void add_vmfork_randomness(const void *unique_vm_id, size_t len)
{
	char what[160];

	mr_compat_vsnprintf_wrap(what, sizeof(what), "%*phN", (int)(len > 32 ? 32 : len),
				 unique_vm_id);
	mr_host_record("vmfork", "add_vmfork_randomness", what);
	pr_notice("crng reseeded due to virtual machine fork\n");
}

/* ----------------------------------------------------- accepted, recorded */

static struct kobject firmware_kobj_s = {.name = "firmware", .mr_refs = 1};
static struct kobject kernel_kobj_s = {.name = "kernel", .mr_refs = 1};
MR_EXPORT struct kobject *firmware_kobj = &firmware_kobj_s;
MR_EXPORT struct kobject *kernel_kobj = &kernel_kobj_s;

static const char *kobj_path(const struct kobject *k, char *buf, size_t len)
{
	const struct kobject *chain[16];
	size_t n = 0, at = 0;

	for (; k && n < ARRAY_SIZE(chain); k = k->parent)
		chain[n++] = k;
	buf[0] = '\0';
	while (n--) {
		int w = snprintf(buf + at, len - at, "/%s", chain[n]->name ? chain[n]->name : "?");

		if (w < 0 || (size_t)w >= len - at)
			break;
		at += (size_t)w;
	}
	return buf;
}

static void record_attr(const char *kind, const struct kobject *kobj, const char *group,
			const char *name)
{
	char path[256], what[400];

	snprintf(what, sizeof(what), "%s/%s%s%s", kobj_path(kobj, path, sizeof(path)),
		 group ? group : "", group ? "/" : "", name ? name : "?");
	mr_host_record(kind, kobj && kobj->name ? kobj->name : "?", what);
}

MR_EXPORT struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->name = strdup(name);
	k->parent = parent;
	k->mr_refs = 1;
	if (!k->name) {
		free(k);
		return NULL;
	}
	record_attr("kobject", parent, NULL, name);
	return k;
}

MR_EXPORT struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		__atomic_fetch_add(&kobj->mr_refs, 1, __ATOMIC_RELAXED);
	return kobj;
}

MR_EXPORT void kobject_put(struct kobject *kobj)
{
	if (!kobj || kobj == firmware_kobj || kobj == kernel_kobj)
		return;
	if (__atomic_fetch_sub(&kobj->mr_refs, 1, __ATOMIC_ACQ_REL) == 1) {
		free((char *)kobj->name);
		free(kobj);
	}
}

MR_EXPORT void kobject_del(struct kobject *kobj)
{
	(void)kobj;
}

MR_EXPORT int add_uevent_var(struct kobj_uevent_env *env, const char *format, ...)
{
	va_list ap;
	int n;

	if (env->envp_idx >= UEVENT_NUM_ENVP - 1)
		return -ENOMEM;
	va_start(ap, format);
	n = mr_compat_vsnprintf(env->buf + env->buflen, sizeof(env->buf) - (size_t)env->buflen,
				format, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(env->buf) - env->buflen)
		return -ENOMEM;
	env->envp[env->envp_idx++] = env->buf + env->buflen;
	env->envp[env->envp_idx] = NULL;
	env->buflen += n + 1;
	return 0;
}

MR_EXPORT int kobject_uevent(struct kobject *kobj, enum kobject_action action)
{
	(void)kobj;
	(void)action;
	return 0;
}

MR_EXPORT int kobject_uevent_env(struct kobject *kobj, enum kobject_action action, char *envp[])
{
	(void)envp;
	return kobject_uevent(kobj, action);
}

MR_EXPORT int sysfs_create_file(struct kobject *kobj, const struct attribute *attr)
{
	if (!kobj || !attr)
		return -EINVAL;
	record_attr("sysfs", kobj, NULL, attr->name);
	return 0;
}

MR_EXPORT void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr)
{
	(void)kobj;
	(void)attr;
}

MR_EXPORT int sysfs_create_bin_file(struct kobject *kobj, const struct bin_attribute *attr)
{
	if (!kobj || !attr)
		return -EINVAL;
	record_attr("sysfs", kobj, NULL, attr->attr.name);
	return 0;
}

MR_EXPORT void sysfs_remove_bin_file(struct kobject *kobj, const struct bin_attribute *attr)
{
	(void)kobj;
	(void)attr;
}

MR_EXPORT int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	if (!kobj || !grp)
		return -EINVAL;
	for (struct attribute **a = grp->attrs; a && *a; a++)
		record_attr("sysfs", kobj, grp->name, (*a)->name);
	for (struct bin_attribute **b = grp->bin_attrs; b && *b; b++)
		record_attr("sysfs", kobj, grp->name, (*b)->attr.name);
	return 0;
}

MR_EXPORT void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	(void)kobj;
	(void)grp;
}

MR_EXPORT int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	for (; groups && *groups; groups++) {
		int ret = sysfs_create_group(kobj, *groups);

		if (ret)
			return ret;
	}
	return 0;
}

MR_EXPORT void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	(void)kobj;
	(void)groups;
}

MR_EXPORT int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	return sysfs_create_file(&dev->kobj, &attr->attr);
}

MR_EXPORT void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	(void)dev;
	(void)attr;
}

MR_EXPORT int device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	return sysfs_create_groups(&dev->kobj, groups);
}

MR_EXPORT void device_remove_groups(struct device *dev, const struct attribute_group **groups)
{
	(void)dev;
	(void)groups;
}

MR_EXPORT int devm_device_add_group(struct device *dev, const struct attribute_group *grp)
{
	return sysfs_create_group(&dev->kobj, grp);
}

MR_EXPORT int devm_device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	return sysfs_create_groups(&dev->kobj, groups);
}

MR_EXPORT struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
					     void *data, const struct file_operations *fops)
{
	(void)mode;
	(void)parent;
	(void)data;
	(void)fops;
	mr_host_record("debugfs", "debugfs", name);
	return ERR_PTR(-ENODEV);
}

MR_EXPORT struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return debugfs_create_file(name, 0, parent, NULL, NULL);
}

MR_EXPORT void debugfs_remove(struct dentry *dentry)
{
	(void)dentry;
}

MR_EXPORT int misc_register(struct miscdevice *misc)
{
	if (!misc || !misc->name)
		return -EINVAL;
	mr_host_record("misc", misc->parent ? dev_name(misc->parent) : "misc", misc->name);
	return 0;
}

MR_EXPORT void misc_deregister(struct miscdevice *misc)
{
	(void)misc;
}

/* ------------------------------------------------------- thermal, nvmem */

static struct thermal_zone_device *tz_new(const char *type, struct device *dev, int id, void *data,
					  const struct thermal_zone_device_ops *ops)
{
	struct thermal_zone_device *tz = calloc(1, sizeof(*tz));

	if (!tz)
		return ERR_PTR(-ENOMEM);
	snprintf(tz->type, sizeof(tz->type), "%s", type);
	tz->mr__parent = dev;
	tz->devdata = data;
	tz->ops = ops;
	tz->id = id;
	mr_host_thermal(tz);
	return tz;
}

MR_EXPORT struct thermal_zone_device *thermal_zone_device_register_with_trips(
	const char *type, const struct thermal_trip *trips, int num_trips, void *devdata,
	const struct thermal_zone_device_ops *ops, const struct thermal_zone_params *tzp,
	unsigned int passive_delay, unsigned int polling_delay)
{
	(void)trips;
	(void)num_trips;
	(void)tzp;
	(void)passive_delay;
	(void)polling_delay;
	return tz_new(type, NULL, 0, devdata, ops);
}

static void tz_unregister_action(void *tz)
{
	thermal_zone_device_unregister(tz);
}

MR_EXPORT struct thermal_zone_device *
devm_thermal_of_zone_register(struct device *dev, int id, void *data,
			      const struct thermal_zone_device_ops *ops)
{
	struct thermal_zone_device *tz =
		tz_new(dev->of_node ? dev->of_node->name : dev_name(dev), dev, id, data, ops);

	if (!IS_ERR(tz) && devm_add_action_or_reset(dev, tz_unregister_action, tz))
		return ERR_PTR(-ENOMEM);
	return tz;
}

MR_EXPORT void devm_thermal_of_zone_unregister(struct device *dev, struct thermal_zone_device *tz)
{
	(void)dev;
	(void)tz;
}

MR_EXPORT void thermal_zone_device_unregister(struct thermal_zone_device *tz)
{
	if (IS_ERR_OR_NULL(tz))
		return;
	mr_host_thermal_gone(tz);
	free(tz);
}

MR_EXPORT void *thermal_zone_device_priv(struct thermal_zone_device *tz)
{
	return tz->devdata;
}

MR_EXPORT struct device *thermal_zone_device(struct thermal_zone_device *tz)
{
	return tz->mr__parent;
}

MR_EXPORT int thermal_zone_device_enable(struct thermal_zone_device *tz)
{
	(void)tz;
	return 0;
}

MR_EXPORT void thermal_zone_device_update(struct thermal_zone_device *tz, int event)
{
	(void)tz;
	(void)event;
}

int mr_thermal_read(struct thermal_zone_device *tz, const char **type, int *temp)
{
	*type = tz->type;
	return tz->ops && tz->ops->get_temp ? tz->ops->get_temp(tz, temp) : -ENOSYS;
}

struct nvmem_device {
	struct nvmem_config cfg;
	char name[64];
};

MR_EXPORT struct nvmem_device *nvmem_register(const struct nvmem_config *cfg)
{
	struct nvmem_device *nv;

	if (!cfg || !cfg->dev)
		return ERR_PTR(-EINVAL);
	nv = calloc(1, sizeof(*nv));
	if (!nv)
		return ERR_PTR(-ENOMEM);
	nv->cfg = *cfg;
	snprintf(nv->name, sizeof(nv->name), "%s", cfg->name ? cfg->name : dev_name(cfg->dev));
	mr_host_nvmem(nv);
	return nv;
}

MR_EXPORT void nvmem_unregister(struct nvmem_device *nvmem)
{
	if (IS_ERR_OR_NULL(nvmem))
		return;
	mr_host_nvmem_gone(nvmem);
	free(nvmem);
}

static void nvmem_unregister_action(void *nv)
{
	nvmem_unregister(nv);
}

MR_EXPORT struct nvmem_device *devm_nvmem_register(struct device *dev,
						   const struct nvmem_config *cfg)
{
	struct nvmem_device *nv = nvmem_register(cfg);

	if (!IS_ERR(nv) && devm_add_action_or_reset(dev, nvmem_unregister_action, nv))
		return ERR_PTR(-ENOMEM);
	return nv;
}

int mr_nvmem_read(struct nvmem_device *nv, const char **name, void *buf, size_t len, int *size)
{
	*name = nv->name;
	*size = nv->cfg.size;
	if (!nv->cfg.reg_read)
		return -ENOSYS;
	if (nv->cfg.size >= 0 && len > (size_t)nv->cfg.size)
		len = (size_t)nv->cfg.size;
	return nv->cfg.reg_read(nv->cfg.priv, 0, buf, len);
}

/* ----------------------------------------------------- user mappings */

MR_EXPORT int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
			      unsigned long size, pgprot_t prot)
{
	(void)vma;
	(void)addr;
	(void)pfn;
	(void)size;
	(void)prot;
	return -ENOSYS; /* no process maps a driver's file here */
}

MR_EXPORT int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len)
{
	(void)vma;
	(void)start;
	(void)len;
	return -ENOSYS;
}
