// SPDX-License-Identifier: MIT
/*
 * The `edu` model: QEMU's educational PCI device (hw/misc/edu.c and
 * docs/specs/edu.rst), register for register, so that a driver written
 * against QEMU's device runs against this one unchanged.
 *
 *   0x00 R   identification 0x010000ed (major 1, minor 0, 0xed)
 *   0x04 RW  liveness: reads the inverse of what was written
 *   0x08 RW  factorial: a write starts computing (ignored while computing);
 *            a read gives the result
 *   0x20 RW  status: bit 0 computing (read-only), bit 7 raise an interrupt
 *            when a factorial completes
 *   0x24 R   interrupt status (0x1 factorial, 0x100 DMA, or what 0x60 set)
 *   0x60 W   raise: OR the value into the interrupt status, assert the line
 *   0x64 W   acknowledge: clear those bits
 *   0x80 RW  DMA source, 0x88 DMA destination, 0x90 DMA count (4 or 8 bytes)
 *   0x98 RW  DMA command: bit 0 start (clears when done), bit 1 direction
 *            (0: memory to the device's buffer, 1: buffer to memory),
 *            bit 2 raise interrupt 0x100 when done
 *   the device's 4 KiB DMA buffer sits at 0x40000 in its DMA address space
 *
 * As in QEMU: registers below 0x80 take 4-byte accesses only, the DMA
 * registers 4 or 8; any other access reads all ones and writes nothing.
 * DMA addresses are clamped to the DMA mask (28 bits unless the model's
 * argument says `dma_mask=N`). Where QEMU's device takes time (a thread
 * computes the factorial, a 100 ms timer runs the DMA), this one completes
 * within the access that started it: a driver that waits on the status
 * bits sees them clear at once. A DMA outside the buffer is refused (QEMU
 * only logs it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memremap/sim.h>

#include "mr_platform.h"
#include "numbers.h"

#define EDU_SIZE	 (1U << 20)
#define EDU_ID		 0x010000edU
#define EDU_COMPUTING	 0x01U
#define EDU_IRQFACT	 0x80U
#define EDU_FACT_IRQ	 0x00000001U
#define EDU_DMA_IRQ	 0x00000100U
#define EDU_DMA_RUN	 0x1U
#define EDU_DMA_TO_RAM	 0x2U
#define EDU_DMA_IRQ_DONE 0x4U
#define EDU_DMA_START	 0x40000U
#define EDU_DMA_SIZE	 4096U

struct edu {
	uint32_t addr4, fact, status, irq_status;
	uint64_t dma_src, dma_dst, dma_cnt, dma_cmd;
	uint64_t dma_mask;
	uint8_t buf[EDU_DMA_SIZE];
};

static int edu_init(struct mr_sim_device *dev, const char *arg)
{
	struct edu *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->dma_mask = (1ULL << 28) - 1;
	if (arg && *arg) {
		if (strncmp(arg, "dma_mask=", 9) || mr__num_parse(arg + 9, &e->dma_mask)) {
			mr_sim_set_errmsg(dev, "edu takes 'dma_mask=N', not '%s'", arg);
			free(e);
			return -EINVAL;
		}
	}
	mr_sim_set_priv(dev, e);
	return 0;
}

static void edu_exit(struct mr_sim_device *dev)
{
	free(mr_sim_priv(dev));
}

static void edu_reset(struct mr_sim_device *dev)
{
	struct edu *e = mr_sim_priv(dev);
	uint64_t mask = e->dma_mask;

	memset(e, 0, sizeof(*e));
	e->dma_mask = mask;
}

static void edu_raise(struct mr_sim_device *dev, struct edu *e, uint32_t bits)
{
	e->irq_status |= bits;
	if (e->irq_status)
		mr_sim_irq_raise(dev);
}

static void edu_factorial(struct mr_sim_device *dev, struct edu *e, uint32_t n)
{
	uint32_t r = 1;

	while (n > 0)
		r *= n--;
	e->fact = r;
	e->status &= ~EDU_COMPUTING;
	if (e->status & EDU_IRQFACT)
		edu_raise(dev, e, EDU_FACT_IRQ);
}

/* [start, start+n) inside the buffer's DMA addresses? */
static bool edu_in_buf(uint64_t start, uint64_t n)
{
	return start >= EDU_DMA_START && n <= EDU_DMA_SIZE &&
	       start - EDU_DMA_START <= EDU_DMA_SIZE - n;
}

