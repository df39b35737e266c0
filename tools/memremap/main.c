// SPDX-License-Identifier: MIT
/*
 * memremap(1): the kernel's memremap() from the command line. Global
 * options come before the subcommand; each subcommand parses its own.
 */
#include <stdio.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"
#include "module.h"
#include "regs.h"

#ifndef MR_CLI_STATIC
/* The host takes its own options; a global --machine is its default. */
static int mr_cli_module_cmd(struct mr_cli *c, int argc, char **argv)
{
	return mr_cli_module_spec(c->spec_given ? c->spec : "sim", argc, argv);
}
#endif

static const struct mr_cli_cmd mr_cli_cmds[] = {
	{"iomem", "the resource tree: /proc/iomem text, a tree, JSON or an SVG map",
	 "iomem [--tree | --json] [--svg FILE]\n\n"
	 "Show the machine's resource tree. Without options: /proc/iomem text.\n\n"
	 "  -t, --tree       an indented tree with sizes and kinds\n"
	 "  -j, --json       JSON: every resource with its range, flags, kind, children\n"
	 "  -s, --svg FILE   draw the physical address map as SVG ('-': stdout); heights\n"
	 "                   grow with the logarithm of each range's size, holes between\n"
	 "                   resources are folded, colours give the kind\n",
	 mr_cli_iomem},
	{"query", "what memremap would do with a range, for each cache type",
	 "query ADDR SIZE [--type T]... [--enc | --dec] [--exclusive] [--json]\n\n"
	 "Ask, without mapping anything, what memremap(ADDR, SIZE, type) would do for\n"
	 "each cache type: region_intersects() for System RAM, the resources touched,\n"
	 "the cache type already held there (a live mapping or a kernel PAT entry),\n"
	 "and per type the path and type it would get, or why it is refused.\n\n"
	 "  -t, --type T     wb, wt, wc or dev; repeat for several (default: all four)\n"
	 "  -e, --enc        add MEMREMAP_ENC     -d, --dec   add MEMREMAP_DEC\n"
	 "  -x, --exclusive  add MEMREMAP_EXCLUSIVE (claim the range busy)\n"
	 "  -j, --json       JSON output\n\n"
	 "Exit status 0 when some type asked about would map, 1 when all are refused.\n",
	 mr_cli_query},
	{"read", "read values of 8, 16, 32 or 64 bits",
	 "read ADDR [--width 8|16|32|64] [--count N] [--type wb|wt|wc|dev] [--json]\n"
	 "read NAME [--type T] [--json]\n\n"
	 "Read COUNT values of WIDTH bits (default 32, one value), each with one access\n"
	 "of exactly that width. ADDR must be aligned for the width.\n"
	 "With register descriptions (see memremap --help), NAME is BLOCK.REG or\n"
	 "BLOCK.REG:FIELD, or a glob (edu.*): its width comes from the description and\n"
	 "the value is shown with its fields and their named values.\n\n"
	 "  -w, --width W    access width in bits (default 32)\n"
	 "  -n, --count N    number of consecutive values (default 1)\n"
	 "  -t, --type T     cache type (default: wb for System RAM, dev elsewhere)\n"
	 "  -j, --json       JSON output\n",
	 mr_cli_read},
	{"write", "write values, reading each back",
	 "write ADDR VALUE... [--width 8|16|32|64] [--type T] [--no-readback] [--verify] "
	 "[--json]\n"
	 "write NAME=VALUE | NAME VALUE [--type T] [--verify] [--json]\n\n"
	 "Write each VALUE to consecutive elements of WIDTH bits starting at ADDR, one\n"
	 "access each, and read each back right after writing it. Every VALUE is\n"
	 "checked before anything is written.\n"
	 "A register NAME (BLOCK.REG) is written whole; a field (BLOCK.REG:FIELD) by one\n"
	 "read and one write of its register, the other bits kept (W1C and W1S bits\n"
	 "written 0, write-only bits their reset value). VALUE may name an enumerated\n"
	 "value. A name is not read back unless --verify.\n\n"
	 "  -w, --width W      access width in bits (default 32)\n"
	 "  -t, --type T       cache type (default: wb for System RAM, dev elsewhere)\n"
	 "  -N, --no-readback  do not read back (registers whose reads have side effects)\n"
	 "  -V, --verify       fail (exit 1) when a value reads back different\n"
	 "  -j, --json         JSON output\n",
	 mr_cli_write},
	{"dump", "dump a range as hexdump -C text, or raw to a file",
	 "dump ADDR SIZE [-o FILE] [--width W] [--type T] [--all] [--json]\n"
	 "dump --regs BLOCK|PATTERN [--type T] [--read-clear] [--json]\n\n"
	 "Show SIZE bytes at ADDR as 'hexdump -C' does (with physical addresses), or\n"
	 "write them raw to FILE.\n\n"
	 "  -o, --output FILE  write the raw bytes to FILE ('-': stdout)\n"
	 "  -w, --width W      read with accesses of exactly W bits (default: the copy\n"
	 "                     routine for the cache type)\n"
	 "  -t, --type T       cache type (default: wb for System RAM, dev elsewhere)\n"
	 "  -a, --all          do not fold repeated lines into '*'\n"
	 "  -j, --json         JSON: the range, type, path and the bytes in hex\n"
	 "  -r, --regs         a table of a block's registers (or those PATTERN names),\n"
	 "                     each read once, its fields decoded; write-only registers\n"
	 "                     and those a read clears are not read\n"
	 "  -C, --read-clear   read those a read clears too\n"
	 "  -P, --no-progress  no progress bar\n",
	 mr_cli_dump},
	{"load", "copy a file into a range",
	 "load ADDR FILE [--type T] [--json]\n\n"
	 "Copy the whole of FILE ('-': stdin) to ADDR. The file is read completely\n"
	 "before anything is written.\n\n"
	 "  -t, --type T       cache type (default: wb for System RAM, dev elsewhere)\n"
	 "  -j, --json         JSON report\n"
	 "  -P, --no-progress  no progress bar\n",
	 mr_cli_load},
	{"fill", "fill a range with a repeated value",
	 "fill ADDR SIZE PATTERN [--width W] [--type T] [--json]\n\n"
	 "Fill SIZE bytes at ADDR with PATTERN, an element of WIDTH bits (default 8)\n"
	 "repeated, little-endian. With --width, every element is written with one\n"
	 "access of exactly that width.\n\n"
	 "  -w, --width W      element width in bits (default 8)\n"
	 "  -t, --type T       cache type (default: wb for System RAM, dev elsewhere)\n"
	 "  -j, --json         JSON report\n"
	 "  -P, --no-progress  no progress bar\n",
	 mr_cli_fill},
	{"copy", "copy one physical range to another",
	 "copy SRC DST SIZE [--type T] [--src-type T] [--dst-type T] [--json]\n\n"
	 "Copy SIZE bytes from physical SRC to physical DST; overlapping ranges are\n"
	 "copied as memmove() would.\n\n"
	 "  -t, --type T       cache type of both mappings\n"
	 "  -S, --src-type T   cache type of the source\n"
	 "  -D, --dst-type T   cache type of the destination\n"
	 "                     (default: wb for System RAM, dev elsewhere)\n"
	 "  -j, --json         JSON report\n"
	 "  -P, --no-progress  no progress bar\n",
	 mr_cli_copy},
	{"bench", "bandwidth and latency per cache type and copy routine",
	 "bench [ADDR SIZE] [--type T]... [--min-time MS] [--json] [--svg FILE]\n\n"
	 "Measure read and write bandwidth of each copy routine, and the latency of\n"
	 "single 32-bit reads and writes, for each cache type memremap accepts on the\n"
	 "range. Without ADDR SIZE (sim machines only), a System RAM range and a\n"
	 "device range of up to 16 MiB are chosen from the map. bench WRITES to the\n"
	 "range: on a machine other than sim it needs --destructive, and only reads\n"
	 "without it.\n\n"
	 "  -t, --type T       wb, wt, wc or dev; repeat for several (default: all)\n"
	 "  -T, --min-time MS  time each measurement for at least MS ms (default 25)\n"
	 "      --destructive  allow writes on a machine other than sim\n"
	 "  -j, --json         JSON results\n"
	 "  -s, --svg FILE     a bar chart of the results\n"
	 "  -P, --no-progress  no progress bar\n",
	 mr_cli_bench},
#ifdef MR_CLI_REGS
	{"regs", "list and check register descriptions",
	 "regs [--machine SPEC] [--json] [FILE...]\n\n"
	 "Load register descriptions (native YAML, CMSIS-SVD or IP-XACT; FILE, else the\n"
	 "files given with the global option, else MEMREMAP_REGS), report each problem as\n"
	 "FILE:LINE: error: MESSAGE, and list the blocks, registers, fields and values.\n"
	 "Exit status 1 when a description has an error.\n\n"
	 "  -m, --machine SPEC  also show where that machine puts each PCI-anchored block\n"
	 "  -j, --json          JSON listing\n",
	 mr_cli_regs_cmd},
#endif
	{"demo", "a guided tour of the memremap contract on a simulated PC",
	 "demo [--machine SPEC]\n\n"
	 "A guided tour of the memremap contract: the map, the two examples of the\n"
	 "usage guide, the direct map, each refusal with its reason, and devices.\n"
	 "It runs on the built-in simulated PC unless --machine names another sim.\n",
	 mr_cli_demo},
#ifndef MR_CLI_STATIC /* a static tool cannot dlopen drivers */
	{"module", "run a driver built against the kernel-source headers",
	 "module [--machine SPEC] DRIVER.so\n\n"
	 "Load DRIVER.so (driver source built against <linux/io.h> and friends from\n"
	 "memremap-compat), run its module_init() on the machine (sim unless --machine\n"
	 "names another), then its module_exit(), and list every mapping it left\n"
	 "behind. Exit status 0 only when everything was released.\n",
	 mr_cli_module_cmd},
#endif
};

