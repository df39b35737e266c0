# SPDX-License-Identifier: MIT
"""pip installs the package from the repository, offline, with Debian's
setuptools: into a --target folder, built against this build tree's library
through pkg-config (PKG_CONFIG_PATH=BUILD/pkgconfig, memremap-uninstalled.pc)."""
# needs: pip setuptools wheel
import os
import shutil
import subprocess
import sys
import tomllib

import memremap

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python")


def test_pip_install_target(tmp_path):
    build = os.environ["MR_BUILD_DIR"]
    # pip builds in the source folder: work on a copy, leave the checkout clean.
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src, ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                               "__pycache__"))
    target = tmp_path / "site"
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(build, "pkgconfig"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1")
    env.pop("PYTHONPATH", None)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index",
                    "--target", str(target), str(src)], check=True, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pkg = target / "memremap"
    for f in ("__init__.py", "__init__.pyi", "py.typed"):
        assert (pkg / f).is_file(), f
    assert list(pkg.glob("_memremap.*.so"))
    # The installed copy works on its own, the build tree's package out of the path.
    env = dict(os.environ, PYTHONPATH=str(target), MEMREMAP_MACHINE="sim")
    out = subprocess.run([sys.executable, "-c", """if True:
        import memremap
        print(memremap.__file__, memremap.__version__, memremap.HAVE_REGS)
        with memremap.MMIO(0xfe000000, 0x100) as m:
            m.write64(8, 0x0123456789abcdef)
            print(hex(m.read64(8)), m.info().how)
        """], check=True, env=env, capture_output=True, text=True, cwd=tmp_path).stdout
    where, version, regs, value, how = out.split(maxsplit=4)
    assert where == str(pkg / "__init__.py")
    assert version == memremap.__version__
    # Register names where the build has libmemremap-regs (memremap-regs-uninstalled.pc).
    assert regs == str(memremap.HAVE_REGS)
    assert value == "0x123456789abcdef" and how.strip() == "sim mmap"


def test_versions_agree():
    with open(os.path.join(SOURCE, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)["project"]
    assert project["version"] == memremap.__version__
    cmake = open(os.path.join(SOURCE, "..", "CMakeLists.txt")).read()
    assert f"project(libmemremap VERSION {memremap.__version__} " in cmake
