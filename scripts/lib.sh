# Shared by the scripts: install missing Debian packages, configure, build.
# shellcheck shell=bash

MR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MR_BUILD=${MR_BUILD:-$MR_TOP/build}
MR_JOBS=${MR_JOBS:-$(nproc 2>/dev/null || echo 2)}

# The packages each job needs.
MR_PKGS_BUILD="gcc libc6-dev make cmake pkg-config libcmocka-dev libyaml-dev libxml2-dev"
MR_PKGS_TEST="python3 binutils util-linux bsdextrautils xxd librsvg2-bin libxml2-utils groff-base"

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
