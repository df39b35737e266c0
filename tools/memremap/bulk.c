// SPDX-License-Identifier: MIT
/*
 * `memremap dump`, `load`, `fill` and `copy`: whole ranges, a chunk at a
 * time so that the progress bar moves. Every input is checked, and every
 * mapping made, before the first byte is written.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <memremap/io.h>

#include "cli.h"
#include "regs.h"
#include "json.h"
#include "mmio.h"

/* Options shared by the bulk subcommands. */
struct mr_bulk {
	unsigned int width; /* 0: the copy routine of the cache type */
	unsigned long type;
	unsigned long src_type, dst_type; /* copy */
	const char *output;		  /* dump -o */
	bool all;			  /* dump -a: no '*' folding */
	bool read_clear;		  /* dump BLOCK --read-clear */
};

#define MR_DUMP_READ_CLEAR (MR_CLI_LONG + 1)

#define MR_BULK_OPT_TYPE                                                                   \
	{                                                                                  \
		"type", 't', "T", "cache type (default: wb for System RAM, dev elsewhere)" \
	}
#define MR_BULK_OPT_NOPROG                                  \
	{                                                   \
		"no-progress", 'P', NULL, "no progress bar" \
	}

/* The options of the four commands; each lists those it takes. */
static bool mr_bulk_opts(struct mr_cli *c, int argc, char **argv, struct mr_bulk *b)
{
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP)
			return false;
		if ((opt == 'w' && !mr_cli_width(c, optarg, &b->width)) ||
		    (opt == 't' && !mr_cli_type(c, optarg, &b->type)) ||
		    (opt == 'S' && !mr_cli_type(c, optarg, &b->src_type)) ||
		    (opt == 'D' && !mr_cli_type(c, optarg, &b->dst_type)))
			return false;
		if (opt == 'o')
			b->output = optarg;
		b->all = b->all || opt == 'a';
		b->read_clear = b->read_clear || opt == MR_DUMP_READ_CLEAR;
	}
	return true;
}

static void mr_bulk_json_head(struct mr_json *j, struct mr_cli *c, const struct mr_cli_map *map)
{
	mr_json_init(j, stdout);
	mr_json_object(j, NULL);
	mr_cli_json_machine(j, c->m);
	mr_json_addr(j, "start", map->phys);
	mr_json_addr(j, "size", map->size);
	mr_json_str(j, "type", mr_cli_type_name(map->type));
	mr_json_str(j, "how", map->info.how);
}

/* Copy @n bytes out of the mapping, with accesses of @width bits if set. */
static void mr_bulk_read(void *dst, const char *src, size_t n, const struct mr_bulk *b)
{
	size_t i, bytes = b->width / 8;
	uint64_t v;

	if (!b->width) {
		mr_cli_copy_from(dst, src, n);
		return;
	}
	for (i = 0; i < n; i += bytes) {
		v = mr_cli_readx(src + i, b->width);
		memcpy((char *)dst + i, &v, bytes); /* little-endian hosts */
	}
}

/* ------------------------------------------------------------------ dump */

struct mr_hexdump {
	FILE *out;
	int digits;
	unsigned int bytes; /* of each value shown: 1, or the --width in bytes */
	bool all, starred, have_prev;
	unsigned char prev[16];
};

/*
 * One line as 'hexdump -C' prints it, with @addr instead of an offset; with
 * --width, the line's values are words of that width (little-endian, as
 * they were read) instead of bytes, as memtool's md -w/-l/-q shows them.
 */
