// SPDX-License-Identifier: MIT
/*
 * The accessors' traced forms (memremap/io.h): while a trace is recorded,
 * readl() and friends come here instead of making their access inline.
 * The access is the same single access of the same width; the record
 * names the mapping's physical address and map id, as the kernel's
 * mmiotrace does for ioremap()ed ranges. A trapped range (a device model
 * on the sim machine) records its accesses itself, in the trap.
 */
#include <memremap/io.h>

#include "mr_arch.h"
#include "mr_memremap.h"

static void mr__trace_record(const volatile void *addr, bool write, unsigned int width, uint64_t v,
			     uintptr_t pc)
{
	uint64_t phys;
	unsigned int id;

	if (!mr__trap_owns(addr) && mr__mapping_trace_at((const void *)(uintptr_t)addr, &phys, &id))
		mr__trace_rw(write, width, id, phys, v, pc);
}

uint64_t mr_trace_read(const volatile void *addr, unsigned int width)
{
	uint64_t v;

	switch (width) {
	case 1:
		v = __raw_readb(addr);
		break;
	case 2:
		v = __raw_readw(addr);
		break;
	case 4:
		v = __raw_readl(addr);
		break;
	default:
		v = __raw_readq(addr);
		width = 8;
		break;
	}
	mr__trace_record(addr, false, width, v, (uintptr_t)__builtin_return_address(0));
	return v;
}

/* Recorded before it is made: what the write sets off comes after it. */
void mr_trace_write(volatile void *addr, unsigned int width, uint64_t v)
{
	if (width != 1 && width != 2 && width != 4)
		width = 8;
	mr__trace_record(addr, true, width, v, (uintptr_t)__builtin_return_address(0));
	switch (width) {
	case 1:
		__raw_writeb((uint8_t)v, addr);
		break;
	case 2:
		__raw_writew((uint16_t)v, addr);
		break;
	case 4:
		__raw_writel((uint32_t)v, addr);
		break;
	default:
		__raw_writeq(v, addr);
		break;
	}
}
