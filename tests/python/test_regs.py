# SPDX-License-Identifier: MIT
"""Registers by name (libmemremap-regs): QEMU's edu device described in SVD
(tests/data/regs/edu.svd, at 0xfe000000, the sim machine's 0000:00:03.0)
and in the native YAML format (edu.regs, anchored to its PCI ID), read and
written through mappings of the sim machine whose memory is a file the
tests read and write as another process would, and of the linux machine on
a fake root. Every refusal is checked to leave the memory as it was."""
import errno
import os
import struct
import sys
import tracemalloc

import pytest

import memremap
from conftest import PCI_DEV

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "regs")
SVD = os.path.join(DATA, "edu.svd")
NATIVE = os.path.join(DATA, "edu.regs")
ID, LIVENESS, STATUS, IRQ_ACK, DMA_SRC = (PCI_DEV + o for o in (0, 4, 0x20, 0x64, 0x80))

# Accesses the CLI's tests do not reach: W1C, W1S, WO and RC bits beside a field.
ODD = """\
odd:
  base: 0xfe000800
  registers:
    CTRL:
      offset: 0
      fields:
        EN: {bits: 4, values: {OFF: 0, ON: 1}}
        MODE: 9:8
        PENDING: {bits: 0, access: W1C}
        SET: {bits: 1, access: W1S}
        KICK: {bits: 2, access: WO}
    CMD:
      offset: 4
      access: WO
      reset: 0xa0
      fields:
        GO: 0
        ARG: 7:4
    EVENTS: {offset: 8, access: RC}
    FLAGS:
      offset: 0xc
      fields:
        SEEN: {bits: 0, access: RC}
        MASK: 7:4
    SMALL: {offset: 0x10, width: 8}
    HALF: {offset: 0x12, width: 16}
"""
ODD_BASE = PCI_DEV + 0x800


def test_build_has_regs():
    # The tests below run where the extension is built with libmemremap-regs.
    assert memremap.HAVE_REGS is True


class Mem:
    """The sim machine's memory file (one-file form: offset = phys)."""

    def __init__(self, path):
        self.path = path

    def poke(self, phys, data):
        with open(self.path, "r+b") as f:
            f.seek(phys)
            f.write(data)

    def peek(self, phys, n):
        with open(self.path, "rb") as f:
            f.seek(phys)
            return f.read(n)

    def u32(self, phys):
        return struct.unpack("<I", self.peek(phys, 4))[0]

    def put32(self, phys, v):
        self.poke(phys, struct.pack("<I", v))


@pytest.fixture
def mem(tmp_path):
    path = tmp_path / "mem"
    path.touch()
    return Mem(path)


@pytest.fixture
def odd_file(tmp_path):
    path = tmp_path / "odd.regs"
    path.write_text(ODD)
    return str(path)


@pytest.fixture
def edu(mem, monkeypatch, odd_file):
    """A sim machine with the SVD and ODD descriptions, and a DEV mapping of the device."""
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    with memremap.Machine(f"sim,mem={mem.path}", regs=f"{SVD}:{odd_file}") as machine:
        with machine.map(PCI_DEV, 0x1000, memremap.DEV) as m:
            yield m, mem


def test_read_registers_and_fields(edu):
    m, mem = edu
    mem.put32(ID, 0x010000ED)
    mem.put32(STATUS, 0x81)
    mem.poke(DMA_SRC, struct.pack("<Q", 0x1122334455667788))
    assert m.read("edu.ID") == 0x010000ED
    assert (m.read("edu.ID:MAGIC"), m.read("edu.ID:MINOR"), m.read("edu.ID:MAJOR")) == \
        (0xED, 0, 1)
    # Names compare without regard to case, as the CLI's.
    assert m.read("EDU.status:irq") == 1
    assert m.read("edu.STATUS:COMPUTING") == 1
    assert m.read("edu.STATUS") == 0x81
    assert m.read("edu.DMA_SRC") == 0x1122334455667788
    # Keywords as for offsets.
    assert m.read(offset="edu.STATUS:IRQ") == 1
    mem.put32(STATUS, 0x01)
    assert m.read("edu.STATUS:IRQ") == 0


