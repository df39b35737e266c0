// SPDX-License-Identifier: MIT
/*
 * `memremap read` and `memremap write`: what devmem, devmem2 and pcimem do,
 * one access of an exact width per value, through memremap and its rules.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "mmio.h"
#include "regs.h"

static void mr_access_json_head(struct mr_json *j, struct mr_cli *c, const struct mr_cli_map *map,
				unsigned int width)
{
	mr_cli_json_machine(j, c->m);
	mr_json_addr(j, "start", map->phys);
	mr_json_addr(j, "size", map->size);
	mr_json_u64(j, "width", width);
	mr_json_str(j, "type", mr_cli_type_name(map->type));
	mr_json_str(j, "how", map->info.how);
}

/* ------------------------------------------------------------------ read */

struct mr_read_args {
	uint64_t addr, count;
	unsigned int width;
	unsigned long type;
	const char *name; /* a register name instead of ADDR */
	bool sized;	  /* --width or --count given */
};

static bool mr_read_parse(struct mr_cli *c, int argc, char **argv, struct mr_read_args *a)
{
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP || (opt == 'w' && !mr_cli_width(c, optarg, &a->width)) ||
		    (opt == 'n' && !mr_cli_number(c, "count", optarg, &a->count)) ||
		    (opt == 't' && !mr_cli_type(c, optarg, &a->type)))
			return false;
		a->sized = a->sized || opt == 'w' || opt == 'n';
	}
	if (!mr_cli_operands(c, argc, argv, 1, 1))
		return false;
	if (mr_cli_regname(argv[optind])) {
		a->name = argv[optind];
		if (a->sized)
			mr_cli_usage_error(c, "%s: a register's description gives its width",
					   a->name);
		return !a->sized;
	}
	if (!mr_cli_address(c, "address", argv[optind], &a->addr, NULL))
		return false;
	if (!a->count) {
		mr_cli_usage_error(c, "bad count '0': read at least one value");
		return false;
	}
	if (a->count > SIZE_MAX / 8) {
		mr_cli_usage_error(c, "bad count %" PRIu64 ": too many values", a->count);
		return false;
	}
	return mr_cli_aligned(c, a->addr, 0, a->width) &&
	       mr_cli_range(c, a->addr, a->count * (a->width / 8));
}

static void mr_read_text(const struct mr_read_args *a, const uint64_t *v)
{
	unsigned int bytes = a->width / 8, per_row = 16 / bytes;
	uint64_t i;

	if (a->count == 1) {
		printf("0x%0*" PRIx64 "\n", (int)bytes * 2, v[0]);
		return;
	}
	for (i = 0; i < a->count; i++) {
		if (i % per_row == 0)
			printf("%s%0*" PRIx64 ":", i ? "\n" : "", 8, a->addr + i * bytes);
		printf(" %0*" PRIx64, (int)bytes * 2, v[i]);
	}
	printf("\n");
}

static void mr_read_json(struct mr_cli *c, const struct mr_cli_map *map,
			 const struct mr_read_args *a, const uint64_t *v)
{
	struct mr_json j;
	uint64_t i;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_access_json_head(&j, c, map, a->width);
	mr_json_u64(&j, "count", a->count);
	mr_json_array(&j, "values");
	for (i = 0; i < a->count; i++)
		mr_json_u64(&j, NULL, v[i]);
	mr_json_end(&j);
	mr_json_array(&j, "hex");
	for (i = 0; i < a->count; i++)
		mr_json_hex(&j, NULL, v[i]);
	mr_json_end(&j);
	mr_json_finish(&j);
}

static int mr_cli_read(struct mr_cli *c, int argc, char **argv)
{
	struct mr_read_args a = {.width = 32, .count = 1};
	struct mr_cli_map map;
	uint64_t *v, i;
	int ret;

	if (!mr_read_parse(c, argc, argv, &a))
		return c->ret;
	if (a.name)
		return mr_cli_regs_read(c, a.name, a.type);
	v = calloc((size_t)a.count, sizeof(*v));
	if (!v)
		return mr_cli_fail(c, "out of memory for %" PRIu64 " values", a.count);
	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &map, a.addr, a.count * (a.width / 8), a.type);
	if (ret) {
		free(v);
		return ret;
	}
	for (i = 0; i < a.count; i++)
		v[i] = mr_cli_readx((char *)map.p + i * (a.width / 8), a.width);
	if (c->json)
		mr_read_json(c, &map, &a, v);
	else
		mr_read_text(&a, v);
	mr_cli_unmap(&map);
	free(v);
	return MR_EXIT_OK;
}

