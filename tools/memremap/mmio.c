// SPDX-License-Identifier: MIT
/*
 * The tool's accessors. Until <memremap/io.h> is in the library, these are
 * volatile accesses of the exact width: the compiler may neither split,
 * merge nor drop them, which is all a register needs from a tool that makes
 * one access at a time.
 */
#include <string.h>

#include <memremap.h>

#include "mmio.h"

uint64_t mr_cli_readx(const volatile void *addr, unsigned int bits)
{
	switch (bits) {
	case 8:
		return *(const volatile uint8_t *)addr;
	case 16:
		return *(const volatile uint16_t *)addr;
	case 32:
		return *(const volatile uint32_t *)addr;
	default:
		return *(const volatile uint64_t *)addr;
	}
}

void mr_cli_writex(volatile void *addr, unsigned int bits, uint64_t v)
{
	switch (bits) {
	case 8:
		*(volatile uint8_t *)addr = (uint8_t)v;
		break;
	case 16:
		*(volatile uint16_t *)addr = (uint16_t)v;
		break;
	case 32:
		*(volatile uint32_t *)addr = (uint32_t)v;
		break;
	default:
		*(volatile uint64_t *)addr = v;
		break;
	}
}

/*
 * memcpy_fromio()'s promise: each source byte read once, nothing outside
 * the range, in aligned accesses of up to 64 bits.
 */
static void mr_cli_io_from(void *dst, const void *src, size_t n)
{
	const volatile uint8_t *s = src;
	uint8_t *d = dst;
	uint64_t v;

	for (; n && ((uintptr_t)s & 7); n--)
		*d++ = *s++;
	for (; n >= 8; n -= 8, s += 8, d += 8) {
		v = *(const volatile uint64_t *)s;
		memcpy(d, &v, 8);
	}
	for (; n; n--)
		*d++ = *s++;
}

static void mr_cli_io_to(void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst;
	const uint8_t *s = src;
	uint64_t v;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = *s++;
	for (; n >= 8; n -= 8, s += 8, d += 8) {
		memcpy(&v, s, 8);
		*(volatile uint64_t *)d = v;
	}
	for (; n; n--)
		*d++ = *s++;
}

static bool mr_cli_is_device(unsigned long type)
{
	return type == MEMREMAP_WC || type == MEMREMAP_DEV;
}

void mr_cli_copy_from(void *dst, const void *src, size_t n, unsigned long type)
{
	if (mr_cli_is_device(type))
		mr_cli_io_from(dst, src, n);
	else
		memcpy(dst, src, n);
}

void mr_cli_copy_to(void *dst, const void *src, size_t n, unsigned long type)
{
	if (mr_cli_is_device(type))
		mr_cli_io_to(dst, src, n);
	else
		memcpy(dst, src, n);
}

static void mr_cli_memcpy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}

#define MR_CLI_ALL_TYPES (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC | MEMREMAP_DEV)

static const struct mr_cli_routine mr_cli_routine_table[] = {
	{"memcpy", MR_CLI_READ, MR_CLI_ALL_TYPES, mr_cli_memcpy},
	{"memcpy", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_cli_memcpy},
	{"io64", MR_CLI_READ, MR_CLI_ALL_TYPES, mr_cli_io_from},
	{"io64", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_cli_io_to},
};

const struct mr_cli_routine *mr_cli_routines(size_t *n)
{
	*n = sizeof(mr_cli_routine_table) / sizeof(mr_cli_routine_table[0]);
	return mr_cli_routine_table;
}

const char *mr_cli_copy_path(void)
{
	return "generic (the tool's own; <memremap/io.h> not in the library yet)";
}
