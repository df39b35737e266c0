#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The memremap tool, run as a user runs it: a subprocess on a sim machine.

    test_cli.py --tool PATH --source DIR GROUP

GROUP names one TestCase class below (usage, iomem, svg, query, access,
bulk, bench, progress, completion, readline, man, fidelity, demo, devmem,
rmw, jsonhex, replays, emptymap, svgscale, regs); ctest runs each as its own test. Nothing here is skipped: a missing helper program is a failure that
names the Debian package to install.

Memory is checked from outside the tool: a sim machine with mem=PATH keeps
physical memory in the folder PATH, a sparse file per extent, so the tests
read and write those files directly, and fingerprint them to prove that a
refused command changed nothing.
"""

import argparse
import hashlib
import json
import os
import pty
import re
import select
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

TOOL = None
SOURCE = None
DATA = None
MAP = None  # a PC with 64 GiB of RAM above 4 GiB and a 4 KiB register block

SVG_NS = "{http://www.w3.org/2000/svg}"
COLOR_RE = re.compile(rb"\x1b\[[0-9;]*m")


def need(program, package):
    path = shutil.which(program)
    if not path:
        raise AssertionError(f"'{program}' is missing: install the Debian package {package}")
    return path


def run(*args, env=None, stdin=None, timeout=300):
    """Run the tool; the environment starts clean of MEMREMAP_MACHINE and NO_COLOR."""
    e = {k: v for k, v in os.environ.items() if k not in ("MEMREMAP_MACHINE", "NO_COLOR")}
    e.update(env or {})
    return subprocess.run([TOOL, *args], capture_output=True, env=e, input=stdin,
                          timeout=timeout)


def parse_iomem(text):
    """/proc/iomem text to nested dicts: name, start, end, children, depth."""
    roots, stack = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        rng, name = line.strip().split(" : ", 1)
        start, end = (int(x, 16) for x in rng.split("-"))
        node = {"name": name, "start": start, "end": end, "children": [], "depth": indent // 2}
        del stack[indent // 2:]
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n["children"])


def hexdump_c(data, base):
    """What 'hexdump -C' prints, with physical addresses as the offsets."""
    digits = 8
    while digits < 16 and (base + len(data)) >> (4 * digits):
        digits += 1
    out, prev, starred = [], None, False
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        if len(chunk) == 16 and chunk == prev:
            if not starred:
                out.append("*")
            starred = True
            continue
        starred = False
        prev = chunk if len(chunk) == 16 else None
        hexes = ""
        for i in range(16):
            if i == 8:
                hexes += " "
            hexes += " %02x" % chunk[i] if i < len(chunk) else "   "
        text = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        out.append("%0*x %s  |%s|" % (digits, base + off, hexes, text))
    out.append("%0*x" % (digits, base + len(data)))
    return "\n".join(out) + "\n"


class Sim:
    """A sim machine whose memory is a mem= folder the test can read and write.

    The folder holds one sparse file per aligned extent, named by its first
    address in 16 hex digits; its size is in the folder's memremap-sim file.
    """

    def __init__(self, testcase, mapfile=None, extra=""):
        self.dir = tempfile.mkdtemp(prefix="memremap-cli-")
        testcase.addCleanup(shutil.rmtree, self.dir, True)
        self.mem = os.path.join(self.dir, "phys.mem")
        self.spec = f"sim:{mapfile or MAP},mem={self.mem}{extra}"

    def run(self, *args, **kw):
        return run("--machine", self.spec, *args, **kw)

    def extent(self):
        return sim_mem_extent(self.mem)

    def pieces(self, phys, n):
        """(file, offset, count) for the bytes [phys, phys + n)."""
        if os.path.isfile(self.mem):
            # The one-file form (a file made before the tool ran): offset = phys.
            yield self.mem, phys, n
            return
        ext = self.extent()
        while n:
            base = phys & ~(ext - 1)
            k = min(n, base + ext - phys)
            yield os.path.join(self.mem, "%016x" % base), phys - base, k
            phys += k
            n -= k

    def peek(self, phys, n):
        if not os.path.exists(self.mem):
            return bytes(n)
        data = b""
        for path, off, k in self.pieces(phys, n):
            got = b""
            if os.path.exists(path):
                with open(path, "rb") as f:
                    f.seek(off)
                    got = f.read(k)
            data += got + bytes(k - len(got))
        return data

    def poke(self, phys, data):
        # The tool makes the folder and the extents; the tests only write what they hold.
        if not os.path.exists(self.mem):
            self.run("read", "0x0")
        for path, off, k in self.pieces(phys, len(data)):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if path != self.mem and os.fstat(fd).st_size < self.extent():
                    os.ftruncate(fd, self.extent())
                os.pwrite(fd, data[:k], off)
            finally:
                os.close(fd)
            data = data[k:]

    def fingerprint(self):
        """A digest of every non-zero 4 KiB block and where it lies."""
        h = hashlib.sha256()
        if not os.path.exists(self.mem):
            return h.hexdigest()
        if os.path.isfile(self.mem):
            fingerprint_file(h, self.mem, 0)
            return h.hexdigest()
        for name in sorted(os.listdir(self.mem)):
            if re.fullmatch(r"[0-9a-f]{16}", name):
                fingerprint_file(h, os.path.join(self.mem, name), int(name, 16))
        return h.hexdigest()


def sim_mem_extent(folder):
    """The extent size of a mem= folder, from its memremap-sim file."""
    with open(os.path.join(folder, "memremap-sim")) as f:
        magic, shift = f.read().splitlines()
    assert magic == "memremap sim memory", magic
    return 1 << int(shift.split()[1])


def fingerprint_file(h, path, base):
    """Add each non-zero 4 KiB block of @path, at physical base + offset, to @h."""
    fd = os.open(path, os.O_RDONLY)
    try:
        off = 0
        while True:
            try:
                start = os.lseek(fd, off, os.SEEK_DATA)
            except OSError:
                break
            end = os.lseek(fd, start, os.SEEK_HOLE)
            pos = start
            while pos < end:
                block = os.pread(fd, min(1 << 20, end - pos), pos)
                for i in range(0, len(block), 4096):
                    b = block[i:i + 4096]
                    if b.count(0) != len(b):
                        h.update(struct.pack("<Q", base + pos + i))
                        h.update(b)
                pos += len(block)
            off = end
    finally:
        os.close(fd)


class Base(unittest.TestCase):
    maxDiff = None

    def assertOneLineError(self, p, code, *words):
        """Exit @code, nothing on stdout, one line on stderr holding @words."""
        err = p.stderr.decode()
        self.assertEqual(p.returncode, code, f"stderr: {err!r}")
        self.assertEqual(p.stdout, b"", "an error must not print data")
        self.assertEqual(err.count("\n"), 1, f"not one line: {err!r}")
        self.assertTrue(err.startswith("memremap"), err)
        for w in words:
            self.assertIn(w, err)
        return err

    def json_of(self, p):
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        return json.loads(p.stdout)

    def refused_unchanged(self, sim, args, code, *words):
        """Running @args is refused and leaves memory as it was."""
        before = sim.fingerprint()
        p = sim.run(*args)
        self.assertOneLineError(p, code, *words)
        self.assertEqual(sim.fingerprint(), before, f"{args} changed memory")


# ---------------------------------------------------------------- usage


COMMANDS = ["iomem", "query", "read", "write", "dump", "load", "fill", "copy", "bench", "devmem",
            "devmem2", "demo", "module", "trace",
            "help", "completion", "doctor", "pci"]


def commands():
    """COMMANDS, and regs where the tool is built with libmemremap-regs."""
    has_regs = "\n  regs " in run("--help").stdout.decode()
    return COMMANDS + (["regs"] if has_regs else [])


class usage(Base):
    def test_version(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout.decode(), r"^memremap \d+\.\d+\.\d+\n$")

    def test_help_lists_every_command(self):
        p = run("--help")
        self.assertEqual(p.returncode, 0)
        for cmd in commands():
            self.assertRegex(p.stdout.decode(), rf"\n  {cmd} ")

    def test_help_on_every_subcommand(self):
        for cmd in commands():
            with self.subTest(cmd=cmd):
                for flag in ("--help", "-h"):
                    p = run(cmd, flag)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    self.assertTrue(p.stdout.decode().startswith(f"usage: memremap {cmd}"))
                    self.assertIn("--machine", p.stdout.decode())
                    self.assertEqual(p.stderr, b"")

    def test_no_command(self):
        self.assertOneLineError(run(), 2, "no command")

    def test_unknown_command(self):
        self.assertOneLineError(run("--machine", "sim", "peek", "0x0"), 2, "unknown command",
                                "'peek'")

    def test_unknown_global_option(self):
        self.assertOneLineError(run("--frobnicate", "iomem"), 2, "--frobnicate")

    def test_global_option_needs_value(self):
        self.assertOneLineError(run("--machine"), 2, "needs a value")

    def test_unknown_option_on_every_subcommand(self):
        for cmd in commands():
            with self.subTest(cmd=cmd):
                self.assertOneLineError(run(cmd, "--machine", "sim", "--bogus"), 2,
                                        "unrecognized option '--bogus'", f"memremap {cmd}:")
                self.assertOneLineError(run(cmd, "--machine", "sim", "-Z"), 2,
                                        "unrecognized option '-Z'")

    def test_option_needs_value(self):
        self.assertOneLineError(run("read", "0x0", "--machine"), 2, "'--machine' needs a value")
        self.assertOneLineError(run("read", "--machine", "sim", "0x0", "-w"), 2,
                                "'-w' needs a value")

    def test_option_of_another_subcommand(self):
        # --output belongs to dump; load shares its table but must refuse it.
        self.assertOneLineError(run("load", "--machine", "sim", "--output", "x", "0", "f"), 2,
                                "unrecognized option '--output'")

    def test_operands(self):
        self.assertOneLineError(run("--machine", "sim", "read"), 2, "missing operand")
        self.assertOneLineError(run("--machine", "sim", "read", "0x0", "0x4"), 2,
                                "unexpected operand '0x4'")
        self.assertOneLineError(run("--machine", "sim", "iomem", "extra"), 2,
                                "unexpected operand")

    def test_bad_machine(self):
        # A value that names no machine is bad usage (2), before or after the command ...
        self.assertOneLineError(run("--machine", "vax", "iomem"), 2, "unknown machine 'vax'")
        self.assertOneLineError(run("iomem", "-m", "sim,bogus=1"), 2, "'bogus=1'")
        self.assertOneLineError(run("-m", "sim,phys-bits=99", "read", "0"), 2, "phys-bits")
        # ... a machine that exists but does not open is a failure (1).
        self.assertOneLineError(run("--machine", "sim:/nonexistent/map", "iomem"), 1,
                                "/nonexistent/map")

    def test_bad_numbers(self):
        cases = {
            "": "empty",
            "-4": "negative",
            "+4": "must start with a digit",
            "0xfz": "junk after the number",
            "0x": "not a number",
            "4KB": "junk after the number",
            "zz": "not a number",
            "18446744073709551616": "too large",
            "0x1ffffffffffffffff": "too large",
            "17179869184G": "too large",
        }
        for text, why in cases.items():
            with self.subTest(text=text):
                args = ["--machine", "sim", "read", "--", text]
                self.assertOneLineError(run(*args), 2, "bad address", why)

    def test_bad_width_type_count(self):
        self.assertOneLineError(run("-m", "sim", "read", "-w", "24", "0x0"), 2, "bad width")
        self.assertOneLineError(run("-m", "sim", "read", "-t", "uc", "0x0"), 2,
                                "bad cache type 'uc'")
        self.assertOneLineError(run("-m", "sim", "read", "-n", "0", "0x0"), 2, "bad count")


    def test_global_options_anywhere(self):
        # Before the command, after it, between operands: each global option.
        version = run("--version").stdout
        for args in (["iomem", "--version"], ["read", "0x0", "-V"], ["help", "--version"]):
            p = run(*args)
            self.assertEqual((p.returncode, p.stdout), (0, version), args)
        sim = Sim(self)
        p = run("read", "-t", "wt", "0x200000", "--machine", sim.spec, "-v")
        self.assertEqual(p.returncode, 1)
        self.assertIn("kernel log: WARNING", p.stderr.decode(), "-v after the command")
        self.assertEqual(run("iomem", "--help").stdout, run("help", "iomem").stdout)
        self.assertEqual(run("help").stdout, run("--help").stdout)
        self.assertOneLineError(run("help", "peek"), 2, "unknown command 'peek'")

    def test_dash_v_is_version_everywhere(self):
        # One letter, one meaning: write's --verify has no short form.
        sim = Sim(self)
        p = sim.run("write", "0xfe000010", "9", "-V")
        self.assertEqual(p.stdout, run("--version").stdout)
        self.assertEqual(sim.peek(0xfe000010, 4), bytes(4), "-V wrote nothing")
        self.assertNotIn("-V", run("write", "--help").stdout.decode().split("common options")[0])

    def test_sizes_as_printed(self):
        for size in ("4K", "4KiB", "4k", "0x1000", "4096"):
            d = self.json_of(run("-m", "sim", "query", "0x100000", size, "--json"))
            self.assertEqual(d["size"], 4096, size)
        d = self.json_of(run("-m", "sim", "query", "0xe0000000", "1MiB", "--json"))
        self.assertEqual(d["size"], 1 << 20)
        self.assertOneLineError(run("-m", "sim", "query", "0x100000", "4KB"), 2, "junk")

    def test_ranges_as_memtool_writes_them(self):
        sim = Sim(self)
        sim.poke(0xfe000000, bytes(range(64)))
        want = sim.run("dump", "0xfe000000", "0x40").stdout
        self.assertEqual(sim.run("dump", "0xfe000000+0x40").stdout, want)
        self.assertEqual(sim.run("dump", "0xfe000000-0xfe00003f").stdout, want)
        d = self.json_of(sim.run("query", "0x100000-0x100fff", "--json"))
        self.assertEqual((d["start"], d["size"]), (0x100000, 0x1000))
        d = self.json_of(sim.run("query", "0x100000+4KiB", "--json"))
        self.assertEqual((d["start"], d["size"]), (0x100000, 0x1000))
        p = sim.run("fill", "0xfe000100+16", "0xaa")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sim.peek(0xfe000100, 17), b"\xaa" * 16 + b"\0")
        self.assertOneLineError(sim.run("dump", "0xfe000010-0xfe000000"), 2, "below the start")
        self.assertOneLineError(sim.run("dump", "0xfe000000+zz"), 2, "bad size 'zz'")
        self.assertOneLineError(sim.run("dump", "0x0-0xffffffffffffffff"), 2, "whole 64-bit")
        self.assertOneLineError(sim.run("dump", "0xfe000000"), 2, "missing operand")

    def test_fill_takes_the_width_the_value_is_written_in(self):
        sim = Sim(self)
        p = sim.run("fill", "0xe0000000", "16", "0xdeadbeef", "--json")
        d = self.json_of(p)
        self.assertEqual((d["width"], d["single_accesses"]), (32, False))
        self.assertEqual(sim.peek(0xe0000000, 16), struct.pack("<I", 0xdeadbeef) * 4)
        for pattern, width in (("0x5a", 8), ("0x00ff", 16), ("0x0102030405060708", 64),
                               ("90", 8)):
            d = self.json_of(sim.run("fill", "0xe0001000", "64", pattern, "--json"))
            self.assertEqual(d["width"], width, pattern)
        self.assertOneLineError(sim.run("fill", "0xe0000000", "8", "0x100"), 2,
                                "does not fit in 8 bits", "hex digits")
        self.assertOneLineError(sim.run("fill", "0xe0000002", "8", "0xdeadbeef"), 2,
                                "not aligned for a 32-bit access")

    def test_volatile_sim_memory_is_said_once(self):
        # Without mem=, the machine's memory ends with the command: say so, once,
        # to a person (not with --json), and never when it is kept.
        note = "mem=PATH"
        for args in (["write", "0xfe000000", "1", "2"], ["fill", "0xe0000000", "4K", "1"],
                     ["load", "0xe0000000", "-"], ["copy", "0xe0000000", "0xe1000000", "4K"],
                     ["devmem", "0xfe000000", "32", "1"]):
            p = run("-m", "sim", *args, stdin=b"x")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr.decode().count(note), 1, args)
            self.assertEqual(p.stderr.decode().count("\n"), 1, args)
        self.assertNotIn(note, run("-m", "sim", "read", "0xfe000000").stderr.decode())
        p = run("-m", "sim", "fill", "0xe0000000", "4K", "1", "--json")
        self.assertEqual(p.stderr, b"")
        self.assertEqual(Sim(self).run("fill", "0xe0000000", "4K", "1").stderr, b"")


# ---------------------------------------------------------------- iomem


class iomem(Base):
    def setUp(self):
        with open(MAP) as f:
            self.text = f.read()
        self.tree = parse_iomem(self.text)

    def test_text_replays_the_map(self):
        p = run("--machine", f"sim:{MAP}", "iomem")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(), self.text)

    def test_machine_from_environment_and_after_subcommand(self):
        a = run("iomem", env={"MEMREMAP_MACHINE": f"sim:{MAP}"})
        b = run("iomem", "--machine", f"sim:{MAP}")
        c = run("iomem", "--machine", f"sim:{MAP}", env={"MEMREMAP_MACHINE": "sim"})
        for p in (a, b, c):
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.decode(), self.text)

    def test_tree(self):
        p = run("--machine", f"sim:{MAP}", "iomem", "--tree")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(lines[0].split(), ["range", "size", "kind", "name"])
        rows = lines[1:]
        nodes = list(walk(self.tree))
        self.assertEqual(len(rows), len(nodes))
        kinds = {
            "Reserved": "reserved", "System RAM": "ram", "Kernel code": "kernel",
            "ACPI Tables": "acpi", "PCI Bus 0000:00": "pci", "0000:00:02.0": "pci",
            "Video ROM": "rom", "System ROM": "rom", "Persistent Memory": "persistent",
        }
        for row, node in zip(rows, nodes):
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+)\s+(\S+ \S+)\s+(\S+)\s+(.*)$", row)
            self.assertIsNotNone(m, row)
            self.assertEqual(int(m.group(1), 16), node["start"])
            self.assertEqual(int(m.group(2), 16), node["end"])
            name = m.group(5)
            if node["depth"]:
                self.assertRegex(name, r"^[| ]*[|`]- ")
            self.assertEqual(re.sub(r"^[| `-]*", "", name), node["name"])
            if node["name"] in kinds:
                self.assertEqual(m.group(4), kinds[node["name"]], row)
        text = p.stdout.decode()
        self.assertRegex(text, r"\n00fe000000-00fe000fff\s+4 KiB\s+pci\s+`- 0000:00:03\.0\n")
        self.assertRegex(text, r"\n00fe000000-00fe000fff\s+4 KiB\s+\S+\s+   `- edu\n")
        self.assertRegex(text, r"64 GiB\s+ram\s+System RAM")
        self.assertRegex(text, r"2046 MiB\s+ram\s+System RAM")
        self.assertNotRegex(text.encode(), COLOR_RE.pattern, "no colour into a pipe")

    def test_json(self):
        d = self.json_of(run("--machine", f"sim:{MAP}", "iomem", "--json"))
        self.assertEqual(d["machine"], f"sim:{MAP}")
        self.assertEqual(d["platform"], "sim")
        self.assertIsInstance(d["phys_bits"], int)

        def check(got, want, parent):
            self.assertEqual(len(got), len(want))
            for g, w in zip(got, want):
                self.assertEqual(g["name"], w["name"])
                self.assertEqual(g["start"], w["start"])
                self.assertEqual(g["end"], w["end"])
                self.assertEqual(g["size"], w["end"] - w["start"] + 1)
                self.assertEqual(g["start_hex"], hex(w["start"]))
                self.assertEqual(g["end_hex"], hex(w["end"]))
                self.assertIsInstance(g["flags"], int)
                self.assertIsInstance(g["desc"], int)
                self.assertIsInstance(g["busy"], bool)
                # As the kernel flags them (docs/iomem-format.md): its image is RAM too.
                self.assertEqual(g["system_ram"],
                                 w["name"] == "System RAM" or w["name"].startswith("Kernel "),
                                 g["name"])
                self.assertIn(g["kind"], ["ram", "kernel", "reserved", "acpi", "persistent",
                                          "pci", "rom", "busy", "other"])
                if w["name"] == "System RAM":
                    self.assertEqual(g["kind"], "ram")
                    self.assertTrue(g["busy"])
                if w["name"].startswith("Kernel "):
                    self.assertEqual(g["kind"], "kernel")
                if w["name"] == "Persistent Memory":
                    self.assertEqual(g["kind"], "persistent")
                if w["name"] == "Reserved":
                    self.assertEqual(g["kind"], "reserved")
                check(g["children"], w["children"], g)

        check(d["resources"], self.tree, None)

    def test_json_escapes_names(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "odd.iomem")
        name = 'quote " backslash \\ and ünïcödé'
        with open(path, "wb") as f:
            f.write(b"00000000-00000fff : Reserved\n")
            f.write(b"00100000-001fffff : " + name.encode() + b"\n")
            f.write(b"00200000-002fffff : bad \xff byte\n")
        p = run("--machine", f"sim:{path}", "iomem", "--json")
        res = self.json_of(p)["resources"]
        self.assertEqual(res[1]["name"], name)
        self.assertEqual(res[2]["name"], "bad \ufffd byte")

    def test_formats_exclusive(self):
        self.assertOneLineError(run("-m", "sim", "iomem", "--tree", "--json"), 2, "choose one")


# ------------------------------------------------------------------ svg


def svg_boxes(root):
    """The resource boxes: (start, end, name, rect attributes)."""
    boxes = []
    for g in root.iter(f"{SVG_NS}g"):
        if not g.get("class", "").startswith("resource"):
            continue
        title = g.find(f"{SVG_NS}title").text
        m = re.match(r"^(.*) \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (\S+)$", title)
        rect = g.find(f"{SVG_NS}rect")
        boxes.append({"name": m.group(1), "start": int(m.group(2), 16),
                      "end": int(m.group(3), 16), "kind": m.group(4),
                      "x": float(rect.get("x")), "y": float(rect.get("y")),
                      "w": float(rect.get("width")), "h": float(rect.get("height"))})
    return boxes


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


class svg(Base):
    def render(self, svg_path):
        rsvg = need("rsvg-convert", "librsvg2-bin")
        png = svg_path + ".png"
        p = subprocess.run([rsvg, svg_path, "-o", png], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return png_size(png)

    def make(self, mapfile):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "map.svg")
        p = run("--machine", f"sim:{mapfile}", "iomem", "--svg", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, b"")
        return path

    def test_map(self):
        path = self.make(MAP)
        root = ET.parse(path).getroot()
        self.assertEqual(root.tag, f"{SVG_NS}svg")
        self.assertIn("Physical address map", root.find(f"{SVG_NS}title").text)
        with open(MAP) as f:
            nodes = list(walk(parse_iomem(f.read())))
        boxes = svg_boxes(root)
        self.assertEqual(len(boxes), len(nodes), "one box per resource")
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
        for n in nodes:
            self.assertIn(n["name"], texts)
        # The legend names each kind.
        legend = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "legend"]
        labels = [g.find(f"{SVG_NS}text").text for g in legend]
        for want in ("System RAM", "reserved", "persistent memory", "PCI", "busy"):
            self.assertTrue(any(want in lab for lab in labels), labels)
        # Colours by kind: RAM and PCI differ.
        fills = {b["kind"]: b for b in boxes}
        self.assertIn("ram", fills)
        self.assertIn("pci", fills)

    def test_small_and_huge_both_visible(self):
        root = ET.parse(self.make(MAP)).getroot()
        boxes = svg_boxes(root)
        regs = [b for b in boxes if b["name"] == "0000:00:03.0"][0]
        ram = [b for b in boxes if b["name"] == "System RAM" and b["start"] == 1 << 32][0]
        self.assertGreaterEqual(regs["h"], 20, "the 4 KiB block must be readable")
        self.assertGreater(ram["h"], regs["h"], "64 GiB is drawn taller than 4 KiB")
        self.assertLess(float(root.get("height")), 5000, "gaps and sizes are folded")

    def test_nested_inside_parents(self):
        root = ET.parse(self.make(MAP)).getroot()
        boxes = svg_boxes(root)

        def box(n):
            return [b for b in boxes if b["start"] == n["start"] and b["end"] == n["end"]
                    and b["name"] == n["name"]][0]

        with open(MAP) as f:
            tree = parse_iomem(f.read())
        pairs = 0
        for parent in walk(tree):
            for child in parent["children"]:
                p, c = box(parent), box(child)
                self.assertGreater(c["x"], p["x"])
                self.assertLess(c["x"] + c["w"], p["x"] + p["w"])
                self.assertGreater(c["y"], p["y"])
                self.assertLessEqual(c["y"] + c["h"], p["y"] + p["h"])
                pairs += 1
        self.assertGreater(pairs, 5)
        # Address order is top to bottom.
        tops = [b for b in boxes if b["x"] == min(x["x"] for x in boxes)]
        self.assertEqual([b["start"] for b in tops], sorted(b["start"] for b in tops))

    def test_holes_folded(self):
        root = ET.parse(self.make(MAP)).getroot()
        holes = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "hole"]
        with open(MAP) as f:
            top = parse_iomem(f.read())
        want = sum(1 for a, b in zip(top, top[1:]) if b["start"] > a["end"] + 1)
        self.assertEqual(len(holes), want)
        for g in holes:
            self.assertIn("folded", g.find(f"{SVG_NS}title").text)

    def test_renders_to_png(self):
        path = self.make(MAP)
        root = ET.parse(path).getroot()
        w, h = self.render(path)
        self.assertEqual((w, h), (int(float(root.get("width"))), int(float(root.get("height")))))

    def test_svg_to_stdout(self):
        p = run("--machine", "sim", "iomem", "--svg", "-")
        self.assertEqual(p.returncode, 0)
        self.assertEqual(ET.fromstring(p.stdout).tag, f"{SVG_NS}svg")

    def test_unwritable(self):
        self.assertOneLineError(run("-m", "sim", "iomem", "--svg", "/nonexistent/x.svg"), 1,
                                "cannot write '/nonexistent/x.svg'")

    def test_hostile_names_stay_xml(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "odd.iomem")
        with open(path, "wb") as f:
            f.write(b"00000000-00000fff : <script>&amp;'\"\xfe\n")
        svg_path = os.path.join(d, "odd.svg")
        p = run("--machine", f"sim:{path}", "iomem", "--svg", svg_path)
        self.assertEqual(p.returncode, 0, p.stderr)
        root = ET.parse(svg_path).getroot()
        self.assertEqual(svg_boxes(root)[0]["name"], "<script>&amp;'\"\ufffd")
        self.render(svg_path)

    def test_host_map_in_docs(self):
        # docs/iomem-host.svg is what the README shows: it must stay valid.
        path = os.path.join(SOURCE, "docs", "iomem-host.svg")
        root = ET.parse(path).getroot()
        self.assertGreater(len(svg_boxes(root)), 5)
        w, h = self.render_copy(path)
        self.assertGreater(w * h, 0)

    def render_copy(self, path):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        dst = os.path.join(d, "host.svg")
        shutil.copy(path, dst)
        return self.render(dst)


# ---------------------------------------------------------------- query


class query(Base):
    def q(self, *args, spec=None):
        return run("--machine", spec or f"sim:{MAP}", "query", *args)

    def test_ram(self):
        p = self.q("0x100000", "4K", "--json")
        d = self.json_of(p)
        self.assertEqual(d["start"], 0x100000)
        self.assertEqual(d["size"], 4096)
        self.assertEqual(d["end"], 0x100fff)
        self.assertEqual(d["region_intersects"], "REGION_INTERSECTS")
        self.assertEqual(d["region_intersects_value"], 0)
        self.assertEqual([r["name"] for r in d["resources"]], ["System RAM"])
        self.assertIsNone(d["held"])
        types = {t["type"]: t for t in d["types"]}
        self.assertEqual(list(types), ["wb", "wt", "wc", "dev"])
        wb = types["wb"]
        self.assertTrue(wb["maps"])
        self.assertTrue(wb["direct"])
        self.assertEqual(wb["how"], "direct map")
        self.assertEqual(wb["gets"], "wb")
        self.assertEqual(wb["result"], 0)
        self.assertIsNone(wb["errno"])
        for t in ("wt", "wc", "dev"):
            self.assertFalse(types[t]["maps"])
            self.assertEqual(types[t]["errno"], "EPERM")
            self.assertEqual(types[t]["result"], -1)
            self.assertIsNone(types[t]["gets"])
            self.assertIn("System RAM", types[t]["why"])

    def test_device(self):
        d = self.json_of(self.q("0xfe000000", "0x1000", "--json"))
        self.assertEqual(d["region_intersects"], "REGION_DISJOINT")
        names = [(r["name"], r["depth"]) for r in d["resources"]]
        self.assertEqual(names, [("PCI Bus 0000:00", 0), ("0000:00:03.0", 1), ("edu", 2)])
        for t in d["types"]:
            self.assertTrue(t["maps"], t)
            self.assertEqual(t["gets"], t["type"])
            self.assertFalse(t["direct"])
            self.assertEqual(t["how"], "sim mmap")

    def test_mixed(self):
        p = self.q("0x7fef0000", "0x20000", "--json")
        self.assertEqual(p.returncode, 1, "every type refused")
        d = json.loads(p.stdout)
        self.assertEqual(d["region_intersects"], "REGION_MIXED")
        for t in d["types"]:
            self.assertEqual(t["errno"], "EINVAL")
            self.assertIn("'System RAM'", t["why"])
            self.assertIn("'ACPI Tables'", t["why"])

    def test_text(self):
        p = self.q("0x100000", "4K")
        self.assertEqual(p.returncode, 0)
        out = p.stdout.decode()
        self.assertIn("region_intersects(System RAM): REGION_INTERSECTS", out)
        self.assertRegex(out, r"\nwb\s+maps\s+wb\s+WB\s+direct map\n")
        self.assertRegex(out, r"\nwt\s+refused\s+EPERM\s+.*System RAM")
        self.assertIn("cache type already held: none", out)

    def test_types_and_flags(self):
        d = self.json_of(self.q("0xe0000000", "16M", "-t", "wc", "--type", "dev", "-t", "wc",
                                "--exclusive", "--json"))
        self.assertEqual([t["type"] for t in d["types"]], ["wc", "dev"])
        self.assertTrue(d["exclusive"])
        self.assertEqual(d["types"][0]["flags"], 4 | 64)

    def test_beyond_physical_width(self):
        p = self.q("0x1000000000000", "4K", "--json", spec=f"sim:{MAP},phys-bits=40")
        self.assertEqual(p.returncode, 1)
        for t in json.loads(p.stdout)["types"]:
            self.assertEqual(t["errno"], "ERANGE")
            self.assertIn("40-bit", t["why"])

    def test_refusal_by_a_preloaded_pat_entry_names_it(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        pat = os.path.join(d, "pat_memtype_list")
        with open(pat, "w") as f:
            f.write("PAT memtype list:\n"
                    "PAT: [mem 0x00000000e0000000-0x00000000e1000000] write-back\n")
        spec = f"sim:{MAP},pat={pat}"
        # Quoted as the kernel's list prints it (the end exclusive), saying so.
        entry = ('PAT entry "[mem 0x00000000e0000000-0x00000000e1000000] write-back" '
                 "(pat_memtype_list's form, end exclusive)")
        j = self.json_of(self.q("0xe0000000", "4K", "--json", spec=spec))
        self.assertEqual(j["held"]["type"], "wb")
        self.assertIn(entry, j["held"]["who"])
        types = {t["type"]: t for t in j["types"]}
        self.assertTrue(types["wb"]["maps"])
        for t in ("wt", "wc", "dev"):
            self.assertEqual(types[t]["errno"], "EAGAIN")
            self.assertIn(entry, types[t]["why"])
        text = self.q("0xe0000000", "4K", spec=spec).stdout.decode()
        self.assertIn("cache type already held: wb, by the kernel's " + entry, text)
        self.assertRegex(text, r"\nwc\s+refused\s+EAGAIN\s+.*" + re.escape(entry))
        # The same refusal, met by a command that maps, names the entry too.
        p = run("--machine", spec, "read", "0xe0000000", "--type", "wc")
        self.assertOneLineError(p, 1, entry, "EAGAIN", "'0000:00:02.0'")

    def test_bad_input(self):
        self.assertOneLineError(self.q("0x1000"), 2, "missing operand")
        self.assertOneLineError(self.q("0x1000", "0"), 2, "size 0")
        self.assertOneLineError(self.q("0xffffffffffffffff", "2"), 2, "runs past the end")
        self.assertOneLineError(self.q("0x1000", "4K", "--type", "xx"), 2, "bad cache type")


# --------------------------------------------------------------- access


class access(Base):
    def test_write_then_read_across_invocations(self):
        sim = Sim(self)
        p = sim.run("write", "0xfe000004", "0x55aa", "0x1234")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(),
                         "0xfe000004: wrote 0x000055aa, read back 0x000055aa\n"
                         "0xfe000008: wrote 0x00001234, read back 0x00001234\n")
        # A second process sees it, through the tool and in the file.
        p = sim.run("read", "0xfe000004")
        self.assertEqual(p.stdout.decode(), "0x000055aa\n")
        self.assertEqual(sim.peek(0xfe000004, 8), struct.pack("<II", 0x55aa, 0x1234))
        p = run("read", "0xfe000000", "--count", "4", env={"MEMREMAP_MACHINE": sim.spec})
        self.assertEqual(p.stdout.decode(), "fe000000: 00000000 000055aa 00001234 00000000\n")

    def test_read_json(self):
        sim = Sim(self)
        sim.poke(0xe0000000, struct.pack("<4H", 1, 0xbeef, 3, 0xffff))
        d = self.json_of(sim.run("read", "0xe0000000", "-w", "16", "-n", "4", "--json"))
        self.assertEqual(d["machine"], sim.spec)
        self.assertEqual(d["start"], 0xe0000000)
        self.assertEqual(d["size"], 8)
        self.assertEqual(d["width"], 16)
        self.assertEqual(d["count"], 4)
        self.assertEqual(d["type"], "dev")
        self.assertEqual(d["how"], "sim mmap")
        self.assertEqual(d["values"], [1, 0xbeef, 3, 0xffff])
        self.assertEqual(d["hex"], ["0x1", "0xbeef", "0x3", "0xffff"])

    def test_default_types(self):
        sim = Sim(self)
        ram = self.json_of(sim.run("read", "0x200000", "--json"))
        self.assertEqual((ram["type"], ram["how"]), ("wb", "direct map"))
        dev = self.json_of(sim.run("read", "0xfe000000", "--json"))
        self.assertEqual(dev["type"], "dev")
        wc = self.json_of(sim.run("read", "0xe0000000", "--type", "wc", "--json"))
        self.assertEqual(wc["type"], "wc")

    def test_widths_are_little_endian(self):
        sim = Sim(self)
        p = sim.run("write", "-w", "64", "0x10000000", "0x1122334455667788", "--json")
        d = self.json_of(p)
        self.assertEqual(d["written"], [0x1122334455667788])
        self.assertEqual(d["readback"], [0x1122334455667788])
        self.assertEqual(sim.peek(0x10000000, 8), bytes.fromhex("8877665544332211"))
        p = sim.run("read", "-w", "8", "-n", "8", "0x10000000")
        self.assertEqual(p.stdout.decode(), "10000000: 88 77 66 55 44 33 22 11\n")
        p = sim.run("read", "-w", "16", "0x10000002")
        self.assertEqual(p.stdout.decode(), "0x5566\n")
        for w, v in (("8", "0xab"), ("16", "0xabcd"), ("32", "0xabcdef01")):
            sim.run("write", "-w", w, "0x10000100", v)
            self.assertEqual(sim.run("read", "-w", w, "0x10000100").stdout.decode().strip(),
                             "0x" + v[2:].rjust(int(w) // 4, "0"))

    def test_no_readback(self):
        sim = Sim(self)
        p = sim.run("write", "--no-readback", "0xfe000010", "7")
        self.assertEqual(p.stdout.decode(), "0xfe000010: wrote 0x00000007\n")
        d = self.json_of(sim.run("write", "-N", "0xfe000010", "8", "--json"))
        self.assertIsNone(d["readback"])
        self.assertEqual(sim.peek(0xfe000010, 4), struct.pack("<I", 8))
        self.assertOneLineError(sim.run("write", "-N", "--verify", "0xfe000010", "8"), 2)

    def test_verbose_shows_the_kernel_log(self):
        sim = Sim(self)
        p = run("--verbose", "--machine", sim.spec, "read", "-t", "wt", "0x200000")
        self.assertEqual(p.returncode, 1)
        lines = p.stderr.decode().splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertIn("kernel log: WARNING: memremap attempted on ram", lines[0])
        self.assertIn("System RAM", lines[1])

    def test_verify(self):
        sim = Sim(self)
        p = sim.run("write", "--verify", "0xfe000010", "9")
        self.assertEqual(p.returncode, 0)

    def test_refused_type_changes_nothing(self):
        sim = Sim(self)
        sim.poke(0x200000, b"\x11\x22\x33\x44")
        for t in ("wt", "wc", "dev"):
            self.refused_unchanged(sim, ["write", "--type", t, "0x200000", "0"], 1,
                                   "System RAM", "EPERM", f"as {t}")
        self.assertEqual(sim.peek(0x200000, 4), b"\x11\x22\x33\x44")

    def test_mixed_range_refused(self):
        sim = Sim(self)
        self.refused_unchanged(sim, ["write", "-w", "64", "0x7feffff8", "1", "2"], 1,
                               "mixes System RAM", "'ACPI Tables'", "EINVAL")

    def test_unaligned_changes_nothing(self):
        sim = Sim(self)
        sim.poke(0xfe000000, bytes(range(16)))
        for w, addr in (("16", "0xfe000001"), ("32", "0xfe000002"), ("64", "0xfe000004")):
            self.refused_unchanged(sim, ["write", "-w", w, addr, "0"], 2,
                                   f"not aligned for a {w}-bit access")
            self.assertOneLineError(sim.run("read", "-w", w, addr), 2, "not aligned")
        self.assertEqual(sim.peek(0xfe000000, 16), bytes(range(16)))

    def test_bad_values_change_nothing(self):
        sim = Sim(self)
        sim.poke(0xfe000000, b"\xaa" * 16)
        self.refused_unchanged(sim, ["write", "-w", "8", "0xfe000000", "0x100"], 2,
                               "'0x100' does not fit in 8 bits")
        # The first values are good: still nothing may be written.
        self.refused_unchanged(sim, ["write", "0xfe000000", "1", "2", "0xzz"], 2,
                               "bad value '0xzz'")
        self.refused_unchanged(sim, ["write", "0xfe000000", "1", "0x100000000"], 2,
                               "does not fit in 32 bits")
        self.refused_unchanged(sim, ["write", "0xfe000000", "1", "--", "-1"], 2, "negative")
        self.assertEqual(sim.peek(0xfe000000, 16), b"\xaa" * 16)

    def test_out_of_range(self):
        sim = Sim(self, extra=",phys-bits=40")
        self.refused_unchanged(sim, ["write", "0x10000000000", "1"], 1, "40-bit", "ERANGE",
                               "a hole (no resource)")
        self.refused_unchanged(sim, ["write", "-w", "8", "0xffffffffffffffff", "1", "2"], 2,
                               "runs past the end")
        self.assertOneLineError(sim.run("read", "-n", "0x2000000000000000", "0x0"), 2)

    def test_hole_is_mapped_as_device(self):
        sim = Sim(self)
        d = self.json_of(sim.run("write", "0x90000000", "5", "--json"))
        self.assertEqual(d["type"], "dev")
        self.assertEqual(sim.peek(0x90000000, 4), struct.pack("<I", 5))


# ----------------------------------------------------------------- bulk


class bulk(Base):
    def test_load_then_dump_equals_the_file(self):
        sim = Sim(self)
        blob = os.urandom(3 * 1024 * 1024 + 123)  # several chunks and a tail
        path = os.path.join(sim.dir, "blob")
        with open(path, "wb") as f:
            f.write(blob)
        p = sim.run("load", "0xe0000000", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, b"", "no progress bar without a terminal")
        self.assertIn("loaded [mem 0xe0000000-0xe030007a]", p.stdout.decode())
        self.assertEqual(sim.peek(0xe0000000, len(blob)), blob)
        out = os.path.join(sim.dir, "out")
        p = sim.run("dump", "0xe0000000", str(len(blob)), "-o", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), blob)
        p = sim.run("dump", "0xe0000000", "0x1000", "-o", "-")
        self.assertEqual(p.stdout, blob[:0x1000])
        d = self.json_of(sim.run("dump", "0xe0000000", "0x10", "-o", out, "--json"))
        self.assertEqual((d["start"], d["size"], d["output"]), (0xe0000000, 16, out))
        with open(out, "rb") as f:
            self.assertEqual(f.read(), blob[:16])
        self.assertOneLineError(sim.run("dump", "0xe0000000", "16", "-o", "-", "--json"), 2,
                                "share stdout")

    def test_load_json_and_stdin(self):
        sim = Sim(self)
        p = sim.run("load", "0x300000", "-", "--json", stdin=b"hello")
        d = self.json_of(p)
        self.assertEqual((d["start"], d["size"], d["type"], d["file"]),
                         (0x300000, 5, "wb", "-"))
        self.assertEqual(d["how"], "direct map")
        self.assertEqual(sim.peek(0x300000, 5), b"hello")

    def test_dump_is_hexdump_c(self):
        sim = Sim(self)
        data = b"Hello, memremap!\n" + bytes(40) + bytes(range(256)) + b"tail"
        sim.poke(0, data)
        p = sim.run("dump", "0", str(len(data)))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(), hexdump_c(data, 0))
        sim.poke(0xfe000000, data[:100])
        p = sim.run("dump", "0xfe000003", "97")
        self.assertEqual(p.stdout.decode(), hexdump_c(data[3:100], 0xfe000003))
        # Above 4 GiB the addresses widen, as hexdump's would.
        p = sim.run("dump", "0x1000000000", "32")
        self.assertEqual(p.stdout.decode(), hexdump_c(bytes(32), 0x1000000000))

    def test_dump_all_and_json(self):
        sim = Sim(self)
        p = sim.run("dump", "0xe0000000", "64", "--all")
        self.assertEqual(p.stdout.decode().count("\n"), 5)
        self.assertNotIn("*", p.stdout.decode())
        sim.poke(0xe0000000, b"\x01\x02\xfe")
        d = self.json_of(sim.run("dump", "0xe0000000", "4", "--json"))
        self.assertEqual(d["data"], "0102fe00")
        self.assertEqual((d["start"], d["size"], d["type"]), (0xe0000000, 4, "dev"))

    def test_dump_with_width(self):
        sim = Sim(self)
        sim.poke(0xfe000000, bytes(range(32)))
        # -w 8 is bytes: what hexdump -C prints.
        p = sim.run("dump", "-w", "8", "0xfe000000", "32")
        self.assertEqual(p.stdout.decode(), hexdump_c(bytes(range(32)), 0xfe000000))
        # Wider: the values of that width, little-endian as read; the text column stays.
        p = sim.run("dump", "-w", "32", "0xfe000000", "32")
        self.assertEqual(p.stdout.decode(),
                         "fe000000  03020100 07060504  0b0a0908 0f0e0d0c  |................|\n"
                         "fe000010  13121110 17161514  1b1a1918 1f1e1d1c  |................|\n"
                         "fe000020\n")
        p = sim.run("dump", "-w", "16", "0xfe000000", "6")
        self.assertEqual(p.stdout.decode(),
                         "fe000000  0100 0302 0504" + " " * 26 + "  |......|\nfe000006\n")
        p = sim.run("dump", "-w", "64", "0xfe000008", "8")
        self.assertEqual(p.stdout.decode(),
                         "fe000008  0f0e0d0c0b0a0908" + " " * 18 + "  |........|\nfe000010\n")
        self.assertOneLineError(sim.run("dump", "-w", "32", "0xfe000002", "32"), 2,
                                "not aligned")
        self.assertOneLineError(sim.run("dump", "-w", "32", "0xfe000000", "30"), 2,
                                "not a multiple")

    def test_fill(self):
        sim = Sim(self)
        p = sim.run("fill", "0xe0000000", "64K", "0xdeadbeef", "-w", "32")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sim.peek(0xe0000000, 65536), struct.pack("<I", 0xdeadbeef) * 16384)
        self.assertEqual(sim.peek(0xe0010000, 4), bytes(4), "nothing past the end")
        p = sim.run("fill", "0x400001", "3M", "0x5a", "--json")
        d = self.json_of(p)
        self.assertEqual((d["start"], d["size"], d["type"]), (0x400001, 3 << 20, "wb"))
        self.assertEqual((d["pattern"], d["width"], d["single_accesses"]), (0x5a, 8, False))
        self.assertEqual(d["how"], "direct map")
        self.assertEqual(sim.peek(0x400000, 2), b"\x00\x5a")
        self.assertEqual(sim.peek(0x400001 + (3 << 20) - 1, 2), b"\x5a\x00")

    def test_fill_bad_input_changes_nothing(self):
        sim = Sim(self)
        sim.poke(0xe0000000, b"\x77" * 8)
        self.refused_unchanged(sim, ["fill", "0xe0000000", "8", "0x100"], 2,
                               "does not fit in 8 bits")
        self.refused_unchanged(sim, ["fill", "-w", "32", "0xe0000002", "8", "1"], 2,
                               "not aligned")
        self.refused_unchanged(sim, ["fill", "-w", "32", "0xe0000000", "6", "1"], 2,
                               "not a multiple")
        self.refused_unchanged(sim, ["fill", "0xe0000000", "0", "1"], 2, "size 0")
        self.refused_unchanged(sim, ["fill", "0x100000", "4K", "1", "-t", "wc"], 1, "EPERM")
        self.refused_unchanged(sim, ["fill", "0x7fef0000", "128K", "1"], 1, "mixes")
        self.assertEqual(sim.peek(0xe0000000, 8), b"\x77" * 8)

    def test_copy(self):
        sim = Sim(self)
        blob = os.urandom(100000)
        sim.poke(0xe0000000, blob)
        p = sim.run("copy", "0xe0000000", "0x1000000", "100000", "--json")
        d = self.json_of(p)
        self.assertEqual((d["src"], d["dst"], d["size"]), (0xe0000000, 0x1000000, 100000))
        self.assertEqual((d["src_type"], d["dst_type"]), ("dev", "wb"))
        self.assertEqual(sim.peek(0x1000000, 100000), blob)
        p = sim.run("copy", "0x1000000", "0xe1000000", "100000", "--dst-type", "wc")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("(wc via sim mmap)", p.stdout.decode())
        self.assertEqual(sim.peek(0xe1000000, 100000), blob)

    def test_copy_overlapping_is_memmove(self):
        sim = Sim(self)
        size = 3 * 1024 * 1024 + 17  # the chunks overlap each other too
        for shift in (0x1000, -0x1000, 7, -7):
            base = 0x90000000
            blob = os.urandom(size + abs(shift))
            sim.poke(base, blob)
            src, dst = (base, base + shift) if shift > 0 else (base - shift, base)
            p = sim.run("copy", hex(src), hex(dst), str(size))
            self.assertEqual(p.returncode, 0, p.stderr)
            want = bytearray(blob)
            want[dst - base:dst - base + size] = blob[src - base:src - base + size]
            self.assertEqual(sim.peek(base, len(want)), bytes(want), f"shift {shift}")

    def test_load_errors_change_nothing(self):
        sim = Sim(self)
        empty = os.path.join(sim.dir, "empty")
        open(empty, "wb").close()
        sim.poke(0x100000, b"\x42")
        self.refused_unchanged(sim, ["load", "0x100000", empty], 2, "is empty")
        self.refused_unchanged(sim, ["load", "0x100000", "/nonexistent/f"], 1,
                               "cannot read '/nonexistent/f'")
        big = os.path.join(sim.dir, "big")
        with open(big, "wb") as f:
            f.write(b"x" * 0x20000)
        self.refused_unchanged(sim, ["load", "0x7fef0000", big], 1, "mixes System RAM")
        self.refused_unchanged(sim, ["load", "-t", "dev", "0x100000", big], 1, "EPERM")
        self.refused_unchanged(sim, ["copy", "0x100000", "0xfe000000", "4K", "-S", "wt"], 1,
                               "EPERM")
        self.refused_unchanged(sim, ["copy", "0xffffffffffff0000", "0x0", "1M"], 2,
                               "runs past the end")


# ---------------------------------------------------------------- trace


class trace(Base):
    """MEMREMAP_TRACE records the tool's accesses; `trace` shows them."""

    def record(self):
        path = os.path.join(self.tmp(), "edu.trace")
        for args in (["read", "-w", "32", "0xfea00000"], ["write", "-w", "32", "0xfea00004", "0x5"]):
            p = run("--machine", "sim,device=edu@0xfea00000", *args,
                    env={"MEMREMAP_TRACE": path + (".w" if args[0] == "write" else "")})
            self.assertEqual(p.returncode, 0, p.stderr)
        with open(path, "a") as f, open(path + ".w") as w:
            f.write("".join(line for line in w if line[:2] in ("R ", "W ")))
        return path

    def tmp(self):
        d = tempfile.mkdtemp(prefix="mr-cli-trace-")
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def test_shows_and_filters(self):
        path = self.record()
        p = run("trace", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertRegex(out, r"\n\s+0\s+\S+\s+R 4\s+\d+\s+0x0000fea00000\s+0x010000ed")
        self.assertIn("MAP", out)
        p = run("trace", "--op", "w", "--raw", path)
        lines = p.stdout.decode().splitlines()
        self.assertTrue(lines and all(l.startswith("W 4 ") for l in lines), lines)
        self.assertTrue(any(" 0xfea00004 0x5 " in l for l in lines), lines)
        # write reads back what it wrote: the liveness register's inverse
        p = run("trace", "--addr", "0xfea00004+4", "--op", "r", "--raw", path)
        self.assertEqual([l.split()[5] for l in p.stdout.decode().splitlines()], ["0xfffffffa"])
        self.assertOneLineError(run("trace", "--regs", "/nonexistent.regs", path), 1)

    def test_register_names(self):
        if "\n  regs " not in run("--help").stdout.decode():
            self.skipTest("the tool is built without libmemremap-regs")
        path = self.record()
        p = run("trace", "--regs", os.path.join(SOURCE, "tests", "data", "regs", "edu.regs"),
                "--regs-base",
                "edu=0xfea00000", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertIn("edu.ID", out)
        self.assertIn("edu.LIVENESS", out)
        # Fields by name, enumerated values too, as `read` decodes them.
        id_line = next(line for line in out.splitlines() if "edu.ID" in line)
        self.assertRegex(id_line, r"edu\.ID  .*MAGIC=0xed\(EDU\)")
        p = run("trace", "--json", "--regs",
                os.path.join(SOURCE, "tests", "data", "regs", "edu.regs"), "--regs-base",
                "edu=0xfea00000", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        rec = next(r for r in json.loads(p.stdout) if r.get("register") == "edu.ID")
        self.assertIn("MAGIC=0xed(EDU)", rec["fields"])

    def test_bad_input(self):
        d = self.tmp()
        bad = os.path.join(d, "bad.trace")
        with open(bad, "w") as f:
            f.write("VERSION 20070824\nR 3 0.000001 1 0x0 0x0 0x0 0\n")
        self.assertOneLineError(run("trace", bad), 1, "bad.trace:2", "width 3")
        self.assertOneLineError(run("trace", os.path.join(d, "none")), 1, "cannot open")
        self.assertOneLineError(run("trace", "--op", "x", bad), 2, "--op")
        self.assertOneLineError(run("trace"), 2)


# ---------------------------------------------------------------- bench


class bench(Base):
    def test_default_ranges_json(self):
        d = self.json_of(run("--machine", f"sim:{MAP}", "bench", "--min-time", "1", "--json"))
        self.assertEqual(d["platform"], "sim")
        self.assertTrue(d["writes"])
        self.assertIsInstance(d["copy_path"], str)
        self.assertEqual(len(d["ranges"]), 2)
        ram, dev = d["ranges"]
        self.assertIn("System RAM", ram["resource"])
        self.assertIn("0000:00:02.0", dev["resource"])
        self.assertEqual(dev["size"], 16 << 20)
        seen = set()
        for r in d["results"]:
            self.assertIn(r["type"], ("wb", "wt", "wc", "dev"))
            self.assertIn(r["dir"], ("read", "write"))
            self.assertIn(r["metric"], ("bandwidth", "latency"))
            if r["metric"] == "bandwidth":
                self.assertGreater(r["mib_per_s"], 0)
                self.assertGreater(r["bytes"], 0)
                self.assertGreater(r["seconds"], 0)
                self.assertIsNone(r["ns_per_access"])
            else:
                self.assertGreater(r["ns_per_access"], 0)
                self.assertIn(r["routine"], ("readl", "writel"))
            seen.add((r["start"], r["type"]))
        self.assertIn((ram["start"], "wb"), seen)
        for t in ("wb", "wt", "wc", "dev"):
            self.assertIn((dev["start"], t), seen)
        refused = {(r["start"], r["type"]): r for r in d["refused"]}
        self.assertEqual(set(refused), {(ram["start"], t) for t in ("wt", "wc", "dev")})
        for r in refused.values():
            self.assertEqual(r["errno"], "EPERM")
            self.assertIn("System RAM", r["why"])

    def test_range_text_and_svg(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "bench.svg")
        p = run("-m", "sim", "bench", "0xfe000000", "4K", "-t", "wc", "-t", "dev",
                "--min-time", "1", "--svg", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertRegex(out, r"0xfe000000\+0x1000\s+wc\s+wc\s+memcpy\s+read\s+[\d.]+ [MG]iB/s")
        self.assertRegex(out, r"0xfe000000\+0x1000\s+dev\s+dev\s+readl\s+read\s+[\d.]+ ns")
        self.assertNotRegex(out, r"\swb\s")
        root = ET.parse(path).getroot()
        self.assertEqual(root.tag, f"{SVG_NS}svg")
        bars = [r for r in root.iter(f"{SVG_NS}rect") if r.find(f"{SVG_NS}title") is not None]
        self.assertEqual(len(bars), len(re.findall(r"(?m)^0xfe000000", out)))
        rsvg = need("rsvg-convert", "librsvg2-bin")
        png = path + ".png"
        q = subprocess.run([rsvg, path, "-o", png], capture_output=True, timeout=120)
        self.assertEqual(q.returncode, 0, q.stderr)
        self.assertGreater(png_size(png)[0], 0)

    def test_bad_input(self):
        self.assertOneLineError(run("-m", "sim", "bench", "0x1000"), 2, "give both")
        self.assertOneLineError(run("-m", "sim", "bench", "0x1000", "0"), 2, "size 0")
        self.assertOneLineError(run("-m", "sim", "bench", "0x1000", "32"), 2, "64 B to 1 GiB")
        self.assertOneLineError(run("-m", "sim", "bench", "0x1000", "2G"), 2, "64 B to 1 GiB")
        self.assertOneLineError(run("-m", "sim", "bench", "--min-time", "x"), 2, "bad --min-time")
        p = run("-m", "sim", "bench", "0x100000", "4K", "-t", "wc", "--min-time", "1")
        self.assertEqual(p.returncode, 1, "nothing could be measured")
        self.assertIn("refused (EPERM)", p.stdout.decode())


# ------------------------------------------------------------- progress


class progress(Base):
    """The bar appears on a terminal only: run under script(1)'s pseudo-terminal."""

    def pty(self, args, env=None):
        script = need("script", "util-linux")
        e = {k: v for k, v in os.environ.items() if k not in ("MEMREMAP_MACHINE", "NO_COLOR")}
        e["TERM"] = "xterm"
        e.update(env or {})
        cmd = shlex.join([TOOL, *args])
        p = subprocess.run([script, "-qec", cmd, "/dev/null"], capture_output=True, env=e,
                           timeout=300, stdin=subprocess.DEVNULL)
        return p

    def test_bar_on_a_terminal(self):
        sim = Sim(self)
        blob = os.path.join(sim.dir, "blob")
        with open(blob, "wb") as f:
            f.write(os.urandom(4 << 20))
        out = os.path.join(sim.dir, "out")
        cases = {
            "fill": ["fill", "0xe0000000", "4M", "0x5a"],
            "load": ["load", "0xe0000000", blob],
            "dump": ["dump", "0xe0000000", "4M", "-o", out],
            "copy": ["copy", "0xe0000000", "0x10000000", "4M"],
            "bench": ["bench", "0xe0000000", "2M", "-t", "wc", "--min-time", "1"],
        }
        for label, args in cases.items():
            with self.subTest(cmd=label):
                p = self.pty(["--machine", sim.spec, *args])
                self.assertEqual(p.returncode, 0, p.stdout)
                self.assertIn(f"{label} [".encode(), p.stdout)
                self.assertRegex(p.stdout, rb"\r\x1b\[K" + label.encode() + rb" \[\x1b\[32m#{30}\x1b\[0m\] 100%")
                self.assertRegex(p.stdout, COLOR_RE.pattern, "colour on a terminal")
                # The same command into a pipe shows no bar.
                q = sim.run(*args)
                self.assertEqual(q.returncode, 0)
                self.assertNotIn(b"100%", q.stderr)
                self.assertNotIn(b"\r", q.stderr)

    def test_no_color(self):
        sim = Sim(self)
        p = self.pty(["--machine", sim.spec, "fill", "0xe0000000", "4M", "1"],
                     env={"NO_COLOR": "1"})
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout, rb"fill \[#{30}\] 100%")
        self.assertNotRegex(p.stdout, COLOR_RE.pattern)
        p = self.pty(["--machine", sim.spec, "iomem", "--tree"], env={"NO_COLOR": "1"})
        self.assertNotRegex(p.stdout, COLOR_RE.pattern)
        p = self.pty(["--machine", sim.spec, "iomem", "--tree"])
        self.assertRegex(p.stdout, COLOR_RE.pattern, "the tree is coloured on a terminal")
        p = self.pty(["--machine", sim.spec, "read", "0x1"], env={"NO_COLOR": "1"})
        self.assertEqual(p.returncode, 2)
        self.assertNotRegex(p.stdout, COLOR_RE.pattern)

    def test_small_or_opted_out(self):
        sim = Sim(self)
        for args in (["fill", "0xe0000000", "1M", "1"],
                     ["fill", "--no-progress", "0xe0000000", "4M", "1"],
                     ["dump", "-P", "0xe0000000", "4M", "-o", os.path.join(sim.dir, "o")]):
            p = self.pty(["--machine", sim.spec, *args])
            self.assertEqual(p.returncode, 0)
            self.assertNotIn(b"100%", p.stdout, args)


# ----------------------------------------------------------- completion


class completion(Base):
    def complete(self, *words):
        bash = need("bash", "bash")
        path = os.path.join(SOURCE, "tools", "memremap", "memremap.bash-completion")
        line = " ".join(words)
        script = (f"source {shlex.quote(path)}\n"
                  f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
                  f"COMP_CWORD={len(words) - 1}\n"
                  f"COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)}\n"
                  f"_memremap memremap {shlex.quote(words[-1])} {shlex.quote(words[-2])}\n"
                  "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
        p = subprocess.run([bash, "--norc", "-c", script], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode().split()

    def test_commands(self):
        self.assertEqual(sorted(self.complete("memremap", "")), sorted(COMMANDS + ["regs"]))
        self.assertEqual(self.complete("memremap", "du"), ["dump"])

    def test_options(self):
        got = self.complete("memremap", "read", "--")
        for opt in ("--width", "--count", "--type", "--json", "--machine", "--help"):
            self.assertIn(opt, got)
        self.assertNotIn("--no-readback", got)
        self.assertIn("--no-readback", self.complete("memremap", "write", "--n"))
        self.assertEqual(sorted(self.complete("memremap", "read", "--type", "")),
                         ["dev", "wb", "wc", "wt"])
        self.assertEqual(sorted(self.complete("memremap", "read", "-w", "")),
                         ["16", "32", "64", "8"])
        self.assertIn("--verbose", self.complete("memremap", "--"))

    def test_every_option_of_every_command_completes(self):
        # What --help lists, the completion offers.
        for cmd in commands():
            helptext = run(cmd, "--help").stdout.decode()
            want = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", helptext))
            got = set(self.complete("memremap", cmd, "--"))
            with self.subTest(cmd=cmd):
                self.assertEqual(want - got, set())

    def test_machines(self):
        got = self.complete("memremap", "--machine", "")
        self.assertIn("sim", got)
        self.assertIn("linux", got)
        got = self.complete("memremap", "--machine", "sim,a")
        self.assertIn("sim,arch=", got)
        # Bash replaces what follows the last "=": the value alone.
        self.assertEqual(self.complete("memremap", "--machine", "sim,arch=a"), ["arm64"])
        self.assertIn("sim,memblock=", self.complete("memremap", "--machine", "sim,m"))


# ------------------------------------------------------------------ man


class man(Base):
    PAGE = None

    def setUp(self):
        self.page = os.path.join(SOURCE, "docs", "man", "memremap.1")

    def test_renders_without_warnings(self):
        groff = need("groff", "groff-base")
        p = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", self.page],
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, b"", p.stderr.decode())

    def test_documents_every_command_and_option(self):
        with open(self.page) as f:
            src = f.read()
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS",
                        "ENVIRONMENT", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(src, rf'(?m)^\.SH "?{section}"?$')
        text = src.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace(
            "\\fI", "")
        for cmd in commands():
            self.assertRegex(src, rf"(?m)^\.SS .*\b{cmd}\b")
            for opt in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)",
                                      run(cmd, "--help").stdout.decode())):
                self.assertIn(opt, text, f"{cmd}: {opt} is not in the man page")
        for env in ("MEMREMAP_MACHINE", "NO_COLOR"):
            self.assertIn(env, src)


# ---------------------------------------------------------------- regs


REGS_BAD = """d:
  base: 0x1000
  registers:
    A: {offset: 0, reset: 0x1ffffffff}
    B: {offset: 2}
    C:
      offset: 8
      access: RWX
      fields: {X: 3:0, Y: 2, Z: 40}
"""


class regs(Base):
    """Registers by name (libmemremap-regs): QEMU's edu device described in
    SVD (tests/data/regs/edu.svd, at 0xfe000000 where pc64g.iomem puts it)
    and in the native format (edu.regs, anchored to its PCI ID), on plain sim
    memory checked from outside."""

    STATUS = 0xfe000020

    def setUp(self):
        self.data = os.path.join(SOURCE, "tests", "data", "regs")
        self.svd = os.path.join(self.data, "edu.svd")
        self.native = os.path.join(self.data, "edu.regs")
        self.sim = Sim(self)

    def r(self, *args, **kw):
        return self.sim.run("--regs", self.svd, *args, **kw)

    def u32(self, phys):
        return struct.unpack("<I", self.sim.peek(phys, 4))[0]

    def test_read_register_decoded(self):
        self.sim.poke(0xfe000000, struct.pack("<I", 0x010000ed))
        p = self.r("read", "edu.ID")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(),
                         "edu.ID @ 0xfe000000 = 0x010000ed\n"
                         "  7:0     MAGIC  0xed (EDU)\n"
                         "  23:16   MINOR  0x0\n"
                         "  31:24   MAJOR  0x1\n")

    def test_read_field(self):
        self.sim.poke(self.STATUS, struct.pack("<I", 0x81))
        p = self.r("read", "edu.STATUS:IRQ")
        self.assertEqual(p.stdout.decode(), "edu.STATUS:IRQ = 1 (ON)\n")
        d = self.json_of(self.r("read", "EDU.status:computing", "--json"))
        (reg,) = d["registers"]
        self.assertEqual((reg["name"], reg["address"], reg["width"], reg["value"]),
                         ("edu.STATUS", self.STATUS, 32, 0x81))
        self.assertEqual(reg["fields"], [{"name": "COMPUTING", "bits": "0", "mask": 1,
                                          "access": "RO", "value": 1, "enum": "BUSY"}])

    def test_native_file_with_base_and_env(self):
        self.sim.poke(0xfe000000, struct.pack("<I", 0x010000ed))
        # The native file names the PCI device; the sim has no PCI: anchor it.
        p = self.sim.run("--regs", self.native, "read", "edu.ID")
        self.assertOneLineError(p, 1, "edu is in a PCI BAR", "--regs-base edu=ADDR")
        p = self.sim.run("--regs", self.native, "--regs-base", "edu=0xfe000000", "read",
                         "edu.ID:MAGIC")
        self.assertEqual(p.stdout.decode(), "edu.ID:MAGIC = 0xed (EDU)\n", p.stderr)
        p = self.sim.run("read", "edu.ID:MAGIC", env={"MEMREMAP_REGS": self.svd})
        self.assertEqual(p.stdout.decode(), "edu.ID:MAGIC = 0xed (EDU)\n", p.stderr)
        # --regs wins over the environment.
        p = self.sim.run("--regs", self.svd, "read", "edu.ID:MAGIC",
                         env={"MEMREMAP_REGS": "/nonexistent.regs"})
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_write_field_is_one_read_one_write(self):
        # Bit 2 belongs to no field: a read-modify-write keeps it.
        self.sim.poke(self.STATUS, struct.pack("<I", 0x5))
        d = self.json_of(self.r("write", "edu.STATUS:IRQ=ON", "--json"))
        (w,) = d["writes"]
        self.assertEqual((w["name"], w["address"], w["width"], w["mask"]),
                         ("edu.STATUS:IRQ", self.STATUS, 32, 0x80))
        self.assertEqual((w["read"], w["written"], w["reads"], w["writes"]), (5, 0x85, 1, 1))
        self.assertIsNone(w["readback"])
        self.assertEqual(self.u32(self.STATUS), 0x85)
        p = self.r("write", "edu.STATUS:IRQ", "0")
        self.assertEqual(p.stdout.decode(),
                         "edu.STATUS:IRQ = 0 (OFF) @ 0xfe000020: read 0x00000085, "
                         "wrote 0x00000005\n", p.stderr)
        self.assertEqual(self.u32(self.STATUS), 0x5)
        d = self.json_of(self.r("write", "edu.STATUS:IRQ=1", "--verify", "--json"))
        self.assertEqual((d["writes"][0]["readback"], d["writes"][0]["reads"]), (0x85, 2))

    def test_write_register_whole(self):
        p = self.r("write", "edu.LIVENESS=0x12345678")
        self.assertEqual(p.stdout.decode(), "edu.LIVENESS @ 0xfe000004: wrote 0x12345678\n")
        self.assertEqual(self.u32(0xfe000004), 0x12345678)
        # A 64-bit register: one 8-byte write.
        d = self.json_of(self.r("write", "edu.DMA_SRC", "0x1122334455667788", "--json"))
        self.assertEqual((d["writes"][0]["width"], d["writes"][0]["reads"]), (64, 0))
        self.assertEqual(self.sim.peek(0xfe000080, 8), bytes.fromhex("8877665544332211"))
        # A write-only register is never read.
        d = self.json_of(self.r("write", "edu.IRQ_ACK=0x100", "--json"))
        self.assertEqual((d["writes"][0]["read"], d["writes"][0]["reads"]), (None, 0))
        self.assertEqual(self.u32(0xfe000064), 0x100)

    def test_write_glob(self):
        self.sim.poke(self.STATUS, struct.pack("<I", 0x1))
        d = self.json_of(self.r("write", "edu.*:IRQ=1", "--json"))
        self.assertEqual([w["name"] for w in d["writes"]], ["edu.STATUS:IRQ", "edu.DMA_CMD:IRQ"])
        self.assertEqual(self.u32(self.STATUS), 0x81)
        self.assertEqual(self.sim.peek(0xfe000098, 8), struct.pack("<Q", 4))

    def test_refused_writes_change_nothing(self):
        self.sim.poke(self.STATUS, struct.pack("<I", 0x81))
        for args, code, words in (
                (["write", "edu.ID=1"], 1, ["edu.ID is RO"]),
                (["write", "edu.STATUS:COMPUTING=0"], 1, ["COMPUTING is RO"]),
                (["write", "edu.STATUS:IRQ=2"], 2, ["does not fit", "1 bits"]),
                (["write", "edu.STATUS:IRQ=MAYBE"], 2, ["neither a number nor a value", "OFF"]),
                (["write", "edu.STATUS:IRQ"], 2, ["no value"]),
                (["write", "edu.STATUS:IRQ=1", "2"], 2, ["one too many"]),
                (["write", "edu.NOPE=1"], 1, ["no register 'NOPE'"]),
                (["write", "edu.STATUS:NOPE=1"], 1, ["no field 'NOPE'"]),
                (["write", "--width", "8", "edu.STATUS=1"], 2, ["gives its width"]),
                (["read", "--count", "2", "edu.STATUS"], 2, ["gives its width"]),
                (["read", "nosuch.*"], 1, ["no register matches"])):
            with self.subTest(args=args):
                self.refused_unchanged(self.sim, ["--regs", self.svd, *args], code, *words)

    def test_malformed_descriptions_change_nothing(self):
        d = tempfile.mkdtemp(prefix="memremap-regs-")
        self.addCleanup(shutil.rmtree, d, True)
        cases = {
            "syntax.regs": ("edu: [1, 2\n", "syntax.regs:2: YAML"),
            "overlap.regs": (REGS_BAD, "overlap.regs:4: register d.A: reset value"),
            "svd.svd": ("<device><peripherals>\n<peripheral><name>edu</name></peripheral>"
                        "</peripherals></device>", "svd.svd:2: peripheral edu: no <baseAddress>"),
            "xml.svd": ("<device>\n<oops></device>", "xml.svd:2: XML"),
            "empty.regs": ("", "empty.regs: empty"),
        }
        for name, (text, msg) in cases.items():
            path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write(text)
            with self.subTest(file=name):
                self.refused_unchanged(self.sim, ["--regs", path, "write", "edu.LIVENESS=1"], 1,
                                       msg)
        self.refused_unchanged(self.sim, ["--regs", "/nonexistent.regs", "read", "edu.ID"], 1,
                               "/nonexistent.regs")
        self.refused_unchanged(self.sim, ["read", "edu.ID"], 1, "no register descriptions",
                               "--regs")

    def test_read_glob_and_dump_table(self):
        self.sim.poke(0xfe000000, struct.pack("<I", 0x010000ed))
        self.sim.poke(self.STATUS, struct.pack("<I", 0x80))
        p = self.r("dump", "edu")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.decode().splitlines()
        self.assertTrue(lines[0].startswith("edu @ 0xfe000000  ("), lines[0])
        self.assertEqual(lines[1].split(), ["offset", "register", "acc", "value", "fields"])
        rows = {ln.split()[1]: ln.split() for ln in lines[2:]}
        self.assertEqual(len(rows), 11)
        self.assertEqual(rows["ID"], ["0x0000", "ID", "RO", "0x010000ed", "MAGIC=0xed(EDU)",
                                      "MINOR=0x0", "MAJOR=0x1"])
        self.assertEqual(rows["STATUS"], ["0x0020", "STATUS", "RW", "0x00000080",
                                          "COMPUTING=0(IDLE)", "IRQ=1(ON)"])
        self.assertEqual(rows["IRQ_ACK"][3:], ["-", "(write-only:", "not", "read)"])
        self.assertEqual(rows["DMA_SRC"], ["0x0080", "DMA_SRC", "RW", "0x0000000000000000"])
        # read with a glob is the same table; JSON the same registers.
        self.assertEqual(self.r("read", "edu.*").stdout, p.stdout)
        d = self.json_of(self.r("dump", "edu.*", "--json"))
        self.assertEqual([x["register"] for x in d["registers"]][:4],
                         ["ID", "LIVENESS", "FACTORIAL", "STATUS"])
        ack = [x for x in d["registers"] if x["register"] == "IRQ_ACK"][0]
        self.assertEqual((ack["value"], ack["not_read"]), (None, "write-only"))
        # Fields across registers.
        p = self.r("read", "edu.*:IRQ")
        self.assertIn("STATUS   RW   0x00000080         IRQ=1 (ON)", p.stdout.decode())

    def test_regs_lists_and_checks(self):
        p = run("regs", self.native)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertTrue(out.startswith("edu: PCI 1234:11e8 #0, BAR 0 + 0x0, 0xa0 bytes, "
                                       "11 registers"), out)
        self.assertIn("\n  0x0020  STATUS           32  RW   reset 0x00000000  factorial status\n"
                      "          0       COMPUTING        RO   IDLE=0x0 BUSY=0x1  the factorial is "
                      "being computed\n"
                      "          7       IRQ              RW   OFF=0x0 ON=0x1  raise an interrupt "
                      "when the factorial is done\n", out)
        d = self.json_of(run("regs", "--json", self.svd))
        (b,) = d["blocks"]
        self.assertEqual((b["name"], b["anchor"], b["size"]), ("edu", "at 0xfe000000", 0xa0))
        self.assertEqual(b["registers"][3]["fields"][1]["values"], {"OFF": 0, "ON": 1})
        # Every problem, in line order, then the summary; nothing on stdout.
        d = tempfile.mkdtemp(prefix="memremap-regs-")
        self.addCleanup(shutil.rmtree, d, True)
        bad = os.path.join(d, "bad.regs")
        with open(bad, "w") as f:
            f.write(REGS_BAD)
        p = run("regs", bad)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, b"")
        lines = p.stderr.decode().splitlines()
        self.assertEqual([ln.split(": ")[0:2] for ln in lines[:-1]],
                         [[f"{bad}:4", "error"], [f"{bad}:5", "warning"], [f"{bad}:5", "error"],
                          [f"{bad}:8", "error"], [f"{bad}:9", "error"], [f"{bad}:9", "error"]])
        self.assertIn("unknown access 'RWX'", lines[3])
        self.assertIn("overlap field X", lines[4])
        self.assertIn("past the register's 32 bits", lines[5])
        self.assertTrue(lines[-1].startswith("memremap regs: "), lines[-1])
        self.assertIn("(and 4 more problems)", lines[-1])
        self.assertOneLineError(run("regs"), 2, "no description")

    def test_pci_anchor_on_a_fake_linux_root(self):
        """The native file's PCI anchor, found in sysfs under linux,root=DIR."""
        root = tempfile.mkdtemp(prefix="memremap-root-")
        self.addCleanup(shutil.rmtree, root, True)
        dev = os.path.join(root, "sys/bus/pci/devices/0000:00:03.0")
        os.makedirs(dev)
        os.makedirs(os.path.join(root, "proc"))
        files = {
            "proc/iomem": "00001000-0009ffff : System RAM\nc0000000-febfffff : PCI Bus 0000:00\n"
                          "  fea00000-feafffff : 0000:00:03.0\n",
            "proc/cpuinfo": "address sizes\t: 40 bits physical, 48 bits virtual\n",
            dev + "/vendor": "0x1234\n", dev + "/device": "0x11e8\n",
            dev + "/resource": "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n",
        }
        for name, text in files.items():
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        with open(dev + "/resource0", "wb") as f:
            f.truncate(1 << 20)
            f.write(struct.pack("<I", 0x010000ed))
            f.seek(0x20)
            f.write(struct.pack("<I", 0x1))
        spec = f"linux,root={root}"
        p = run("--machine", spec, "--regs", self.native, "read", "edu.ID:MAJOR")
        self.assertEqual(p.stdout.decode(), "edu.ID:MAJOR = 0x1\n", p.stderr)
        p = run("--machine", spec, "--regs", self.native, "write", "edu.STATUS:IRQ=ON")
        self.assertIn("@ 0xfea00020: read 0x00000001, wrote 0x00000081", p.stdout.decode(),
                      p.stderr)
        with open(dev + "/resource0", "rb") as f:
            f.seek(0x20)
            self.assertEqual(struct.unpack("<I", f.read(4))[0], 0x81)
        p = run("regs", "--machine", spec, self.native)
        self.assertIn("BAR 0 + 0x0 = 0xfea00000, 0xa0 bytes", p.stdout.decode(), p.stderr)