def test_register_widths_are_their_own(edu):
    m, mem = edu
    mem.poke(ODD_BASE + 0x10, bytes(range(0x10, 0x18)))
    assert m.read("odd.SMALL") == 0x10
    assert m.read("odd.HALF") == 0x1312
    m.write("odd.SMALL", 0xAB)
    m.write("odd.HALF=0xbeef")
    assert mem.peek(ODD_BASE + 0x10, 8) == bytes([0xAB, 0x11, 0xEF, 0xBE, 0x14, 0x15, 0x16,
                                                  0x17])
    with pytest.raises(memremap.Error) as e:
        m.write("odd.SMALL", 0x100)
    assert e.value.errno == errno.ERANGE and "8 bits" in e.value.strerror


def test_machine_reg_says_where(edu):
    m, mem = edu
    r = m.machine.reg("edu.STATUS:IRQ")
    assert isinstance(r, memremap.Register)
    assert tuple(r) == ("edu.STATUS:IRQ", STATUS, 4, 32, 0x80, 7, "RW")
    assert m.machine.reg("edu.dma_src") == ("edu.DMA_SRC", DMA_SRC, 8, 64,
                                            0xFFFFFFFFFFFFFFFF, 0, "RW")
    assert m.machine.reg("edu.STATUS:COMPUTING").access == "RO"
    # A field's named values, by attribute only (the tuple stays seven long).
    assert r.values == {"OFF": 0, "ON": 1} and len(r) == 7
    assert m.machine.reg("edu.STATUS").values == {} and m.machine.reg("edu").values == {}
    mem.put32(STATUS, 0x80)
    names = {v: k for k, v in r.values.items()}
    assert names[m.read("edu.STATUS:IRQ")] == "ON"
    # A block: where to map it.
    b = m.machine.reg("edu")
    assert (b.name, b.phys, b.size, b.width, b.mask, b.access) == ("edu", PCI_DEV, 0xA0, 0, 0,
                                                                    "")
    with pytest.raises(memremap.Error) as e:
        m.machine.reg("edu.NOPE")
    assert e.value.errno == errno.ENOENT and "no register 'NOPE'" in e.value.strerror
    with pytest.raises(TypeError):
        m.machine.reg(0x20)


def test_machine_match_lists_in_order(edu):
    m, mem = edu
    regs = m.machine.match("edu.DMA_*")
    assert [r.name for r in regs] == ["edu.DMA_SRC", "edu.DMA_DST", "edu.DMA_COUNT",
                                      "edu.DMA_CMD"]
    assert all(isinstance(r, memremap.Register) for r in regs)
    assert regs[0] == m.machine.reg("edu.DMA_SRC")
    # Fields, any case, in bit order; a block alone is all of its registers.
    assert [r.name for r in m.machine.match("EDU.status:*")] == ["edu.STATUS:COMPUTING",
                                                                "edu.STATUS:IRQ"]
    everything = m.machine.match("edu")
    assert [r.name for r in everything] == [r.name for r in m.machine.match("edu.*")]
    assert [r.phys for r in everything] == sorted(r.phys for r in everything)
    assert "odd.CTRL" in [r.name for r in m.machine.match("*.CTRL")]
    # What matches reads by its name, the CLI's `memremap read 'edu.*'` in Python.
    mem.put32(STATUS, 0x81)
    values = {r.name: m.read(r.name) for r in m.machine.match("edu.*STATUS")
              if r.access in ("RW", "RO")}
    assert values["edu.STATUS"] == 0x81 and values["edu.IRQ_STATUS"] == 0
    # Nothing matches: an empty list, as a glob that finds nothing.
    assert m.machine.match("edu.NOPE*") == []
    assert m.machine.match("nosuch.*") == []


def test_machine_match_refusals(edu, mem, monkeypatch):
    m, _ = edu
    for bad, exc in ((0x20, TypeError), (None, TypeError), ("edu.\0*", ValueError)):
        with pytest.raises(exc):
            m.machine.match(bad)
    with pytest.raises(memremap.Error) as e:
        m.machine.match("edu." + "X" * 4096)
    assert e.value.errno == errno.EINVAL and "too long" in e.value.strerror
    with pytest.raises(memremap.Error) as e:
        m.machine.match("edu.")
    assert e.value.errno == errno.EINVAL
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    with memremap.Machine(f"sim,mem={mem.path}") as bare:
        with pytest.raises(memremap.Error) as e:
            bare.match("edu.*")
        assert e.value.errno == errno.ENOENT
    bare.close()
    with pytest.raises(ValueError, match="closed"):
        bare.match("edu.*")


