/* SPDX-License-Identifier: MIT */
/*
 * Ranges chosen from a machine's map for a purpose: device registers, a
 * window to map write-combining, plain System RAM, a range that mixes
 * System RAM with something else. demo and bench take their ranges from
 * here, so that both work on any map, not only the built-in one.
 *
 * What is never chosen: config space (PCI MMCONFIG, PCI ECAM), anything
 * inside System RAM (the kernel image, arm64's `reserved` children), memory
 * that is not a device (Reserved, ACPI, ROM, persistent memory, CXL
 * windows), device ranges below 1 MiB (x86's legacy areas, where no cache
 * type is tracked), ranges beyond the machine's physical address width, and
 * ranges on which the kernel already holds a cache type (a preloaded PAT
 * entry).
 */
#ifndef MR_CLI_PICK_H
#define MR_CLI_PICK_H

#include <stdbool.h>
#include <stdint.h>

#include <memremap.h>

struct mr_cli_pick {
	uint64_t start, size;	      /* size 0: the map has none */
	const struct resource *res;   /* the resource the range lies in */
	const struct resource *other; /* mixed: the resource across the boundary */
	const char *what;	      /* how it was chosen, or why there is none */
};

/*
 * A window to map write-combining: the largest PCI BAR of at least 64 KiB,
 * else the largest unclaimed span of a PCI window, else the largest device
 * range; at most @max bytes of it, and nothing in @avoid (may be NULL).
 */
bool mr_cli_pick_window(struct mr_machine *m, uint64_t max, const struct mr_cli_pick *avoid,
			struct mr_cli_pick *p);
/*
 * One page of device registers: the smallest PCI BAR, one no driver claims
 * if there is one, else a device range, else unclaimed PCI window space;
 * nothing in @avoid (may be NULL).
 */
bool mr_cli_pick_regs(struct mr_machine *m, const struct mr_cli_pick *avoid, struct mr_cli_pick *p);
/*
 * Plain System RAM no child covers (no kernel image, no reserved part): the
 * first span of @want bytes from 1 MiB up, else the largest span.
 */
bool mr_cli_pick_ram(struct mr_machine *m, uint64_t want, struct mr_cli_pick *p);
/* Up to 64 KiB each side of a place where System RAM touches something else. */
bool mr_cli_pick_mixed(struct mr_machine *m, struct mr_cli_pick *p);

/* The busy resource an exclusive claim of the range runs into, or NULL. */
const struct resource *mr_cli_claimed_by(const struct resource *root, uint64_t start,
					 uint64_t size);

#endif /* MR_CLI_PICK_H */