# ------------------------------------------------------------- fidelity


class fidelity(Base):
    """query answers what Debian's kernels answered (tests/data/kernel-answers).

    Lines with no cache-type flag, and size 0 (refused by this project on
    purpose), are outside what query can ask; every other memremap line is
    asked, grouped so that one run answers all the types of one range. The
    machine is told what the kernel had, as tests/unit/test_fidelity.c tells
    it: architecture and address width from NAME.info, NAME.pat (x86),
    NAME.memblock (arm64).
    """

    TYPES = {1: "wb", 2: "wt", 4: "wc"}

    @staticmethod
    def answers(name):
        return os.path.join(SOURCE, "tests", "data", "kernel-answers", name)

    @staticmethod
    def spec(base):
        with open(base + ".info") as f:
            info = f.read()
        version = re.search(r"^Linux version (\S+)", info, re.M)
        if version and version.group(1).endswith("-arm64"):
            bits = re.search(r"^phys mask: (\d+) bits", info, re.M)
            spec = f"sim:{base}.iomem,arch=arm64,phys-bits={bits.group(1) if bits else 48}"
            extra = ("memblock", ".memblock")
        else:
            bits = re.search(r"^address sizes\s*: (\d+) bits physical", info, re.M)
            spec = f"sim:{base}.iomem,phys-bits={bits.group(1)}"
            extra = ("pat", ".pat")
        if os.path.exists(base + extra[1]):
            spec += f",{extra[0]}={base}{extra[1]}"
        return spec

    def replay(self, name, spec=None):
        base = self.answers(name)
        spec = spec or self.spec(base)
        groups = {}
        with open(base + ".truth") as f:
            for line in f:
                m = re.match(r"^0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) ri=(\d) "
                             r"result=(\w+)$", line.strip())
                if not m:
                    continue
                off, size, flags = (int(m.group(i), 16) for i in (1, 2, 3))
                if not size or not flags & 7:
                    continue
                key = (off, size, flags & 0x18)
                groups.setdefault(key, []).append((flags & 7, int(m.group(4)), m.group(5)))
        self.assertGreater(len(groups), 100)
        asked = 0
        for (off, size, extra), cases in groups.items():
            args = ["query", hex(off), hex(size), "--json"]
            for types, _, _ in cases:
                args += ["-t", ",".join(n for b, n in self.TYPES.items() if types & b)]
            args += ["--enc"] if extra & 8 else []
            args += ["--dec"] if extra & 16 else []
            p = run("--machine", spec, *args)
            if off + size - 1 >= 1 << 64:
                # The tool refuses a wrapping range as bad usage, before asking.
                self.assertOneLineError(p, 2, "runs past the end")
                self.assertEqual({r for _, _, r in cases}, {"null"})
                asked += len(cases)
                continue
            self.assertIn(p.returncode, (0, 1), p.stderr)
            d = json.loads(p.stdout)
            for (types, ri, result), got in zip(cases, d["types"]):
                what = f"{name}: memremap({off:#x}, {size:#x}, {types | extra:#x})"
                self.assertEqual(got["flags"], types | extra, what)
                self.assertEqual(d["region_intersects_value"], ri, what)
                want = {"null": (False, False), "direct": (True, True),
                        "mapped": (True, False)}[result]
                self.assertEqual((got["maps"], got["direct"]), want, f"{what}: {got['why']}")
                asked += 1
        return d, asked

    def test_pc_1g(self):
        d, asked = self.replay("pc-1g")
        self.assertEqual((d["arch"], d["memtype_tracked"]), ("x86_64", True))
        self.assertGreater(asked, 1000)

    def test_arm64_virt_1g(self):
        d, asked = self.replay("arm64-virt-1g")
        self.assertEqual((d["arch"], d["phys_bits"], d["memtype_tracked"]),
                         ("arm64", 48, False))
        self.assertGreater(asked, 500)

    def test_arm64_virt_1g_from_its_dtb(self):
        """The board replayed from the tree QEMU gives it, no /proc/iomem: the same answers."""
        if not shutil.which("dtc"):
            self.skipTest("dtc (device-tree-compiler) is not installed")
        dts = os.path.join(SOURCE, "tests", "data", "dt", "qemu-virt-1g.dts")
        d, asked = self.replay("arm64-virt-1g", f"sim,dt={dts},arch=arm64,phys-bits=48")
        self.assertEqual((d["arch"], d["phys_bits"], d["memtype_tracked"]),
                         ("arm64", 48, False))
        self.assertGreater(asked, 500)

    def test_arm64_attributes(self):
        """What each type becomes on arm64, and the alias of RAM it warns about."""
        base = self.answers("arm64-virt-1g")
        spec = self.spec(base)
        d = json.loads(run("--machine", spec, "query", "0x9000000", "4K", "--json").stdout)
        got = {t["type"]: (t["gets"], t["attr"]) for t in d["types"]}
        self.assertEqual(got, {"wb": ("wb", "Normal"), "wt": ("dev", "Device-nGnRE"),
                               "wc": ("wc", "Normal-NC"), "dev": ("dev", "Device-nGnRE")})
        self.assertIn("no write-through on arm64", d["types"][1]["why"])
        d = json.loads(run("--machine", spec, "query", "0x3ffff000", "0x2000", "-t", "wb",
                           "--json").stdout)
        self.assertEqual((d["types"][0]["maps"], d["types"][0]["direct"]), (True, False))
        self.assertIn("cacheable alias of kernel RAM", d["types"][0]["why"])
        # The same questions on x86's rules: its PAT names, no alias of RAM.
        x86 = spec.replace(",arch=arm64", "").replace(",memblock=" + base + ".memblock", "")
        d = json.loads(run("--machine", x86, "query", "0x9000000", "4K", "--json").stdout)
        self.assertEqual([t["attr"] for t in d["types"]], ["WB", "WT", "WC", "UC-"])
        d = json.loads(run("--machine", x86, "query", "0x3ffff000", "0x2000", "-t", "wb",
                           "--json").stdout)
        self.assertEqual(d["types"][0]["errno"], "EPERM")


