// SPDX-License-Identifier: MIT
/*
 * PCI function names ("0000:00:02.0"): one recogniser for the /proc/iomem
 * parser, the tool and its BDF arguments; and a place in a BAR,
 * "0000:00:02.0/bar0+0x4", as pcimem users think of one.
 */
#include <ctype.h>
#include <string.h>

#include <memremap/pci.h>

#include "mr_base.h"
#include "numbers.h"

/* @min to @max hex digits, and no more, at @s: how many, with their value in *v; else 0. */
static size_t mr__hex_run(const char *s, size_t min, size_t max, unsigned int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < max && isxdigit((unsigned char)s[i]); i++)
		*v = *v << 4 | (unsigned int)(isdigit((unsigned char)s[i])
						      ? s[i] - '0'
						      : (tolower((unsigned char)s[i]) - 'a' + 10));
	if (i < min || isxdigit((unsigned char)s[i]))
		return 0;
	return i;
}

/* "BB:DD.F" at @s: its length, or 0. */
static size_t mr__pci_bus_dev_fn(const char *s, struct mr_pci_addr *a)
{
	if (mr__hex_run(s, 2, 2, &a->bus) != 2 || s[2] != ':')
		return 0;
	if (mr__hex_run(s + 3, 2, 2, &a->dev) != 2 || a->dev > 0x1f || s[5] != '.')
		return 0;
	if (s[6] < '0' || s[6] > '7')
		return 0;
	a->fn = (unsigned int)(s[6] - '0');
	return 7;
}

size_t mr_pci_name_parse(const char *s, unsigned int flags, struct mr_pci_addr *addr)
{
	struct mr_pci_addr a = {0};
	size_t n, d;

	if (!s)
		return 0;
	d = mr__hex_run(s, 4, 8, &a.domain);
	if (d && s[d] == ':') {
		n = mr__pci_bus_dev_fn(s + d + 1, &a);
		if (!n)
			return 0;
		n += d + 1;
	} else {
		if (!(flags & MR_PCI_NAME_NO_DOMAIN))
			return 0;
		a.domain = 0;
		n = mr__pci_bus_dev_fn(s, &a);
		if (!n)
			return 0;
	}
	if (addr)
		*addr = a;
	return n;
}

/* OFFSET after "+": a number as numbers.h reads it, up to the first character no number has. */
static size_t mr__pci_offset(const char *s, uint64_t *off)
{
	char buf[40];
	size_t n = 0;

	while (isalnum((unsigned char)s[n]))
		n++;
	if (!n || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return mr__num_parse(buf, off) == MR__NUM_OK ? n : 0;
}

size_t mr_pci_bar_name_parse(const char *s, struct mr_pci_addr *fn, int *bar, uint64_t *offset)
{
	struct mr_pci_addr a;
	uint64_t off = 0;
	size_t n, k;

	n = mr_pci_name_parse(s, MR_PCI_NAME_NO_DOMAIN, &a);
	if (!n || strncmp(s + n, "/bar", 4) || s[n + 4] < '0' || s[n + 4] > '5' ||
	    isalnum((unsigned char)s[n + 5]))
		return 0;
	k = (size_t)(s[n + 4] - '0');
	n += 5;
	if (s[n] == '+') {
		size_t d = mr__pci_offset(s + n + 1, &off);

		if (!d)
			return 0;
		n += 1 + d;
	}
	if (fn)
		*fn = a;
	if (bar)
		*bar = (int)k;
	if (offset)
		*offset = off;
	return n;
}
