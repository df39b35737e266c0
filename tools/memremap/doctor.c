// SPDX-License-Identifier: MIT
/*
 * `memremap doctor [ADDR SIZE | BDF]`: on this computer, why a mapping
 * would fail or what it would get, one line a finding with what to do
 * about it (mr_machine_doctor()). Without operands, the machine as a whole;
 * with a range (any address form), that range; with a PCI function, each of
 * its memory BARs.
 */
#include <inttypes.h>
#include <string.h>

#include <memremap/pci.h>

#include "cli.h"
#include "json.h"

static const char *const mr_doctor_levels[] = {"ok", "info", "warn", "FAIL"};
static const char *const mr_doctor_colors[] = {"\033[32m", "", "\033[33m", "\033[1;31m"};

struct mr_doctor_out {
	struct mr_cli *c;
	struct mr_json j;
	bool color;
	int bar; /* the BAR the lines are about, or -1 */
};

static const char *mr_doctor_level(int level)
{
	return level >= 0 && level <= MR_DOCTOR_FAIL ? mr_doctor_levels[level] : "?";
}

static void mr_doctor_line(const struct mr_doctor_line *line, void *arg)
{
	struct mr_doctor_out *o = arg;

	if (o->c->json) {
		mr_json_object(&o->j, NULL);
		mr_json_str(&o->j, "level", mr_doctor_level(line->level));
		mr_json_str(&o->j, "topic", line->topic);
		mr_json_str(&o->j, "what", line->what);
		if (line->fix[0])
			mr_json_str(&o->j, "fix", line->fix);
		if (o->bar >= 0)
			mr_json_u64(&o->j, "bar", (uint64_t)o->bar);
		mr_json_end(&o->j);
		return;
	}
	printf("%s%-4s%s %-16s %s%s%s\n", o->color ? mr_doctor_colors[line->level & 3] : "",
	       mr_doctor_level(line->level), o->color ? "\033[0m" : "", line->topic, line->what,
	       line->fix[0] ? "; fix: " : "", line->fix);
}

/* The memory BARs of a function, before anything is printed. */
static int mr_doctor_bars(struct mr_cli *c, const struct mr_pci_addr *fn, const char *name,
			  struct mr_pci_bar *bars)
{
	int bar, ret, n = 0;

	for (bar = 0; bar < 6; bar++) {
		ret = mr_pci_bar(c->m, fn, bar, &bars[n]);
		if (!ret) {
			n++;
		} else if (ret != -ENOENT) {
			mr_cli_fail(c, "%s: %s", name, mr_errmsg());
			return -1;
		}
	}
	if (!n)
		mr_cli_fail(c, "%s has no memory BAR", name);
	return n ? n : -1;
}

/* "BDF" alone: each memory BAR of the function, after the lines about the machine. */
static int mr_doctor_function(struct mr_doctor_out *o, const char *name,
			      const struct mr_pci_bar *bars, int n)
{
	struct mr_doctor_line head;
	int i, worst, ret;
	char size[32];

	worst = mr_machine_doctor(o->c->m, 0, 0, 0, mr_doctor_line, o);
	for (i = 0; i < n; i++) {
		memset(&head, 0, sizeof(head));
		head.level = MR_DOCTOR_INFO;
		snprintf(head.topic, sizeof(head.topic), "bar");
		mr_cli_fmt_size(size, sizeof(size), bars[i].size);
		snprintf(head.what, sizeof(head.what), "%s bar%d " MR_CLI_MEM " (%s%s)", name,
			 bars[i].bar, bars[i].start, bars[i].start + bars[i].size - 1, size,
			 bars[i].flags & IORESOURCE_PREFETCH ? ", prefetchable" : "");
		o->bar = bars[i].bar;
		mr_doctor_line(&head, o);
		ret = mr_machine_doctor(o->c->m, bars[i].start, bars[i].size, MR_DOCTOR_RANGE_ONLY,
					mr_doctor_line, o);
		worst = ret > worst ? ret : worst;
	}
	return worst;
}

