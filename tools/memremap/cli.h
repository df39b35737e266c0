/* SPDX-License-Identifier: MIT */
/*
 * The memremap command-line tool: what every command shares. Each command
 * is a struct mr_cli_cmd in its own file (name, help, options, run), given
 * a context that carries the global options and collects the exit code.
 * The tool is one static library (memremap_cli); main.c only calls
 * mr_cli_main().
 */
#ifndef MR_CLI_H
#define MR_CLI_H

#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <memremap.h>

#include "escape.h"
#include "numbers.h"

/* Exit codes: done, refused or failed, bad usage. */
enum { MR_EXIT_OK = 0, MR_EXIT_FAIL = 1, MR_EXIT_USAGE = 2 };

#define MR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MR_PRINTF(a, b)	 __attribute__((format(printf, a, b)))

struct mr_cli;

/* Keys of options that have no short letter: above every char. */
#define MR_CLI_LONG 0x100
/* The global --regs-base: above the commands' own MR_CLI_LONG + n. */
#define MR_CLI_OPT_REGS_BASE (MR_CLI_LONG + 0x40)

/*
 * One option of a command: its getopt entry and its line in --help, in one
 * place. @key is the short letter, or MR_CLI_LONG + n for a long-only one.
 * The keys 'j' (--json) and 'P' (--no-progress) are handled for every
 * command that lists them; each command words its own help for them.
 */
struct mr_cli_opt {
	const char *name; /* the long name, without "--" */
	int key;
	const char *arg;  /* the value's name in --help ("W"), NULL for a flag */
	const char *help; /* lines separated by '\n' */
};

/*
 * A command: everything about it lives in its own file, next to its code;
 * main.c only lists them.
 */
struct mr_cli_cmd {
	const char *name;
	const char *summary;	       /* one line in 'memremap --help' */
	const char *synopsis;	       /* after "usage: memremap NAME " */
	const char *about;	       /* what it does, between the synopsis and the options */
	const struct mr_cli_opt *opts; /* its own options, ending with {NULL} */
	const char *notes;	       /* after the options (its exit status), or NULL */
	/*
	 * The machine it runs on without --machine ("sim" for demo and module);
	 * NULL: $MEMREMAP_MACHINE, else linux.
	 */
	const char *machine;
	int (*run)(struct mr_cli *c, int argc, char **argv);
};

extern const struct mr_cli_cmd mr_cli_cmd_iomem, mr_cli_cmd_query, mr_cli_cmd_read,
	mr_cli_cmd_write, mr_cli_cmd_dump, mr_cli_cmd_load, mr_cli_cmd_fill, mr_cli_cmd_copy,
	mr_cli_cmd_bench, mr_cli_cmd_devmem, mr_cli_cmd_devmem2, mr_cli_cmd_demo, mr_cli_cmd_module,
	mr_cli_cmd_help, mr_cli_cmd_completion, mr_cli_cmd_regs, mr_cli_cmd_doctor, mr_cli_cmd_pci;

/* Every command, in the order 'memremap --help' lists them; NULL-terminated. */
extern const struct mr_cli_cmd *const mr_cli_cmds[];
const struct mr_cli_cmd *mr_cli_find(const char *name);

/* The options every command takes, before or after its name. */
extern const struct mr_cli_opt mr_cli_global_opts[];

/*
 * What a program that embeds the tool may set (the fuzzer does); the
 * memremap binary runs with everything zero.
 */
struct mr_cli_config {
	/* Run this command, argv[1] being its first argument; NULL: argv names it. */
	const char *command;
	/* Refuse, as bad usage, a command that would touch more bytes (0: no cap). */
	uint64_t max_range;
};

/* The whole tool: argv[0] is the program, then global options and a command. */
int mr_cli_main(int argc, char **argv);
int mr_cli_main_config(const struct mr_cli_config *cfg, int argc, char **argv);

/*
 * An output of the tool (out.c): standard output, or a file named on the
 * command line, whose writes keep the errno of the first failure.
 */
struct mr_cli_out {
	FILE *f;
	const char *path; /* NULL: standard output */
	int fd;
	int err;       /* errno of the first write that failed, or 0 */
	bool reported; /* standard output's loss is told once */
	bool regular;  /* a regular file, removed when left incomplete */
	dev_t dev;
	ino_t ino;
};

/* What the whole invocation shares; one per run. */
struct mr_cli {
	const struct mr_cli_cmd *cmd;
	const char *spec;     /* --machine, before the command or after it */
	bool verbose;	      /* show the kernel-style warnings of the library */
	bool json;	      /* --json */
	bool progress;	      /* cleared by --no-progress */
	uint64_t max_range;   /* mr_cli_config.max_range */
	bool told_volatile;   /* mr_cli_writing() said its note */
	int ret;	      /* the exit code once an option loop stops */
	struct mr_machine *m; /* open while the command runs */
	char warning[512];    /* the library's last warning */
	/* Register descriptions (regs.c): --regs FILE and --regs-base BLOCK=ADDR. */
	const char *regs_files[16];
	int nregs_files;
	const char *regs_bases[16];
	int nregs_bases;
	struct mr_regs *regs;  /* loaded when a name is first used */
	struct mr_cli_out out; /* standard output, while the run lasts */
	/* The getopt tables of the command: its options and the global ones. */
	struct option longopts[40];
	char shortopts[96];
};