# ----------------------------------------------------------------- demo


class demo(Base):
    def test_demo(self):
        # The tour is written for the built-in PC, whatever the environment says.
        p = run("demo", env={"MEMREMAP_MACHINE": "linux"})
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertIn("Every step behaved as the kernel's contract says.", out)
        self.assertNotIn("UNEXPECTED", out)
        p = run("--machine", f"sim:{MAP}", "demo")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"spec 'sim:{MAP}'", p.stdout.decode())


# --------------------------------------------------------------- devmem


class devmem(Base):
    """busybox devmem's and devmem2's arguments and output (tests/vm compares
    them with busybox itself on a real kernel)."""

    def alias(self, name):
        # The build tree has the symlinks the package installs.
        path = os.path.join(os.path.dirname(TOOL), name)
        self.assertEqual(os.readlink(path), "memremap")
        return path

    def run_as(self, name, sim, *args):
        e = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        e["MEMREMAP_MACHINE"] = sim.spec
        return subprocess.run([self.alias(name), *args], capture_output=True, env=e,
                              timeout=60)

    def test_read_format(self):
        sim = Sim(self)
        sim.poke(0xfe000000, bytes.fromhex("ed0000017788aa55"))
        for args, want in (([], "0x010000ED"), (["32"], "0x010000ED"), (["8"], "0xED"),
                           (["16"], "0x00ED"), (["64"], "0x55AA8877010000ED"),
                           (["b"], "0xED"), (["H"], "0x00ED"), (["w"], "0x010000ED"),
                           (["l"], "0x55AA8877010000ED")):
            with self.subTest(args=args):
                p = sim.run("devmem", "0xfe000000", *args)
                self.assertEqual((p.returncode, p.stdout.decode(), p.stderr), (0, want + "\n", b""))
                q = self.run_as("devmem", sim, "0xfe000000", *args)
                self.assertEqual((q.returncode, q.stdout), (0, p.stdout))

    def test_write_prints_nothing_and_reads_nothing_back(self):
        sim = Sim(self)
        for width, value, packed in (("8", "0x5a", b"\x5a"), ("h", "0xbeef", b"\xef\xbe"),
                                     ("32", "0x12345678", b"\x78\x56\x34\x12"),
                                     ("64", "0x1122334455667788", bytes.fromhex("8877665544332211"))):
            p = self.run_as("devmem", sim, "0xfe000010", width, value)
            self.assertEqual((p.returncode, p.stdout), (0, b""), p.stderr)
            self.assertEqual(sim.peek(0xfe000010, len(packed)), packed)

    def test_refusals_exit_1(self):
        sim = Sim(self)
        before = sim.fingerprint()
        for args, words in ((["0xfe000000", "12"], "bad width '12'"),
                            (["0xfe000000", "x"], "bad width 'x'"),
                            (["0xzz"], "bad address"),
                            (["0xfe000002", "32", "1"], "not aligned"),
                            (["0xfe000000", "8", "0x100"], "does not fit in 8 bits"),
                            (["0x200000", "32", "1", "2"], "unexpected operand '2'"),
                            ([], "missing ADDR")):
            with self.subTest(args=args):
                self.assertOneLineError(sim.run("devmem", *args), 1, words)
                self.assertEqual(self.run_as("devmem", sim, *args).returncode, 1)
        self.assertEqual(sim.fingerprint(), before)
        # memremap's rules still apply: RAM is never mapped uncached, so a write-back
        # read of RAM works and a refused type is a refusal (1).
        self.assertEqual(sim.run("devmem", "0x200000").returncode, 0)
        self.assertOneLineError(sim.run("devmem", "0x7feffffe", "32"), 1, "not aligned")
        # An option it does not know is bad usage, as everywhere in memremap.
        self.assertOneLineError(sim.run("devmem", "--bogus", "0x0"), 2, "--bogus")

    def test_devmem2(self):
        sim = Sim(self)
        sim.poke(0xfe000004, struct.pack("<I", 0x55aa))
        for p in (sim.run("devmem2", "0xfe000004"), self.run_as("devmem2", sim, "0xfe000004")):
            lines = p.stdout.decode().splitlines()
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(lines[0], "sim mmap opened.")
            self.assertRegex(lines[1], r"^Memory mapped at address 0x[0-9a-f]+000\.$")
            self.assertRegex(lines[2], r"^Value at address 0xFE000004 \(0x[0-9a-f]+004\): 0x55AA$")
        p = sim.run("devmem2", "0xfe000004", "h", "0xbeef")
        self.assertEqual(p.stdout.decode().splitlines()[2:],
                         ["Value at address 0xFE000004 (%s): 0x55AA" %
                          re.search(r"\((0x[0-9a-f]+)\)", p.stdout.decode()).group(1),
                          "Written 0xBEEF; readback 0xBEEF"])
        self.assertEqual(sim.peek(0xfe000004, 4), struct.pack("<I", 0xbeef))
        p = sim.run("devmem2", "0xfe000004", "q")
        self.assertOneLineError(p, 2, "illegal data type 'q'")


