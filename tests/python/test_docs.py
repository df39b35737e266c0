# SPDX-License-Identifier: MIT
"""Every Python example of docs/python.md and README.md runs as printed, on
the sim machine."""
# needs: numpy
import os
import re
import subprocess
import sys

import pytest

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DOCS = {"docs/python.md": 7, "README.md": 1}  # how many examples each has


def examples():
    for doc, count in DOCS.items():
        text = open(os.path.join(TOP, doc)).read()
        blocks = re.findall(r"^```python\n(.*?)^```$", text, re.S | re.M)
        assert len(blocks) == count, f"{doc}: {len(blocks)} Python examples, not {count}"
        for i, code in enumerate(blocks):
            yield pytest.param(code, id=f"{doc}:{i + 1}")


@pytest.mark.parametrize("code", examples())
def test_example(code, tmp_path):
    env = dict(os.environ, MEMREMAP_MACHINE="sim")
    r = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr
