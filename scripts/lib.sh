# Shared by the scripts: install missing Debian packages, configure, build.
# shellcheck shell=bash

MR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MR_BUILD=${MR_BUILD:-$MR_TOP/build}
MR_JOBS=${MR_JOBS:-$(nproc 2>/dev/null || echo 2)}

# The packages each job needs.
MR_PKGS_BUILD="gcc libc6-dev make cmake pkg-config libcmocka-dev libyaml-dev libxml2-dev libcapstone-dev libfdt-dev"
MR_PKGS_TEST="device-tree-compiler python3 binutils util-linux bsdextrautils xxd librsvg2-bin libxml2-utils groff-base"
# The Python package: its build (python3-dev; setuptools, pip and wheel for
# pip's offline install) and its tests (pytest, numpy, mypy for the stubs).
MR_PKGS_PYTHON="python3-dev python3-setuptools python3-pip python3-wheel python3-pytest python3-numpy python3-mypy"

mr_log() { printf '==> %s\n' "$*" >&2; }

# mr_need_pkgs PKG...: apt-get install the ones dpkg does not have.
mr_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *'ok installed'* ]] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { mr_log "need root to install: ${missing[*]}"; return 1; }
		sudo=sudo
	fi
	mr_log "installing: ${missing[*]}"
	if [ -z "${MR_APT_UPDATED:-}" ]; then
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		export MR_APT_UPDATED=1
	fi
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# mr_configure BUILD_DIR CMAKE_ARGS...: configure once, reconfigure when asked.
mr_configure() {
	local dir=$1
	shift
	cmake -S "$MR_TOP" -B "$dir" "$@" >/dev/null
}

mr_build() {
	cmake --build "$1" -j "$MR_JOBS" "${@:2}"
}

# mr_need_arm64_arch: arm64 packages through Debian multiarch (cmocka and
# glibc for the cross build, the kernel and busybox of the arm64 guest).
mr_need_arm64_arch() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return 0
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	mr_log "adding the arm64 architecture to dpkg"
	$sudo dpkg --add-architecture arm64 || return 1
	unset MR_APT_UPDATED # the arm64 package lists are new
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	export MR_APT_UPDATED=1
}

# mr_configure_aarch64 BUILD_DIR CMAKE_ARGS...: a cross build for arm64
# (gcc-aarch64-linux-gnu; cmocka from libcmocka-dev:arm64; libfdt1:arm64
# beside the native libfdt-dev, whose headers serve both: libfdt-dev is not
# co-installable across architectures), whose programs CTest runs under
# qemu-aarch64. Without libmemremap-regs (MR_BUILD_REGS=OFF), and so without
# register names in the tool: its libxml2-dev:arm64 would pull libicu-dev,
# libc6-dev and a dozen more arm64 packages in beside the cross toolchain,
# for code with nothing architecture-specific in it.
MR_PKGS_AARCH64="cmake make pkg-config gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	libc6-dev-arm64-cross qemu-user libcmocka-dev:arm64 libcapstone-dev:arm64 libfdt1:arm64"
mr_configure_aarch64() {
	local dir=$1
	shift
	mr_need_arm64_arch || return 1
	# shellcheck disable=SC2086
	mr_need_pkgs $MR_PKGS_AARCH64 || return 1
	# Exported: a rebuild that reconfigures must find the arm64 .pc files too.
	export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
	mr_configure "$dir" -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
		-DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64 \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DMR_WERROR=ON -DMR_BUILD_REGS=OFF "$@"
}
