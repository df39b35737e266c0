// SPDX-License-Identifier: MIT
/*
 * The driver core (drivers/base/{bus,dd,core,platform}.c), small: buses,
 * drivers and devices in three lists; a driver binds to every device of its
 * bus that the bus matches; a probe that fails gives back everything it
 * took with devm_*; remove and unregister undo in reverse. The platform
 * bus matches device-tree compatibles, ACPI IDs, ID tables and names.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

pthread_mutex_t mr_core_lock = PTHREAD_MUTEX_INITIALIZER;

#define MAX_ITEMS 1024
static struct device *devices[MAX_ITEMS];
static size_t ndevices;
static struct device_driver *drivers[MAX_ITEMS];
static size_t ndrivers;

/* ------------------------------------------------------------- binding */

static int really_probe(struct device *dev, struct device_driver *drv)
{
	const struct bus_type *bus = dev->bus;
	int ret;

	dev->driver = drv;
	mr_host_probe_begin(dev, drv->name);
	if (bus && bus->probe)
		ret = bus->probe(dev);
	else if (drv->probe)
		ret = drv->probe(dev);
	else
		ret = 0;
	if (ret) {
		/* drivers/base/dd.c: a failed probe releases what it took. */
		mr_device_unbind(dev);
		dev->driver = NULL;
		dev_set_drvdata(dev, NULL);
	}
	mr_host_probe_end(dev, drv->name, ret);
	return ret;
}

static bool bus_matches(struct device *dev, struct device_driver *drv)
{
	if (!dev->bus || dev->bus != drv->bus || dev->driver)
		return false;
	return !dev->bus->match || dev->bus->match(dev, drv) > 0;
}

static void device_release_driver(struct device *dev)
{
	struct device_driver *drv = dev->driver;

	if (!drv)
		return;
	if (dev->bus && dev->bus->remove)
		dev->bus->remove(dev);
	else if (drv->remove)
		drv->remove(dev);
	mr_device_unbind(dev);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
}

MR_EXPORT int bus_register(const struct bus_type *bus)
{
	return bus ? 0 : -EINVAL;
}

MR_EXPORT void bus_unregister(const struct bus_type *bus)
{
	(void)bus;
}

MR_EXPORT int driver_register(struct device_driver *drv)
{
	if (!drv || !drv->bus)
		return -EINVAL;
	pthread_mutex_lock(&mr_core_lock);
	if (ndrivers == MAX_ITEMS) {
		pthread_mutex_unlock(&mr_core_lock);
		return -ENOMEM;
	}
	drivers[ndrivers++] = drv;
	pthread_mutex_unlock(&mr_core_lock);
	for (size_t i = 0; i < ndevices; i++)
		if (devices[i] && bus_matches(devices[i], drv))
			really_probe(devices[i], drv);
	return 0;
}

MR_EXPORT void driver_unregister(struct device_driver *drv)
{
	for (size_t i = ndevices; i--;)
		if (devices[i] && devices[i]->driver == drv)
			device_release_driver(devices[i]);
	pthread_mutex_lock(&mr_core_lock);
	for (size_t i = 0; i < ndrivers; i++)
		if (drivers[i] == drv)
			drivers[i] = NULL;
	pthread_mutex_unlock(&mr_core_lock);
}

MR_EXPORT int device_add(struct device *dev)
{
	if (!mr_device_is_initialized(dev))
		return -EINVAL;
	if (!dev->kobj.name && dev->init_name && dev_set_name(dev, "%s", dev->init_name))
		return -ENOMEM;
	if (!dev->kobj.name && dev->bus && dev->bus->dev_name &&
	    dev_set_name(dev, "%s%u", dev->bus->dev_name, dev->id))
		return -ENOMEM;
	if (!dev->kobj.name)
		return -EINVAL;
	dev->init_name = NULL;
	pthread_mutex_lock(&mr_core_lock);
	if (ndevices == MAX_ITEMS) {
		pthread_mutex_unlock(&mr_core_lock);
		return -ENOMEM;
	}
	devices[ndevices++] = dev;
	dev->kobj.mr_refs = 1; /* registered */
	if (dev->parent)
		dev->kobj.parent = &dev->parent->kobj;
	pthread_mutex_unlock(&mr_core_lock);
	get_device(dev);
	for (size_t i = 0; i < ndrivers && !dev->driver; i++)
		if (drivers[i] && bus_matches(dev, drivers[i]))
			really_probe(dev, drivers[i]);
	return 0;
}

