#!/bin/sh
# same_as_kernel.sh TOOL DTS REAL_IOMEM: the resource tree that `dt=DTS`
# derives, against the /proc/iomem the real kernel showed on that board.
# Every top-level line derived must be one the kernel showed (nothing
# invented), and every System RAM line of the kernel's must be derived.
# The kernel's other lines (its image, memblock's reservations, what
# drivers claimed) come from its own bookkeeping, not from the tree.
set -u
tool=$1 dts=$2 real=$3
ours=$("$tool" --machine "sim,dt=$dts" iomem) || { echo "memremap iomem failed"; exit 1; }
printf '%s\n' "$ours"
fails=0
top=$(printf '%s\n' "$ours" | grep -v '^ ')
while IFS= read -r line; do
	grep -Fxq -- "$line" "$real" || { echo "not in the kernel's /proc/iomem: $line"; fails=$((fails + 1)); }
done <<EOT
$top
EOT
while IFS= read -r line; do
	printf '%s\n' "$top" | grep -Fxq -- "$line" || { echo "the kernel's, not derived: $line"; fails=$((fails + 1)); }
done <<EOT
$(grep -E '^[0-9a-f]+-[0-9a-f]+ : System RAM$' "$real")
EOT
[ -n "$top" ] || { echo "nothing derived"; exit 1; }
[ "$fails" -eq 0 ] && echo "same as the kernel's" || exit 1