static void mr_hexdump_line(struct mr_hexdump *h, uint64_t addr, const unsigned char *p, size_t n)
{
	size_t i, k;
	uint64_t v;

	if (n == 16 && h->have_prev && !h->all && !memcmp(p, h->prev, 16)) {
		if (!h->starred)
			fputs("*\n", h->out);
		h->starred = true;
		return;
	}
	h->starred = false;
	h->have_prev = n == 16;
	memcpy(h->prev, p, n);
	fprintf(h->out, "%0*" PRIx64 " ", h->digits, addr);
	for (i = 0; i < 16; i += h->bytes) {
		if (i == 8)
			fputc(' ', h->out);
		if (i >= n) {
			fprintf(h->out, "%*s", (int)(2 * h->bytes + 1), "");
			continue;
		}
		for (k = h->bytes, v = 0; k-- > 0;)
			v = v << 8 | p[i + k];
		fprintf(h->out, " %0*" PRIx64, (int)(2 * h->bytes), v);
	}
	fputs("  |", h->out);
	for (i = 0; i < n; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.', h->out);
	fputs("|\n", h->out);
}

struct mr_dump_out {
	FILE *raw; /* -o FILE */
	struct mr_cli_out file;
	struct mr_hexdump hex;
	struct mr_json *json;
};

static void mr_dump_emit(struct mr_dump_out *o, uint64_t addr, const unsigned char *buf, size_t n)
{
	size_t i;

	if (o->raw) {
		fwrite(buf, 1, n, o->raw);
		return;
	}
	if (o->json) {
		for (i = 0; i < n; i++)
			fprintf(stdout, "%02x", buf[i]);
		return;
	}
	for (i = 0; i < n; i += 16)
		mr_hexdump_line(&o->hex, addr + i, buf + i, n - i < 16 ? n - i : 16);
}

static int mr_dump_run(struct mr_cli *c, const struct mr_bulk *b, const struct mr_cli_map *map,
		       struct mr_dump_out *o)
{
	unsigned char *buf = malloc(MR_CLI_CHUNK);
	struct mr_cli_progress p;
	size_t done, n;

	if (!buf)
		return mr_cli_fail(c, "out of memory");
	mr_cli_progress_start(c, &p, "dump", map->size);
	for (done = 0; done < map->size; done += n) {
		n = map->size - done < MR_CLI_CHUNK ? map->size - done : MR_CLI_CHUNK;
		mr_bulk_read(buf, (const char *)map->p + done, n, b);
		mr_dump_emit(o, map->phys + done, buf, n);
		mr_cli_progress_update(&p, done + n);
		/* Output lost: reading on would only be lost too (reported at the close). */
		if (ferror(o->raw ? o->raw : stdout))
			break;
	}
	mr_cli_progress_end(&p);
	free(buf);
	if (!o->raw && !o->json)
		fprintf(stdout, "%0*" PRIx64 "\n", o->hex.digits, map->phys + map->size);
	return MR_EXIT_OK;
}

static int mr_dump_to(struct mr_cli *c, const struct mr_bulk *b, const struct mr_cli_map *map)
{
	struct mr_dump_out o = {0};
	struct mr_json j;
	int ret;

	o.hex.out = stdout;
	o.hex.all = b->all;
	o.hex.bytes = b->width ? b->width / 8 : 1;
	/* As hexdump -C: 8 digits, more only when the addresses need them. */
	o.hex.digits = 8;
	while (o.hex.digits < 16 && (map->phys + map->size) >> (4 * o.hex.digits))
		o.hex.digits++;
	if (b->output) {
		o.raw = mr_cli_out_open(c, &o.file, b->output);
		if (!o.raw)
			return MR_EXIT_FAIL;
	} else if (c->json) {
		mr_bulk_json_head(&j, c, map);
		mr_json_raw(&j, "data");
		fputc('"', stdout);
		o.json = &j;
	}
	ret = mr_dump_run(c, b, map, &o);
	if (o.json) {
		fputc('"', stdout);
		mr_json_finish(&j);
	}
	if (o.raw)
		ret = mr_cli_out_close(c, &o.file, ret);
	if (!ret && o.raw && c->json) {
		mr_bulk_json_head(&j, c, map);
		mr_json_str(&j, "output", b->output);
		mr_json_finish(&j);
	}
	return ret;
}

static int mr_cli_dump(struct mr_cli *c, int argc, char **argv)
{
	struct mr_bulk b = {0};
	struct mr_cli_map map;
	uint64_t addr, size;
	int ret;

	if (!mr_bulk_opts(c, argc, argv, &b) || !mr_cli_operands(c, argc, argv, 1, 2))
		return c->ret;
	/* A register block or pattern: its registers as a table. */
	if (argc - optind == 1 && mr_cli_regs_dumpname(c, argv[optind]))
		return mr_cli_regs_dump(c, argv[optind], b.type, b.read_clear);
	if (!mr_cli_region(c, argv + optind, argc - optind, &addr, &size) ||
	    (b.width && !mr_cli_aligned(c, addr, size, b.width)) || !mr_cli_range(c, addr, size))
		return c->ret;
	if (c->json && b.output && !strcmp(b.output, "-"))
		return mr_cli_usage_error(c, "--json and '-o -' would share stdout");
	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &map, addr, size, b.type);
	if (ret)
		return ret;
	ret = mr_dump_to(c, &b, &map);
	mr_cli_unmap(&map);
	return ret;
}