# ------------------------------------------------------------------ rmw


class rmw(Base):
    """write --set/--clear/--mask: one read and one write of the width asked
    (the access count itself: tests/cli/test_rmw.c on a trapped page)."""

    def test_set_clear_mask(self):
        sim = Sim(self)
        sim.poke(0xfe000004, struct.pack("<I", 0x55aa))
        p = sim.run("write", "0xfe000004", "--set", "0x4")
        self.assertEqual(p.stdout.decode(), "0xfe000004: read 0x000055aa, wrote 0x000055ae\n")
        p = sim.run("write", "0xfe000004", "--clear", "0xa")
        self.assertEqual(p.stdout.decode(), "0xfe000004: read 0x000055ae, wrote 0x000055a4\n")
        p = sim.run("write", "0xfe000004", "--mask", "0xff00", "0x1200")
        self.assertEqual(p.stdout.decode(), "0xfe000004: read 0x000055a4, wrote 0x000012a4\n")
        self.assertEqual(sim.peek(0xfe000004, 4), struct.pack("<I", 0x12a4))
        d = self.json_of(sim.run("write", "0xfe000004", "--set", "0x80000000", "--clear", "0xf",
                                 "--json"))
        self.assertEqual((d["read"], d["written"], d["mask"], d["bits"]),
                         (0x12a4, 0x800012a0, 0x8000000f, 0x80000000))
        self.assertEqual((d["read_hex"], d["written_hex"]), ("0x12a4", "0x800012a0"))

    def test_width_asked_and_nothing_around_it(self):
        sim = Sim(self)
        sim.poke(0xfe000000, b"\x11" * 16)
        p = sim.run("write", "-w", "8", "0xfe000005", "--set", "0x80")
        self.assertEqual(p.stdout.decode(), "0xfe000005: read 0x11, wrote 0x91\n")
        p = sim.run("write", "-w", "64", "0xfe000008", "--clear", "0x1")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sim.peek(0xfe000000, 16),
                         b"\x11" * 5 + b"\x91" + b"\x11" * 2 + b"\x10" + b"\x11" * 7)

    def test_bad_input_changes_nothing(self):
        sim = Sim(self)
        sim.poke(0xfe000000, b"\x33" * 8)
        for args, words in ((["--set", "1", "--clear", "1"], "share bits"),
                            (["--set", "0x100", "-w", "8"], "does not fit in 8 bits"),
                            (["--mask", "0xf0", "0x1"], "bits outside --mask"),
                            (["--mask", "0xf0"], "missing operand"),
                            (["--set", "1", "5"], "unexpected operand '5'"),
                            (["--set", "1", "--verify"], "reads only once"),
                            (["--set", "1", "--set", "2"], "given twice")):
            with self.subTest(args=args):
                self.refused_unchanged(sim, ["write", "0xfe000000", *args], 2, words)
        self.refused_unchanged(sim, ["write", "0x200000", "-t", "wc", "--set", "1"], 1, "EPERM")


