#!/usr/bin/env bash
# The virtual-machine suite: Debian's own kernel under QEMU, with an
# initramfs of busybox and our static test binaries, and QEMU's edu,
# ivshmem-plain and carve-outs of RAM as the hardware. Passes only when every
# guest check printed "ok", the guest's verdict set QEMU's exit status, and
# the host finds the guest's pattern in the ivshmem backing file.
#
#   run-vm.sh [--arch x86_64|arm64] [--guest-tests BIN] [--cli BIN]
#             [--work DIR] [--build DIR] [--machine pc|q35]
#             [--iomem-out FILE] [--bench [BIN]]
#             [--edu-driver BIN --edu-host "DRIVER BAD TOOL"]
#             [--vfio [--guest-vfio BIN]]
#
# x86_64 (default): Debian's amd64 kernel on -machine pc (or q35); the
# verdict through isa-debug-exit. arm64: Debian's arm64 kernel on
# qemu-system-aarch64 -machine virt (TCG); the verdict through a semihosting
# SYS_EXIT from user space (README.md says why).
# --vfio (x86_64, vm.vfio): the second boot, q35 with an emulated Intel
# IOMMU, intel_iommu=on lockdown=integrity and the VFIO modules; /init binds
# edu and ivshmem to vfio-pci and runs guest_vfio (BIN, else built) and
# vfio-checks.sh instead of the other tests.
# Without --guest-tests the binaries are built: in $MR_BUILD (default
# build/) for x86_64, cross-compiled in --build DIR (default
# $MR_BUILD-aarch64-vm) for arm64.
# --iomem-out boots only far enough to save the guest's /proc/iomem.
# --edu-driver puts the edu driver (tests/devices, static) in the x86_64
# guest, which runs it against QEMU's edu device with MEMREMAP_TRACE on and
# records the kernel's own mmiotrace of e1000's probe; --edu-host names the
# host's builds of the same driver, its wrong copy and the tool, with which
# tests/devices/edu-loop.sh then replays and compares what the guest saw.
# --bench boots and runs bench/copy (static: tests/vm's vm_bench_copy, built
# like the other guest binaries unless BIN is given) on the guest's ivshmem
# BAR, and prints its table instead of running the tests.
# Environment: MR_VM_TIMEOUT (seconds for QEMU, default 480), XDG_CACHE_HOME
# (kernel and busybox packages are cached under it, in libmemremap/),
# MR_VM_BENCH_ARGS (bench/copy's options with --bench, default "-n 5 -s 2").
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"

arch=x86_64
guest_tests=
cli=
work=
build=
machine=
bench=
iomem_out=
edu_driver=
edu_host=
vfio=
guest_vfio=
timeout_s=${MR_VM_TIMEOUT:-480}
start=$(date +%s)

name=vm.suite

die() {
	printf '%s: FAIL: %s (%d s)\n' "$name" "$*" $(($(date +%s) - start)) >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--guest-tests) guest_tests=$2; shift 2 ;;
	--cli) cli=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--bench)
		bench=build
		if [ $# -gt 1 ] && [[ $2 != --* ]]; then bench=$2; shift; fi
		shift
		;;
	--machine) machine=$2; shift 2 ;;
	--iomem-out) iomem_out=$2; shift 2 ;;
	--edu-driver) edu_driver=$2; shift 2 ;;
	--edu-host) edu_host=$2; shift 2 ;;
	--vfio) vfio=1 name=vm.vfio; shift ;;
	--guest-vfio) guest_vfio=$2; shift 2 ;;
	*) die "unknown argument '$1'" ;;
	esac
done
case $arch in
x86_64 | amd64) arch=x86_64 ;;
arm64 | aarch64) arch=arm64 name=vm.arm64 ;;
*) die "--arch x86_64 or arm64, not '$arch'" ;;
esac
[ -z "$vfio" ] || [ $arch = x86_64 ] || die "--vfio is an x86_64 boot (an emulated Intel IOMMU)"

