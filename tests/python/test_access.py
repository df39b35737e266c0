# SPDX-License-Identifier: MIT
"""Mapping.readN()/writeN() are one access of exactly N bits, mechanically.

As tests/unit/test_io.c does for the C accessors: objdump disassembles the
built extension. Each accessor path of python/src/mapping.c is an out-of-line
function, mrpy_io_read{b,w,l,q} and mrpy_io_write{b,w,l,q}, around the
library's readb..readq and writeb..writeq; each must be exactly one plain
load or store of its width to the address it was given (no string, locked
or vector instruction, no call). The methods behind read8..read64 and
write8..write64 (mapping_readN, mapping_writeN) must call their own
accessor exactly once and no other. test_mapping.py checks the behaviour:
each write changes exactly its bytes.
"""
import os
import platform
import re
import subprocess

import pytest

import memremap._memremap as ext

SUFFIX = {8: "b", 16: "w", 32: "l", 64: "q"}
OBJDUMP = os.environ.get("OBJDUMP", "objdump")


def disassemble(sym):
    out = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn", f"--disassemble={sym}", ext.__file__],
                         check=True, capture_output=True, text=True).stdout
    insns = []
    for line in out.splitlines():
        # "    6d90:\tmov    (%rdi),%eax"
        m = re.match(r"\s*[0-9a-f]+:\t(\S+)\s*([^#<]*)(<[^>]*>)?", line)
        if m:
            # "mov 0x6ea9(%rip),%rax  # dfc0 <mr_trace_on@MEMREMAP_0.6>": the comment names it
            named = m.group(3) or (re.search(r"#.*(<[^>]*>)", line) or m).group(1)
            insns.append((m.group(1), m.group(2).strip(), (named or "").strip("<>")))
    assert insns, f"{OBJDUMP} found no instructions of {sym} in {ext.__file__}"
    return insns


X86_REGS = {
    64: r"%r(ax|bx|cx|dx|si|di|bp|sp|\d+)$",
    32: r"%(e(ax|bx|cx|dx|si|di|bp|sp)|r\d+d)$",
    16: r"%((ax|bx|cx|dx|si|di|bp|sp)|r\d+w)$",
    8: r"%((a|b|c|d)[lh]|sil|dil|bpl|spl|r\d+b)$",
}


def x86_access(mn, ops):
    """(is_store, bits) of an x86 instruction that touches memory, else None."""
    if "(" not in ops or mn.startswith(("lea", "nop")):
        return None
    if re.search(r"\(%(rsp|rbp|rip)", ops):
        return None  # the function's own frame and globals
    assert mn.startswith("mov") and "%es:" not in ops and "%ds:" not in ops, \
        f"not a plain load or store: {mn} {ops}"
    src, dst = ops.rsplit(",", 1)
    store = "(" in dst
    reg = src if store else dst
    for bits, pat in X86_REGS.items():
        if re.match(pat, reg.strip()):
            break
    else:
        bits = 0
    if mn.startswith(("movzb", "movsb")):
        bits = 8
    elif mn.startswith(("movzw", "movsw")):
        bits = 16
    return store, bits


def a64_access(mn, ops):
    if "[" not in ops or re.search(r"\[(sp|x29)", ops):
        return None
    assert mn.startswith(("ldr", "str", "ldar", "stlr")), f"not a plain load or store: {mn} {ops}"
    last = mn[-1]
    bits = 8 if last == "b" else 16 if last == "h" else 32 if ops.startswith("w") else 64
    return mn[0] == "s", bits


FORBIDDEN = ("call", "bl", "rep", "lock", "xchg", "cmpxchg", "ldx", "stx", "cas", "swp", "ldp",
             "stp")


def accesses(sym):
    """The (is_store, bits) of every access @sym makes outside its own frame.

    The accessors test libmemremap's mr_trace_on first (memremap/io.h): from
    a shared object that is a load of its address from the GOT, then a load
    through it. That load is the flag's, not the device's: skipped.
    """
    access = x86_access if platform.machine() == "x86_64" else a64_access
    found = []
    flag_reg = None
    for mn, ops, target in disassemble(sym):
        # The traced forms, taken while a trace is recorded: optimized, the
        # compiler moves their call to a .cold part; at -O0 (the sanitizer
        # builds) it stays in the body, beside the one access.
        if mn.startswith(("call", "bl")) and target.startswith(("mr_trace_read", "mr_trace_write")):
            continue
        assert not mn.startswith(FORBIDDEN), f"{sym}: an accessor must not use {mn} {ops} {target}"
        if target.startswith("mr_trace_on") and "," in ops:
            flag_reg = ops.rsplit(",", 1)[1].strip()
            continue
        if flag_reg and re.fullmatch(r"\(%s\),%%\w+" % re.escape(flag_reg), ops):
            flag_reg = None
            continue
        a = access(mn, ops)
        if a:
            found.append(a)
    return found


def calls(sym):
    return [target for mn, ops, target in disassemble(sym)
            if mn in ("call", "jmp", "bl", "b") and target.startswith("mrpy_io_")]


@pytest.mark.parametrize("bits", [8, 16, 32, 64])
@pytest.mark.parametrize("store", [False, True])
def test_accessor_is_one_access_of_its_width(bits, store):
    sym = f"mrpy_io_{'write' if store else 'read'}{SUFFIX[bits]}"
    assert accesses(sym) == [(store, bits)], sym


@pytest.mark.parametrize("bits", [8, 16, 32, 64])
@pytest.mark.parametrize("store", [False, True])
def test_method_calls_its_accessor_once(bits, store):
    verb = "write" if store else "read"
    assert calls(f"mapping_{verb}{bits}") == [f"mrpy_io_{verb}{SUFFIX[bits]}"]


def test_the_checker():
    # What the checker makes of instructions an accessor must or must not be.
    assert x86_access("mov", "(%rdi),%eax") == (False, 32)
    assert x86_access("mov", "%rsi,(%rdi)") == (True, 64)
    assert x86_access("mov", "%si,(%rdi)") == (True, 16)
    assert x86_access("mov", "%sil,(%rdi)") == (True, 8)
    assert x86_access("movzwl", "(%rdi),%eax") == (False, 16)
    assert x86_access("mov", "0x8(%rsp),%rax") is None
    with pytest.raises(AssertionError):
        x86_access("movsb", "%ds:(%rsi),%es:(%rdi)")
    with pytest.raises(AssertionError):
        x86_access("add", "%eax,(%rdi)")
    assert a64_access("ldrh", "w0, [x0]") == (False, 16)
    assert a64_access("str", "x1, [x0]") == (True, 64)
    with pytest.raises(AssertionError):
        a64_access("ldp", "x0, x1, [x0]")
    # And of the functions: the wrong width or accessor is told apart.
    assert accesses("mrpy_io_readq") != [(False, 32)]
    assert calls("mapping_read32") != ["mrpy_io_readq"]
    # The bulk copy calls the library, never the accessors.
    assert calls("mapping_read") == []
