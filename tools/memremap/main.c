// SPDX-License-Identifier: MIT
/*
 * memremap(1): the kernel's memremap() from the command line.
 */
#include <stdio.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"

static const struct mr_cli_cmd mr_cli_cmds[] = {
	{ "demo", "a guided tour of the memremap contract on a simulated PC", mr_cli_demo },
};

static void mr_cli_usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: memremap [--version] [--help] COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof(mr_cli_cmds) / sizeof(mr_cli_cmds[0]); i++)
		fprintf(out, "  %-10s %s\n", mr_cli_cmds[i].name, mr_cli_cmds[i].summary);
	fprintf(out, "\n'memremap COMMAND --help' tells more about each.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		mr_cli_usage(stderr);
		return MR_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		mr_cli_usage(stdout);
		return MR_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("memremap %s\n", MR_VERSION_STRING);
		return MR_EXIT_OK;
	}
	for (i = 0; i < sizeof(mr_cli_cmds) / sizeof(mr_cli_cmds[0]); i++)
		if (!strcmp(argv[1], mr_cli_cmds[i].name))
			return mr_cli_cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "memremap: unknown command '%s' (try 'memremap --help')\n", argv[1]);
	return MR_EXIT_USAGE;
}
