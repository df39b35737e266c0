// SPDX-License-Identifier: MIT
/*
 * A driver for QEMU's edu device, written against the kernel-source
 * compatibility headers: the same source runs in the VM guest against
 * QEMU's device (the linux machine, a static program), on the host's sim
 * machine against the `edu` model or against a replay of the guest's
 * recording, and under `memremap module`.
 *
 * What it does, and prints, one line a step: the identification, the
 * liveness check, 10!, an interrupt (raised through 0x60, taken by the
 * handler where the platform delivers interrupts, else polled: the same
 * accesses either way), and a DMA round trip through the device's buffer.
 * Waits are sleeps before a single read, so that the accesses do not depend
 * on how fast the device is.
 *
 * Parameters (the environment, as module parameters would be):
 *   EDU_BAR   the BAR's physical address
 *   EDU_DMA   the physical address of 4 KiB of memory for DMA (0: no DMA)
 *   EDU_IRQ   the interrupt line, "sim" to ask the sim machine, or 0: poll
 * EDU_WRONG_VALUE, defined when compiling, makes the copy that writes one
 * wrong value (the liveness pattern).
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
/* Not a kernel header: the test driver's parameters and sleeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EDU_ID	       0x00
#define EDU_LIVE       0x04
#define EDU_FACT       0x08
#define EDU_STATUS     0x20
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE  0x60
#define EDU_IRQ_ACK    0x64
#define EDU_DMA_SRC    0x80
#define EDU_DMA_DST    0x88
#define EDU_DMA_CNT    0x90
#define EDU_DMA_CMD    0x98
#define EDU_BUF	       0x40000
#define EDU_DMA_LEN    64

#ifdef EDU_WRONG_VALUE
#define EDU_LIVE_PATTERN 0x13572469U
#else
#define EDU_LIVE_PATTERN 0x13572468U
#endif

static void __iomem *regs;
static volatile int irq_taken;
static uint32_t irq_status;
static unsigned int irq;

static unsigned long long param(const char *name, unsigned long long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

/* What the handler does is what the polling path does: read, acknowledge. */
static void edu_take_irq(void)
{
	irq_status = readl(regs + EDU_IRQ_STATUS);
	writel(irq_status, regs + EDU_IRQ_ACK);
}

static irqreturn_t edu_irq(int line, void *dev_id)
{
	(void)line;
	(void)dev_id;
	edu_take_irq();
	irq_taken = 1;
	return IRQ_HANDLED;
}

static int edu_registers(void)
{
	uint32_t v;

	v = readl(regs + EDU_ID);
	printf("edu: id 0x%08x\n", v);
	if (v != 0x010000ed)
		return -ENODEV;
	/* From a known state, whatever ran before: no factorial interrupt, none pending. */
	writel(0, regs + EDU_STATUS);
	writel(0xffffffff, regs + EDU_IRQ_ACK);
	writel(EDU_LIVE_PATTERN, regs + EDU_LIVE);
	v = readl(regs + EDU_LIVE);
	printf("edu: liveness 0x%08x -> 0x%08x\n", EDU_LIVE_PATTERN, v);
	if (v != (uint32_t)~EDU_LIVE_PATTERN)
		return -EIO;
	writel(10, regs + EDU_FACT);
	usleep(20000);
	v = readl(regs + EDU_STATUS);
	if (v & 1)
		return -ETIMEDOUT;
	v = readl(regs + EDU_FACT);
	printf("edu: 10! = %u\n", v);
	return v == 3628800 ? 0 : -EIO;
}

static int edu_interrupt(void)
{
	int i;

	writel(0x40, regs + EDU_IRQ_RAISE);
	if (irq) {
		for (i = 0; i < 500 && !irq_taken; i++)
			usleep(10000);
		if (!irq_taken)
			return -ETIMEDOUT;
	} else {
		edu_take_irq();
	}
	printf("edu: interrupt status 0x%x acknowledged, now 0x%x\n", irq_status,
	       readl(regs + EDU_IRQ_STATUS));
	return irq_status == 0x40 ? 0 : -EIO;
}

/* Memory -> the device's buffer -> memory 256 bytes further on. */
static int edu_dma(phys_addr_t dma)
{
	uint8_t *mem = memremap(dma, 4096, MEMREMAP_WB);
	int ret = 0, i;

	if (!mem)
		return -ENOMEM;
	for (i = 0; i < EDU_DMA_LEN; i++)
		mem[i] = (uint8_t)(i * 5 + 3);
	memset(mem + 256, 0, EDU_DMA_LEN);
	writeq(dma, regs + EDU_DMA_SRC);
	writeq(EDU_BUF, regs + EDU_DMA_DST);
	writeq(EDU_DMA_LEN, regs + EDU_DMA_CNT);
	writeq(1, regs + EDU_DMA_CMD);
	usleep(300000); /* QEMU runs a DMA 100 ms after the command */
	if (readq(regs + EDU_DMA_CMD) & 1)
		ret = -ETIMEDOUT;
	writeq(EDU_BUF, regs + EDU_DMA_SRC);
	writeq(dma + 256, regs + EDU_DMA_DST);
	writeq(EDU_DMA_LEN, regs + EDU_DMA_CNT);
	writeq(1 | 2, regs + EDU_DMA_CMD);
	usleep(300000);
	if (readq(regs + EDU_DMA_CMD) & 1)
		ret = -ETIMEDOUT;
	if (!ret && memcmp(mem, mem + 256, EDU_DMA_LEN))
		ret = -EIO;
	printf("edu: DMA of %d bytes through the device: %s\n", EDU_DMA_LEN, ret ? "FAILED" : "ok");
	memunmap(mem);
	return ret;
}

static int __init edu_init(void)
{
	phys_addr_t bar = param("EDU_BAR", 0), dma = param("EDU_DMA", 0);
	const char *want = getenv("EDU_IRQ");
	int ret;

	/*
	 * stdio, not pr_err(): printk lives in libmemremap-compat, which has no
	 * static build for the VM guest's copy of this driver.
	 */
	if (!bar) {
		fprintf(stderr, "edu: no EDU_BAR\n");
		return -EINVAL;
	}
	regs = ioremap(bar, 4096);
	if (!regs)
		return -ENOMEM;
	if (want && !strcmp(want, "sim"))
		irq = mr_sim_device_irq(mr_sim_device_at(mr_machine_current(), bar));
	else
		irq = (unsigned int)param("EDU_IRQ", 0);
	if (irq && request_irq(irq, edu_irq, 0, "edu", regs)) {
		fprintf(stderr, "edu: cannot have interrupt %u\n", irq);
		irq = 0;
	}
	ret = edu_registers();
	if (!ret)
		ret = edu_interrupt();
	if (!ret && dma)
		ret = edu_dma(dma);
	printf("edu: %s (%d)\n", ret ? "FAILED" : "all ok", ret);
	fflush(stdout);
	if (irq)
		free_irq(irq, regs);
	iounmap(regs);
	return ret;
}

static void __exit edu_exit(void)
{
}

module_init(edu_init);
module_exit(edu_exit);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("QEMU edu test driver");
