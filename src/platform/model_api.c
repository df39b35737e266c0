// SPDX-License-Identifier: MIT
/*
 * What a device model may call (memremap/sim.h): its device's data, range
 * and line, DMA into the machine's memory, raising its interrupt. Apart
 * from sim_device.c, which calls the models, so that the calls between the
 * files run one way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "sim_device.h"

uint64_t mr_sim_device_phys(const struct mr_sim_device *dev)
{
	return dev ? dev->phys : 0;
}

uint64_t mr_sim_device_size(const struct mr_sim_device *dev)
{
	return dev ? dev->size : 0;
}

const char *mr_sim_device_model(const struct mr_sim_device *dev)
{
	return dev ? dev->model->name : NULL;
}

unsigned int mr_sim_device_irq(const struct mr_sim_device *dev)
{
	return dev ? dev->irq : 0;
}

void *mr_sim_priv(const struct mr_sim_device *dev)
{
	return dev ? dev->priv : NULL;
}

void mr_sim_set_priv(struct mr_sim_device *dev, void *priv)
{
	if (dev)
		dev->priv = priv;
}

void mr_sim_set_errmsg(struct mr_sim_device *dev, const char *fmt, ...)
{
	va_list ap;

	if (!dev || !fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(dev->errmsg, sizeof(dev->errmsg), fmt, ap);
	va_end(ap);
}

const struct mr_sim_model *mr__sim_device_model_of(const struct mr_sim_device *dev)
{
	return dev->model;
}

/* ----------------------------------------------------------- DMA, irq */

static int mr__dma(struct mr_sim_device *dev, uint64_t phys, void *buf, size_t len, bool write)
{
	if (!dev || (!buf && len))
		return -EINVAL;
	if (!len)
		return 0;
	if (phys + len - 1 < phys || mr__dev_find(dev->devs, phys, phys + len - 1))
		return -EFAULT;
	return dev->devs->mem_rw(dev->devs->mem_ctx, phys, buf, len, write);
}

int mr_sim_dma_read(struct mr_sim_device *dev, uint64_t phys, void *buf, size_t len)
{
	return mr__dma(dev, phys, buf, len, false);
}

int mr_sim_dma_write(struct mr_sim_device *dev, uint64_t phys, const void *buf, size_t len)
{
	return mr__dma(dev, phys, (void *)(uintptr_t)buf, len, true);
}

int mr_sim_irq_raise(struct mr_sim_device *dev)
{
	if (!dev || !dev->irq)
		return -EINVAL;
	return mr__irq_raise(dev->irq);
}