static const struct mr_cli_opt mr_read_opts[] = {
	{"width", 'w', "W", "access width in bits (default 32)"},
	{"count", 'n', "N", "number of consecutive values (default 1)"},
	{"type", 't', "T", "cache type (default: wb for System RAM, dev elsewhere)"},
	{"json", 'j', NULL, "JSON output"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_read = {
	.name = "read",
	.summary = "read values of 8, 16, 32 or 64 bits",
	.synopsis = "ADDR [--width 8|16|32|64] [--count N] [--type wb|wt|wc|dev] [--json]",
	.about = "Read COUNT values of WIDTH bits (default 32, one value), each with one access\n"
		 "of exactly that width. ADDR must be aligned for the width.\n"
#ifdef MR_CLI_REGS
		 "With register descriptions (see 'memremap --help'), ADDR may be a name:\n"
		 "BLOCK.REG or BLOCK.REG:FIELD, or a glob (edu.*). The description gives the\n"
		 "width; the value is shown with its fields and their named values.\n"
#endif
	,
	.opts = mr_read_opts,
	.run = mr_cli_read,
};

/* ----------------------------------------------------------------- write */

/* --verify has no letter: -V is --version everywhere. */
#define MR_WRITE_VERIFY (MR_CLI_LONG + 1)
#define MR_WRITE_SET	(MR_CLI_LONG + 2)
#define MR_WRITE_CLEAR	(MR_CLI_LONG + 3)
#define MR_WRITE_MASK	(MR_CLI_LONG + 4)

struct mr_write_args {
	uint64_t addr;
	unsigned int width;
	unsigned long type;
	bool readback, verify;
	uint64_t *values;
	size_t n;
	const char *name, *value; /* NAME=VALUE or NAME VALUE instead of ADDR */
	bool sized;		  /* --width given */
	/* Read-modify-write: the bits of @mask become those of @bits. */
	bool rmw;
	const char *set, *clear, *mask; /* the option values, parsed once the width is known */
	uint64_t rmw_mask, rmw_bits;
};

/* One of --set, --clear, --mask, a number that fits the width. */
static bool mr_write_bits(struct mr_cli *c, const char *what, const char *s, unsigned int width,
			  uint64_t *out)
{
	if (!s) {
		*out = 0;
		return true;
	}
	if (!mr_cli_number(c, what, s, out))
		return false;
	if (!mr__num_fits(*out, width)) {
		mr_cli_usage_error(c, "%s '%s' does not fit in %u bits", what, s, width);
		return false;
	}
	return true;
}

/*
 * --set BITS and --clear BITS take no VALUE; --mask MASK takes one, whose
 * bits must lie inside MASK. They combine: one read, one write in all.
 */
static bool mr_write_rmw(struct mr_cli *c, int argc, char **argv, struct mr_write_args *a)
{
	uint64_t set, clear, mask, value = 0;

	if (!mr_write_bits(c, "--set bits", a->set, a->width, &set) ||
	    !mr_write_bits(c, "--clear bits", a->clear, a->width, &clear) ||
	    !mr_write_bits(c, "--mask", a->mask, a->width, &mask))
		return false;
	if (set & clear) {
		mr_cli_usage_error(c, "--set 0x%" PRIx64 " and --clear 0x%" PRIx64 " share bits",
				   set, clear);
		return false;
	}
	if (a->verify) {
		mr_cli_usage_error(c, "--verify needs a read-back, and a read-modify-write "
				      "reads only once");
		return false;
	}
	if (!mr_cli_operands(c, argc, argv, a->mask ? 2 : 1, a->mask ? 2 : 1) ||
	    !mr_cli_address(c, "address", argv[optind], &a->addr, NULL) ||
	    (a->mask && !mr_write_bits(c, "value", argv[optind + 1], a->width, &value)))
		return false;
	if (value & ~mask) {
		mr_cli_usage_error(c, "value 0x%" PRIx64 " has bits outside --mask 0x%" PRIx64,
				   value, mask);
		return false;
	}
	a->rmw_mask = mask | set | clear;
	a->rmw_bits = value | set;
	a->readback = false;
	return mr_cli_aligned(c, a->addr, 0, a->width) && mr_cli_range(c, a->addr, a->width / 8);
}

static bool mr_write_parse(struct mr_cli *c, int argc, char **argv, struct mr_write_args *a)
{
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP || (opt == 'w' && !mr_cli_width(c, optarg, &a->width)) ||
		    (opt == 't' && !mr_cli_type(c, optarg, &a->type)))
			return false;
		a->readback = a->readback && opt != 'N';
		a->verify = a->verify || opt == MR_WRITE_VERIFY;
		a->sized = a->sized || opt == 'w';
		if (opt == MR_WRITE_SET || opt == MR_WRITE_CLEAR || opt == MR_WRITE_MASK) {
			const char **slot = opt == MR_WRITE_SET	    ? &a->set
					    : opt == MR_WRITE_CLEAR ? &a->clear
								    : &a->mask;

			if (*slot) {
				mr_cli_usage_error(c, "%s given twice", argv[optind - 1]);
				return false;
			}
			*slot = optarg;
			a->rmw = true;
		}
	}
	if (optind < argc && mr_cli_regname(argv[optind])) {
		if (a->rmw || a->sized) {
			mr_cli_usage_error(c,
					   "%s: a register's description gives its width and its "
					   "fields (no --width, --set, --clear or --mask)",
					   argv[optind]);
			return false;
		}
		if (!mr_cli_operands(c, argc, argv, 1, 2))
			return false;
		a->name = argv[optind];
		a->value = optind + 1 < argc ? argv[optind + 1] : NULL;
		return true;
	}
	if (a->rmw)
		return mr_write_rmw(c, argc, argv, a);
	if (a->verify && !a->readback) {
		mr_cli_usage_error(c, "--verify needs the read-back that --no-readback turns off");
		return false;
	}
	if (!mr_cli_operands(c, argc, argv, 2, argc) ||
	    !mr_cli_address(c, "address", argv[optind], &a->addr, NULL))
		return false;
	return true;
}

