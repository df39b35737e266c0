#!/usr/bin/env bash
# consumer.sh [--build BUILD_DIR] --prefix PREFIX --work WORK_DIR
#
# With --build, installs BUILD_DIR into PREFIX (cmake --install). Then checks
# what an installed libmemremap must hold, and builds the program in
# consumer/ outside the tree against PREFIX twice, through pkg-config and
# through find_package(memremap) (shared and static), and runs each on the
# sim machine. Last, it builds the specification's register example as a
# module both ways (one -I, the kernel-source headers) and runs it with the
# installed `memremap module` when the installed tool has that command. When
# the Python package is installed, Debian's python3 imports it from there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build= prefix= work=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--prefix) prefix=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) echo "consumer.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$prefix" ] && [ -n "$work" ] || { echo "usage: consumer.sh [--build DIR] --prefix DIR --work DIR" >&2; exit 2; }
log() { printf 'consumer.sh: %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
export MEMREMAP_MACHINE=sim

if [ -n "$build" ]; then
	rm -rf "$prefix"
	log "cmake --install $build --prefix $prefix"
	cmake --install "$build" --prefix "$prefix" >/dev/null
fi
rm -rf "$work"
mkdir -p "$work"

# -------------------------------------------------------- what is installed
pc=$(find "$prefix"/lib* -maxdepth 3 -path '*/pkgconfig/memremap.pc' -print -quit 2>/dev/null)
[ -n "$pc" ] || fail "no memremap.pc under $prefix/lib*"
libdir=$(dirname "$(dirname "$pc")")
for f in "$libdir/libmemremap.so.0" "$libdir/libmemremap.so" "$libdir/libmemremap.a" \
	"$libdir/pkgconfig/memremap-compat.pc" "$libdir/cmake/memremap/memremap-config.cmake" \
	"$prefix/include/memremap.h" "$prefix/include/memremap/io.h" \
	"$prefix/include/memremap/compat/linux/io.h" "$prefix/include/memremap/compat/linux/module.h" \
	"$prefix/share/man/man3/memremap.3" "$prefix/share/man/man3/devm_memremap.3" \
	"$prefix/share/man/man3/mr_machine_open.3" "$prefix/share/man/man3/readl.3"; do
	[ -e "$f" ] || fail "not installed: $f"
done
soname=$(readelf -d "$libdir/libmemremap.so.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libmemremap.so.0 ] || fail "SONAME is '$soname'"
python3 "$here/check_exports.py" "$libdir/libmemremap.so.0" "$prefix/include" \
	"$prefix/share/man/man3"

# libmemremap-regs: installed whole, or not at all (MR_BUILD_REGS=OFF).
regs=
if [ -e "$libdir/libmemremap-regs.so.0" ]; then
	regs=1
	for f in "$libdir/libmemremap-regs.so" "$libdir/libmemremap-regs.a" \
		"$libdir/pkgconfig/memremap-regs.pc" "$prefix/include/memremap/regs.h" \
		"$prefix/share/man/man3/mr_regs_load.3" "$prefix/share/man/man3/mr_regs_resolve.3" \
		"$prefix/share/man/man5/memremap-regs.5"; do
		[ -e "$f" ] || fail "not installed: $f"
	done
	python3 "$here/check_exports.py" --regs "$libdir/libmemremap-regs.so.0" "$prefix/include" \
		"$prefix/share/man/man3"
fi

# ---------------------------------------------------------- via pkg-config
export PKG_CONFIG_PATH=$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
[ "$(pkg-config --variable=prefix memremap)" = "$prefix" ] ||
	fail "memremap.pc names prefix $(pkg-config --variable=prefix memremap), not $prefix"
log "pkg-config: cc consumer.c \$(pkg-config --cflags --libs memremap)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-pc" "$here/consumer/consumer.c" \
	$(pkg-config --cflags --libs memremap) -Wl,-rpath,"$(pkg-config --variable=libdir memremap)"
"$work/consumer-pc"
grep -q "libmemremap.so.0 => $libdir/" <<<"$(ldd "$work/consumer-pc")" ||
	fail "consumer-pc does not load the installed library"
if [ -n "$regs" ]; then
	log "pkg-config: cc regs_consumer.c \$(pkg-config --cflags --libs memremap-regs)"
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -o "$work/regs-consumer-pc" \
		"$here/consumer/regs_consumer.c" $(pkg-config --cflags --libs memremap-regs) \
		-Wl,-rpath,"$libdir"
	"$work/regs-consumer-pc"
fi

# ----------------------------------------------------- via find_package()
log "find_package(memremap): cmake -S consumer -DCMAKE_PREFIX_PATH=$prefix"
cmake -S "$here/consumer" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
	-DMR_DRIVER="$top/tests/data/spec-examples/register_block.c" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer"
"$work/cmake/consumer_static"
if grep -q 'NEEDED.*libmemremap' <<<"$(readelf -d "$work/cmake/consumer_static")"; then
	fail "consumer_static needs libmemremap.so"
fi
if [ -n "$regs" ]; then
	"$work/cmake/regs_consumer"
	"$work/cmake/regs_consumer_static"
	if grep -q 'NEEDED.*libmemremap' <<<"$(readelf -d "$work/cmake/regs_consumer_static")"; then
		fail "regs_consumer_static needs a libmemremap .so"
	fi
fi

# --------------------------------- a driver source against the compat headers
compat=$(pkg-config --variable=compatincludedir memremap-compat)
[ "$compat" = "$prefix/include/memremap/compat" ] || fail "compatincludedir is $compat"
log "the spec's examples, one include path: cc -I$compat"
for ex in register_block framebuffer; do
	cc -std=gnu11 -fPIC -Wall -Werror -Wno-missing-prototypes -I"$compat" \
		-c "$top/tests/data/spec-examples/$ex.c" -o "$work/$ex.o"
done
# shellcheck disable=SC2046
cc -shared -fPIC -o "$work/register_block.so" "$top/tests/data/spec-examples/register_block.c" \
	$(pkg-config --cflags --libs memremap-compat)
tool=$prefix/bin/memremap
toolenv=()
# A build configured for a system library directory leaves the tool without
# a RUNPATH (Debian's rule), and a driver built with pkg-config has none: in
# another prefix than /usr both need the path (libmemremap-compat.so.0).
if [ -x "$tool" ] && [ "$prefix" != /usr ]; then
	toolenv=(env LD_LIBRARY_PATH="$libdir")
fi
if [ -x "$tool" ]; then
	log "$tool demo"
	"${toolenv[@]}" "$tool" demo >/dev/null
fi
if [ -x "$tool" ] && "${toolenv[@]}" "$tool" module --help >/dev/null 2>&1; then
	for so in "$work/register_block.so" "$work/cmake/driver.so"; do
		log "memremap module $so --machine sim"
		"${toolenv[@]}" "$tool" module "$so" --machine sim
	done
	# The kernel-style test drivers, each built with the documented command
	# alone, run together on the test board's device tree (.dts: dtc).
	if command -v dtc >/dev/null; then
		mods=()
		for drv in acme_fw_table acme_nvmem_rmem acme_tsens acme_acpi_table; do
			log "cc -shared -fPIC -o $drv.so $drv.c \$(pkg-config --cflags --libs memremap-compat)"
			# shellcheck disable=SC2046
			cc -shared -fPIC -o "$work/$drv.so" "$top/tests/packaging/kernel/$drv.c" \
				$(pkg-config --cflags --libs memremap-compat)
			mods+=("$work/$drv.so")
		done
		python3 "$top/tests/packaging/kernel/preload.py" "$work/board.mem"
		board="sim,dt=$top/tests/data/dt/board.dts,mem=$work/board.mem"
		log "memremap module --machine $board ${mods[*]##*/}"
		out=$("${toolenv[@]}" "$tool" module --machine "$board" "${mods[@]}") ||
			fail "memremap module on the board: $out"
		grep -q '4 probes (0 failed), all released$' <<<"$out" || fail "on the board: $out"
		rm -f "$work/board.mem"
	else
		log "dtc (device-tree-compiler) is not installed: the board's drivers not run"
	fi
else
	log "the installed memremap has no 'module' command yet: drivers built, not run"
fi

# ----------------------------------------------------- the Python package
pydir=$prefix/lib/python3/dist-packages
ext=$(find "$pydir/memremap" -name '_memremap*.so' -print -quit 2>/dev/null || true)
if [ -n "$ext" ]; then
	pyenv=(env PYTHONDONTWRITEBYTECODE=1)
	# As for the tool: a build for a system library directory has no RUNPATH.
	if ! grep -q RUNPATH <<<"$(readelf -d "$ext")" && [ "$prefix" != /usr ]; then
		pyenv+=(LD_LIBRARY_PATH="$libdir")
	fi
	log "python3: import memremap from $pydir"
	"${pyenv[@]}" /usr/bin/python3 "$here/python_check.py" "$pydir"
else
	log "no Python package installed (built without python3-dev)"
fi
log "ok"
