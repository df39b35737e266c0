// SPDX-License-Identifier: MIT
/*
 * A register-block temperature sensor: an ID register, a raw reading in
 * half-degree steps, a property with the offset. Registers a thermal zone
 * whose get_temp() reads the block. Written for the tests.
 */
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/thermal.h>

#define TSENS_ID	 0x00
#define TSENS_ID_VALUE	 0x7e550001
#define TSENS_DATA	 0x04
#define TSENS_DATA_RAW	 GENMASK(11, 0)
#define TSENS_DATA_VALID BIT(31)

struct tsens {
	void __iomem *base;
	u32 offset;
};

static int tsens_get_temp(struct thermal_zone_device *tz, int *temp)
{
	struct tsens *ts = thermal_zone_device_priv(tz);
	u32 data = readl(ts->base + TSENS_DATA);

	if (!(data & TSENS_DATA_VALID))
		return -EAGAIN;
	*temp = FIELD_GET(TSENS_DATA_RAW, data) * 500 - (int)ts->offset;
	return 0;
}

static const struct thermal_zone_device_ops tsens_ops = {
	.get_temp = tsens_get_temp,
};

static int tsens_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct thermal_zone_device *tz;
	struct resource *res;
	struct tsens *ts;
	u32 id;

	ts = devm_kzalloc(dev, sizeof(*ts), GFP_KERNEL);
	if (!ts)
		return -ENOMEM;
	ts->base = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(ts->base))
		return PTR_ERR(ts->base);
	id = readl(ts->base + TSENS_ID);
	if (id != TSENS_ID_VALUE)
		return dev_err_probe(dev, -ENODEV, "unknown sensor id %#010x at %pR\n", id, res);
	device_property_read_u32(dev, "acme,offset-millicelsius", &ts->offset);
	tz = devm_thermal_of_zone_register(dev, 0, ts, &tsens_ops);
	if (IS_ERR(tz))
		return dev_err_probe(dev, PTR_ERR(tz), "cannot register zone\n");
	dev_info(dev, "sensor at %pR, irq %d, node %pOF\n", res, platform_get_irq(pdev, 0),
		 dev->of_node);
	return 0;
}

static const struct of_device_id tsens_match[] = {{.compatible = "acme,tsens-v1"}, {}};
MODULE_DEVICE_TABLE(of, tsens_match);

static struct platform_driver tsens_driver = {
	.probe = tsens_probe,
	.driver =
		{
			.name = "acme-tsens",
			.of_match_table = tsens_match,
		},
};
module_platform_driver(tsens_driver);

MODULE_DESCRIPTION("Acme temperature sensor (test driver)");
MODULE_LICENSE("Dual MIT/GPL");
