/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets: the entry points and a check that aborts. */
#ifndef MR_FUZZ_H
#define MR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant is a crash: libFuzzer saves the input that found it. */
#define FUZZ_CHECK(cond, ...)                                                                    \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                            \
			fputc('\n', stderr);                                                     \
			abort();                                                                 \
		}                                                                                \
	} while (0)

/* The library's warnings are expected under fuzzing: keep them off stderr. */
static inline void fuzz_quiet_log(int level, const char *msg, void *arg)
{
	(void)level;
	(void)msg;
	(void)arg;
}

/* The input as a NUL-terminated string (the caller frees it). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = data[i] ? (char)data[i] : ' ';
	s[size] = '\0';
	return s;
}

#endif /* MR_FUZZ_H */