# ------------------------------------------------------- the two machines
# What differs between the architectures; everything after this is shared.
case $arch in
x86_64)
	[ "$(uname -m)" = x86_64 ] || die "the x86_64 suite needs an x86_64 host (it runs the guest binaries it builds)"
	machine=${machine:-pc}
	[ -z "$vfio" ] || machine=${machine/pc/q35}
	case $machine in pc | q35) ;; *) die "--machine pc or q35, not '$machine'" ;; esac
	mr_need_pkgs qemu-system-x86 busybox-static cpio python3 || die "cannot install QEMU, busybox or cpio"
	deb_arch=amd64
	qemu=qemu-system-x86_64
	console_dev=ttyS0
	# Two carve-outs of RAM: Reserved (memmap=$) and legacy pmem (memmap=!).
	# no_timer_check: on a loaded host the guest's check of the IO-APIC
	# timer can miss its ticks and panic ("timer doesn't work through
	# Interrupt-remapped IO-APIC"; seen once in CI); the timer works.
	kargs="memmap=64M\$0x30000000 memmap=64M!0x38000000 no_timer_check"
	# Module paths under the kernel's module folder, dependencies first.
	modules="drivers/nvdimm/libnvdimm drivers/nvdimm/nd_btt drivers/nvdimm/nd_pmem
		drivers/nvdimm/nd_e820 drivers/dax/device_dax drivers/dax/dax_pmem"
	if [ -n "$vfio" ]; then
		[ "$machine" = q35 ] || die "--vfio boots q35 (its IOMMU), not '$machine'"
		# The kernel's lockdown as Secure Boot would set it; VFIO is the door left.
		kargs="intel_iommu=on lockdown=integrity no_timer_check"
		modules="virt/lib/irqbypass drivers/vfio/vfio drivers/vfio/vfio_iommu_type1
			drivers/vfio/vfio_virqfd drivers/vfio/pci/vfio-pci-core drivers/vfio/pci/vfio-pci"
	fi
	;;
arm64)
	machine=${machine:-virt}
	[ "$machine" = virt ] || die "--machine virt on arm64, not '$machine'"
	mr_need_arm64_arch || die "cannot add the arm64 architecture to dpkg"
	mr_need_pkgs qemu-system-arm device-tree-compiler cpio python3 ||
		die "cannot install QEMU, dtc or cpio"
	deb_arch=arm64
	qemu=qemu-system-aarch64
	console_dev=ttyAMA0
	# RAM is 0x40000000-0x7fffffff; mem= leaves the last 256 MiB to us: a
	# hole at 0x70000000 (the carve-out) and, by a pmem-region node added
	# to QEMU's device tree, persistent memory at 0x78000000 (of_pmem).
	kargs="mem=768M"
	modules="drivers/nvdimm/libnvdimm drivers/dax/dax drivers/nvdimm/nd_btt drivers/nvdimm/nd_pmem
		drivers/nvdimm/of_pmem"
	;;
esac

# ------------------------------------------------------------------ kernel
# Whatever linux-image-$deb_arch depends on now, cached outside the tree.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libmemremap
mkdir -p "$cache"

# The package that META (linux-image-arm64, busybox-static) stands for now.
pkg_of() {
	local meta=$1
	if [[ $meta == linux-image-* ]]; then
		apt-cache depends "$meta:$deb_arch" 2>/dev/null |
			awk '/Depends: linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }'
	else
		apt-cache show "$meta:$deb_arch" 2>/dev/null | awk '/^Package:/ { print $2; exit }'
	fi
}

