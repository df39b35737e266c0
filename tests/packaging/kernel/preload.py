#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the test board's firmware data into a sim memory file.

Usage: preload.py MEMFILE [--bad-cmd-db]

The sim machine's memory file has file offset = physical address
(`sim,mem=FILE`), so what is written here is what the drivers find at
those addresses of tests/data/dt/board.dts.
"""
import struct
import sys


def fix_sum(blob, at):
    """Set the byte at @at so that all bytes sum to 0 (mod 256)."""
    blob = bytearray(blob)
    blob[at] = 0
    blob[at] = (-sum(blob)) & 0xff
    return bytes(blob)


def main():
    path = sys.argv[1]
    bad = "--bad-cmd-db" in sys.argv[2:]
    cmd_db = bytes(16) if bad else struct.pack("<4I", 0x42444D43, 1, 3, 0)
    entries = [(0x10, 100), (0x20, 200)]
    fw = b"ACMEFWT1" + struct.pack("<IHBB", 16 + 8 * len(entries), len(entries), 0, 0)
    fw += b"".join(struct.pack("<II", t, v) for t, v in entries)
    fw = fix_sum(fw, 14)
    acpi = b"ACME" + struct.pack("<IBB6s8sIII", 40, 2, 0, b"ACMEOE", b"TINYBRD1", 1, 0, 0)
    acpi = fix_sum(acpi + b"\x01\x02\x03\x04", 9)
    tsens = struct.pack("<II", 0x7E550001, (1 << 31) | 164)
    # An EFI system table (64-bit: the signature, then the number of
    # configuration tables at 104 and their address at 112) naming one table
    # by its GUID, the RCI2 one (2d9f28a2-a886-456a-97a8-f11ef24ff455).
    systab = bytearray(120)
    systab[0:8] = struct.pack("<Q", 0x5453595320494249)
    systab[104:120] = struct.pack("<QQ", 1, 0x7E400100)
    guid = struct.pack("<IHH", 0x2D9F28A2, 0xA886, 0x456A) + bytes.fromhex("97a8f11ef24ff455")
    config = guid + struct.pack("<Q", 0x7E400200)
    efi_table = b"ACMERCI2" + struct.pack("<I", 16) + b"\x00" * 4
    data = {
        0x7E000000: cmd_db,
        0x7E100000: fw,
        0x7E200000: b"acme-serial:0042",
        0x09020000: tsens,
        0x09040000: acpi,
        0x7E400000: bytes(systab),
        0x7E400100: config,
        0x7E400200: efi_table,
    }
    with open(path, "r+b" if _exists(path) else "w+b") as f:
        for addr, blob in data.items():
            f.seek(addr)
            f.write(blob)


def _exists(path):
    try:
        open(path, "rb").close()
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
