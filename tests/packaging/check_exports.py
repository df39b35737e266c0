#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The shared library exports exactly the public API.

Usage: check_exports.py [--regs] LIBRARY INCLUDE_DIR [MAN3_DIR]

The public API is every function declared MR_API in INCLUDE_DIR/memremap.h
and INCLUDE_DIR/memremap/.
`nm -D --defined-only` on LIBRARY must list exactly those names (a name
exported and not declared leaks an internal; a name declared and not
exported is missing from src/libmemremap.map), each with its default
version in a MEMREMAP_0 node; a name may also be exported under older nodes
(a compatibility version made with .symver, as the devm_* calls keep their
MEMREMAP_0 versions), never under a newer one; and the SONAME must be
libmemremap.so.0. With MAN3_DIR (an
installed share/man/man3), each of those names must have a page there.

With --regs the library is libmemremap-regs: its API is what the headers
declare MR_REGS_API, its map src/regs/libmemremap-regs.map, its version
nodes MEMREMAP_REGS_0..., its SONAME libmemremap-regs.so.0.
"""
import pathlib
import re
import subprocess
import sys

SONAME = "libmemremap.so.0"
VERSION_NODES = re.compile(r"^MEMREMAP_0(\.\d+)*$")
MACRO = "MR_API"
MAP = "src/libmemremap.map"


data = set()  # the MR_API names that are variables


def declared(include_dir):
    """MACRO's names: functions, and data declared "MACRO extern" (kind "data")."""
    names = {}
    data.clear()
    root = pathlib.Path(include_dir)
    headers = [root / "memremap.h"] + sorted((root / "memremap").rglob("*.h"))
    for header in headers:
        text = re.sub(r"/\*.*?\*/", " ", header.read_text(errors="replace"), flags=re.S)
        for m in re.finditer(r"^\s*" + MACRO + r"\b([^;{(]*)\(", text, flags=re.M):
            name = re.search(r"(\w+)\s*$", m.group(1)).group(1)
            names[name] = header.relative_to(include_dir)
        # Data: "MR_API extern int mr_trace_on;"
        for m in re.finditer(r"^\s*" + MACRO + r"\s+extern\b[^;{(]*?(\w+)\s*;", text,
                             flags=re.M):
            data.add(m.group(1))
            names[m.group(1)] = header.relative_to(include_dir)
    return names


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions", library],
                         check=True, capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        kind, sym = fields[1], fields[2]
        name, at, version = sym.partition("@")
        default = not at or version.startswith("@")
        version = version.lstrip("@")
        if kind == "A" and VERSION_NODES.match(name):
            continue  # a version node's own definition
        if default:
            symbols[name] = (kind, version)
        else:
            OLD_VERSIONS.setdefault(name, []).append(version)
    return symbols


# name -> the older (non-default) versions it is still exported under
OLD_VERSIONS = {}


def node_key(version):
    """MEMREMAP_0.4 -> (0, 4): node order."""
    return tuple(int(p) for p in version.rsplit("_", 1)[1].split("."))


def soname(library):
    out = subprocess.run(["readelf", "-d", library], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else None


def main():
    global SONAME, VERSION_NODES, MACRO, MAP
    args = sys.argv[1:]
    if args and args[0] == "--regs":
        args = args[1:]
        SONAME = "libmemremap-regs.so.0"
        VERSION_NODES = re.compile(r"^MEMREMAP_REGS_0(\.\d+)*$")
        MACRO = "MR_REGS_API"
        MAP = "src/regs/libmemremap-regs.map"
    sys.argv[1:] = args
    library, include_dir = sys.argv[1], sys.argv[2]
    api = declared(include_dir)
    syms = exported(library)
    errors = []
    if not api:
        errors.append(f"no {MACRO} declarations found under {include_dir}")
    for name in sorted(set(OLD_VERSIONS) - set(syms)):
        errors.append(f"{name} has old versions {OLD_VERSIONS[name]} but no default one")
    for name in sorted(set(syms) - set(api)):
        errors.append(f"exported but not in the public headers: {name} ({syms[name][0]})")
    for name in sorted(set(api) - set(syms)):
        errors.append(f"declared {MACRO} in {api[name]} but not exported "
                      f"(missing from {MAP}?): {name}")
    for name, (kind, version) in sorted(syms.items()):
        if name in api and not VERSION_NODES.match(version):
            errors.append(f"{name} has version '{version}', not a {VERSION_NODES.pattern} node")
        for old in OLD_VERSIONS.get(name, []):
            if not VERSION_NODES.match(old) or node_key(old) >= node_key(version):
                errors.append(f"{name}@{old}: an old version must be an older node than "
                              f"the default {version}")
        if name in data and kind not in ("B", "D"):
            errors.append(f"{name} is exported as '{kind}', not as data")
        elif name in api and name not in data and kind not in ("T", "W", "i"):
            errors.append(f"{name} is exported as '{kind}', not as a function")
    if len(sys.argv) > 3:
        man3 = pathlib.Path(sys.argv[3])
        for name in sorted(api):
            if not (man3 / f"{name}.3").exists():
                errors.append(f"no man page {man3}/{name}.3")
    if soname(library) != SONAME:
        errors.append(f"SONAME is {soname(library)}, not {SONAME}")
    for e in errors:
        print("FAIL:", e)
    print(f"{len(syms)} exported, {len(api)} declared {MACRO}, SONAME {soname(library)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
