/* SPDX-License-Identifier: MIT */
/*
 * mr_memcpy_io(): the copy that suits the mappings at both ends. The table
 * and the reasons are in docs/copies.md.
 */
#include <string.h>

#include "copy.h"
#include "mr_memremap.h"

#define MR__IO_TYPES (MEMREMAP_WC | MEMREMAP_DEV)
#define MR__BOUNCE   4096

/*
 * The cache type of the mapping that holds @p, or 0 when none does: what
 * mr_mapping_info() says, without its error for plain memory (a copy that
 * succeeds must not leave errno or mr_errmsg() changed). The direct map is
 * WB, which copies the way unmapped memory does.
 */
static unsigned long mr__type_of(const void *p)
{
	return mr__mapping_type_at(p);
}

/*
 * Whether a write-back of the lines at @p can matter: not on a WT, WC or
 * DEV mapping, whose stores never stay in the cache. Cache maintenance is
 * kept off those (arm64 Device memory takes no DC ZVA, and a user-space
 * driver has no business cleaning lines of a device).
 */
bool mr__flush_wanted(const void *p)
{
	unsigned long type = mr__type_of(p);

	return !type || type == MEMREMAP_WB;
}

void mr_memcpy_flushcache(void *dst, const void *src, size_t n)
{
	mr__memcpy_flushcache(dst, src, n, n && mr__flush_wanted(dst));
}

void mr_flush_range(const void *addr, size_t n)
{
	mr__flush_range(addr, n, n && mr__flush_wanted(addr));
}

enum mr__io_copy mr__memcpy_io_choice(const void *dst, const void *src)
{
	unsigned long dtype = mr__type_of(dst), stype = mr__type_of(src);

	if ((dtype & MR__IO_TYPES) && (stype & MR__IO_TYPES))
		return dtype == MEMREMAP_WC ? MR__IO_BOUNCE_TO_WC : MR__IO_BOUNCE_TOIO;
	if (dtype == MEMREMAP_WC)
		return MR__IO_TO_WC;
	if (dtype == MEMREMAP_DEV)
		return MR__IO_TOIO;
	if (stype & MR__IO_TYPES)
		return MR__IO_FROM_WC;
	return MR__IO_MEMCPY;
}

/*
 * Device memory on both sides: streaming loads into a cached buffer, then
 * the stores the destination wants, so neither side sees the access
 * pattern meant for the other.
 */
static void mr__copy_bounce(void *dst, const void *src, size_t n, bool wc)
{
	_Alignas(MR__LINE) uint8_t buf[MR__BOUNCE];
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		mr_memcpy_from_wc(buf, s, k);
		if (wc)
			mr__copy_ops()->stream(d, buf, k);
		else
			memcpy_toio(d, buf, k);
		d += k;
		s += k;
		n -= k;
	}
	if (wc)
		mr_wc_flush();
}

void mr_memcpy_io(void *dst, const void *src, size_t n)
{
	if (!n)
		return;
	switch (mr__memcpy_io_choice(dst, src)) {
	case MR__IO_BOUNCE_TO_WC:
		mr__copy_bounce(dst, src, n, true);
		break;
	case MR__IO_BOUNCE_TOIO:
		mr__copy_bounce(dst, src, n, false);
		break;
	case MR__IO_TO_WC:
		mr_memcpy_to_wc(dst, src, n);
		break;
	case MR__IO_TOIO:
		memcpy_toio(dst, src, n);
		break;
	case MR__IO_FROM_WC:
		mr_memcpy_from_wc(dst, src, n);
		break;
	default:
		memcpy(dst, src, n);
	}
}
