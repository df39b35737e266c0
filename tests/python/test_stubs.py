# SPDX-License-Identifier: MIT
"""The type stubs (memremap/__init__.pyi) match the package, and type-check
code that uses it: mypy's stubtest, then mypy on a user's program."""
# needs: mypy
import os
import subprocess
import sys
import textwrap

import pytest

import memremap

STAGE = os.path.dirname(os.path.dirname(os.path.abspath(memremap.__file__)))


def mypy(*args, cwd=None):
    env = dict(os.environ, MYPYPATH=STAGE)
    return subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True,
                          cwd=cwd)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One mypy cache for the module: typeshed is read once."""
    return str(tmp_path_factory.mktemp("mypy-cache"))


def test_stubtest(cache):
    r = mypy("mypy.stubtest", "--mypy-config-file", os.devnull, "memremap", cwd=cache)
    assert r.returncode == 0, r.stdout + r.stderr


def test_typed_program(tmp_path, cache):
    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent("""\
        import memremap
        from memremap import MMIO, MMIOError

        with memremap.Machine("sim") as machine:
            with memremap.map(0xfe000000, 0x1000, memremap.DEV) as regs:
                value: int = regs.read32(0x04)
                regs.write64(0x08, value)
                data: bytes = regs.read(0, 16)
                regs.write(0, data, safe=True)
                info = regs.info()
                how: str = info.how
            if memremap.HAVE_REGS:
                with memremap.Machine("sim", regs="edu.regs", regs_base={"edu": 1}) as named:
                    where: memremap.Register = named.reg("edu.STATUS:IRQ")
                    with named.map(where.phys, where.size, memremap.DEV) as m:
                        irq: int = m.read("edu.STATUS:IRQ", read_clear=True)
                        m.write("edu.STATUS:IRQ", irq)
                        m.write("edu.STATUS:IRQ", "ON")
                        m.write("edu.STATUS:IRQ=OFF")
            q = machine.query(0xfe000000, 0x1000, memremap.WB)
            print(q.result, q.why, machine.mappings(), how)
            try:
                mmio = MMIO(0xfe000000, 0x100)
                print(mmio.base, mmio.pointer.value, mmio.read16(2))
            except MMIOError as e:
                print(e.errno, e.strerror)
        """))
    r = mypy("mypy", "--strict", "--cache-dir", cache, str(good),
             cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""\
        import memremap
        m = memremap.map(0xfe000000, 0x1000, memremap.DEV)
        name: str = m.read32(0)
        m.write32("0", 1)
        field: bytes = m.read("edu.STATUS:IRQ")
        m.write("edu.STATUS:IRQ", 1.5)
        """))
    r = mypy("mypy", "--strict", "--cache-dir", cache, str(bad),
             cwd=tmp_path)
    assert r.returncode == 1
    assert "bad.py:3: error: Incompatible types in assignment" in r.stdout, r.stdout
    assert 'bad.py:4: error: Argument 1 to "write32" of "Mapping"' in r.stdout, r.stdout
    assert "bad.py:5: error: Incompatible types in assignment" in r.stdout, r.stdout
    assert "bad.py:6: error: No overload variant" in r.stdout, r.stdout
