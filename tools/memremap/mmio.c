// SPDX-License-Identifier: MIT
/*
 * The tool's accessors, on <memremap/io.h>: the kernel's readX()/writeX()
 * for single values (one access of exactly that width, ordered), and for
 * ranges the copy the library picks for the mapping's cache type
 * (docs/copies.md); bench names each routine itself, since it measures each.
 */
#include <string.h>

#include <memremap.h>
#include <memremap/io.h>

#include "mmio.h"

uint64_t mr_cli_readx(const volatile void *addr, unsigned int bits)
{
	switch (bits) {
	case 8:
		return readb(addr);
	case 16:
		return readw(addr);
	case 32:
		return readl(addr);
	default:
		return readq(addr);
	}
}

void mr_cli_writex(volatile void *addr, unsigned int bits, uint64_t v)
{
	switch (bits) {
	case 8:
		writeb((uint8_t)v, addr);
		break;
	case 16:
		writew((uint16_t)v, addr);
		break;
	case 32:
		writel((uint32_t)v, addr);
		break;
	default:
		writeq(v, addr);
		break;
	}
}

uint64_t mr_cli_rmw(volatile void *addr, unsigned int bits, uint64_t mask, uint64_t value)
{
	uint64_t old = mr_cli_readx(addr, bits);

	mr_cli_writex(addr, bits, (old & ~mask) | (value & mask));
	return old;
}

/*
 * The library's rule picks the copy: mr_memcpy_io() by the cache type of
 * the mapping (each byte of device memory touched once, streaming loads and
 * stores for WC). Durability is the caller's to ask for.
 */
void mr_cli_copy_from(void *dst, const void *src, size_t n)
{
	mr_memcpy_io(dst, src, n);
}

void mr_cli_copy_to(void *dst, const void *src, size_t n, bool durable)
{
	if (durable)
		mr_memcpy_flushcache(dst, src, n);
	else
		mr_memcpy_io(dst, src, n);
}

static void mr_cli_memcpy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}

static void mr_cli_toio(void *dst, const void *src, size_t n)
{
	memcpy_toio(dst, src, n);
}

static void mr_cli_fromio(void *dst, const void *src, size_t n)
{
	memcpy_fromio(dst, src, n);
}

/* A fill is a write too; the source is ignored. */
static void mr_cli_memset_io(void *dst, const void *src, size_t n)
{
	(void)src;
	memset_io(dst, 0x5a, n);
}

#define MR_CLI_ALL_TYPES (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC | MEMREMAP_DEV)
#define MR_CLI_CACHED	 (MEMREMAP_WB | MEMREMAP_WT)
/*
 * glibc's memcpy on arm64 Device memory is a bus error (unaligned vector
 * stores, DC ZVA in memset): the bench leaves it out there.
 */
#if defined(__aarch64__)
#define MR_CLI_MEMCPY_TYPES (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC)
#else
#define MR_CLI_MEMCPY_TYPES MR_CLI_ALL_TYPES
#endif

static const struct mr_cli_routine mr_cli_routine_table[] = {
	{"memcpy", MR_CLI_READ, MR_CLI_MEMCPY_TYPES, mr_cli_memcpy},
	{"memcpy_fromio", MR_CLI_READ, MR_CLI_ALL_TYPES, mr_cli_fromio},
	{"mr_memcpy_from_wc", MR_CLI_READ, MR_CLI_ALL_TYPES, mr_memcpy_from_wc},
	{"mr_memcpy_io", MR_CLI_READ, MR_CLI_ALL_TYPES, mr_memcpy_io},
	{"memcpy", MR_CLI_WRITE, MR_CLI_MEMCPY_TYPES, mr_cli_memcpy},
	{"memcpy_toio", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_cli_toio},
	{"memset_io", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_cli_memset_io},
	{"mr_memcpy_to_wc", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_memcpy_to_wc},
	/* Cache write-back means nothing where nothing is cached. */
	{"mr_memcpy_flushcache", MR_CLI_WRITE, MR_CLI_CACHED, mr_memcpy_flushcache},
	{"mr_memcpy_io", MR_CLI_WRITE, MR_CLI_ALL_TYPES, mr_memcpy_io},
};

const struct mr_cli_routine *mr_cli_routines(size_t *n)
{
	*n = sizeof(mr_cli_routine_table) / sizeof(mr_cli_routine_table[0]);
	return mr_cli_routine_table;
}

const char *mr_cli_copy_path(void)
{
	static char path[64];

	if (!path[0])
		snprintf(path, sizeof(path), "%s, cache flush: %s", mr_copy_path(),
			 mr_flush_path());
	return path;
}
