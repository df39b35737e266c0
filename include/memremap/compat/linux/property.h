/* SPDX-License-Identifier: MIT */
/* <linux/property.h>: a device's properties, whatever firmware described it. */
#ifndef MR_COMPAT_LINUX_PROPERTY_H
#define MR_COMPAT_LINUX_PROPERTY_H

#include <linux/device.h>
#include <linux/fwnode.h>
#include <linux/types.h>

extern struct fwnode_handle *dev_fwnode(const struct device *dev);
extern bool device_property_present(const struct device *dev, const char *propname);
extern int device_property_read_u8_array(const struct device *dev, const char *propname, u8 *val,
					 size_t nval);
extern int device_property_read_u16_array(const struct device *dev, const char *propname, u16 *val,
					  size_t nval);
extern int device_property_read_u32_array(const struct device *dev, const char *propname, u32 *val,
					  size_t nval);
extern int device_property_read_u64_array(const struct device *dev, const char *propname, u64 *val,
					  size_t nval);
extern int device_property_read_string_array(const struct device *dev, const char *propname,
					     const char **val, size_t nval);
extern int device_property_read_string(const struct device *dev, const char *propname,
				       const char **val);
extern int device_property_match_string(const struct device *dev, const char *propname,
					const char *string);
extern const void *device_get_match_data(const struct device *dev);
extern bool fwnode_property_present(const struct fwnode_handle *fwnode, const char *propname);
extern int fwnode_property_read_u32_array(const struct fwnode_handle *fwnode, const char *propname,
					  u32 *val, size_t nval);
extern int fwnode_property_read_string(const struct fwnode_handle *fwnode, const char *propname,
				       const char **val);

static inline bool device_property_read_bool(const struct device *dev, const char *propname)
{
	return device_property_present(dev, propname);
}

#define MR__DEV_PROP(bits)                                                                 \
	static inline int device_property_read_u##bits(const struct device *dev,           \
						       const char *propname, u##bits *val) \
	{                                                                                  \
		return device_property_read_u##bits##_array(dev, propname, val, 1);        \
	}                                                                                  \
	static inline int device_property_count_u##bits(const struct device *dev,          \
							const char *propname)              \
	{                                                                                  \
		return device_property_read_u##bits##_array(dev, propname, NULL, 0);       \
	}
MR__DEV_PROP(8)
MR__DEV_PROP(16)
MR__DEV_PROP(32)
MR__DEV_PROP(64)
#undef MR__DEV_PROP

static inline int fwnode_property_read_u32(const struct fwnode_handle *fwnode, const char *propname,
					   u32 *val)
{
	return fwnode_property_read_u32_array(fwnode, propname, val, 1);
}

#endif /* MR_COMPAT_LINUX_PROPERTY_H */
