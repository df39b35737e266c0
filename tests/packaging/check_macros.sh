#!/bin/sh
# SPDX-License-Identifier: MIT
# The public headers leave nothing of ours defined in a program that
# includes them, but the public names: no MR__ (internal) macro survives.
#   check_macros.sh CC INCLUDE_DIR CONFIG_DIR
set -eu
cc=$1 inc=$2 cfg=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	echo '#include <memremap.h>'
	for h in "$inc"/memremap/*.h; do
		echo "#include <memremap/$(basename "$h")>"
	done
} >"$tmp/all.c"
"$cc" -dM -E -I"$cfg" -I"$cfg/memremap" -I"$inc" "$tmp/all.c" >"$tmp/macros"
n=$(grep -c '^#define MR_' "$tmp/macros" || true)
[ "$n" -gt 0 ] || { echo "check_macros: no MR_ macro at all: the headers were not read" >&2; exit 1; }
if grep '^#define MR__' "$tmp/macros"; then
	echo "check_macros: internal macros left defined by the public headers (above)" >&2
	exit 1
fi
echo "check_macros: $n public MR_ macros, no internal one"
