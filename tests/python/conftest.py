# SPDX-License-Identifier: MIT
"""Fixtures of the memremap package tests: sim machines and a fake linux root."""
import os

import pytest

import memremap

# The sim machine's built-in map (src/platform/sim.c), as the tests use it.
RAM = 0x01000000            # inside System RAM 00100000-7fefffff
PCI_DEV = 0xFE000000        # 0000:00:03.0, fe000000-fe000fff
PCI_BAR = 0xE0000000        # 0000:00:02.0, e0000000-e0ffffff
ACPI = 0x7FF00000           # ACPI Tables, 7ff00000-7fffffff


def pytest_configure(config):
    # The package under test is the build tree's, never an installed one.
    stage = os.environ.get("MR_PYTHON_STAGE")
    if stage:
        where = os.path.realpath(memremap.__file__)
        assert where.startswith(os.path.realpath(stage) + os.sep), where


@pytest.fixture
def sim():
    """A fresh sim machine (the built-in map), current while the test runs."""
    with memremap.Machine("sim") as machine:
        yield machine


@pytest.fixture
def sim_file(tmp_path):
    """A sim machine whose physical memory is the file mem (offset = phys).

    mem= makes a folder of extents for a new path; an existing regular file
    is used in the one-file form, whose offset is the physical address, so
    that the tests can read it as another process would.
    """
    mem = tmp_path / "mem"
    mem.touch()
    with memremap.Machine(f"sim,mem={mem}") as machine:
        yield machine, mem


# The VM guest's layout of tests/unit/test_linux.c: PCI BARs, device DAX,
# UIO, a reserved carve-out, persistent memory claimed by a namespace.
LINUX_IOMEM = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-2fffffff : System RAM
  01000000-01e01d31 : Kernel code
30000000-33ffffff : Reserved
34000000-37ffffff : System RAM
38000000-3bffffff : Persistent Memory (legacy)
  38000000-381fffff : namespace0.0
  38200000-3bffffff : dax0.0
3c000000-3ffdffff : System RAM
40000000-febfffff : PCI Bus 0000:00
  fd000000-fdffffff : 0000:00:04.0
  fea00000-feafffff : 0000:00:03.0
  feb11000-feb110ff : 0000:00:04.0
  feb20000-feb20fff : 0000:00:05.0
    feb20000-feb20fff : uio_card
fed00000-fed003ff : HPET 0
fd00000000-ffffffffff : Reserved
"""

LINUX = {
    "EDU": 0xFEA00000, "SHM": 0xFD000000, "SHM_REG": 0xFEB11000, "UIO": 0xFEB20000,
    "CARVE": 0x30000000, "PMEM": 0x38000000, "DAX": 0x38200000, "RAM": 0x10000000,
}


class FakeRoot:
    """/proc, /sys and /dev of a machine as plain files: linux,root=DIR reads these."""

    def __init__(self, path):
        self.path = path

    def put(self, rel, text):
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)

    def sparse(self, rel, size):
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "wb") as f:
            f.truncate(size)

    def byte_at(self, rel, off, n=1):
        """Bytes of a file at @off, as another process would read them."""
        with open(self.path / rel, "rb") as f:
            f.seek(off)
            return f.read(n)

    @property
    def spec(self):
        return f"linux,root={self.path}"


@pytest.fixture
def linux_root(tmp_path):
    r = FakeRoot(tmp_path / "root")
    pci = "sys/bus/pci/devices"
    r.put("proc/iomem", LINUX_IOMEM)
    r.put("proc/cpuinfo", "processor\t: 0\naddress sizes\t: 40 bits physical, 48 bits virtual\n")
    r.put("proc/cmdline", "console=ttyS0 nokaslr\n")
    r.put("sys/kernel/debug/x86/pat_memtype_list",
          "PAT memtype list:\nPAT: [mem 0x00000000fed00000-0x00000000fed01000] uncached-minus\n")
    # edu: one non-prefetchable BAR.
    r.put(f"{pci}/0000:00:03.0/resource",
          "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n")
    r.sparse(f"{pci}/0000:00:03.0/resource0", 1 << 20)
    # ivshmem: registers in BAR0, shared memory in prefetchable BAR2.
    r.put(f"{pci}/0000:00:04.0/resource",
          "0x00000000feb11000 0x00000000feb110ff 0x0000000000040200\n"
          "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
          "0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n")
    r.sparse(f"{pci}/0000:00:04.0/resource0", 4096)
    r.sparse(f"{pci}/0000:00:04.0/resource2", 16 << 20)
    r.sparse(f"{pci}/0000:00:04.0/resource2_wc", 16 << 20)
    r.put(f"{pci}/0000:00:00.0/resource",
          "0x0000000000000000 0x0000000000000000 0x0000000000000000\n")
    # Device DAX with 2 MiB extents.
    r.put("sys/bus/dax/devices/dax0.0/align", "0x200000\n")
    r.put("sys/bus/dax/devices/dax0.0/mapping0/start", "0x38200000\n")
    r.put("sys/bus/dax/devices/dax0.0/mapping0/end", "0x3bffffff\n")
    r.put("sys/bus/dax/devices/dax0.0/mapping0/page_offset", "0x0\n")
    r.sparse("dev/dax0.0", 62 << 20)
    # UIO: one physical map over the card's claimed registers.
    r.put("sys/class/uio/uio0/maps/map0/addr", "0xfeb20000\n")
    r.put("sys/class/uio/uio0/maps/map0/size", "0x1000\n")
    r.sparse("dev/uio0", 4096)
    # /dev/mem: a regular file whose offset is the physical address.
    r.sparse("dev/mem", 1 << 32)
    return r


@pytest.fixture
def linux(linux_root):
    """The linux machine on the fake root, current while the test runs."""
    with memremap.Machine(linux_root.spec) as machine:
        yield machine, linux_root
