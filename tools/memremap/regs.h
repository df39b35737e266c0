/* SPDX-License-Identifier: MIT */
/*
 * Registers by name in the tool (tools/memremap/regs.c), where the tool is
 * built with libmemremap-regs (MR_CLI_REGS). The other commands reach it
 * through these few calls; without it they are stubs that say so.
 */
#ifndef MR_CLI_REGS_H
#define MR_CLI_REGS_H

#include <stdbool.h>

#include "cli.h"

#ifdef MR_CLI_REGS
/* The global --regs FILE ('r') and --regs-base BLOCK=ADDR: 0, or the exit code. */
int mr_cli_regs_option(struct mr_cli *c, int key, const char *arg);
/* A register name or glob ("edu.STATUS", "edu.*"), not an address. */
bool mr_cli_regname(const char *s);
/* dump's one operand names registers: a name, or a block with descriptions given. */
bool mr_cli_regs_dumpname(struct mr_cli *c, const char *s);
/* read NAME: one register in detail, a field, or a glob as a table. */
int mr_cli_regs_read(struct mr_cli *c, const char *name, unsigned long type);
/* write NAME=VALUE or NAME VALUE (@value NULL in the first form). */
int mr_cli_regs_write(struct mr_cli *c, const char *arg, const char *value, unsigned long type,
		      bool verify);
/* dump BLOCK|PATTERN: the table. */
int mr_cli_regs_dump(struct mr_cli *c, const char *pattern, unsigned long type, bool read_clear);
void mr_cli_regs_free(struct mr_cli *c);
#else
static inline int mr_cli_regs_option(struct mr_cli *c, int key, const char *arg)
{
	(void)key;
	(void)arg;
	return mr_cli_usage_error(c, "register names need libmemremap-regs, which this memremap "
				     "is built without");
}
static inline bool mr_cli_regname(const char *s)
{
	(void)s;
	return false;
}
static inline bool mr_cli_regs_dumpname(struct mr_cli *c, const char *s)
{
	(void)c;
	(void)s;
	return false;
}
static inline int mr_cli_regs_read(struct mr_cli *c, const char *name, unsigned long type)
{
	(void)type;
	return mr_cli_usage_error(c, "%s: no register names in this build", name);
}
static inline int mr_cli_regs_write(struct mr_cli *c, const char *arg, const char *value,
				    unsigned long type, bool verify)
{
	(void)value;
	(void)type;
	(void)verify;
	return mr_cli_usage_error(c, "%s: no register names in this build", arg);
}
static inline int mr_cli_regs_dump(struct mr_cli *c, const char *pattern, unsigned long type,
				   bool read_clear)
{
	(void)type;
	(void)read_clear;
	return mr_cli_usage_error(c, "%s: no register names in this build", pattern);
}
static inline void mr_cli_regs_free(struct mr_cli *c)
{
	(void)c;
}
#endif

#endif /* MR_CLI_REGS_H */
