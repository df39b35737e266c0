# shellcheck shell=sh
# Sourced by guest-init.sh in the VFIO boot (run-vm.sh --vfio): q35 with an
# emulated Intel IOMMU, intel_iommu=on lockdown=integrity. Binds edu and
# ivshmem to vfio-pci with the tool, runs guest_vfio (the library), then
# the tool against the real kernel: the doctor's lines, BDF addresses,
# config space, an unprivileged user, unbinding and binding again.
# Uses pass/flunk/wait_for from guest-init.sh; /bin/memremap is the static CLI.

ML="/bin/memremap --machine linux"

# The BDF of the function with this vendor:device.
bdf_of() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1" ] && basename "$d"
	done
}

group_of() {
	basename "$(readlink "/sys/bus/pci/devices/$1/iommu_group")"
}

# expect NAME WANT CMD...: CMD exits 0 and prints exactly WANT.
expect() {
	name=$1
	want=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then
		pass "vfio cli: $name"
	else
		flunk "vfio cli: $name" "exit $rc, want '$want': $(echo "$out" | head -n 3)"
	fi
}

# lines NAME RC FILE REGEX...: the command that wrote FILE exited RC, and
# every REGEX matches a line of FILE.
lines() {
	name=$1
	want_rc=$2
	file=$3
	shift 3
	bad=
	[ "$rc" = "$want_rc" ] || bad="exit $rc, want $want_rc"
	for re in "$@"; do
		grep -qE "$re" "$file" || bad="$bad; no line /$re/"
	done
	# The output goes to the log as comments: what the real kernel answered.
	sed "s/^/# $name: /" "$file" | head -n 40
	if [ -z "$bad" ]; then
		pass "vfio cli: $name"
	else
		flunk "vfio cli: $name" "$bad: $(head -c 600 "$file" | tr '\n' '|')"
	fi
}

# Where the kernel says whether lockdown is on (systemd mounts it; busybox does not).
mount -t securityfs securityfs /sys/kernel/security

edu=$(bdf_of 0x1234:0x11e8)
shm=$(bdf_of 0x1af4:0x1110)
host=$(bdf_of 0x8086:0x29c0)

# --- binding, as a user who does not know the sysfs dance would ------------
for d in "$edu" "$shm"; do
	expect "pci bind vfio-pci $d" "$d: vfio-pci (was no driver)" $ML pci bind vfio-pci "$d"
	if wait_for "/dev/vfio/$(group_of "$d")"; then
		pass "vfio: /dev/vfio/$(group_of "$d") for $d"
	else
		flunk "vfio: /dev/vfio/N for $d" "no group node (group '$(group_of "$d")')"
	fi
done
grp=$(group_of "$edu")
# edu sits alone in its group.
n=$(ls "/sys/kernel/iommu_groups/$grp/devices" | wc -l)
if [ "$n" -eq 1 ]; then
	pass "vfio: edu alone in IOMMU group $grp"
else
	flunk "vfio: edu alone in its IOMMU group" "group $grp holds $n devices"
fi

# --- the library ------------------------------------------------------------
if /bin/guest_vfio "$seed"; then
	pass "guest_vfio"
else
	flunk "guest_vfio" "exit status $?"
fi

# --- the doctor under lockdown ----------------------------------------------
$ML doctor >/tmp/doc 2>&1
rc=$?
lines "doctor: lockdown, STRICT_DEVMEM inferred, VFIO" 0 /tmp/doc \
	"^warn lockdown +kernel lockdown is 'integrity': /dev/mem, .*; fix: .*vfio-pci" \
	"^info strict-devmem +STRICT_DEVMEM taken as on \(inferred: .*lockdown shuts /dev/mem" \
	"^ok +privilege +CAP_SYS_RAWIO" \
	"^ok +vfio +the IOMMU is on: [0-9]+ IOMMU group" \
	"^ok +vfio +vfio-pci is loaded; interface: group \+ type1 container"
# A range of /dev/mem's alone: shut by lockdown, and the doctor says so.
$ML doctor 0xfed00000 0x1000 >/tmp/doc 2>&1
rc=$?
lines "doctor: /dev/mem under lockdown" 1 /tmp/doc \
	"^info pci +not inside a PCI BAR" \
	"^FAIL map dev +refused: .*kernel lockdown \(integrity\) refuses /dev/mem" \
	"^info door +/dev/mem O_SYNC: refused: kernel lockdown \(integrity\)"
