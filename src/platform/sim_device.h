/* SPDX-License-Identifier: MIT */
/*
 * The sim machine's devices, between sim_device.c (attaching, trapping,
 * the spec's key) and model_api.c (what a model may call). Private to the
 * platform layer.
 */
#ifndef MR_SIM_DEVICE_H
#define MR_SIM_DEVICE_H

#include <memremap/sim.h>

#include "mr_platform.h"

struct mr__sim_devices;

struct mr_sim_device {
	struct mr__sim_devices *devs;
	const struct mr_sim_model *model;
	uint64_t phys, size; /* the window, whole pages */
	void *priv;
	pthread_mutex_t lock;
	unsigned int irq;
	char *arg;
	void *dl;    /* the shared object the model came from */
	bool inited; /* init ran and succeeded: exit is owed */
	char errmsg[256];
	struct mr_sim_device *next;
};

/* One mapping that traps: the cookie of its range. */
struct mr__sim_trapped {
	struct mr__sim_devices *devs;
	void *base;
	uint64_t phys;
	size_t len;
	struct mr__sim_trapped *next;
};

/* A sim machine's devices: made when it opens (mr__sim_devices_new()). */
struct mr__sim_devices {
	struct mr_machine *m;
	mr__sim_mem_fn mem_rw; /* sim memory, from sim.c */
	void *mem_ctx;
	pthread_mutex_t lock; /* attach, trap and untrap */
	struct mr_sim_device *_Atomic head;
	struct mr__sim_trapped *traps;
	char **specs; /* device= values, attached once the machine is up */
	size_t nspecs;
	struct mr__sim_devices *next; /* the list of sim machines' */
};

/*
 * The device whose window meets [@first, @last], or NULL. The list only
 * grows while the machine is open: the fault handler walks it unlocked.
 */
static inline struct mr_sim_device *mr__dev_find(struct mr__sim_devices *d, uint64_t first,
						 uint64_t last)
{
	struct mr_sim_device *dev;

	if (!d)
		return NULL;
	for (dev = atomic_load_explicit(&d->head, memory_order_acquire); dev; dev = dev->next)
		if (first <= dev->phys + dev->size - 1 && last >= dev->phys)
			return dev;
	return NULL;
}

#endif /* MR_SIM_DEVICE_H */
