// SPDX-License-Identifier: MIT
/*
 * What kind of thing a resource is, for colours and for people: the tree,
 * the JSON and the SVG all classify the same way.
 */
#include <inttypes.h>
#include <string.h>

#include <memremap/pci.h>

#include "cli.h"

static const struct mr_cli_kind_info mr_cli_kinds[MR_KIND_NR] = {
	[MR_KIND_RAM] = {"ram", "System RAM", "#9bd49b", "#3f8f3f", "\033[32m"},
	[MR_KIND_KERNEL] = {"kernel", "kernel image", "#5fa35f", "#2f6f2f", "\033[1;32m"},
	[MR_KIND_RESERVED] = {"reserved", "reserved", "#c4c4c4", "#707070", "\033[90m"},
	[MR_KIND_ACPI] = {"acpi", "ACPI", "#f0dc7a", "#a08a20", "\033[33m"},
	[MR_KIND_PERSISTENT] = {"persistent", "persistent memory", "#bb96e8", "#6a3fa8",
				"\033[35m"},
	[MR_KIND_PCI] = {"pci", "PCI", "#8fbaf3", "#2f64a8", "\033[34m"},
	[MR_KIND_ROM] = {"rom", "ROM", "#e8bca4", "#a0603f", "\033[36m"},
	[MR_KIND_BUSY] = {"busy", "busy (claimed by a driver)", "#f5a75c", "#b0601a", "\033[1;33m"},
	[MR_KIND_OTHER] = {"other", "other", "#f7f7f7", "#808080", ""},
};

const struct mr_cli_kind_info *mr_cli_kind_info(enum mr_cli_kind k)
{
	return &mr_cli_kinds[k < MR_KIND_NR ? k : MR_KIND_OTHER];
}

/* "0000:00:02.0": a PCI function's own resource (a BAR), as the library reads names. */
static bool mr_cli_is_pci_function(const char *s)
{
	size_t n = mr_pci_name_parse(s, 0, NULL);

	return n && s[n] == '\0';
}

static bool mr_cli_is_ram(const struct resource *r)
{
	return (r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM;
}

enum mr_cli_kind mr_cli_kind_of(const struct resource *r)
{
	const char *name = r->name ? r->name : "";

	/* The kernel's image is System RAM too (setup.c flags it so): name first. */
	if ((!strncmp(name, "Kernel ", 7) || !strcmp(name, "Crash kernel")) && r->parent &&
	    mr_cli_is_ram(r->parent))
		return MR_KIND_KERNEL;
	if (mr_cli_is_ram(r))
		return MR_KIND_RAM;
	if (r->desc == IORES_DESC_PERSISTENT_MEMORY ||
	    r->desc == IORES_DESC_PERSISTENT_MEMORY_LEGACY || strstr(name, "Persistent Memory"))
		return MR_KIND_PERSISTENT;
	if (r->desc == IORES_DESC_RESERVED || r->desc == IORES_DESC_SOFT_RESERVED ||
	    !strcmp(name, "Reserved") || !strcmp(name, "reserved") ||
	    !strcmp(name, "Soft Reserved"))
		return MR_KIND_RESERVED;
	if (r->desc == IORES_DESC_ACPI_TABLES || r->desc == IORES_DESC_ACPI_NV_STORAGE ||
	    !strncmp(name, "ACPI ", 5))
		return MR_KIND_ACPI;
	if (!strncmp(name, "PCI ", 4) || mr_cli_is_pci_function(name))
		return MR_KIND_PCI;
	if (strstr(name, "ROM"))
		return MR_KIND_ROM;
	if (r->flags & IORESOURCE_BUSY)
		return MR_KIND_BUSY;
	return MR_KIND_OTHER;
}

struct resource *mr_cli_resource_at(struct resource *root, uint64_t addr)
{
	struct resource *r = root, *child, *found = NULL;

	while (r) {
		for (child = r->child; child; child = child->sibling)
			if (child->start <= addr && addr <= child->end)
				break;
		if (!child)
			break;
		found = r = child;
	}
	return found;
}

const char *mr_cli_name(char *buf, size_t len, const struct resource *r)
{
	return r->name ? mr__escape(buf, len, r->name) : "?";
}

void mr_cli_describe_at(struct resource *root, uint64_t addr, char *buf, size_t len)
{
	struct resource *r = root ? mr_cli_resource_at(root, addr) : NULL;
	char name[256];

	if (!r)
		snprintf(buf, len, "a hole (no resource)");
	else
		snprintf(buf, len, "'%s' " MR_CLI_MEM, mr_cli_name(name, sizeof(name), r), r->start,
			 r->end);
}

static uint64_t mr_cli_max_end(const struct resource *r)
{
	uint64_t max = 0, e;

	for (; r; r = r->sibling) {
		max = r->end > max ? r->end : max;
		e = mr_cli_max_end(r->child);
		max = e > max ? e : max;
	}
	return max;
}

int mr_cli_addr_digits(const struct resource *root)
{
	uint64_t max = root ? mr_cli_max_end(root->child) : 0;
	int digits = 1;

	while (max >>= 4)
		digits++;
	return digits < 8 ? 8 : digits;
}
