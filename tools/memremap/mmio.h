/* SPDX-License-Identifier: MIT */
/*
 * How the tool touches mapped memory: single accesses of an exact width, and
 * copies chosen by the cache type of the mapping. Every access the tool
 * makes goes through here, so that the accessors of <memremap/io.h> replace
 * these in one place.
 */
#ifndef MR_CLI_MMIO_H
#define MR_CLI_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One access of exactly @bits bits (8, 16, 32, 64), little-endian. */
uint64_t mr_cli_readx(const volatile void *addr, unsigned int bits);
void mr_cli_writex(volatile void *addr, unsigned int bits, uint64_t v);
/*
 * Read-modify-write: one read and one write of exactly @bits bits, the bits
 * of @mask taking those of @value. Returns the value read.
 */
uint64_t mr_cli_rmw(volatile void *addr, unsigned int bits, uint64_t mask, uint64_t value);

/*
 * Copies out of and into a mapping, by the library's rule: mr_memcpy_io()
 * picks the copy from the mapping's cache type. @durable: the destination
 * is cached persistent memory and the data must have reached it when the
 * call returns (mr_memcpy_flushcache()).
 */
void mr_cli_copy_from(void *dst, const void *src, size_t n);
void mr_cli_copy_to(void *dst, const void *src, size_t n, bool durable);

/* A copy routine the bench measures. */
enum mr_cli_dir { MR_CLI_READ, MR_CLI_WRITE };

struct mr_cli_routine {
	const char *name;
	enum mr_cli_dir dir; /* READ: mapping to buffer; WRITE: buffer to mapping */
	unsigned long types; /* the cache types it is meant for (MEMREMAP_* bits) */
	void (*fn)(void *dst, const void *src, size_t n);
};

const struct mr_cli_routine *mr_cli_routines(size_t *n);

/* The instructions the library's copies use ("avx2", ...), or why unknown. */
const char *mr_cli_copy_path(void);

#endif /* MR_CLI_MMIO_H */
