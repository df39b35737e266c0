// SPDX-License-Identifier: MIT
/*
 * The devmem habits: `memremap devmem ADDR [WIDTH [VALUE]]` with busybox
 * devmem's arguments, output and exit status, and `memremap devmem2 ADDR
 * [TYPE [DATA]]` with devmem2's. The binary answers to both names too
 * (a devmem symlink runs `devmem`). Each access still goes through
 * memremap() and its rules: System RAM is read write-back from the direct
 * map, everything else uncached, and a refusal says why.
 *
 * Facts from busybox's miscutils/devmem.c (1.35, Debian 12's): WIDTH is a
 * number of bits (8, 16, 32, 64), or one letter b, h, w or l in either case;
 * 32 without it; a read prints "0x%0*llX" with WIDTH/4 digits; a write
 * prints nothing and reads nothing back; every error exits 1. From
 * devmem2.c: TYPE is b, h or w (here l too, for 64 bits), w without it; it
 * prints three lines, reads before it writes, and reads back after.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "mmio.h"

struct mr_devmem_args {
	uint64_t addr, value;
	unsigned int width;
	bool write;
};

/* Parse errors exit 1, as in busybox: scripts test for 0 and nothing else. */
static bool mr_devmem_number(struct mr_cli *c, const char *what, const char *s, uint64_t *out)
{
	enum mr__num_err err = mr__num_parse(s, out);

	if (err)
		mr_cli_fail(c, "bad %s '%s': %s", what, s, mr__num_strerror(err));
	return !err;
}

/* A letter: b, h, w, l (either case) are 8, 16, 32, 64 bits; else 0. */
static unsigned int mr_devmem_letter(char l)
{
	switch (l | 0x20) {
	case 'b':
		return 8;
	case 'h':
		return 16;
	case 'w':
		return 32;
	case 'l':
		return 64;
	}
	return 0;
}

/* busybox: a digit first or more than one character is a number of bits. */
static bool mr_devmem_width(struct mr_cli *c, const char *s, unsigned int *width)
{
	uint64_t v = 0;

	if ((s[0] >= '0' && s[0] <= '9') || (s[0] && s[1])) {
		if (mr__num_parse(s, &v))
			v = 0;
	} else {
		v = mr_devmem_letter(s[0]);
	}
	if (v != 8 && v != 16 && v != 32 && v != 64) {
		mr_cli_fail(c, "bad width '%s': 8, 16, 32, 64, or b, h, w, l", s);
		return false;
	}
	*width = (unsigned int)v;
	return true;
}

/* Operands after the options; every one is checked before anything is mapped. */
static bool mr_devmem_parse(struct mr_cli *c, int argc, char **argv, bool devmem2,
			    struct mr_devmem_args *a)
{
	int opt, n;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return false;
	n = argc - optind;
	if (n < 1 || n > 3) {
		mr_cli_fail(c,
			    n ? "unexpected operand '%s' (usage: %s %s)"
			      : "missing ADDR%s (usage: %s %s)",
			    n ? argv[optind + 3] : "", c->cmd->name, c->cmd->synopsis);
		return false;
	}
	a->width = 32;
	/* BDF/barN[+OFFSET] too; every error exits 1 here, as busybox's do. */
	if (mr_cli_is_pci_address(argv[optind])
		    ? !mr_cli_address(c, "address", argv[optind], &a->addr, NULL)
		    : !mr_devmem_number(c, "address", argv[optind], &a->addr)) {
		c->ret = MR_EXIT_FAIL;
		return false;
	}
	if (n > 1 && devmem2) {
		/* devmem2 reads the first letter only, and knows no number of bits. */
		a->width = mr_devmem_letter(argv[optind + 1][0]);
		if (!a->width) {
			mr_cli_fail(c, "illegal data type '%c': b, h, w or l", argv[optind + 1][0]);
			c->ret = 2; /* devmem2's own exit status for it */
			return false;
		}
	} else if (n > 1 && !mr_devmem_width(c, argv[optind + 1], &a->width)) {
		return false;
	}
	a->write = n > 2;
	if (a->write && !mr_devmem_number(c, "value", argv[optind + 2], &a->value))
		return false;
	if (a->write && !mr__num_fits(a->value, a->width)) {
		mr_cli_fail(c, "value '%s' does not fit in %u bits", argv[optind + 2], a->width);
		return false;
	}
	if (a->addr % (a->width / 8)) {
		mr_cli_fail(c, "address 0x%" PRIx64 " is not aligned for a %u-bit access", a->addr,
			    a->width);
		return false;
	}
	if (a->addr + (a->width / 8 - 1) < a->addr) {
		mr_cli_fail(c, "address 0x%" PRIx64 " runs past the end of the address space",
			    a->addr);
		return false;
	}
	return true;
}

