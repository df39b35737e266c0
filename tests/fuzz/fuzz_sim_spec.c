// SPDX-License-Identifier: MIT
/*
 * The machine spec parser: "sim" followed by the input, opened for real.
 * Any spec opens or fails with a negative errno, errno and a message, and
 * leaves nothing behind; an open machine keeps its spec and answers.
 *
 * The target works in a folder of its own that holds a map file ("map"),
 * a PAT list ("pat") and memblock memory ("memblock"), so that
 * "sim:map,pat=pat,mem=m" and "sim:map,arch=arm64,memblock=memblock" can
 * succeed;
 * inputs with a '/' are skipped, so nothing outside that folder is read
 * or created. What mem= creates (a folder of extents) is removed after
 * each input, and the fixtures are rewritten if an input grew them
 * (mem=map, the one-file form).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memremap.h>

#include "fuzz.h"

#define FUZZ_SPEC_MAX 512

static const struct {
	const char *name;
	const char *text;
} fixtures[] = {
	{"map", "00000000-00000fff : Reserved\n"
		"00001000-0009ffff : System RAM\n"
		"000a0000-000bffff : PCI Bus 0000:00\n"
		"00100000-3fffffff : System RAM\n"
		"  01000000-01ffffff : Kernel code\n"
		"40000000-7fffffff : PCI Bus 0000:00\n"
		"  40000000-40000fff : 0000:00:03.0\n"
		"80000000-83ffffff : Persistent Memory (legacy)\n"},
	{"pat", "PAT memtype list:\n"
		"PAT: [mem 0x0000000040000000-0x0000000040001000] write-combining\n"
		"PAT: [mem 0x00000000000a0000-0x00000000000c0000] uncached-minus\n"},
	{"memblock", "# memblock.memory\n"
		     "   0: 0x0000000000001000..0x000000000009ffff\n"
		     "   1: 0x0000000000100000..0x000000003fffffff\n"},
};

static void write_fixtures(void)
{
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		FILE *f = fopen(fixtures[i].name, "w");

		FUZZ_CHECK(f && fputs(fixtures[i].text, f) >= 0 && !fclose(f), "cannot write %s",
			   fixtures[i].name);
	}
}

static bool is_fixture(const char *name)
{
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		if (!strcmp(name, fixtures[i].name))
			return true;
	return false;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Undo what mem= did: new files and folders go, grown fixtures are written afresh. */
static void clean_folder(void)
{
	struct dirent *de;
	struct stat st;
	bool grown = false;
	DIR *dir = opendir(".");

	FUZZ_CHECK(dir, "opendir");
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		if (!is_fixture(de->d_name))
			nftw(de->d_name, remove_one, 8, FTW_DEPTH | FTW_PHYS);
		else if (!lstat(de->d_name, &st) && (size_t)st.st_size > 4096) {
			grown = true;
		}
	}
	closedir(dir);
	if (grown)
		write_fixtures();
}

static char folder[] = "/tmp/mr-fuzz-spec-XXXXXX";

static void remove_folder(void)
{
	clean_folder();
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		unlink(fixtures[i].name);
	if (!chdir("/"))
		rmdir(folder);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{

	(void)argc;
	(void)argv;
	mr_set_log(fuzz_quiet_log, NULL);
	FUZZ_CHECK(mkdtemp(folder) && !chdir(folder), "cannot make a folder to work in");
	write_fixtures();
	atexit(remove_folder);
	return 0;
}

static void check_open(struct mr_machine *m, const char *spec)
{
	struct mr_query q;
	void *p;

	FUZZ_CHECK(!strcmp(mr_machine_spec(m), spec), "spec '%s' kept as '%s'", spec,
		   mr_machine_spec(m));
	FUZZ_CHECK(!strcmp(mr_machine_platform(m), "sim"), "platform %s", mr_machine_platform(m));
	FUZZ_CHECK(mr_machine_phys_bits(m) >= 32 && mr_machine_phys_bits(m) <= 64, "phys bits %u",
		   mr_machine_phys_bits(m));
	/* A small device-like mapping works on any map that opened. */
	p = mr_memremap(m, 0xa0000, 0x1000, MEMREMAP_WC);
	if (p) {
		*(volatile char *)p = 1;
		memunmap(p);
	}
	(void)mr_memremap_query(m, 0x100000, 0x1000, MEMREMAP_WB, &q);
	FUZZ_CHECK(mr_machine_mappings(m) == 0, "%zu mappings left", mr_machine_mappings(m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_machine *m = (struct mr_machine *)&m;
	char *spec;
	int ret;

	if (size > FUZZ_SPEC_MAX || memchr(data, '/', size))
		return 0;
	spec = malloc(size + 4);
	FUZZ_CHECK(spec, "malloc");
	memcpy(spec, "sim", 3);
	for (size_t i = 0; i < size; i++)
		spec[3 + i] = data[i] ? (char)data[i] : ',';
	spec[size + 3] = '\0';
	errno = 0;
	ret = mr_machine_open(&m, spec);
	if (ret) {
		FUZZ_CHECK(ret < 0 && errno == -ret, "ret %d errno %d", ret, errno);
		FUZZ_CHECK(!m, "a failed open returned a machine");
		FUZZ_CHECK(mr_errmsg()[0], "no message for '%s'", spec);
	} else {
		FUZZ_CHECK(m, "no machine");
		check_open(m, spec);
		mr_machine_close(m);
	}
	if (memmem(spec, size + 3, "mem=", 4))
		clean_folder();
	free(spec);
	return 0;
}