def test_field_write_keeps_the_other_bits(edu):
    m, mem = edu
    # Bit 0 is COMPUTING (RO), bit 2 belongs to no field: both are written back.
    mem.put32(STATUS, 0x5)
    m.write("edu.STATUS:IRQ", 1)
    assert mem.u32(STATUS) == 0x85
    m.write("edu.STATUS:IRQ=OFF")
    assert mem.u32(STATUS) == 0x05
    m.write("edu.STATUS:IRQ", "ON")
    assert mem.u32(STATUS) == 0x85
    m.write("edu.STATUS:IRQ", "0x0")
    assert mem.u32(STATUS) == 0x05
    m.write(offset="edu.STATUS:IRQ", data=True)
    assert mem.u32(STATUS) == 0x85
    # A multi-bit field in a 64-bit register.
    mem.poke(PCI_DEV + 0x98, struct.pack("<Q", 0xFFFF_0000_0000_0001))
    m.write("edu.DMA_CMD:DIRECTION=TO_RAM")
    assert mem.peek(PCI_DEV + 0x98, 8) == struct.pack("<Q", 0xFFFF_0000_0000_0003)


def test_field_write_leaves_acting_bits_alone(edu):
    m, mem = edu
    ctrl = ODD_BASE
    # PENDING (W1C), SET (W1S) and KICK (WO) read as 1: writing them back
    # would act, so they are written 0; MODE and bit 31 (no field) are kept.
    mem.put32(ctrl, 0x8000_0307)
    m.write("odd.CTRL:EN=ON")
    assert mem.u32(ctrl) == 0x8000_0310
    mem.put32(ctrl, 0x8000_0007)
    m.write("odd.CTRL:MODE", 2)
    assert mem.u32(ctrl) == 0x8000_0200
    # W1C: the field itself is what is written.
    mem.put32(ctrl, 0x0000_0011)
    m.write("odd.CTRL:PENDING", 1)
    assert mem.u32(ctrl) == 0x0000_0011
    # A write-only register is not read: its other fields get their reset value.
    mem.put32(ODD_BASE + 4, 0xFFFF_FFFF)
    m.write("odd.CMD:GO", 1)
    assert mem.u32(ODD_BASE + 4) == 0xA1
    m.write("odd.CMD=0x5")
    assert mem.u32(ODD_BASE + 4) == 0x5


def test_whole_register_writes(edu):
    m, mem = edu
    m.write("edu.LIVENESS", 0x12345678)
    assert mem.u32(LIVENESS) == 0x12345678
    m.write("edu.DMA_SRC=0x1122334455667788")
    assert mem.peek(DMA_SRC, 8) == bytes.fromhex("8877665544332211")
    m.write("edu.IRQ_ACK", 0x100)
    assert mem.u32(IRQ_ACK) == 0x100


def test_reads_that_mislead_or_act_are_refused(edu):
    m, mem = edu
    mem.put32(ODD_BASE + 8, 0x77)
    mem.put32(ODD_BASE + 0xC, 0x31)
    for name, words in (("edu.IRQ_ACK", "write-only"), ("odd.CTRL:KICK", "write-only"),
                        ("odd.EVENTS", "read-clear"), ("odd.FLAGS:MASK", "clears a field")):
        with pytest.raises(memremap.Error) as e:
            m.read(name)
        assert e.value.errno == errno.EACCES, name
        assert words in e.value.strerror and name.split(":")[0] in e.value.strerror
    assert m.read("odd.EVENTS", read_clear=True) == 0x77
    assert m.read("odd.FLAGS:MASK", read_clear=True) == 0x3
    with pytest.raises(memremap.Error):
        m.read("edu.IRQ_ACK", read_clear=True)  # still write-only
    with pytest.raises(TypeError):
        m.read(0, 4, read_clear=True)


def refused(m, mem, call, exc, err=None, *words):
    """@call raises @exc (errno @err, message with @words); memory is untouched."""
    before = mem.peek(PCI_DEV, 0x1000)
    with pytest.raises(exc) as e:
        call()
    if err is not None:
        assert e.value.errno == err, (e.value, err)
    for w in words:
        assert w in str(e.value), (w, str(e.value))
    assert mem.peek(PCI_DEV, 0x1000) == before
    return e.value


