// SPDX-License-Identifier: MIT
/*
 * A program outside the tree that uses an installed libmemremap: it maps
 * the sim machine's register block and frame buffer, touches them, checks
 * what it got and leaves nothing mapped.
 */
#include <stdio.h>
#include <string.h>

#include <memremap.h>
#include <memremap/io.h>

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "consumer: %s:%d: %s failed: %s\n", __FILE__, __LINE__, \
				#cond, mr_errmsg());                                            \
			return 1;                                                               \
		}                                                                               \
	} while (0)

int main(void)
{
	struct mr_machine *m;
	struct mr_mapping_info info;
	struct device *dev;
	char *regs, *fb;

	CHECK(mr_machine_open(&m, "sim") == 0);
	mr_machine_use(m);
	CHECK(region_intersects(0xfe000000, 0x1000, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
	      REGION_DISJOINT);

	regs = memremap(0xfe000000, 0x1000, MEMREMAP_WT);
	CHECK(regs != NULL);
	writel(0x55aa, regs + 0x10);
	CHECK(readl(regs + 0x10) == 0x55aa);
	CHECK(mr_mapping_info(regs, &info) == 0 && info.type == MEMREMAP_WT);
	memunmap(regs);

	dev = mr_device_new("consumer-fb");
	CHECK(dev != NULL);
	fb = devm_memremap(dev, 0xe0000000, 0x100000, MEMREMAP_WC);
	CHECK(!IS_ERR(fb));
	memset_io(fb, 0xa5, 4096);
	CHECK(readb(fb + 4095) == 0xa5);
	CHECK(mr_machine_mappings(m) == 1);
	mr_device_free(dev);

	CHECK(mr_machine_mappings(m) == 0);
	mr_machine_use(NULL);
	mr_machine_close(m);
	printf("consumer: ok, libmemremap %s, copies by %s\n", MR_VERSION_STRING, mr_copy_path());
	return 0;
}