/* ------------------------------------------------------------ messages */

/*
 * One line on stderr, "memremap CMD: message", newlines folded into spaces
 * so that every error is exactly one line. Each returns the exit code.
 */
int mr_cli_fail(struct mr_cli *c, const char *fmt, ...) MR_PRINTF(2, 3);
int mr_cli_usage_error(struct mr_cli *c, const char *fmt, ...) MR_PRINTF(2, 3);
/* A line of information on stderr (never on stdout, which is for data). */
void mr_cli_note(struct mr_cli *c, const char *fmt, ...) MR_PRINTF(2, 3);

/* Colour only for a terminal, and never when NO_COLOR is set. */
bool mr_cli_color(FILE *f);

/* --------------------------------------------------------------- options */

/* mr_cli_getopt() returns this when the subcommand must return c->ret. */
#define MR_CLI_STOP (-2)

/*
 * getopt_long() over the command's options and the global ones, which it
 * handles itself (as it does -j and -P), reporting every error on one line.
 * Returns the key of one of the command's options, -1 at the end, or
 * MR_CLI_STOP (after --help or --version, or an error).
 */
int mr_cli_getopt(struct mr_cli *c, int argc, char **argv);
/* The command's --help text. */
void mr_cli_help(const struct mr_cli_cmd *cmd, FILE *out);
/* 'memremap --help'. */
void mr_cli_usage(FILE *out);
/* 'memremap --version'. */
void mr_cli_version(void);
/* Exactly @min..@max operands after the options, else a usage error. */
bool mr_cli_operands(struct mr_cli *c, int argc, char **argv, int min, int max);

/* Parsers that report a usage error naming @what and set c->ret. */
bool mr_cli_number(struct mr_cli *c, const char *what, const char *s, uint64_t *out);
bool mr_cli_width(struct mr_cli *c, const char *s, unsigned int *bits);
/*
 * A range from @n operands at @ops: two are ADDR SIZE; one is START+SIZE or
 * START-END, END inclusive as /proc/iomem writes it (memtool's forms).
 */
bool mr_cli_region(struct mr_cli *c, char **ops, int n, uint64_t *addr, uint64_t *size);
/* Is @s one operand START+SIZE, START-END or BDF/barN[+OFFSET]? */
bool mr_cli_is_region(const char *s);
/* Does @s name a place in a PCI BAR ("00:02.0/..."), rightly or not? */
bool mr_cli_is_pci_address(const char *s);
/*
 * An address operand (@what names it in messages): a number, or
 * BDF/barN[+OFFSET] resolved on the machine, which is opened for it.
 * *@avail (may be NULL): the bytes from there to the BAR's end, 0 for a
 * number.
 */
bool mr_cli_address(struct mr_cli *c, const char *what, const char *s, uint64_t *addr,
		    uint64_t *avail);
bool mr_cli_type(struct mr_cli *c, const char *s, unsigned long *type);
/*
 * A range of @size bytes at @addr: size not 0, no wrap past 2^64, within
 * what this process can map and within c->max_range.
 */
bool mr_cli_range(struct mr_cli *c, uint64_t addr, uint64_t size);
/* @addr aligned for accesses of @bits bits, and @size a multiple of them. */
bool mr_cli_aligned(struct mr_cli *c, uint64_t addr, uint64_t size, unsigned int bits);

/* --------------------------------------------------------------- machine */

/*
 * Open the machine: --machine, else the command's own default, else
 * $MEMREMAP_MACHINE, else "linux". Once open, it stays: a second call is
 * a no-op.
 */
int mr_cli_machine_open(struct mr_cli *c);
/*
 * A map with no resource (an empty file, blank lines) makes a machine of
 * holes where every access succeeds: a warning on stderr says so. The
 * library stays quiet: its log hook carries the kernel's warnings, and the
 * kernel has none for this.
 */
void mr_cli_warn_empty_map(struct mr_cli *c, struct mr_machine *m);
void mr_cli_machine_close(struct mr_cli *c);
/*
 * Called by a command about to write: on a sim machine whose memory is not
 * kept in a file (no mem=PATH), say once that it vanishes with the command.
 * Not with --json, whose reader is a program.
 */
void mr_cli_writing(struct mr_cli *c);

/* A mapping made for a subcommand. */
struct mr_cli_map {
	uint64_t phys;
	size_t size;
	unsigned long type; /* the type really obtained */
	bool durable;	    /* cached persistent memory: writes must be flushed */
	void *p;
	struct mr_mapping_info info;
};