static const struct mr_cli_opt mr_dump_opts[] = {
	{"output", 'o', "FILE", "write the raw bytes to FILE ('-': stdout)"},
	{"width", 'w', "W",
	 "read with accesses of exactly W bits and show W-bit values\n"
	 "(default: bytes, read by the copy routine for the cache type)"},
	MR_BULK_OPT_TYPE,
	{"all", 'a', NULL, "do not fold repeated lines into '*'"},
	{"json", 'j', NULL, "JSON: the range, type, path and the bytes in hex"},
	MR_BULK_OPT_NOPROG,
#ifdef MR_CLI_REGS
	{"read-clear", MR_DUMP_READ_CLEAR, NULL,
	 "dump BLOCK: read the registers a read clears too"},
#endif
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_dump = {
	.name = "dump",
	.summary = "dump a range as hexdump -C text, or raw to a file",
	.synopsis = "ADDR SIZE [-o FILE] [--width W] [--type T] [--all] [--json]",
	.about = "Show SIZE bytes at ADDR as 'hexdump -C' does (with physical addresses), or\n"
		 "write them raw to FILE.\n"
#ifdef MR_CLI_REGS
		 "With register descriptions, 'dump BLOCK' (or a pattern, edu.*) prints the\n"
		 "block's registers as a table instead, each read once, its fields decoded;\n"
		 "write-only registers and those a read clears are not read.\n"
#endif
	,
	.opts = mr_dump_opts,
	.run = mr_cli_dump,
};

/* ------------------------------------------------------------------ load */

/*
 * The most load reads: the whole file is held in memory before anything is
 * written, and a stream that never ends (/dev/zero, a pipe left open) must
 * end in an error, not in the out-of-memory killer.
 */
#define MR_LOAD_MAX (256ULL << 20)

/* A file that says it is larger than the cap is refused before a byte is read. */
static bool mr_load_too_big(struct mr_cli *c, const char *path, FILE *f)
{
	struct stat st;
	char size[32];

	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size <= MR_LOAD_MAX)
		return false;
	mr_cli_fmt_size(size, sizeof(size), (uint64_t)st.st_size);
	mr_cli_usage_error(c, "'%s' holds %s: load takes 256 MiB at most", path, size);
	return true;
}

