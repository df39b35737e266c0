/* SPDX-License-Identifier: MIT */
/* What a call writes to stderr, for the checks of printk() and pr_err(). */
#ifndef MR_PACKAGING_CAPTURE_H
#define MR_PACKAGING_CAPTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct capture {
	FILE *tmp;
	int saved;
	char text[1024];
};

static inline void capture_start(struct capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	c->saved = dup(STDERR_FILENO);
	if (c->tmp && c->saved >= 0)
		dup2(fileno(c->tmp), STDERR_FILENO);
}

/* Returns what was written, NUL-terminated (truncated to the buffer). */
static inline const char *capture_stop(struct capture *c)
{
	size_t n = 0;

	fflush(stderr);
	if (c->saved >= 0) {
		dup2(c->saved, STDERR_FILENO);
		close(c->saved);
	}
	if (c->tmp) {
		rewind(c->tmp);
		n = fread(c->text, 1, sizeof(c->text) - 1, c->tmp);
		fclose(c->tmp);
	}
	c->text[n] = '\0';
	return c->text;
}

#endif /* MR_PACKAGING_CAPTURE_H */
