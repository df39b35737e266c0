#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""python_check.py DIR: the memremap package installed in DIR (a
dist-packages folder) is complete and works on its own, on a sim machine."""
import os
import sys

where = os.path.realpath(sys.argv[1])
sys.path.insert(0, where)

import memremap  # noqa: E402

pkg = os.path.join(where, "memremap")
if os.path.realpath(memremap.__file__) != os.path.join(pkg, "__init__.py"):
    sys.exit(f"python_check: imported {memremap.__file__}, not the one in {pkg}")
for f in ("py.typed", "__init__.pyi"):
    if not os.path.isfile(os.path.join(pkg, f)):
        sys.exit(f"python_check: {f} is not installed in {pkg}")
with memremap.Machine("sim") as machine:
    with memremap.MMIO(0xFE000000, 0x100) as mmio:
        mmio.write64(8, 0x0123456789ABCDEF)
        if mmio.read64(8) != 0x0123456789ABCDEF or memoryview(mmio)[8] != 0xEF:
            sys.exit("python_check: the mapping does not read back what was written")
        how = mmio.info().how
print(f"python_check: memremap {memremap.__version__} from {pkg}: {how}, ok")