# ------------------------------------------------------------ readline


class readline(Base):
    """Completion in a real interactive bash on a pseudo-terminal: TAB is
    pressed and what readline put on the line is run. Bash splits words at
    ':' and '=' (COMP_WORDBREAKS) there, which a hand-built COMP_WORDS hides."""

    def bash(self, setup, keys):
        bash = need("bash", "bash")
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        with open(os.path.join(d, "pc.iomem"), "w") as f:
            f.write("00000000-00000fff : Reserved\n")
        os.mkdir(os.path.join(d, "maps"))
        with open(os.path.join(d, "maps", "arm.iomem"), "w") as f:
            f.write("00000000-00000fff : Reserved\n")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": d, "TERM": "dumb",
               "PS1": "$ ", "INPUTRC": "/dev/null", "LC_ALL": "C"}
        master, slave = pty.openpty()
        p = subprocess.Popen([bash, "--norc", "--noprofile", "-i"], stdin=slave, stdout=slave,
                             stderr=slave, env=env, cwd=d, start_new_session=True)
        os.close(slave)
        out = b""

        def send(text, until):
            nonlocal out
            os.write(master, text.encode())
            end = len(out)
            while until.encode() not in out[end:]:
                r, _, _ = select.select([master], [], [], 10)
                self.assertTrue(r, f"bash said nothing after {text!r}: {out[-400:]!r}")
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    chunk = b""
                self.assertTrue(chunk, f"bash ended: {out[-400:]!r}")
                out += chunk
            return out[end:].decode(errors="replace")

        try:
            # Quotes split each marker where it is typed, so that the echo of
            # the typed line is never taken for the output.
            send(setup + "; echo RE''ADY\n", "READY\r\n")
            # The function stands for the tool: completion is bound to the name.
            send("memremap() { printf 'AR''GS<%s>\\n' \"$*\"; }; echo S''ET\n", "SET\r\n")
            got = send(keys + "\n", ">\r\n")
            send("exit\n", "exit")
        finally:
            os.close(master)
            p.wait(timeout=30)
        return re.search(r"ARGS<(.*)>", got).group(1)

    def script(self):
        return "source " + shlex.quote(os.path.join(SOURCE, "tools", "memremap",
                                                     "memremap.bash-completion"))

    def test_machine_file_after_the_colon(self):
        self.assertEqual(self.bash(self.script(), "memremap --machine sim:p\tiomem"),
                         "--machine sim:pc.iomem iomem")
        self.assertEqual(self.bash(self.script(), "memremap -m sim:ma\tar\t iomem"),
                         "-m sim:maps/arm.iomem iomem")
        self.assertEqual(self.bash(self.script(), "memremap --machine=sim:p\t iomem"),
                         "--machine=sim:pc.iomem iomem")

    def test_machine_options_after_the_comma(self):
        # "me" is the start of mem= and memblock=: the completion stops at "mem".
        self.assertEqual(self.bash(self.script(), "memremap -m sim:pc.iomem,me\t=/tmp/x iomem"),
                         "-m sim:pc.iomem,mem=/tmp/x iomem")
        self.assertEqual(self.bash(self.script(), "memremap -m sim:pc.iomem,ar\tar\t iomem"),
                         "-m sim:pc.iomem,arch=arm64 iomem")
        self.assertEqual(self.bash(self.script(), "memremap -m sim,pat=p\t iomem"),
                         "-m sim,pat=pc.iomem iomem")

    def test_commands_options_values(self):
        self.assertEqual(self.bash(self.script(), "memremap rea\t0x0 --ty\twc"),
                         "read 0x0 --type wc")
        self.assertEqual(self.bash(self.script(), "memremap write 0x0 --cl\t1"),
                         "write 0x0 --clear 1")

    def test_the_script_the_tool_prints(self):
        setup = f"source <({shlex.quote(TOOL)} completion bash)"
        self.assertEqual(self.bash(setup, "memremap --machine sim:p\tdum\t"),
                         "--machine sim:pc.iomem dump")
        p = run("completion", "bash")
        with open(os.path.join(SOURCE, "tools", "memremap", "memremap.bash-completion"), "rb") as f:
            self.assertEqual(p.stdout, f.read())
        self.assertOneLineError(run("completion", "zsh"), 2, "only bash")