MR_EXPORT void device_del(struct device *dev)
{
	bool found = false;

	if (!dev)
		return;
	device_release_driver(dev);
	pthread_mutex_lock(&mr_core_lock);
	for (size_t i = 0; i < ndevices; i++)
		if (devices[i] == dev) {
			devices[i] = NULL;
			found = true;
		}
	dev->kobj.mr_refs = 0;
	pthread_mutex_unlock(&mr_core_lock);
	if (found)
		put_device(dev);
}

MR_EXPORT int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}

MR_EXPORT void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}

MR_EXPORT int bus_for_each_dev(const struct bus_type *bus, struct device *start, void *data,
			       int (*fn)(struct device *dev, void *data))
{
	bool started = !start;

	for (size_t i = 0; i < ndevices; i++) {
		struct device *dev = devices[i];
		int ret;

		if (!dev || dev->bus != bus)
			continue;
		if (!started) {
			started = dev == start;
			continue;
		}
		ret = fn(dev, data);
		if (ret)
			return ret;
	}
	return 0;
}

MR_EXPORT struct device *bus_find_device_by_name(const struct bus_type *bus, struct device *start,
						 const char *name)
{
	bool started = !start;

	for (size_t i = 0; i < ndevices; i++) {
		struct device *dev = devices[i];

		if (!dev || dev->bus != bus)
			continue;
		if (!started) {
			started = dev == start;
			continue;
		}
		if (!strcmp(dev_name(dev), name))
			return get_device(dev);
	}
	return NULL;
}

MR_EXPORT int device_for_each_child(struct device *parent, void *data,
				    int (*fn)(struct device *dev, void *data))
{
	for (size_t i = 0; i < ndevices; i++)
		if (devices[i] && devices[i]->parent == parent) {
			int ret = fn(devices[i], data);

			if (ret)
				return ret;
		}
	return 0;
}

MR_EXPORT const char *dev_driver_string(const struct device *dev)
{
	if (dev->driver && dev->driver->name)
		return dev->driver->name;
	if (dev->bus && dev->bus->name)
		return dev->bus->name;
	return "";
}

bool mr_driver_has_remove(const struct device_driver *drv)
{
	if (drv->bus == &platform_bus_type) {
		const struct platform_driver *pdrv = to_platform_driver(drv);

		return pdrv->remove || pdrv->remove_new;
	}
	return drv->remove || (drv->bus && drv->bus->remove);
}

/* --------------------------------------------------------- platform bus */

static const char *acpi_hid(const struct device *dev)
{
	const char *hid = NULL;

	of_property_read_string(dev->of_node, "memremap,acpi-hid", &hid);
	return hid;
}

MR_EXPORT const struct acpi_device_id *acpi_match_device(const struct acpi_device_id *ids,
							 const struct device *dev)
{
	const char *hid = acpi_hid(dev);

	for (; ids && hid && ids->id[0]; ids++)
		if (!strcmp((const char *)ids->id, hid))
			return ids;
	return NULL;
}

MR_EXPORT const void *acpi_device_get_match_data(const struct device *dev)
{
	const struct acpi_device_id *id =
		dev->driver ? acpi_match_device(dev->driver->acpi_match_table, dev) : NULL;

	return id ? (const void *)id->driver_data : NULL;
}

