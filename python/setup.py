# SPDX-License-Identifier: MIT
"""The C extension memremap._memremap, built against libmemremap via pkg-config.

pkg-config finds the installed library (Debian's libmemremap-dev), or a
build tree of it when PKG_CONFIG_PATH names BUILD/src: the build writes
memremap-uninstalled.pc there, which pkg-config prefers, with the source
tree's headers and an RPATH to the build tree's library.
"""
import glob
import os
import shlex
import subprocess
import sys

from setuptools import Extension, setup


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "memremap"], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("memremap: pkg-config is needed to find libmemremap (apt-get install pkg-config)")
    except subprocess.CalledProcessError as e:
        sys.exit("memremap: pkg-config cannot find libmemremap: install libmemremap-dev, or "
                 "set PKG_CONFIG_PATH to a build tree's src/ folder\n" + e.stderr)
    return shlex.split(out)


def extension():
    here = os.path.dirname(os.path.abspath(__file__))
    kw = {"include_dirs": [], "library_dirs": [], "libraries": [], "extra_link_args": [],
          "extra_compile_args": []}
    for flag in pkg_config("--cflags"):
        if flag.startswith("-I"):
            kw["include_dirs"].append(flag[2:])
        else:
            kw["extra_compile_args"].append(flag)
    for flag in pkg_config("--libs"):
        if flag.startswith("-L"):
            kw["library_dirs"].append(flag[2:])
        elif flag.startswith("-l"):
            kw["libraries"].append(flag[2:])
        else:
            kw["extra_link_args"].append(flag)
    sources = sorted(os.path.relpath(p, here) for p in glob.glob(os.path.join(here, "src", "*.c")))
    return Extension("memremap._memremap", sources=sources, depends=["src/mrpy.h"], **kw)


# Here rather than in pyproject.toml: Debian 12's setuptools calls [tool.setuptools] beta.
setup(packages=["memremap"], package_data={"memremap": ["py.typed", "*.pyi"]},
      ext_modules=[extension()])