# ----------------------------------------------------------------- json


class jsonhex(Base):
    """Every JSON report gives addresses and sizes as hex text too (docs/cli.md)."""

    def check(self, d, where):
        for k, v in d.items():
            if k in ("start", "end", "size", "src", "dst") and isinstance(v, int):
                self.assertEqual(d.get(k + "_hex"), hex(v), f"{where}: {k}")
            if isinstance(v, dict):
                self.check(v, where)
            if isinstance(v, list):
                for x in v:
                    if isinstance(x, dict):
                        self.check(x, where)

    def test_every_report(self):
        sim = Sim(self)
        blob = os.path.join(sim.dir, "blob")
        with open(blob, "wb") as f:
            f.write(b"x" * 64)
        reports = {
            "iomem": ["iomem"],
            "query": ["query", "0xfe000000", "4K"],
            "read": ["read", "0xfe000000", "-n", "2"],
            "write": ["write", "0xfe000000", "1", "2"],
            "write --set": ["write", "0xfe000000", "--set", "4"],
            "dump": ["dump", "0xfe000000", "32"],
            "dump -o": ["dump", "0xfe000000", "32", "-o", os.path.join(sim.dir, "o")],
            "load": ["load", "0xe0000000", blob],
            "fill": ["fill", "0xe0000000", "64", "1"],
            "copy": ["copy", "0xe0000000", "0xe1000000", "64"],
            "bench": ["bench", "0xfe000000", "4K", "-t", "dev", "--min-time", "1"],
        }
        for name, args in reports.items():
            with self.subTest(cmd=name):
                d = self.json_of(sim.run(*args, "--json"))
                self.check(d, name)
        d = self.json_of(sim.run("read", "0xfe000000", "--json"))
        self.assertEqual(d["start_hex"], "0xfe000000")
        d = self.json_of(sim.run("write", "0xfe000000", "0x10", "--json"))
        self.assertEqual((d["written_hex"], d["readback_hex"]), (["0x10"], ["0x10"]))


# ------------------------------------------------- demo and bench on replays


def replay_maps():
    """Every real map the tests have: the replays, the CLI's PC, the kernel answers."""
    d = os.path.join(SOURCE, "tests", "data", "iomem")
    maps = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".iomem"))
    maps.append(MAP)
    maps.append(os.path.join(SOURCE, "tests", "data", "kernel-answers", "pc-1g.iomem"))
    return maps


def map_tree(path):
    with open(path) as f:
        return parse_iomem(f.read())


def is_ram(n):
    return n["name"] in ("System RAM", "System RAM (kmem)") or any(
        c["name"] == "System RAM (kmem)" for c in n["children"])


def is_config(n):
    return n["name"].startswith(("PCI MMCONFIG", "PCI ECAM"))


NOT_DEVICE = ("Reserved", "reserved", "Soft Reserved", "ACPI Tables", "ACPI Non-volatile Storage",
              "Persistent Memory", "Persistent Memory (legacy)")


def path_to(tree, start, end):
    """The resources holding [start, end], outermost first."""
    path, level = [], tree
    while True:
        inner = [n for n in level if n["start"] <= start and end <= n["end"]]
        if not inner:
            return path
        path.append(inner[0])
        level = inner[0]["children"]


def overlapping(nodes, start, end):
    return [n for n in nodes if n["start"] <= end and start <= n["end"]]


