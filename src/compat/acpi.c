// SPDX-License-Identifier: MIT
/*
 * The ACPI bus without ACPI: a device-tree node that names its hardware ID
 * (`memremap,acpi-hid`) is an ACPI device, acpi_drivers bind it by their
 * ids, and the methods they evaluate answer from the node's
 * `memremap,acpi-NAME` properties. Enough for drivers that read a table or
 * an address the firmware hands them (drivers/acpi/bus.c's matching).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

#define to_acpi_driver(d) container_of(d, struct acpi_driver, drv)

static int acpi_bus_match(struct device *dev, const struct device_driver *drv)
{
	const struct acpi_driver *adrv = container_of_const(drv, struct acpi_driver, drv);

	return acpi_match_device(adrv->ids, dev) != NULL;
}

static int acpi_bus_probe(struct device *dev)
{
	struct acpi_driver *adrv = to_acpi_driver(dev->driver);

	return adrv->ops.add ? adrv->ops.add(to_acpi_device(dev)) : 0;
}

static void acpi_bus_remove(struct device *dev)
{
	struct acpi_driver *adrv = to_acpi_driver(dev->driver);

	if (adrv->ops.remove)
		adrv->ops.remove(to_acpi_device(dev));
}

MR_EXPORT const struct bus_type acpi_bus_type = {
	.name = "acpi",
	.match = acpi_bus_match,
	.probe = acpi_bus_probe,
	.remove = acpi_bus_remove,
};

MR_EXPORT int acpi_bus_register_driver(struct acpi_driver *driver)
{
	driver->drv.name = driver->name;
	driver->drv.bus = &acpi_bus_type;
	driver->drv.acpi_match_table = driver->ids;
	return driver_register(&driver->drv);
}

MR_EXPORT void acpi_bus_unregister_driver(struct acpi_driver *driver)
{
	driver_unregister(&driver->drv);
}

static void acpi_device_release(struct device *dev)
{
	free(to_acpi_device(dev));
}

static struct acpi_device *acpi_devices[256];
static size_t nacpi_devices;

/* An ACPI device for each node that names a hardware ID: "HID:NN", as the kernel names them. */
int mr_acpi_populate(void)
{
	for (size_t i = 0; i < mr_of_count(); i++) {
		struct device_node *np = mr_of_node(i);
		const char *hid = NULL;
		struct acpi_device *adev;
		int n = 0;

		if (of_property_read_string(np, "memremap,acpi-hid", &hid) ||
		    !of_device_is_available(np) || nacpi_devices == ARRAY_SIZE(acpi_devices))
			continue;
		adev = calloc(1, sizeof(*adev));
		if (!adev)
			return -ENOMEM;
		adev->handle = np;
		device_initialize(&adev->dev);
		adev->dev.release = acpi_device_release;
		adev->dev.bus = &acpi_bus_type;
		adev->dev.of_node = np;
		for (size_t j = 0; j < nacpi_devices; j++)
			n += !strcmp(dev_name(&acpi_devices[j]->dev), hid) ||
			     !strncmp(dev_name(&acpi_devices[j]->dev), hid, strlen(hid));
		if (dev_set_name(&adev->dev, "%s:%02d", hid, n) || device_add(&adev->dev)) {
			put_device(&adev->dev);
			return -ENOMEM;
		}
		acpi_devices[nacpi_devices++] = adev;
	}
	return 0;
}

void mr_acpi_depopulate(void)
{
	while (nacpi_devices) {
		struct acpi_device *adev = acpi_devices[--nacpi_devices];

		device_unregister(&adev->dev);
	}
}

/* A printable, NUL-terminated value is a string; anything else is cells. */
static bool acpi_is_string(const struct property *pp)
{
	const char *s = pp->value;

	if (!pp->length || s[pp->length - 1])
		return false;
	for (int i = 0; i < pp->length - 1; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

MR_EXPORT acpi_status acpi_evaluate_object(acpi_handle handle, const char *pathname,
					   struct acpi_object_list *args, struct acpi_buffer *buf)
{
	char name[96];
	struct property *pp;
	union acpi_object *obj;
	size_t n, size;

	(void)args;
	if (!handle || !pathname || !buf)
		return AE_BAD_PARAMETER;
	snprintf(name, sizeof(name), "memremap,acpi-%s", pathname);
	pp = of_find_property(handle, name, NULL);
	if (!pp)
		return AE_NOT_FOUND;
	if (acpi_is_string(pp)) {
		size = sizeof(*obj) + (size_t)pp->length;
		obj = calloc(1, size);
		if (!obj)
			return AE_NO_MEMORY;
		obj->string.type = ACPI_TYPE_STRING;
		obj->string.length = (u32)pp->length - 1;
		obj->string.pointer = (char *)(obj + 1);
		memcpy(obj->string.pointer, pp->value, (size_t)pp->length);
	} else {
		n = (size_t)pp->length / 4;
		size = (n + 1) * sizeof(*obj);
		obj = calloc(1, size);
		if (!obj)
			return AE_NO_MEMORY;
		obj->package.type = ACPI_TYPE_PACKAGE;
		obj->package.count = (u32)n;
		obj->package.elements = obj + 1;
		for (size_t i = 0; i < n; i++) {
			u32 cell;

			memcpy(&cell, (const char *)pp->value + 4 * i, 4);
			obj[1 + i].integer.type = ACPI_TYPE_INTEGER;
			obj[1 + i].integer.value = be32_to_cpu(cell);
		}
	}
	if (buf->length != ACPI_ALLOCATE_BUFFER) {
		free(obj);
		return AE_BAD_PARAMETER; /* callers here always let ACPICA allocate */
	}
	buf->pointer = obj;
	buf->length = size;
	return AE_OK;
}

MR_EXPORT acpi_status acpi_evaluate_integer(acpi_handle handle, const char *pathname,
					    struct acpi_object_list *args, u64 *data)
{
	struct acpi_buffer buf = {ACPI_ALLOCATE_BUFFER, NULL};
	union acpi_object *obj;
	acpi_status st = acpi_evaluate_object(handle, pathname, args, &buf);

	if (ACPI_FAILURE(st))
		return st;
	obj = buf.pointer;
	if (obj->type != ACPI_TYPE_PACKAGE || obj->package.count != 1) {
		free(obj);
		return AE_BAD_PARAMETER;
	}
	*data = obj->package.elements[0].integer.value;
	free(obj);
	return AE_OK;
}

MR_EXPORT void mr_acpi_exception(const char *file, int line, acpi_status status, const char *fmt,
				 ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	mr_compat_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pr_err("ACPI Error: %s (0x%04x) (%s:%d)\n", text, status, file, line);
}
