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

# Registers by name: /edu.regs anchors edu by its PCI ID (1234:11e8, BAR 0),
# found through sysfs; the device answers as hw/misc/edu.c says.
if $ML --help | grep -q '^  regs '; then
	MR="$ML --regs /edu.regs"
	eduhex=$(printf '0x%x' "$((edu))") # as the tool prints it: no leading zeros
	out=$($MR read edu.ID 2>&1)
	if echo "$out" | grep -q "^edu.ID @ $eduhex = 0x010000ed$" &&
		echo "$out" | grep -q 'MAGIC  0xed (EDU)'; then
		pass "cli regs: read edu.ID by name, decoded"
	else
		flunk "cli regs: read edu.ID by name, decoded" "got '$out' (BAR $edu)"
	fi
	out=$($MR write edu.LIVENESS=0x12345678 2>&1 && $MR read edu.LIVENESS 2>&1)
	if echo "$out" | grep -q '= 0xedcba987$'; then
		pass "cli regs: write edu.LIVENESS, read the inverse"
	else
		flunk "cli regs: write edu.LIVENESS, read the inverse" "got '$out'"
	fi
	out=$($MR write edu.STATUS:IRQ=ON 2>&1 && $MR read edu.STATUS:IRQ 2>&1 &&
		$MR write edu.STATUS:IRQ=OFF 2>&1 && $MR read edu.STATUS 2>&1)
	if echo "$out" | grep -q 'read 0x00000000, wrote 0x00000080' &&
		echo "$out" | grep -q '^edu.STATUS:IRQ = 1 (ON)$' &&
		echo "$out" | grep -q 'read 0x00000080, wrote 0x00000000' &&
		echo "$out" | grep -q 'IRQ        0 (OFF)'; then
		pass "cli regs: edu.STATUS:IRQ set and cleared by read-modify-write"
	else
		flunk "cli regs: edu.STATUS:IRQ set and cleared by read-modify-write" "got '$out'"
	fi
	# The factorial: written by name, polled by field until idle.
	$MR write edu.FACTORIAL=5 >/dev/null 2>&1
	i=0
	while [ $i -lt 100 ] && ! $MR read edu.STATUS:COMPUTING 2>/dev/null | grep -q IDLE; do
		i=$((i + 1))
	done
	out=$($MR read edu.FACTORIAL 2>&1)
	if echo "$out" | grep -q '= 0x00000078$'; then
		pass "cli regs: edu.FACTORIAL=5 computes 120"
	else
		flunk "cli regs: edu.FACTORIAL=5 computes 120" "got '$out'"
	fi
	# Write-only registers by name: raise, then acknowledge, an interrupt bit.
	out=$($MR write edu.IRQ_RAISE=0x4 --json 2>&1 && $MR read edu.IRQ_STATUS 2>&1 &&
		$MR write edu.IRQ_ACK=0x4 2>&1 && $MR read edu.IRQ_STATUS 2>&1)
	if echo "$out" | grep -q '"reads": 0,' && echo "$out" | grep -q '= 0x00000004$' &&
		echo "$out" | tail -n 3 | grep -q '= 0x00000000$'; then
		pass "cli regs: IRQ_RAISE and IRQ_ACK (write-only, never read)"
	else
		flunk "cli regs: IRQ_RAISE and IRQ_ACK (write-only, never read)" "got '$out'"
	fi
	out=$($MR dump edu 2>&1)
	if echo "$out" | grep -Eq '^  0x0000 +ID +RO +0x010000ed +MAGIC=0xed\(EDU\)' &&
		echo "$out" | grep -q 'IRQ_ACK.*(write-only: not read)'; then
		pass "cli regs: dump edu, a table"
	else
		flunk "cli regs: dump edu, a table" "got '$(echo "$out" | head -n 4)'"
	fi
	out=$(MEMREMAP_REGS=/edu.regs $ML regs --machine linux 2>&1)
	if echo "$out" | grep -q "BAR 0 + 0x0 = $eduhex,"; then
		pass "cli regs: MEMREMAP_REGS, the block found at the BAR"
	else
		flunk "cli regs: MEMREMAP_REGS, the block found at the BAR" "got '$(echo "$out" | head -n 1)'"
	fi
fi
