#!/bin/sh
# expect.sh RC REGEX... -- COMMAND...: run COMMAND; pass when it exits with
# RC and its output (stdout and stderr together) matches every extended REGEX.
rc=$1
shift
n=0
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	n=$((n + 1))
	eval "re_$n=\$1"
	shift
done
[ "${1:-}" = -- ] || { echo "usage: expect.sh RC REGEX... -- COMMAND..." >&2; exit 2; }
shift
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [ "$got" -ne "$rc" ]; then
	echo "expect.sh: exit status $got, wanted $rc" >&2
	exit 1
fi
i=1
while [ $i -le $n ]; do
	eval "re=\$re_$i"
	if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
		echo "expect.sh: output does not match: $re" >&2
		exit 1
	fi
	i=$((i + 1))
done