static int mr_cli_doctor(struct mr_cli *c, int argc, char **argv)
{
	struct mr_doctor_out o = {.c = c, .bar = -1};
	struct mr_pci_bar bars[6];
	struct mr_pci_addr fn;
	uint64_t addr = 0, size = 0;
	bool function = false;
	size_t n = 0;
	int opt, worst, ret, nbars = 0;
	char name[32] = "";

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (!mr_cli_operands(c, argc, argv, 0, 2))
		return c->ret;
	if (argc - optind == 1)
		n = mr_pci_name_parse(argv[optind], MR_PCI_NAME_NO_DOMAIN, &fn);
	function = n && !argv[optind][n];
	if (argc - optind == 1 && !function && !mr_cli_is_region(argv[optind]))
		return mr_cli_usage_error(c, "give ADDR SIZE, a range, BDF/barN or a PCI function "
					     "(BDF), or nothing");
	if (argc > optind && !function &&
	    (!mr_cli_region(c, argv + optind, argc - optind, &addr, &size) ||
	     !mr_cli_range(c, addr, size)))
		return c->ret;
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	if (function) {
		snprintf(name, sizeof(name), "%04x:%02x:%02x.%x", fn.domain, fn.bus, fn.dev, fn.fn);
		nbars = mr_doctor_bars(c, &fn, name, bars);
		if (nbars < 0)
			return c->ret;
	}
	o.color = !c->json && mr_cli_color(stdout);
	if (c->json) {
		mr_json_init(&o.j, stdout);
		mr_json_object(&o.j, NULL);
		mr_cli_json_machine(&o.j, c->m);
		if (argc > optind && !function) {
			mr_json_addr(&o.j, "start", addr);
			mr_json_addr(&o.j, "size", size);
		} else if (function) {
			mr_json_str(&o.j, "function", name);
		}
		mr_json_array(&o.j, "lines");
	}
	if (function)
		worst = mr_doctor_function(&o, name, bars, nbars);
	else
		worst = mr_machine_doctor(c->m, addr, (size_t)size, 0, mr_doctor_line, &o);
	if (c->json) {
		mr_json_end(&o.j);
		if (worst >= 0)
			mr_json_str(&o.j, "worst", mr_doctor_level(worst));
		mr_json_finish(&o.j);
	}
	if (worst < 0)
		return c->ret ? c->ret : mr_cli_fail(c, "%s", mr_errmsg());
	return worst == MR_DOCTOR_FAIL ? MR_EXIT_FAIL : MR_EXIT_OK;
}

static const struct mr_cli_opt mr_doctor_opts[] = {
	{"json", 'j', NULL,
	 "JSON output: the machine, then \"lines\", each {level, topic,\n"
	 "what, fix}, and \"worst\""},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_doctor = {
	.name = "doctor",
	.summary = "why a mapping would fail on this computer, and what to do",
	.synopsis = "[ADDR SIZE | RANGE | BDF] [--json]",
	.about = "Say, one line each, what on this computer decides whether a mapping works\n"
		 "and what to do about it: kernel lockdown, STRICT_DEVMEM and IO_STRICT_DEVMEM\n"
		 "(from the kernel's config, else inferred, saying how), the privileges the\n"
		 "doors need, the IOMMU and VFIO; for a range, the driver that claims it,\n"
		 "the PCI function and BAR that hold it, memory decoding, the IOMMU group and\n"
		 "whether every device in it is bound to vfio-pci, the cache type already\n"
		 "held, then for each cache type what memremap() would get and through which\n"
		 "door, and why the doors before it were not taken. A PCI function (BDF)\n"
		 "asks about each of its memory BARs. Nothing is mapped.\n"
		 "Each line: ok, info, warn or FAIL, the topic, the finding, and '; fix: '\n"
		 "with what to do.\n",
	.opts = mr_doctor_opts,
	.notes = "Exit status 1 when the range (or a BAR) would not map with the type the\n"
		 "tool uses by default (wb for System RAM, dev elsewhere), else 0.\n",
	.run = mr_cli_doctor,
};
