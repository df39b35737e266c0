# SPDX-License-Identifier: MIT
"""Threads: mapping, copying, closing and unbinding at once never crash,
and every failure is an exception the caller can expect."""
import threading

import memremap
from conftest import PCI_BAR, PCI_DEV

ROUNDS = 200


def run(workers):
    errors = []

    def wrap(fn):
        def go():
            try:
                fn()
            except BaseException as e:  # reported below, with the thread's name
                errors.append(e)
        return go

    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_map_and_access_in_threads(sim):
    def worker(i):
        def go():
            for n in range(ROUNDS):
                with memremap.map(PCI_BAR + i * 0x10000, 0x1000, memremap.WC) as m:
                    m.write32(0x10, n ^ i)
                    assert m.read32(0x10) == n ^ i
                    m.write(0x100, bytes([i]) * 0x800)
                    assert m.read(0x100, 0x800) == bytes([i]) * 0x800
        return go

    run([worker(i) for i in range(4)])
    assert sim.mappings() == []


def test_close_races_copies(sim):
    # A copy in flight (GIL released) pins the mapping: close() raises
    # BufferError meanwhile, and wins between copies; the copier then sees a
    # closed mapping. Neither ever touches unmapped memory.
    for _ in range(20):
        m = memremap.map(PCI_BAR, 0x40000, memremap.WC)
        outcome = {"copies": 0}

        def copier():
            try:
                for n in range(50):
                    m.read(0, 0x40000)
                    m.read32(4 * n)  # with the GIL: close() may get in here
                    outcome["copies"] += 1
            except ValueError as e:
                outcome["copier"] = str(e)

        def closer():
            while True:
                try:
                    m.close()
                    return
                except BufferError:
                    outcome["busy"] = outcome.get("busy", 0) + 1

        run([copier, closer])
        assert m.closed
        assert outcome["copies"] == 50 or outcome["copier"] == "mapping is closed"


def test_device_unbind_races_map(sim):
    dev = memremap.Device("racer")
    made = []

    def mapper():
        for n in range(ROUNDS):
            try:
                m = dev.map(PCI_DEV, 0x100, memremap.DEV)
            except ValueError:
                break  # the device was closed
            made.append(m)
            try:
                m.write32(0, n)
            except ValueError:
                pass  # unbound meanwhile

    def unbinder():
        for _ in range(ROUNDS // 4):
            dev.unbind()

    run([mapper, mapper, unbinder])
    dev.close()
    assert all(m.closed for m in made)
    assert sim.mappings() == []


def test_use_races_device_map():
    a = memremap.Machine("sim")
    b = memremap.Machine("sim")
    dev = memremap.Device("switcher")

    def switcher():
        for n in range(ROUNDS):
            (a if n % 2 else b).use()

    def mapper():
        for n in range(ROUNDS):
            target = a if n % 2 else b
            m = dev.map(PCI_DEV, 0x100, memremap.DEV, machine=target)
            # The mapping is on the machine asked for, whatever is current.
            assert len(target.mappings()) == 1, n
            m.close()

    try:
        run([switcher, mapper])
    finally:
        memremap.use(None)
        dev.close()
        a.close()
        b.close()
