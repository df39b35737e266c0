# shellcheck shell=sh
# Sourced by guest-init.sh: the memremap tool against the real kernel.
# Uses pass/flunk from there; /bin/memremap is the static CLI.

# The first BAR of the PCI function with this vendor:device, as hex.
bar_of() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1" ] || continue
		sed -n "$(($2 + 1))p" "$d/resource" | cut -d' ' -f1
		return
	done
}

cli_check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		pass "cli: $name"
	else
		flunk "cli: $name" "exit $?: $(echo "$out" | head -n 3)"
	fi
}

edu=$(bar_of 0x1234:0x11e8 0)
ML="/bin/memremap --machine linux"
# A page of System RAM: x86's RAM starts at 0, arm64 virt's at 0x40000000.
ram=0x1000000
[ "$(uname -m)" = aarch64 ] && ram=0x50000000

# iomem: the tool's text is the kernel's, byte for byte.
if $ML iomem >/tmp/cli-iomem 2>/tmp/cli-err && cmp -s /tmp/cli-iomem /proc/iomem; then
	pass "cli: iomem equals /proc/iomem"
else
	flunk "cli: iomem equals /proc/iomem" "$(head -n 2 /tmp/cli-err) $(diff /proc/iomem /tmp/cli-iomem | head -n 4)"
fi
cli_check "iomem --json names System RAM" sh -c "$ML iomem --json | grep -q '\"System RAM\"'"

# query: the edu registers map through the PCI sysfs resource file.
cli_check "query edu: DISJOINT, served through resource0" sh -c \
	"$ML query $edu 0x1000 >/tmp/q && grep -q REGION_DISJOINT /tmp/q && grep -q 'resource0' /tmp/q"
cli_check "query RAM: WT refused as System RAM" sh -c \
	"$ML query $ram 0x1000 >/tmp/q; grep -E '^wt +refused +EPERM' /tmp/q"

# read and write: the edu id register, and the inverting register.
out=$($ML read "$edu" --width 32 2>&1)
if [ "$out" = "0x010000ed" ]; then
	pass "cli: read edu id 0x010000ed"
else
	flunk "cli: read edu id 0x010000ed" "got '$out'"
fi
out=$($ML write --no-readback "$((edu + 4))" 0x12345678 --width 32 2>&1 &&
	$ML read "$((edu + 4))" --width 32 2>&1)
if echo "$out" | grep -q '^0xedcba987$'; then
	pass "cli: write edu 0x04, read back the inverse"
else
	flunk "cli: write edu 0x04, read back the inverse" "got '$out'"
fi
out=$($ML write "$((edu + 4))" 0x0f0f0f0f --width 32 2>&1)
if echo "$out" | grep -q 'read back 0xf0f0f0f0'; then
	pass "cli: write with read-back shows the register's answer"
else
	flunk "cli: write with read-back shows the register's answer" "got '$out'"
fi

# A refusal is one line naming the reason, exit 1.
out=$($ML read $ram --width 32 2>&1)
rc=$?
if [ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q STRICT_DEVMEM; then
	pass "cli: read of System RAM refused, naming STRICT_DEVMEM"
else
	flunk "cli: read of System RAM refused, naming STRICT_DEVMEM" "exit $rc: $out"
fi