def test_write_verify_reads_back(edu, monkeypatch):
    m, mem = edu
    # Memory reads back what was written: one more read, no complaint.
    m.write("edu.STATUS:IRQ", "ON", verify=True)
    assert struct.unpack("<I", mem.peek(STATUS, 4))[0] & 0x80
    m.write("odd.HALF", 0x1234, verify=True)
    # Nothing is written where the read-back would mislead or act.
    for name in ("odd.CMD", "odd.CTRL:KICK", "odd.FLAGS:MASK"):
        refused(m, mem, lambda: m.write(name, 1, verify=True), memremap.Error, errno.EACCES,
                "verify=True")
    with pytest.raises(TypeError, match="verify is for a register name"):
        m.write(0, b"x", verify=True)
    # A device model whose register does not read back what was written (edu's
    # LIVENESS reads back the inverse): EIO with both values, the write done.
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    with memremap.Machine(f"sim,device=edu@{PCI_DEV:#x}", regs=SVD) as machine:
        with machine.map(PCI_DEV, 0x1000, memremap.DEV) as d:
            with pytest.raises(memremap.Error) as e:
                d.write("edu.LIVENESS", 0x12345678, verify=True)
            assert e.value.errno == errno.EIO
            assert "wrote 0x12345678 but read back 0xedcba987" in e.value.strerror
            d.write("edu.LIVENESS", 0x0F0F0F0F)
            assert d.read("edu.LIVENESS") == 0xF0F0F0F0


def test_bad_names_and_values_change_nothing(edu):
    m, mem = edu
    mem.put32(STATUS, 0x81)
    mem.put32(ID, 0x010000ED)
    E = memremap.Error
    for name, err, words in (
            ("nosuch.X", errno.ENOENT, ["no block 'nosuch'"]),
            ("edu.NOPE", errno.ENOENT, ["no register 'NOPE'"]),
            ("edu.STATUS:NOPE", errno.ENOENT, ["no field 'NOPE'"]),
            ("edu", errno.EINVAL, ["names a whole block"]),
            ("edu.*", errno.EINVAL, ["a pattern"]),
            ("edu.STATUS:*", errno.EINVAL, ["a pattern"]),
            ("", errno.EINVAL, []),
            ("edu..STATUS", errno.ENOENT, ["no register '.STATUS'"]),
            ("x" * 1000, errno.EINVAL, ["too long"])):
        for call in (lambda: m.read(name), lambda: m.write(name, 1),
                     lambda: m.write(name + "=1")):
            refused(m, mem, call, E, err, *words)
    for call, err, words in (
            (lambda: m.write("edu.ID", 1), errno.EACCES, ["edu.ID is RO"]),
            (lambda: m.write("edu.STATUS:COMPUTING=0"), errno.EACCES, ["COMPUTING is RO"]),
            (lambda: m.write("odd.EVENTS", 0), errno.EACCES, ["odd.EVENTS is RC"]),
            (lambda: m.write("odd.FLAGS:SEEN", 0), errno.EACCES, ["SEEN is RC"]),
            (lambda: m.write("edu.STATUS:IRQ", 2), errno.ERANGE, ["does not fit", "1 bits"]),
            (lambda: m.write("edu.STATUS:IRQ=2"), errno.ERANGE, ["does not fit"]),
            (lambda: m.write("edu.STATUS:IRQ=MAYBE"), errno.EINVAL, ["OFF"]),
            (lambda: m.write("edu.STATUS:IRQ="), errno.EINVAL, []),
            (lambda: m.write("edu.LIVENESS", 1 << 32), errno.ERANGE, ["32 bits"])):
        refused(m, mem, call, E, err, *words)
    for call, exc in (
            (lambda: m.write("edu.STATUS:IRQ"), TypeError),          # no value
            (lambda: m.write("edu.STATUS:IRQ=1", 1), TypeError),     # two values
            (lambda: m.write("edu.STATUS:IRQ", 1.0), TypeError),
            (lambda: m.write("edu.STATUS:IRQ", None), TypeError),
            (lambda: m.write("edu.LIVENESS", -1), ValueError),
            (lambda: m.write("edu.DMA_SRC", 1 << 64), ValueError),
            (lambda: m.read("edu.ST\0ATUS"), ValueError)):
        refused(m, mem, call, exc)


def test_names_outside_the_mapping_are_refused(edu, mem):
    m, _ = edu
    machine = m.machine
    with machine.map(PCI_DEV + 0x100, 0x100, memremap.DEV) as high, \
            machine.map(PCI_DEV, 0x84, memremap.DEV) as short, \
            machine.map(PCI_DEV + 0x20, 4, memremap.DEV) as one:
        for mm, name in ((high, "edu.ID"), (short, "edu.DMA_SRC"), (one, "edu.LIVENESS")):
            e = refused(mm, mem, lambda: mm.read(name), memremap.Error, errno.ERANGE, name,
                        "outside this mapping")
            assert f"0x{mm.phys:x}" in e.strerror
            refused(mm, mem, lambda: mm.write(name, 0), memremap.Error, errno.ERANGE)
        # Relative to the mapping: STATUS is at offset 0 of a mapping made there.
        mem.put32(STATUS, 0x80)
        assert one.read("edu.STATUS:IRQ") == 1
        one.write("edu.STATUS:IRQ", 0)
        assert mem.u32(STATUS) == 0