class replays(Base):
    """demo and bench choose their ranges from the map they are given."""

    PICK = re.compile(r"^   (registers|write-combining|System RAM|mixed)\s+"
                      r"(?:\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (?:in|across) '([^']*)'.*|none: (.*))$")

    def demo(self, mapfile, extra=""):
        p = run("--machine", f"sim:{mapfile}{extra}", "demo")
        out = p.stdout.decode()
        self.assertEqual(p.returncode, 0, f"{mapfile}: {p.stderr.decode()}\n{out}")
        self.assertNotIn("UNEXPECTED", out, mapfile)
        self.assertRegex(out, r"\nEvery step (this map allows )?behaved as the kernel's contract "
                              r"says", mapfile)
        picks = {}
        for line in out.splitlines():
            m = self.PICK.match(line)
            if m:
                picks[m.group(1)] = (None if m.group(5) else
                                     (int(m.group(2), 16), int(m.group(3), 16), m.group(4)),
                                     m.group(5))
        self.assertEqual(set(picks), {"registers", "write-combining", "System RAM", "mixed"},
                         out)
        return out, picks

    def assert_device(self, tree, start, end, what):
        path = path_to(tree, start, end)
        self.assertTrue(path, f"{what} {start:#x} lies in a hole")
        for n in path:
            self.assertFalse(is_ram(n), f"{what} {start:#x} lies in RAM: {n['name']}")
            self.assertFalse(is_config(n), f"{what} {start:#x} is config space: {n['name']}")
            self.assertNotIn(n["name"], NOT_DEVICE, f"{what} {start:#x} is in {n['name']}")
            self.assertNotIn("ROM", n["name"])
            self.assertFalse(n["name"].startswith("CXL Window"), what)
        self.assertGreaterEqual(start, 1 << 20, f"{what} in x86's legacy area")

    def assert_plain_ram(self, tree, start, end, what):
        top = path_to(tree, start, end)
        self.assertTrue(top, f"{what} {start:#x} lies in a hole")
        self.assertEqual(top[0]["name"], "System RAM", f"{what} {start:#x}")
        self.assertEqual(overlapping(top[0]["children"], start, end), [],
                         f"{what} [{start:#x}, {end:#x}] covers the kernel or a reserved part")

    def check_picks(self, mapfile, picks):
        tree = map_tree(mapfile)
        for what, (rng, none) in picks.items():
            if rng is None:
                self.assertTrue(none.startswith("this map has no "), none)
                continue
            start, end, _ = rng
            self.assertEqual(start % 4096, 0, f"{mapfile}: {what}")
            if what in ("registers", "write-combining"):
                self.assert_device(tree, start, end, what)
            if what == "registers":
                self.assertEqual(end - start + 1, 4096)
            if what == "write-combining":
                self.assertLessEqual(end - start + 1, 16 << 20)
            if what == "System RAM":
                self.assert_plain_ram(tree, start, end, what)
            if what == "mixed":
                kinds = {is_ram(n) for n in overlapping(tree, start, end)}
                self.assertEqual(kinds, {True, False}, f"{mapfile}: {what}")
        regs, fb = picks["registers"][0], picks["write-combining"][0]
        if regs and fb:
            self.assertTrue(regs[1] < fb[0] or fb[1] < regs[0], "registers inside the window")

    def test_demo_on_every_replay(self):
        maps = replay_maps()
        self.assertGreaterEqual(len(maps), 8)
        for mapfile in maps:
            with self.subTest(map=os.path.basename(mapfile)):
                _, picks = self.demo(mapfile)
                self.check_picks(mapfile, picks)
                # Every map but the arm64 board has each kind of range.
                if "rpi4" not in mapfile:
                    self.assertTrue(all(r for r, _ in picks.values()), picks)

    def test_demo_builtin_keeps_its_ranges(self):
        p = run("demo")
        self.assertEqual(p.returncode, 0)
        out = p.stdout.decode()
        self.assertIn("Every step behaved as the kernel's contract says.", out)
        self.assertIn("[mem 0xfe000000-0xfe000fff] in '0000:00:03.0'", out)
        self.assertIn("[mem 0xe0000000-0xe0ffffff] in '0000:00:02.0'", out)
        self.assertIn("[mem 0x00100000-0x00100fff] in 'System RAM'", out)
        self.assertIn("[mem 0x7fef0000-0x7ff0ffff] across 'System RAM' and 'ACPI Tables'", out)

    def data(self, name):
        return os.path.join(SOURCE, "tests", "data", "iomem", name)

    def test_demo_arm64_board(self):
        out, picks = self.demo(self.data("rpi4-arm64.iomem"))
        # RAM from 0 with reserved children: the page is plain RAM from 1 MiB up.
        self.assertEqual(picks["System RAM"][0][:2], (0x100000, 0x100fff))
        self.assertIsNone(picks["mixed"][0])
        self.assertIn("touches another resource", picks["mixed"][1])
        self.assertIn("   skipped: this map has no place where System RAM touches", out)
        self.assertIn("Every step this map allows behaved", out)
        self.assertIn("(1 skipped", out)

    def test_demo_server_never_config_space(self):
        out, picks = self.demo(self.data("server-2s.iomem"))
        # The 64-bit GPU BAR at 0x38xx_xxxx_xxxx is the largest BAR.
        self.assertEqual(picks["write-combining"][0], (0x38f000000000, 0x38f000ffffff,
                                                       "0000:5e:00.0"))
        self.assertNotIn("MMCONFIG", picks["registers"][0][2])
        # Beyond a 40-bit physical width, the BAR below 4 GiB is taken instead.
        _, picks = self.demo(self.data("server-2s.iomem"), ",phys-bits=40")
        self.assertLess(picks["write-combining"][0][1], 1 << 32)

    def test_demo_cxl_ram_is_plain_ram(self):
        _, picks = self.demo(self.data("cxl-host.iomem"))
        self.assertLess(picks["System RAM"][0][1], 0x1080000000, "not the CXL window's kmem")

    def test_demo_map_without_ranges(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        ram = os.path.join(d, "ram.iomem")
        with open(ram, "w") as f:
            f.write("00000000-3fffffff : System RAM\n")
        out, picks = self.demo(ram)
        self.assertIsNone(picks["registers"][0])
        self.assertIsNone(picks["write-combining"][0])
        self.assertEqual(out.count("   skipped: this map has no "), 6, out)

    def test_demo_only_on_sim(self):
        self.assertOneLineError(run("--machine", "linux", "demo"), 1, "sim machines only")

    def bench(self, mapfile):
        d = self.json_of(run("--machine", f"sim:{mapfile}", "bench", "--json", "--min-time",
                             "1", "-t", "wb", "-t", "wc"))
        return d["ranges"]

    def test_bench_on_every_replay(self):
        for mapfile in replay_maps():
            with self.subTest(map=os.path.basename(mapfile)):
                tree = map_tree(mapfile)
                ranges = self.bench(mapfile)
                self.assertEqual(len(ranges), 2, ranges)
                ram, dev = ranges
                self.assert_plain_ram(tree, ram["start"], ram["start"] + ram["size"] - 1, "RAM")
                self.assertEqual(ram["size"], 16 << 20)
                self.assert_device(tree, dev["start"], dev["start"] + dev["size"] - 1, "device")
                self.assertGreaterEqual(dev["size"], 64 << 10)

    def test_bench_picks(self):
        ranges = self.bench(self.data("server-2s.iomem"))
        self.assertEqual(ranges[1]["start"], 0x38f000000000)
        self.assertIn("'0000:5e:00.0'", ranges[1]["resource"])
        # q35: a BAR, not the largest childless window.
        ranges = self.bench(self.data("qemu-q35.iomem"))
        self.assertIn("'0000:00:01.0'", ranges[1]["resource"])
        # A PC whose RAM begins with the kernel image: RAM past it.
        ranges = self.bench(self.data("qemu-pc-vm.iomem"))
        self.assertGreater(ranges[0]["start"], 0x043fffff)
        ranges = self.bench(self.data("rpi4-arm64.iomem"))
        self.assertIn("'System RAM'", ranges[0]["resource"])
        self.assertNotIn("reserved", ranges[1]["resource"])

    def test_bench_says_what_a_map_lacks(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        ram = os.path.join(d, "ram.iomem")
        with open(ram, "w") as f:
            f.write("00000000-3fffffff : System RAM\n")
        p = run("--machine", f"sim:{ram}", "bench", "--json", "--min-time", "1", "-t", "wb")
        self.assertEqual(len(self.json_of(p)["ranges"]), 1)
        self.assertIn("no device range to measure", p.stderr.decode())


# ------------------------------------------------------ blank and empty maps


class emptymap(Base):
    """Blank lines around a pasted map are fine; an empty map is warned about."""

    def write(self, text):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "map.iomem")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_trailing_and_leading_blank_lines(self):
        with open(MAP) as f:
            text = f.read()
        for padded in (text + "\n", text + "\n\n  \n", "\n" + text + "\n"):
            p = run("--machine", f"sim:{self.write(padded)}", "iomem")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.decode(), text)
            self.assertEqual(p.stderr, b"")

    def test_blank_line_inside_is_an_error(self):
        path = self.write("00000000-00000fff : Reserved\n\n00001000-0009fbff : System RAM\n")
        # A map that is not /proc/iomem text is a bad --machine value: usage, exit 2.
        self.assertOneLineError(run("--machine", f"sim:{path}", "iomem"), 2, "line 2",
                                "blank line")

    def test_empty_map_warns(self):
        for text in ("", "\n", "\n\n \n"):
            path = self.write(text)
            for args in (["iomem"], ["read", "0x1000"], ["query", "0x1000", "4K"],
                         ["iomem", "--json"]):
                p = run("--machine", f"sim:{path}", *args)
                self.assertEqual(p.returncode, 0, p.stderr)
                err = p.stderr.decode()
                self.assertEqual(err.count("\n"), 1, err)
                self.assertRegex(err, rf"^memremap {args[0]}: warning: the map of 'sim:.*' holds "
                                      r"no resource: every address is a hole")
            d = self.json_of(run("--machine", f"sim:{path}", "iomem", "--json"))
            self.assertEqual(d["resources"], [])

    def test_demo_on_an_empty_map(self):
        p = run("--machine", f"sim:{self.write(chr(10))}", "demo")
        self.assertEqual(p.returncode, 0)
        self.assertIn("holds no resource", p.stderr.decode())
        out = p.stdout.decode()
        self.assertIn("(no resource at all: every address is a hole)", out)
        self.assertNotIn("UNEXPECTED", out)
        self.assertIn("Every step this map allows", out)

    def test_a_map_with_resources_does_not_warn(self):
        p = run("--machine", f"sim:{MAP}", "read", "0xfe000000")
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, b"")


# ---------------------------------------------------------- the SVG at scale


def svg_groups(root):
    """The boxes that fold runs of resources: (start, end, resources, hidden, rect)."""
    groups = []
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") != "group":
            continue
        m = re.match(r"^(\d+) resources folded \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\], (\d+) with",
                     g.find(f"{SVG_NS}title").text)
        rect = g.find(f"{SVG_NS}rect")
        groups.append({"nres": int(m.group(1)), "start": int(m.group(2), 16),
                       "end": int(m.group(3), 16), "hidden": int(m.group(4)),
                       "x": float(rect.get("x")), "y": float(rect.get("y"))})
    return groups


def svg_hidden(root):
    """Per resource box, how many resources inside it are not drawn."""
    out = []
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class", "").startswith("resource"):
            desc = g.find(f"{SVG_NS}desc")
            m = re.match(r"^(\d+) resources inside not drawn$", desc.text if desc is not None else "")
            out.append(int(m.group(1)) if m else 0)
    return out


def svg_addresses(root):
    return [int(t.text, 16) for t in root.iter(f"{SVG_NS}text") if t.get("class") == "address"]


class svgscale(Base):
    """The SVG map reads well at every size: 10k and 100k lines, depth, range, height."""

    @classmethod
    def setUpClass(cls):
        sys.path.insert(0, os.path.join(SOURCE, "tests", "cli"))
        import gen_iomem
        cls.dir = tempfile.mkdtemp(prefix="memremap-svg-")
        cls.maps = {}
        for lines in (10000, 100000):
            path = os.path.join(cls.dir, f"gen{lines}.iomem")
            with open(path, "w") as f:
                f.write(gen_iomem.generate(lines))
            cls.maps[lines] = path

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, True)

    def draw(self, mapfile, *opts):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        path = os.path.join(d, "map.svg")
        p = run("--machine", f"sim:{mapfile}", "iomem", "--svg", path, *opts)
        self.assertEqual(p.returncode, 0, p.stderr)
        return path, ET.parse(path).getroot()

    def render(self, path, root):
        rsvg = need("rsvg-convert", "librsvg2-bin")
        p = subprocess.run([rsvg, path, "-o", path + ".png"], capture_output=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        size = png_size(path + ".png")
        self.assertEqual(size, (int(float(root.get("width"))), int(float(root.get("height")))))
        return size

    def lines(self, mapfile):
        with open(mapfile) as f:
            return sum(1 for line in f if line.strip())

    def assert_accounted(self, mapfile, root):
        """Every resource is drawn, or counted in a box that says it holds it."""
        boxes, hidden, groups = svg_boxes(root), svg_hidden(root), svg_groups(root)
        self.assertEqual(len(boxes) + sum(hidden) + sum(g["hidden"] for g in groups),
                         self.lines(mapfile))
        return boxes, groups

    def test_generated_maps(self):
        for lines, path in self.maps.items():
            n = self.lines(path)
            self.assertGreaterEqual(n, lines)
            self.assertLess(n, lines + 100)
            # The tool reads them back as they were written.
            p = run("--machine", f"sim:{path}", "iomem")
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path, "rb") as f:
                self.assertEqual(p.stdout, f.read())
            # Nested past the kernel's indent cap of five levels.
            self.assertIn("\n          ", p.stdout.decode())

    def test_overview_fits_a_screen(self):
        for lines, mapfile in self.maps.items():
            with self.subTest(lines=lines):
                path, root = self.draw(mapfile)
                w, h = self.render(path, root)
                self.assertLessEqual(h, 1200)
                self.assertLessEqual(w, 1000)
                boxes, groups = self.assert_accounted(mapfile, root)
                self.assertGreater(len(boxes), 15)
                self.assertTrue(groups)
                # Every box is tall enough for its label.
                for b in boxes:
                    self.assertGreaterEqual(b["h"], 17.9, b)
                texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
                self.assertRegex(texts, rf"\b{len(boxes)} of the {self.lines(mapfile)} "
                                        r"resources are drawn")
                # The kinds of the legend are there: RAM, PCI windows, reserved.
                kinds = {b["kind"] for b in boxes}
                self.assertTrue({"ram", "pci", "reserved"} <= kinds, kinds)

    def test_top_level_in_address_order(self):
        _, root = self.draw(self.maps[10000])
        x0 = min(b["x"] for b in svg_boxes(root))
        top = sorted([(b["y"], b["start"], b["end"]) for b in svg_boxes(root) if b["x"] == x0] +
                     [(g["y"], g["start"], g["end"]) for g in svg_groups(root) if g["x"] == x0])
        for (_, s1, e1), (_, s2, e2) in zip(top, top[1:]):
            self.assertLess(e1, s2, "top-level items overlap or are out of order")

    def test_addresses_inside_windows(self):
        # Not only the top level: BARs inside a 256 GiB window get their address.
        _, root = self.draw(os.path.join(SOURCE, "tests", "data", "iomem", "host.iomem"))
        addrs = svg_addresses(root)
        for bar in (0x4000080000, 0x4000100000, 0x4000280000):
            self.assertIn(bar, addrs)
        _, root = self.draw(self.maps[10000])
        starts = {b["start"] for b in svg_boxes(root) if b["x"] == min(
            x["x"] for x in svg_boxes(root))}
        inner = [a for a in svg_addresses(root) if a not in starts]
        self.assertGreater(len(inner), 10, "addresses inside windows")
        self.assertEqual(svg_addresses(root), sorted(svg_addresses(root)))

    def test_depth(self):
        mapfile = self.maps[10000]
        for depth in (1, 2, 3):
            with self.subTest(depth=depth):
                path, root = self.draw(mapfile, "--depth", str(depth))
                self.render(path, root)
                boxes, _ = self.assert_accounted(mapfile, root)
                xs = {b["x"] for b in boxes}
                self.assertLessEqual(len(xs), depth)
        # One level only: the top level may take the whole picture.
        _, root = self.draw(mapfile, "--depth", "1")
        _, deeper = self.draw(mapfile)
        top = min(b["x"] for b in svg_boxes(root))
        self.assertGreater(len(svg_boxes(root)),
                           len([b for b in svg_boxes(deeper) if b["x"] == top]))

    def test_range_zooms_in(self):
        mapfile = self.maps[100000]
        with open(mapfile) as f:
            window = [n for n in parse_iomem(f.read()) if n["start"] >= 0x380000000000][3]
        lo, hi = window["start"], window["end"]
        path, root = self.draw(mapfile, "--range", f"{lo:#x}-{hi:#x}")
        self.render(path, root)
        boxes, groups = svg_boxes(root), svg_groups(root)
        self.assertEqual(boxes[0]["start"], lo)
        self.assertEqual(boxes[0]["name"], window["name"])
        for item in boxes + groups:
            self.assertTrue(item["start"] <= hi and lo <= item["end"], item)
        self.assertGreater(len(boxes), 20)
        inside = [a for a in svg_addresses(root) if lo <= a <= hi]
        self.assertGreater(len(inside), 20)
        # START+SIZE names the same range.
        path2, root2 = self.draw(mapfile, "--range", f"{lo:#x}+{hi - lo + 1:#x}")
        with open(path) as a, open(path2) as b:
            self.assertEqual(a.read(), b.read())

    def test_range_narrow_and_empty(self):
        mapfile = os.path.join(SOURCE, "tests", "data", "iomem", "server-2s.iomem")
        # A range inside one BAR: the BAR and its ancestors, all drawn.
        path, root = self.draw(mapfile, "--range", "0x38f000000000+4K")
        names = [b["name"] for b in svg_boxes(root)]
        self.assertEqual(names, ["PCI Bus 0000:5d", "PCI Bus 0000:5e", "0000:5e:00.0", "nvidia"])
        self.render(path, root)
        # A range no resource touches: a picture that says so.
        path, root = self.draw(mapfile, "--range", "0x200000000000-0x2000ffffffff")
        self.assertEqual(svg_boxes(root), [])
        self.render(path, root)

    def test_height(self):
        mapfile = os.path.join(SOURCE, "tests", "data", "iomem", "server-2s.iomem")
        _, small = self.draw(mapfile)
        path, big = self.draw(mapfile, "--height", "2500")
        self.assertLessEqual(float(big.get("height")), 2500)
        self.assertGreater(len(svg_boxes(big)), len(svg_boxes(small)))
        self.render(path, big)
        # No limit: every resource, nothing folded.
        path, root = self.draw(mapfile, "--height", "0")
        self.assertEqual(len(svg_boxes(root)), self.lines(mapfile))
        self.assertEqual(svg_groups(root), [])
        self.render(path, root)

    def test_never_taller_than_asked(self):
        # Thousands of top-level resources with a hole between each, and a
        # window of thousands of children: the worst cases for folding.
        path = os.path.join(self.dir, "holes.iomem")
        with open(path, "w") as f:
            for i in range(3000):
                end = i * 0x2000 + (0xfff if i % 7 else 0x1fff)  # most with a hole after
                f.write(f"{i * 0x2000:08x}-{end:08x} : dev{i}\n")
            f.write("100000000-1ffffffff : PCI Bus 0000:00\n")
            for i in range(3000):
                f.write(f"  {0x100000000 + i * 0x20000:08x}-{0x100000000 + i * 0x20000 + 0xfff:08x}"
                        f" : 0000:01:{i % 32:02x}.{i % 8}\n")
        for height in ("1200", "400", "300"):
            with self.subTest(height=height):
                args = ("--height", height) if height != "1200" else ()
                svg_path, root = self.draw(path, *args)
                self.assertLessEqual(float(root.get("height")), float(height))
                self.assert_accounted(path, root)
                self.render(svg_path, root)

    def test_small_maps_drawn_whole(self):
        d = os.path.join(SOURCE, "tests", "data", "iomem")
        maps = [os.path.join(d, n + ".iomem") for n in ("host", "qemu-q35", "qemu-pc-vm")]
        for mapfile in maps + [MAP, os.path.join(SOURCE, "tests", "data", "kernel-answers",
                                                 "pc-1g.iomem")]:
            with self.subTest(map=os.path.basename(mapfile)):
                path, root = self.draw(mapfile)
                self.assertEqual(len(svg_boxes(root)), self.lines(mapfile))
                self.assertEqual(svg_groups(root), [])
                self.assertLessEqual(self.render(path, root)[1], 1200)
        # The arm64 board's 26 holes between peripherals leave room for most of it.
        mapfile = os.path.join(d, "rpi4-arm64.iomem")
        _, root = self.draw(mapfile)
        boxes, groups = self.assert_accounted(mapfile, root)
        self.assertGreaterEqual(len(boxes), 0.75 * self.lines(mapfile))

    def test_deterministic(self):
        for mapfile in (self.maps[10000], MAP):
            a, _ = self.draw(mapfile)
            b, _ = self.draw(mapfile)
            with open(a, "rb") as fa, open(b, "rb") as fb:
                self.assertEqual(fa.read(), fb.read())

    def test_bad_options(self):
        for args, words in ((["--depth", "0"], "--depth"), (["--depth", "17"], "--depth"),
                            (["--depth", "x"], "--depth"), (["--range", "0x5000-0x1000"], "below"),
                            (["--range", "0x1000"], "START-END"), (["--range", "x-0x1000"], "start"),
                            (["--range", "0x1000+0"], "size 0"), (["--height", "100"], "--height"),
                            (["--height", "-1"], "--height")):
            with self.subTest(args=args):
                self.assertOneLineError(run("-m", "sim", "iomem", "--svg", "-", *args), 2, *[words])
        self.assertOneLineError(run("-m", "sim", "iomem", "--depth", "2"), 2, "--svg")


