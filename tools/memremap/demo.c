// SPDX-License-Identifier: MIT
/*
 * `memremap demo`: a guided tour of the contract for a newcomer, on the
 * built-in simulated PC. Each step does what a driver would do and prints
 * what happened and why.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"

#define DEMO_REGS     0xfe000000ULL /* the usage guide's register block */
#define DEMO_REGS_LEN 0x1000
#define DEMO_FB	      0xe0000000ULL /* a 16 MiB frame buffer BAR */
#define DEMO_FB_LEN   0x1000000
#define DEMO_RAM      0x100000ULL
#define DEMO_ACPI     0x7ff00000ULL /* ACPI Tables, right after RAM */

struct demo {
	struct mr_machine *m;
	int step;
	int failures;  /* steps that did not behave as the contract says */
	char *warning; /* the tool's record of the library's last warning */
};

static void demo_step(struct demo *d, const char *title)
{
	printf("\n%d. %s\n", ++d->step, title);
}

static void demo_expect(struct demo *d, int ok, const char *what)
{
	printf("   %s %s\n", ok ? "ok:" : "UNEXPECTED:", what);
	if (!ok)
		d->failures++;
}

static void demo_show_info(const void *p)
{
	struct mr_mapping_info info;

	if (mr_mapping_info(p, &info)) {
		printf("   (no mapping info: %s)\n", mr_errmsg());
		return;
	}
	printf("   mapping: phys %#" PRIx64 " size %#zx type %s, %s%s%s\n", info.phys, info.size,
	       mr_type_name(info.type), info.how, info.note[0] ? ", " : "", info.note);
}

/* A refusal: show the call, its errno and message, and any kernel warning. */
static void demo_refusal(struct demo *d, const char *call, uint64_t phys, size_t size,
			 unsigned long flags, int want_errno)
{
	void *p;

	d->warning[0] = '\0';
	errno = 0;
	p = memremap(phys, size, flags);
	printf("   %s\n", call);
	if (p) {
		demo_expect(d, 0, "it mapped, but the kernel refuses this");
		memunmap(p);
		return;
	}
	printf("   -> NULL, errno %s: %s\n", strerror(errno), mr_errmsg());
	if (d->warning[0])
		printf("   kernel log: WARNING: %s\n", d->warning);
	demo_expect(d, errno == want_errno, "refused as the kernel refuses it");
}

static void demo_map(struct demo *d)
{
	demo_step(d,
		  "The machine: a simulated PC, its physical address map as /proc/iomem shows it");
	printf("   spec '%s', %u-bit physical addresses\n\n", mr_machine_spec(d->m),
	       mr_machine_phys_bits(d->m));
	fflush(stdout);
	mr_iomem_print(mr_iomem_resource(d->m), stdout);
	fflush(stdout);
}

static void demo_registers(struct demo *d)
{
	volatile uint32_t *regs;

	demo_step(
		d,
		"Device registers at 0xfe000000, mapped write-through (the guide's first example)");
	printf("   regs = memremap(0xfe000000, 0x1000, MEMREMAP_WT);\n");
	regs = memremap(DEMO_REGS, DEMO_REGS_LEN, MEMREMAP_WT);
	if (!regs) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	demo_show_info((const void *)regs);
	regs[0x04 / 4] = 0x55aa; /* writel(0x55AA, regs + COMMAND) */
	printf("   writel(0x55aa, regs + 0x04); readl(regs + 0x04) = %#x\n", regs[0x04 / 4]);
	demo_expect(d, regs[0x04 / 4] == 0x55aa, "the write reached the device page");
	memunmap((void *)regs);
	printf("   memunmap(regs);\n");
}

static void demo_framebuffer(struct demo *d)
{
	uint32_t *fb, sum = 0;
	size_t i, n = DEMO_FB_LEN / 4;

	demo_step(d,
		  "A 16 MiB frame buffer at 0xe0000000, mapped write-combining (second example)");
	printf("   fb = memremap(0xe0000000, 16 MiB, MEMREMAP_WC);\n");
	fb = memremap(DEMO_FB, DEMO_FB_LEN, MEMREMAP_WC);
	if (!fb) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	demo_show_info(fb);
	for (i = 0; i < n; i++)
		fb[i] = (uint32_t)(i * 0x01010101u);
	for (i = 0; i < n; i += 4096)
		sum += fb[i] == (uint32_t)(i * 0x01010101u);
	printf("   painted %zu pixels, read back %u of %zu samples\n", n, sum, n / 4096);
	demo_expect(d, sum == n / 4096, "the frame buffer holds what was painted");
	memunmap(fb);
}

static void demo_direct(struct demo *d)
{
	struct mr_mapping_info info;
	void *p;

	demo_step(d, "System RAM asked for write-back comes from the direct map");
	printf("   p = memremap(0x100000, 4096, MEMREMAP_WB);\n");
	p = memremap(DEMO_RAM, 4096, MEMREMAP_WB);
	if (!p) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	demo_show_info(p);
	demo_expect(d, !mr_mapping_info(p, &info) && info.direct,
		    "no new mapping was made: the kernel's __va(offset)");
	memunmap(p);
	printf("   memunmap(p) of a direct-map pointer does nothing, as in the kernel\n");
}

