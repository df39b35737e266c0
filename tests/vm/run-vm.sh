#!/usr/bin/env bash
# The virtual-machine suite: Debian's own kernel under QEMU, with an
# initramfs of busybox and our static test binaries, and QEMU's edu,
# ivshmem-plain and memmap= carve-outs as the hardware. Passes only when every
# guest check printed "ok", the guest's verdict came through isa-debug-exit,
# and the host finds the guest's pattern in the ivshmem backing file.
#
#   run-vm.sh [--guest-tests BIN] [--cli BIN] [--work DIR] [--machine pc|q35]
#             [--iomem-out FILE]
#
# Without --guest-tests the binaries are built in $MR_BUILD (default build/).
# --iomem-out boots only far enough to save the guest's /proc/iomem.
# Environment: MR_VM_TIMEOUT (seconds for QEMU, default 480), XDG_CACHE_HOME
# (the kernel package is cached under it, in libmemremap/).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"

guest_tests=
cli=
work=
machine=pc
iomem_out=
timeout_s=${MR_VM_TIMEOUT:-480}
start=$(date +%s)

die() {
	printf 'vm.suite: FAIL: %s (%d s)\n' "$*" $(($(date +%s) - start)) >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--guest-tests) guest_tests=$2; shift 2 ;;
	--cli) cli=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--iomem-out) iomem_out=$2; shift 2 ;;
	*) die "unknown argument '$1'" ;;
	esac
done
case $machine in pc | q35) ;; *) die "--machine pc or q35, not '$machine'" ;; esac

[ "$(uname -m)" = x86_64 ] || die "the suite boots an amd64 kernel: run it on x86_64"
mr_need_pkgs qemu-system-x86 busybox-static cpio python3 || die "cannot install QEMU, busybox or cpio"

# ------------------------------------------------------------------ kernel
# Whatever linux-image-amd64 depends on now, cached outside the tree.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libmemremap
mkdir -p "$cache"

kernel_pkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

pkg=$(kernel_pkg || true)
if [ -z "$pkg" ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(kernel_pkg || true)
fi
if [ -n "$pkg" ] && ! compgen -G "$cache/${pkg}_*.deb" >/dev/null; then
	mr_log "downloading $pkg"
	(cd "$cache" && apt-get download -qq "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
fi
deb=
[ -z "$pkg" ] || deb=$(ls -1 "$cache/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$deb" ]; then
	# No package lists or no archive: the newest kernel already cached.
	deb=$(ls -1 "$cache"/linux-image-*_amd64.deb 2>/dev/null | sort -V | tail -n 1 || true)
	[ -z "$deb" ] || mr_log "using the cached $(basename "$deb")"
fi
[ -n "$deb" ] || die "no kernel package: apt-get download ${pkg:-linux-image-amd64} failed and none is cached in $cache"
kdir=$cache/$(basename "$deb" .deb)
if [ ! -e "$kdir/.extracted" ]; then
	rm -rf "$kdir"
	mkdir -p "$kdir"
	# The kernel and the two module folders the guest loads from, not 400 MB.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$kdir" --wildcards './boot/vmlinuz-*' \
		'./lib/modules/*/kernel/drivers/nvdimm/*' './lib/modules/*/kernel/drivers/dax/*' ||
		die "cannot extract $deb"
	touch "$kdir/.extracted"
fi
vmlinuz=$(ls -1 "$kdir"/boot/vmlinuz-* | head -n 1)
moddir=$(ls -d "$kdir"/lib/modules/*/kernel | head -n 1)
kver=$(basename "$(dirname "$moddir")")

# ---------------------------------------------------------- test binaries
if [ -z "$guest_tests" ]; then
	mr_configure "$MR_BUILD" -DMR_VM_TESTS=ON
	mr_build "$MR_BUILD" --target vm_guest_tests >/dev/null
	guest_tests=$MR_BUILD/tests/vm/vm_guest_tests
	if [ -f "$MR_BUILD/tests/vm/vm_memremap" ] || mr_build "$MR_BUILD" --target vm_memremap >/dev/null 2>&1; then
		cli=$MR_BUILD/tests/vm/vm_memremap
	fi
fi
[ -x "$guest_tests" ] || die "no guest test binary at '$guest_tests'"
[[ $(file -b "$guest_tests" 2>/dev/null) == *dynamically* ]] && die "$guest_tests is not static"

work=${work:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/root"
mkdir -p "$work/root"/{bin,dev,proc,sys,tmp,lib/modules}

# ---------------------------------------------------------------- initramfs
root=$work/root
cp /bin/busybox "$root/bin/busybox"
cp "$here/guest-init.sh" "$root/init"
cp "$guest_tests" "$root/bin/guest_tests"
if [ -n "$cli" ] && [ -x "$cli" ]; then
	cp "$cli" "$root/bin/memremap"
	[ -f "$here/cli-checks.sh" ] && cp "$here/cli-checks.sh" "$root/cli-checks.sh"
	# The edu device described by name, for the register checks.
	cp "$here/../data/regs/edu.regs" "$root/edu.regs"
fi
chmod 755 "$root/init" "$root"/bin/*
for m in nvdimm/libnvdimm nvdimm/nd_btt nvdimm/nd_pmem nvdimm/nd_e820 dax/device_dax dax/dax_pmem; do
	src=$moddir/drivers/$m.ko
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
accel=tcg
cpu=max
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
	accel=kvm
	cpu=host
fi
console=$work/console.log
rm -f "$console"
append="console=ttyS0 nokaslr panic=-1 loglevel=1 memmap=64M\$0x30000000 memmap=64M!0x38000000"
append="$append mr.seed=$seed mr.mode=$([ -n "$iomem_out" ] && echo iomem || echo test)"
mr_log "booting $kver on QEMU -machine $machine ($accel), timeout ${timeout_s}s"
set +e
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-machine "$machine" -accel "$accel" -cpu "$cpu" -smp 1 -m 1G \
	-display none -monitor none -serial "file:$console" -no-reboot -net none \
	-kernel "$vmlinuz" -initrd "$work/initrd.gz" -append "$append" \
	-device edu \
	-object "memory-backend-file,id=shm,mem-path=$shm,size=16M,share=on" \
	-device ivshmem-plain,memdev=shm \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$work/qemu.log" 2>&1
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
	echo "vm.suite: saved the $machine guest's /proc/iomem to $iomem_out ($elapsed s)"
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

echo "PAT lines seen in the guest:"
grep -E '^# seen: PAT' "$log" | sed 's/^# seen: /  /' | sort -u || true
grep -E '^(not )?ok ' "$log" | sed 's/^/  /'

fails=()
[ "$nnot" -eq 0 ] || fails+=("$nnot not ok")
[ "$nok" -gt 0 ] || fails+=("no ok line")
[ "$verdict" = pass ] || fails+=("guest verdict '${verdict:-missing}'")
[ $rc -eq 1 ] || fails+=("isa-debug-exit status $rc, want 1")
[ $pattern = ok ] || fails+=("the guest's pattern is not in the ivshmem file")
if [ ${#fails[@]} -gt 0 ]; then
	show_log
	IFS=';'
	die "${fails[*]}; $nok ok, $accel"
fi
echo "vm.suite: PASS: $nok ok, 0 not ok, guest verdict pass, ivshmem pattern found; $kver, $accel, $elapsed s"
