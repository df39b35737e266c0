/* SPDX-License-Identifier: MIT */
/*
 * <linux/thermal.h>: thermal zones a sensor driver registers. It shadows
 * the system's UAPI header of the same name (included first, for
 * THERMAL_NAME_LENGTH and the netlink names). Zones are recorded by
 * libmemremap-compat; `memremap module` reads each one's temperature
 * through the driver's get_temp() and prints it.
 */
#ifndef MR_COMPAT_LINUX_THERMAL_H
#define MR_COMPAT_LINUX_THERMAL_H

#if defined(__has_include_next)
#if __has_include_next(<linux/thermal.h>)
#include_next <linux/thermal.h>
#endif
#endif

#include <linux/device.h>
#include <linux/types.h>

#ifndef THERMAL_NAME_LENGTH
#define THERMAL_NAME_LENGTH 20
#endif

struct thermal_zone_device;
struct thermal_trip;

/* enum thermal_device_mode comes from the UAPI header. */

struct thermal_zone_device_ops {
	int (*get_temp)(struct thermal_zone_device *tz, int *temp);
	int (*set_trips)(struct thermal_zone_device *tz, int low, int high);
	int (*change_mode)(struct thermal_zone_device *tz, enum thermal_device_mode mode);
};

/*
 * Kernels before 6.4 let sensor drivers read a zone's fields directly
 * (tz->devdata in get_temp()), so the fields they read are public here;
 * thermal_zone_device_priv() is the newer spelling of tz->devdata.
 */
struct thermal_zone_device {
	int id;
	char type[THERMAL_NAME_LENGTH];
	void *devdata;
	const struct thermal_zone_device_ops *ops;
	struct device *mr__parent; /* the sensor's device, for thermal_zone_device() */
};

struct thermal_zone_params;

extern struct thermal_zone_device *
devm_thermal_of_zone_register(struct device *dev, int id, void *data,
			      const struct thermal_zone_device_ops *ops);
extern void devm_thermal_of_zone_unregister(struct device *dev, struct thermal_zone_device *tz);
extern struct thermal_zone_device *thermal_zone_device_register_with_trips(
	const char *type, const struct thermal_trip *trips, int num_trips, void *devdata,
	const struct thermal_zone_device_ops *ops, const struct thermal_zone_params *tzp,
	unsigned int passive_delay, unsigned int polling_delay);
extern void thermal_zone_device_unregister(struct thermal_zone_device *tz);
extern void *thermal_zone_device_priv(struct thermal_zone_device *tz);
extern struct device *thermal_zone_device(struct thermal_zone_device *tz);
extern int thermal_zone_device_enable(struct thermal_zone_device *tz);
extern void thermal_zone_device_update(struct thermal_zone_device *tz, int event);
#define THERMAL_EVENT_UNSPECIFIED 0

#endif /* MR_COMPAT_LINUX_THERMAL_H */