static const struct platform_device_id *platform_match_id(const struct platform_device_id *id,
							  struct platform_device *pdev)
{
	for (; id && id->name[0]; id++)
		if (!strcmp(pdev->name, id->name)) {
			pdev->id_entry = id;
			return id;
		}
	return NULL;
}

static int platform_match(struct device *dev, const struct device_driver *drv)
{
	struct platform_device *pdev = to_platform_device(dev);
	struct platform_driver *pdrv = to_platform_driver(drv);

	if (pdev->driver_override)
		return !strcmp(pdev->driver_override, drv->name);
	if (dev->of_node && of_match_node(drv->of_match_table, dev->of_node))
		return 1;
	if (acpi_match_device(drv->acpi_match_table, dev))
		return 1;
	if (pdrv->id_table)
		return platform_match_id(pdrv->id_table, pdev) != NULL;
	return !strcmp(pdev->name, drv->name);
}

static int platform_probe(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver(dev->driver);

	return drv->probe ? drv->probe(to_platform_device(dev)) : 0;
}

static void platform_remove(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver(dev->driver);

	if (drv->remove)
		drv->remove(to_platform_device(dev));
	else if (drv->remove_new)
		drv->remove_new(to_platform_device(dev));
}

MR_EXPORT const struct bus_type platform_bus_type = {
	.name = "platform",
	.match = platform_match,
	.probe = platform_probe,
	.remove = platform_remove,
};

MR_EXPORT int __platform_driver_register(struct platform_driver *drv, struct module *owner)
{
	(void)owner;
	drv->driver.bus = &platform_bus_type;
	return driver_register(&drv->driver);
}

MR_EXPORT void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}

MR_EXPORT int __platform_driver_probe(struct platform_driver *drv,
				      int (*probe)(struct platform_device *), struct module *module)
{
	drv->probe = probe;
	return __platform_driver_register(drv, module);
}

MR_EXPORT struct resource *platform_get_resource(struct platform_device *dev, unsigned int type,
						 unsigned int num)
{
	for (u32 i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if (type == resource_type(r) && num-- == 0)
			return r;
	}
	return NULL;
}

MR_EXPORT struct resource *platform_get_resource_byname(struct platform_device *dev,
							unsigned int type, const char *name)
{
	for (u32 i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if (type == resource_type(r) && r->name && !strcmp(r->name, name))
			return r;
	}
	return NULL;
}

MR_EXPORT struct resource *platform_get_mem_or_io(struct platform_device *dev, unsigned int num)
{
	for (u32 i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if ((resource_type(r) & (IORESOURCE_MEM | IORESOURCE_IO)) && num-- == 0)
			return r;
	}
	return NULL;
}

MR_EXPORT int platform_get_irq_optional(struct platform_device *dev, unsigned int num)
{
	struct resource *r = platform_get_resource(dev, IORESOURCE_IRQ, num);

	return r ? (int)r->start : -ENXIO;
}

MR_EXPORT int platform_get_irq(struct platform_device *dev, unsigned int num)
{
	int ret = platform_get_irq_optional(dev, num);

	if (ret < 0)
		dev_err(&dev->dev, "IRQ index %u not found\n", num);
	return ret;
}

MR_EXPORT int platform_get_irq_byname(struct platform_device *dev, const char *name)
{
	struct resource *r = platform_get_resource_byname(dev, IORESOURCE_IRQ, name);

	return r ? (int)r->start : -ENXIO;
}

MR_EXPORT int platform_irq_count(struct platform_device *dev)
{
	int n = 0;

	while (platform_get_resource(dev, IORESOURCE_IRQ, (unsigned int)n))
		n++;
	return n;
}

MR_EXPORT void __iomem *devm_platform_get_and_ioremap_resource(struct platform_device *pdev,
							       unsigned int index,
							       struct resource **res)
{
	struct resource *r = platform_get_resource(pdev, IORESOURCE_MEM, index);

