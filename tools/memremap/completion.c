// SPDX-License-Identifier: MIT
/*
 * `memremap completion bash`: the bash completion script, the same text as
 * the installed file (memremap.bash-completion, compiled in by CMake), for
 *     source <(memremap completion bash)
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Generated from memremap.bash-completion at configure time. */
extern const char mr_cli_completion_bash[];

static int mr_cli_completion(struct mr_cli *c, int argc, char **argv)
{
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (!mr_cli_operands(c, argc, argv, 1, 1))
		return c->ret;
	if (strcmp(argv[optind], "bash"))
		return mr_cli_usage_error(c, "no completion for '%s': only bash", argv[optind]);
	fputs(mr_cli_completion_bash, stdout);
	return mr_cli_stdout_check(c) ? MR_EXIT_OK : MR_EXIT_FAIL;
}

const struct mr_cli_cmd mr_cli_cmd_completion = {
	.name = "completion",
	.summary = "print the bash completion script",
	.synopsis = "bash",
	.about = "Print the bash completion script, as installed in\n"
		 "share/bash-completion/completions/memremap. In ~/.bashrc:\n"
		 "    source <(memremap completion bash)\n",
	.run = mr_cli_completion,
};
