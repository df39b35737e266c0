/* SPDX-License-Identifier: MIT */
/*
 * mr_memcpy_io(): the copy that suits the mappings at both ends. The table
 * and the reasons are in docs/copies.md.
 */
#include <errno.h>
#include <string.h>

#include "arch/copy.h"

#define MR__IO_TYPES (MEMREMAP_WC | MEMREMAP_DEV)
#define MR__BOUNCE   4096

/* The cache type of the mapping that holds @p, or 0 when none does. */
static unsigned long mr__type_of(const void *p)
{
	struct mr_mapping_info info;

	return mr_mapping_info(p, &info) ? 0 : info.type;
}

/*
 * Device memory on both sides: streaming loads into a cached buffer, then
 * the stores the destination wants, so neither side is read or written in
 * the pattern meant for the other.
 */
static void mr__copy_io_to_io(void *dst, unsigned long dtype, const void *src, size_t n)
{
	_Alignas(MR__LINE) uint8_t buf[MR__BOUNCE];
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		mr_memcpy_from_wc(buf, s, k);
		if (dtype == MEMREMAP_WC)
			mr__copy_ops()->stream(d, buf, k);
		else
			memcpy_toio(d, buf, k);
		d += k;
		s += k;
		n -= k;
	}
	if (dtype == MEMREMAP_WC)
		mr_wc_flush();
}

void mr_memcpy_io(void *dst, const void *src, size_t n)
{
	int saved = errno; /* the lookups must not leave a trace */
	unsigned long dtype, stype;

	if (!n)
		return;
	dtype = mr__type_of(dst);
	stype = mr__type_of(src);
	errno = saved;
	if ((dtype & MR__IO_TYPES) && (stype & MR__IO_TYPES))
		mr__copy_io_to_io(dst, dtype, src, n);
	else if (dtype == MEMREMAP_WC)
		mr_memcpy_to_wc(dst, src, n);
	else if (dtype == MEMREMAP_DEV)
		memcpy_toio(dst, src, n);
	else if (stype & MR__IO_TYPES)
		mr_memcpy_from_wc(dst, src, n);
	else
		memcpy(dst, src, n);
}
