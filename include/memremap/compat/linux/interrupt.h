/* SPDX-License-Identifier: MIT */
/*
 * <linux/interrupt.h> for driver code built in user space over libmemremap.
 *
 * request_irq() and free_irq() as the kernel spells them, over
 * mr_request_irq() and mr_free_irq() (memremap/sim.h). A line is raised by
 * a device model of the sim machine (mr_sim_irq_raise(); its number is
 * mr_sim_device_irq()), and the handler runs in the process's interrupt
 * thread, as a threaded interrupt's does: it may sleep, take locks and
 * touch the device's registers. What it returns is recorded, as the
 * kernel's is, and otherwise ignored.
 */
#ifndef MR_COMPAT_LINUX_INTERRUPT_H
#define MR_COMPAT_LINUX_INTERRUPT_H

#include "../../sim.h"
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

typedef mr_irqreturn_t irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQ_NONE      MR_IRQ_NONE
#define IRQ_HANDLED   MR_IRQ_HANDLED
#define IRQ_RETVAL(x) ((x) ? IRQ_HANDLED : IRQ_NONE)

#define IRQF_SHARED   MR_IRQF_SHARED
/* Accepted for the kernel's sake; every handler here is a threaded one. */
#define IRQF_TRIGGER_NONE    0x00000000UL
#define IRQF_TRIGGER_RISING  0x00000001UL
#define IRQF_TRIGGER_FALLING 0x00000002UL
#define IRQF_TRIGGER_HIGH    0x00000004UL
#define IRQF_TRIGGER_LOW     0x00000008UL
#define IRQF_ONESHOT	     0x00002000UL
#define IRQF_NO_SUSPEND	     0x00004000UL

static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
			      const char *name, void *dev)
{
	return mr_request_irq(irq, handler, flags & IRQF_SHARED, name, dev);
}

static inline const void *free_irq(unsigned int irq, void *dev_id)
{
	return mr_free_irq(irq, dev_id);
}

#endif /* MR_COMPAT_LINUX_INTERRUPT_H */