/* The whole file, read before anything is mapped or written. */
static int mr_load_file(struct mr_cli *c, const char *path, unsigned char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0, got;
	unsigned char *buf = NULL, *p;

	if (!f)
		return mr_cli_fail(c, "cannot read '%s': %s", path, strerror(errno));
	if (mr_load_too_big(c, path, f)) {
		if (f != stdin)
			fclose(f);
		return c->ret;
	}
	do {
		if (n > MR_LOAD_MAX) {
			free(buf);
			if (f != stdin)
				fclose(f);
			return mr_cli_usage_error(
				c, "'%s' goes on past 256 MiB: load takes 256 MiB at most", path);
		}
		if (n == cap || !buf) {
			/* Room for one byte past the cap, to tell a file of exactly the cap. */
			cap = buf ? (cap * 2 > MR_LOAD_MAX ? MR_LOAD_MAX + 1 : cap * 2) : cap;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				if (f != stdin)
					fclose(f);
				return mr_cli_fail(c, "'%s' does not fit in memory", path);
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		free(buf);
		if (f != stdin)
			fclose(f);
		return mr_cli_fail(c, "cannot read '%s': %s", path, strerror(errno));
	}
	if (f != stdin)
		fclose(f);
	*data = buf;
	*len = n;
	return MR_EXIT_OK;
}

/*
 * Write @n bytes of @src at offset @off of the mapping, with accesses of
 * @width bits if set.
 */
static void mr_bulk_write(const struct mr_cli_map *map, size_t off, const unsigned char *src,
			  size_t n, const struct mr_bulk *b)
{
	size_t i, bytes = b->width / 8;
	char *dst = (char *)map->p + off;
	uint64_t v = 0;

	if (!b->width) {
		mr_cli_copy_to(dst, src, n, map->durable);
		return;
	}
	for (i = 0; i < n; i += bytes) {
		memcpy(&v, src + i, bytes);
		mr_cli_writex(dst + i, b->width, v);
	}
}

static void mr_bulk_report(struct mr_cli *c, const struct mr_cli_map *map, const char *verb,
			   const char *what, const char *key, const char *value)
{
	struct mr_json j;
	char size[32];

	if (c->json) {
		mr_bulk_json_head(&j, c, map);
		mr_json_str(&j, key, value);
		mr_json_finish(&j);
		return;
	}
	mr_cli_fmt_size(size, sizeof(size), map->size);
	printf("%s " MR_CLI_MEM " (%s) %s, as %s via %s\n", verb, map->phys,
	       map->phys + map->size - 1, size, what, mr_cli_type_name(map->type), map->info.how);
}

static void mr_load_copy(struct mr_cli *c, const struct mr_cli_map *map, const unsigned char *data)
{
	struct mr_cli_progress p;
	const struct mr_bulk b = {0};
	size_t done, n;

	mr_cli_progress_start(c, &p, "load", map->size);
	for (done = 0; done < map->size; done += n) {
		n = map->size - done < MR_CLI_CHUNK ? map->size - done : MR_CLI_CHUNK;
		mr_bulk_write(map, done, data + done, n, &b);
		mr_cli_progress_update(&p, done + n);
	}
	mr_cli_progress_end(&p);
}

static int mr_cli_load(struct mr_cli *c, int argc, char **argv)
{
	struct mr_bulk b = {0};
	unsigned char *data = NULL;
	struct mr_cli_map map;
	char what[600];
	uint64_t addr;
	size_t len = 0;
	int ret;

	if (!mr_bulk_opts(c, argc, argv, &b) || !mr_cli_operands(c, argc, argv, 2, 2) ||
	    !mr_cli_address(c, "address", argv[optind], &addr, NULL))
		return c->ret;
	ret = mr_load_file(c, argv[optind + 1], &data, &len);
	if (ret)
		return ret;
	if (!len || !mr_cli_range(c, addr, len)) {
		free(data);
		return len ? c->ret : mr_cli_usage_error(c, "'%s' is empty", argv[optind + 1]);
	}
	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &map, addr, len, b.type);
	if (!ret) {
		mr_cli_writing(c);
		mr_load_copy(c, &map, data);
		snprintf(what, sizeof(what), "from '%s'", argv[optind + 1]);
		mr_bulk_report(c, &map, "loaded", what, "file", argv[optind + 1]);
		mr_cli_unmap(&map);
	}
	free(data);
	return ret;
}

