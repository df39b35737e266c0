/* SPDX-License-Identifier: MIT */
/*
 * <linux/acpi.h>: there is no ACPI interpreter here. ACPI ID tables are
 * matched all the same: a device-tree node that names its ACPI hardware ID
 * (`memremap,acpi-hid = "QEMUVGID"`) binds a driver whose acpi_match_table
 * lists it, as a device from the DSDT would. A device has no ACPI
 * companion, so drivers take their device-tree path.
 */
#ifndef MR_COMPAT_LINUX_ACPI_H
#define MR_COMPAT_LINUX_ACPI_H

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/mod_devicetable.h>
#include <linux/property.h>

struct acpi_device;
typedef void *acpi_handle;
typedef u32 acpi_status;
#define AE_OK	     ((acpi_status)0)
#define AE_NOT_FOUND ((acpi_status)5)
#define ACPI_FAILURE(s) ((s) != AE_OK)
#define ACPI_SUCCESS(s) ((s) == AE_OK)

#define ACPI_PTR(ptr) (ptr)
#define ACPI_COMPANION(dev) ((struct acpi_device *)NULL)
#define ACPI_HANDLE(dev) ((acpi_handle)NULL)
#define has_acpi_companion(dev) (false)
#define acpi_disabled 1
#define is_acpi_node(fwnode) (false)

extern const struct acpi_device_id *acpi_match_device(const struct acpi_device_id *ids,
						      const struct device *dev);
extern const void *acpi_device_get_match_data(const struct device *dev);

#endif /* MR_COMPAT_LINUX_ACPI_H */
