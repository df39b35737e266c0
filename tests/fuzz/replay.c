// SPDX-License-Identifier: MIT
/*
 * A main() for the fuzz targets when libFuzzer is not there (gcc builds):
 * run each file given, or each file in each folder given, through the
 * target once. A crash, a sanitizer report or a failed check aborts, as it
 * would under libFuzzer; an empty corpus is a failure, not a pass.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* A target may point stdout and stderr elsewhere: report on copies of them. */
static FILE *out, *err;

static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		fprintf(err, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	/* One byte more, so that an empty input is not a NULL pointer. */
	buf = malloc((size_t)st.st_size + 1);
	n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buf || n != (size_t)st.st_size) {
		free(buf);
		fprintf(err, "replay: cannot read %s\n", path);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int replay_dir(const char *dir, int *count)
{
	struct dirent **names;
	char path[4096];
	int i, n, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(err, "replay: cannot list %s\n", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (replay_file(path))
				ret = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, count = 0, failed = 0;

	out = fdopen(dup(STDOUT_FILENO), "w");
	err = fdopen(dup(STDERR_FILENO), "w");
	if (!out || !err)
		return 1;
	setvbuf(out, NULL, _IONBF, 0);
	setvbuf(err, NULL, _IONBF, 0);
	/* A target may change folder: name the inputs by absolute paths first. */
	for (i = 1; i < argc; i++) {
		char *abs = realpath(argv[i], NULL);

		if (abs)
			argv[i] = abs;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			fprintf(err, "replay: no such corpus %s\n", argv[i]);
			failed++;
		} else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count)
					       : replay_file(argv[i])) {
			failed++;
		} else if (!S_ISDIR(st.st_mode)) {
			count++;
		}
	}
	if (!count) {
		fprintf(err, "replay: no input ran\n");
		return 1;
	}
	fprintf(out, "replay: %d inputs ran, none failed a check\n", count);
	return failed ? 1 : 0;
}
