/* SPDX-License-Identifier: MIT */
/*
 * <linux/of.h>: the device tree, as the kernel unflattens it. The sim
 * machine's tree (`sim,dt=FILE`) is unflattened by libmemremap-compat with
 * libfdt when the first driver asks for it; nodes, properties and phandles
 * are the kernel's structures, and the of_*() calls read them the kernel's
 * way (big-endian cells, NUL-separated string lists).
 */
#ifndef MR_COMPAT_LINUX_OF_H
#define MR_COMPAT_LINUX_OF_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fwnode.h>
#include <linux/kernel.h>
#include <linux/mod_devicetable.h>
#include <linux/property.h> /* as the kernel's of.h: device_property_read_*() */
#include <linux/types.h>

struct property {
	char *name;
	int length;
	void *value;
	struct property *next;
};

struct device_node {
	const char *name;
	phandle phandle;
	const char *full_name;
	struct fwnode_handle fwnode;
	struct property *properties;
	struct property *deadprops;
	struct device_node *parent;
	struct device_node *child;
	struct device_node *sibling;
	unsigned long _flags;
	void *data;
};

#define MAX_PHANDLE_ARGS 16
struct of_phandle_args {
	struct device_node *np;
	int args_count;
	uint32_t args[MAX_PHANDLE_ARGS];
};

extern struct device_node *of_root;
extern struct device_node *of_chosen;

static inline struct fwnode_handle *of_fwnode_handle(struct device_node *np)
{
	return np ? &np->fwnode : NULL;
}
extern bool is_of_node(const struct fwnode_handle *fwnode);
#define to_of_node(fw)                                                                           \
	(is_of_node(fw) ? container_of((struct fwnode_handle *)(fw), struct device_node, fwnode) \
			: NULL)

#define of_match_ptr(ptr) (ptr)
#define for_each_child_of_node(parent, child)                \
	for (child = of_get_next_child(parent, NULL); child; \
	     child = of_get_next_child(parent, child))
#define for_each_available_child_of_node(parent, child)                \
	for (child = of_get_next_available_child(parent, NULL); child; \
	     child = of_get_next_available_child(parent, child))
#define for_each_compatible_node(dn, type, compatible)                 \
	for (dn = of_find_compatible_node(NULL, type, compatible); dn; \
	     dn = of_find_compatible_node(dn, type, compatible))
#define for_each_node_by_name(dn, name) \
	for (dn = of_find_node_by_name(NULL, name); dn; dn = of_find_node_by_name(dn, name))
#define for_each_child_of_node_scoped(parent, child)                             \
	for (struct device_node *child = of_get_next_child(parent, NULL); child; \
	     child = of_get_next_child(parent, child))
#define for_each_available_child_of_node_scoped(parent, child)                             \
	for (struct device_node *child = of_get_next_available_child(parent, NULL); child; \
	     child = of_get_next_available_child(parent, child))

extern struct device_node *of_node_get(struct device_node *node);
extern void of_node_put(struct device_node *node);
extern struct device_node *of_find_node_by_path(const char *path);
extern struct device_node *of_find_node_by_name(struct device_node *from, const char *name);
extern struct device_node *of_find_node_by_phandle(phandle handle);
extern struct device_node *of_find_compatible_node(struct device_node *from, const char *type,
						   const char *compat);
extern struct device_node *of_find_matching_node_and_match(struct device_node *from,
							   const struct of_device_id *matches,
							   const struct of_device_id **match);
#define of_find_matching_node(from, matches) of_find_matching_node_and_match(from, matches, NULL)
extern struct device_node *of_get_parent(const struct device_node *node);
extern struct device_node *of_get_next_child(const struct device_node *node,
					     struct device_node *prev);
extern struct device_node *of_get_next_available_child(const struct device_node *node,
						       struct device_node *prev);
extern struct device_node *of_get_child_by_name(const struct device_node *node, const char *name);
extern struct device_node *of_get_compatible_child(const struct device_node *parent,
						   const char *compatible);
extern int of_get_child_count(const struct device_node *np);
extern struct property *of_find_property(const struct device_node *np, const char *name, int *lenp);
extern const void *of_get_property(const struct device_node *node, const char *name, int *lenp);
extern int of_property_read_u8_array(const struct device_node *np, const char *propname,
				     u8 *out_values, size_t sz);
extern int of_property_read_u16_array(const struct device_node *np, const char *propname,
				      u16 *out_values, size_t sz);
