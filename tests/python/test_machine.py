# SPDX-License-Identifier: MIT
"""memremap.Machine: opening, the current machine, closing, queries."""
import errno
import gc
import os

import pytest

import memremap
from conftest import ACPI, PCI_BAR, PCI_DEV, RAM


def test_open_and_describe(sim):
    assert sim.spec == "sim"
    assert sim.platform == "sim"
    assert 32 <= sim.phys_bits <= 52
    assert not sim.closed
    assert repr(sim) == "<memremap.Machine 'sim'>"
    text = sim.iomem()
    assert "fe000000-fe000fff : 0000:00:03.0\n" in text
    assert text.startswith("00000000-00000fff : Reserved\n")


def test_open_errors():
    with pytest.raises(memremap.Error) as e:
        memremap.Machine("sim:/nonexistent/map")
    assert e.value.errno == errno.ENOENT
    assert isinstance(e.value, OSError)
    assert "/nonexistent/map" in e.value.strerror
    with pytest.raises(memremap.Error) as e:
        memremap.Machine("vax")
    assert e.value.errno == errno.EINVAL
    assert "unknown machine 'vax'" in e.value.strerror
    with pytest.raises(memremap.Error) as e:
        memremap.Machine("sim,phys-bits=99")
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        memremap.Machine(42)
    with pytest.raises(ValueError):
        memremap.Machine("sim\0")


def test_map_file_and_phys_bits(tmp_path):
    iomem = tmp_path / "iomem"
    iomem.write_text("00000000-0009ffff : System RAM\n"
                     "fe000000-fe0fffff : 0000:00:02.0\n")
    with memremap.Machine(f"sim:{iomem},phys-bits=36") as m:
        assert m.phys_bits == 36
        assert m.region_intersects(0, 0x1000) == memremap.REGION_INTERSECTS
        assert m.region_intersects(0xFE000000, 0x1000) == memremap.REGION_DISJOINT
        with pytest.raises(memremap.Error) as e:
            m.map(1 << 36, 0x1000, memremap.DEV)
        assert e.value.errno == errno.ERANGE


def test_current_and_use(sim):
    # The fixture entered sim: it is current, and the module functions use it.
    assert memremap.current() is sim
    with memremap.map(PCI_DEV, 0x100, memremap.DEV) as m:
        assert m.machine is sim
    other = memremap.Machine("sim")
    try:
        assert memremap.use(other) is sim
        assert memremap.current() is other
        with memremap.map(PCI_DEV, 0x100, memremap.DEV) as m:
            assert m.machine is other
        assert other.use() is other
        assert memremap.use(sim) is other
        assert memremap.current() is sim
    finally:
        other.close()
    with pytest.raises(TypeError):
        memremap.use("sim")


def test_context_manager_nesting():
    before = memremap.current()
    with memremap.Machine("sim") as a:
        assert memremap.current() is a
        with memremap.Machine("sim") as b:
            assert memremap.current() is b
        assert b.closed
        assert memremap.current() is a
    assert a.closed
    # Back to the machine current before the block (MEMREMAP_MACHINE's).
    assert memremap.current() is before


def test_default_machine_follows_environment():
    # CTest sets MEMREMAP_MACHINE=sim: the default machine is a sim one.
    assert os.environ.get("MEMREMAP_MACHINE") == "sim"
    d = memremap.current()
    assert d.platform == "sim"
    # The library's own default machine is never closed from Python.
    d.close()
    assert not d.closed
    assert memremap.current() is d


def test_close_waits_for_mappings():
    m = memremap.Machine("sim")
    mapping = m.map(PCI_DEV, 0x1000, memremap.DEV)
    mapping.write32(0, 0x12345678)
    m.close()
    assert m.closed
    # Closed for new mappings, yet the one it made still works.
    with pytest.raises(ValueError, match="machine is closed"):
        m.map(PCI_DEV, 0x1000, memremap.DEV)
    with pytest.raises(ValueError):
        m.query(PCI_DEV, 0x1000, memremap.DEV)
    assert mapping.read32(0) == 0x12345678
    assert repr(m) == "<memremap.Machine 'sim' (closing)>"
    mapping.close()
    assert repr(m) == "<memremap.Machine (closed)>"
    with pytest.raises(ValueError):
        m.spec


def test_mapping_keeps_machine_alive():
    m = memremap.Machine("sim")
    mapping = m.map(PCI_DEV, 0x1000, memremap.DEV)
    del m
    gc.collect()
    mapping.write64(8, 0x0123456789ABCDEF)
    assert mapping.read64(8) == 0x0123456789ABCDEF
    assert mapping.machine.spec == "sim"
    mapping.close()
    assert mapping.machine is None


def test_query(sim):
    q = sim.query(PCI_DEV, 0x1000, memremap.WT)
    assert q.result == 0 and q.how == "sim mmap" and q.type == memremap.WT
    assert q.ri == memremap.REGION_DISJOINT
    q = sim.query(RAM, 0x1000, memremap.WB)
    assert q.result == 0 and q.direct and q.how == "direct map"
    q = sim.query(RAM, 0x1000, memremap.DEV)
    assert q.result == -errno.EPERM and "System RAM" in q.why
    q = memremap.query(ACPI - 0x1000, 0x2000, memremap.WB)
    assert q.result == -errno.EINVAL and q.ri == memremap.REGION_MIXED
    # A query maps nothing.
    assert sim.mappings() == []


