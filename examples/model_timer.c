// SPDX-License-Identifier: MIT
/*
 * An example device model, built as a shared object and attached with
 *
 *   MEMREMAP_MACHINE=sim,device=./libmodel_timer.so@0xfe600000
 *
 * (see docs/devices.md). A tick counter that advances on every read:
 *
 *   0x00 R   identification "TIMR" (0x54494d52)
 *   0x04 R   count: each read returns one more than the last
 *   0x08 W   reset: any write sets the count to 0
 *   0x0c RW  compare: when the count reaches it, the interrupt line is
 *            raised (0: never)
 *
 * Every callback runs with the device's lock held, inside the access that
 * caused it; the model keeps its state in memory of its own.
 */
#include <errno.h>
#include <stdlib.h>

#include <memremap/sim.h>

struct timer {
	uint32_t count, compare;
};

static int timer_init(struct mr_sim_device *dev, const char *arg)
{
	struct timer *t;

	if (arg) {
		mr_sim_set_errmsg(dev, "the timer takes no argument");
		return -EINVAL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	mr_sim_set_priv(dev, t);
	return 0;
}

static void timer_exit(struct mr_sim_device *dev)
{
	free(mr_sim_priv(dev));
}

static void timer_reset(struct mr_sim_device *dev)
{
	struct timer *t = mr_sim_priv(dev);

	t->count = 0;
	t->compare = 0;
}

static uint64_t timer_read(struct mr_sim_device *dev, uint64_t offset, unsigned int width)
{
	struct timer *t = mr_sim_priv(dev);

	if (width != 4)
		return ~0ULL; /* 32-bit registers only, as many devices have */
	switch (offset) {
	case 0x00:
		return 0x54494d52;
	case 0x04:
		if (++t->count == t->compare)
			mr_sim_irq_raise(dev);
		return t->count;
	case 0x0c:
		return t->compare;
	default:
		return 0;
	}
}

static void timer_write(struct mr_sim_device *dev, uint64_t offset, unsigned int width,
			uint64_t value)
{
	struct timer *t = mr_sim_priv(dev);

	if (width != 4)
		return;
	if (offset == 0x08)
		t->count = 0;
	else if (offset == 0x0c)
		t->compare = (uint32_t)value;
}

/* What libmemremap looks up in the shared object. */
__attribute__((visibility("default"))) const struct mr_sim_model mr_sim_model = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "timer",
	.size = 16,
	.init = timer_init,
	.exit = timer_exit,
	.reset = timer_reset,
	.read = timer_read,
	.write = timer_write,
};
