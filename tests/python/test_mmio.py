# SPDX-License-Identifier: MIT
"""memremap.MMIO: python-periphery's MMIO, with its names, errors and bounds."""
import ctypes
import errno

import pytest

import memremap
from memremap import MMIO, MMIOError
from conftest import PCI_DEV, RAM


def test_periphery_api(sim):
    mmio = MMIO(PCI_DEV, 0x1000)
    assert mmio.base == PCI_DEV and mmio.size == 0x1000
    assert str(mmio) == "MMIO 0xfe000000 (size=4096)"
    assert isinstance(mmio, memremap.Mapping)
    mmio.write32(0x00, 0xDEADBEEF)
    assert mmio.read32(0x00) == 0xDEADBEEF
    assert mmio.read16(0x00) == 0xBEEF and mmio.read16(0x02) == 0xDEAD
    assert mmio.read8(0x03) == 0xDE
    mmio.write16(0x10, 0xABCD)
    mmio.write8(0x12, 0x42)
    assert mmio.read(0x10, 3) == b"\xcd\xab\x42"
    mmio.write(0x20, b"\x01\x02")
    mmio.write(0x22, bytearray(b"\x03"))
    mmio.write(0x23, [4, 5])
    assert mmio.read(0x20, 5) == b"\x01\x02\x03\x04\x05"
    assert isinstance(mmio.read(0x20, 5), bytes)
    # What periphery lacked: 64-bit access.
    mmio.write64(0x28, 0x0102030405060708)
    assert mmio.read64(0x28) == 0x0102030405060708
    mmio.close()
    mmio.close()


def test_pointer_is_the_mapping(sim):
    with MMIO(PCI_DEV, 0x100) as mmio:
        p = mmio.pointer
        assert isinstance(p, ctypes.c_void_p) and p.value == mmio.address
        mmio.write32(4, 0x11223344)
        assert ctypes.c_uint32.from_address(p.value + 4).value == 0x11223344


def test_immutable_properties(sim):
    with MMIO(PCI_DEV, 0x100) as mmio:
        with pytest.raises(AttributeError):
            mmio.base = 1000
        with pytest.raises(AttributeError):
            mmio.size = 1000
        with pytest.raises(AttributeError):
            mmio.pointer = None
        with pytest.raises(AttributeError):
            mmio.anything = 1  # no __dict__, as a C object


def test_periphery_errors(sim):
    with pytest.raises(TypeError):
        MMIO("0xfe000000", 0x100)
    with pytest.raises(TypeError):
        MMIO(PCI_DEV, 0x100 * 1.0)
    with MMIO(PCI_DEV, 0x100) as mmio:
        # periphery: ValueError for an offset out of bounds or a bad value.
        with pytest.raises(ValueError):
            mmio.read32(0x100)
        with pytest.raises(ValueError):
            mmio.read32(0xFE)
        with pytest.raises(ValueError):
            mmio.read(0xF0, 0x11)
        with pytest.raises(ValueError):
            mmio.write(0xFF, b"ab")
        with pytest.raises(ValueError):
            mmio.write32(0, 1 << 32)
        with pytest.raises(ValueError):
            mmio.write8(0, -1)
        with pytest.raises(ValueError):
            mmio.write(0, [0x100])
        # ... and TypeError for a non-integer offset or value, or bad data.
        with pytest.raises(TypeError):
            mmio.read32("0")
        with pytest.raises(TypeError):
            mmio.write32(0, "1")
        with pytest.raises(TypeError):
            mmio.write(0, "text")
        # Ours: a misaligned access is refused too.
        with pytest.raises(ValueError, match="not aligned"):
            mmio.read32(2)


def test_mmio_error(sim):
    # The kernel's refusal of an uncached view of System RAM.
    with pytest.raises(MMIOError) as e:
        MMIO(RAM, 0x1000)
    assert e.value.errno == errno.EPERM
    assert isinstance(e.value, memremap.Error) and isinstance(e.value, IOError)
    assert "System RAM" in e.value.strerror
    with pytest.raises(MMIOError) as e:
        MMIO(PCI_DEV, 0)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(MMIOError) as e:
        MMIO(PCI_DEV, 0x100, "/dev/gpiomem")
    assert e.value.errno == errno.EINVAL
    with pytest.raises(MMIOError):
        MMIO(-1, 0x100)


def test_mmio_flags_and_machine(sim):
    other = memremap.Machine("sim")
    try:
        with MMIO(PCI_DEV, 0x100, flags=memremap.WT, machine=other) as mmio:
            assert mmio.type == memremap.WT and mmio.machine is other
            assert mmio.info().how == "sim mmap"
    finally:
        other.close()
