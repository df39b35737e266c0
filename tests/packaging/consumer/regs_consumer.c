// SPDX-License-Identifier: MIT
/*
 * A program outside the tree that uses an installed libmemremap-regs: it
 * describes a register block on the sim machine, writes one field by name
 * with a read-modify-write and reads it back decoded.
 */
#include <stdio.h>
#include <string.h>

#include <memremap.h>
#include <memremap/io.h>
#include <memremap/regs.h>

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "regs_consumer: %s:%d: %s failed: %s / %s\n", __FILE__, \
				__LINE__, #cond, mr_regs_errmsg(), mr_errmsg());                \
			return 1;                                                               \
		}                                                                               \
	} while (0)

static const char desc[] = "dev:\n"
			   "  base: 0xfe000000\n"
			   "  registers:\n"
			   "    CTRL:\n"
			   "      offset: 0x10\n"
			   "      fields:\n"
			   "        EN: 0\n"
			   "        MODE: {bits: 3:1, values: {SLOW: 0, FAST: 5}}\n";

int main(void)
{
	struct mr_regs *regs = mr_regs_new();
	struct mr_machine *m;
	struct mr_reg_ref ref;
	uint64_t v, out;
	char text[64];
	void *p;

	CHECK(regs != NULL);
	CHECK(mr_regs_load_text(regs, "consumer.regs", desc, strlen(desc)) == 0);
	CHECK(mr_machine_open(&m, "sim") == 0);
	mr_machine_use(m);
	CHECK(mr_regs_use_machine(regs, m) == 0);
	CHECK(mr_regs_resolve(regs, "dev.CTRL:MODE", &ref) == 0);
	CHECK(ref.phys == 0xfe000010 && ref.mask == 0xe && ref.shift == 1);

	p = memremap(ref.phys, 4, MEMREMAP_WT);
	CHECK(p != NULL);
	writel(0x1, p);
	CHECK(mr_regs_parse_value(ref.field, ref.reg, "fast", &v) == 0);
	CHECK(mr_regs_encode(ref.field, readl(p), v, &out) == 0);
	writel((uint32_t)out, p);
	CHECK(readl(p) == 0xb);
	CHECK(mr_regs_format(ref.reg, readl(p), text, sizeof(text)) > 0);
	CHECK(strcmp(text, "EN=1 MODE=0x5(FAST)") == 0);
	memunmap(p);

	mr_machine_use(NULL);
	mr_machine_close(m);
	mr_regs_free(regs);
	printf("regs_consumer: ok, %s\n", text);
	return 0;
}