static int mr_devmem_map(struct mr_cli *c, struct mr_cli_map *map, const struct mr_devmem_args *a)
{
	int ret = mr_cli_machine_open(c);

	if (!ret)
		ret = mr_cli_map(c, map, a->addr, a->width / 8, 0);
	return ret;
}

static int mr_cli_devmem(struct mr_cli *c, int argc, char **argv)
{
	struct mr_devmem_args a = {0};
	struct mr_cli_map map;
	int ret;

	if (!mr_devmem_parse(c, argc, argv, false, &a))
		return c->ret;
	ret = mr_devmem_map(c, &map, &a);
	if (ret)
		return ret;
	if (a.write) {
		/* As busybox: one store, no read before or after, no output. */
		mr_cli_writing(c);
		mr_cli_writex(map.p, a.width, a.value);
	} else {
		/* Zero-padded to the width: the output shows the access made. */
		printf("0x%0*" PRIX64 "\n", (int)a.width / 4, mr_cli_readx(map.p, a.width));
	}
	mr_cli_unmap(&map);
	return MR_EXIT_OK;
}

static int mr_cli_devmem2(struct mr_cli *c, int argc, char **argv)
{
	struct mr_devmem_args a = {0};
	struct mr_cli_map map;
	uint64_t v;
	int ret;

	if (!mr_devmem_parse(c, argc, argv, true, &a))
		return c->ret;
	ret = mr_devmem_map(c, &map, &a);
	if (ret)
		return ret;
	/* devmem2's three lines; the first names the door memremap really used. */
	printf("%s opened.\n", strncmp(map.info.how, "/dev/mem", 8) ? map.info.how : "/dev/mem");
	printf("Memory mapped at address %p.\n",
	       (void *)((uintptr_t)map.p & ~(uintptr_t)(MR_PAGE_SIZE - 1)));
	v = mr_cli_readx(map.p, a.width);
	printf("Value at address 0x%" PRIX64 " (%p): 0x%" PRIX64 "\n", a.addr, map.p, v);
	if (a.write) {
		mr_cli_writing(c);
		mr_cli_writex(map.p, a.width, a.value);
		v = mr_cli_readx(map.p, a.width);
		printf("Written 0x%" PRIX64 "; readback 0x%" PRIX64 "\n", a.value, v);
	}
	mr_cli_unmap(&map);
	return MR_EXIT_OK;
}

const struct mr_cli_cmd mr_cli_cmd_devmem = {
	.name = "devmem",
	.summary = "busybox devmem: read or write one value, its output",
	.synopsis = "ADDR [WIDTH [VALUE]]",
	.about = "Read the value at ADDR and print it as busybox devmem does (0x, upper-case\n"
		 "hex, zero-padded to the width), or write VALUE there with one store and\n"
		 "print nothing. WIDTH is 8, 16, 32 or 64 bits, or b, h, w or l (default 32).\n"
		 "The binary does the same when it is invoked as 'devmem'. The access goes\n"
		 "through memremap(): wb on System RAM, dev elsewhere.\n",
	.notes = "Exit status 0 done, 1 refused, failed or bad operands (as busybox's);\n"
		 "an unknown option is bad usage (2), as in every memremap command.\n",
	.run = mr_cli_devmem,
};

const struct mr_cli_cmd mr_cli_cmd_devmem2 = {
	.name = "devmem2",
	.summary = "devmem2: read, then write and read back, with its output",
	.synopsis = "ADDR [TYPE [DATA]]",
	.about = "Read the value at ADDR and print devmem2's three lines; with DATA, write it\n"
		 "and read it back ('Written 0x...; readback 0x...'). TYPE is b, h, w or l\n"
		 "(8, 16, 32, 64 bits; default w). The binary does the same when it is\n"
		 "invoked as 'devmem2'. The first line names the path memremap mapped\n"
		 "through.\n",
	.notes = "Exit status 0 done, 1 refused, failed or bad operands, 2 an illegal TYPE\n"
		 "(as devmem2's) or an unknown option.\n",
	.run = mr_cli_devmem2,
};
