#!/bin/busybox sh
# /init of the test guest (busybox sh, as PID 1). Loads the pmem modules,
# turns the legacy pmem namespace into device DAX (x86_64), runs the tests
# (or, booted with mr.mode=vfio, the VFIO modules and vfio-checks.sh),
# then reports the verdict on the console and through QEMU's exit status
# ((v << 1) | 1): isa-debug-exit (port 0xf4) on x86_64, a semihosting
# SYS_EXIT on arm64.
# shellcheck shell=sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /tmp && mount -t tmpfs tmp /tmp

arch=$(uname -m)
seed=1
mode="test"
for arg in $(cat /proc/cmdline); do
	case $arg in
	mr.seed=*) seed=${arg#mr.seed=} ;;
	mr.mode=*) mode=${arg#mr.mode=} ;;
	mr.bench=*) bench_args=$(echo "${arg#mr.bench=}" | tr , ' ') ;;
	esac
done

nok=0
nfail=0
# The shell's own checks: "ok - name" / "not ok - name - reason".
pass() {
	nok=$((nok + 1))
	echo "ok - $1"
}
flunk() {
	nfail=$((nfail + 1))
	echo "not ok - $1 - $2"
}

verdict() {
	if [ "$nfail" -eq 0 ] && [ "$nok" -gt 0 ]; then
		echo "MR-VM-VERDICT pass ($nok ok, $(cut -d" " -f1 /proc/uptime) s after boot)"
		v=0
	else
		echo "MR-VM-VERDICT fail ($nok ok, $nfail not ok, $(cut -d" " -f1 /proc/uptime) s after boot)"
		v=1
	fi
	if [ "$arch" = aarch64 ]; then
		# Semihosting SYS_EXIT: QEMU exits with the status given.
		/bin/guest_tests exit $(((v << 1) | 1))
	else
		# One byte to the isa-debug-exit port ends QEMU with (v << 1) | 1.
		printf "\\$(printf %03o "$v")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	fi
	sleep 1
	poweroff -f
}

# arm64: why a check of the x86_64 run does not run here (run-vm.sh lists them).
not_here() {
	echo "# arm64: not checked: $1"
}

# Modules in dependency order (depends= in each .ko), as run-vm.sh wrote it.
for m in $(cat /lib/modules/order); do
	if out=$(insmod "/lib/modules/$m.ko" 2>&1); then
		pass "insmod $m"
	else
		flunk "insmod $m" "$out"
	fi
done

wait_for() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# The second x86_64 boot (run-vm.sh --vfio): VFIO under lockdown, nothing else.
if [ "$mode" = vfio ]; then
	. /vfio-checks.sh
	verdict
fi

if wait_for /dev/pmem0; then
	pass "legacy pmem: /dev/pmem0"
else
	flunk "legacy pmem: /dev/pmem0" "nd_e820 or of_pmem, and nd_pmem, made no /dev/pmem0"
fi