static void demo_refusals(struct demo *d)
{
	void *fb, *regs;

	demo_step(d, "What the kernel refuses, and why");
	printf("   a) RAM with another cache type would alias the direct map:\n");
	demo_refusal(d, "memremap(0x100000, 4096, MEMREMAP_WT)", DEMO_RAM, 4096, MEMREMAP_WT,
		     EPERM);
	printf("   b) a range that mixes System RAM with something else:\n");
	demo_refusal(d, "memremap(0x7fef0000, 0x20000, MEMREMAP_WB)", DEMO_ACPI - 0x10000, 0x20000,
		     MEMREMAP_WB, EINVAL);
	printf("   c) a cache type that conflicts with a live mapping of the same page:\n");
	fb = memremap(DEMO_FB, 0x1000, MEMREMAP_WC);
	printf("   fb = memremap(0xe0000000, 4096, MEMREMAP_WC) -> %s\n", fb ? "mapped" : "NULL");
	demo_refusal(d, "memremap(0xe0000000, 4096, MEMREMAP_WT)", DEMO_FB, 0x1000, MEMREMAP_WT,
		     EAGAIN);
	memunmap(fb);
	printf("   d) a range another mapping claimed exclusively:\n");
	regs = memremap(DEMO_REGS, DEMO_REGS_LEN, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE);
	printf("   regs = memremap(0xfe000000, 4096, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE) -> %s\n",
	       regs ? "mapped" : "NULL");
	demo_refusal(d, "memremap(0xfe000000, 4096, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE)", DEMO_REGS,
		     DEMO_REGS_LEN, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE, EBUSY);
	memunmap(regs);
}

static void demo_devices(struct demo *d)
{
	struct device *dev = mr_device_new("fb0");
	void *regs, *fb;
	int n;

	demo_step(d, "Device-managed mappings live as long as the device is bound");
	if (!dev) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	regs = devm_memremap(dev, DEMO_REGS, DEMO_REGS_LEN, MEMREMAP_WT);
	fb = devm_memremap(dev, DEMO_FB, DEMO_FB_LEN, MEMREMAP_WC);
	printf("   dev = mr_device_new(\"fb0\"); devm_memremap(dev, regs WT); devm_memremap(dev, "
	       "fb WC)\n");
	printf("   -> %s, %s; live mappings on the machine: %zu\n",
	       IS_ERR(regs) ? "error" : "mapped", IS_ERR(fb) ? "error" : "mapped",
	       mr_machine_mappings(d->m));
	regs = devm_memremap(dev, 0x100000, 4096, MEMREMAP_WT);
	printf("   devm_memremap(dev, RAM, WT) -> %s (devm never returns NULL)\n",
	       IS_ERR(regs) ? (PTR_ERR(regs) == -ENXIO ? "ERR_PTR(-ENXIO)" : "ERR_PTR") : "mapped");
	n = mr_device_unbind(dev);
	printf("   mr_device_unbind(dev): %d record(s) released, last in first out; live mappings: "
	       "%zu\n",
	       n, mr_machine_mappings(d->m));
	demo_expect(d, n == 2 && mr_machine_mappings(d->m) == 0,
		    "unbinding released every mapping");
	mr_device_free(dev);
}

static int mr_cli_demo(struct mr_cli *c, int argc, char **argv)
{
	struct demo d = {0};
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (!mr_cli_operands(c, argc, argv, 0, 0))
		return c->ret;
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	d.m = c->m;
	d.warning = c->warning;
	printf("libmemremap %s: the kernel's memremap() in user space, on a simulated machine.\n",
	       MR_VERSION_STRING);
	demo_map(&d);
	demo_registers(&d);
	demo_framebuffer(&d);
	demo_direct(&d);
	demo_refusals(&d);
	demo_devices(&d);
	printf("\n%s\n", d.failures ? "Some steps did not behave as the contract says."
				    : "Every step behaved as the kernel's contract says.");
	return d.failures ? MR_EXIT_FAIL : MR_EXIT_OK;
}

const struct mr_cli_cmd mr_cli_cmd_demo = {
	.name = "demo",
	.summary = "a guided tour of the memremap contract on a simulated PC",
	.synopsis = "[--machine SPEC]",
	.about = "A guided tour of the memremap contract: the map, the two examples of the\n"
		 "usage guide, the direct map, each refusal with its reason, and devices.\n"
		 "It runs on the built-in simulated PC unless --machine names another sim.\n",
	.opts = NULL,
	/* The tour is written for the built-in PC: $MEMREMAP_MACHINE does not apply. */
	.machine = "sim",
	.run = mr_cli_demo,
};
