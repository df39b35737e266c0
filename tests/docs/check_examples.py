#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every C example of the documentation is built and run.

    check_examples.py --cc CC --source DIR --lib LIBMEMREMAP.so --tool MEMREMAP --data DIR
                      [--include DIR]...

The examples are pulled out mechanically: each ```c block of README.md and
docs/*.md, and each .EX ... .EE block of the section 3 man pages (roff
escapes undone). Each is one of four kinds, told apart by its text:

  program      has main(): built as it is, run, must exit 0;
  driver       has module_init(): built as a module against the kernel-source
               headers (include/memremap/compat), run by `memremap module`,
               which must report init and exit ok and nothing left mapped;
  declaration  a struct written out as the header has it: built beside the
               header, each member must exist in the real struct with the
               same size;
  fragment     anything else: its #include lines go on top and the rest
               becomes the body of a function run on the sim machine (the
               current machine), which must return 0; then once more on a
               sim machine where the range of every example is System RAM,
               so that each mapping is refused: it must end without a crash
               (an example that writes through the NULL of a refusal dies).

Programs and fragments run in a scratch folder that holds host.iomem (a
replayed /proc/iomem, for the examples that open one), board.iomem with
board.memblock (an arm64 kernel's map and memblock memory) and the edu
device's register descriptions, edu.regs and edu.svd; those that include
<memremap/regs.h> link --regs-lib too (and are skipped, counted neither
way, in a build without it). Prints one line per
example and 'N passed, N failed'; exits 1 on any failure.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

WARN = ["-std=gnu11", "-Wall", "-Wextra", "-Werror"]
# A fragment shows what it needs, not how every value is used afterwards.
FRAGMENT_WARN = WARN + ["-Wno-unused-variable", "-Wno-unused-but-set-variable"]
# Kernel code does arithmetic on void pointers: what tests/packaging relaxes too.
DRIVER_WARN = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Wno-pointer-arith",
               "-Wno-missing-prototypes"]

FRAGMENT_MAIN = """
static int example(void)
{
#line %(line)d "%(where)s"
%(body)s
	return 0;
}

int main(int argc, char **argv)
{
	struct mr_machine *m;
	int ret;

	if (mr_machine_open(&m, argc > 1 ? argv[1] : "sim")) {
		fprintf(stderr, "sim: %%s\\n", mr_errmsg());
		return 99;
	}
	mr_machine_use(m);
	ret = example();
	mr_machine_use(NULL);
	mr_machine_close(m);
	return ret;
}
"""

FRAGMENT_HEAD = """#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memremap.h>
#include <memremap/io.h>
#include <memremap/pci.h>
#include <memremap/resource.h>
"""


def markdown_blocks(path):
    with open(path) as f:
        text = f.read()
    for m in re.finditer(r"^```c\n(.*?)^```$", text, re.M | re.S):
        yield text.count("\n", 0, m.start()) + 2, m.group(1)


def roff_unescape(line):
    return (line.replace("\\e", "\\").replace("\\-", "-").replace("\\&", "")
            .replace("\\(aq", "'").replace("\\(dq", '"'))


def man_blocks(path):
    lines = open(path).read().split("\n")
    block, start = None, 0
    for i, line in enumerate(lines, 1):
        if line.startswith(".EX"):
            block, start = [], i + 1
        elif line.startswith(".EE") and block is not None:
            yield start, "\n".join(block) + "\n"
            block = None
        elif block is not None:
            block.append(roff_unescape(line))


def examples(source):
    files = [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs",
                                                                                 "*.md")))
    for path in files:
        for line, text in markdown_blocks(path):
            yield os.path.relpath(path, source), line, text
    for path in sorted(glob.glob(os.path.join(source, "docs", "man", "*.3"))):
        for line, text in man_blocks(path):
            yield os.path.relpath(path, source), line, text


def kind(text):
    if re.search(r"\bint\s+main\s*\(", text):
        return "program"
    if "module_init(" in text:
        return "driver"
    if re.fullmatch(r"\s*struct\s+\w+\s*\{.*\};\s*", text, re.S):
        return "declaration"
    return "fragment"


def declaration_check(text):
    """The struct renamed, and one check per member against the real one."""
    name = re.match(r"\s*struct\s+(\w+)", text).group(1)
    doc = re.sub(r"^\s*struct\s+\w+", f"struct doc_{name}", text, count=1)
    checks = []
    for line in text.split("{", 1)[1].rsplit("}", 1)[0].split("\n"):
        code = re.sub(r"/\*.*?\*/", "", line).strip()
        m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*;$", code)
        if m:
            member = m.group(1)
            checks.append(f"_Static_assert(sizeof(((struct {name} *)0)->{member}) == "
                          f"sizeof(((struct doc_{name} *)0)->{member}), \"{member}\");")
    return FRAGMENT_HEAD + doc + "\n" + "\n".join(checks) + "\nint main(void) { return 0; }\n", \
        len(checks)


class Checker:
    def __init__(self, args, work):
        self.a = args
        self.work = work
        self.libdir = os.path.dirname(os.path.abspath(args.lib))
        self.inc = ["-I", os.path.join(args.source, "include")]
        for d in args.include:
            self.inc += ["-I", d]
        self.env = dict(os.environ, LD_LIBRARY_PATH=self.libdir)
        self.env.pop("MEMREMAP_MACHINE", None)

    def sh(self, cmd, cwd=None):
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or self.work,
                           env=self.env, timeout=120)
        return p.returncode, (p.stdout + p.stderr).strip()

    def build(self, src, out, flags, extra=()):
        path = os.path.join(self.work, out + ".c")
        with open(path, "w") as f:
            f.write(src)
        return self.sh([self.a.cc, *flags, *self.inc, path, *extra, "-o",
                        os.path.join(self.work, out)])

    def link(self, text=""):
        flags = ["-L", self.libdir, "-lmemremap", "-Wl,-rpath," + self.libdir]
        if "memremap/regs.h" in text and self.a.regs_lib:
            regsdir = os.path.dirname(self.a.regs_lib)
            flags = ["-L", regsdir, "-lmemremap-regs", "-Wl,-rpath," + regsdir] + flags
        return flags

    def check(self, n, where, line, text):
        k = kind(text)
        name = f"ex{n}"
        if "memremap/regs.h" in text and not self.a.regs_lib:
            return k, "skip"
        if k == "declaration":
            src, members = declaration_check(text)
            if not members:
                return k, "no member found to check"
            rc, out = self.build(src, name, WARN, ["-c"])
            return k, None if rc == 0 else out
        if k == "driver":
            rc, out = self.build(f'#line {line} "{where}"\n' + text, name + ".so",
                                 DRIVER_WARN, ["-shared", "-fPIC", "-I",
                                               os.path.join(self.a.source, "include", "memremap",
                                                            "compat"), "-L", self.libdir,
                                               "-lmemremap-compat", *self.link()])
            if rc:
                return k, out
            rc, out = self.sh([self.a.tool, "module", os.path.join(self.work, name + ".so")])
            ok = rc == 0 and "init ok" in out and "all released" in out
            return k, None if ok else f"memremap module: exit {rc}: {out}"
        if k == "program":
            src, flags = f'#line {line} "{where}"\n' + text, WARN
        else:
            heads = [s for s in text.split("\n") if s.startswith("#")]
            body = "\n".join("" if s.startswith("#") else s for s in text.split("\n"))
            src = FRAGMENT_HEAD + "\n".join(heads) + FRAGMENT_MAIN % {
                "line": line, "where": where, "body": body}
            flags = FRAGMENT_WARN
        rc, out = self.build(src, name, flags, self.link(text))
        if rc:
            return k, out
        rc, out = self.sh([os.path.join(self.work, name)])
        if rc:
            return k, f"exit {rc}: {out}"
        if k == "fragment":
            rc, out = self.sh([os.path.join(self.work, name), "sim:refusing.iomem"])
            if rc < 0 or rc == 99:
                return k, f"where mappings are refused: {'signal %d' % -rc if rc < 0 else out}"
        return k, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--regs-lib", default=None,
                    help="libmemremap-regs.so, for the examples that include memremap/regs.h")
    ap.add_argument("--include", action="append", default=[],
                    help="more header folders (the generated memremap/config.h)")
    a = ap.parse_args()
    for k in ("source", "lib", "tool", "data"):
        setattr(a, k, os.path.abspath(getattr(a, k)))
    work = tempfile.mkdtemp(prefix="memremap-examples-")
    try:
        shutil.copy(os.path.join(a.data, "iomem", "host.iomem"), work)
        # An arm64 board: an arm64 kernel's map and memblock memory.
        for ext in ("iomem", "memblock"):
            shutil.copy(os.path.join(a.data, "kernel-answers", "arm64-virt-1g." + ext),
                        os.path.join(work, "board." + ext))
        # The edu device's descriptions, for the register examples.
        for f in ("edu.regs", "edu.svd"):
            shutil.copy(os.path.join(a.data, "regs", f), work)
        # The examples' device ranges (0xe0000000 up) as System RAM: every
        # mapping of them but write-back is refused.
        with open(os.path.join(work, "refusing.iomem"), "w") as f:
            f.write("00001000-0009ffff : System RAM\ne0000000-ffffffff : System RAM\n")
        c = Checker(a, work)
        passed = failed = 0
        for n, (where, line, text) in enumerate(examples(a.source)):
            k, why = c.check(n, where, line, text)
            if why == "skip":
                # Neither passed nor failed: this build has no libmemremap-regs.
                print(f"skip - {where}:{line} ({k}): built without libmemremap-regs")
            elif why is None:
                passed += 1
                print(f"ok - {where}:{line} ({k})")
            else:
                failed += 1
                print(f"not ok - {where}:{line} ({k})\n" + "\n".join("    " + s for s in
                                                                   why.splitlines()[:20]))
        if passed + failed == 0:
            print("no example found")
            return 1
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, True)


if __name__ == "__main__":
    sys.exit(main())