static void edu_dma(struct mr_sim_device *dev, struct edu *e)
{
	uint64_t n = e->dma_cnt;
	int ret = -EINVAL;

	if (e->dma_cmd & EDU_DMA_TO_RAM) {
		if (edu_in_buf(e->dma_src, n))
			ret = mr_sim_dma_write(dev, e->dma_dst & e->dma_mask,
					       e->buf + (e->dma_src - EDU_DMA_START), n);
	} else {
		if (edu_in_buf(e->dma_dst, n))
			ret = mr_sim_dma_read(dev, e->dma_src & e->dma_mask,
					      e->buf + (e->dma_dst - EDU_DMA_START), n);
	}
	if (ret)
		fprintf(stderr,
			"edu: DMA of %#" PRIx64 " bytes from %#" PRIx64 " to %#" PRIx64
			" refused: outside the buffer or the memory\n",
			n, e->dma_src, e->dma_dst);
	e->dma_cmd &= ~(uint64_t)EDU_DMA_RUN;
	if (e->dma_cmd & EDU_DMA_IRQ_DONE)
		edu_raise(dev, e, EDU_DMA_IRQ);
}

static bool edu_width_ok(uint64_t off, unsigned int width)
{
	return off < 0x80 ? width == 4 : (width == 4 || width == 8);
}

static uint64_t edu_read(struct mr_sim_device *dev, uint64_t off, unsigned int width)
{
	struct edu *e = mr_sim_priv(dev);

	if (!edu_width_ok(off, width))
		return ~0ULL;
	switch (off) {
	case 0x00:
		return EDU_ID;
	case 0x04:
		return e->addr4;
	case 0x08:
		return e->fact;
	case 0x20:
		return e->status;
	case 0x24:
		return e->irq_status;
	case 0x80:
		return e->dma_src;
	case 0x88:
		return e->dma_dst;
	case 0x90:
		return e->dma_cnt;
	case 0x98:
		return e->dma_cmd;
	default:
		return ~0ULL;
	}
}

static void edu_write(struct mr_sim_device *dev, uint64_t off, unsigned int width, uint64_t v)
{
	struct edu *e = mr_sim_priv(dev);
	bool dma_busy = e->dma_cmd & EDU_DMA_RUN;

	if (!edu_width_ok(off, width))
		return;
	switch (off) {
	case 0x04:
		e->addr4 = ~(uint32_t)v;
		break;
	case 0x08:
		if (e->status & EDU_COMPUTING)
			break;
		e->status |= EDU_COMPUTING;
		edu_factorial(dev, e, (uint32_t)v);
		break;
	case 0x20:
		e->status = (v & EDU_IRQFACT) ? e->status | EDU_IRQFACT : e->status & ~EDU_IRQFACT;
		break;
	case 0x60:
		edu_raise(dev, e, (uint32_t)v);
		break;
	case 0x64:
		e->irq_status &= ~(uint32_t)v;
		break;
	case 0x80:
		if (!dma_busy)
			e->dma_src = v;
		break;
	case 0x88:
		if (!dma_busy)
			e->dma_dst = v;
		break;
	case 0x90:
		if (!dma_busy)
			e->dma_cnt = v;
		break;
	case 0x98:
		if (!(v & EDU_DMA_RUN) || dma_busy)
			break;
		e->dma_cmd = v;
		edu_dma(dev, e);
		break;
	}
}

const struct mr_sim_model mr__model_edu = {
	.abi = MR_SIM_MODEL_ABI,
	.name = "edu",
	.size = EDU_SIZE,
	.init = edu_init,
	.exit = edu_exit,
	.reset = edu_reset,
	.read = edu_read,
	.write = edu_write,
};
