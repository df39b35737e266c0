// SPDX-License-Identifier: MIT
/*
 * `memremap pci`: PCI functions for people who do not know the sysfs
 * dance.
 *
 *   pci config BDF [REG [VALUE]]   config space, with setpci's habits:
 *                                  REG is an offset or a register name
 *                                  (VENDOR_ID, COMMAND, ...), with .b .w .l
 *                                  for the width; VALUE may be VALUE:MASK;
 *                                  a read prints bare hex digits, a write
 *                                  prints nothing; no REG dumps the first
 *                                  256 bytes as lspci -x does
 *   pci bind DRIVER BDF            driver_override + drivers_probe
 *   pci unbind BDF                 unbind, and back to the kernel's choice
 *
 * Through VFIO where the function is vfio-pci's, else sysfs (the library
 * decides: mr_pci_config_read()).
 */
#include <ctype.h>
#include <inttypes.h>
#include <strings.h>
#include <string.h>

#include <memremap/pci.h>

#include "cli.h"
#include "json.h"

/* setpci's names of the registers of a type 0 header (lib/header.h of pciutils). */
static const struct {
	const char *name;
	unsigned int off, width;
} mr_pci_regs[] = {
	{"VENDOR_ID", 0x00, 16},
	{"DEVICE_ID", 0x02, 16},
	{"COMMAND", 0x04, 16},
	{"STATUS", 0x06, 16},
	{"REVISION", 0x08, 8},
	{"CLASS_PROG", 0x09, 8},
	{"CLASS_DEVICE", 0x0a, 16},
	{"CACHE_LINE_SIZE", 0x0c, 8},
	{"LATENCY_TIMER", 0x0d, 8},
	{"HEADER_TYPE", 0x0e, 8},
	{"BIST", 0x0f, 8},
	{"BASE_ADDRESS_0", 0x10, 32},
	{"BASE_ADDRESS_1", 0x14, 32},
	{"BASE_ADDRESS_2", 0x18, 32},
	{"BASE_ADDRESS_3", 0x1c, 32},
	{"BASE_ADDRESS_4", 0x20, 32},
	{"BASE_ADDRESS_5", 0x24, 32},
	{"CARDBUS_CIS", 0x28, 32},
	{"SUBSYSTEM_VENDOR_ID", 0x2c, 16},
	{"SUBSYSTEM_ID", 0x2e, 16},
	{"ROM_ADDRESS", 0x30, 32},
	{"CAPABILITIES", 0x34, 8},
	{"INTERRUPT_LINE", 0x3c, 8},
	{"INTERRUPT_PIN", 0x3d, 8},
	{"MIN_GNT", 0x3e, 8},
	{"MAX_LAT", 0x3f, 8},
};

struct mr_pci_args {
	unsigned int width; /* --width, or 0 */
};

/* A whole PCI function name, the domain optional. */
static bool mr_pci_function(struct mr_cli *c, const char *s, struct mr_pci_addr *fn)
{
	size_t n = mr_pci_name_parse(s, MR_PCI_NAME_NO_DOMAIN, fn);

	if (!n || s[n]) {
		mr_cli_usage_error(c,
				   "bad PCI function '%s': expected [DDDD:]BB:DD.F, e.g. "
				   "0000:00:03.0",
				   s);
		return false;
	}
	return true;
}

static void mr_pci_fn_name(const struct mr_pci_addr *fn, char *buf, size_t n)
{
	snprintf(buf, n, "%04x:%02x:%02x.%x", fn->domain, fn->bus, fn->dev, fn->fn);
}

/* REG: "0x3c", "COMMAND", "4.w", "INTERRUPT_LINE.B"; the width from the suffix, the name or
 * --width. */
