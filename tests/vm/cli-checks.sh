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

# devmem: the front end against busybox devmem on the same addresses, byte
# for byte (stdout) and exit status; as 'memremap devmem' and through a
# symlink named devmem.
ln -sf /bin/memremap /tmp/devmem
same_as_busybox() {
	name=$1
	shift
	want=$(/bin/busybox devmem "$@" 2>/dev/null)
	wrc=$?
	got=$($ML devmem "$@" 2>/tmp/devmem.err)
	grc=$?
	alias=$(/tmp/devmem "$@" 2>/dev/null)
	arc=$?
	if [ "$got" = "$want" ] && [ $grc -eq $wrc ] && [ "$alias" = "$want" ] && [ $arc -eq $wrc ]; then
		pass "devmem: $name: '$want', exit $wrc, as busybox"
	else
		flunk "devmem: $name" "busybox '$want' exit $wrc; memremap devmem '$got' exit $grc ($(head -n 1 /tmp/devmem.err)); as devmem '$alias' exit $arc"
	fi
}
same_as_busybox "edu id, default width" "$edu"
for w in 8 16 32 64 b h w l W; do
	same_as_busybox "edu id, width $w" "$edu" "$w"
done
# The inverting register: busybox writes and we read, then the other way.
/bin/busybox devmem "$((edu + 4))" 32 0x12345678
same_as_busybox "edu 0x04 after busybox wrote 0x12345678" "$((edu + 4))" 32
$ML devmem "$((edu + 4))" 32 0x0badf00d
same_as_busybox "edu 0x04 after memremap devmem wrote 0x0badf00d" "$((edu + 4))"
same_as_busybox "a write prints nothing" "$((edu + 4))" w 0x1
# Memory behind the ivshmem BAR: every width of what the other wrote.
shm=$(bar_of 0x1af4:0x1110 2)
if [ -n "$shm" ]; then
	$ML devmem "$((shm + 0x8000))" 64 0x1122334455667788
	for w in 8 16 32 64; do
		same_as_busybox "ivshmem, $w bits of what memremap wrote" "$((shm + 0x8000))" "$w"
	done
	for w in 8 16 32; do
		same_as_busybox "ivshmem, $w bits at +4" "$((shm + 0x8004))" "$w"
	done
	/bin/busybox devmem "$((shm + 0x8010))" 16 0xbeef
	same_as_busybox "ivshmem, what busybox wrote" "$((shm + 0x8010))" h
else
	flunk "devmem: ivshmem BAR" "no PCI device 1af4:1110"
fi
# Where memremap refuses what busybox does, on purpose: an unaligned access.
if ! $ML devmem "$((shm + 0x8004))" 64 >/dev/null 2>&1; then
	pass "devmem: an unaligned 64-bit read is refused (busybox would do it)"
else
	flunk "devmem: an unaligned 64-bit read is refused" "it was read"
fi
# Refusals: both exit 1 (System RAM under STRICT_DEVMEM, a bad width, no address).
same_as_busybox "System RAM refused" 0x1000000
same_as_busybox "bad width" "$edu" 12
same_as_busybox "no address"
# devmem2's order and output: the value line and the read-back.
out=$($ML devmem2 "$edu" w 2>&1)
if echo "$out" | grep -q "^Value at address 0x$(printf %X "$edu") (0x[0-9a-f]*): 0x10000ED$"; then
	pass "devmem2: edu id as devmem2 prints it"
else
	flunk "devmem2: edu id as devmem2 prints it" "got '$out'"
fi
out=$($ML devmem2 "$((edu + 4))" w 0xf0f0f0f0 2>&1 | tail -n 1)
if [ "$out" = "Written 0xF0F0F0F0; readback 0xF0F0F0F" ]; then
	pass "devmem2: write and read back the inverse"
else
	flunk "devmem2: write and read back the inverse" "got '$out'"
fi
