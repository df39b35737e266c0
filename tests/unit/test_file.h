/* SPDX-License-Identifier: MIT */
/* A whole data file in memory, NUL-terminated, for the parser tests. */
#ifndef MR_TEST_FILE_H
#define MR_TEST_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The caller frees the buffer; @len gets the size without the NUL. */
static inline char *mr_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