def test_closed_mapping_and_machine(mem, monkeypatch):
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    machine = memremap.Machine(f"sim,mem={mem.path}", regs=SVD)
    m = machine.map(PCI_DEV, 0x100, memremap.DEV)
    m.close()
    with pytest.raises(ValueError, match="closed"):
        m.read("edu.STATUS")
    with pytest.raises(ValueError, match="closed"):
        m.write("edu.STATUS:IRQ", 1)
    machine.close()
    with pytest.raises(ValueError, match="closed"):
        machine.reg("edu.STATUS")


def test_native_file_anchored_to_pci(mem, monkeypatch):
    # edu.regs names the PCI device: the sim machine has no PCI to find it in.
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    mem.put32(ID, 0x010000ED)
    with memremap.Machine(f"sim,mem={mem.path}", regs=NATIVE) as machine:
        with pytest.raises(memremap.Error) as e:
            machine.reg("edu")
        assert e.value.errno == errno.ENODEV and "PCI" in e.value.strerror
        with machine.map(PCI_DEV, 0x1000, memremap.DEV) as m:
            with pytest.raises(memremap.Error) as e:
                m.read("edu.ID")
            assert e.value.errno == errno.ENODEV
    # regs_base anchors it, as the CLI's --regs-base.
    with memremap.Machine(f"sim,mem={mem.path}", regs=NATIVE,
                          regs_base={"EDU": PCI_DEV}) as machine:
        assert machine.reg("edu.STATUS").phys == STATUS
        with machine.map(PCI_DEV, 0x1000, memremap.DEV) as m:
            assert m.read("edu.ID:MAGIC") == 0xED
    for bases, exc, err in (({"nosuch": 1}, memremap.Error, errno.ENOENT),
                            ({"edu": -1}, ValueError, None),
                            ({1: 2}, TypeError, None),
                            ([("edu", 1)], TypeError, None)):
        with pytest.raises(exc) as e:
            memremap.Machine("sim", regs=NATIVE, regs_base=bases)
        if err:
            assert e.value.errno == err and "nosuch" in e.value.strerror


def test_memremap_regs_and_precedence(mem, monkeypatch):
    mem.put32(ID, 0x010000ED)
    monkeypatch.setenv("MEMREMAP_REGS", SVD)
    with memremap.Machine(f"sim,mem={mem.path}") as machine:
        with machine.map(PCI_DEV, 0x100, memremap.DEV) as m:
            assert m.read("edu.ID:MAGIC") == 0xED
    # regs= wins: MEMREMAP_REGS is not even read.
    monkeypatch.setenv("MEMREMAP_REGS", "/nonexistent.regs")
    with memremap.Machine(f"sim,mem={mem.path}", regs=SVD) as machine:
        with machine.map(PCI_DEV, 0x100, memremap.DEV) as m:
            assert m.read("edu.ID:MAJOR") == 1
    # Read at the first name: its error then, and none kept after.
    with memremap.Machine(f"sim,mem={mem.path}") as machine:
        with machine.map(PCI_DEV, 0x100, memremap.DEV) as m:
            with pytest.raises(memremap.Error) as e:
                m.read("edu.ID")
            assert e.value.errno == errno.ENOENT and "/nonexistent.regs" in e.value.strerror
            monkeypatch.delenv("MEMREMAP_REGS")
            with pytest.raises(memremap.Error) as e:
                m.read("edu.ID")
            assert e.value.errno == errno.ENOENT and "MEMREMAP_REGS" in e.value.strerror
            monkeypatch.setenv("MEMREMAP_REGS", f"{DATA}")  # a folder: all three formats
            with pytest.raises(memremap.Error) as e:
                m.read("edu.ID")  # edu is in each file: a second block of that name
            assert e.value.errno == errno.EINVAL and "edu" in e.value.strerror
            monkeypatch.setenv("MEMREMAP_REGS", f"::{SVD}:")
            assert m.read("edu.ID") == 0x010000ED


