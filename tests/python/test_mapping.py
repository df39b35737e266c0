# SPDX-License-Identifier: MIT
"""memremap.map() and Mapping: accessors, checks, copies, the buffer protocol."""
import errno
import gc
import mmap
import os
import struct
import weakref

import pytest

import memremap
from conftest import ACPI, PCI_BAR, PCI_DEV, RAM

WIDTHS = [(8, "B"), (16, "<H"), (32, "<I"), (64, "<Q")]


def file_bytes(path, phys, n):
    """What another process sees in the sim machine's memory file."""
    with open(path, "rb") as f:
        f.seek(phys)
        return f.read(n)


@pytest.mark.parametrize("bits,fmt", WIDTHS)
def test_write_touches_exactly_its_bytes(sim_file, bits, fmt):
    machine, mem = sim_file
    n = bits // 8
    with memremap.map(PCI_DEV, 0x100, memremap.DEV) as m:
        m.fill(0, 0x100, 0xEE)
        value = 0x8877665544332211 & ((1 << bits) - 1)
        getattr(m, f"write{bits}")(0x40, value)
        # Little-endian on the bus, and the neighbours untouched.
        assert file_bytes(mem, PCI_DEV + 0x40, n) == struct.pack(fmt, value)
        assert file_bytes(mem, PCI_DEV + 0x40 - 1, 1) == b"\xee"
        assert file_bytes(mem, PCI_DEV + 0x40 + n, 1) == b"\xee"
        assert getattr(m, f"read{bits}")(0x40) == value
        top = (1 << bits) - 1
        getattr(m, f"write{bits}")(m.size - n, top)
        assert getattr(m, f"read{bits}")(m.size - n) == top


def test_reads_see_other_writers(sim_file):
    machine, mem = sim_file
    with open(mem, "r+b") as f:
        f.seek(PCI_BAR + 0x10)
        f.write(struct.pack("<IIQ", 0xCAFEF00D, 0, 0x1122334455667788))
    with memremap.map(PCI_BAR, 0x1000, memremap.WC) as m:
        assert m.read32(0x10) == 0xCAFEF00D
        assert m.read64(0x18) == 0x1122334455667788
        assert m.read32(0x1C) == 0x11223344
        assert m.read16(0x12) == 0xCAFE
        assert m.read8(0x13) == 0xCA