/* Every value is checked before anything is written. */
static bool mr_write_values(struct mr_cli *c, int argc, char **argv, struct mr_write_args *a)
{
	int i;

	a->n = (size_t)(argc - optind - 1);
	a->values = calloc(a->n, sizeof(*a->values));
	if (!a->values) {
		mr_cli_fail(c, "out of memory");
		return false;
	}
	for (i = optind + 1; i < argc; i++) {
		uint64_t *v = &a->values[i - optind - 1];

		if (!mr_cli_number(c, "value", argv[i], v))
			return false;
		if (!mr__num_fits(*v, a->width)) {
			mr_cli_usage_error(c, "value '%s' does not fit in %u bits", argv[i],
					   a->width);
			return false;
		}
	}
	return mr_cli_aligned(c, a->addr, 0, a->width) &&
	       mr_cli_range(c, a->addr, (uint64_t)a->n * (a->width / 8));
}

static int mr_write_do(struct mr_cli *c, struct mr_write_args *a, const struct mr_cli_map *map,
		       uint64_t *back)
{
	unsigned int bytes = a->width / 8;
	int ret = MR_EXIT_OK;
	size_t i;

	for (i = 0; i < a->n; i++) {
		volatile void *p = (char *)map->p + i * bytes;

		mr_cli_writex(p, a->width, a->values[i]);
		if (a->readback)
			back[i] = mr_cli_readx(p, a->width);
		if (a->verify && back[i] != a->values[i]) {
			mr_cli_fail(c,
				    "0x%" PRIx64 ": wrote 0x%" PRIx64 " but read back 0x%" PRIx64,
				    a->addr + i * bytes, a->values[i], back[i]);
			ret = MR_EXIT_FAIL;
		}
	}
	return ret;
}

/* KEY: the values as numbers, KEY_hex: as hex text. */
static void mr_write_json_values(struct mr_json *j, const char *key, const uint64_t *v, size_t n)
{
	char hex_key[32];
	size_t i;

	mr_json_array(j, key);
	for (i = 0; i < n; i++)
		mr_json_u64(j, NULL, v[i]);
	mr_json_end(j);
	snprintf(hex_key, sizeof(hex_key), "%s_hex", key);
	mr_json_array(j, hex_key);
	for (i = 0; i < n; i++)
		mr_json_hex(j, NULL, v[i]);
	mr_json_end(j);
}

static void mr_write_report(struct mr_cli *c, const struct mr_write_args *a,
			    const struct mr_cli_map *map, const uint64_t *back)
{
	int digits = (int)a->width / 4;
	struct mr_json j;
	size_t i;

	if (!c->json) {
		for (i = 0; i < a->n; i++) {
			printf("0x%08" PRIx64 ": wrote 0x%0*" PRIx64, a->addr + i * (a->width / 8),
			       digits, a->values[i]);
			if (a->readback)
				printf(", read back 0x%0*" PRIx64, digits, back[i]);
			printf("\n");
		}
		return;
	}
	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_access_json_head(&j, c, map, a->width);
	mr_write_json_values(&j, "written", a->values, a->n);
	if (a->readback) {
		mr_write_json_values(&j, "readback", back, a->n);
	} else {
		mr_json_null(&j, "readback");
		mr_json_null(&j, "readback_hex");
	}
	mr_json_finish(&j);
}

