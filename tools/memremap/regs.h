/* SPDX-License-Identifier: MIT */
/*
 * Registers by name in the tool (tools/memremap/regs.c), where the tool is
 * built with libmemremap-regs (MR_CLI_REGS). The other commands reach it
 * through these few calls.
 */
#ifndef MR_CLI_REGS_H
#define MR_CLI_REGS_H

#include <stdbool.h>

struct mr_cli;

#ifdef MR_CLI_REGS
/* A register name or glob ("edu.STATUS", "edu.*"), not an address. */
bool mr_cli_regname(const char *s);
/* read NAME: one register in detail, a field, or a glob as a table. */
int mr_cli_regs_read(struct mr_cli *c, const char *name, unsigned long type);
/* write NAME=VALUE or NAME VALUE (@value NULL in the first form). */
int mr_cli_regs_write(struct mr_cli *c, const char *arg, const char *value, unsigned long type,
		      bool verify);
/* dump --regs: whether the arguments ask for it, and the command itself. */
bool mr_cli_regs_wants_dump(int argc, char **argv);
int mr_cli_regs_dump(struct mr_cli *c, int argc, char **argv);
/* memremap regs [FILE...] */
int mr_cli_regs_cmd(struct mr_cli *c, int argc, char **argv);
void mr_cli_regs_free(struct mr_cli *c);
#else
static inline bool mr_cli_regname(const char *s)
{
	(void)s;
	return false;
}
static inline void mr_cli_regs_free(struct mr_cli *c)
{
	(void)c;
}
#endif

#endif /* MR_CLI_REGS_H */
