/* SPDX-License-Identifier: MIT */
/*
 * `memremap module`: the module host. Declared here until the command
 * table in cli.h lists it with the others.
 */
#ifndef MR_CLI_MODULE_H
#define MR_CLI_MODULE_H

/* argv[0] is "module"; the machine is "sim" unless --machine names one. */
int mr_cli_module(int argc, char **argv);
/* The same with another default, e.g. the tool's global --machine. */
int mr_cli_module_spec(const char *spec, int argc, char **argv);

#endif /* MR_CLI_MODULE_H */