def test_region_intersects(sim):
    assert memremap.region_intersects(RAM, 0x1000) == memremap.REGION_INTERSECTS
    assert memremap.region_intersects(PCI_DEV, 0x1000) == memremap.REGION_DISJOINT
    assert memremap.region_intersects(ACPI - 0x1000, 0x2000) == memremap.REGION_MIXED
    assert sim.region_intersects(ACPI, 0x1000, memremap.IORESOURCE_MEM,
                                 memremap.IORES_DESC_ACPI_TABLES) == memremap.REGION_INTERSECTS
    other = memremap.Machine("sim")
    try:
        assert memremap.region_intersects(RAM, 0x1000, machine=other) == 0
    finally:
        other.close()


def test_memtype_and_mappings(tmp_path):
    pat = tmp_path / "pat"
    pat.write_text("PAT memtype list:\n"
                   "PAT: [mem 0x00000000fe000000-0x00000000fe001000] uncached-minus\n"
                   "PAT: [mem 0x00000000e0800000-0x00000000e0801000] write-back\n")
    with memremap.Machine(f"sim,pat={pat}") as m:
        t, who = m.memtype(PCI_DEV, 0x1000)
        assert t == memremap.DEV and "PAT" in who
        assert m.memtype(PCI_BAR, 0x1000) is None
        # Write-back over the kernel's UC- takes UC-, and says so.
        with m.map(PCI_DEV, 0x1000, memremap.WB) as wb:
            assert wb.type == memremap.DEV and wb.info().note
        # Uncached over the kernel's write-back is refused.
        with pytest.raises(memremap.Error) as e:
            m.map(PCI_BAR + 0x800000, 0x1000, memremap.DEV)
        assert e.value.errno == errno.EAGAIN
        assert "write-back" in e.value.strerror
        a = m.map(PCI_BAR, 0x2000, memremap.WC)
        b = m.map(PCI_DEV + 0x10, 0x10, memremap.DEV)
        infos = sorted(m.mappings(), key=lambda i: i.phys)
        assert [(i.phys, i.size, i.type) for i in infos] == [
            (PCI_BAR, 0x2000, memremap.WC), (PCI_DEV + 0x10, 0x10, memremap.DEV)]
        assert {i.address for i in infos} == {a.address, b.address}
        a.close()
        b.close()
        assert m.mappings() == []


def test_copy_and_flush_paths():
    assert memremap.copy_path() in {"avx512", "avx2", "sse4.1", "sse2", "generic"}
    assert memremap.flush_path()
    assert memremap.type_name(memremap.WC) == "wc"
    assert memremap.type_name(memremap.DEV) == "dev"
    assert memremap.type_name(12345) == "?"


def test_default_machine_that_cannot_open(tmp_path):
    # The default machine is opened on first use; when MEMREMAP_MACHINE names
    # one that cannot be opened, that use raises, and nothing is left behind.
    import subprocess
    import sys
    code = """if True:
        import errno, memremap
        for call in (memremap.current, lambda: memremap.map(0xfe000000, 16, memremap.DEV),
                     lambda: memremap.query(0xfe000000, 16, memremap.DEV)):
            try:
                call()
            except memremap.Error as e:
                assert e.errno == errno.EINVAL and "vax" in e.strerror, e
            else:
                raise SystemExit("no error")
        with memremap.Machine("sim") as m:
            assert memremap.current() is m
        print("ok")
        """
    env = dict(os.environ, MEMREMAP_MACHINE="vax")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "ok\n", r.stdout + r.stderr


def test_star_import_keeps_builtin_map():
    scope = {}
    exec("from memremap import *", scope)
    assert "map" not in scope and scope["MMIO"] is memremap.MMIO and scope["WC"] == memremap.WC
    assert all(hasattr(memremap, name) for name in memremap.__all__)


def test_arch(tmp_path):
    """arch=arm64: the arm64 kernel's rules and the names of its attributes."""
    iomem = tmp_path / "iomem"
    iomem.write_text("09000000-09000fff : pl011@9000000\n"
                     "40000000-7fffffff : System RAM\n")
    with memremap.Machine(f"sim:{iomem}") as m:
        assert m.arch == "x86_64"
        with m.map(0x9000000, 0x1000, memremap.WT) as p:
            assert (p.type, p.attr) == (memremap.WT, "WT")
    with memremap.Machine(f"sim:{iomem},arch=arm64") as m:
        assert (m.arch, m.phys_bits) == ("arm64", 48)
        with m.map(0x9000000, 0x1000, memremap.WT) as p:
            assert (p.type, p.attr) == (memremap.DEV, "Device-nGnRE")
            assert "write-through" in p.info().note
        with m.map(0x9000000, 0x1000, memremap.WC) as p:
            assert p.attr == "Normal-NC"
        with m.map(0x40000000, 0x1000, memremap.WB) as p:
            assert p.attr == "Normal" and p.info().direct
    with pytest.raises(memremap.Error) as e:
        memremap.Machine(f"sim:{iomem},arch=sparc")
    assert e.value.errno == errno.EINVAL
