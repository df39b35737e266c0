#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a large, realistic /proc/iomem of a big x86 server, for tests.

    gen_iomem.py LINES [--seed N] [-o FILE]

The map has what such machines show: firmware-fragmented memory below
4 GiB, System RAM per NUMA node and hot-added memory blocks above it, PCI
MMCONFIG, IOAPICs and DMAR units, and per socket several PCI root buses,
each with a 32-bit window and a 64-bit window at 0x38xx_xxxx_xxxx. Into
the windows go devices as they come: NVMe drives behind PCIe switches
(some switches behind switches, deeper than the kernel's indent cap of five
levels), network cards with SR-IOV virtual functions, GPUs with 64-bit BARs,
each BAR with its driver's claim. Devices are added round-robin over the
root buses until the map has LINES lines, give or take a few.

The text is what the kernel's r_show prints: two spaces a level up to five
levels, addresses zero-padded to eight digits. The same LINES and seed
always give the same text. Nothing here is copied from a real machine.
"""

import argparse
import random
import sys

MAX_IORES_LEVEL = 5
MiB = 1 << 20
GiB = 1 << 30


def align_up(v, a):
    return (v + a - 1) // a * a


class Node:
    """A resource; its range is set by layout()."""

    def __init__(self, name, size=0, align=0x1000, children=None, same=False, at=None):
        self.name = name
        self.at = at  # a fixed address
        self.size = size  # at least this much
        self.align = align
        self.children = children or []
        self.same = same  # a claim of its parent's whole range
        self.start = self.end = None

    def lines(self):
        return 1 + sum(c.lines() for c in self.children)


def layout(node, base, limit):
    """Place @node at or after @base, its children packed inside; return the next free address."""
    start = align_up(max(base, node.at or 0), node.align)
    pos = start
    for c in node.children:
        pos = layout(c, start if c.same else pos, limit)
    size = max(node.size, pos - start)
    if not node.size:
        size = align_up(size, MiB)  # a bridge window sized by what it holds: 1 MiB steps
    node.start, node.end = start, start + size - 1
    if node.end > limit:
        raise OverflowError(node.name)
    return start + size


def bar(bdf, size, driver=None):
    return Node(bdf, size, size, [Node(driver, size, same=True)] if driver else [])


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.bus = 0x100  # bus numbers handed out below each root bus

    def next_bus(self, root):
        self.bus += 1
        return (root["seg"], (root["bus"] + self.bus % 0x60) & 0xff)

    def name(self, seg, bus, dev=0, fn=0):
        return f"{seg:04x}:{bus:02x}:{dev:02x}.{fn}"

    # Each returns (node for the 32-bit window or None, node for the 64-bit window or None).

    def nvme_switch(self, root, levels):
        """A PCIe switch with NVMe drives; @levels > 1 nests another switch."""
        seg, up = self.next_bus(root)
        ports = []
        for i in range(self.rng.choice((2, 4, 4, 8))):
            seg, bus = self.next_bus(root)
            if levels > 1 and i == 0:
                inner, _ = self.nvme_switch(root, levels - 1)
                ports.append(Node(f"PCI Bus {seg:04x}:{bus:02x}", children=[inner]))
                continue
            drive = self.name(seg, bus)
            ports.append(Node(f"PCI Bus {seg:04x}:{bus:02x}",
                              children=[bar(drive, 0x4000, "nvme")]))
        return Node(f"PCI Bus {seg:04x}:{up:02x}", children=ports), None

    def nic(self, root):
        """A two-port card with SR-IOV: PF BARs, then each port's VF BARs."""
        seg, bus = self.next_bus(root)
        drv, vfdrv = self.rng.choice((("mlx5_core", "mlx5_core"), ("ice", "iavf"),
                                      ("i40e", "iavf"), ("ixgbe", "ixgbevf")))
        vfs = self.rng.choice((4, 8, 16, 32))
        kids = [bar(self.name(seg, bus, 0, fn), 32 * MiB, drv) for fn in (0, 1)]
        for fn in range(vfs):
            dev, f = divmod(fn + 2, 8)
            kids.append(bar(self.name(seg, bus, dev, f), 0x20000, vfdrv))
        return None, Node(f"PCI Bus {seg:04x}:{bus:02x}", children=kids)

    def gpu(self, root):
        seg, bus = self.next_bus(root)
        fn = self.name(seg, bus)
        regs = Node(f"PCI Bus {seg:04x}:{bus:02x}", children=[bar(fn, 16 * MiB, "nvidia")])
        mem = Node(f"PCI Bus {seg:04x}:{bus:02x}",
                   children=[bar(fn, self.rng.choice((16, 32, 64)) * GiB, "nvidia"),
                             bar(fn, 32 * MiB, "nvidia")])
        return regs, mem

    def endpoint(self, root):
        seg, bus = self.next_bus(root)
        fn = self.name(seg, bus)
        drv = self.rng.choice(("megaraid_sas", "mpt3sas", "ahci", "xhci-hcd", "qla2xxx"))
        return Node(f"PCI Bus {seg:04x}:{bus:02x}",
                    children=[bar(fn, 0x10000, drv), bar(fn, 0x100000, drv)]), None

    def device(self, root):
        pick = self.rng.random()
        if pick < 0.35:
            return self.nvme_switch(root, 3 if self.rng.random() < 0.2 else 1)
        if pick < 0.65:
            return self.nic(root)
        if pick < 0.75:
            return self.gpu(root)
        return self.endpoint(root)


