/* SPDX-License-Identifier: MIT */
/*
 * <linux/acpi.h>: there is no ACPI interpreter here. ACPI ID tables are
 * matched all the same: a device-tree node that names its ACPI hardware ID
 * (`memremap,acpi-hid = "VMGENCTR"`) is an ACPI device on the acpi bus,
 * where an acpi_driver whose ids list it binds (ops.add), and a platform
 * device that a platform driver's acpi_match_table binds, as the kernel
 * makes both for a device of the DSDT. acpi_evaluate_object() answers a
 * method NAME from the node's `memremap,acpi-NAME` property: a string is a
 * String object, cells are a Package of Integers. A platform device has no
 * ACPI companion, so platform drivers take their device-tree path.
 */
#ifndef MR_COMPAT_LINUX_ACPI_H
#define MR_COMPAT_LINUX_ACPI_H

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/mod_devicetable.h>
#include <linux/property.h>

typedef void *acpi_handle;
typedef u32 acpi_status;
typedef u64 acpi_size;
typedef u32 acpi_object_type;
#define AE_OK		  ((acpi_status)0x0000)
#define AE_NO_MEMORY	  ((acpi_status)0x0004)
#define AE_NOT_FOUND	  ((acpi_status)0x0005)
#define AE_BAD_PARAMETER  ((acpi_status)0x1001)
#define ACPI_FAILURE(s)	  ((s) != AE_OK)
#define ACPI_SUCCESS(s)	  ((s) == AE_OK)

#define ACPI_TYPE_ANY	  0x00
#define ACPI_TYPE_INTEGER 0x01
#define ACPI_TYPE_STRING  0x02
#define ACPI_TYPE_BUFFER  0x03
#define ACPI_TYPE_PACKAGE 0x04

union acpi_object {
	acpi_object_type type;
	struct {
		acpi_object_type type;
		u64 value;
	} integer;
	struct {
		acpi_object_type type;
		u32 length;
		char *pointer;
	} string;
	struct {
		acpi_object_type type;
		u32 length;
		u8 *pointer;
	} buffer;
	struct {
		acpi_object_type type;
		u32 count;
		union acpi_object *elements;
	} package;
};

struct acpi_object_list {
	u32 count;
	union acpi_object *pointer;
};

#define ACPI_ALLOCATE_BUFFER ((acpi_size)-1)
struct acpi_buffer {
	acpi_size length;
	void *pointer;
};
#define ACPI_FREE(p) kfree(p)

/* A device of the ACPI namespace; its handle is its device-tree node. */
struct acpi_device {
	acpi_handle handle;
	struct fwnode_handle fwnode;
	int dep_unmet;
	void *driver_data;
	struct device dev;
};

#define to_acpi_device(d)   container_of(d, struct acpi_device, dev)
#define acpi_driver_data(d) ((d)->driver_data)

struct acpi_device_ops {
	int (*add)(struct acpi_device *device);
	void (*remove)(struct acpi_device *device);
	void (*notify)(struct acpi_device *device, u32 event);
};

struct acpi_driver {
	char name[80];
	char class[80];
	const struct acpi_device_id *ids;
	unsigned int flags;
	struct acpi_device_ops ops;
	struct device_driver drv;
	struct module *owner;
};

extern const struct bus_type acpi_bus_type;
extern int acpi_bus_register_driver(struct acpi_driver *driver);
extern void acpi_bus_unregister_driver(struct acpi_driver *driver);
#define module_acpi_driver(__acpi_driver) \
	module_driver(__acpi_driver, acpi_bus_register_driver, acpi_bus_unregister_driver)

extern acpi_status acpi_evaluate_object(acpi_handle handle, const char *pathname,
					struct acpi_object_list *args, struct acpi_buffer *buf);
extern acpi_status acpi_evaluate_integer(acpi_handle handle, const char *pathname,
					 struct acpi_object_list *args, u64 *data);

/* ACPICA's messages: "ACPI Error: TEXT (STATUS)" at the error level. */
extern void mr_acpi_exception(const char *file, int line, acpi_status status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define ACPI_MODULE_NAME(name)	_Static_assert(1, name)
#define AE_INFO			__FILE__, __LINE__
#define ACPI_EXCEPTION(plist)	mr_acpi_exception plist

#define ACPI_PTR(ptr)		(ptr)
#define ACPI_COMPANION(dev)	((struct acpi_device *)NULL)
#define ACPI_HANDLE(dev)	((acpi_handle)NULL)
#define has_acpi_companion(dev) (false)
#define acpi_disabled		1
#define is_acpi_node(fwnode)	(false)

extern const struct acpi_device_id *acpi_match_device(const struct acpi_device_id *ids,
						      const struct device *dev);
extern const void *acpi_device_get_match_data(const struct device *dev);

#endif /* MR_COMPAT_LINUX_ACPI_H */
