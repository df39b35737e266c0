// SPDX-License-Identifier: MIT
/*
 * memremap(1): the kernel's memremap() from the command line. The list of
 * commands and the dispatch to them; each command lives in its own file.
 * Global options may come before the command or after it.
 */
#include <stdio.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"
#include "regs.h"

/* Every command, in the order --help lists them. */
const struct mr_cli_cmd *const mr_cli_cmds[] = {
	&mr_cli_cmd_iomem,
	&mr_cli_cmd_query,
	&mr_cli_cmd_read,
	&mr_cli_cmd_write,
	&mr_cli_cmd_dump,
	&mr_cli_cmd_load,
	&mr_cli_cmd_fill,
	&mr_cli_cmd_copy,
	&mr_cli_cmd_bench,
	&mr_cli_cmd_devmem,
	&mr_cli_cmd_devmem2,
	&mr_cli_cmd_demo,
	&mr_cli_cmd_module,
	&mr_cli_cmd_help,
	&mr_cli_cmd_completion,
#ifdef MR_CLI_REGS
	&mr_cli_cmd_regs,
#endif
	/* PCI devices: on locked-down kernels (issue 15) */
	&mr_cli_cmd_doctor,
	&mr_cli_cmd_pci,
	NULL,
};

const struct mr_cli_cmd *mr_cli_find(const char *name)
{
	const struct mr_cli_cmd *const *cmd;

	for (cmd = mr_cli_cmds; *cmd; cmd++)
		if (!strcmp(name, (*cmd)->name))
			return *cmd;
	return NULL;
}

/* `memremap help [COMMAND]`: what --help says, for those who type it first. */
static int mr_cli_help_cmd(struct mr_cli *c, int argc, char **argv)
{
	const struct mr_cli_cmd *cmd;
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (!mr_cli_operands(c, argc, argv, 0, 1))
		return c->ret;
	if (optind == argc) {
		mr_cli_usage(stdout);
		return MR_EXIT_OK;
	}
	cmd = mr_cli_find(argv[optind]);
	if (!cmd)
		return mr_cli_usage_error(c, "unknown command '%s'", argv[optind]);
	mr_cli_help(cmd, stdout);
	return MR_EXIT_OK;
}

const struct mr_cli_cmd mr_cli_cmd_help = {
	.name = "help",
	.summary = "the commands, or what one command takes",
	.synopsis = "[COMMAND]",
	.about = "Without COMMAND, list the commands; with one, print its help, as\n"
		 "'memremap COMMAND --help' does.\n",
	.run = mr_cli_help_cmd,
};

/*
 * Global options before the command; '+' stops at the command, whose own
 * parse takes the global options again. Returns -1 to go on, else the
 * exit code.
 */
static int mr_cli_global(struct mr_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"machine", required_argument, NULL, 'm'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{"regs", required_argument, NULL, 'r'},
		{"regs-base", required_argument, NULL, MR_CLI_OPT_REGS_BASE},
		{NULL, 0, NULL, 0},
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:m:vVhr:", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
		case MR_CLI_OPT_REGS_BASE:
			if (mr_cli_regs_option(c, opt, optarg))
				return c->ret;
			break;
		case 'm':
			c->spec = optarg;
			break;
		case 'v':
			c->verbose = true;
			break;
		case 'h':
			mr_cli_usage(stdout);
			return MR_EXIT_OK;
		case 'V':
			mr_cli_version();
			return MR_EXIT_OK;
		case ':':
			return mr_cli_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
		default:
			return mr_cli_usage_error(c, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

static int mr_cli_run(struct mr_cli *c, const struct mr_cli_config *cfg, int argc, char **argv)
{
	int ret;

	optind = 0; /* glibc: 0 starts a parse afresh, forgetting an earlier '+' */
	if (cfg->command) {
		c->cmd = mr_cli_find(cfg->command);
		if (!c->cmd)
			return mr_cli_usage_error(c, "unknown command '%s'", cfg->command);
	} else {
		ret = mr_cli_global(c, argc, argv);
		if (ret >= 0)
			return ret;
		if (optind >= argc)
			return mr_cli_usage_error(c, "no command given");
		c->cmd = mr_cli_find(argv[optind]);
		if (!c->cmd)
			return mr_cli_usage_error(c, "unknown command '%s'", argv[optind]);
		argc -= optind;
		argv += optind;
		optind = 0;
	}
	return c->cmd->run(c, argc, argv);
}

int mr_cli_main_config(const struct mr_cli_config *cfg, int argc, char **argv)
{
	struct mr_cli c = {.progress = true, .max_range = cfg->max_range};
	int ret;

	/* Whatever is printed, --help included, is checked to have arrived. */
	mr_cli_stdout_begin(&c);
	ret = mr_cli_run(&c, cfg, argc, argv);
	mr_cli_regs_free(&c);
	mr_cli_machine_close(&c);
	return mr_cli_stdout_end(&c, ret);
}

/* Invoked as devmem or devmem2 (a symlink), the binary is that command. */
static const char *mr_cli_alias(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	base = base ? base + 1 : argv0;
	if (base && (!strcmp(base, "devmem") || !strcmp(base, "devmem2")))
		return base;
	return NULL;
}

int mr_cli_main(int argc, char **argv)
{
	const struct mr_cli_config cfg = {.command = mr_cli_alias(argv[0])};

	return mr_cli_main_config(&cfg, argc, argv);
}
