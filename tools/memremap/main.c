// SPDX-License-Identifier: MIT
/* memremap(1): the tool is the memremap_cli library; this is its program. */
#include "cli.h"

int main(int argc, char **argv)
{
	return mr_cli_main(argc, argv);
}