static void mr_write_rmw_report(struct mr_cli *c, const struct mr_write_args *a,
				const struct mr_cli_map *map, uint64_t old, uint64_t new)
{
	int digits = (int)a->width / 4;
	struct mr_json j;

	if (!c->json) {
		printf("0x%08" PRIx64 ": read 0x%0*" PRIx64 ", wrote 0x%0*" PRIx64 "\n", a->addr,
		       digits, old, digits, new);
		return;
	}
	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_access_json_head(&j, c, map, a->width);
	mr_json_u64(&j, "mask", a->rmw_mask);
	mr_json_hex(&j, "mask_hex", a->rmw_mask);
	mr_json_u64(&j, "bits", a->rmw_bits);
	mr_json_hex(&j, "bits_hex", a->rmw_bits);
	mr_json_u64(&j, "read", old);
	mr_json_hex(&j, "read_hex", old);
	mr_json_u64(&j, "written", new);
	mr_json_hex(&j, "written_hex", new);
	mr_json_finish(&j);
}

/* One read and one write of the width asked, nothing else on the mapping. */
static int mr_write_rmw_run(struct mr_cli *c, const struct mr_write_args *a)
{
	struct mr_cli_map map;
	uint64_t old;
	int ret;

	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &map, a->addr, a->width / 8, a->type);
	if (ret)
		return ret;
	mr_cli_writing(c);
	old = mr_cli_rmw(map.p, a->width, a->rmw_mask, a->rmw_bits);
	mr_write_rmw_report(c, a, &map, old, (old & ~a->rmw_mask) | a->rmw_bits);
	mr_cli_unmap(&map);
	return MR_EXIT_OK;
}

static int mr_cli_write(struct mr_cli *c, int argc, char **argv)
{
	struct mr_write_args a = {.width = 32, .readback = true};
	struct mr_cli_map map;
	uint64_t *back = NULL;
	int ret;

	if (!mr_write_parse(c, argc, argv, &a))
		return c->ret;
	if (a.name)
		return mr_cli_regs_write(c, a.name, a.value, a.type, a.verify);
	if (a.rmw)
		return mr_write_rmw_run(c, &a);
	if (!mr_write_values(c, argc, argv, &a)) {
		free(a.values);
		return c->ret;
	}
	back = calloc(a.n, sizeof(*back));
	ret = back ? mr_cli_machine_open(c) : mr_cli_fail(c, "out of memory");
	if (!ret)
		ret = mr_cli_map(c, &map, a.addr, (uint64_t)a.n * (a.width / 8), a.type);
	if (!ret) {
		mr_cli_writing(c);
		ret = mr_write_do(c, &a, &map, back);
		mr_write_report(c, &a, &map, back);
		mr_cli_unmap(&map);
	}
	free(back);
	free(a.values);
	return ret;
}

static const struct mr_cli_opt mr_write_opts[] = {
	{"width", 'w', "W", "access width in bits (default 32)"},
	{"type", 't', "T", "cache type (default: wb for System RAM, dev elsewhere)"},
	{"no-readback", 'N', NULL, "do not read back (registers whose reads have side effects)"},
	{"verify", MR_WRITE_VERIFY, NULL, "fail (exit 1) when a value reads back different"},
	{"set", MR_WRITE_SET, "BITS", "read-modify-write: set BITS (no VALUE)"},
	{"clear", MR_WRITE_CLEAR, "BITS", "read-modify-write: clear BITS (no VALUE)"},
	{"mask", MR_WRITE_MASK, "MASK",
	 "read-modify-write: the bits of MASK become those of VALUE\n"
	 "(--set, --clear, --mask combine; one read and one write of\n"
	 "WIDTH bits in all, no read-back)"},
	{"json", 'j', NULL, "JSON output"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_write = {
	.name = "write",
	.summary = "write values, reading each back",
	.synopsis = "ADDR VALUE... [--width 8|16|32|64] [--type T] [--no-readback] [--verify] "
		    "[--json]\n"
		    "       memremap write ADDR [--set BITS] [--clear BITS] [--mask MASK VALUE] "
		    "[--width W] [--json]",
	.about = "Write each VALUE to consecutive elements of WIDTH bits starting at ADDR, one\n"
		 "access each, and read each back right after writing it. Every VALUE is\n"
		 "checked before anything is written.\n"
#ifdef MR_CLI_REGS
		 "With register descriptions, 'write NAME=VALUE' (or NAME VALUE) writes a\n"
		 "register (BLOCK.REG) whole, or a field (BLOCK.REG:FIELD) by one read and one\n"
		 "write of its register, the other bits kept (W1C and W1S bits written 0,\n"
		 "write-only bits their reset value). VALUE may name an enumerated value. A\n"
		 "name is not read back unless --verify.\n"
#endif
	,
	.opts = mr_write_opts,
	.run = mr_cli_write,
};