def test_malformed_descriptions(tmp_path, monkeypatch):
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    cases = {
        "syntax.regs": ("edu: [1, 2\n", errno.EINVAL, "syntax.regs:2: YAML"),
        "wide.regs": ("d:\n  base: 0x1000\n  registers:\n    A: {offset: 0, reset: 0x1ffffffff}\n",
                      errno.EINVAL, "wide.regs:4: register d.A: reset value"),
        "xml.svd": ("<device>\n<oops></device>", errno.EINVAL, "xml.svd:2: XML"),
        "empty.regs": ("", errno.EINVAL, "empty.regs: empty"),
    }
    for name, (text, err, msg) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(memremap.Error) as e:
            memremap.Machine("sim", regs=str(path))
        assert e.value.errno == err and msg in e.value.strerror, (name, e.value)
    with pytest.raises(memremap.Error) as e:
        memremap.Machine("sim", regs=tmp_path / "nonexistent.regs")  # a path object too
    assert e.value.errno == errno.ENOENT and "nonexistent.regs" in e.value.strerror
    # All or nothing: a good file with a bad one loads neither.
    with pytest.raises(memremap.Error):
        memremap.Machine("sim", regs=f"{SVD}:{tmp_path / 'syntax.regs'}")
    with pytest.raises(TypeError):
        memremap.Machine("sim", regs=1)


def test_mmio_takes_names(mem, monkeypatch):
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    mem.put32(STATUS, 0x1)
    with memremap.Machine(f"sim,mem={mem.path}", regs=SVD):
        with memremap.MMIO(PCI_DEV, 0x100) as mmio:
            mmio.write("edu.STATUS:IRQ=ON")
            assert mmio.read("edu.STATUS") == 0x81
            assert mmio.read(0x20, 4) == struct.pack("<I", 0x81)


def test_device_managed_mapping_takes_names(mem, monkeypatch):
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    mem.put32(ID, 0x010000ED)
    with memremap.Machine(f"sim,mem={mem.path}", regs=SVD), memremap.Device("edu0") as dev:
        m = dev.map(PCI_DEV, 0x1000, memremap.DEV)
        assert m.read("edu.ID:MAGIC") == 0xED


def test_pci_anchor_on_a_fake_linux_root(linux_root, monkeypatch):
    """The native file's PCI anchor, found in the fake root's sysfs: edu's BAR0."""
    monkeypatch.delenv("MEMREMAP_REGS", raising=False)
    dev = "sys/bus/pci/devices/0000:00:03.0"
    linux_root.put(f"{dev}/vendor", "0x1234\n")
    linux_root.put(f"{dev}/device", "0x11e8\n")
    with open(linux_root.path / dev / "resource0", "r+b") as f:
        f.write(struct.pack("<I", 0x010000ED))
        f.seek(0x20)
        f.write(struct.pack("<I", 0x1))
    with memremap.Machine(linux_root.spec, regs=NATIVE) as machine:
        b = machine.reg("edu")
        assert (b.phys, b.size) == (0xFEA00000, 0xA0)
        with machine.map(b.phys, b.size, memremap.DEV) as m:
            assert m.info().how == "0000:00:03.0/resource0"
            assert m.read("edu.ID:MAJOR") == 1
            m.write("edu.STATUS:IRQ=ON")
    assert linux_root.byte_at(f"{dev}/resource0", 0x20, 4) == struct.pack("<I", 0x81)


def test_nothing_leaks(edu):
    m, mem = edu
    name, bad, value, big = "edu.STATUS:IRQ", "edu.STATUS:NOPE", "ON", 0x12345678
    objs = (name, bad, value, big, m, m.machine)
    refs = [sys.getrefcount(o) for o in objs]

    def calls():
        m.write(name, value)
        m.write("edu.LIVENESS", big)
        m.read(name)
        m.machine.reg(name)
        m.machine.match("edu.*")
        for call in (lambda: m.read(bad), lambda: m.write(bad, value),
                     lambda: m.write(name, "MAYBE"), lambda: m.write(name, 1, 2),
                     lambda: m.machine.reg(bad), lambda: m.read("edu.IRQ_ACK"),
                     lambda: m.machine.match(".X")):
            try:
                call()
            except (memremap.Error, TypeError):
                pass

    for _ in range(200):
        calls()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(2000):
            calls()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename") if s.size_diff > 0)
    assert grown < 64 * 1024, grown
    assert [sys.getrefcount(o) for o in objs] == refs
