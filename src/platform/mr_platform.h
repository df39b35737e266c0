/* SPDX-License-Identifier: MIT */
/*
 * The platform layer: one file a platform, each behind its const ops
 * (struct mr__platform, mr_mapping.h). Platforms stand on every layer below
 * them; only the api layer above names them.
 */
#ifndef MR_PLATFORM_H
#define MR_PLATFORM_H

#include "mr_machine.h"

MR__HIDDEN extern const struct mr__platform mr__platform_sim;
MR__HIDDEN extern const struct mr__platform mr__platform_linux;

/*
 * Device models of the sim machine (sim_device.c). sim.c calls the hooks:
 * new when the machine opens (with its function that reads and writes sim
 * memory: async-signal-safe, the fault handler uses it; 0 or -EFAULT), a
 * device= value while parsing, open once the machine's memory is there,
 * trap after mapping a range and untrap before unmapping it, close when
 * the machine closes. Trap and untrap, on the path of every new mapping,
 * take the devices new gave (*@out): found by machine, they cost a lock
 * that every thread mapping anything met.
 */
struct mr__sim_devices;
typedef int (*mr__sim_mem_fn)(void *ctx, uint64_t phys, void *buf, size_t len, bool write);
MR__HIDDEN int mr__sim_devices_new(struct mr_machine *m, mr__sim_mem_fn mem_rw, void *ctx,
				   struct mr__sim_devices **out);
MR__HIDDEN int mr__sim_devices_spec(struct mr_machine *m, const char *val);
MR__HIDDEN int mr__sim_devices_open(struct mr_machine *m);
MR__HIDDEN int mr__sim_devices_trap(struct mr__sim_devices *d, struct mr__map *req);
MR__HIDDEN void mr__sim_devices_untrap(struct mr__sim_devices *d, struct mr__map *req);
MR__HIDDEN void mr__sim_devices_close(struct mr_machine *m);

/* The built-in models (model_*.c). */
struct mr_sim_model;
struct mr_sim_device;
MR__HIDDEN extern const struct mr_sim_model mr__model_edu;
MR__HIDDEN extern const struct mr_sim_model mr__model_scratch;
MR__HIDDEN extern const struct mr_sim_model mr__model_trace;
MR__HIDDEN extern const struct mr_sim_model mr__model_regs;
MR__HIDDEN const struct mr_sim_model *mr__sim_device_model_of(const struct mr_sim_device *dev);

/*
 * sim's dt=FILE (sim_dt.c): keep the flattened tree (a .dts is compiled
 * with dtc) in m->fdt; without a map file, the resource tree comes from it.
 */
MR__HIDDEN int mr__sim_dt_load(struct mr_machine *m, const char *path, bool have_map);

#endif /* MR_PLATFORM_H */
