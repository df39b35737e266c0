// SPDX-License-Identifier: MIT
/*
 * The `scratch` model: RAM that only answers through the trap. Reads give
 * what was written (little-endian, any width, any alignment), a reset
 * fills it with zeros. Its size is its argument (`scratch:16K@ADDR`;
 * default 4 KiB). What it is for: a range where every access is seen (a
 * trace of a driver's buffer), and a check of the trap itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <memremap/sim.h>

#include "mr_platform.h"
#include "numbers.h"

#define SCRATCH_DEFAULT 4096U
#define SCRATCH_MAX	(1ULL << 30)

struct scratch {
	uint64_t size;
	uint8_t mem[];
};

static uint64_t scratch_size(const char *arg)
{
	uint64_t n;

	if (!arg || !*arg)
		return SCRATCH_DEFAULT;
	if (mr__num_parse_range(arg, 1, SCRATCH_MAX, &n))
		return 0;
	return n;
}

static int scratch_init(struct mr_sim_device *dev, const char *arg)
{
	uint64_t n = scratch_size(arg);
	struct scratch *s;

	if (!n) {
		mr_sim_set_errmsg(dev, "scratch takes a size from 1 to 1G, not '%s'", arg);
		return -EINVAL;
	}
	s = malloc(sizeof(*s) + n);
	if (!s)
		return -ENOMEM;
	s->size = n;
	mr_sim_set_priv(dev, s);
	return 0;
}

static void scratch_exit(struct mr_sim_device *dev)
{
	free(mr_sim_priv(dev));
}

static void scratch_reset(struct mr_sim_device *dev)
{
	struct scratch *s = mr_sim_priv(dev);

	memset(s->mem, 0, s->size);
}

/* Beyond its size (the rest of the last page): reads zero, writes vanish. */
static uint64_t scratch_read(struct mr_sim_device *dev, uint64_t off, unsigned int width)
{
	struct scratch *s = mr_sim_priv(dev);
	uint64_t v = 0;

	for (unsigned int i = 0; i < width && off + i < s->size; i++)
		v |= (uint64_t)s->mem[off + i] << (8 * i);
	return v;
}

static void scratch_write(struct mr_sim_device *dev, uint64_t off, unsigned int width, uint64_t v)
{
	struct scratch *s = mr_sim_priv(dev);

	for (unsigned int i = 0; i < width && off + i < s->size; i++)
		s->mem[off + i] = (uint8_t)(v >> (8 * i));
}

const struct mr_sim_model mr__model_scratch = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "scratch",
	.size = SCRATCH_DEFAULT,
	.init = scratch_init,
	.exit = scratch_exit,
	.reset = scratch_reset,
	.read = scratch_read,
	.write = scratch_write,
	.size_of = scratch_size,
};
