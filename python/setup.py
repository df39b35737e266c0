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


def pkg_config(*args, package="memremap"):
    try:
        out = subprocess.run(["pkg-config", *args, package], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("memremap: pkg-config is needed to find libmemremap (apt-get install pkg-config)")
    except subprocess.CalledProcessError as e:
        sys.exit("memremap: pkg-config cannot find libmemremap: install libmemremap-dev, or "
                 "set PKG_CONFIG_PATH to a build tree's src/ folder\n" + e.stderr)
    return shlex.split(out)


def has_regs():
    """libmemremap-regs is there (register names): pkg-config knows memremap-regs."""
    try:
        return subprocess.run(["pkg-config", "--exists", "memremap-regs"]).returncode == 0
    except FileNotFoundError:
        return False


def extension():
    here = os.path.dirname(os.path.abspath(__file__))
    kw = {"include_dirs": [], "library_dirs": [], "libraries": [], "extra_link_args": [],
          "extra_compile_args": [], "define_macros": []}
    # Register names where libmemremap-regs is installed (libmemremap-dev
    # brings it); without it the package refuses names with ENOSYS.
    package = "memremap"
    if has_regs():
        package = "memremap-regs"  # which Requires: memremap
        kw["define_macros"].append(("MRPY_REGS", None))
    flags = pkg_config("--cflags", package=package), pkg_config("--libs", package=package)
    for flag in flags[0]:
        if flag.startswith("-I"):
            kw["include_dirs"].append(flag[2:])
        else:
            kw["extra_compile_args"].append(flag)
    for flag in flags[1]:
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