static const struct mr_cli_opt mr_load_opts[] = {
	MR_BULK_OPT_TYPE,
	{"json", 'j', NULL, "JSON report"},
	MR_BULK_OPT_NOPROG,
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_load = {
	.name = "load",
	.summary = "copy a file into a range",
	.synopsis = "ADDR FILE [--type T] [--json]",
	.about = "Copy the whole of FILE ('-': stdin) to ADDR. The file is read completely\n"
		 "before anything is written: 256 MiB at most.\n",
	.opts = mr_load_opts,
	.run = mr_cli_load,
};

/* ------------------------------------------------------------------ fill */

/*
 * Without --width, the width the pattern is written in: 0xdeadbeef is 32
 * bits, 0x00ff 16, 0x5a 8, as devmem prints values; anything else (decimal,
 * an odd count of digits) is a byte, the element fill has always had.
 */
static unsigned int mr_fill_width_of(const char *s)
{
	size_t digits;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 8;
	digits = strspn(s + 2, "0123456789abcdefABCDEF");
	if (s[2 + digits] || (digits != 2 && digits != 4 && digits != 8 && digits != 16))
		return 8;
	return (unsigned int)digits * 4;
}

static int mr_fill_run(struct mr_cli *c, const struct mr_cli_map *map, const struct mr_bulk *b,
		       uint64_t pattern, unsigned int width)
{
	size_t chunk = map->size < MR_CLI_CHUNK ? map->size : MR_CLI_CHUNK;
	unsigned char *buf = malloc(chunk);
	size_t i, done, n, bytes = width / 8;
	struct mr_cli_progress p;

	if (!buf)
		return mr_cli_fail(c, "out of memory");
	/* Chunks start at multiples of the element from ADDR: one pattern fits all. */
	for (i = 0; i < chunk; i++)
		buf[i] = (unsigned char)(pattern >> (8 * (i % bytes)));
	mr_cli_progress_start(c, &p, "fill", map->size);
	for (done = 0; done < map->size; done += n) {
		n = map->size - done < chunk ? map->size - done : chunk;
		mr_bulk_write(map, done, buf, n, b);
		mr_cli_progress_update(&p, done + n);
	}
	mr_cli_progress_end(&p);
	free(buf);
	return MR_EXIT_OK;
}

static int mr_cli_fill(struct mr_cli *c, int argc, char **argv)
{
	struct mr_bulk b = {0};
	uint64_t addr, size, pattern;
	struct mr_cli_map map;
	unsigned int width;
	struct mr_json j;
	char what[64];
	int ret;

	if (!mr_bulk_opts(c, argc, argv, &b) || !mr_cli_operands(c, argc, argv, 2, 3) ||
	    !mr_cli_region(c, argv + optind, argc - optind - 1, &addr, &size) ||
	    !mr_cli_number(c, "pattern", argv[argc - 1], &pattern))
		return c->ret;
	width = b.width ? b.width : mr_fill_width_of(argv[argc - 1]);
	if (!mr__num_fits(pattern, width))
		return mr_cli_usage_error(c,
					  "pattern '%s' does not fit in %u bits (write it with 2, "
					  "4, 8 or 16 hex digits, or give --width)",
					  argv[argc - 1], width);
	if (!mr_cli_aligned(c, addr, size, width) || !mr_cli_range(c, addr, size))
		return c->ret;
	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &map, addr, size, b.type);
	if (ret)
		return ret;
	mr_cli_writing(c);
	ret = mr_fill_run(c, &map, &b, pattern, width);
	if (!ret && c->json) {
		mr_bulk_json_head(&j, c, &map);
		mr_json_u64(&j, "pattern", pattern);
		mr_json_hex(&j, "pattern_hex", pattern);
		mr_json_u64(&j, "width", width);
		mr_json_bool(&j, "single_accesses", b.width != 0);
		mr_json_finish(&j);
	} else if (!ret) {
		snprintf(what, sizeof(what), "with %u-bit 0x%0*" PRIx64, width, (int)width / 4,
			 pattern);
		mr_bulk_report(c, &map, "filled", what, "pattern", argv[argc - 1]);
	}
	mr_cli_unmap(&map);
	return ret;
}

