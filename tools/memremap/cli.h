/* SPDX-License-Identifier: MIT */
/* The memremap command-line tool: one function per subcommand. */
#ifndef MR_CLI_H
#define MR_CLI_H

#include <stdio.h>

/* Exit codes: done, refused or failed, bad usage. */
enum { MR_EXIT_OK = 0, MR_EXIT_FAIL = 1, MR_EXIT_USAGE = 2 };

struct mr_cli_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

int mr_cli_demo(int argc, char **argv);

#endif /* MR_CLI_H */