	if (res)
		*res = r;
	return devm_ioremap_resource(&pdev->dev, r);
}

MR_EXPORT void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
						       unsigned int index)
{
	return devm_platform_get_and_ioremap_resource(pdev, index, NULL);
}

MR_EXPORT void __iomem *devm_platform_ioremap_resource_byname(struct platform_device *pdev,
							      const char *name)
{
	return devm_ioremap_resource(&pdev->dev,
				     platform_get_resource_byname(pdev, IORESOURCE_MEM, name));
}

/* A platform device and the memory it owns: freed by the release function. */
struct pdev_obj {
	struct platform_device pdev;
	char name[64];
};

static void platform_device_release(struct device *dev)
{
	struct pdev_obj *pa = container_of(to_platform_device(dev), struct pdev_obj, pdev);

	free(pa->pdev.resource);
	free(dev->platform_data);
	free((char *)pa->pdev.driver_override);
	free(pa);
}

MR_EXPORT struct platform_device *platform_device_alloc(const char *name, int id)
{
	struct pdev_obj *pa = calloc(1, sizeof(*pa));

	if (!pa)
		return NULL;
	snprintf(pa->name, sizeof(pa->name), "%s", name);
	pa->pdev.name = pa->name;
	pa->pdev.id = id;
	device_initialize(&pa->pdev.dev);
	pa->pdev.dev.release = platform_device_release;
	return &pa->pdev;
}

MR_EXPORT int platform_device_add_resources(struct platform_device *pdev,
					    const struct resource *res, unsigned int num)
{
	struct resource *r = NULL;

	if (num) {
		r = calloc(num, sizeof(*r));
		if (!r)
			return -ENOMEM;
		memcpy(r, res, num * sizeof(*r));
	}
	free(pdev->resource);
	pdev->resource = r;
	pdev->num_resources = num;
	return 0;
}

MR_EXPORT int platform_device_add_data(struct platform_device *pdev, const void *data, size_t size)
{
	void *d = NULL;

	if (data) {
		d = malloc(size ? size : 1);
		if (!d)
			return -ENOMEM;
		memcpy(d, data, size);
	}
	free(pdev->dev.platform_data);
	pdev->dev.platform_data = d;
	return 0;
}

static int platform_auto_id;

MR_EXPORT int platform_device_add(struct platform_device *pdev)
{
	int ret;

	pdev->dev.bus = &platform_bus_type;
	if (!pdev->dev.kobj.name) {
		if (pdev->id == PLATFORM_DEVID_AUTO) {
			pdev->id = platform_auto_id++;
			pdev->id_auto = true;
		}
		if (pdev->id == PLATFORM_DEVID_NONE)
			ret = dev_set_name(&pdev->dev, "%s", pdev->name);
		else
			ret = dev_set_name(&pdev->dev, pdev->id_auto ? "%s.%d.auto" : "%s.%d",
					   pdev->name, pdev->id);
		if (ret)
			return ret;
	}
	return device_add(&pdev->dev);
}

MR_EXPORT void platform_device_del(struct platform_device *pdev)
{
	if (pdev)
		device_del(&pdev->dev);
}

MR_EXPORT void platform_device_put(struct platform_device *pdev)
{
	if (pdev)
		put_device(&pdev->dev);
}

MR_EXPORT int platform_device_register(struct platform_device *pdev)
{
	device_initialize(&pdev->dev);
	return platform_device_add(pdev);
}

MR_EXPORT void platform_device_unregister(struct platform_device *pdev)
{
	platform_device_del(pdev);
	platform_device_put(pdev);
}