static void mr_cli_usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: memremap [--machine SPEC] [--verbose] [--version] [--help] COMMAND "
		     "[ARGS]\n\n"
		     "The kernel's memremap() from the command line: devmem, devmem2 and pcimem,\n"
		     "with the kernel's rules on cache types, System RAM and conflicts.\n\n"
		     "commands:\n");
	for (i = 0; i < MR_ARRAY_SIZE(mr_cli_cmds); i++)
		fprintf(out, "  %-7s %s\n", mr_cli_cmds[i].name, mr_cli_cmds[i].summary);
	fprintf(out,
		"\noptions:\n"
		"  -m, --machine SPEC  sim, sim:MAPFILE[,mem=PATH,pat=PATH,phys-bits=N,...] or\n"
		"                      linux; default $MEMREMAP_MACHINE, else linux\n"
		"  -v, --verbose       show the kernel-style warnings of the library\n"
#ifdef MR_CLI_REGS
		"  -r, --regs FILE     register descriptions (repeatable; a colon-separated\n"
		"                      list too); default $MEMREMAP_REGS. Then read, write and\n"
		"                      dump --regs take names: edu.STATUS, edu.STATUS:IRQ, edu.*\n"
		"      --regs-base BLOCK=ADDR  put a block at ADDR whatever its file says\n"
#endif
		"  -V, --version       the version\n"
		"  -h, --help          this text\n\n"
		"'memremap COMMAND --help' tells more about each. Exit status: 0 done,\n"
		"1 refused or failed, 2 bad usage.\n");
}

