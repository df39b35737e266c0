// SPDX-License-Identifier: MIT
/*
 * The specification's two examples (tests/data/spec-examples), compiled
 * unchanged against the compatibility headers and linked into this program,
 * run on the default sim machine: the register block at 0xFE000000 mapped
 * write-through by module init and unmapped by module exit, and a frame
 * buffer mapped write-combining by map_framebuffer() and unmapped by
 * unmap_framebuffer(). Nothing may be left mapped.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <memremap.h>
#include <memremap/io.h>

#include "capture.h"
#include "sim_group.h"

/* Defined by the examples' module_init()/module_exit() (register_block.c). */
extern int (*const mr_module_init)(void);
extern void (*const mr_module_exit)(void);

/* framebuffer.c declares no prototypes: these are the ones it defines. */
void *map_framebuffer(phys_addr_t fb_phys, size_t fb_size);
void unmap_framebuffer(void *fb_vaddr);

#define REGS_PHYS 0xfe000000ULL /* MY_DEVICE_REGS_PHYS_BASE */
#define REGS_SIZE 0x1000
#define FB_PHYS	  0xe0000000ULL /* the sim machine's 16 MiB display BAR */
#define FB_SIZE	  0x1000000
#define RAM_PHYS  0x1000000ULL

/* The one live mapping's description. */
static int get_only(const struct mr_mapping_info *info, void *arg)
{
	*(struct mr_mapping_info *)arg = *info;
	return 1;
}

static void test_register_block(void **state)
{
	struct mr_machine *m = *state;
	struct mr_mapping_info info = {0};

	assert_non_null(mr_module_init);
	assert_non_null(mr_module_exit);
	assert_int_equal(mr_module_init(), 0);
	assert_int_equal(mr_machine_mappings(m), 1);
	mr_machine_for_each_mapping(m, get_only, &info);
	assert_int_equal(info.phys, REGS_PHYS);
	assert_int_equal(info.size, REGS_SIZE);
	assert_int_equal(info.flags, MEMREMAP_WT);
	assert_int_equal(info.type, MEMREMAP_WT);
	/* What the example's comments suggest a driver does next. */
	writel(0x55AA, (char *)info.addr + 0x4);
	assert_int_equal(readl((char *)info.addr + 0x4), 0x55AA);
	mr_module_exit();
	assert_int_equal(mr_machine_mappings(m), 0);
	/* Exit cleared its pointer: a second exit unmaps nothing twice. */
	mr_module_exit();
	assert_int_equal(mr_machine_mappings(m), 0);
}

/* Where the block is System RAM, memremap() refuses WT and init says so. */
static void test_register_block_refused(void **state)
{
	static const char map[] = "fe000000-fe0fffff : System RAM\n";
	char path[] = "/tmp/mr-spec-XXXXXX";
	char spec[64];
	struct mr_machine *m = NULL, *prev;
	struct capture cap;
	FILE *f;
	int fd, ret;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(map, f);
	fclose(f);
	snprintf(spec, sizeof(spec), "sim:%s", path);
	assert_int_equal(mr_machine_open(&m, spec), 0);
	unlink(path);
	prev = mr_machine_use(m);
	capture_start(&cap);
	ret = mr_module_init();
	capture_stop(&cap);
	assert_int_equal(ret, -ENOMEM);
	assert_non_null(strstr(cap.text, "Failed to remap device registers\n"));
	/* printk() drops the KERN_ERR prefix the kernel's console hides too. */
	assert_null(strchr(cap.text, '\001'));
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_module_exit();
	mr_machine_use(prev);
	mr_machine_close(m);
}

static void test_framebuffer(void **state)
{
	struct mr_machine *m = *state;
	struct mr_mapping_info info;
	uint8_t line[256], back[256];
	void *fb;

	fb = map_framebuffer(FB_PHYS, FB_SIZE);
	assert_non_null(fb);
	assert_int_equal(mr_machine_mappings(m), 1);
	assert_int_equal(mr_mapping_info(fb, &info), 0);
	assert_int_equal(info.phys, FB_PHYS);
	assert_int_equal(info.size, FB_SIZE);
	assert_int_equal(info.type, MEMREMAP_WC);
	assert_false(info.direct);
	/* Draw the last line the way a frame-buffer driver does. */
	for (size_t i = 0; i < sizeof(line); i++)
		line[i] = (uint8_t)i;
	mr_memcpy_to_wc((char *)fb + FB_SIZE - sizeof(line), line, sizeof(line));
	mr_wc_flush();
	memcpy_fromio(back, (char *)fb + FB_SIZE - sizeof(back), sizeof(back));
	assert_memory_equal(line, back, sizeof(line));
	unmap_framebuffer(fb);
	assert_int_equal(mr_machine_mappings(m), 0);
	unmap_framebuffer(NULL);
	assert_int_equal(mr_machine_mappings(m), 0);
}

/* RAM is never aliased write-combining: NULL, and the example's message. */
static void test_framebuffer_refused(void **state)
{
	struct mr_machine *m = *state;
	struct capture cap;
	void *fb;

	capture_start(&cap);
	fb = map_framebuffer(RAM_PHYS, 0x1000);
	capture_stop(&cap);
	assert_null(fb);
	assert_non_null(strstr(mr_errmsg(), "System RAM"));
	assert_non_null(strstr(cap.text, "Failed to remap framebuffer\n"));
	assert_int_equal(mr_machine_mappings(m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_block),
		cmocka_unit_test(test_register_block_refused),
		cmocka_unit_test(test_framebuffer),
		cmocka_unit_test(test_framebuffer_refused),
	};

	return cmocka_run_group_tests(tests, machine_setup, machine_teardown);
}
