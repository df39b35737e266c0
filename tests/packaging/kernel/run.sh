#!/bin/sh
# run.sh MEMFILE [PRELOAD-OPTION...] -- EXPECT-ARGUMENTS...: a fresh sim
# memory file with the test board's firmware data (preload.py), then
# expect.sh with the rest.
set -e
here=$(dirname "$0")
mem=$1
shift
opts=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	opts="$opts $1"
	shift
done
shift
rm -f "$mem"
# shellcheck disable=SC2086
python3 "$here/preload.py" "$mem" $opts
exec sh "$here/../expect.sh" "$@"