$ML doctor "$edu" >/tmp/doc 2>&1
rc=$?
lines "doctor: edu maps through VFIO" 0 /tmp/doc \
	"^info bar +$edu bar0 \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] \(1 MiB\)" \
	"^ok +driver +$edu is bound to vfio-pci" \
	"^ok +decode +memory decoding is on" \
	"^ok +iommu-group +IOMMU group $grp: every device in it lets VFIO have it: $edu \(vfio-pci\)" \
	"^ok +map dev +would map as dev through vfio $edu bar0 \(group $grp\)" \
	"^info door +vfio $edu bar0 \(group $grp\): taken \(dev\)|^ok +door +vfio $edu bar0"
$ML doctor "$edu" --json >/tmp/doc 2>&1
rc=$?
lines "doctor --json" 0 /tmp/doc '"worst": "(ok|info|warn)"' '"topic": "iommu-group"'

# --- BDF addresses ----------------------------------------------------------
expect "read $edu/bar0: edu's id" 0x010000ed $ML read "$edu/bar0"
$ML write --no-readback "$edu/bar0+4" 0x12345678 >/dev/null 2>&1
expect "write $edu/bar0+4, read the inverse" 0xedcba987 $ML read "0000:${edu#0000:}/bar0+0x4"
expect "devmem $edu/bar0" 0x010000ED $ML devmem "$edu/bar0"

# --- config space -------------------------------------------------------------
expect "pci config $edu VENDOR_ID" 1234 $ML pci config "$edu" VENDOR_ID
expect "pci config $edu DEVICE_ID" 11e8 $ML pci config "$edu" DEVICE_ID
expect "pci config $edu 0.l" 11e81234 $ML pci config "$edu" 0.l
out=$($ML pci config "$edu" 2>&1 | head -n 1)
case $out in
"00: 34 12 e8 11 "*) pass "vfio cli: pci config $edu dumps the IDs first" ;;
*) flunk "vfio cli: pci config $edu dumps the IDs first" "got '$out'" ;;
esac
# The host bridge is no VFIO's: sysfs reads it, and lockdown refuses writes there.
expect "pci config $host VENDOR_ID (sysfs)" 8086 $ML pci config "$host" VENDOR_ID
$ML pci config "$host" 0x3c.b 0 >/tmp/doc 2>&1
rc=$?
lines "pci config write through sysfs refused under lockdown" 1 /tmp/doc "lockdown"

# --- an unprivileged user who owns the group ----------------------------------
mkdir -p /etc
echo "root:x:0:0:root:/:/bin/sh" >/etc/passwd
echo "mr:x:1000:1000:mr:/tmp:/bin/sh" >>/etc/passwd
echo "root:x:0:" >/etc/group
echo "mr:x:1000:" >>/etc/group
chown mr "/dev/vfio/$grp"
expect "as uid 1000: read $edu/bar0 through VFIO" 0x010000ed su mr -c "/bin/memremap read $edu/bar0"
expect "as uid 1000: pci config DEVICE_ID through VFIO" 11e8 \
	su mr -c "/bin/memremap pci config $edu DEVICE_ID"
su mr -c "/bin/memremap read 0xfed00000" >/tmp/doc 2>&1
rc=$?
lines "as uid 1000: a range outside the BARs is refused" 1 /tmp/doc "only VFIO"
chown root "/dev/vfio/$grp"

# --- unbinding and binding again ------------------------------------------------
expect "pci unbind $edu" "$edu: no driver (was vfio-pci)" $ML pci unbind "$edu"
$ML read "$edu/bar0" >/tmp/doc 2>&1
rc=$?
lines "unbound: edu is refused (lockdown shuts resource0)" 1 /tmp/doc "kernel lockdown"
$ML doctor "$edu" >/tmp/doc 2>&1
rc=$?
lines "unbound: the doctor says what to do" 1 /tmp/doc \
	"^info driver +$edu is bound to no driver: VFIO cannot have it; fix: memremap pci bind vfio-pci $edu"
expect "pci bind vfio-pci $edu again" "$edu: vfio-pci (was no driver)" $ML pci bind vfio-pci "$edu"
wait_for "/dev/vfio/$grp"
expect "rebound: read $edu/bar0" 0x010000ed $ML read "$edu/bar0"
