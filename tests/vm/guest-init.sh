#!/bin/busybox sh
# /init of the test guest (busybox sh, as PID 1). Loads the pmem modules,
# turns the legacy pmem namespace into device DAX, runs the tests, then
# reports the verdict on the console and through isa-debug-exit (port 0xf4:
# QEMU exits with (v << 1) | 1).
# shellcheck shell=sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /tmp && mount -t tmpfs tmp /tmp

seed=1
mode="test"
for arg in $(cat /proc/cmdline); do
	case $arg in
	mr.seed=*) seed=${arg#mr.seed=} ;;
	mr.mode=*) mode=${arg#mr.mode=} ;;
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
		echo "MR-VM-VERDICT pass ($nok ok)"
		v=0
	else
		echo "MR-VM-VERDICT fail ($nok ok, $nfail not ok)"
		v=1
	fi
	# One byte to the isa-debug-exit port ends QEMU with (v << 1) | 1.
	printf "\\$(printf %03o "$v")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	sleep 1
	poweroff -f
}

# Modules in dependency order (depends= in each .ko).
for m in libnvdimm nd_btt nd_pmem nd_e820 device_dax dax_pmem; do
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

if wait_for /dev/pmem0; then
	pass "legacy pmem: /dev/pmem0"
else
	flunk "legacy pmem: /dev/pmem0" "nd_e820/nd_pmem made no /dev/pmem0"
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

# Device DAX over the same namespace, by hand (what ndctl create-namespace
# -m devdax does): unbind the block driver, configure the dax seed, bind it.
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

echo MR-VM-IOMEM-BEGIN
cat /proc/iomem
echo MR-VM-IOMEM-END
echo MR-VM-PAT-BEGIN
cat /sys/kernel/debug/x86/pat_memtype_list
echo MR-VM-PAT-END

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

echo MR-VM-PAT-BEGIN
cat /sys/kernel/debug/x86/pat_memtype_list
echo MR-VM-PAT-END
verdict