static const struct mr_cli_opt mr_fill_opts[] = {
	{"width", 'w', "W", "element width in bits, written with single accesses"},
	MR_BULK_OPT_TYPE,
	{"json", 'j', NULL, "JSON report"},
	MR_BULK_OPT_NOPROG,
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_fill = {
	.name = "fill",
	.summary = "fill a range with a repeated value",
	.synopsis = "ADDR SIZE PATTERN [--width W] [--type T] [--json]",
	.about = "Fill SIZE bytes at ADDR with PATTERN, an element of WIDTH bits repeated,\n"
		 "little-endian. Without --width, the element is as wide as PATTERN is written\n"
		 "in hex (0x5a: 8 bits, 0x00ff: 16, 0xdeadbeef: 32, 16 digits: 64), else a\n"
		 "byte. With --width, every element is written with one access of exactly\n"
		 "that width.\n",
	.opts = mr_fill_opts,
	.run = mr_cli_fill,
};

/* ------------------------------------------------------------------ copy */

/*
 * Ranges that overlap go through a bounce buffer, a chunk at a time: the two
 * mappings have unrelated virtual addresses, so memmove() could not see the
 * overlap; copying backwards when DST lies above SRC reads every source byte
 * before it is overwritten. Others take mr_memcpy_io(), which picks the copy
 * from both mappings' types.
 */
static void mr_copy_chunk(const struct mr_cli_map *src, const struct mr_cli_map *dst, size_t off,
			  size_t n, unsigned char *bounce)
{
	char *d = (char *)dst->p + off;
	const char *s = (const char *)src->p + off;

	if (bounce) {
		mr_cli_copy_from(bounce, s, n);
		mr_cli_copy_to(d, bounce, n, dst->durable);
		return;
	}
	mr_memcpy_io(d, s, n);
	/* mr_memcpy_io() leaves durability to the caller. */
	if (dst->durable)
		mr_flush_range(d, n);
}

static int mr_copy_run(struct mr_cli *c, const struct mr_cli_map *src, const struct mr_cli_map *dst)
{
	bool overlap = src->phys < dst->phys + dst->size && dst->phys < src->phys + src->size;
	bool backwards = overlap && dst->phys > src->phys;
	unsigned char *bounce = overlap ? malloc(MR_CLI_CHUNK) : NULL;
	size_t size = src->size, done, n, off;
	struct mr_cli_progress p;

	if (overlap && !bounce)
		return mr_cli_fail(c, "out of memory");
	mr_cli_progress_start(c, &p, "copy", size);
	for (done = 0; done < size; done += n) {
		n = size - done < MR_CLI_CHUNK ? size - done : MR_CLI_CHUNK;
		off = backwards ? size - done - n : done;
		mr_copy_chunk(src, dst, off, n, bounce);
		mr_cli_progress_update(&p, done + n);
	}
	mr_cli_progress_end(&p);
	free(bounce);
	return MR_EXIT_OK;
}

static void mr_copy_report(struct mr_cli *c, const struct mr_cli_map *src,
			   const struct mr_cli_map *dst)
{
	struct mr_json j;
	char size[32];

	if (!c->json) {
		mr_cli_fmt_size(size, sizeof(size), src->size);
		printf("copied %s from " MR_CLI_MEM " (%s via %s) to " MR_CLI_MEM " (%s via %s)\n",
		       size, src->phys, src->phys + src->size - 1, mr_cli_type_name(src->type),
		       src->info.how, dst->phys, dst->phys + dst->size - 1,
		       mr_cli_type_name(dst->type), dst->info.how);
		return;
	}
	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_addr(&j, "size", src->size);
	mr_json_addr(&j, "src", src->phys);
	mr_json_addr(&j, "dst", dst->phys);
	mr_json_str(&j, "src_type", mr_cli_type_name(src->type));
	mr_json_str(&j, "dst_type", mr_cli_type_name(dst->type));
	mr_json_str(&j, "src_how", src->info.how);
	mr_json_str(&j, "dst_how", dst->info.how);
	mr_json_finish(&j);
}

static int mr_cli_copy(struct mr_cli *c, int argc, char **argv)
{
	struct mr_cli_map src, dst;
	struct mr_bulk b = {0};
	uint64_t s, d, size;
	int ret;

	if (!mr_bulk_opts(c, argc, argv, &b) || !mr_cli_operands(c, argc, argv, 3, 3) ||
	    !mr_cli_address(c, "source address", argv[optind], &s, NULL) ||
	    !mr_cli_address(c, "destination address", argv[optind + 1], &d, NULL) ||
	    !mr_cli_number(c, "size", argv[optind + 2], &size) || !mr_cli_range(c, s, size) ||
	    !mr_cli_range(c, d, size))
		return c->ret;
	ret = mr_cli_machine_open(c);
	if (!ret)
		ret = mr_cli_map(c, &src, s, size, b.src_type ? b.src_type : b.type);
	if (ret)
		return ret;
	ret = mr_cli_map(c, &dst, d, size, b.dst_type ? b.dst_type : b.type);
	if (!ret) {
		mr_cli_writing(c);
		ret = mr_copy_run(c, &src, &dst);
		if (!ret)
			mr_copy_report(c, &src, &dst);
		mr_cli_unmap(&dst);
	}
	mr_cli_unmap(&src);
	return ret;
}

static const struct mr_cli_opt mr_copy_opts[] = {
	{"type", 't', "T", "cache type of both mappings"},
	{"src-type", 'S', "T", "cache type of the source"},
	{"dst-type", 'D', "T",
	 "cache type of the destination\n(default: wb for System RAM, dev elsewhere)"},
	{"json", 'j', NULL, "JSON report"},
	MR_BULK_OPT_NOPROG,
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_copy = {
	.name = "copy",
	.summary = "copy one physical range to another",
	.synopsis = "SRC DST SIZE [--type T] [--src-type T] [--dst-type T] [--json]",
	.about = "Copy SIZE bytes from physical SRC to physical DST; overlapping ranges are\n"
		 "copied as memmove() would.\n",
	.opts = mr_copy_opts,
	.run = mr_cli_copy,
};