@pytest.mark.parametrize("bits,fmt", WIDTHS)
def test_bounds_alignment_and_values(sim, bits, fmt):
    n = bits // 8
    read = f"read{bits}"
    write = f"write{bits}"
    with memremap.map(PCI_DEV, 0x100, memremap.DEV) as m:
        for off in (-n, -1, 0x100, 0x100 - n + 1, 1 << 62, -(1 << 70), 1 << 70):
            if 0 <= off <= 0x100 - n and off % n == 0:
                continue
            with pytest.raises(ValueError):
                getattr(m, read)(off)
            with pytest.raises(ValueError):
                getattr(m, write)(off, 0)
        if n > 1:
            with pytest.raises(ValueError, match="not aligned"):
                getattr(m, read)(n // 2)
            with pytest.raises(ValueError, match="not aligned"):
                getattr(m, write)(1, 0)
        for bad in (-1, 1 << bits, 1 << 100):
            with pytest.raises(ValueError, match="out of range"):
                getattr(m, write)(0, bad)
        for bad in (1.0, "0", None, b"\0"):
            with pytest.raises(TypeError):
                getattr(m, read)(bad)
            with pytest.raises(TypeError):
                getattr(m, write)(0, bad)
        with pytest.raises(TypeError):
            getattr(m, write)(0)
        # Objects with __index__ are integers.
        class Off:
            def __index__(self):
                return n
        getattr(m, write)(Off(), 1)
        assert getattr(m, read)(Off()) == 1


def test_unaligned_phys_is_checked_by_address(sim):
    # A mapping at phys ...02: offset 2 is the 4-byte aligned bus address.
    with memremap.map(PCI_DEV + 2, 0x20, memremap.DEV) as m:
        m.write32(2, 0xA5A5A5A5)
        assert m.read32(2) == 0xA5A5A5A5
        with pytest.raises(ValueError, match="phys 0xfe000002 is not aligned"):
            m.read32(0)


def test_closed_mapping_raises(sim):
    m = memremap.map(PCI_DEV, 0x100, memremap.DEV)
    m.close()
    m.close()  # twice is fine
    assert m.closed
    for call in (lambda: m.read32(0), lambda: m.write8(0, 1), lambda: m.read(0, 4),
                 lambda: m.write(0, b"x"), lambda: m.fill(0, 1), lambda: m.info(),
                 lambda: memoryview(m), lambda: m.address, lambda: m.__enter__()):
        with pytest.raises(ValueError, match="mapping is closed"):
            call()
    assert repr(m) == "<memremap.Mapping closed>"


def test_context_manager_and_attributes(sim):
    with memremap.map(PCI_DEV + 0x10, 0x30, memremap.WT) as m:
        assert m.phys == PCI_DEV + 0x10 and m.size == 0x30 and len(m) == 0x30
        assert m.flags == memremap.WT and m.type == memremap.WT
        assert m.machine is sim and m.device is None
        assert repr(m) == "<memremap.Mapping phys=0xfe000010 size=0x30 wt>"
        info = m.info()
        assert info.address == m.address and info.phys == m.phys and info.size == 0x30
        assert info.how == "sim mmap" and not info.direct and info.device is None
        assert info.map_phys == PCI_DEV and info.map_size == memremap.PAGE_SIZE
        assert weakref.ref(m)() is m
    assert m.closed


def test_kernel_refusals(sim):
    # System RAM asked for WB comes from the direct map; nothing else may alias it.
    with memremap.map(RAM, 0x1000, memremap.WB) as m:
        assert m.info().direct and m.info().how == "direct map"
    for flags, err in ((memremap.DEV, errno.EPERM), (memremap.WC, errno.EPERM), (0, errno.EINVAL),
                       (1 << 20, errno.EINVAL)):
        with pytest.raises(memremap.Error) as e:
            memremap.map(RAM, 0x1000, flags)
        assert e.value.errno == err, flags
        assert e.value.strerror
    # RAM and ACPI tables in one range.
    with pytest.raises(memremap.Error) as e:
        memremap.map(ACPI - 0x1000, 0x2000, memremap.WB)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(memremap.Error) as e:
        memremap.map(0, 0, memremap.WB)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        memremap.map(-1, 0x1000, memremap.WB)
    with pytest.raises(ValueError):
        memremap.map(PCI_DEV, 1 << 64, memremap.WB)


def test_exclusive_and_type_conflicts(sim):
    with memremap.map(PCI_BAR, 0x1000, memremap.WC | memremap.EXCLUSIVE) as m:
        assert m.info().exclusive
        with pytest.raises(memremap.Error) as e:
            memremap.map(PCI_BAR, 0x1000, memremap.WC | memremap.EXCLUSIVE)
        assert e.value.errno == errno.EBUSY
    with memremap.map(PCI_BAR, 0x1000, memremap.WB):
        with pytest.raises(memremap.Error) as e:
            memremap.map(PCI_BAR, 0x1000, memremap.DEV)
        assert e.value.errno == errno.EAGAIN


def test_buffer_protocol_is_the_memory(sim_file):
    machine, mem = sim_file
    with memremap.map(PCI_BAR, 0x2000, memremap.WC) as m:
        v = memoryview(m)
        assert v.nbytes == 0x2000 and not v.readonly and v.format == "B"
        v[0x100:0x104] = b"\x01\x02\x03\x04"
        assert m.read32(0x100) == 0x04030201
        m.write16(0x200, 0xBEEF)
        assert bytes(v[0x200:0x202]) == b"\xef\xbe"
        assert file_bytes(mem, PCI_BAR + 0x100, 4) == b"\x01\x02\x03\x04"
        # struct and ctypes read the same bytes, without a copy.
        assert struct.unpack_from("<H", m, 0x200)[0] == 0xBEEF
        # While a buffer is exported the mapping cannot go.
        with pytest.raises(BufferError, match="exported"):
            m.close()
        assert not m.closed
        v.release()
    assert m.closed


def test_exported_buffer_keeps_mapping(sim):
    m = memremap.map(PCI_DEV, 0x100, memremap.DEV)
    v = memoryview(m)
    ref = weakref.ref(m)
    del m
    gc.collect()
    assert ref() is not None  # the view holds it
    v[0] = 7
    assert ref().read8(0) == 7
    v.release()
    del v
    gc.collect()
    assert ref() is None


def test_bulk_copies(sim_file):
    machine, mem = sim_file
    data = os.urandom(0x3000)
    with memremap.map(PCI_BAR + 0x10, 0x3000, memremap.WC) as m:
        m.write(0, data)
        assert m.read(0, 0x3000) == data
        assert file_bytes(mem, PCI_BAR + 0x10, 0x3000) == data
        assert m.read(0x2FFF, 1) == data[-1:]
        assert m.read(0x3000, 0) == b""
        buf = bytearray(0x100)
        assert m.readinto(0x80, buf) == 0x100 and bytes(buf) == data[0x80:0x180]
        m.write(3, [1, 2, 3])
        m.write(6, (4,))
        m.write(7, bytearray(b"\x05"))
        m.write(8, memoryview(b"\x06\x07"))
        assert m.read(3, 7) == bytes([1, 2, 3, 4, 5, 6, 7])
        m.fill(0x10, 0x20, 0x5A)
        assert m.read(0x10, 0x20) == b"\x5a" * 0x20
        m.fill(0x10, 0x20)
        assert m.read(0x10, 0x20) == bytes(0x20)
        # Out of range, negative, wrong types.
        for off, n in ((0, 0x3001), (0x2FFF, 2), (-1, 1), (1 << 70, 1)):
            with pytest.raises(ValueError):
                m.read(off, n)
            with pytest.raises(ValueError):
                m.write(off, bytes(n) if 0 <= n < 0x4000 else b"x")
        with pytest.raises(ValueError):
            m.read(0, -1)
        with pytest.raises(ValueError):
            m.write(0, [256])
        with pytest.raises(TypeError):
            m.write(0, "text")
        with pytest.raises(TypeError):
            m.write(0, 5)
        with pytest.raises(TypeError):
            m.readinto(0, b"read-only")
        with pytest.raises(TypeError):
            m.read(0, 4, bogus=True)
        # From a view of itself: overlapping ranges copy as memmove does.
        m.write(0, bytes(range(16)))
        with memoryview(m) as v:
            m.write(4, v[0:8])
        assert m.read(0, 12) == bytes([0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7])
        m.write(0, bytes(range(16)))
        with memoryview(m) as v:
            assert m.readinto(2, v[4:12]) == 8
        assert m.read(0, 12) == bytes([0, 1, 2, 3, 2, 3, 4, 5, 6, 7, 8, 9])


def test_safe_copy_survives_lost_memory(sim_file):
    machine, mem = sim_file
    with memremap.map(PCI_BAR, 0x2000, memremap.WC) as m:
        m.write(0, b"\x11" * 0x2000, safe=True)
        assert m.read(0, 0x2000, safe=True) == b"\x11" * 0x2000
        # Another process truncates the memory file under the mapping.
        os.truncate(mem, PCI_BAR)
        with pytest.raises(memremap.Error) as e:
            m.read(0, 0x2000, safe=True)
        assert e.value.errno == errno.EIO
        with pytest.raises(memremap.Error) as e:
            m.write(0, b"\x22" * 16, safe=True)
        assert e.value.errno == errno.EIO
        buf = bytearray(16)
        with pytest.raises(memremap.Error):
            m.readinto(0, buf, safe=True)


def test_register_names_need_descriptions(sim, monkeypatch):
    # Without libmemremap-regs a name is ENOSYS; with it and no description, ENOENT.
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    want = (errno.ENOENT, "no register descriptions") if memremap.HAVE_REGS else \
        (errno.ENOSYS, "libmemremap-regs")
    with memremap.map(PCI_DEV, 0x100, memremap.DEV) as m:
        m.write32(0x20, 0x5)
        for call in (lambda: m.read("edu.STATUS:IRQ"), lambda: m.write("edu.STATUS:IRQ", 1),
                     lambda: m.write("edu.STATUS:IRQ=1")):
            with pytest.raises(memremap.Error) as e:
                call()
            assert e.value.errno == want[0]
            assert want[1] in e.value.strerror
        assert m.read32(0x20) == 0x5


def test_same_page_two_mappings_share_bytes(sim):
    with memremap.map(PCI_DEV, 0x1000, memremap.DEV) as a, \
            memremap.map(PCI_DEV + 0x800, 0x10, memremap.DEV) as b:
        a.write32(0x800, 0xDEADBEEF)
        assert b.read32(0) == 0xDEADBEEF
        assert a.address != b.address


def test_baseline_mmap_sees_the_same_memory(sim_file):
    # What bench/python_read32.py compares against: an mmap of the same file.
    machine, mem = sim_file
    with memremap.map(PCI_DEV, 0x1000, memremap.DEV) as m:
        m.write32(0x20, 0x600DF00D)
        with open(mem, "r+b") as f:
            mm = mmap.mmap(f.fileno(), 0x1000, offset=PCI_DEV)
            assert struct.unpack_from("<I", mm, 0x20)[0] == 0x600DF00D
            mm.close()


def test_arguments_by_name(sim):
    # Python-method habits: keywords, periphery's names among them.
    with memremap.Mapping(PCI_DEV, 0x100, memremap.DEV) as m:
        assert m.machine is sim
        m.write32(offset=8, value=0x11223344)
        assert m.read32(offset=8) == 0x11223344
        m.write16(8, value=0xAAAA)
        assert m.read16(8) == 0xAAAA
        m.write(offset=0x10, data=b"\x01\x02")
        assert m.read(offset=0x10, length=2) == b"\x01\x02"
        m.fill(offset=0x10, length=2, value=7)
        assert m.read(0x10, 2, safe=True) == b"\x07\x07"
        buf = bytearray(2)
        assert m.readinto(offset=0x10, buffer=buf, safe=False) == 2 and buf == b"\x07\x07"
        for call, match in ((lambda: m.read32(), "missing required argument 'offset'"),
                            (lambda: m.read32(0, 1), "at most 1 positional"),
                            (lambda: m.read32(0, offset=0), "multiple values"),
                            (lambda: m.read32(off=0), "unexpected keyword"),
                            (lambda: m.write32(0), "missing required argument 'value'"),
                            (lambda: m.write32(value=1), "missing required argument 'offset'"),
                            (lambda: m.read(0), "missing required argument 'length'"),
                            (lambda: m.read(0, 1, True), "at most 2 positional"),
                            (lambda: m.write(0), "missing required argument 'data'"),
                            (lambda: m.fill(0), "missing required argument 'length'")):
            with pytest.raises(TypeError, match=match):
                call()
    with pytest.raises(TypeError):
        memremap.Mapping(PCI_DEV, 0x100)
    with pytest.raises(TypeError):
        memremap.map(PCI_DEV, 0x100, memremap.DEV, sim)  # machine is keyword-only


def test_mapping_on_another_machine(sim):
    other = memremap.Machine("sim")
    try:
        with memremap.map(PCI_DEV, 0x100, memremap.DEV, machine=other) as m:
            assert m.machine is other
            assert len(other.mappings()) == 1 and sim.mappings() == []
        with pytest.raises(TypeError):
            memremap.map(PCI_DEV, 0x100, memremap.DEV, machine="sim")
    finally:
        other.close()
