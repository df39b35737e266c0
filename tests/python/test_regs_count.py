# SPDX-License-Identifier: MIT
"""A write of a field by name is one read and one write of its register, a
write of a whole register (or of a field of a write-only one) the write
alone, and a read one read: each load and store that touches the mapped
page is counted on a trapped page (trap.c, through ctypes), as
tests/cli/test_rmw.c counts the CLI's. A refused write touches nothing."""
import ctypes
import os
import struct

import pytest

import memremap
from conftest import PCI_DEV

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "regs")
ODD = """\
odd:
  base: 0xfe000800
  registers:
    CMD:
      offset: 0
      access: WO
      fields: {GO: 0, ARG: 7:4}
"""


@pytest.fixture
def trap():
    lib = ctypes.CDLL(os.environ["MR_PY_TRAP"])
    lib.mrpy_trap_watch.argtypes = [ctypes.c_void_p]
    lib.mrpy_trap_stop.argtypes = [ctypes.POINTER(ctypes.c_uint)] * 2

    def count(m, call):
        """(reads, writes) of @call on the page of mapping @m."""
        r, w = ctypes.c_uint(), ctypes.c_uint()
        assert lib.mrpy_trap_watch(m.address) == 0, ctypes.get_errno()
        try:
            call()
        finally:
            assert lib.mrpy_trap_stop(ctypes.byref(r), ctypes.byref(w)) == 0
        return r.value, w.value

    return count


def test_accesses_by_name(trap, tmp_path, monkeypatch):
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    odd = tmp_path / "odd.regs"
    odd.write_text(ODD)
    mem = tmp_path / "mem"
    mem.touch()
    with memremap.Machine(f"sim,mem={mem}", regs=f"{DATA}/edu.svd:{odd}") as machine, \
            machine.map(PCI_DEV, 0x1000, memremap.DEV) as m:
        m.write32(0x20, 0x5)
        # The counter itself: a read32 is one read, a write32 one write.
        assert trap(m, lambda: m.read32(0x20)) == (1, 0)
        assert trap(m, lambda: m.write32(0x24, 0)) == (0, 1)
        assert trap(m, lambda: m.write("edu.STATUS:IRQ", 1)) == (1, 1)
        assert trap(m, lambda: m.write("edu.STATUS:IRQ=OFF")) == (1, 1)
        assert trap(m, lambda: m.write("edu.DMA_CMD:DIRECTION=TO_RAM")) == (1, 1)
        assert trap(m, lambda: m.read("edu.STATUS:IRQ")) == (1, 0)
        assert trap(m, lambda: m.read("edu.DMA_SRC")) == (1, 0)
        assert trap(m, lambda: m.write("edu.LIVENESS", 7)) == (0, 1)
        assert trap(m, lambda: m.write("edu.DMA_SRC", 1 << 40)) == (0, 1)
        assert trap(m, lambda: m.write("odd.CMD:ARG", 3)) == (0, 1)

        def refused():
            with pytest.raises(memremap.Error):
                m.write("edu.STATUS:IRQ", 2)
        assert trap(m, refused) == (0, 0)
        # And what was written is there.
        assert m.read32(0x20) == 0x5
        assert struct.unpack("<Q", m.read(0x98, 8))[0] == 0x2
        assert m.read32(0x800) == 0x30
