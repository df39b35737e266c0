# SPDX-License-Identifier: MIT
"""The package on the linux machine, through a fake root (linux,root=DIR):
proc/iomem, sysfs files and device nodes that are regular files, so every
path really maps and the bytes land where the kernel's file would put them."""
import errno

import pytest

import memremap
from memremap import MMIO
from conftest import LINUX

PCI3 = "sys/bus/pci/devices/0000:00:03.0"
PCI4 = "sys/bus/pci/devices/0000:00:04.0"


def test_machine(linux):
    machine, root = linux
    assert machine.platform == "linux" and machine.phys_bits == 40
    assert memremap.current() is machine
    assert memremap.region_intersects(LINUX["RAM"], 0x1000) == memremap.REGION_INTERSECTS
    t, who = machine.memtype(0xFED00000, 0x1000)
    assert t == memremap.DEV and "uncached-minus" in who


@pytest.mark.parametrize("phys,flags,how,type_,file,off", [
    (LINUX["EDU"] + 0x10, memremap.DEV, "0000:00:03.0/resource0", memremap.DEV, PCI3 + "/resource0", 0x10),
    (LINUX["SHM"] + 0x3000, memremap.WC, "0000:00:04.0/resource2_wc", memremap.WC, PCI4 + "/resource2_wc", 0x3000),
    (LINUX["SHM_REG"] + 8, memremap.DEV, "0000:00:04.0/resource0", memremap.DEV, PCI4 + "/resource0", 8),
    (LINUX["CARVE"] + 0x10000, memremap.DEV, "/dev/mem O_SYNC", memremap.DEV, "dev/mem", LINUX["CARVE"] + 0x10000),
    (LINUX["CARVE"] + 0x123 * 8, memremap.WB, "/dev/mem", memremap.WB, "dev/mem", LINUX["CARVE"] + 0x123 * 8),
    (LINUX["DAX"] + 0x201000, memremap.WB, "/dev/dax0.0", memremap.WB, "dev/dax0.0", 0x201000),
    (LINUX["UIO"] + 0x40, memremap.DEV, "/dev/uio0 map0", memremap.DEV, "dev/uio0", 0x40),
])
def test_paths(linux, phys, flags, how, type_, file, off):
    machine, root = linux
    with memremap.map(phys, 0x100, flags) as m:
        info = m.info()
        assert info.how == how and info.type == type_
        m.write32(0, 0x12345678)
        m.write64(8, 0x1122334455667788)
        assert root.byte_at(file, off, 4) == b"\x78\x56\x34\x12"
        assert root.byte_at(file, off + 8, 8) == bytes.fromhex("8877665544332211")
        assert m.read(0, 4) == b"\x78\x56\x34\x12"


def test_write_through_is_served_uncached(linux):
    machine, root = linux
    with memremap.map(LINUX["EDU"] + 0x2000, 0x100, memremap.WT) as m:
        assert m.type == memremap.DEV and "write-through" in m.info().note


def test_mmio_on_linux(linux):
    machine, root = linux
    mmio = MMIO(LINUX["EDU"], 0x1000)
    mmio.write32(0x04, 0xFFFFFFFE)
    assert mmio.read32(0x04) == 0xFFFFFFFE
    assert root.byte_at(PCI3 + "/resource0", 4, 4) == b"\xfe\xff\xff\xff"
    assert mmio.info().how == "0000:00:03.0/resource0"
    mmio.close()


def test_refusals(linux):
    machine, root = linux
    # Persistent memory a namespace driver has claimed: IO_STRICT_DEVMEM says no.
    with pytest.raises(memremap.Error) as e:
        memremap.map(LINUX["PMEM"], 0x1000, memremap.WB)
    assert e.value.errno == errno.EBUSY and "namespace0.0" in e.value.strerror
    with pytest.raises(memremap.MMIOError) as e:
        MMIO(LINUX["PMEM"], 0x1000)
    assert e.value.errno == errno.EBUSY
    q = memremap.query(LINUX["RAM"], 0x1000, memremap.WB)
    assert q.result == -errno.EPERM and "STRICT_DEVMEM" in q.why
    q = memremap.query(LINUX["SHM"], 0x1000, memremap.WC)
    assert q.result == 0 and q.how == "0000:00:04.0/resource2_wc"


def test_open_errors(tmp_path):
    with pytest.raises(memremap.Error) as e:
        memremap.Machine(f"linux,root={tmp_path}/nonexistent")
    assert e.value.errno == errno.ENOENT and "proc/iomem" in e.value.strerror
    hidden = tmp_path / "hidden"
    (hidden / "proc").mkdir(parents=True)
    (hidden / "proc/iomem").write_text("00000000-00000000 : Reserved\n"
                                       "00000000-00000000 : System RAM\n")
    with pytest.raises(memremap.Error) as e:
        memremap.Machine(f"linux,root={hidden}")
    assert e.value.errno == errno.EACCES and "root" in e.value.strerror


def test_device_on_linux(linux):
    machine, root = linux
    with memremap.Device("edu") as dev:
        m = dev.map(LINUX["EDU"], 0x100, memremap.DEV)
        m.write32(0x20, 0x80)
        assert root.byte_at(PCI3 + "/resource0", 0x20, 1) == b"\x80"
        assert dev.unbind() == 1 and m.closed