MR_EXPORT struct platform_device *
platform_device_register_full(const struct platform_device_info *info)
{
	struct platform_device *pdev = platform_device_alloc(info->name, info->id);
	int ret;

	if (!pdev)
		return ERR_PTR(-ENOMEM);
	pdev->dev.parent = info->parent;
	pdev->dev.fwnode = info->fwnode;
	pdev->dev.of_node = to_of_node(info->fwnode);
	ret = platform_device_add_resources(pdev, info->res, info->num_res);
	if (!ret)
		ret = platform_device_add_data(pdev, info->data, info->size_data);
	if (!ret)
		ret = platform_device_add(pdev);
	if (ret) {
		platform_device_put(pdev);
		return ERR_PTR(ret);
	}
	return pdev;
}

MR_EXPORT struct platform_device *platform_device_register_resndata(struct device *parent,
								    const char *name, int id,
								    const struct resource *res,
								    unsigned int num,
								    const void *data, size_t size)
{
	struct platform_device_info info = {.parent = parent,
					    .name = name,
					    .id = id,
					    .res = res,
					    .num_res = num,
					    .data = data,
					    .size_data = size};

	return platform_device_register_full(&info);
}

/* --------------------------------------------- platform devices from DT */

static struct platform_device *of_devices[MAX_ITEMS];
static size_t nof_devices;

MR_EXPORT const struct of_device_id of_default_bus_match_table[] = {
	{.compatible = "simple-bus"},
	{.compatible = "simple-mfd"},
	{.compatible = "isa"},
	{.compatible = "arm,amba-bus"},
	{},
};

MR_EXPORT struct platform_device *of_find_device_by_node(struct device_node *np)
{
	for (size_t i = 0; np && i < nof_devices; i++)
		if (of_devices[i] && of_devices[i]->dev.of_node == np)
			return to_platform_device(get_device(&of_devices[i]->dev));
	return NULL;
}

/* "9000000.serial", as of_device_make_bus_id() names a device with a reg. */
static void of_bus_id(struct device_node *np, char *buf, size_t len)
{
	u64 addr, size;

	if (!mr_of_reg(np, 0, &addr, &size))
		snprintf(buf, len, "%llx.%s", (unsigned long long)addr, np->name);
	else
		snprintf(buf, len, "%s", np->name);
}

static int of_irq_resources(struct device_node *np, struct resource *r, int max)
{
	int len, n = 0;
	const __be32 *irq = of_get_property(np, "interrupts", &len);
	u32 cells = 1;
	struct device_node *p;

	for (p = np; p; p = p->parent) {
		struct device_node *ic = of_parse_phandle(p, "interrupt-parent", 0);

		if (ic && !of_property_read_u32(ic, "#interrupt-cells", &cells))
			break;
		if (!of_property_read_u32(p, "#interrupt-cells", &cells) && p != np)
			break;
	}
	if (!irq || !cells || cells > 4)
		return 0;
	for (int at = 0; (at + (int)cells) * 4 <= len && n < max; at += (int)cells, n++) {
		/* An arm,gic-style triple (type, number, flags): SPIs start at 32. */
		u32 num = cells >= 3 ? be32_to_cpu(irq[at + 1]) + (be32_to_cpu(irq[at]) ? 16 : 32)
				     : be32_to_cpu(irq[at]);

		r[n] = (struct resource){
			.start = num, .end = num, .flags = IORESOURCE_IRQ, .name = np->full_name};
	}
	return n;
}

MR_EXPORT struct platform_device *
of_platform_device_create(struct device_node *np, const char *bus_id, struct device *parent)
{
	struct resource res[32];
	struct platform_device *pdev;
	char name[128];
	int n = 0;

	if (!of_device_is_available(np) || of_find_device_by_node(np))
		return NULL;
	while (n < 16 && !of_address_to_resource(np, n, &res[n]))
		n++;
	n += of_irq_resources(np, res + n, 16);
	if (bus_id)
		snprintf(name, sizeof(name), "%s", bus_id);
	else
		of_bus_id(np, name, sizeof(name));
	pdev = platform_device_alloc(name, PLATFORM_DEVID_NONE);
	if (!pdev)
		return NULL;
	pdev->dev.of_node = np;
	pdev->dev.fwnode = of_fwnode_handle(np);
	pdev->dev.parent = parent;
	if (platform_device_add_resources(pdev, res, (unsigned int)n) ||
	    dev_set_name(&pdev->dev, "%s", name)) {
		platform_device_put(pdev);
		return NULL;
	}
	if (nof_devices < MAX_ITEMS)
		of_devices[nof_devices++] = pdev;
	if (platform_device_add(pdev)) {
		of_devices[--nof_devices] = NULL;
		platform_device_put(pdev);
		return NULL;
	}
	return pdev;
}

