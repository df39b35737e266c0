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
	mr_json_u64(j, "start", map->phys);
	mr_json_u64(j, "size", map->size);
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
	static const struct option opts[] = {
		MR_CLI_OPT_MACHINE,
		MR_CLI_OPT_HELP,
		MR_CLI_OPT_JSON,
		{"width", required_argument, NULL, 'w'},
		{"count", required_argument, NULL, 'n'},
		{"type", required_argument, NULL, 't'},
		MR_CLI_OPT_END,
	};
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv, "m:hjw:n:t:", opts)) != -1) {
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
	if (!mr_cli_number(c, "address", argv[optind], &a->addr))
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

int mr_cli_read(struct mr_cli *c, int argc, char **argv)
{
	struct mr_read_args a = {.width = 32, .count = 1};
	struct mr_cli_map map;
	uint64_t *v, i;
	int ret;

	if (!mr_read_parse(c, argc, argv, &a))
		return c->ret;
#ifdef MR_CLI_REGS
	if (a.name)
		return mr_cli_regs_read(c, a.name, a.type);
#endif
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

/* ----------------------------------------------------------------- write */

struct mr_write_args {
	uint64_t addr;
	unsigned int width;
	unsigned long type;
	bool readback, verify, sized;
	uint64_t *values;
	size_t n;
	const char *name, *value; /* NAME=VALUE or NAME VALUE instead of ADDR */
};

static bool mr_write_parse(struct mr_cli *c, int argc, char **argv, struct mr_write_args *a)
{
	static const struct option opts[] = {
		MR_CLI_OPT_MACHINE,
		MR_CLI_OPT_HELP,
		MR_CLI_OPT_JSON,
		{"width", required_argument, NULL, 'w'},
		{"type", required_argument, NULL, 't'},
		{"no-readback", no_argument, NULL, 'N'},
		{"verify", no_argument, NULL, 'V'},
		MR_CLI_OPT_END,
	};
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv, "m:hjw:t:NV", opts)) != -1) {
		if (opt == MR_CLI_STOP || (opt == 'w' && !mr_cli_width(c, optarg, &a->width)) ||
		    (opt == 't' && !mr_cli_type(c, optarg, &a->type)))
			return false;
		a->readback = a->readback && opt != 'N';
		a->verify = a->verify || opt == 'V';
		a->sized = a->sized || opt == 'w';
	}
	if (optind < argc && mr_cli_regname(argv[optind])) {
		if (!mr_cli_operands(c, argc, argv, 1, 2))
			return false;
		a->name = argv[optind];
		a->value = optind + 1 < argc ? argv[optind + 1] : NULL;
		if (a->sized)
			mr_cli_usage_error(c, "%s: a register's description gives its width",
					   a->name);
		return !a->sized;
	}
	if (a->verify && !a->readback) {
		mr_cli_usage_error(c, "--verify needs the read-back that --no-readback turns off");
		return false;
	}
	if (!mr_cli_operands(c, argc, argv, 2, argc) ||
	    !mr_cli_number(c, "address", argv[optind], &a->addr))
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
	mr_json_array(&j, "written");
	for (i = 0; i < a->n; i++)
		mr_json_u64(&j, NULL, a->values[i]);
	mr_json_end(&j);
	if (a->readback) {
		mr_json_array(&j, "readback");
		for (i = 0; i < a->n; i++)
			mr_json_u64(&j, NULL, back[i]);
		mr_json_end(&j);
	} else {
		mr_json_null(&j, "readback");
	}
	mr_json_finish(&j);
}

int mr_cli_write(struct mr_cli *c, int argc, char **argv)
{
	struct mr_write_args a = {.width = 32, .readback = true};
	struct mr_cli_map map;
	uint64_t *back = NULL;
	int ret;

	if (!mr_write_parse(c, argc, argv, &a))
		return c->ret;
#ifdef MR_CLI_REGS
	if (a.name)
		return mr_cli_regs_write(c, a.name, a.value, a.type, a.verify);
#endif
	if (!mr_write_values(c, argc, argv, &a)) {
		free(a.values);
		return c->ret;
	}
	back = calloc(a.n, sizeof(*back));
	ret = back ? mr_cli_machine_open(c) : mr_cli_fail(c, "out of memory");
	if (!ret)
		ret = mr_cli_map(c, &map, a.addr, (uint64_t)a.n * (a.width / 8), a.type);
	if (!ret) {
		ret = mr_write_do(c, &a, &map, back);
		mr_write_report(c, &a, &map, back);
		mr_cli_unmap(&map);
	}
	free(back);
	free(a.values);
	return ret;
}
