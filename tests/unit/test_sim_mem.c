// SPDX-License-Identifier: MIT
/*
 * The sim machine's physical memory (src/platform/sim_mem.c): any 64-bit
 * address has bytes, on any file system, and a second process or a later
 * run sees the same ones (issue 14 item 5); and a map whose System RAM is
 * larger than a direct map can be opens, maps and refuses sanely (issue 13
 * item 14).
 *
 * The mem= folders are made in the build tree, on the build machine's own
 * file system (ext4 takes no file past 16 TiB: the one-file form cannot
 * reach a BAR at 0x380000000000 there).
 */
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "mr_test.h"

#include "sim_mem.h"

/* A two-socket server's second root port: a 64-bit BAR at 56 TiB. */
#define BAR 0x380000000000ULL

static const char server_map[] = "00000000-0009ffff : System RAM\n"
				 "00100000-3fffffff : System RAM\n"
				 "380000000000-383fffffffff : PCI Bus 0000:80\n"
				 "  380000000000-3800ffffffff : 0000:80:00.0\n";

static char dir[sizeof(MR_TEST_BUILD_DIR) + 32];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/mr-simmem-XXXXXX", MR_TEST_BUILD_DIR);
	return mkdtemp(dir) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_dir(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void put(const char *name, const char *text)
{
	char path[sizeof(dir) + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void server_spec(char *spec, size_t len, const char *mem)
{
	put("server.iomem", server_map);
	snprintf(spec, len, "sim:%s/server.iomem,mem=%s/%s,phys-bits=52", dir, dir, mem);
}

/* The folder's extent size, as its format file says. */
static uint64_t folder_extent(const char *mem)
{
	char path[sizeof(dir) + 64];
	unsigned int shift = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/memremap-sim", dir, mem);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "memremap sim memory\nextent-shift %u\n", &shift), 1);
	fclose(f);
	assert_true(shift >= 21 && shift <= 40);
	return 1ULL << shift;
}

/* The byte at physical @phys, read from the folder's extent file as a stranger would. */
static int folder_byte(const char *mem, uint64_t phys)
{
	uint64_t ext = folder_extent(mem);
	char path[sizeof(dir) + 64];
	unsigned char c;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%016" PRIx64, dir, mem, phys & ~(ext - 1));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = pread(fd, &c, 1, (off_t)(phys & (ext - 1)));
	close(fd);
	return n == 1 ? c : -1;
}

/* ------------------------------------------------------------ the BAR */

static void test_bar_at_56_tib(void **state)
{
	struct mr_machine *m = NULL;
	volatile uint32_t *p;
	char spec[600];

	(void)state;
	server_spec(spec, sizeof(spec), "mem");
	assert_int_equal(mr_machine_open(&m, spec), 0);
	p = mr_memremap(m, BAR + 0x1000, 0x1000, MEMREMAP_WC);
	if (!p)
		fail_msg("%s", mr_errmsg());
	p[0] = 0x600df00d;
	p[1023] = 0xfeedface;
	memunmap((void *)p);
	mr_machine_close(m);
	/* On disk, in the extent that holds the BAR, at its offset in it. */
	assert_int_equal(folder_byte("mem", BAR + 0x1000), 0x0d);
	assert_int_equal(folder_byte("mem", BAR + 0x1fff), 0xfe);
	/* A later run sees the same bytes. */
	assert_int_equal(mr_machine_open(&m, spec), 0);
	p = mr_memremap(m, BAR + 0x1000, 0x1000, MEMREMAP_DEV);
	assert_non_null(p);
	assert_int_equal(p[0], 0x600df00d);
	assert_int_equal(p[1023], 0xfeedface);
	memunmap((void *)p);
	mr_machine_close(m);
}

/*
 * The one-file form (an existing file, offset = physical address) reaches
 * the BAR only where the file system takes a 56 TiB file; where it does not
 * (ext4), the refusal says what does.
 */
static void test_one_file_form(void **state)
{
	struct mr_machine *m = NULL;
	char spec[600], path[sizeof(dir) + 16];
	struct stat st;
	void *p;

	(void)state;
	snprintf(path, sizeof(path), "%s/one", dir);
	put("one", "");
	server_spec(spec, sizeof(spec), "one");
	assert_int_equal(mr_machine_open(&m, spec), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode)); /* used as it is, not made a folder */
	p = mr_memremap(m, 0x3000, 0x1000, MEMREMAP_WB);
	assert_non_null(p);
	memunmap(p);
	p = mr_memremap(m, BAR, 0x1000, MEMREMAP_WC);
	if (p) {
		memunmap(p);
		print_message("this file system takes a 56 TiB file\n");
	} else {
		assert_int_equal(errno, EFBIG);
		assert_non_null(strstr(mr_errmsg(), "a folder"));
	}
	mr_machine_close(m);
}

/* Two processes share the BAR's bytes while both have it mapped. */
static void test_two_processes(void **state)
{
	struct mr_machine *m = NULL;
	volatile uint64_t *p;
	int to_child[2], to_parent[2], status;
	char spec[600], c;
	pid_t pid;

	(void)state;
	server_spec(spec, sizeof(spec), "shared");
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	assert_int_equal(mr_machine_open(&m, spec), 0);
	p = mr_memremap(m, BAR + 0x7ff000, 0x2000, MEMREMAP_WC);
	assert_non_null(p);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct mr_machine *cm = NULL;
		volatile uint64_t *q;
		int bad = 0;

		/* A process of its own: its own machine and mapping of the same memory. */
		if (mr_machine_open(&cm, spec) ||
		    !(q = mr_memremap(cm, BAR + 0x7ff000, 0x2000, MEMREMAP_DEV)))
			_exit(2);
		q[0x1ff] = 0x1111222233334444ULL; /* the last word of the first page */
		q[0x200] = 0x5555666677778888ULL; /* the first of the second */
		if (write(to_parent[1], "w", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(3);
		bad = q[0] != 0x0123456789abcdefULL;
		memunmap((void *)q);
		mr_machine_close(cm);
		_exit(bad);
	}
	assert_int_equal(read(to_parent[0], &c, 1), 1);
	assert_true(p[0x1ff] == 0x1111222233334444ULL);
	assert_true(p[0x200] == 0x5555666677778888ULL);
	p[0] = 0x0123456789abcdefULL;
	assert_int_equal(write(to_child[1], "r", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	memunmap((void *)p);
	mr_machine_close(m);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* -------------------------------------------------------- the module */

/* Write through one mapping, read through a page-sized one of each part. */
static void check_straddle(struct mr__simmem *mem, uint64_t phys)
{
	unsigned char *p = mr__simmem_map(mem, phys, 0x2000, NULL), *a, *b;

	if (!p)
		fail_msg("%#" PRIx64 ": %s", phys, mr_errmsg());
	p[0] = 0xa1;
	p[0xfff] = 0xa2;
	p[0x1000] = 0xb1;
	p[0x1fff] = 0xb2;
	a = mr__simmem_map(mem, phys, 0x1000, NULL);
	b = mr__simmem_map(mem, phys + 0x1000, 0x1000, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a[0], 0xa1);
	assert_int_equal(a[0xfff], 0xa2);
	assert_int_equal(b[0], 0xb1);
	assert_int_equal(b[0xfff], 0xb2);
	munmap(p, 0x2000);
	munmap(a, 0x1000);
	munmap(b, 0x1000);
}

/* Without mem=: memfds, any address up to the last page of the 64-bit space. */
static void test_memfds_reach_everything(void **state)
{
	struct mr__simmem *mem;

	(void)state;
	assert_int_equal(mr__simmem_open(&mem, NULL), 0);
	check_straddle(mem, 0);
	check_straddle(mem, (1ULL << 62) - 0x1000); /* two memfds */
	check_straddle(mem, (1ULL << 63) - 0x1000);
	check_straddle(mem, UINT64_MAX - 0x1fff);
	assert_int_equal(mr__simmem_check(mem, UINT64_MAX - 0xfff, 0x1000), 0);
	mr__simmem_close(mem);
}

/* A folder: a mapping across an extent boundary is two files, side by side. */
static void test_folder_extents(void **state)
{
	char path[sizeof(dir) + 16];
	struct mr__simmem *mem;
	uint64_t ext;

	(void)state;
	snprintf(path, sizeof(path), "%s/ext", dir);
	assert_int_equal(mr__simmem_open(&mem, path), 0);
	ext = folder_extent("ext");
	check_straddle(mem, ext - 0x1000);
	check_straddle(mem, UINT64_MAX - 0x1fff);
	mr__simmem_close(mem);
	assert_int_equal(folder_byte("ext", ext - 0x1000), 0xa1);
	assert_int_equal(folder_byte("ext", ext + 0xfff), 0xb2);
	assert_int_equal(folder_byte("ext", UINT64_MAX), 0xb2);
	/* Reopened, the folder keeps its extent size and its bytes. */
	assert_int_equal(mr__simmem_open(&mem, path), 0);
	check_straddle(mem, ext - 0x1000);
	mr__simmem_close(mem);
}

/* The one-file form stops where an offset does: 2^63. */
static void test_one_file_limit(void **state)
{
	char path[sizeof(dir) + 16];
	struct mr__simmem *mem;

	(void)state;
	snprintf(path, sizeof(path), "%s/limit", dir);
	put("limit", "");
	assert_int_equal(mr__simmem_open(&mem, path), 0);
	assert_int_equal(mr__simmem_check(mem, (1ULL << 63) - 0x2000, 0x1000), 0);
	assert_int_equal(mr__simmem_check(mem, (1ULL << 63) - 0x1000, 0x2000), -ERANGE);
	assert_non_null(strstr(mr_errmsg(), "[mem 0x7ffffffffffff000-0x8000000000000fff]"));
	errno = 0;
	assert_null(mr__simmem_map(mem, 1ULL << 63, 0x1000, NULL));
	assert_int_equal(errno, ERANGE);
	mr__simmem_close(mem);
}

/* ------------------------------------------------- all of it System RAM */

/*
 * 0-ffffffffffffffff : System RAM. The direct map stops at 64 TiB (x86-64's)
 * or at what this process can reserve, said once at open; RAM above it is
 * mapped as with highmem=, and what lies beyond the address width is
 * refused as ever.
 */
static void test_all_of_it_ram(void **state)
{
	struct mr_machine *m = NULL;
	struct mr_mapping_info info;
	struct mr_test_log log;
	char spec[600];
	volatile uint32_t *p, *q;

	(void)state;
	put("all.iomem", "0-ffffffffffffffff : System RAM\n");
	snprintf(spec, sizeof(spec), "sim:%s/all.iomem,phys-bits=52", dir);
	mr_test_log_start(&log);
	assert_int_equal(mr_machine_open(&m, spec), 0);
	mr_test_log_stop();
	assert_int_equal(log.count, 1);
	assert_non_null(strstr(log.last, "outside the direct map"));
	/* Low RAM: the direct map. */
	p = mr_memremap(m, 0x1000, 0x1000, MEMREMAP_WB);
	assert_non_null(p);
	assert_int_equal(mr_mapping_info((void *)p, &info), 0);
	assert_true(info.direct);
	p[0] = 0x12345678;
	/* RAM at 2 PiB, beyond any direct map: a write-back mapping of its own. */
	q = mr_memremap(m, 1ULL << 51, 0x1000, MEMREMAP_WB);
	if (!q)
		fail_msg("%s", mr_errmsg());
	assert_int_equal(mr_mapping_info((void *)q, &info), 0);
	assert_false(info.direct);
	q[0] = 0x9abcdef0;
	assert_int_equal(p[0], 0x12345678);
	memunmap((void *)q);
	q = mr_memremap(m, 1ULL << 51, 0x1000, MEMREMAP_WB);
	assert_non_null(q);
	assert_int_equal(q[0], 0x9abcdef0);
	memunmap((void *)q);
	/* Past the 52-bit address width, and any other type on RAM: refused. */
	assert_null(mr_memremap(m, 0xfffffffffffff000ULL, 0x1000, MEMREMAP_WB));
	assert_int_equal(errno, ERANGE);
	assert_null(mr_memremap(m, 0x1000, 0x1000, MEMREMAP_WC));
	assert_int_equal(errno, EPERM);
	assert_null(mr_memremap(m, UINT64_MAX - 0xfff, 0x2000, MEMREMAP_WB));
	assert_int_equal(errno, EINVAL);
	memunmap((void *)p);
	assert_int_equal(mr_machine_mappings(m), 0);
	mr_machine_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar_at_56_tib),
		cmocka_unit_test(test_one_file_form),
		cmocka_unit_test(test_two_processes),
		cmocka_unit_test(test_memfds_reach_everything),
		cmocka_unit_test(test_folder_extents),
		cmocka_unit_test(test_one_file_limit),
		cmocka_unit_test(test_all_of_it_ram),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
