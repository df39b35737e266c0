/* SPDX-License-Identifier: MIT */
/*
 * `memremap module`: the module host. Declared here until the command
 * table in cli.h lists it with the others.
 */
#ifndef MR_CLI_MODULE_H
#define MR_CLI_MODULE_H

int mr_cli_module(int argc, char **argv);

#endif /* MR_CLI_MODULE_H */
