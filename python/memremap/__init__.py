# SPDX-License-Identifier: MIT
"""libmemremap for Python: the kernel's memremap() in user space.

    import memremap

    with memremap.Machine("sim") as machine:          # current inside the block
        with memremap.map(0xfe000000, 0x1000, memremap.DEV) as regs:
            regs.write32(0x04, 0x55aa)
            print(hex(regs.read32(0x04)), regs.info().how)

A Mapping's read8/16/32/64 and write8/16/32/64 are each one access of
exactly that width (the library's readb..readq and writeb..writeq), the
buffer protocol shows the mapped bytes without a copy (memoryview(m),
numpy.frombuffer(m, dtype=...)), and every failure of the library is a
memremap.Error (an OSError with the errno and the library's message).

Registers by name, from description files (docs/registers.md):
memremap.Machine("sim", regs="edu.svd") and then m.read("edu.STATUS:IRQ"),
m.write("edu.STATUS:IRQ", 1) or m.write("edu.STATUS:IRQ=ON") on a mapping
that covers the register; a field is one read and one write of it.

memremap.MMIO(address, size) is python-periphery's MMIO on top of it: a
script that did `from periphery import MMIO` runs with
`from memremap import MMIO`, and gains read64/write64.

docs/python.md in the source tree has the whole story.
"""

import ctypes as _ctypes
import errno as _errno

from ._memremap import (  # noqa: F401  (re-exported)
    DEC,
    DEV,
    ENC,
    EXCLUSIVE,
    HAVE_REGS,
    IORES_DESC_ACPI_NV_STORAGE,
    IORES_DESC_ACPI_TABLES,
    IORES_DESC_CRASH_KERNEL,
    IORES_DESC_CXL,
    IORES_DESC_DEVICE_PRIVATE_MEMORY,
    IORES_DESC_NONE,
    IORES_DESC_PERSISTENT_MEMORY,
    IORES_DESC_PERSISTENT_MEMORY_LEGACY,
    IORES_DESC_RESERVED,
    IORES_DESC_SOFT_RESERVED,
    IORESOURCE_BUSY,
    IORESOURCE_EXCLUSIVE,
    IORESOURCE_IO,
    IORESOURCE_MEM,
    IORESOURCE_MEM_64,
    IORESOURCE_PREFETCH,
    IORESOURCE_SYSRAM,
    IORESOURCE_SYSTEM_RAM,
    KIND,
    PAGE_SIZE,
    REGION_DISJOINT,
    REGION_INTERSECTS,
    REGION_MIXED,
    WB,
    WC,
    WT,
    Device,
    Error,
    Machine,
    Mapping,
    MappingInfo,
    Query,
    Register,
    __version__,
    copy_path,
    current,
    flush_path,
    map,
    query,
    region_intersects,
    type_name,
    use,
)

# Not map(): `from memremap import *` must not hide the builtin map().
__all__ = [
    "WB", "WT", "WC", "ENC", "DEC", "DEV", "EXCLUSIVE", "KIND", "PAGE_SIZE",
    "REGION_INTERSECTS", "REGION_DISJOINT", "REGION_MIXED",
    "Machine", "Mapping", "Device", "MappingInfo", "Query", "Register", "MMIO",
    "Error", "MMIOError",
    "query", "region_intersects", "current", "use", "type_name",
    "copy_path", "flush_path",
]


class MMIOError(Error):
    """python-periphery's MMIOError: the failures of MMIO(); a memremap.Error."""


class MMIO(Mapping):
    """python-periphery's MMIO, mapped through memremap().

    MMIO(physaddr, size) maps [physaddr, physaddr + size) on the current
    machine with `flags` (default DEV: uncached, what periphery's /dev/mem
    with O_SYNC gives), through whatever path the machine's kernel offers
    (a PCI BAR's sysfs file, UIO, device DAX, /dev/mem), or refuses it as
    the kernel's memremap() would: MMIOError with the reason.

    read32/write32, read16/write16, read8/write8, read(offset, length),
    write(offset, data), close(), base, size and pointer are periphery's;
    read64/write64 and everything of memremap.Mapping come on top. As in
    periphery, a bad offset or value is a ValueError and a non-integer a
    TypeError; unlike periphery, an access must also be naturally aligned
    (ValueError otherwise), since a misaligned device access can fault.
    """

    __slots__ = ()

    def __new__(cls, physaddr, size, path="/dev/mem", *, flags=DEV, machine=None):
        if not isinstance(physaddr, int):
            raise TypeError("Invalid physaddr type, should be integer.")
        if not isinstance(size, int):
            raise TypeError("Invalid size type, should be integer.")
        if path != "/dev/mem":
            raise MMIOError(
                _errno.EINVAL,
                f"path={path!r}: memremap finds the way to the memory itself "
                "(PCI sysfs, UIO, DAX, /dev/mem); choose the machine instead",
            )
        try:
            return super().__new__(cls, physaddr, size, flags, machine=machine)
        except Error as e:
            raise MMIOError(e.errno, f"Mapping 0x{physaddr:x}: {e.strerror}") from None
        except ValueError as e:
            raise MMIOError(_errno.EINVAL, f"Mapping 0x{physaddr:x}: {e}") from None

    @property
    def base(self):
        """The base physical address of the region (periphery's base)."""
        return self.phys

    @property
    def pointer(self):
        """A ctypes.c_void_p to the mapped region (periphery's pointer)."""
        return _ctypes.c_void_p(self.address)

    def __str__(self):
        return "MMIO 0x%08x (size=%d)" % (self.base, self.size)
