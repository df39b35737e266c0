#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PCI in the memremap tool: BDF/barN addresses, `doctor`, `pci`.

    test_cli_pci.py --tool PATH --source DIR GROUP

GROUP is pciaddr, doctor or pci. The linux machine runs on a fake root
(linux,root=DIR): proc/, sys/ and dev/ as plain files, folders and symlinks,
so the tool reads sysfs, config space and lockdown as on a real computer,
and its mappings of resource files really map. What needs the kernel
(VFIO, binding, lockdown's refusals) is the VM suite's (tests/vm, vm.vfio).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOL = None
SOURCE = None

MAP = """00000000-00000fff : Reserved
00001000-7fffffff : System RAM
c0000000-febfffff : PCI Bus 0000:00
  c0000000-c0ffffff : 0000:00:02.0
  fe000000-fe000fff : 0000:00:03.0
  fe001000-fe0010ff : 0000:00:02.0
  fe002000-fe002fff : 0000:a1:00.0
"""

IOMEM = """00000000-00000fff : Reserved
00001000-0009fbff : System RAM
00100000-3fffffff : System RAM
40000000-febfffff : PCI Bus 0000:00
  fd000000-fdffffff : 0000:00:04.0
  fe000000-fe03ffff : 0000:00:05.0
    fe000000-fe03ffff : e1000
  fea00000-feafffff : 0000:00:03.0
  feb11000-feb110ff : 0000:00:04.0
"""


def run(*args, env=None):
    e = {k: v for k, v in os.environ.items() if k not in ("MEMREMAP_MACHINE", "NO_COLOR")}
    e.update(env or {})
    return subprocess.run([TOOL, *args], capture_output=True, env=e, timeout=120)


class Root:
    """A fake computer for linux,root=DIR."""

    def __init__(self, testcase):
        self.dir = tempfile.mkdtemp(prefix="memremap-root-")
        testcase.addCleanup(shutil.rmtree, self.dir, True)
        self.spec = f"linux,root={self.dir}"
        self.put("proc/iomem", IOMEM)
        self.put("proc/cpuinfo", "processor\t: 0\naddress sizes\t: 40 bits physical, 48 bits virtual\n")
        self.put("proc/cmdline", "console=ttyS0\n")
        self.put("proc/sys/kernel/osrelease", "6.1.0-fake-amd64\n")
        self.put("proc/self/status", "Name:\tmemremap\nCapEff:\t0000000000000000\n")
        self.put("proc/self/mountinfo", "")
        self.put("sys/kernel/security/lockdown", "[none] integrity confidentiality\n")
        self.sparse("dev/mem", 1 << 32)
        self.put("dev/vfio/vfio", "")
        self.pci("0000:00:03.0", "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n",
                 0x1234, 0x11e8, 0x2, "vfio-pci", 3)
        self.put("dev/vfio/3", "")
        self.pci("0000:00:04.0",
                 "0x00000000feb11000 0x00000000feb110ff 0x0000000000040200\n"
                 "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
                 "0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n",
                 0x1af4, 0x1110, 0x2, None, 4)
        self.sparse("sys/devices/pci0000:00/0000:00:04.0/resource2", 16 << 20)
        self.sparse("sys/devices/pci0000:00/0000:00:04.0/resource0", 4096)
        self.pci("0000:00:05.0", "0x00000000fe000000 0x00000000fe03ffff 0x0000000000040200\n",
                 0x8086, 0x100e, 0x7, "e1000", 5)
        self.mkdir("sys/bus/pci/drivers/vfio-pci")
        self.put("sys/bus/pci/drivers/vfio-pci/unbind", "")
        self.put("sys/bus/pci/drivers_probe", "")
        self.mkdir("sys/devices/pci0000:00/0000:00:05.0/net/eth0")
        self.put("sys/devices/pci0000:00/0000:00:05.0/net/eth0/flags", "0x1003\n")
        self.link("../../devices/pci0000:00/0000:00:05.0/net/eth0", "sys/class/net/eth0")

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def mkdir(self, rel):
        os.makedirs(self.path(rel), exist_ok=True)

    def put(self, rel, text):
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        with open(self.path(rel), "w") as f:
            f.write(text)

    def sparse(self, rel, size):
        self.put(rel, "")
        os.truncate(self.path(rel), size)

    def link(self, target, rel):
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        if os.path.lexists(self.path(rel)):
            os.unlink(self.path(rel))
        os.symlink(target, self.path(rel))

    def text(self, rel):
        with open(self.path(rel)) as f:
            return f.read()

    def bytes_at(self, rel, off, n):
        with open(self.path(rel), "rb") as f:
            f.seek(off)
            return f.read(n)

    def pci(self, bdf, resource, vendor, device, command, driver, group):
        real = f"sys/devices/pci0000:00/{bdf}"
        self.mkdir(real)
        self.link(f"../../../devices/pci0000:00/{bdf}", f"sys/bus/pci/devices/{bdf}")
        self.put(f"{real}/resource", resource)
        config = bytearray(256)
        config[0:6] = (vendor.to_bytes(2, "little") + device.to_bytes(2, "little") +
                       command.to_bytes(2, "little"))
        with open(self.path(f"{real}/config"), "wb") as f:
            f.write(bytes(config))
        self.put(f"{real}/driver_override", "")
        if driver:
            self.mkdir(f"sys/bus/pci/drivers/{driver}")
            self.put(f"sys/bus/pci/drivers/{driver}/unbind", "")
            self.link(f"../../../bus/pci/drivers/{driver}", f"{real}/driver")
        if group is not None:
            self.link(f"../../../kernel/iommu_groups/{group}", f"{real}/iommu_group")
            self.link(f"../../../../devices/pci0000:00/{bdf}",
                      f"sys/kernel/iommu_groups/{group}/devices/{bdf}")

    def run(self, *args):
        return run("--machine", self.spec, *args)


class Base(unittest.TestCase):
    maxDiff = None

    def sim(self, mapfile=None):
        d = tempfile.mkdtemp(prefix="memremap-pci-")
        self.addCleanup(shutil.rmtree, d, True)
        if mapfile is None:
            mapfile = os.path.join(d, "pc.iomem")
            with open(mapfile, "w") as f:
                f.write(MAP)
        # An existing file: the one-file form, where the offset is the
        # physical address, so that the test reads the memory back itself.
        mem = os.path.join(d, "phys.mem")
        open(mem, "wb").close()
        return f"sim:{mapfile},mem={mem}", mem

    def ok(self, p):
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        return p.stdout.decode()

    def one_line_error(self, p, code, *words):
        err = p.stderr.decode()
        self.assertEqual(p.returncode, code, err)
        self.assertEqual(p.stdout, b"")
        self.assertEqual(err.count("\n"), 1, err)
        for w in words:
            self.assertIn(w, err)
        return err


# ---------------------------------------------------------- BDF addresses


class pciaddr(Base):
    def test_every_address_operand(self):
        spec, mem = self.sim()
        m = ["--machine", spec]
        self.ok(run(*m, "write", "00:03.0/bar0+4", "0x55aa"))
        with open(mem, "rb") as f:
            f.seek(0xfe000004)
            self.assertEqual(f.read(4), b"\xaa\x55\x00\x00")
        self.assertEqual(self.ok(run(*m, "read", "0000:00:03.0/bar0+0x4")), "0x000055aa\n")
        self.assertEqual(self.ok(run(*m, "read", "0xfe000004")), "0x000055aa\n")
        self.assertEqual(self.ok(run(*m, "devmem", "00:03.0/bar0+4", "16")), "0x55AA\n")
        # One BDF operand is a range: from there to the BAR's end.
        out = self.ok(run(*m, "dump", "00:03.0/bar0+0xfe0"))
        self.assertTrue(out.startswith("fe000fe0 "), out)
        self.assertTrue(out.endswith("fe001000\n"), out)
        out = self.ok(run(*m, "query", "00:02.0/bar1", "--json"))
        q = json.loads(out)
        self.assertEqual((q["start"], q["size"]), (0xfe001000, 0x100))
        self.ok(run(*m, "fill", "00:02.0/bar0+0x100", "16", "0xab", "--width", "8"))
        self.ok(run(*m, "copy", "00:02.0/bar0+0x100", "00:03.0/bar0+0x20", "16"))
        with open(mem, "rb") as f:
            f.seek(0xfe000020)
            self.assertEqual(f.read(16), b"\xab" * 16)
        data = os.path.join(os.path.dirname(mem), "in.bin")
        with open(data, "wb") as f:
            f.write(b"hello")
        self.ok(run(*m, "load", "00:03.0/bar0+0x40", data))
        self.assertEqual(self.ok(run(*m, "read", "00:03.0/bar0+0x40", "-w", "8", "-n", "5")),
                         "fe000040: 68 65 6c 6c 6f\n")
        # A bus that starts with a letter is still a BDF, not a register's name.
        self.ok(run(*m, "write", "a1:00.0/bar0+8", "0x1234"))
        self.assertEqual(self.ok(run(*m, "read", "0xfe002008")), "0x00001234\n")
        self.assertEqual(self.ok(run(*m, "read", "a1:00.0/bar0+8")), "0x00001234\n")
        # The second range of 0000:00:02.0 in address order is its bar1.
        self.ok(run(*m, "write", "00:02.0/bar1+0xfc", "7"))
        self.assertEqual(self.ok(run(*m, "read", "0xfe0010fc")), "0x00000007\n")

    def test_refusals(self):
        spec, _ = self.sim()
        m = ["--machine", spec]
        self.one_line_error(run(*m, "read", "00:03.0/bar9"), 2, "bad address", "BDF/barN")
        self.one_line_error(run(*m, "read", "00:03.0/bar0+zz"), 2, "bad address")
        self.one_line_error(run(*m, "read", "00:03.0/bar1"), 1, "no bar1")
        self.one_line_error(run(*m, "read", "00:03.0/bar0+4K"), 1, "past the end of bar0")
        self.one_line_error(run(*m, "read", "00:09.0/bar0"), 1, "0000:00:09.0")
        self.one_line_error(run(*m, "copy", "00:03.0/bar0", "00:07.0/bar0", "4"), 1,
                            "destination address")
        # The access must fit the BAR as any range must fit what it names.
        self.one_line_error(run(*m, "devmem", "00:03.0/bar7"), 1, "bad address")

    def test_replayed_map(self):
        # QEMU q35: 0000:00:01.0 (the VGA) has two ranges; bar1 is the second by address.
        spec, _ = self.sim(os.path.join(SOURCE, "tests", "data", "iomem", "qemu-q35.iomem"))
        q = json.loads(self.ok(run("--machine", spec, "query", "00:01.0/bar1", "--json")))
        self.assertEqual((q["start"], q["size"]), (0xfeb10000, 0x1000))
        q = json.loads(self.ok(run("--machine", spec, "query", "00:01.0/bar0+0xfff000",
                                   "--json")))
        self.assertEqual(q["start"], 0xfcfff000)

    def test_linux_sysfs(self):
        root = Root(self)
        self.ok(root.run("write", "0000:00:04.0/bar2+0x10", "0x11223344"))
        self.assertEqual(root.bytes_at("sys/devices/pci0000:00/0000:00:04.0/resource2", 0x10, 4),
                         b"\x44\x33\x22\x11")
        out = json.loads(self.ok(root.run("read", "00:04.0/bar2+0x10", "--json")))
        self.assertEqual(out["values"], [0x11223344])
        self.assertEqual(out["how"], "0000:00:04.0/resource2")
        self.assertEqual(out["start"], 0xfd000010)
        # sysfs numbers the BARs: BAR1 is empty, whatever the address order says.
        self.one_line_error(root.run("read", "00:04.0/bar1"), 1, "not a memory BAR")


# ----------------------------------------------------------------- doctor


class doctor(Base):
    def lines(self, p):
        return [ln for ln in p.stdout.decode().splitlines()]

    def test_sim(self):
        p = run("--machine", "sim", "doctor")
        out = self.ok(p)
        self.assertRegex(out, r"^info machine +'sim' \(sim\)")
        p = run("--machine", "sim", "doctor", "0x100000", "4096", "--json")
        d = json.loads(self.ok(p))
        self.assertEqual(d["platform"], "sim")
        self.assertEqual((d["start"], d["size"]), (0x100000, 4096))
        by = {ln["topic"]: ln for ln in d["lines"]}
        self.assertEqual(by["map wb"]["level"], "ok")
        self.assertIn("direct map", by["map wb"]["what"])
        self.assertEqual(by["map dev"]["level"], "info")
        self.assertEqual(d["worst"], "info")
        # One line each, a level and a topic first.
        for ln in self.lines(run("--machine", "sim", "doctor", "0xfe000000", "16")):
            self.assertRegex(ln, r"^(ok|info|warn|FAIL) +[a-z-]+( [a-z]+)? +\S")

    def test_linux_lockdown(self):
        root = Root(self)
        root.put("sys/kernel/security/lockdown", "none [integrity] confidentiality\n")
        p = root.run("doctor", "0000:00:04.0")
        out = p.stdout.decode()
        self.assertEqual(p.returncode, 1, p.stderr.decode() + out)
        self.assertRegex(out, r"(?m)^warn lockdown +kernel lockdown is 'integrity': .*; fix: .*"
                              r"memremap pci bind vfio-pci BDF")
        self.assertRegex(out, r"(?m)^info bar +0000:00:04.0 bar0 \[mem 0xfeb11000-0xfeb110ff\]")
        self.assertRegex(out, r"(?m)^info bar +0000:00:04.0 bar2 \[mem 0xfd000000-0xfdffffff\] "
                              r"\(16 MiB, prefetchable\)")
        self.assertRegex(out, r"(?m)^info driver +0000:00:04.0 is bound to no driver.*; fix: "
                              r"memremap pci bind vfio-pci 0000:00:04.0$")
        self.assertRegex(out, r"(?m)^FAIL map dev +refused: .*kernel lockdown \(integrity\)")
        self.assertRegex(out, r"(?m)^info door +0000:00:04.0/resource2: refused: kernel lockdown")
        self.assertRegex(out, r"(?m)^warn privilege +no CAP_SYS_RAWIO")
        self.assertRegex(out, r"(?m)^info strict-devmem +STRICT_DEVMEM taken as on \(inferred: ")
        d = json.loads(self.ok(root.run("doctor", "--json")))
        self.assertEqual(d["worst"], "warn")
        lock = [ln for ln in d["lines"] if ln["topic"] == "lockdown"]
        self.assertEqual(lock[0]["level"], "warn")
        self.assertIn("vfio-pci", lock[0]["fix"])

    def test_linux_open(self):
        root = Root(self)
        root.put("proc/self/status", "Name:\tmemremap\nCapEff:\t000001ffffffffff\n")
        p = root.run("doctor", "00:04.0/bar2", "--json")
        d = json.loads(self.ok(p))
        by = {}
        for ln in d["lines"]:
            by.setdefault(ln["topic"], []).append(ln)
        self.assertEqual(by["map dev"][0]["level"], "ok")
        self.assertIn("0000:00:04.0/resource2", by["map dev"][0]["what"])
        doors = [ln["what"] for ln in by["door"]]
        self.assertIn("vfio 0000:00:04.0 bar2: 0000:00:04.0 is bound to no driver, not vfio-pci",
                      doors)
        self.assertIn("0000:00:04.0/resource2: taken (dev)", doors)
        # A claimed range: the driver is named, and what to do; it does not map.
        p = root.run("doctor", "0xfe000000", "0x1000")
        self.assertEqual(p.returncode, 1, p.stderr.decode())
        out = p.stdout.decode()
        self.assertRegex(out, r"(?m)^FAIL map dev +refused: .*claimed busy by 'e1000'")
        self.assertRegex(out, r"(?m)^warn driver +'e1000' \[mem 0xfe000000-0xfe03ffff\] has "
                              r"claimed the range busy.*; fix: unbind the driver")

    def test_usage(self):
        self.one_line_error(run("--machine", "sim", "doctor", "1", "2", "3"), 2,
                            "unexpected operand")
        self.one_line_error(run("--machine", "sim", "doctor", "banana"), 2, "BDF")
        self.one_line_error(run("--machine", "sim", "doctor", "00:09.0"), 1, "0000:00:09.0")


# -------------------------------------------------------------------- pci


class pci(Base):
    CONFIG = "sys/devices/pci0000:00/0000:00:04.0/config"

    def test_config_read(self):
        root = Root(self)
        out = self.ok(root.run("pci", "config", "0000:00:04.0"))
        lines = out.splitlines()
        self.assertEqual(len(lines), 16)
        self.assertEqual(lines[0], "00: f4 1a 10 11 02 00" + " 00" * 10)
        self.assertEqual(lines[15][:3], "f0:")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "VENDOR_ID")), "1af4\n")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "device_id")), "1110\n")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "0.l")), "11101af4\n")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "0")), "11101af4\n")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "1", "-w", "8")), "1a\n")
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "COMMAND.B")), "02\n")
        d = json.loads(self.ok(root.run("pci", "config", "00:04.0", "2.w", "--json")))
        self.assertEqual((d["offset"], d["width"], d["value"]), (2, 16, 0x1110))
        d = json.loads(self.ok(root.run("pci", "config", "00:04.0", "--json")))
        self.assertEqual(d["config"][:4], [0xf4, 0x1a, 0x10, 0x11])

    def test_config_write(self):
        root = Root(self)
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "COMMAND", "0x6")), "")
        self.assertEqual(root.bytes_at(self.CONFIG, 4, 2), b"\x06\x00")
        # VALUE:MASK: only the bits of MASK change.
        self.ok(root.run("pci", "config", "00:04.0", "COMMAND", "0x0:0x4"))
        self.assertEqual(root.bytes_at(self.CONFIG, 4, 2), b"\x02\x00")
        self.ok(root.run("pci", "config", "00:04.0", "0x3c.b", "0x0b"))
        self.assertEqual(root.bytes_at(self.CONFIG, 0x3c, 1), b"\x0b")
        d = json.loads(self.ok(root.run("pci", "config", "00:04.0", "0x3c.b", "0xf0:0xf0",
                                        "--json")))
        self.assertEqual((d["old"], d["wrote"]), (0x0b, 0xfb))

    def test_config_refusals(self):
        root = Root(self)
        self.one_line_error(root.run("pci", "config", "00:04.0", "0x101.w"), 2, "not aligned")
        self.one_line_error(root.run("pci", "config", "00:04.0", "BOGUS"), 2, "unknown register")
        self.one_line_error(root.run("pci", "config", "00:04.0", "4.q"), 2, "bad width")
        self.one_line_error(root.run("pci", "config", "00:04.0", "0x3c.b", "0x100"), 2,
                            "does not fit")
        # A name's width may be overridden (setpci's COMMAND.L), not contradicted by --width.
        self.assertEqual(self.ok(root.run("pci", "config", "00:04.0", "COMMAND.l")), "00000002\n")
        self.one_line_error(root.run("pci", "config", "00:04.0", "VENDOR_ID", "-w", "8"), 2,
                            "--width says 8")
        self.one_line_error(root.run("pci", "config", "00:04.0", "0x100"), 1, "past")
        self.one_line_error(root.run("pci", "config", "zz"), 2, "bad PCI function")
        self.one_line_error(root.run("pci", "config", "00:09.0", "0"), 1, "0000:00:09.0")
        self.one_line_error(root.run("pci", "config"), 2, "missing BDF")
        self.one_line_error(root.run("pci"), 2, "config, bind or unbind")
        self.one_line_error(root.run("pci", "frob"), 2, "unknown 'pci frob'")
        self.one_line_error(root.run("pci", "config", "00:04.0", "-w", "64"), 2, "")
        self.one_line_error(run("--machine", "sim", "pci", "config", "00:03.0"), 1,
                            "no PCI config space")

    def test_bind(self):
        root = Root(self)
        self.one_line_error(root.run("pci", "bind", "vfio-pci", "00:05.0"), 1,
                            "network interface eth0 is up")
        self.assertEqual(root.text("sys/bus/pci/drivers/e1000/unbind"), "")
        root.put("sys/devices/pci0000:00/0000:00:05.0/net/eth0/flags", "0x1002\n")
        # The fake kernel binds nothing: every step is written, and the check says so.
        self.one_line_error(root.run("pci", "bind", "vfio-pci", "00:05.0"), 1,
                            "bound to e1000, not vfio-pci")
        self.assertEqual(root.text("sys/bus/pci/drivers/e1000/unbind"), "0000:00:05.0")
        self.assertEqual(root.text("sys/devices/pci0000:00/0000:00:05.0/driver_override"),
                         "vfio-pci\n")
        self.assertEqual(root.text("sys/bus/pci/drivers_probe"), "0000:00:05.0")
        self.assertEqual(self.ok(root.run("pci", "bind", "vfio-pci", "00:03.0")),
                         "0000:00:03.0: vfio-pci (was vfio-pci)\n")
        self.ok(root.run("pci", "unbind", "0000:00:03.0"))
        self.assertEqual(root.text("sys/bus/pci/drivers/vfio-pci/unbind"), "0000:00:03.0")
        self.assertEqual(root.text("sys/devices/pci0000:00/0000:00:03.0/driver_override"), "\n")
        self.one_line_error(root.run("pci", "bind", "uio_pci_generic", "00:04.0"), 1,
                            "modprobe uio_pci_generic")
        self.one_line_error(root.run("pci", "bind", "vfio-pci"), 2, "missing DRIVER BDF")
        self.one_line_error(root.run("pci", "unbind", "00:03.0", "x"), 2, "unexpected operand")
        self.one_line_error(root.run("pci", "bind", "../x", "00:03.0"), 1, "not a driver")
        self.one_line_error(root.run("pci", "bind", "vfio-pci", "00:03.0", "-w", "8"), 2,
                            "--width is for config")


def main():
    global TOOL, SOURCE
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("group")
    args = ap.parse_args()
    TOOL, SOURCE = args.tool, args.source
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(globals()[args.group])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