static const struct mr_cli_cmd *mr_cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < MR_ARRAY_SIZE(mr_cli_cmds); i++)
		if (!strcmp(name, mr_cli_cmds[i].name))
			return &mr_cli_cmds[i];
	return NULL;
}

/* Options before the subcommand; returns -1 to go on, else the exit code. */
static int mr_cli_global(struct mr_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		MR_CLI_OPT_MACHINE,
		MR_CLI_OPT_HELP,
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"regs", required_argument, NULL, 'r'},
		{"regs-base", required_argument, NULL, 'B'},
		MR_CLI_OPT_END,
	};
	int opt;

	opterr = 0;
	/* '+': stop at the subcommand, whose options are its own. */
	while ((opt = getopt_long(argc, argv, "+:m:hvVr:", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
		case 'B':
#ifndef MR_CLI_REGS
			return mr_cli_usage_error(c,
						  "%s: this memremap is built without "
						  "libmemremap-regs",
						  argv[optind - 1]);
#else
			if ((opt == 'r' ? c->nregs_files : c->nregs_bases) >= 16)
				return mr_cli_usage_error(c, "at most 16 of %s", argv[optind - 1]);
			if (opt == 'r')
				c->regs_files[c->nregs_files++] = optarg;
			else
				c->regs_bases[c->nregs_bases++] = optarg;
			break;
#endif
		case 'm':
			c->spec = optarg;
			c->spec_given = true;
			break;
		case 'v':
			c->verbose = true;
			break;
		case 'h':
			mr_cli_usage(stdout);
			return MR_EXIT_OK;
		case 'V':
			printf("memremap %s\n", MR_VERSION_STRING);
			return MR_EXIT_OK;
		case ':':
			return mr_cli_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
		default:
			return mr_cli_usage_error(c, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct mr_cli c = {.progress = true};
	int ret;

	ret = mr_cli_global(&c, argc, argv);
	if (ret >= 0)
		return ret;
	if (optind >= argc)
		return mr_cli_usage_error(&c, "no command given");
	c.cmd = mr_cli_find(argv[optind]);
	if (!c.cmd)
		return mr_cli_usage_error(&c, "unknown command '%s'", argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0; /* glibc: start the subcommand's parse afresh */
	ret = c.cmd->run(&c, argc, argv);
	mr_cli_regs_free(&c);
	mr_cli_machine_close(&c);
	return ret;
}