static int of_populate_bus(struct device_node *bus, const struct of_device_id *matches,
			   struct device *parent)
{
	for (struct device_node *np = bus->child; np; np = np->sibling) {
		struct platform_device *pdev;

		if (!of_get_property(np, "compatible", NULL))
			continue;
		pdev = of_platform_device_create(np, NULL, parent);
		if (pdev && of_match_node(matches, np))
			of_populate_bus(np, matches, &pdev->dev);
	}
	return 0;
}

MR_EXPORT int of_platform_populate(struct device_node *root, const struct of_device_id *matches,
				   const void *lookup, struct device *parent)
{
	(void)lookup;
	if (mr_of_ensure())
		return -EINVAL;
	if (!root)
		root = of_root;
	return root ? of_populate_bus(root, matches, parent) : -EINVAL;
}

MR_EXPORT int of_platform_default_populate(struct device_node *root, const void *lookup,
					   struct device *parent)
{
	return of_platform_populate(root, of_default_bus_match_table, lookup, parent);
}

MR_EXPORT void of_platform_depopulate(struct device *parent)
{
	for (size_t i = nof_devices; i--;)
		if (of_devices[i] && of_devices[i]->dev.parent == parent) {
			struct platform_device *pdev = of_devices[i];

			of_devices[i] = NULL;
			platform_device_unregister(pdev);
		}
}

static void devm_of_depopulate(void *parent)
{
	of_platform_depopulate(parent);
}

MR_EXPORT int devm_of_platform_populate(struct device *dev)
{
	int ret = of_platform_populate(dev->of_node, NULL, NULL, dev);

	return ret ? ret : devm_add_action_or_reset(dev, devm_of_depopulate, dev);
}

/* The reserved-memory init hooks (RESERVEDMEM_OF_DECLARE), in declaration order. */
static struct {
	const char *compat;
	reservedmem_of_init_fn init;
	const char *name;
} rmem_decls[64];
static size_t nrmem_decls;

MR_EXPORT void mr_reservedmem_declare(const char *compat, reservedmem_of_init_fn init,
				      const char *name)
{
	if (nrmem_decls < ARRAY_SIZE(rmem_decls))
		rmem_decls[nrmem_decls++] = (typeof(rmem_decls[0])){compat, init, name};
}

static void of_reserved_mem_init(void)
{
	size_t n;
	struct reserved_mem *rmem = mr_of_rmem_all(&n);

	for (size_t i = 0; i < n; i++) {
		struct device_node *np = of_find_node_by_path("/reserved-memory");

		for (np = np ? np->child : NULL; np; np = np->sibling)
			if (of_reserved_mem_lookup(np) == &rmem[i])
				break;
		for (size_t d = 0; np && d < nrmem_decls; d++)
			if (of_device_is_compatible(np, rmem_decls[d].compat)) {
				int ret = rmem_decls[d].init(&rmem[i]);

				pr_info("Reserved memory: %s %pa+%pa: %s returned %d\n",
					rmem[i].name, &rmem[i].base, &rmem[i].size,
					rmem_decls[d].name, ret);
				break;
			}
	}
}

