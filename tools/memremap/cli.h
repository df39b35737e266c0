/* SPDX-License-Identifier: MIT */
/*
 * The memremap command-line tool: what every subcommand shares. Each
 * subcommand is one function, mr_cli_NAME(c, argc, argv), given a context
 * that carries the global options and collects the exit code.
 */
#ifndef MR_CLI_H
#define MR_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <memremap.h>

#include "numbers.h"

/* Exit codes: done, refused or failed, bad usage. */
enum { MR_EXIT_OK = 0, MR_EXIT_FAIL = 1, MR_EXIT_USAGE = 2 };

#define MR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MR_PRINTF(a, b)	 __attribute__((format(printf, a, b)))

struct mr_cli;

struct mr_cli_cmd {
	const char *name;
	const char *summary;
	const char *usage; /* the full --help text, after "usage: memremap " */
	int (*run)(struct mr_cli *c, int argc, char **argv);
};

/* What the whole invocation shares; one per run. */
struct mr_cli {
	const struct mr_cli_cmd *cmd;
	const char *spec;     /* --machine, global or the subcommand's own */
	bool spec_given;      /* --machine was given (demo keeps "sim" otherwise) */
	bool verbose;	      /* show the kernel-style warnings of the library */
	bool json;	      /* --json */
	bool progress;	      /* cleared by --no-progress */
	int ret;	      /* the exit code once an option loop stops */
	struct mr_machine *m; /* open while the subcommand runs */
	char warning[512];    /* the library's last warning */
	/* Register descriptions (regs.c): --regs FILE and --regs-base BLOCK=ADDR. */
	const char *regs_files[16];
	int nregs_files;
	const char *regs_bases[16];
	int nregs_bases;
	struct mr_regs *regs; /* loaded when a name is first used */
};

int mr_cli_demo(struct mr_cli *c, int argc, char **argv);
int mr_cli_iomem(struct mr_cli *c, int argc, char **argv);
int mr_cli_query(struct mr_cli *c, int argc, char **argv);
int mr_cli_read(struct mr_cli *c, int argc, char **argv);
int mr_cli_write(struct mr_cli *c, int argc, char **argv);
int mr_cli_dump(struct mr_cli *c, int argc, char **argv);
int mr_cli_load(struct mr_cli *c, int argc, char **argv);
int mr_cli_fill(struct mr_cli *c, int argc, char **argv);
int mr_cli_copy(struct mr_cli *c, int argc, char **argv);
int mr_cli_bench(struct mr_cli *c, int argc, char **argv);

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

/* Options every subcommand takes, for its struct option table. */
#define MR_CLI_OPT_MACHINE                              \
	{                                               \
		"machine", required_argument, NULL, 'm' \
	}
#define MR_CLI_OPT_HELP                        \
	{                                      \
		"help", no_argument, NULL, 'h' \
	}
#define MR_CLI_OPT_JSON                        \
	{                                      \
		"json", no_argument, NULL, 'j' \
	}
#define MR_CLI_OPT_NOPROG                             \
	{                                             \
		"no-progress", no_argument, NULL, 'P' \
	}
#define MR_CLI_OPT_END           \
	{                        \
		NULL, 0, NULL, 0 \
	}

/* mr_cli_getopt() returns this when the subcommand must return c->ret. */
#define MR_CLI_STOP (-2)

/*
 * getopt_long() with the shared options handled (-m, -h, -j, -P) and every
 * error reported on one line. @shortopts lists the subcommand's own options
 * and must include "m:h". Returns an option, -1 at the end, or MR_CLI_STOP.
 */
int mr_cli_getopt(struct mr_cli *c, int argc, char **argv, const char *shortopts,
		  const struct option *longopts);
/* Exactly @min..@max operands after the options, else a usage error. */
bool mr_cli_operands(struct mr_cli *c, int argc, char **argv, int min, int max);

/* Parsers that report a usage error naming @what and set c->ret. */
bool mr_cli_number(struct mr_cli *c, const char *what, const char *s, uint64_t *out);
bool mr_cli_width(struct mr_cli *c, const char *s, unsigned int *bits);
bool mr_cli_type(struct mr_cli *c, const char *s, unsigned long *type);
/* A range of @size bytes at @addr: size not 0, no wrap past 2^64. */
bool mr_cli_range(struct mr_cli *c, uint64_t addr, uint64_t size);
/* @addr aligned for accesses of @bits bits, and @size a multiple of them. */
bool mr_cli_aligned(struct mr_cli *c, uint64_t addr, uint64_t size, unsigned int bits);

/* --------------------------------------------------------------- machine */

/* Open the machine (--machine, else MEMREMAP_MACHINE, else "linux"). */
int mr_cli_machine_open(struct mr_cli *c);
void mr_cli_machine_close(struct mr_cli *c);

/* A mapping made for a subcommand. */
struct mr_cli_map {
	uint64_t phys;
	size_t size;
	unsigned long type; /* the type really obtained */
	bool durable;	    /* persistent memory: writes are flushed to it */
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
/* "'NAME' [mem 0x...-0x...]" or "a hole (no resource)", for messages. */
void mr_cli_describe_at(struct resource *root, uint64_t addr, char *buf, size_t len);
/* Hex digits to print every address of the tree with (at least 8). */
int mr_cli_addr_digits(const struct resource *root);

/* ---------------------------------------------------------------- output */

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
