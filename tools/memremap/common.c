// SPDX-License-Identifier: MIT
/*
 * What every subcommand shares: one-line messages, option parsing with the
 * common options, number and type parsing, the machine, and mappings whose
 * refusals are reported with the library's reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <memremap/pci.h>

#include "cli.h"
#include "regs.h"

/* ------------------------------------------------------------ messages */

bool mr_cli_color(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (no && *no)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(mr_cli_out_fd(f));
}

/*
 * "memremap CMD: " then the message with any newline folded into a space
 * and any other control character escaped: messages quote file names and
 * the library's errors, which escape the names they quote themselves (so a
 * backslash is left alone here).
 */
static void mr_cli_vline(struct mr_cli *c, bool error, const char *fmt, va_list ap) MR_PRINTF(3, 0);

static void mr_cli_vline(struct mr_cli *c, bool error, const char *fmt, va_list ap)
{
	char msg[1024], shown[MR__ESCAPED_MAX(sizeof(msg))], *p;
	bool color = error && mr_cli_color(stderr);

	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "%smemremap%s%s:%s %s\n", color ? "\033[1;31m" : "", c->cmd ? " " : "",
		c->cmd ? c->cmd->name : "", color ? "\033[0m" : "",
		mr__escape_ctl(shown, sizeof(shown), msg));
}

int mr_cli_fail(struct mr_cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mr_cli_vline(c, true, fmt, ap);
	va_end(ap);
	c->ret = MR_EXIT_FAIL;
	return MR_EXIT_FAIL;
}

int mr_cli_usage_error(struct mr_cli *c, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->cmd)
		mr_cli_fail(c, "%s (try 'memremap %s --help')", msg, c->cmd->name);
	else
		mr_cli_fail(c, "%s (try 'memremap --help')", msg);
	c->ret = MR_EXIT_USAGE;
	return MR_EXIT_USAGE;
}

void mr_cli_note(struct mr_cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mr_cli_vline(c, false, fmt, ap);
	va_end(ap);
}

/* --------------------------------------------------------------- options */

const struct mr_cli_opt mr_cli_global_opts[] = {
	{"machine", 'm', "SPEC",
	 "sim, sim:MAPFILE[,mem=PATH,pat=PATH,phys-bits=N,...] or linux\n"
	 "(default: $MEMREMAP_MACHINE, else linux)"},
	{"verbose", 'v', NULL, "show the kernel-style warnings of the library"},
#ifdef MR_CLI_REGS
	{"regs", 'r', "FILE",
	 "register descriptions (YAML, SVD, IP-XACT; a file,\n"
	 "folder or list a:b; repeatable; default $MEMREMAP_REGS):\n"
	 "read, write, dump take BLOCK.REG[:FIELD] and globs"},
	{"regs-base", MR_CLI_OPT_REGS_BASE, "B=ADDR", "put register block B at ADDR"},
#endif
	{"version", 'V', NULL, "print the version and exit"},
	{"help", 'h', NULL, "this text"},
	{NULL, 0, NULL, NULL},
};

