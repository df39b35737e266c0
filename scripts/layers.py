#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that calls between the library's files go one way.

Usage: layers.py OBJECTS_LIST
       layers.py --selftest     (builds small objects that break each rule)

OBJECTS_LIST is written by the build (build/layers.txt): one line per layer,
bottom up, "LAYER OBJ;OBJ;...". For every object file, `nm` says which
symbols it defines and which it uses; a use of a symbol another file defines
is an edge from the user to the definer. The check fails when

- a file uses a file of a higher layer (a call against the layering), or
- files call each other in a circle, within a layer or across layers.

It prints the graph's edges per layer pair with --verbose. Run it after a
build: python3 scripts/layers.py build/layers.txt (ctest runs it as
lint.layers).
"""
import os
import subprocess
import sys


def symbols(obj):
    """The symbols @obj defines, and those it uses from elsewhere."""
    out = subprocess.run(["nm", obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == "U":
            used.add(f[1])
        elif len(f) == 3 and f[1] not in "Uw":
            defined.add(f[2])
    return defined, used


def source_name(obj):
    """src/CMakeFiles/mr_base.dir/base/error.c.o -> base/error.c"""
    parts = obj.split(os.sep)
    for i, p in enumerate(parts):
        if p.endswith(".dir"):
            name = os.sep.join(parts[i + 1:])
            return name[:-2] if name.endswith(".o") else name
    return obj


def sccs(nodes, edges):
    """Tarjan's strongly connected components."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def selftest():
    """Each rule must catch what it is about, and pass what is fine."""
    import tempfile
    cases = {
        "fine": ({"low": {"a.c": "int a(void){return 1;}"},
                  "high": {"b.c": "int a(void); int b(void){return a();}"}}, 0),
        "upward": ({"low": {"a.c": "int b(void); int a(void){return b();}"},
                    "high": {"b.c": "int b(void){return 2;}"}}, 1),
        "circle": ({"low": {"a.c": "int b(void); int a(void){return b();}",
                            "b.c": "int a(void); int b(void){return a();}"}}, 1),
    }
    bad = 0
    for what, (layers, want) in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            lines = []
            for layer, files in layers.items():
                objs = []
                for name, text in files.items():
                    src = os.path.join(tmp, name)
                    with open(src, "w") as f:
                        f.write(text + "\n")
                    obj = os.path.join(tmp, f"x.dir", name + ".o")
                    os.makedirs(os.path.dirname(obj), exist_ok=True)
                    subprocess.run(["cc", "-c", src, "-o", obj], check=True)
                    objs.append(obj)
                lines.append(f"{layer} {';'.join(objs)}")
            listing = os.path.join(tmp, "layers.txt")
            with open(listing, "w") as f:
                f.write("\n".join(lines) + "\n")
            got = subprocess.run([sys.executable, __file__, listing],
                                 capture_output=True, text=True).returncode
            print(f"layers selftest {what}: exit {got}, expected {want}")
            bad += got != want
    return 1 if bad else 0


def main():
    if "--selftest" in sys.argv:
        return selftest()
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "--verbose" in sys.argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    layers, layer_of, defs, uses = [], {}, {}, {}
    with open(args[0]) as f:
        for line in f:
            if not line.strip():
                continue
            layer, objs = line.split(None, 1)
            layers.append(layer)
            for obj in objs.strip().split(";"):
                name = source_name(obj)
                layer_of[name] = layer
                defs[name], uses[name] = symbols(obj)
    rank = {layer: i for i, layer in enumerate(layers)}
    definer = {}
    for name, syms in defs.items():
        for sym in syms:
            definer.setdefault(sym, name)
    edges, wrong = {}, []
    for name, syms in uses.items():
        for sym in sorted(syms):
            to = definer.get(sym)
            if not to or to == name:
                continue
            edges.setdefault(name, set()).add(to)
            if rank[layer_of[to]] > rank[layer_of[name]]:
                wrong.append(f"{name} ({layer_of[name]}) uses {sym} of {to} "
                             f"({layer_of[to]}), a higher layer")
    circles = [c for c in sccs(layer_of.keys(), edges) if len(c) > 1]
    if verbose:
        for name in sorted(edges):
            print(f"{name} -> {', '.join(sorted(edges[name]))}")
    for w in wrong:
        print("layers: " + w)
    for c in circles:
        print("layers: files calling each other in a circle: " + ", ".join(c))
    nedges = sum(len(v) for v in edges.values())
    print(f"layers: {len(layer_of)} files in {len(layers)} layers "
          f"({' < '.join(layers)}), {nedges} edges between files: "
          f"{len(wrong)} against the order, {len(circles)} circles")
    return 1 if wrong or circles else 0


if __name__ == "__main__":
    sys.exit(main())
