/* SPDX-License-Identifier: MIT */
/*
 * memremap/pci.h - PCI functions by name, as the kernel and lspci print them.
 */
#ifndef MEMREMAP_PCI_H
#define MEMREMAP_PCI_H

#include <stddef.h>

#include "config.h" /* beside this file once installed; generated into the build tree */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct mr_pci_addr - where a PCI function sits
 * @domain: the PCI segment (0 on most machines)
 * @bus: 0-255
 * @dev: 0-31
 * @fn: 0-7
 */
struct mr_pci_addr {
	unsigned int domain;
	unsigned int bus;
	unsigned int dev;
	unsigned int fn;
};

/* mr_pci_name_parse() flags. */
enum {
	/* Accept "BB:DD.F" without a domain, as lspci and setpci users type it. */
	MR_PCI_NAME_NO_DOMAIN = 1 << 0,
};

/**
 * mr_pci_name_parse() - read the name of a PCI function
 * @s: text that starts with "DDDD:BB:DD.F", as the kernel's pci_name() prints
 *     it (a domain of 4 to 8 hex digits, a two-digit bus and device, a
 *     function 0-7; hex digits in either case)
 * @flags: 0, or MR_PCI_NAME_NO_DOMAIN to accept "BB:DD.F" too (domain 0)
 * @addr: out (may be NULL): the function's address
 *
 * Used wherever a name must be recognised: the /proc/iomem parser (a BAR is
 * named after its function and is not a driver's claim), the tool's colours
 * and its BDF arguments.
 *
 * Return: the number of characters of @s the name takes, or 0 when @s does
 * not start with one. @s is a whole name when @s[return value] is '\0'.
 */
MR_API size_t mr_pci_name_parse(const char *s, unsigned int flags, struct mr_pci_addr *addr);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_PCI_H */
