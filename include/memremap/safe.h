/* SPDX-License-Identifier: MIT */
/*
 * memremap/safe.h - copies to and from a mapping that survive its loss.
 *
 * The memory behind a mapping can go away while it is mapped: a PCI device
 * is removed or reset, a driver claims the range and the kernel revokes
 * /dev/mem mappings of it, the file behind a simulated machine's memory is
 * truncated by another process. The next access then raises SIGBUS (or
 * SIGSEGV), and by default that kills the process: a test rig loses its
 * whole run for one device. These copies turn such a fault into an error
 * return.
 *
 * How: while any safe copy runs (in any thread), handlers for SIGBUS and
 * SIGSEGV stand in front of whatever was installed; the last copy to end
 * puts back what it found. A fault that hits the ranges of the faulting
 * thread's own copy ends that copy (siglongjmp); every other fault goes to
 * the handler that was in front before, exactly as if ours were not there
 * (the default action kills the process as before, with the same signal).
 * Outside copies the application's handlers are untouched. A handler the
 * application installs while a copy runs stays when the copy ends. The
 * copies are thread-safe and may run in any number of threads; each costs
 * a few system calls more than a plain copy.
 */
#ifndef MEMREMAP_SAFE_H
#define MEMREMAP_SAFE_H

#include <stddef.h>

#include "config.h" /* beside this file once installed; generated into the build tree */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * mr_memcpy_fromio_safe() - copy from a mapping, surviving a fault
 * @dst: where to copy to, in ordinary memory
 * @src: where to copy from, inside a mapping
 * @n: number of bytes
 *
 * Reads @src as memcpy_fromio() does: bytes up to an 8-byte boundary of
 * @src, then naturally aligned 8-byte loads, then bytes. When the memory
 * behind @src or @dst faults, the copy stops there: the bytes before the
 * fault may have been copied, none after it.
 *
 * Return: 0; -EIO when the copy met SIGBUS (the memory behind the mapping
 * is gone: device removed, range revoked, file truncated); -EFAULT when it
 * met SIGSEGV (an address not mapped, or not readable or writable);
 * -EINVAL for a NULL pointer with @n non-zero or a range that wraps;
 * -ENOSYS when the handlers cannot be installed. errno and mr_errmsg() are
 * set on failure.
 */
MR_API int mr_memcpy_fromio_safe(void *dst, const void *src, size_t n);

/**
 * mr_memcpy_toio_safe() - copy to a mapping, surviving a fault
 * @dst: where to copy to, inside a mapping
 * @src: where to copy from, in ordinary memory
 * @n: number of bytes
 *
 * Writes @dst as memcpy_toio() does: bytes up to an 8-byte boundary of
 * @dst, then naturally aligned 8-byte stores, then bytes.
 *
 * Return: as for mr_memcpy_fromio_safe().
 */
MR_API int mr_memcpy_toio_safe(void *dst, const void *src, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_SAFE_H */