static bool mr_pci_reg(struct mr_cli *c, const struct mr_pci_args *a, const char *s,
		       unsigned int *off, unsigned int *width)
{
	char name[40];
	const char *dot = strrchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s), i;
	unsigned int w = 0;
	uint64_t v;

	if (dot) {
		w = !strcasecmp(dot, ".b")   ? 8
		    : !strcasecmp(dot, ".w") ? 16
		    : !strcasecmp(dot, ".l") ? 32
					     : 0;
		if (!w) {
			mr_cli_usage_error(c, "bad width '%s' in '%s': .b, .w or .l", dot, s);
			return false;
		}
	}
	if (!len || len >= sizeof(name)) {
		mr_cli_usage_error(c, "bad register '%s'", s);
		return false;
	}
	memcpy(name, s, len);
	name[len] = '\0';
	*off = 0;
	for (i = 0; i < MR_ARRAY_SIZE(mr_pci_regs); i++) {
		if (!strcasecmp(name, mr_pci_regs[i].name)) {
			*off = mr_pci_regs[i].off;
			w = w ? w : mr_pci_regs[i].width;
			break;
		}
	}
	if (i == MR_ARRAY_SIZE(mr_pci_regs)) {
		if (isalpha((unsigned char)name[0]) && name[0] != '0') {
			mr_cli_usage_error(c,
					   "unknown register '%s' (VENDOR_ID, COMMAND, ... or an "
					   "offset)",
					   name);
			return false;
		}
		if (!mr_cli_number(c, "register offset", name, &v))
			return false;
		if (v >= 4096) {
			mr_cli_usage_error(c,
					   "register offset %#" PRIx64 " lies past config space "
					   "(4 KiB)",
					   v);
			return false;
		}
		*off = (unsigned int)v;
	}
	if (a->width && w && a->width != w) {
		mr_cli_usage_error(c, "'%s' is %u bits wide, --width says %u", s, w, a->width);
		return false;
	}
	*width = a->width ? a->width : w ? w : 32;
	if (*off % (*width / 8)) {
		mr_cli_usage_error(c, "offset %#x is not aligned for a %u-bit access", *off,
				   *width);
		return false;
	}
	return true;
}

/* VALUE or VALUE:MASK, each fitting the width. */
static bool mr_pci_value(struct mr_cli *c, const char *s, unsigned int width, uint64_t *value,
			 uint64_t *mask)
{
	const char *colon = strchr(s, ':'), *text = s;
	char buf[72];

	*mask = width == 32 ? 0xffffffffu : (1u << width) - 1;
	if (colon) {
		if ((size_t)(colon - s) >= sizeof(buf)) {
			mr_cli_usage_error(c, "bad value '%s'", s);
			return false;
		}
		memcpy(buf, s, (size_t)(colon - s));
		buf[colon - s] = '\0';
		if (!mr_cli_number(c, "mask", colon + 1, mask))
			return false;
		s = buf;
	}
	if (!mr_cli_number(c, "value", s, value))
		return false;
	if (!mr__num_fits(*value, width) || !mr__num_fits(*mask, width)) {
		mr_cli_usage_error(c, "value '%s' does not fit in %u bits", text, width);
		return false;
	}
	return true;
}

/* Config reads fail with the library's reason, naming the function. */
static int mr_pci_fail(struct mr_cli *c, const char *name, const char *what)
{
	return mr_cli_fail(c, "%s: %s: %s", name, what, mr_errmsg());
}

/* No REG: the first 256 bytes as lspci -x shows them, 16 a line; fewer where fewer can be read. */
static int mr_pci_dump(struct mr_cli *c, const struct mr_pci_addr *fn, const char *name)
{
	unsigned char bytes[256];
	unsigned int off, i, n = 0;
	struct mr_json j;
	uint32_t v;
	int ret = 0;

	for (off = 0; off < sizeof(bytes); off += 4, n += 4) {
		ret = mr_pci_config_read(c->m, fn, off, 32, &v);
		if (ret)
			break;
		for (i = 0; i < 4; i++)
			bytes[off + i] = (unsigned char)(v >> (8 * i));
	}
	if (!n)
		return mr_pci_fail(c, name, "config space");
	if (n < sizeof(bytes))
		mr_cli_note(c, "%s: only the first %u bytes: %s", name, n, mr_errmsg());
	if (c->json) {
		mr_json_init(&j, stdout);
		mr_json_object(&j, NULL);
		mr_cli_json_machine(&j, c->m);
		mr_json_str(&j, "function", name);
		mr_json_array(&j, "config");
		for (i = 0; i < n; i++)
			mr_json_u64(&j, NULL, bytes[i]);
		mr_json_end(&j);
		mr_json_finish(&j);
		return MR_EXIT_OK;
	}
	for (off = 0; off < n; off += 16) {
		printf("%02x:", off);
		for (i = 0; i < 16 && off + i < n; i++)
			printf(" %02x", bytes[off + i]);
		printf("\n");
	}
	return MR_EXIT_OK;
}