# Without firmware, arm64's kernel assigns the BARs but leaves memory
# decoding off until a driver enables the device: the BARs would read as
# all ones. Enabling through sysfs is what a user-space driver does.
if [ "$arch" = aarch64 ]; then
	for d in /sys/bus/pci/devices/*; do
		case "$(cat "$d/vendor"):$(cat "$d/device")" in
		0x1234:0x11e8 | 0x1af4:0x1110)
			if echo 1 >"$d/enable"; then
				pass "enable $(basename "$d")"
			else
				flunk "enable $(basename "$d")" "cannot write $d/enable"
			fi
			;;
		esac
	done
fi

# A driver claims a range that is mapped: the kernel revokes the mapping
# (SIGBUS) and the fault-safe copies must return -EIO. Before device DAX:
# it unbinds and binds nd_pmem, and leaves it bound.
if [ "$mode" = test ]; then
	if /bin/guest_tests "$seed" revoke; then
		pass "guest_tests revoke"
	else
		flunk "guest_tests revoke" "exit status $?"
	fi
fi

if [ "$mode" = iomem ]; then
	echo MR-VM-IOMEM-BEGIN
	cat /proc/iomem
	echo MR-VM-IOMEM-END
	verdict
fi

# bench/copy on the ivshmem BAR: the table between markers, nothing else.
if [ "$mode" = bench ]; then
	bar2=$(for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1af4:0x1110 ] &&
			sed -n 3p "$d/resource" | cut -d' ' -f1
	done)
	echo MR-VM-BENCH-BEGIN
	# 2 MiB from 1 MiB into the BAR (DEV, then WC): clear of the tests' patterns.
	# shellcheck disable=SC2086 # the options, one word each
	if /bin/bench_copy $bench_args -M 1 -b "$(printf 0x%x $((bar2 + 0x100000)))" 2>/dev/null; then
		pass "bench_copy"
	else
		flunk "bench_copy" "exit status $?"
	fi
	echo MR-VM-BENCH-END
	verdict
fi

# Device DAX over the same namespace, by hand (what ndctl create-namespace
# -m devdax does): unbind the block driver, configure the dax seed, bind it.
dax_setup() {
	nd=/sys/bus/nd/devices
	# The region's seeds appear after its namespace: wait before unbinding it.
	# The seed is dax0.0 at boot; a rebind of nd_pmem (the revoke test) moves it on.
	wait_for $nd/region0/dax_seed
	dax=$(cat $nd/region0/dax_seed 2>/dev/null)
	dax=${dax:-dax0.0}
	wait_for $nd/$dax/align || echo "no dax seed: $(ls $nd)" >/tmp/dax.err
	[ -e $nd/$dax/align ] && {
		echo namespace0.0 >/sys/bus/nd/drivers/nd_pmem/unbind &&
			echo 4096 >$nd/$dax/align &&
			echo pmem >$nd/$dax/mode &&
			cat /proc/sys/kernel/random/uuid >$nd/$dax/uuid &&
			echo namespace0.0 >$nd/$dax/namespace &&
			echo $dax >/sys/bus/nd/drivers/dax_pmem/bind
	} 2>/tmp/dax.err
	if wait_for /dev/dax0.0; then
		pass "device dax: /dev/dax0.0"
	else
		flunk "device dax: /dev/dax0.0" "$(cat /tmp/dax.err)"
	fi
}

pat_list() {
	echo MR-VM-PAT-BEGIN
	cat /sys/kernel/debug/x86/pat_memtype_list
	echo MR-VM-PAT-END
}

if [ "$arch" = aarch64 ]; then
	not_here "device dax: /dev/dax0.0 (Debian's arm64 kernel has no ZONE_DEVICE, so no dax_pmem)"
	not_here "the PAT list in the log (x86's /sys/kernel/debug/x86/pat_memtype_list)"
else
	dax_setup
fi

echo MR-VM-IOMEM-BEGIN
cat /proc/iomem
echo MR-VM-IOMEM-END
[ "$arch" = aarch64 ] || pat_list

if /bin/guest_tests "$seed"; then
	pass "guest_tests"
else
	flunk "guest_tests" "exit status $?"
fi

# --- CLI checks -------------------------------------------------------------
# `memremap iomem`, `query`, `read` and `write` against the real kernel:
# tests/vm/cli-checks.sh, copied in with a static CLI when both exist.
if [ -x /bin/memremap ] && [ -f /cli-checks.sh ]; then
	. /cli-checks.sh
fi
# ---------------------------------------------------------------------------

# --- device removal ---------------------------------------------------------
# Last: the ivshmem device is gone after it. Its BAR is mapped, the device
# is removed through sysfs, and the fault-safe copies must tell the truth.
if /bin/guest_tests "$seed" remove; then
	pass "guest_tests remove"
else
	flunk "guest_tests remove" "exit status $?"
fi
# ---------------------------------------------------------------------------

[ "$arch" = aarch64 ] || pat_list
verdict