int mr_platform_populate_machine(void)
{
	struct device_node *rm, *fw;
	int ret = mr_of_ensure();

	if (ret || !of_root)
		return ret;
	mr_efi_parse_tables(); /* a bad table is reported; the devices still come */
	of_reserved_mem_init();
	ret = of_platform_default_populate(NULL, NULL, NULL);
	/* The children of /firmware are devices (optee, scm, ...), as drivers/of/platform.c has it.
	 */
	fw = of_find_node_by_path("/firmware");
	if (fw)
		of_platform_populate(fw, NULL, NULL, NULL);
	/* Reserved-memory regions with a compatible are devices too (drivers/of/platform.c). */
	rm = of_find_node_by_path("/reserved-memory");
	for (struct device_node *np = rm ? rm->child : NULL; np; np = np->sibling)
		if (of_get_property(np, "compatible", NULL))
			of_platform_device_create(np, NULL, NULL);
	return ret ? ret : mr_acpi_populate();
}

void mr_platform_depopulate_machine(void)
{
	mr_acpi_depopulate();
	for (size_t i = nof_devices; i--;)
		if (of_devices[i]) {
			struct platform_device *pdev = of_devices[i];

			of_devices[i] = NULL;
			platform_device_unregister(pdev);
		}
	nof_devices = 0;
}

MR_EXPORT const struct of_device_id *of_match_device(const struct of_device_id *matches,
						     const struct device *dev)
{
	return dev && dev->of_node ? of_match_node(matches, dev->of_node) : NULL;
}

MR_EXPORT const void *of_device_get_match_data(const struct device *dev)
{
	const struct of_device_id *m =
		dev && dev->driver ? of_match_device(dev->driver->of_match_table, dev) : NULL;

	return m ? m->data : NULL;
}

MR_EXPORT const void *device_get_match_data(const struct device *dev)
{
	const void *d = of_device_get_match_data(dev);

	return d ? d : acpi_device_get_match_data(dev);
}

/* ------------------------------------------------------------ properties */

MR_EXPORT struct fwnode_handle *dev_fwnode(const struct device *dev)
{
	return dev->of_node ? of_fwnode_handle(dev->of_node) : dev->fwnode;
}

MR_EXPORT bool device_property_present(const struct device *dev, const char *propname)
{
	return of_property_present(dev->of_node, propname);
}

#define MR__DEV_ARRAY(bits)                                                                 \
	MR_EXPORT int device_property_read_u##bits##_array(                                 \
		const struct device *dev, const char *propname, u##bits *val, size_t nval)  \
	{                                                                                   \
		if (!val)                                                                   \
			return of_property_count_elems_of_size(dev->of_node, propname,      \
							       sizeof(u##bits));            \
		return of_property_read_u##bits##_array(dev->of_node, propname, val, nval); \
	}
MR__DEV_ARRAY(8)
MR__DEV_ARRAY(16)
MR__DEV_ARRAY(32)
MR__DEV_ARRAY(64)

MR_EXPORT int device_property_read_string_array(const struct device *dev, const char *propname,
						const char **val, size_t nval)
{
	return of_property_read_string_helper(dev->of_node, propname, val, nval, 0);
}

MR_EXPORT int device_property_read_string(const struct device *dev, const char *propname,
					  const char **val)
{
	return of_property_read_string(dev->of_node, propname, val);
}

MR_EXPORT int device_property_match_string(const struct device *dev, const char *propname,
					   const char *string)
{
	return of_property_match_string(dev->of_node, propname, string);
}

MR_EXPORT bool fwnode_property_present(const struct fwnode_handle *fwnode, const char *propname)
{
	return of_property_present(to_of_node(fwnode), propname);
}

MR_EXPORT int fwnode_property_read_u32_array(const struct fwnode_handle *fwnode,
					     const char *propname, u32 *val, size_t nval)
{
	return of_property_read_u32_array(to_of_node(fwnode), propname, val, nval);
}

MR_EXPORT int fwnode_property_read_string(const struct fwnode_handle *fwnode, const char *propname,
					  const char **val)
{
	return of_property_read_string(to_of_node(fwnode), propname, val);
}
