/* SPDX-License-Identifier: MIT */
/*
 * memremap/pci.h - PCI functions by name, as the kernel and lspci print them.
 */
#ifndef MEMREMAP_PCI_H
#define MEMREMAP_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

struct mr_machine;

/**
 * struct mr_pci_bar - a memory BAR of a PCI function, where it is
 * @fn: the function
 * @bar: its number, 0-5
 * @start: its first byte
 * @size: its length in bytes
 * @flags: IORESOURCE_MEM, with IORESOURCE_PREFETCH for a prefetchable BAR
 *	   and IORESOURCE_MEM_64 for a 64-bit one where the machine knows it
 */
struct mr_pci_bar {
	struct mr_pci_addr fn;
	int bar;
	uint64_t start;
	uint64_t size;
	unsigned long flags;
};

/**
 * mr_pci_bar_name_parse() - read "BDF/barN[+OFFSET]"
 * @s: "0000:00:02.0/bar0", "00:02.0/bar2+0x100" (the domain is optional);
 *     OFFSET is decimal or 0x hex, with an optional K, M or G suffix
 * @fn: out (may be NULL): the function
 * @bar: out (may be NULL): N, 0-5
 * @offset: out (may be NULL): OFFSET, 0 when absent
 *
 * Return: the number of characters of @s the form takes (the whole of @s
 * when @s[return value] is '\0'), or 0 when @s does not start with one.
 */
MR_API size_t mr_pci_bar_name_parse(const char *s, struct mr_pci_addr *fn, int *bar,
				    uint64_t *offset);

/**
 * mr_pci_bar() - where a BAR of a PCI function is on a machine
 * @m: the machine, or NULL for the current one
 * @fn: the function
 * @bar: 0-5
 * @out: filled in on success
 *
 * The linux machine reads /sys/bus/pci/devices/BDF/resource. A machine
 * without PCI of its own (sim) finds the resources named after the
 * function in its resource tree, as /proc/iomem names BARs, and numbers
 * them in address order: the tree does not say which BAR a range is, so on
 * a replayed map bar0 is the function's first range, bar1 its second.
 *
 * Return: 0, or -ENODEV when the machine has no such function, -ENOENT
 * when it has no memory BAR @bar, -EINVAL for a bad argument.
 */
MR_API int mr_pci_bar(struct mr_machine *m, const struct mr_pci_addr *fn, int bar,
		      struct mr_pci_bar *out);

/**
 * mr_pci_resolve() - the physical address of "BDF/barN[+OFFSET]" on a machine
 * @m: the machine, or NULL for the current one
 * @s: the text, as mr_pci_bar_name_parse() reads it, and nothing after it
 * @phys: out: the physical address of the byte at OFFSET into the BAR
 * @avail: out (may be NULL): bytes from there to the BAR's end
 *
 * Return: 0, or -EINVAL (not that form, text after it), -ENODEV, -ENOENT
 * (as mr_pci_bar()), -ERANGE when OFFSET lies at or past the BAR's end.
 */
MR_API int mr_pci_resolve(struct mr_machine *m, const char *s, uint64_t *phys, uint64_t *avail);

/**
 * mr_pci_config_read() - read a PCI function's config space
 * @m: the machine, or NULL for the current one
 * @fn: the function
 * @off: the register's offset, naturally aligned for @width
 * @width: 8, 16 or 32 bits
 * @val: out: the value
 *
 * On the linux machine: through VFIO when the function is bound to
 * vfio-pci and its group is open to this process (VFIO shows some
 * registers, such as the BARs, as it virtualizes them), else through
 * /sys/bus/pci/devices/BDF/config, where a user without CAP_SYS_ADMIN
 * reads the first 64 bytes only.
 *
 * Return: 0, or -EINVAL (width, alignment), -ERANGE (past the end of
 * config space), -EACCES, -ENODEV, -EOPNOTSUPP (a machine without PCI).
 */
MR_API int mr_pci_config_read(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			      unsigned int width, uint32_t *val);

/**
 * mr_pci_config_write() - write a PCI function's config space
 * @m: the machine, or NULL for the current one
 * @fn: the function
 * @off: the register's offset, naturally aligned for @width
 * @width: 8, 16 or 32 bits
 * @val: the value; it must fit in @width
 *
 * The same doors as mr_pci_config_read(); kernel lockdown refuses writes
 * through sysfs (EPERM) but not through VFIO.
 *
 * Return: 0, or -errno as mr_pci_config_read(), -EPERM.
 */
MR_API int mr_pci_config_write(struct mr_machine *m, const struct mr_pci_addr *fn, unsigned int off,
			       unsigned int width, uint32_t val);

/**
 * mr_pci_driver() - the driver a PCI function is bound to
 * @m: the machine, or NULL for the current one
 * @fn: the function
 * @buf: out: the driver's name ("vfio-pci", "nvme"), "" when none
 * @len: size of @buf
 *
 * Return: 0, or -ENODEV (no such function), -ENAMETOOLONG (@buf too
 * small), -EOPNOTSUPP (a machine without PCI).
 */
MR_API int mr_pci_driver(struct mr_machine *m, const struct mr_pci_addr *fn, char *buf, size_t len);

/**
 * mr_pci_bind() - bind a PCI function to a driver, or hand it back
 * @m: the machine, or NULL for the current one
 * @fn: the function
 * @driver: "vfio-pci", or NULL to unbind it and let the kernel choose its
 *	    own driver again
 *
 * What one does by hand through sysfs: the function is unbound from its
 * driver, driver_override is set to @driver (or cleared), and
 * /sys/bus/pci/drivers_probe offers it to the drivers. A function that has
 * a mounted file system on a block device below it, or a network interface
 * that is up, is not taken from its driver: -EBUSY, and the message names
 * the use.
 *
 * Return: 0 when @driver holds the function afterwards (with NULL: when it
 * left its old driver), or -EBUSY, -ENODEV, -ENOENT (no such driver: its
 * module is not loaded), -EACCES (needs root), -EIO (the driver did not
 * take it), -EOPNOTSUPP (a machine without PCI).
 */
MR_API int mr_pci_bind(struct mr_machine *m, const struct mr_pci_addr *fn, const char *driver);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_PCI_H */