def root_buses(sockets, stacks):
    """Each root bus: its number, its 32-bit window and its 64-bit window."""
    roots, n = [], sockets * stacks
    low, low_end = 0x90000000, 0xfbffffff
    step = (low_end + 1 - low) // n // MiB * MiB
    for i in range(n):
        bus = 0 if i == 0 else (i * 0x100 // n) & 0xff
        roots.append({"seg": 0, "bus": bus,
                      "low": Node(f"PCI Bus 0000:{bus:02x}", step),
                      "high": Node(f"PCI Bus 0000:{bus:02x}", 0x4000000000),
                      "low_at": low + i * step, "low_pos": low + i * step,
                      "high_at": 0x380000000000 + i * 0x4000000000,
                      "high_pos": 0x380000000000 + i * 0x4000000000})
    return roots


def fixed_low(rng, fragments):
    """Memory below 4 GiB: legacy area, kernel, firmware-fragmented RAM."""
    nodes = [(0x0, Node("Reserved", 0x1000)),
             (0x1000, Node("System RAM", 0x9f000)),
             (0xa0000, Node("Reserved", 0x60000, children=[
                 Node("PCI Bus 0000:00", 0x20000), Node("Video ROM", 0x8000, at=0xc0000),
                 Node("System ROM", 0x10000, at=0xf0000)]))]
    ram = Node("System RAM", 0x40000000 - 0x100000, children=[
        Node("Kernel code", 0x1002a58, align=0x1000000), Node("Kernel rodata", 0x99b000,
                                                              align=0x200000),
        Node("Kernel data", 0x44e480, align=0x200000), Node("Kernel bss", 0x5e5000),
        Node("Crash kernel", 0x10000000, align=0x1000000)])
    nodes.append((0x100000, ram))
    at = 0x40000000
    names = ("Reserved", "ACPI Non-volatile Storage", "ACPI Tables", "Reserved", "System RAM")
    for i in range(fragments):
        size = rng.choice((0x1000, 0x3000, 0x10000, 0x41000, 0x200000, 0x800000))
        nodes.append((at, Node(names[i % len(names)], size)))
        at += size
        if at > 0x7f000000:
            break
    nodes.append((0x80000000, Node("Reserved", 0x10000000, children=[
        Node("PCI MMCONFIG 0000 [bus 00-ff]", 0x10000000)])))
    return nodes


def fixed_high_low():
    """Between the PCI windows and 4 GiB: IOAPICs, HPET, local APIC, flash."""
    ioapics = [Node(f"IOAPIC {i}", 0x400, align=0x1000 if i < 2 else 0x8000) for i in range(9)]
    return [(0xfd000000, Node("Reserved", 0x1800000, children=[
                Node("pnp 00:04", 0xac0000), Node("pnp 00:04", 0x10000, align=0x10000)])),
            (0xfec00000, Node("PNP0003:00", 0x100000, children=ioapics)),
            (0xfed00000, Node("HPET 0", 0x400, children=[Node("PNP0103:00", 0x400, same=True)])),
            (0xfed20000, Node("Reserved", 0x25000)),
            (0xfee00000, Node("Local APIC", 0x1000, children=[Node("pnp 00:01", 0x1000,
                                                                   same=True)])),
            (0xff000000, Node("Reserved", 0x1000000))]


def generate(lines, seed=1):
    rng = random.Random(seed)
    gen = Gen(seed)
    sockets = 2 if lines < 20000 else 8
    roots = root_buses(sockets, 4)
    top = fixed_low(rng, min(60, max(8, lines // 200))) + fixed_high_low()
    # RAM per NUMA node, then hot-added blocks of 1 GiB, a few with holes between.
    at, per_node = 0x100000000, 192 * GiB
    for node in range(sockets):
        top.append((at, Node("System RAM", per_node)))
        at += per_node
    for i in range(lines // 40):
        top.append((at, Node("System RAM", GiB)))
        at += GiB if rng.random() < 0.9 else 2 * GiB
    top.append((at, Node("Persistent Memory", 64 * GiB, children=[
        Node("namespace0.0", 64 * GiB)])))
    count = sum(n.lines() for _, n in top) + 2 * len(roots)
    # Devices round-robin over the root buses until the map is long enough.
    i = 0
    while count < lines:
        root = roots[i % len(roots)]
        low, high = gen.device(root)
        for win, node in (("low", low), ("high", high)):
            if node is None:
                continue
            # Children are packed in order: the new one goes where the last ended.
            try:
                end = layout(node, root[win + "_pos"], root[win + "_at"] + root[win].size - 1)
            except OverflowError:
                continue
            root[win + "_pos"] = end
            root[win].children.append(node)
            count += node.lines()
        i += 1
    for root in roots:
        top.append((root["low_at"], root["low"]))
        top.append((root["high_at"], root["high"]))
    top.sort(key=lambda t: t[0])
    out = []
    for at, node in top:
        layout(node, at, (1 << 64) - 1)
        emit(node, 0, out)
    return "".join(out)


def emit(node, depth, out):
    indent = 2 * min(depth, MAX_IORES_LEVEL)
    out.append(f"{'':{indent}}{node.start:08x}-{node.end:08x} : {node.name}\n")
    for c in node.children:
        emit(c, depth + 1, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lines", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    text = generate(args.lines, args.seed)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
