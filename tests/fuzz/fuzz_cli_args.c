// SPDX-License-Identifier: MIT
/*
 * The memremap tool's command line, run in process: the input is argv, one
 * argument a line. Whatever the arguments, the tool returns 0, 1 or 2,
 * leaks nothing (libFuzzer's leak check) and leaves no mapping behind.
 *
 * Kept to what cannot reach outside a folder of its own: the machine is
 * sim (inputs naming linux are skipped, as are '/' and the module and
 * bench commands), files it writes land in that folder and are removed
 * after each input, and a command that would touch more than 64 KiB is
 * refused as a usage error (mr_cli_config.max_range) so that no input runs
 * for long. The tool is its library, memremap_cli, run through the same
 * entry point as the memremap binary.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <memremap.h>

#include "cli.h"
#include "fuzz.h"

#define FUZZ_ARGS_MAX 512
#define FUZZ_ARGC_MAX 24
#define FUZZ_SIZE_CAP (64 << 10)

static FILE *report; /* the real stderr: the tool's own goes to /dev/null */
static char folder[] = "/tmp/mr-fuzz-cli-XXXXXX";

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* What the tool wrote: files, and mem= folders of sim memory. */
static void clean_folder(void)
{
	struct dirent *de;
	DIR *dir = opendir(".");

	while (dir && (de = readdir(dir)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			nftw(de->d_name, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	if (dir)
		closedir(dir);
}

static void remove_folder(void)
{
	clean_folder();
	if (!chdir("/"))
		rmdir(folder);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	report = fdopen(dup(STDERR_FILENO), "w");
	FUZZ_CHECK(report && mkdtemp(folder) && !chdir(folder), "cannot set up");
	atexit(remove_folder);
	/* The tool prints through stdio: keep it quiet, keep fd 2 for the sanitizers. */
	stdout = fopen("/dev/null", "w");
	stderr = fopen("/dev/null", "w");
	FUZZ_CHECK(stdout && stderr, "/dev/null");
	/* "load ADDR -" reads standard input: let it find the end at once. */
	FUZZ_CHECK(dup2(open("/dev/null", O_RDONLY), STDIN_FILENO) == STDIN_FILENO, "stdin");
	setenv("MEMREMAP_MACHINE", "sim,phys-bits=40", 1);
	setenv("NO_COLOR", "1", 1);
	return 0;
}

static bool refused(const char *text, size_t size)
{
	static const char *const words[] = {"linux", "module", "bench", "/"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (memmem(text, size, words[i], strlen(words[i])))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mr_cli_config cfg = {.max_range = FUZZ_SIZE_CAP};
	char *argv[FUZZ_ARGC_MAX + 2], *text, *line, *save = NULL;
	int argc = 0, ret;

	if (size > FUZZ_ARGS_MAX || refused((const char *)data, size))
		return 0;
	text = fuzz_cstr(data, size);
	argv[argc++] = "memremap";
	for (line = strtok_r(text, "\n", &save); line && argc <= FUZZ_ARGC_MAX;
	     line = strtok_r(NULL, "\n", &save))
		argv[argc++] = line;
	argv[argc] = NULL;
	ret = mr_cli_main_config(&cfg, argc, argv);
	if (ret < 0 || ret > 2) {
		fprintf(report, "exit %d for:", ret);
		for (int i = 1; i < argc; i++)
			fprintf(report, " '%s'", argv[i]);
		fputc('\n', report);
		abort();
	}
	FUZZ_CHECK(!mr_machine_current() || !mr_machine_mappings(mr_machine_current()),
		   "mappings left");
	clean_folder();
	free(text);
	return 0;
}