# -------------------------------------------------------------- hostile


HOSTILE_MAP = (b"00000000-0fffffff : System RAM\n"
               b"10000000-1fffffff : \x1b]0;pwned\x07title\n"
               b"20000000-2fffffff : PCI Bus 0000:00\n"
               b"  20000000-2000ffff : \x1b[2Jclear\xc2\x9b\n")


class hostile(Base):
    """Resource names from a hostile /proc/iomem never reach a terminal raw.

    JSON and SVG escape them as their formats say (iomem, svg groups); the
    text the tool shows (query, iomem --tree, messages) escapes them as the
    library's messages do: \\x1b, never a control byte (issue 13 item 12).
    """

    def setUp(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        self.map = os.path.join(d, "hostile.iomem")
        with open(self.map, "wb") as f:
            f.write(HOSTILE_MAP)
        self.spec = f"sim:{self.map}"

    def assertSafe(self, data):
        for b in data:
            self.assertFalse(b < 0x20 and b not in (0x0a,) or b in (0x7f, 0x9b),
                             f"control byte {b:#x} in {data!r}")
        self.assertNotIn(b"\xc2\x9b", data)

    def test_query(self):
        p = run("-m", self.spec, "query", "0x20000000", "0x1000")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertSafe(p.stdout)
        self.assertIn(b"\\x1b[2Jclear\\xc2\\x9b", p.stdout)

    def test_tree(self):
        p = run("-m", self.spec, "iomem", "--tree")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertSafe(p.stdout)
        self.assertIn(b"\\x1b]0;pwned\\x07title", p.stdout)
        self.assertIn(b"\\x1b[2Jclear", p.stdout)

    def test_messages(self):
        # The library's refusal names both resources; the tool escapes nothing twice.
        p = run("-m", self.spec, "read", "0x0ffffff0", "-t", "wb", "-w", "32", "-n", "8")
        err = self.assertOneLineError(p, 1, "mixes System RAM")
        self.assertSafe(p.stderr)
        self.assertIn("'\\x1b]0;pwned\\x07title'", err)
        # The reason of a refused query, through the library.
        p = run("-m", self.spec, "query", "0x20000000", "4K", "-t", "dev", "--exclusive")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertSafe(p.stdout)
        self.assertIn(b"busy '\\x1b[2Jclear\\xc2\\x9b'", p.stdout)

    def test_spec_in_messages(self):
        p = run("-m", "sim,\x1b[2Jbogus", "iomem")
        err = self.assertOneLineError(p, 2, "unknown option")
        self.assertSafe(p.stderr)
        self.assertIn("'\\x1b[2Jbogus'", err)


# ----------------------------------------------------------- lostoutput


def run_into(args, stdout, limit=None, timeout=300):
    """Run the tool with stdout going to @stdout (a file object or a path), under a file size limit.

    RLIMIT_FSIZE with SIGXFSZ ignored makes a write past @limit fail with
    EFBIG, as a full file system makes it fail with ENOSPC: no privilege needed.
    """
    import resource
    import signal

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    e = {k: v for k, v in os.environ.items() if k not in ("MEMREMAP_MACHINE", "NO_COLOR")}
    out = open(stdout, "wb") if isinstance(stdout, str) else stdout
    try:
        return subprocess.run([TOOL, *args], stdout=out, stderr=subprocess.PIPE, env=e,
                              stdin=subprocess.DEVNULL, timeout=timeout,
                              preexec_fn=limited if limit is not None else None)
    finally:
        if out is not stdout:
            out.close()


# Every command that prints, with what it prints to stdout.
PRINTING = [
    ["iomem"], ["iomem", "--tree"], ["iomem", "--json"], ["iomem", "--svg", "-"],
    ["query", "0x100000", "4K"], ["query", "0x100000", "4K", "--json"],
    ["read", "0xfe000000", "-n", "4"], ["read", "0xfe000000", "--json"],
    ["write", "0xfe000004", "0x55aa"], ["dump", "0xe0000000", "256K"],
    ["dump", "0xe0000000", "4K", "--json"], ["dump", "0xe0000000", "4K", "-o", "-"],
    ["fill", "0xe0000000", "4K", "0x5a"], ["copy", "0xe0000000", "0xe0001000", "4K"],
    ["bench", "0xfe000000", "4K", "-t", "dev", "--min-time", "0"],
    ["bench", "0xfe000000", "4K", "-t", "dev", "--min-time", "0", "--json"],
    ["bench", "0xfe000000", "4K", "-t", "dev", "--min-time", "0", "--svg", "-"],
    ["devmem", "0xfe000000"], ["devmem2", "0xfe000000"], ["demo"], ["help"],
    ["completion", "bash"], ["--help"], ["--version"], ["read", "--help"],
]


class lostoutput(Base):
    """Output that does not arrive is an error, never a success (issue 13 item 4).

    Each output of the tool checks every write and its final flush and
    close, exits 1 with the errno's message, and removes a regular file it
    left incomplete. /dev/full fails every write with ENOSPC; a file size
    limit fails them past a point, with EFBIG, as a full disk does.
    """

    def assertLost(self, p, where, reason):
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 1, f"exit {p.returncode}, stderr: {err!r}")
        lines = [l for l in err.splitlines() if "cannot write" in l]
        self.assertEqual(len(lines), 1, f"not one report: {err!r}")
        self.assertIn(f"cannot write {where}: {reason}", lines[0])
        return lines[0]

    def test_stdout_full(self):
        for args in PRINTING:
            with self.subTest(args=args):
                with open("/dev/full", "wb") as full:
                    p = run_into(["-m", "sim", *args], full)
                self.assertLost(p, "standard output", "No space left on device")
        # Output larger than stdio's buffer fails while it is written, not at the end.
        big = os.path.join(tempfile.mkdtemp(), "big.iomem")
        self.addCleanup(shutil.rmtree, os.path.dirname(big))
        subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "cli", "gen_iomem.py"),
                        "2000", "-o", big], check=True)
        for args in (["iomem"], ["iomem", "--tree"], ["iomem", "--json"]):
            with self.subTest(args=args, map="2000 lines"):
                with open("/dev/full", "wb") as full:
                    p = run_into(["-m", f"sim:{big}", *args], full)
                self.assertLost(p, "standard output", "No space left on device")

    def test_output_files_full(self):
        for args in (["dump", "0xe0000000", "64K", "-o", "/dev/full"],
                     ["iomem", "--svg", "/dev/full"],
                     ["bench", "0xfe000000", "4K", "-t", "dev", "--min-time", "0", "--svg",
                      "/dev/full"]):
            with self.subTest(args=args):
                p = run_into(["-m", "sim", *args], subprocess.DEVNULL)
                self.assertLost(p, "'/dev/full'", "No space left on device")

    def limited_sim(self):
        # The one-file form, grown beforehand past the direct map, so that the
        # limit stops only the output: sim memory itself never grows here.
        sim = Sim(self)
        with open(sim.mem, "wb") as f:
            f.truncate(128 << 30)
        return sim

    def test_output_file_cut_short_is_removed(self):
        sim = self.limited_sim()
        out = os.path.join(sim.dir, "out.bin")
        with open(out, "wb") as f:
            f.write(b"an older file of the same name")
        for args in (["dump", "0xe0000000", "1M", "-o", out], ["iomem", "--svg", out]):
            with self.subTest(args=args):
                p = run_into(["-m", sim.spec, *args], subprocess.DEVNULL, limit=4096)
                line = self.assertLost(p, f"'{out}'", "File too large")
                self.assertIn("the incomplete file was removed", line)
                self.assertFalse(os.path.exists(out), "a partial file was left")

    def test_output_file_that_fits(self):
        sim = self.limited_sim()
        out = os.path.join(sim.dir, "out.bin")
        sim.poke(0xe0000000, b"fits")
        p = run_into(["-m", sim.spec, "dump", "0xe0000000", "4K", "-o", out],
                     subprocess.DEVNULL, limit=4096)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"fits" + bytes(4092))

    def test_stdout_file_cut_short(self):
        sim = self.limited_sim()
        text = os.path.join(sim.dir, "dump.txt")
        p = run_into(["-m", sim.spec, "dump", "0xe0000000", "1M", "--all"], text, limit=8192)
        self.assertLost(p, "standard output", "File too large")
        # The shell's file is not the tool's to remove: the exit code tells.
        self.assertLessEqual(os.path.getsize(text), 8192)

    def test_json_after_output_file(self):
        # dump -o FILE --json reports on stdout only once the file is whole.
        sim = self.limited_sim()
        out = os.path.join(sim.dir, "out.bin")
        p = run_into(["-m", sim.spec, "dump", "0xe0000000", "1M", "-o", out, "--json"],
                     subprocess.PIPE, limit=4096)
        self.assertLost(p, f"'{out}'", "File too large")
        self.assertEqual(p.stdout, b"")


class fullfs(Base):
    """A real full file system: a 64 KiB tmpfs in a mount namespace of its own.

    Needs root (CAP_SYS_ADMIN) and unshare(1): without them the group exits 77
    and CTest shows it skipped.
    """

    needs_mount = True

    def full_run(self, script):
        unshare = need("unshare", "util-linux")
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        sh = (f"mount -t tmpfs -o size=64k tmpfs {shlex.quote(d)} && cd {shlex.quote(d)} && "
              f"{script}; echo \"rc=$? left=$(ls -A)\" >&2")
        e = {k: v for k, v in os.environ.items() if k not in ("MEMREMAP_MACHINE", "NO_COLOR")}
        return subprocess.run([unshare, "--mount", "--propagation", "private", "sh", "-c", sh],
                              capture_output=True, env=e, timeout=300)

    def test_dump_to_a_full_disk(self):
        tool = shlex.quote(TOOL)
        p = self.full_run(f"{tool} -m sim dump 0xe0000000 1M -o out.bin")
        err = p.stderr.decode()
        self.assertIn("cannot write 'out.bin': No space left on device "
                      "(the incomplete file was removed)", err)
        self.assertIn("rc=1 left=\n", err)

    def test_text_dump_to_a_full_disk(self):
        tool = shlex.quote(TOOL)
        p = self.full_run(f"{tool} -m sim dump 0xe0000000 1M --all > dump.txt")
        err = p.stderr.decode()
        self.assertIn("cannot write standard output: No space left on device", err)
        self.assertIn("rc=1 left=dump.txt\n", err)

    def test_svg_to_a_full_disk(self):
        # The two-socket server's whole picture is some 90 KiB.
        server = shlex.quote(os.path.join(SOURCE, "tests", "data", "iomem", "server-2s.iomem"))
        tool = shlex.quote(TOOL)
        p = self.full_run(f"{tool} -m sim:{server} iomem --svg out.svg --height 0")
        err = p.stderr.decode()
        self.assertIn("cannot write 'out.svg': No space left on device "
                      "(the incomplete file was removed)", err)
        self.assertIn("rc=1 left=\n", err)


def can_mount():
    """Can this process make a tmpfs in a mount namespace of its own?"""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or not unshare:
        return False
    p = subprocess.run([unshare, "--mount", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return p.returncode == 0


# --------------------------------------------------------------- bounds


class bounds(Base):
    """What has no natural end gets one, with a clear error (issue 13 item 14),
    and sim memory reaches every address (issue 14 item 5)."""

    def test_load_endless_stream(self):
        sim = Sim(self)
        before = sim.fingerprint()
        p = sim.run("load", "0xe0000000", "/dev/zero")
        self.assertOneLineError(p, 2, "'/dev/zero' goes on past 256 MiB", "256 MiB at most")
        self.assertEqual(sim.fingerprint(), before)

    def test_load_file_too_big(self):
        sim = Sim(self)
        big = os.path.join(sim.dir, "big.bin")
        with open(big, "wb") as f:
            f.truncate((256 << 20) + 1)
        p = sim.run("load", "0xe0000000", big)
        self.assertOneLineError(p, 2, "256 MiB at most")
        # Exactly the bound is fine.
        with open(big, "r+b") as f:
            f.truncate(256 << 20)
        p = sim.run("load", "0xe0000000", big, "--no-progress")
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_bench_min_time(self):
        for ms in ("0xffffffffffffffff", "60001"):
            with self.subTest(ms=ms):
                p = run("-m", "sim", "bench", "0xfe000000", "4K", "--min-time", ms)
                self.assertOneLineError(p, 2, "--min-time", "at most 60000 ms")

    def test_bar_at_56_tib_across_runs(self):
        # A two-socket server's 64-bit BAR: a later run sees what an earlier one wrote.
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        m = os.path.join(d, "server.iomem")
        with open(m, "w") as f:
            f.write("00000000-3fffffff : System RAM\n"
                    "380000000000-383fffffffff : PCI Bus 0000:80\n"
                    "  380000000000-3800ffffffff : 0000:80:00.0\n")
        spec = f"sim:{m},mem={os.path.join(d, 'mem')},phys-bits=52"
        p = run("-m", spec, "write", "0x380000001000", "0x600df00d")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("-m", spec, "read", "0x380000001000")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("600df00d", p.stdout.decode())
        self.assertTrue(os.path.isdir(os.path.join(d, "mem")))

    def test_all_of_it_ram(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        m = os.path.join(d, "all.iomem")
        with open(m, "w") as f:
            f.write("0-ffffffffffffffff : System RAM\n")
        spec = f"sim:{m},phys-bits=52"
        p = run("-m", spec, "-v", "read", "0x1000")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b"outside the direct map", p.stderr)
        p = run("-m", spec, "read", "0x8000000000000")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertOneLineError(run("-m", spec, "read", "0xfffffffffffff000"), 1, "ERANGE")
        self.assertOneLineError(run("-m", spec, "read", "0x1000", "-t", "wc"), 1, "EPERM")


def main():
    global TOOL, SOURCE, DATA, MAP
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("group")
    args, rest = ap.parse_known_args()
    TOOL = os.path.abspath(args.tool)
    SOURCE = os.path.abspath(args.source)
    DATA = os.path.join(SOURCE, "tests", "cli", "data")
    MAP = os.path.join(DATA, "pc64g.iomem")
    if args.group not in globals() or not isinstance(globals()[args.group], type):
        print(f"unknown test group '{args.group}'", file=sys.stderr)
        return 2
    group = globals()[args.group]
    if getattr(group, "needs_mount", False) and not can_mount():
        print(f"{args.group}: needs root and unshare(1) to mount a tmpfs: skipped",
              file=sys.stderr)
        return 77
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(group)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    # A skipped test is not a passed one.
    if result.skipped or not result.wasSuccessful() or result.testsRun == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
