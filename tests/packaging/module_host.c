// SPDX-License-Identifier: MIT
/*
 * The module host on its own, for the tests: `memremap module` does the
 * same once the tool's command table lists it.
 */
#include "module.h"

int main(int argc, char **argv)
{
	return mr_cli_module(argc, argv);
}