/*
 * The type the tool uses when none is asked for: write-back for System RAM
 * (the only type the kernel allows there), device (uncached, one access per
 * value) for everything else.
 */
unsigned long mr_cli_default_type(struct mr_cli *c, uint64_t phys, uint64_t size);
/* Map with @type (0: the default). Reports the refusal and its reason. */
int mr_cli_map(struct mr_cli *c, struct mr_cli_map *map, uint64_t phys, uint64_t size,
	       unsigned long type);
void mr_cli_unmap(struct mr_cli_map *map);

/* ------------------------------------------------------------- resources */

enum mr_cli_kind {
	MR_KIND_RAM,
	MR_KIND_KERNEL,
	MR_KIND_RESERVED,
	MR_KIND_ACPI,
	MR_KIND_PERSISTENT,
	MR_KIND_PCI,
	MR_KIND_ROM,
	MR_KIND_BUSY,
	MR_KIND_OTHER,
	MR_KIND_NR
};

struct mr_cli_kind_info {
	const char *name;  /* "ram": JSON and the tree */
	const char *label; /* "System RAM": the SVG legend */
	const char *fill;  /* SVG colours */
	const char *stroke;
	const char *ansi; /* terminal colour */
};

enum mr_cli_kind mr_cli_kind_of(const struct resource *r);
const struct mr_cli_kind_info *mr_cli_kind_info(enum mr_cli_kind k);
/* The deepest resource that holds @addr, or NULL in a hole. */
struct resource *mr_cli_resource_at(struct resource *root, uint64_t addr);
/*
 * @r's name for a terminal: control characters and bytes that are not
 * UTF-8 escaped as the library's messages escape them (escape.h), "?" when
 * it has none. Returns @buf.
 */
const char *mr_cli_name(char *buf, size_t len, const struct resource *r);
/* "'NAME' [mem 0x...-0x...]" or "a hole (no resource)", for messages. */
void mr_cli_describe_at(struct resource *root, uint64_t addr, char *buf, size_t len);
/* Hex digits to print every address of the tree with (at least 8). */
int mr_cli_addr_digits(const struct resource *root);

/* ---------------------------------------------------------------- output */

/*
 * Standard output is wrapped for the whole run (out.c): begin before
 * anything is printed; end flushes, reports a loss once with its errno and
 * turns the exit code into 1 (a usage error keeps 2).
 */
void mr_cli_stdout_begin(struct mr_cli *c);
int mr_cli_stdout_end(struct mr_cli *c, int ret);
/* Flush standard output now: false (reported, c->ret 1) when output was lost. */
bool mr_cli_stdout_check(struct mr_cli *c);
/* The descriptor behind @f (standard output's real one while it is wrapped). */
int mr_cli_out_fd(FILE *f);
/*
 * Open @path for writing ("-": standard output): NULL, reported, when it
 * cannot be. Close with mr_cli_out_close(), which returns @ret, or 1 after
 * reporting a write, flush or close that failed and removing the file.
 * ferror() on the stream tells a loss early, to stop writing.
 */
FILE *mr_cli_out_open(struct mr_cli *c, struct mr_cli_out *o, const char *path);
int mr_cli_out_close(struct mr_cli *c, struct mr_cli_out *o, int ret);

/*
 * A physical range as the kernel's %pR prints a memory resource
 * (lib/vsprintf.c, resource_string(): "0x" and at least 8 hex digits, the
 * end inclusive): "[mem 0x000a0000-0x000bffff]". Two arguments, start and end.
 */
#define MR_CLI_MEM "[mem 0x%08" PRIx64 "-0x%08" PRIx64 "]"

struct mr_json;
/* The "machine", "platform" and "phys_bits" members every report starts with. */
void mr_cli_json_machine(struct mr_json *j, struct mr_machine *m);

/* "4 KiB", "18.5 MiB", "64 GiB", "100 B". */
void mr_cli_fmt_size(char *buf, size_t len, uint64_t n);
/* log2(v) for v > 0, without libm. */
double mr_cli_log2(double v);
/* "EPERM" for EPERM. */
const char *mr_cli_errno_name(int err);
/* The type's name for messages: "wb", or "?" */
const char *mr_cli_type_name(unsigned long type);

/* Progress on stderr, for work over 1 MiB when stderr is a terminal. */
struct mr_cli_progress {
	const char *label;
	uint64_t total;
	bool on;
	double started, last;
};

void mr_cli_progress_start(struct mr_cli *c, struct mr_cli_progress *p, const char *label,
			   uint64_t total);
void mr_cli_progress_update(struct mr_cli_progress *p, uint64_t done);
void mr_cli_progress_end(struct mr_cli_progress *p);
/* Seconds on a monotonic clock. */
double mr_cli_now(void);

/* Chunk size of the long operations: the unit the progress bar moves by. */
#define MR_CLI_CHUNK (1UL << 20)

#endif /* MR_CLI_H */