# fetch META: the newest cached .deb of what META stands for, downloaded
# with apt-get download when it is not cached yet.
fetch() {
	local meta=$1 pkg deb=
	pkg=$(pkg_of "$meta" || true)
	if [ -z "$pkg" ]; then
		local sudo=
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		$sudo apt-get update -qq >/dev/null 2>&1 || true
		pkg=$(pkg_of "$meta" || true)
	fi
	if [ -n "$pkg" ] && ! compgen -G "$cache/${pkg}_*_$deb_arch.deb" >/dev/null; then
		mr_log "downloading $pkg:$deb_arch"
		(cd "$cache" && apt-get download -qq "$pkg:$deb_arch" 2>&1 |
			grep -v '^W: Download is performed unsandboxed' >&2) || true
	fi
	[ -z "$pkg" ] || deb=$(ls -1 "$cache/${pkg}"_*_"$deb_arch".deb 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$deb" ]; then
		# No package lists or no archive: the newest one already cached.
		local glob="${meta}_*"
		[[ $meta == linux-image-* ]] && glob="linux-image-[0-9]*"
		deb=$(ls -1 "$cache"/$glob"_$deb_arch.deb" 2>/dev/null | sort -V | tail -n 1 || true)
		[ -z "$deb" ] || mr_log "using the cached $(basename "$deb")"
	fi
	[ -n "$deb" ] || return 1
	echo "$deb"
}

deb=$(fetch "linux-image-$deb_arch") ||
	die "no kernel package: apt-get download linux-image-$deb_arch:$deb_arch failed and none is cached in $cache"
kdir=$cache/$(basename "$deb" .deb)
if [ ! -e "$kdir/.extracted" ]; then
	rm -rf "$kdir"
	mkdir -p "$kdir"
	# The kernel and the module folders the guest loads from, not 400 MB.
	# (arm64's vmlinuz is a raw Image, which QEMU boots as it is.)
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$kdir" --wildcards './boot/vmlinuz-*' \
		'./lib/modules/*/kernel/drivers/nvdimm/*' './lib/modules/*/kernel/drivers/dax/*' ||
		die "cannot extract $deb"
	touch "$kdir/.extracted"
fi
# e1000, whose probe the kernel's mmiotrace records in the x86_64 guest
# (extracted on its own, so that an older cache gets it too).
if [ $arch = x86_64 ] && [ ! -e "$kdir/.extracted-e1000" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$kdir" --wildcards \
		'./lib/modules/*/kernel/drivers/net/ethernet/intel/e1000/e1000.ko*' ||
		die "cannot extract e1000 from $deb"
	touch "$kdir/.extracted-e1000"
fi
# VFIO's modules, added to an older cache when first wanted.
if [ -n "$vfio" ] && [ ! -e "$kdir/.extracted-vfio" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$kdir" --wildcards \
		'./lib/modules/*/kernel/drivers/vfio/*' './lib/modules/*/kernel/virt/lib/*' ||
		die "cannot extract VFIO's modules from $deb"
	touch "$kdir/.extracted-vfio"
fi
vmlinuz=$(ls -1 "$kdir"/boot/vmlinuz-* | head -n 1)
moddir=$(ls -d "$kdir"/lib/modules/*/kernel | head -n 1)
kver=$(basename "$(dirname "$moddir")")

# The guest's busybox: the host's own on x86_64; on arm64 busybox-static's
# arm64 package, unpacked with dpkg -x (installing it would replace the
# host's busybox).
if [ $arch = x86_64 ]; then
	busybox=/bin/busybox
else
	bdeb=$(fetch busybox-static) || die "no busybox-static:arm64 package and none cached in $cache"
	bdir=$cache/$(basename "$bdeb" .deb)
	if [ ! -e "$bdir/.extracted" ]; then
		rm -rf "$bdir"
		dpkg -x "$bdeb" "$bdir" || die "cannot unpack $bdeb"
		touch "$bdir/.extracted"
	fi
	busybox=$bdir/bin/busybox
fi

# ---------------------------------------------------------- test binaries
if [ -z "$guest_tests" ] && [ $arch = x86_64 ]; then
	mr_configure "$MR_BUILD" -DMR_VM_TESTS=ON
	mr_build "$MR_BUILD" --target vm_guest_tests >/dev/null
	guest_tests=$MR_BUILD/tests/vm/vm_guest_tests
	if [ "$bench" = build ]; then
		mr_build "$MR_BUILD" --target vm_bench_copy >/dev/null || die "cannot build vm_bench_copy"
		bench=$MR_BUILD/tests/vm/vm_bench_copy
	fi
	if [ -f "$MR_BUILD/tests/vm/vm_memremap" ] || mr_build "$MR_BUILD" --target vm_memremap >/dev/null 2>&1; then
		cli=$MR_BUILD/tests/vm/vm_memremap
	fi
	if [ -n "$vfio" ] && [ -z "$guest_vfio" ]; then
		mr_build "$MR_BUILD" --target vm_guest_vfio >/dev/null || die "cannot build vm_guest_vfio"
		guest_vfio=$MR_BUILD/tests/vm/vm_guest_vfio
	fi
elif [ -z "$guest_tests" ]; then
	# Static aarch64 binaries, cross-compiled (scripts/lib.sh).
	build=${build:-$MR_BUILD-aarch64-vm}
	mr_log "cross-building the guest binaries for aarch64 in $build"
	mr_configure_aarch64 "$build" -DMR_VM_TESTS=ON -DMR_BUILD_BENCH=OFF >/dev/null ||
		die "cannot configure the aarch64 cross build in $build"
	targets=(vm_guest_tests vm_memremap)
	[ "$bench" != build ] || targets+=(vm_bench_copy)
	mr_build "$build" --target "${targets[@]}" >/dev/null ||
		die "the aarch64 cross build failed in $build"
	guest_tests=$build/tests/vm/vm_guest_tests
	cli=$build/tests/vm/vm_memremap
	[ "$bench" != build ] || bench=$build/tests/vm/vm_bench_copy
fi
[ "$bench" != build ] || die "--bench without BIN builds vm_bench_copy only when it builds the tests too"
[ -x "$guest_tests" ] || die "no guest test binary at '$guest_tests'"
if [ -n "$vfio" ]; then
	[ -x "$guest_vfio" ] || die "no guest VFIO test binary at '$guest_vfio'"
	[ -n "$cli" ] && [ -x "$cli" ] || die "--vfio needs the static CLI (vm_memremap)"
fi
want_elf=$([ $arch = arm64 ] && echo AArch64 || echo X86-64)
for bin in "$guest_tests" $cli $bench $guest_vfio; do
	[[ $(file -b "$bin" 2>/dev/null) == *dynamically* ]] && die "$bin is not static"
	readelf -h "$bin" 2>/dev/null | grep -q "Machine:.*$want_elf" || die "$bin is not an $want_elf program"
done

work=${work:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/root"
mkdir -p "$work/root"/{bin,dev,proc,sys,tmp,lib/modules}

# ---------------------------------------------------------------- initramfs
root=$work/root
cp "$busybox" "$root/bin/busybox"
cp "$here/guest-init.sh" "$root/init"
cp "$guest_tests" "$root/bin/guest_tests"
if [ -n "$cli" ] && [ -x "$cli" ]; then
	cp "$cli" "$root/bin/memremap"
	[ -f "$here/cli-checks.sh" ] && cp "$here/cli-checks.sh" "$root/cli-checks.sh"
	# The edu device described by name, for the register checks.
	cp "$here/../data/regs/edu.regs" "$root/edu.regs"
fi
[ -z "$bench" ] || cp "$bench" "$root/bin/bench_copy"
if [ -n "$edu_driver" ] && [ $arch = x86_64 ]; then
	cp "$edu_driver" "$root/bin/edu_driver"
	mkdir -p "$root/lib/modules/extra"
	e1000=$(ls "$moddir"/drivers/net/ethernet/intel/e1000/e1000.ko* | head -n 1)
	case $e1000 in
	*.xz) xz -dc "$e1000" >"$root/lib/modules/extra/e1000.ko" ;;
	*.zst) zstd -qdc "$e1000" >"$root/lib/modules/extra/e1000.ko" ;;
	*) cp "$e1000" "$root/lib/modules/extra/e1000.ko" ;;
	esac
fi
if [ -n "$vfio" ]; then
	cp "$guest_vfio" "$root/bin/guest_vfio"
	cp "$here/vfio-checks.sh" "$root/vfio-checks.sh"
fi
chmod 755 "$root/init" "$root"/bin/*
for m in $modules; do
	src=$moddir/$m.ko
	dst=$root/lib/modules/$(basename "$m").ko
	if [ -f "$src" ]; then
		cp "$src" "$dst"
	elif [ -f "$src.xz" ]; then
		xz -dc "$src.xz" >"$dst"
	elif [ -f "$src.zst" ]; then
		zstd -qdc "$src.zst" >"$dst"
	else
		die "$kver has no module $m"
	fi
done
# guest-init.sh loads them in this order (dependencies first).
for m in $modules; do basename "$m"; done >"$root/lib/modules/order"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1 >"$work/initrd.gz") ||
	die "cannot build the initramfs"

# ------------------------------------------------------------ ivshmem file
# The host's pattern at 0x1000; zeros where the guest writes its own.
seed=$(( (RANDOM << 8 | RANDOM) & 0xffffff ))
shm=$work/ivshmem.bin
rm -f "$shm"
truncate -s 16M "$shm"
python3 - "$shm" "$seed" <<'EOF'
import sys
path, seed = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(0x1000)
    f.write(bytes((seed + i * 7) & 0xff for i in range(4096)))
EOF

# -------------------------------------------------------------------- boot
console=$work/console.log
rm -f "$console"
mode=test
[ -z "$iomem_out" ] || mode=iomem
[ -z "$bench" ] || mode=bench
[ -z "$vfio" ] || mode=vfio
append="console=$console_dev nokaslr panic=-1 loglevel=1 $kargs mr.seed=$seed mr.mode=$mode"
bench_args=${MR_VM_BENCH_ARGS:--n 5 -s 2}
[ -z "$bench" ] || append="$append mr.bench=${bench_args// /,}"
args=(-smp 1 -m 1G -display none -monitor none -serial "file:$console" -no-reboot -net none
	-kernel "$vmlinuz" -initrd "$work/initrd.gz" -append "$append")
# The IOMMU comes before the devices it translates for.
[ -z "$vfio" ] || args+=(-device intel-iommu,intremap=on)
args+=(-device edu,dma_mask=0xffffffff
	-object "memory-backend-file,id=shm,mem-path=$shm,size=16M,share=on"
	-device ivshmem-plain,memdev=shm)
if [ $arch = x86_64 ]; then
	accel=tcg
	cpu=max
	if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
		accel=kvm
		cpu=host
	fi
	# The guest's verdict: a byte to port 0xf4 ends QEMU with (v << 1) | 1.
	# The emulated IOMMU remaps interrupts, which needs the split irqchip.
	machine_opt=$machine
	[ -z "$vfio" ] || machine_opt=q35,kernel-irqchip=split
	args+=(-machine "$machine_opt" -accel "$accel" -cpu "$cpu" -device isa-debug-exit,iobase=0xf4,iosize=0x04)
	# A NIC with no backend: its driver's probe is what the kernel's mmiotrace records.
	[ -z "$edu_driver" ] || args+=(-device e1000)
else
	# Always TCG: KVM would need an arm64 host.
	accel=tcg
	base=(-machine virt -accel tcg -cpu max)
	# QEMU's own device tree for this machine, plus the pmem-region node
	# of_pmem binds to (QEMU adds /chosen to a tree given with -dtb).
	rm -f "$work/virt.dtb"
	"$qemu" "${base[@]}" -smp 1 -m 1G -display none -monitor none -serial none \
		-machine dumpdtb="$work/virt.dtb" </dev/null >"$work/qemu.log" 2>&1 ||
		{ cat "$work/qemu.log" >&2; die "QEMU could not dump the virt machine's device tree"; }
	node=/pmem@78000000
	fdtput -c "$work/virt.dtb" $node &&
		fdtput -t s "$work/virt.dtb" $node compatible pmem-region &&
		fdtput -t x "$work/virt.dtb" $node reg 0 0x78000000 0 0x4000000 ||
		die "cannot add $node to the device tree"
	# The guest's verdict: a semihosting SYS_EXIT from user space ends QEMU
	# with the status it names, (v << 1) | 1 as on x86.
	args+=("${base[@]}" -dtb "$work/virt.dtb" -semihosting-config enable=on,target=native,userspace=on)
fi
mr_log "booting $kver on $qemu -machine $machine ($accel), timeout ${timeout_s}s"
set +e
timeout -k 10 "$timeout_s" "$qemu" "${args[@]}" </dev/null >"$work/qemu.log" 2>&1
rc=$?
set -e
elapsed=$(($(date +%s) - start))

tr -d '\r' <"$console" >"$work/console.txt" 2>/dev/null || : >"$work/console.txt"
log=$work/console.txt

show_log() {
	echo "---- guest console (last 80 lines of $log) ----" >&2
	tail -n 80 "$log" >&2
	echo "---- qemu ----" >&2
	cat "$work/qemu.log" >&2
}

[ $rc -eq 124 ] || [ $rc -eq 137 ] && { show_log; die "QEMU timed out after ${timeout_s}s"; }

if [ -n "$iomem_out" ]; then
	sed -n '/^MR-VM-IOMEM-BEGIN$/,/^MR-VM-IOMEM-END$/p' "$log" | sed '1d;$d' >"$iomem_out"
	[ -s "$iomem_out" ] || { show_log; die "no /proc/iomem in the console"; }
	echo "$name: saved the $machine guest's /proc/iomem to $iomem_out ($elapsed s)"
	exit 0
fi
if [ -n "$bench" ]; then
	sed -n '/^MR-VM-BENCH-BEGIN$/,/^MR-VM-BENCH-END$/p' "$log" | sed '1d;$d' >"$work/bench.txt"
	[ -s "$work/bench.txt" ] || { show_log; die "no bench table in the console"; }
	cat "$work/bench.txt"
	echo "$name: bench/copy in the $machine guest ($accel), $elapsed s"
	exit 0
fi

nok=$(grep -cE '^ok ' "$log" || true)
nnot=$(grep -cE '^not ok ' "$log" || true)
verdict=$(sed -n 's/^MR-VM-VERDICT \([a-z]*\).*/\1/p' "$log" | tail -n 1)

# The guest's pattern, through the WC mapping, must be in the backing file.
pattern=bad
if python3 - "$shm" "$seed" <<'EOF'; then pattern=ok; fi
import sys
path, seed = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
    f.seek(0x2000)
    got = f.read(4096)
want = bytes(((seed ^ 0xa5) + i * 13) & 0xff for i in range(4096))
sys.exit(0 if got == want else 1)
EOF

if [ -n "$vfio" ]; then
	grep -E '^# (edu|guest_vfio)' "$log" || true
elif [ $arch = x86_64 ]; then
	echo "PAT lines seen in the guest:"
	grep -E '^# seen: PAT' "$log" | sed 's/^# seen: /  /' | sort -u || true
else
	echo "Not checked on arm64, and why:"
	grep -E '^# arm64: not checked: ' "$log" | sed 's/^# arm64: not checked: /  /' || true
fi
grep -E '^(not )?ok ' "$log" | sed 's/^/  /'

fails=()
[ "$nnot" -eq 0 ] || fails+=("$nnot not ok")
[ "$nok" -gt 0 ] || fails+=("no ok line")
[ "$verdict" = pass ] || fails+=("guest verdict '${verdict:-missing}'")
if [ -n "$vfio" ]; then
	# Lockdown shuts /dev/port too: the guest cannot reach isa-debug-exit, so
	# its verdict is the console's, and QEMU must have ended by a poweroff.
	[ $rc -eq 0 ] || fails+=("QEMU's exit status $rc, want 0 (a poweroff)")
else
	[ $rc -eq 1 ] || fails+=("QEMU's exit status $rc, want 1 (the guest's pass)")
fi
[ $pattern = ok ] || fails+=("the guest's pattern is not in the ivshmem file")
# The edu driver: what the guest recorded, replayed and compared on the host.
if [ -n "$edu_driver" ] && [ $arch = x86_64 ]; then
	g=$work/edu-guest
	rm -rf "$g"
	mkdir -p "$g"
	block() { sed -n "/^MR-VM-$1-BEGIN\$/,/^MR-VM-$1-END\$/p" "$log" | sed '1d;$d'; }
	block IOMEM >"$g/iomem"
	block EDU-FULL-OUT >"$g/full.out"
	block EDU-FULL-TRACE >"$g/full.trace"
	block EDU-REGS-TRACE >"$g/regs.trace"
	block KMMIO >"$g/kernel.trace"
	sed -n 's/^MR-VM-EDU-BAR //p' "$log" | head -n 1 >"$g/bar"
	if [ -z "$edu_host" ]; then
		fails+=("--edu-driver without --edu-host: nothing to replay the guest's recording with")
	else
		# shellcheck disable=SC2086 # three paths, one word each
		if ! sh "$here/../devices/edu-loop.sh" vm $edu_host "$work/edu-host" "$g" >"$work/edu-loop.txt" 2>&1; then
			fails+=("the edu loop: $(grep '^not ok' "$work/edu-loop.txt" | head -n 1)")
		fi
		sed 's/^/  host: /' "$work/edu-loop.txt"
	fi
fi

if [ ${#fails[@]} -gt 0 ]; then
	show_log
	IFS=';'
	die "${fails[*]}; $nok ok, $accel"
fi
echo "$name: PASS: $nok ok, 0 not ok, guest verdict pass, ivshmem pattern found; $kver, $accel, $elapsed s"
