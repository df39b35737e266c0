// SPDX-License-Identifier: MIT
/*
 * The module host on its own, for the tests: the tool's library running
 * `module` as its only command, as `memremap module` runs it.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	const struct mr_cli_config cfg = {.command = "module"};

	return mr_cli_main_config(&cfg, argc, argv);
}