extern int of_property_read_u32_array(const struct device_node *np, const char *propname,
				      u32 *out_values, size_t sz);
extern int of_property_read_u64_array(const struct device_node *np, const char *propname,
				      u64 *out_values, size_t sz);
extern int of_property_read_u32_index(const struct device_node *np, const char *propname, u32 index,
				      u32 *out_value);
extern int of_property_read_u64(const struct device_node *np, const char *propname, u64 *out_value);
extern int of_property_read_string(const struct device_node *np, const char *propname,
				   const char **out_string);
extern int of_property_read_string_helper(const struct device_node *np, const char *propname,
					  const char **out_strs, size_t sz, int index);
extern int of_property_match_string(const struct device_node *np, const char *propname,
				    const char *string);
extern int of_property_count_elems_of_size(const struct device_node *np, const char *propname,
					   int elem_size);
extern int of_device_is_compatible(const struct device_node *device, const char *compat);
extern bool of_device_is_available(const struct device_node *device);
extern bool of_machine_is_compatible(const char *compat);
extern const struct of_device_id *of_match_node(const struct of_device_id *matches,
						const struct device_node *node);
extern struct device_node *of_parse_phandle(const struct device_node *np, const char *phandle_name,
					    int index);
extern int of_parse_phandle_with_args(const struct device_node *np, const char *list_name,
				      const char *cells_name, int index,
				      struct of_phandle_args *out_args);
extern int of_count_phandle_with_args(const struct device_node *np, const char *list_name,
				      const char *cells_name);
extern int of_n_addr_cells(struct device_node *np);
extern int of_n_size_cells(struct device_node *np);
extern int of_alias_get_id(struct device_node *np, const char *stem);
extern const char *of_node_full_name(const struct device_node *np);

static inline int of_property_read_u32(const struct device_node *np, const char *propname,
				       u32 *out_value)
{
	return of_property_read_u32_array(np, propname, out_value, 1);
}

static inline int of_property_read_s32(const struct device_node *np, const char *propname,
				       s32 *out_value)
{
	return of_property_read_u32(np, propname, (u32 *)out_value);
}

static inline int of_property_read_u16(const struct device_node *np, const char *propname,
				       u16 *out_value)
{
	return of_property_read_u16_array(np, propname, out_value, 1);
}

static inline int of_property_read_u8(const struct device_node *np, const char *propname,
				      u8 *out_value)
{
	return of_property_read_u8_array(np, propname, out_value, 1);
}

static inline bool of_property_present(const struct device_node *np, const char *propname)
{
	return of_find_property(np, propname, NULL) != NULL;
}

static inline bool of_property_read_bool(const struct device_node *np, const char *propname)
{
	return of_property_present(np, propname);
}

static inline int of_property_read_string_index(const struct device_node *np, const char *propname,
						int index, const char **output)
{
	int rc = of_property_read_string_helper(np, propname, output, 1, index);

	return rc < 0 ? rc : 0;
}

static inline int of_property_count_strings(const struct device_node *np, const char *propname)
{
	return of_property_read_string_helper(np, propname, NULL, 0, 0);
}

static inline int of_property_count_u32_elems(const struct device_node *np, const char *propname)
{
	return of_property_count_elems_of_size(np, propname, sizeof(u32));
}

static inline int of_property_count_u64_elems(const struct device_node *np, const char *propname)
{
	return of_property_count_elems_of_size(np, propname, sizeof(u64));
}

static inline bool of_node_name_eq(const struct device_node *np, const char *name)
{
	size_t n;

	if (!np || !np->name)
		return false;
	n = strcspn(np->name, "@");
	return strlen(name) == n && strncmp(np->name, name, n) == 0;
}

static inline bool of_node_name_prefix(const struct device_node *np, const char *prefix)
{
	return np && np->name && strncmp(np->name, prefix, strlen(prefix)) == 0;
}

static inline u64 of_read_number(const __be32 *cell, int size)
{
	u64 r = 0;

	for (; size--; cell++)
		r = (r << 32) | be32_to_cpu(*cell);
	return r;
}

#define of_node_cmp(s1, s2)	 strcasecmp((s1), (s2))
#define of_compat_cmp(s1, s2, l) strcasecmp((s1), (s2))
#define of_prop_cmp(s1, s2)	 strcmp((s1), (s2))
#define of_have_populated_dt()	 (of_root != NULL)

#endif /* MR_COMPAT_LINUX_OF_H */