/* "-w, --width W" or "    --destructive". */
static int mr_cli_opt_left(const struct mr_cli_opt *o, char *buf, size_t len)
{
	return snprintf(buf, len, "%c%c%c --%s%s%s", o->key < MR_CLI_LONG ? '-' : ' ',
			o->key < MR_CLI_LONG ? o->key : ' ', o->key < MR_CLI_LONG ? ',' : ' ',
			o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

static int mr_cli_opts_width(const struct mr_cli_opt *o, int width)
{
	char left[64];

	for (; o && o->name; o++) {
		int n = mr_cli_opt_left(o, left, sizeof(left));

		width = n > width ? n : width;
	}
	return width;
}

/* Each option a line, continuation lines of its help under the first. */
static void mr_cli_opts_print(FILE *out, const struct mr_cli_opt *o, int width)
{
	const char *p, *nl;
	char left[64];

	for (; o->name; o++) {
		mr_cli_opt_left(o, left, sizeof(left));
		fprintf(out, "  %-*s  ", width, left);
		for (p = o->help; (nl = strchr(p, '\n')); p = nl + 1)
			fprintf(out, "%.*s\n  %-*s  ", (int)(nl - p), p, width, "");
		fprintf(out, "%s\n", p);
	}
}

void mr_cli_usage(FILE *out)
{
	const struct mr_cli_cmd *const *cmd;

	fprintf(out, "usage: memremap [--machine SPEC] [--verbose] [--version] [--help] COMMAND "
		     "[ARGS]\n\n"
		     "The kernel's memremap() from the command line: devmem, devmem2 and pcimem,\n"
		     "with the kernel's rules on cache types, System RAM and conflicts.\n\n"
		     "commands:\n");
	for (cmd = mr_cli_cmds; *cmd; cmd++)
		fprintf(out, "  %-7s %s\n", (*cmd)->name, (*cmd)->summary);
	fprintf(out, "\noptions (before or after the command):\n");
	mr_cli_opts_print(out, mr_cli_global_opts, mr_cli_opts_width(mr_cli_global_opts, 16));
	fprintf(out, "\n'memremap COMMAND --help' or 'memremap help COMMAND' tells more about\n"
		     "each. Exit status: 0 done, 1 refused or failed, 2 bad usage.\n");
}

void mr_cli_help(const struct mr_cli_cmd *cmd, FILE *out)
{
	int width = mr_cli_opts_width(mr_cli_global_opts, mr_cli_opts_width(cmd->opts, 16));

	fprintf(out, "usage: memremap %s%s%s\n\n%s", cmd->name, cmd->synopsis[0] ? " " : "",
		cmd->synopsis, cmd->about);
	if (cmd->opts && cmd->opts->name) {
		fprintf(out, "\noptions:\n");
		mr_cli_opts_print(out, cmd->opts, width);
	}
	if (cmd->notes)
		fprintf(out, "\n%s", cmd->notes);
	fprintf(out, "\ncommon options:\n");
	mr_cli_opts_print(out, mr_cli_global_opts, width);
	fprintf(out, "\nNumbers are decimal or 0x hex, with an optional K, M, G, T, P or E suffix\n"
		     "(or KiB ... EiB). ADDR SIZE may also be one operand, START+SIZE or\n"
		     "START-END (END inclusive). An ADDR may be a place in a PCI BAR,\n"
		     "BDF/barN[+OFFSET] (0000:00:02.0/bar0+0x4, the domain optional); alone,\n"
		     "it runs to the BAR's end. Exit status: 0 done, 1 refused or failed,\n"
		     "2 bad usage.\n");
}

/* One option into the getopt tables, unless a key is already there. */
static void mr_cli_opt_add(struct mr_cli *c, const struct mr_cli_opt *o, size_t *nlong)
{
	size_t i, n = strlen(c->shortopts);

	for (i = 0; i < *nlong; i++)
		if (c->longopts[i].val == o->key)
			return;
	if (*nlong + 1 >= MR_ARRAY_SIZE(c->longopts) || n + 3 >= sizeof(c->shortopts))
		return; /* a table too long for the tool is caught by its tests */
	c->longopts[(*nlong)++] =
		(struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->key};
	if (o->key >= MR_CLI_LONG)
		return;
	c->shortopts[n++] = (char)o->key;
	if (o->arg)
		c->shortopts[n++] = ':';
	c->shortopts[n] = '\0';
}

/* ':' first: a missing value is told apart from an unknown option. */
static void mr_cli_opts_build(struct mr_cli *c)
{
	const struct mr_cli_opt *o;
	size_t nlong = 0;

	snprintf(c->shortopts, sizeof(c->shortopts), ":");
	for (o = c->cmd->opts; o && o->name; o++)
		mr_cli_opt_add(c, o, &nlong);
	for (o = mr_cli_global_opts; o->name; o++)
		mr_cli_opt_add(c, o, &nlong);
	memset(&c->longopts[nlong], 0, sizeof(c->longopts[nlong]));
}

static int mr_cli_getopt_error(struct mr_cli *c, int opt, char **argv)
{
	const char *arg = argv[optind - 1];
	char shortopt[3] = {'-', (char)optopt, '\0'};

	/* A short option inside a cluster ("-jq") is not argv[optind - 1]. */
	if (optopt > ' ' && optopt < 127 && !(arg[0] == '-' && arg[1] == '-'))
		arg = shortopt;
	if (opt == ':')
		return mr_cli_usage_error(c, "option '%s' needs a value", arg);
	return mr_cli_usage_error(c, "unrecognized option '%s'", arg);
}

void mr_cli_version(void)
{
	printf("memremap %s\n", MR_VERSION_STRING);
}

int mr_cli_getopt(struct mr_cli *c, int argc, char **argv)
{
	int opt;

	if (!c->shortopts[0])
		mr_cli_opts_build(c);
	opterr = 0;
	for (;;) {
		opt = getopt_long(argc, argv, c->shortopts, c->longopts, NULL);
		switch (opt) {
		case 'm':
			c->spec = optarg;
			continue;
		case 'v':
			c->verbose = true;
			continue;
		case 'r':
		case MR_CLI_OPT_REGS_BASE:
			if (mr_cli_regs_option(c, opt, optarg))
				return MR_CLI_STOP;
			continue;
		case 'h':
			mr_cli_help(c->cmd, stdout);
			c->ret = MR_EXIT_OK;
			return MR_CLI_STOP;
		case 'V':
			mr_cli_version();
			c->ret = MR_EXIT_OK;
			return MR_CLI_STOP;
		case 'j':
			c->json = true;
			continue;
		case 'P':
			c->progress = false;
			continue;
		case '?':
		case ':':
			mr_cli_getopt_error(c, opt, argv);
			return MR_CLI_STOP;
		}
		return opt;
	}
}

bool mr_cli_operands(struct mr_cli *c, int argc, char **argv, int min, int max)
{
	int n = argc - optind;

	if (n < min) {
		mr_cli_usage_error(c, "missing operand%s", n ? "s" : "");
		return false;
	}
	if (n > max) {
		mr_cli_usage_error(c, "unexpected operand '%s'", argv[optind + max]);
		return false;
	}
	return true;
}

bool mr_cli_number(struct mr_cli *c, const char *what, const char *s, uint64_t *out)
{
	enum mr__num_err err = mr__num_parse(s, out);

	if (err)
		mr_cli_usage_error(c, "bad %s '%s': %s", what, s, mr__num_strerror(err));
	return !err;
}

/* @s up to @end as a number; the text is copied so that the parser sees it alone. */
static bool mr_cli_number_part(struct mr_cli *c, const char *what, const char *s, size_t len,
			       uint64_t *out)
{
	char buf[72];

	if (len >= sizeof(buf)) {
		mr_cli_usage_error(c, "bad %s '%.*s': too long", what, (int)len, s);
		return false;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	return mr_cli_number(c, what, buf, out);
}

/* "START+SIZE" or "START-END": a sign after the first character. */
static const char *mr_cli_region_sep(const char *s)
{
	return s[0] ? strpbrk(s + 1, "+-") : NULL;
}

bool mr_cli_is_pci_address(const char *s)
{
	size_t n = mr_pci_name_parse(s, MR_PCI_NAME_NO_DOMAIN, NULL);

	return n && s[n] == '/';
}

/*
 * Every address operand comes here: a number, or a place in a PCI BAR
 * (BDF/barN[+OFFSET]), which only the machine can turn into an address,
 * so the machine is opened first.
 */
bool mr_cli_address(struct mr_cli *c, const char *what, const char *s, uint64_t *addr,
		    uint64_t *avail)
{
	size_t n;

	if (avail)
		*avail = 0;
	if (!mr_cli_is_pci_address(s))
		return mr_cli_number(c, what, s, addr);
	n = mr_pci_bar_name_parse(s, NULL, NULL, NULL);
	if (!n || s[n]) {
		mr_cli_usage_error(c,
				   "bad %s '%s': expected BDF/barN[+OFFSET] (e.g. "
				   "0000:00:02.0/bar0+0x4, N 0-5)",
				   what, s);
		return false;
	}
	if (!c->m && mr_cli_machine_open(c))
		return false;
	if (mr_pci_resolve(c->m, s, addr, avail)) {
		mr_cli_fail(c, "%s '%s': %s", what, s, mr_errmsg());
		return false;
	}
	return true;
}

bool mr_cli_is_region(const char *s)
{
	return mr_cli_is_pci_address(s) || mr_cli_region_sep(s) != NULL;
}

bool mr_cli_region(struct mr_cli *c, char **ops, int n, uint64_t *addr, uint64_t *size)
{
	const char *sep;
	uint64_t end;

	if (n == 2)
		return mr_cli_address(c, "address", ops[0], addr, NULL) &&
		       mr_cli_number(c, "size", ops[1], size);
	/* One BDF/barN[+OFFSET]: from there to the BAR's end. */
	if (mr_cli_is_pci_address(ops[0]))
		return mr_cli_address(c, "address", ops[0], addr, size);
	sep = mr_cli_region_sep(ops[0]);
	if (!sep) {
		mr_cli_usage_error(c, "missing operand: give ADDR SIZE, START+SIZE or START-END");
		return false;
	}
	if (!mr_cli_number_part(c, "address", ops[0], (size_t)(sep - ops[0]), addr))
		return false;
	if (*sep == '+')
		return mr_cli_number(c, "size", sep + 1, size);
	if (!mr_cli_number(c, "end", sep + 1, &end))
		return false;
	if (end < *addr || end - *addr == UINT64_MAX) {
		mr_cli_usage_error(c,
				   "bad range '%s': the end (inclusive) must not be below the "
				   "start, nor the range the whole 64-bit space",
				   ops[0]);
		return false;
	}
	*size = end - *addr + 1;
	return true;
}

bool mr_cli_width(struct mr_cli *c, const char *s, unsigned int *bits)
{
	uint64_t v;

	if (mr__num_parse(s, &v) || (v != 8 && v != 16 && v != 32 && v != 64)) {
		mr_cli_usage_error(c, "bad width '%s': expected 8, 16, 32 or 64", s);
		return false;
	}
	*bits = (unsigned int)v;
	return true;
}

static const struct {
	const char *name;
	unsigned long type;
} mr_cli_types[] = {
	{"wb", MEMREMAP_WB},
	{"wt", MEMREMAP_WT},
	{"wc", MEMREMAP_WC},
	{"dev", MEMREMAP_DEV},
};

bool mr_cli_type(struct mr_cli *c, const char *s, unsigned long *type)
{
	size_t i;

	for (i = 0; i < MR_ARRAY_SIZE(mr_cli_types); i++) {
		if (!strcmp(s, mr_cli_types[i].name)) {
			*type = mr_cli_types[i].type;
			return true;
		}
	}
	mr_cli_usage_error(c, "bad cache type '%s': expected wb, wt, wc or dev", s);
	return false;
}

const char *mr_cli_type_name(unsigned long type)
{
	return mr_type_name(type);
}

bool mr_cli_range(struct mr_cli *c, uint64_t addr, uint64_t size)
{
	if (!size) {
		mr_cli_usage_error(c, "size 0 at 0x%" PRIx64 ": nothing to do", addr);
		return false;
	}
	if (addr + (size - 1) < addr) {
		mr_cli_usage_error(c,
				   "range 0x%" PRIx64 " + 0x%" PRIx64 " runs past the end of the "
				   "64-bit address space",
				   addr, size);
		return false;
	}
	if (size > SIZE_MAX) {
		mr_cli_usage_error(c, "size 0x%" PRIx64 " is larger than this process can map",
				   size);
		return false;
	}
	if (c->max_range && size > c->max_range) {
		mr_cli_usage_error(c,
				   "size 0x%" PRIx64 " is above this program's cap of 0x%" PRIx64,
				   size, c->max_range);
		return false;
	}
	return true;
}

bool mr_cli_aligned(struct mr_cli *c, uint64_t addr, uint64_t size, unsigned int bits)
{
	uint64_t bytes = bits / 8;

	if (addr % bytes) {
		mr_cli_usage_error(c, "address 0x%" PRIx64 " is not aligned for a %u-bit access",
				   addr, bits);
		return false;
	}
	if (size % bytes) {
		mr_cli_usage_error(c, "size 0x%" PRIx64 " is not a multiple of the %u-bit width",
				   size, bits);
		return false;
	}
	return true;
}

/* --------------------------------------------------------------- machine */

/* The library's one-time warnings repeat what the error line says. */
static void mr_cli_log(int level, const char *msg, void *arg)
{
	struct mr_cli *c = arg;

	snprintf(c->warning, sizeof(c->warning), "%s", msg);
	if (c->verbose)
		mr_cli_note(c, "kernel log: %s%s", level <= MR_LOG_WARNING ? "WARNING: " : "", msg);
}

void mr_cli_warn_empty_map(struct mr_cli *c, struct mr_machine *m)
{
	struct resource *root = mr_iomem_resource(m);

	if (root && !root->child)
		mr_cli_note(c,
			    "warning: the map of '%s' holds no resource: every address is a hole, "
			    "where reads and writes succeed on memory that no device backs",
			    mr_machine_spec(m));
}

/*
 * The library answers EINVAL for a spec it cannot read (an unknown machine,
 * option or value, a map that is not /proc/iomem text): bad usage, like any
 * other bad argument. Anything else is a machine that exists but would not
 * open (a missing file, no permission): a failure.
 */
int mr_cli_machine_open(struct mr_cli *c)
{
	const char *spec = c->spec ? c->spec : c->cmd->machine;
	int err;

	/* Already open: a BDF operand needed it to find its BAR. */
	if (c->m)
		return MR_EXIT_OK;

	/* What the library says while the machine opens is shown as the rest is. */
	mr_set_log(mr_cli_log, c);
	err = mr_machine_open(&c->m, spec);
	if (err) {
		mr_set_log(NULL, NULL);
		c->m = NULL;
		if (err == -EINVAL)
			return mr_cli_usage_error(c, "bad machine: %s", mr_errmsg());
		return mr_cli_fail(c, "cannot open the machine: %s", mr_errmsg());
	}
	mr_cli_warn_empty_map(c, c->m);
	mr_machine_use(c->m);
	return MR_EXIT_OK;
}

/* Does the sim spec keep its memory in a file (a mem= option after a comma)? */
static bool mr_cli_spec_has_mem(const char *spec)
{
	const char *p;

	for (p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, "mem=", 4))
			return true;
	return false;
}

void mr_cli_writing(struct mr_cli *c)
{
	if (c->told_volatile || c->json || strcmp(mr_machine_platform(c->m), "sim") ||
	    mr_cli_spec_has_mem(mr_machine_spec(c->m)))
		return;
	c->told_volatile = true;
	mr_cli_note(c, "note: this sim machine's memory lasts only as long as this command; "
		       "a machine with mem=PATH (e.g. --machine sim,mem=/tmp/phys) keeps it");
}

void mr_cli_machine_close(struct mr_cli *c)
{
	if (!c->m)
		return;
	mr_machine_use(NULL);
	mr_machine_close(c->m);
	mr_set_log(NULL, NULL);
	c->m = NULL;
}

unsigned long mr_cli_default_type(struct mr_cli *c, uint64_t phys, uint64_t size)
{
	struct resource *root = mr_iomem_resource(c->m);

	if (root && mr_region_intersects(root, phys, (size_t)size, IORESOURCE_SYSTEM_RAM,
					 IORES_DESC_NONE) == REGION_INTERSECTS)
		return MEMREMAP_WB;
	return MEMREMAP_DEV;
}

/* The library's message without its own "memremap: " prefix. */
static const char *mr_cli_errmsg(void)
{
	const char *msg = mr_errmsg();

	return strncmp(msg, "memremap: ", 10) ? msg : msg + 10;
}

/* Is the whole range persistent memory, whose writes must be flushed? */
static bool mr_cli_persistent(struct mr_cli *c, uint64_t phys, uint64_t size)
{
	struct resource *root = mr_iomem_resource(c->m);

	return root &&
	       (mr_region_intersects(root, phys, (size_t)size, IORESOURCE_MEM,
				     IORES_DESC_PERSISTENT_MEMORY) == REGION_INTERSECTS ||
		mr_region_intersects(root, phys, (size_t)size, IORESOURCE_MEM,
				     IORES_DESC_PERSISTENT_MEMORY_LEGACY) == REGION_INTERSECTS);
}

/* Does @msg name the resource that @at ("'NAME' [mem ...]") describes? */
static bool mr_cli_names(const char *msg, const char *at)
{
	const char *q = at[0] == '\'' ? strchr(at + 1, '\'') : NULL;
	char name[200];

	if (!q || (size_t)(q - at + 1) >= sizeof(name))
		return false;
	memcpy(name, at, (size_t)(q - at + 1));
	name[q - at + 1] = '\0';
	return strstr(msg, name) != NULL;
}

int mr_cli_map(struct mr_cli *c, struct mr_cli_map *map, uint64_t phys, uint64_t size,
	       unsigned long type)
{
	char at[200] = "";
	const char *msg;
	int err;

	memset(map, 0, sizeof(*map));
	if (!type)
		type = mr_cli_default_type(c, phys, size);
	map->p = mr_memremap(c->m, phys, (size_t)size, type);
	if (!map->p) {
		err = errno;
		msg = mr_cli_errmsg();
		/* Name the resource when the library's reason does not. */
		mr_cli_describe_at(mr_iomem_resource(c->m), phys, at, sizeof(at));
		if (mr_cli_names(msg, at))
			at[0] = '\0';
		return mr_cli_fail(c, "cannot map " MR_CLI_MEM " as %s: %s (%s)%s%s", phys,
				   phys + size - 1, mr_cli_type_name(type), msg,
				   mr_cli_errno_name(err), at[0] ? "; at " : "", at);
	}
	map->phys = phys;
	map->size = (size_t)size;
	if (mr_mapping_info(map->p, &map->info))
		memset(&map->info, 0, sizeof(map->info));
	map->type = map->info.type ? map->info.type : type;
	/* Stores to a cached mapping wait in the cache: only a flush makes them durable. */
	map->durable = (map->type == MEMREMAP_WB || map->type == MEMREMAP_WT) &&
		       mr_cli_persistent(c, phys, size);
	if (map->type != type)
		mr_cli_note(c, "asked for %s, got %s: %s", mr_cli_type_name(type),
			    mr_cli_type_name(map->type), map->info.note);
	return MR_EXIT_OK;
}

void mr_cli_unmap(struct mr_cli_map *map)
{
	if (map->p)
		memunmap(map->p);
	map->p = NULL;
}

/* ---------------------------------------------------------------- output */

/*
 * Exact where it is short: 2046 MiB rather than 2.0 GiB; a size that is
 * exact only in a long count of small units gets one decimal instead.
 */
void mr_cli_fmt_size(char *buf, size_t len, uint64_t n)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	unsigned int u = 0, e;

	while (u + 1 < MR_ARRAY_SIZE(units) && n >> (10 * (u + 1)))
		u++;
	for (e = u; e > 0 && (n & ((1ULL << (10 * e)) - 1)); e--)
		;
	if (e == u || (n >> (10 * e)) <= 9999)
		snprintf(buf, len, "%" PRIu64 " %s", n >> (10 * e), units[e]);
	else
		snprintf(buf, len, "%.1f %s", (double)n / (double)(1ULL << (10 * u)), units[u]);
}

/*
 * log2 without libm: the virtual-machine suite links the tool statically
 * from its sources alone. The mantissa's logarithm comes from the atanh
 * series, z <= 1/3, so twenty terms are exact to the last bit that matters
 * for a picture.
 */
double mr_cli_log2(double v)
{
	const double ln2 = 0.69314718055994530942;
	double m, z, z2, term, sum = 0;
	uint64_t bits;
	int e, k;

	if (!(v > 0))
		return -1e300;
	memcpy(&bits, &v, sizeof(bits));
	e = (int)((bits >> 52) & 0x7ff);
	if (e == 0x7ff)
		return 1e300;
	if (e == 0) /* subnormal: scale into the normal range first */
		return mr_cli_log2(v * 4503599627370496.0) - 52;
	bits = (bits & ((1ULL << 52) - 1)) | (1023ULL << 52);
	memcpy(&m, &bits, sizeof(m));
	z = (m - 1) / (m + 1);
	z2 = z * z;
	for (k = 1, term = z; k < 40; k += 2, term *= z2)
		sum += term / k;
	return (e - 1023) + 2 * sum / ln2;
}

const char *mr_cli_errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}