static void mr_pci_config_json(struct mr_cli *c, const char *name, unsigned int off,
			       unsigned int width, const char *key, uint64_t v, bool wrote,
			       uint64_t old)
{
	struct mr_json j;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_str(&j, "function", name);
	mr_json_addr(&j, "offset", off);
	mr_json_u64(&j, "width", width);
	if (wrote)
		mr_json_addr(&j, "old", old);
	mr_json_addr(&j, key, v);
	mr_json_finish(&j);
}

static int mr_pci_config(struct mr_cli *c, const struct mr_pci_args *a, int argc, char **argv)
{
	struct mr_pci_addr fn;
	unsigned int off = 0, width = 32;
	uint64_t value = 0, mask = 0;
	uint32_t old = 0, now;
	char name[32];
	int n = argc - optind - 1;

	if (n < 1)
		return mr_cli_usage_error(c, "missing BDF");
	if (n > 3)
		return mr_cli_usage_error(c, "unexpected operand '%s'", argv[optind + 4]);
	if (!mr_pci_function(c, argv[optind + 1], &fn) ||
	    (n > 1 && !mr_pci_reg(c, a, argv[optind + 2], &off, &width)) ||
	    (n > 2 && !mr_pci_value(c, argv[optind + 3], width, &value, &mask)))
		return c->ret;
	if (mr_cli_machine_open(c))
		return c->ret;
	mr_pci_fn_name(&fn, name, sizeof(name));
	if (n == 1)
		return mr_pci_dump(c, &fn, name);
	/* A write under a mask reads first: setpci's VALUE:MASK. */
	if ((n == 2 || mask != (width == 32 ? 0xffffffffu : (1u << width) - 1)) &&
	    mr_pci_config_read(c->m, &fn, off, width, &old))
		return mr_pci_fail(c, name, "config read");
	if (n == 2) {
		if (c->json)
			mr_pci_config_json(c, name, off, width, "value", old, false, 0);
		else
			printf("%0*" PRIx32 "\n", (int)width / 4, old);
		return MR_EXIT_OK;
	}
	now = (uint32_t)((old & ~mask) | (value & mask));
	if (mr_pci_config_write(c->m, &fn, off, width, now))
		return mr_pci_fail(c, name, "config write");
	if (c->json)
		mr_pci_config_json(c, name, off, width, "wrote", now, true, old);
	return MR_EXIT_OK;
}

