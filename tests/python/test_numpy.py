# SPDX-License-Identifier: MIT
"""numpy over a mapping: numpy.frombuffer() sees the mapped bytes, no copy."""
# needs: numpy
import numpy as np
import pytest

import memremap
from conftest import PCI_BAR


def test_frombuffer_is_the_mapping(sim_file):
    machine, mem = sim_file
    with memremap.map(PCI_BAR, 0x10000, memremap.WC) as m:
        words = np.frombuffer(m, dtype=np.uint32)
        assert words.size == 0x4000 and words.flags.writeable
        # The array's memory is the mapping's: same address, nothing copied.
        assert words.ctypes.data == m.address
        m.write32(0x40, 0x01020304)
        assert words[0x10] == 0x01020304
        words[0x11] = 0xA0B0C0D0
        assert m.read32(0x44) == 0xA0B0C0D0
        with open(mem, "rb") as f:
            f.seek(PCI_BAR + 0x44)
            assert f.read(4) == b"\xd0\xc0\xb0\xa0"
        # Typed views at an offset, as register blocks are read.
        q = np.frombuffer(m, dtype="<u8", count=4, offset=0x40)
        assert q[0] == 0xA0B0C0D001020304
        words[:] = np.arange(0x4000, dtype=np.uint32)
        assert m.read32(4 * 0x1234) == 0x1234
        # The arrays pin the mapping.
        with pytest.raises(BufferError):
            m.close()
        del words, q
    assert m.closed


def test_readinto_numpy_array(sim):
    with memremap.map(PCI_BAR, 0x1000, memremap.WC) as m:
        m.write(0, np.arange(256, dtype=np.uint16).tobytes())
        out = np.empty(256, dtype=np.uint16)
        assert m.readinto(0, out) == 512
        assert (out == np.arange(256)).all()
        m.write(0x200, np.full(4, 0x7F, dtype=np.uint8))
        assert m.read(0x200, 4) == b"\x7f" * 4


def test_frombuffer_of_closed_mapping_raises(sim):
    m = memremap.map(PCI_BAR, 0x1000, memremap.WC)
    m.close()
    with pytest.raises(ValueError):
        np.frombuffer(m, dtype=np.uint8)
