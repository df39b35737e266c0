#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run one test file of tests/python with pytest, as one CTest entry.

    run.py TEST_FILE [PYTEST_ARGS...]

A test file names the modules it needs beyond pytest and memremap in a
line "# needs: MODULE ...". When one cannot be imported this exits 77
(CTest: skipped), so that a missing package never shows as a pass; the
tests themselves never skip.
"""
import importlib.util
import os
import sys


def needs(path):
    mods = ["pytest"]
    with open(path) as f:
        for line in f:
            if line.startswith("# needs:"):
                mods += line.split(":", 1)[1].split()
    return mods


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, argv[0])
    # Found, not imported: setuptools must not be imported after pip here.
    for mod in needs(path):
        if importlib.util.find_spec(mod) is None:
            print(f"skipped: no module {mod}; scripts/lib.sh installs it", file=sys.stderr)
            return 77
    import pytest

    return pytest.main(["-q", "-p", "no:cacheprovider",
                        "-W", "error::pytest.PytestUnraisableExceptionWarning",
                        "--rootdir", here, path, *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