/* bind DRIVER BDF, unbind BDF: what was bound before, what is bound now. */
static int mr_pci_binding(struct mr_cli *c, bool bind, int argc, char **argv)
{
	const char *driver = bind ? argv[optind + 1] : NULL;
	char name[32], was[64] = "", now[64] = "";
	struct mr_pci_addr fn;
	struct mr_json j;
	int want = bind ? 2 : 1, n = argc - optind - 1;

	if (n < want)
		return mr_cli_usage_error(c, "missing %s", bind ? "DRIVER BDF" : "BDF");
	if (n > want)
		return mr_cli_usage_error(c, "unexpected operand '%s'", argv[optind + 1 + want]);
	if (!mr_pci_function(c, argv[optind + want], &fn) || mr_cli_machine_open(c))
		return c->ret;
	mr_pci_fn_name(&fn, name, sizeof(name));
	if (mr_pci_driver(c->m, &fn, was, sizeof(was)))
		return mr_pci_fail(c, name, "driver");
	if (mr_pci_bind(c->m, &fn, driver))
		return mr_cli_fail(c, "%s: %s", name, mr_errmsg());
	if (mr_pci_driver(c->m, &fn, now, sizeof(now)))
		return mr_pci_fail(c, name, "driver");
	if (c->json) {
		mr_json_init(&j, stdout);
		mr_json_object(&j, NULL);
		mr_cli_json_machine(&j, c->m);
		mr_json_str(&j, "function", name);
		mr_json_str(&j, "was", was);
		mr_json_str(&j, "driver", now);
		mr_json_finish(&j);
	} else {
		printf("%s: %s (was %s)\n", name, now[0] ? now : "no driver",
		       was[0] ? was : "no driver");
	}
	return MR_EXIT_OK;
}

static int mr_cli_pci(struct mr_cli *c, int argc, char **argv)
{
	struct mr_pci_args a = {0};
	const char *sub;
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP || (opt == 'w' && !mr_cli_width(c, optarg, &a.width)))
			return c->ret;
		if (a.width == 64)
			return mr_cli_usage_error(
				c, "bad width '64': config space is 8, 16 or 32 bits");
	}
	if (optind >= argc)
		return mr_cli_usage_error(c, "missing what to do: config, bind or unbind");
	sub = argv[optind];
	if (!strcmp(sub, "config"))
		return mr_pci_config(c, &a, argc, argv);
	if (a.width)
		return mr_cli_usage_error(c, "--width is for config");
	if (!strcmp(sub, "bind"))
		return mr_pci_binding(c, true, argc, argv);
	if (!strcmp(sub, "unbind"))
		return mr_pci_binding(c, false, argc, argv);
	return mr_cli_usage_error(c, "unknown 'pci %s': config, bind or unbind", sub);
}

static const struct mr_cli_opt mr_pci_opts[] = {
	{"width", 'w', "W",
	 "config: 8, 16 or 32 bits (or REG.b, .w, .l; default:\n"
	 "the register's width, else 32)"},
	{"json", 'j', NULL, "JSON output"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_pci = {
	.name = "pci",
	.summary = "PCI config space, and binding a function to vfio-pci and back",
	.synopsis = "config BDF [REG [VALUE[:MASK]]] | bind DRIVER BDF | unbind BDF",
	.about = "config BDF: the first 256 bytes of config space as lspci -x prints them.\n"
		 "config BDF REG: one register, as setpci prints it (hex digits, no 0x).\n"
		 "config BDF REG VALUE[:MASK]: write it (only the bits of MASK, read first),\n"
		 "printing nothing. REG is an offset or setpci's name (VENDOR_ID, DEVICE_ID,\n"
		 "COMMAND, STATUS, REVISION, HEADER_TYPE, BASE_ADDRESS_0..5,\n"
		 "SUBSYSTEM_ID, INTERRUPT_LINE, ...), with .b, .w or .l for 8, 16, 32 bits.\n"
		 "Through VFIO when the function is bound to vfio-pci and its group is open\n"
		 "to this user, else through /sys/bus/pci/devices/BDF/config (a user without\n"
		 "CAP_SYS_ADMIN reads the first 64 bytes; kernel lockdown refuses writes).\n"
		 "bind DRIVER BDF: unbind the function from its driver, set driver_override\n"
		 "and probe, as one does by hand (bind vfio-pci BDF for VFIO).\n"
		 "unbind BDF: unbind it and clear the override, so that the kernel's own\n"
		 "driver, if any, takes it back. A function with a mounted file system on a\n"
		 "block device below it, or a network interface up, is not taken from its\n"
		 "driver. BDF is [DDDD:]BB:DD.F.\n",
	.opts = mr_pci_opts,
	.notes = "Exit status 0 done, 1 refused or failed (the reason on stderr), 2 bad usage.\n",
	.run = mr_cli_pci,
};
