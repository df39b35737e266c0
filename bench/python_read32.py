#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The cost of one 32-bit register read (and write) from Python.

Ours: memremap's Mapping.read32 and MMIO.read32 on a DEV mapping of the
sim machine. The baselines, measured in the same run on an mmap of the
same memory (the sim machine's memory file, offset = physical address):
python-periphery's access path, an MMIO class that checks the offset's
type, adjusts and validates it and unpacks a slice of the mmap with
struct, as periphery's MMIO.read32 does (periphery itself is not in
Debian: this is that path written here); and the bare minimum of the
mmap route, a pre-compiled struct.unpack_from on the mmap.

    build/bench/python_read32 [--calls N] [--repeat R]

Each figure is the best of R runs of N calls, loop included (the same
loop for every row), in ns per call.
"""
import argparse
import mmap
import os
import struct
import sys
import tempfile
import timeit

import memremap

PHYS = 0xFE000000  # 0000:00:03.0 in the sim machine's built-in map
SIZE = 0x1000
OFF = 0x10


class PeripheryStyleMMIO:
    """The access path of python-periphery's MMIO, over an mmap of the memory."""

    def __init__(self, mapping, physaddr, size):
        self.mapping = mapping
        self._physaddr = physaddr
        self._aligned_physaddr = physaddr - physaddr % mmap.PAGESIZE
        self._aligned_size = size + (physaddr - self._aligned_physaddr)

    def _adjust_offset(self, offset):
        return offset + (self._physaddr - self._aligned_physaddr)

    def _validate_offset(self, offset, length):
        if offset + length > self._aligned_size:
            raise ValueError("Offset out of bounds.")

    def read32(self, offset):
        if not isinstance(offset, int):
            raise TypeError("Invalid offset type, should be integer.")
        offset = self._adjust_offset(offset)
        self._validate_offset(offset, 4)
        return struct.unpack("=L", self.mapping[offset:offset + 4])[0]

    def write32(self, offset, value):
        if not isinstance(offset, int):
            raise TypeError("Invalid offset type, should be integer.")
        if not isinstance(value, int):
            raise TypeError("Invalid value type, should be integer.")
        if value < 0 or value > 0xFFFFFFFF:
            raise ValueError("Value out of bounds.")
        offset = self._adjust_offset(offset)
        self._validate_offset(offset, 4)
        self.mapping[offset:offset + 4] = struct.pack("=L", value)


def best_ns(stmt, env, calls, repeat):
    t = timeit.Timer(stmt, globals=env)
    return min(t.repeat(repeat=repeat, number=calls)) / calls * 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        mem = os.path.join(tmp, "mem")
        # An existing file is sim memory in the one-file form: offset = physical address.
        open(mem, "wb").close()
        with memremap.Machine(f"sim,mem={mem}"), \
                memremap.map(PHYS, SIZE, memremap.DEV) as regs, \
                memremap.MMIO(PHYS, SIZE) as mmio, \
                open(mem, "r+b") as f, \
                mmap.mmap(f.fileno(), SIZE, offset=PHYS) as mm:
            periphery = PeripheryStyleMMIO(mm, PHYS, SIZE)
            unpack_from = struct.Struct("<I").unpack_from
            pack_into = struct.Struct("<I").pack_into
            regs.write32(OFF, 0x600DF00D)
            # Every path reads the same register of the same memory.
            values = {regs.read32(OFF), mmio.read32(OFF), periphery.read32(OFF),
                      unpack_from(mm, OFF)[0]}
            if values != {0x600DF00D}:
                sys.exit(f"the paths disagree: {sorted(map(hex, values))}")
            env = dict(regs=regs, mmio=mmio, periphery=periphery, mm=mm, OFF=OFF,
                       unpack_from=unpack_from, pack_into=pack_into)
            rows = [
                ("read32", "baseline: mmap + struct.unpack_from", "unpack_from(mm, OFF)[0]"),
                ("read32", "baseline: periphery's MMIO.read32 path", "periphery.read32(OFF)"),
                ("read32", "memremap Mapping.read32", "regs.read32(OFF)"),
                ("read32", "memremap MMIO.read32", "mmio.read32(OFF)"),
                ("write32", "baseline: mmap + struct.pack_into", "pack_into(mm, OFF, 0x5A5A)"),
                ("write32", "baseline: periphery's MMIO.write32 path",
                 "periphery.write32(OFF, 0x5A5A)"),
                ("write32", "memremap Mapping.write32", "regs.write32(OFF, 0x5A5A)"),
                ("write32", "memremap MMIO.write32", "mmio.write32(OFF, 0x5A5A)"),
            ]
            loop = best_ns("pass", env, args.calls, args.repeat)
            results = [(op, name, best_ns(stmt, env, args.calls, args.repeat))
                       for op, name, stmt in rows]

    print(f"One register access from Python, sim machine, DEV mapping of {PHYS:#x}+{OFF:#x}")
    print(f"best of {args.repeat} x {args.calls:,} calls; ns per call, the timing loop "
          f"({loop:.1f} ns) included in every row")
    print()
    print(f"{'access':<8} {'path':<42} {'ns/op':>8} {'vs unpack_from':>15} {'vs periphery':>13}")
    verdict = []
    for op in ("read32", "write32"):
        mine = [r for r in results if r[0] == op]
        bare, periph = mine[0][2], mine[1][2]
        for _, name, ns in mine:
            print(f"{op:<8} {name:<42} {ns:8.1f} {ns / bare:14.2f}x {ns / periph:12.2f}x")
        ours = max(ns for _, name, ns in mine if name.startswith("memremap"))
        verdict.append(f"{op}: slowest of ours {ours / bare:.2f}x the bare mmap + struct path, "
                       f"{ours / periph:.2f}x periphery's")
    print()
    for line in verdict:
        print(line)


if __name__ == "__main__":
    main()
