// SPDX-License-Identifier: MIT
/*
 * `memremap demo`: a guided tour of the contract for a newcomer, on a
 * simulated machine: the built-in PC, or any map given with --machine. Each
 * step does what a driver would do and prints what happened and why. The
 * ranges come from the map (pick.h); a step whose range the map lacks says
 * so and is skipped.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"
#include "pick.h"

#define DEMO_FB_MAX    (16ULL << 20) /* the guide's frame buffer */
#define DEMO_PAGE      0x1000
#define DEMO_MAP_LINES 48 /* of the map shown; the rest is counted */

struct demo {
	struct mr_machine *m;
	int step;
	int failures;  /* steps that did not behave as the contract says */
	int skipped;   /* steps the map has no range for */
	char *warning; /* the tool's record of the library's last warning */
	struct mr_cli_pick regs, fb, ram, mixed;
};

static void demo_step(struct demo *d, const char *fmt, ...) MR_PRINTF(2, 3);

static void demo_step(struct demo *d, const char *fmt, ...)
{
	va_list ap;

	printf("\n%d. ", ++d->step);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void demo_expect(struct demo *d, int ok, const char *what)
{
	printf("   %s %s\n", ok ? "ok:" : "UNEXPECTED:", what);
	if (!ok)
		d->failures++;
}

/* A step the map has no range for: say which, and go on. */
static bool demo_lacks(struct demo *d, const struct mr_cli_pick *p)
{
	if (p->size)
		return false;
	printf("   skipped: this map has %s.\n", p->what);
	d->skipped++;
	return true;
}

/* The kernel's %pR: "[mem 0x000fe000-0x000fefff]". */
static const char *demo_range(char *buf, size_t len, uint64_t start, uint64_t size)
{
	snprintf(buf, len, "[mem 0x%08" PRIx64 "-0x%08" PRIx64 "]", start, start + (size - 1));
	return buf;
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

/* The map as /proc/iomem shows it; a long one is cut after a screenful. */
static void demo_print_map(struct demo *d)
{
	char *text = NULL, *p;
	size_t len = 0, lines = 0, shown = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f || mr_iomem_print(mr_iomem_resource(d->m), f)) {
		if (f)
			fclose(f);
		free(text);
		printf("   (cannot print the map: %s)\n", mr_errmsg());
		return;
	}
	fclose(f);
	for (p = text; p < text + len; p++) {
		if (*p != '\n')
			continue;
		if (++lines == DEMO_MAP_LINES)
			shown = (size_t)(p + 1 - text);
	}
	fwrite(text, 1, shown ? shown : len, stdout);
	if (shown)
		printf("   ... %zu more lines ('memremap iomem' shows them all)\n",
		       lines - DEMO_MAP_LINES);
	if (!lines)
		printf("   (no resource at all: every address is a hole)\n");
	free(text);
}

static void demo_map(struct demo *d)
{
	demo_step(d, "The machine: %s, its physical address map as /proc/iomem shows it",
		  strcmp(mr_machine_spec(d->m), "sim") ? "a map replayed" : "a simulated PC");
	printf("   spec '%s', %u-bit physical addresses\n\n", mr_machine_spec(d->m),
	       mr_machine_phys_bits(d->m));
	fflush(stdout);
	demo_print_map(d);
}

static void demo_pick_line(const char *label, const struct mr_cli_pick *p,
			   const struct resource *root, bool device)
{
	const struct resource *holder;
	char range[64], a[256], b[256];

	if (!p->size) {
		printf("   %-16s none: this map has %s\n", label, p->what);
		return;
	}
	demo_range(range, sizeof(range), p->start, p->size);
	if (p->other) {
		printf("   %-16s %s across '%s' and '%s': %s\n", label, range,
		       mr_cli_name(a, sizeof(a), p->res), mr_cli_name(b, sizeof(b), p->other),
		       p->what);
		return;
	}
	printf("   %-16s %s in '%s': %s", label, range, mr_cli_name(a, sizeof(a), p->res), p->what);
	holder = device ? mr_cli_claimed_by(root, p->start, p->size) : NULL;
	if (holder)
		printf(", claimed by '%s'", mr_cli_name(b, sizeof(b), holder));
	putchar('\n');
}

/* Choose every range the tour needs before the first step uses one. */
static void demo_picks(struct demo *d)
{
	struct resource *root = mr_iomem_resource(d->m);

	mr_cli_pick_window(d->m, DEMO_FB_MAX, NULL, &d->fb);
	mr_cli_pick_regs(d->m, &d->fb, &d->regs);
	mr_cli_pick_ram(d->m, DEMO_PAGE, &d->ram);
	mr_cli_pick_mixed(d->m, &d->mixed);
	demo_step(d, "The ranges this tour uses, chosen from the map");
	demo_pick_line("registers", &d->regs, root, true);
	demo_pick_line("write-combining", &d->fb, root, true);
	demo_pick_line("System RAM", &d->ram, root, false);
	demo_pick_line("mixed", &d->mixed, root, false);
}

static void demo_registers(struct demo *d)
{
	volatile uint32_t *regs;

	if (!d->regs.size) {
		demo_step(d, "Device registers, mapped write-through (the guide's first example)");
		demo_lacks(d, &d->regs);
		return;
	}
	demo_step(d,
		  "Device registers at %#" PRIx64
		  ", mapped write-through (the guide's first example)",
		  d->regs.start);
	printf("   regs = memremap(%#" PRIx64 ", 0x1000, MEMREMAP_WT);\n", d->regs.start);
	regs = memremap(d->regs.start, DEMO_PAGE, MEMREMAP_WT);
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
	size_t i, n = (size_t)(d->fb.size / 4), samples = 0, good = 0;
	uint32_t *fb;
	char size[32];

	if (!d->fb.size) {
		demo_step(d, "A frame buffer, mapped write-combining (the guide's second example)");
		demo_lacks(d, &d->fb);
		return;
	}
	mr_cli_fmt_size(size, sizeof(size), d->fb.size);
	demo_step(d,
		  "A %s frame buffer at %#" PRIx64
		  ", mapped write-combining (the guide's second example)",
		  size, d->fb.start);
	printf("   fb = memremap(%#" PRIx64 ", %s, MEMREMAP_WC);\n", d->fb.start, size);
	fb = memremap(d->fb.start, (size_t)d->fb.size, MEMREMAP_WC);
	if (!fb) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	demo_show_info(fb);
	for (i = 0; i < n; i++)
		fb[i] = (uint32_t)(i * 0x01010101u);
	for (i = 0; i < n; i += 4096, samples++)
		good += fb[i] == (uint32_t)(i * 0x01010101u);
	printf("   painted %zu pixels, read back %zu of %zu samples\n", n, good, samples);
	demo_expect(d, good == samples, "the frame buffer holds what was painted");
	memunmap(fb);
}

static void demo_direct(struct demo *d)
{
	struct mr_mapping_info info;
	void *p;

	demo_step(d, "System RAM asked for write-back comes from the direct map");
	if (demo_lacks(d, &d->ram))
		return;
	printf("   p = memremap(%#" PRIx64 ", 4096, MEMREMAP_WB);\n", d->ram.start);
	p = memremap(d->ram.start, DEMO_PAGE, MEMREMAP_WB);
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

static void demo_refuse_ram(struct demo *d)
{
	char call[128];

	printf("   a) RAM with another cache type would alias the direct map:\n");
	if (demo_lacks(d, &d->ram))
		return;
	snprintf(call, sizeof(call), "memremap(%#" PRIx64 ", 4096, MEMREMAP_WT)", d->ram.start);
	demo_refusal(d, call, d->ram.start, DEMO_PAGE, MEMREMAP_WT, EPERM);
}

static void demo_refuse_mixed(struct demo *d)
{
	char call[128];

	printf("   b) a range that mixes System RAM with something else:\n");
	if (demo_lacks(d, &d->mixed))
		return;
	snprintf(call, sizeof(call), "memremap(%#" PRIx64 ", %#" PRIx64 ", MEMREMAP_WB)",
		 d->mixed.start, d->mixed.size);
	demo_refusal(d, call, d->mixed.start, (size_t)d->mixed.size, MEMREMAP_WB, EINVAL);
}

/* The first of two device ranges that the map has, else the first (none). */
static const struct mr_cli_pick *demo_either(const struct mr_cli_pick *first,
					     const struct mr_cli_pick *second)
{
	return first->size || !second->size ? first : second;
}

static void demo_refuse_conflict(struct demo *d)
{
	const struct mr_cli_pick *t = demo_either(&d->fb, &d->regs);
	char call[128];
	void *fb;

	printf("   c) a cache type that conflicts with a live mapping of the same page:\n");
	if (demo_lacks(d, t))
		return;
	fb = memremap(t->start, DEMO_PAGE, MEMREMAP_WC);
	printf("   fb = memremap(%#" PRIx64 ", 4096, MEMREMAP_WC) -> %s\n", t->start,
	       fb ? "mapped" : "NULL");
	demo_expect(d, fb != NULL, "the first mapping is made");
	snprintf(call, sizeof(call), "memremap(%#" PRIx64 ", 4096, MEMREMAP_WT)", t->start);
	demo_refusal(d, call, t->start, DEMO_PAGE, MEMREMAP_WT, EAGAIN);
	memunmap(fb);
}

static void demo_refuse_claimed(struct demo *d)
{
	const struct mr_cli_pick *t = demo_either(&d->regs, &d->fb);
	const struct resource *holder;
	char call[128], range[64], name[256];
	void *regs;

	if (!t->size) {
		printf("   d) a range claimed exclusively:\n");
		demo_lacks(d, t);
		return;
	}
	snprintf(call, sizeof(call),
		 "memremap(%#" PRIx64 ", 4096, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE)", t->start);
	holder = mr_cli_claimed_by(mr_iomem_resource(d->m), t->start, DEMO_PAGE);
	if (holder) {
		/* A driver holds it: an exclusive claim is what the kernel refuses. */
		printf("   d) a range a driver claimed: '%s' %s is busy\n",
		       mr_cli_name(name, sizeof(name), holder),
		       demo_range(range, sizeof(range), holder->start, resource_size(holder)));
		demo_refusal(d, call, t->start, DEMO_PAGE, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE,
			     EBUSY);
		return;
	}
	printf("   d) a range another mapping claimed exclusively:\n");
	regs = memremap(t->start, DEMO_PAGE, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE);
	printf("   regs = %s -> %s\n", call, regs ? "mapped" : "NULL");
	demo_expect(d, regs != NULL, "the first claim is granted");
	demo_refusal(d, call, t->start, DEMO_PAGE, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE, EBUSY);
	memunmap(regs);
}

static void demo_refusals(struct demo *d)
{
	demo_step(d, "What the kernel refuses, and why");
	demo_refuse_ram(d);
	demo_refuse_mixed(d);
	demo_refuse_conflict(d);
	demo_refuse_claimed(d);
}

static void demo_devices(struct demo *d)
{
	struct device *dev;
	void *regs = NULL, *fb = NULL, *ram;
	int n, want = 0;

	demo_step(d, "Device-managed mappings live as long as the device is bound");
	if (!d->regs.size && !d->fb.size) {
		demo_lacks(d, &d->regs);
		return;
	}
	dev = mr_device_new("fb0");
	if (!dev) {
		demo_expect(d, 0, mr_errmsg());
		return;
	}
	if (d->regs.size) {
		regs = devm_memremap(dev, d->regs.start, DEMO_PAGE, MEMREMAP_WT);
		want += !IS_ERR(regs);
	}
	if (d->fb.size) {
		fb = devm_memremap(dev, d->fb.start, (size_t)d->fb.size, MEMREMAP_WC);
		want += !IS_ERR(fb);
	}
	printf("   dev = mr_device_new(\"fb0\"); devm_memremap(dev, regs WT); devm_memremap(dev, "
	       "fb WC)\n");
	printf("   -> %s, %s; live mappings on the machine: %zu\n",
	       !regs	      ? "no registers"
	       : IS_ERR(regs) ? "error"
			      : "mapped",
	       !fb	    ? "no frame buffer"
	       : IS_ERR(fb) ? "error"
			    : "mapped",
	       mr_machine_mappings(d->m));
	demo_expect(d, want == !!regs + !!fb, "devm_memremap mapped each range");
	if (d->ram.size) {
		ram = devm_memremap(dev, d->ram.start, DEMO_PAGE, MEMREMAP_WT);
		printf("   devm_memremap(dev, RAM, WT) -> %s (devm never returns NULL)\n",
		       IS_ERR(ram) ? (PTR_ERR(ram) == -ENXIO ? "ERR_PTR(-ENXIO)" : "ERR_PTR")
				   : "mapped");
		demo_expect(d, IS_ERR(ram) && PTR_ERR(ram) == -ENXIO,
			    "a refusal is ERR_PTR(-ENXIO), never NULL");
	}
	n = mr_device_unbind(dev);
	printf("   mr_device_unbind(dev): %d record(s) released, last in first out; live mappings: "
	       "%zu\n",
	       n, mr_machine_mappings(d->m));
	demo_expect(d, n == want && mr_machine_mappings(d->m) == 0,
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
	if (strcmp(mr_machine_platform(c->m), "sim"))
		/* The tour writes to the ranges it picks: never on real hardware. */
		return mr_cli_fail(c,
				   "the tour writes to the ranges it picks, so it runs on sim "
				   "machines only, not on '%s'",
				   mr_machine_spec(c->m));
	d.m = c->m;
	d.warning = c->warning;
	printf("libmemremap %s: the kernel's memremap() in user space, on a simulated machine.\n",
	       MR_VERSION_STRING);
	demo_map(&d);
	demo_picks(&d);
	demo_registers(&d);
	demo_framebuffer(&d);
	demo_direct(&d);
	demo_refusals(&d);
	demo_devices(&d);
	if (d.failures)
		printf("\nSome steps did not behave as the contract says.\n");
	else if (d.skipped)
		printf("\nEvery step this map allows behaved as the kernel's contract says (%d "
		       "skipped: the map has no range for them).\n",
		       d.skipped);
	else
		printf("\nEvery step behaved as the kernel's contract says.\n");
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
