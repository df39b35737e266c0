#!/bin/sh
# The record / replay loop and the differential proof for the edu driver.
#
#   edu-loop.sh sim DRIVER BAD TOOL WORK
#       record DRIVER (register steps) on the sim machine's edu model
#   edu-loop.sh vm DRIVER BAD TOOL WORK GUEST_DIR
#       use what the VM guest recorded against QEMU's edu device
#       (GUEST_DIR: iomem, bar, full.out, full.trace, regs.trace,
#       kernel.trace, as run-vm.sh saves them)
#
# Then: the recording replays on the host's sim machine (trace:FILE) and
# the driver passes; BAD, the copy that writes one wrong value, is caught
# at that access (index 3: the liveness write). With vm: the full driver on
# the edu model gives the guest's results and the guest's accesses (polls
# that repeat a read are one access), and the kernel's own mmiotrace of
# the guest reads through `memremap trace`. Prints "ok - ..." lines; exit 1
# on the first failure.
set -u
mode=$1 driver=$2 bad=$3 tool=$4 work=$5
mkdir -p "$work"
fail() {
	echo "not ok - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'
	exit 1
}
ok() { echo "ok - $1"; }

# R and W lines as "R 4 0xphys 0xvalue", a repeated read once.
accesses() {
	awk '$1 == "R" || $1 == "W" { print $1, $2, $5, $6 }' "$1" | uniq
}

if [ "$mode" = sim ]; then
	bar=0xfea00000
	map=
	MEMREMAP_MACHINE="sim,device=edu@$bar" MEMREMAP_TRACE="$work/regs.trace" EDU_BAR=$bar \
		EDU_DMA=0 EDU_IRQ=sim "$driver" >"$work/record.out" 2>&1 ||
		fail "record the driver on the edu model" "$(cat "$work/record.out")"
	ok "recorded the driver on the edu model: $(accesses "$work/regs.trace" | wc -l) accesses"
	regs=$work/regs.trace
else
	guest=$6
	bar=$(cat "$guest/bar")
	map="$guest/iomem"
	regs=$guest/regs.trace
	[ -s "$regs" ] || fail "the guest's recording" "no $regs"
	# The differential proof: the same driver, the guest's machine, the edu model.
	MEMREMAP_MACHINE="sim:$map,device=edu:dma_mask=0xffffffff@$bar" \
		MEMREMAP_TRACE="$work/full.trace" EDU_BAR=$bar EDU_DMA=0x30000000 EDU_IRQ=sim \
		"$driver" >"$work/full.out" 2>&1 || fail "the full driver on the edu model" "$(cat "$work/full.out")"
	grep '^edu: ' "$guest/full.out" >"$work/guest-results"
	grep '^edu: ' "$work/full.out" >"$work/sim-results"
	if cmp -s "$work/guest-results" "$work/sim-results"; then
		ok "identical results on QEMU's edu and on the edu model ($(wc -l <"$work/sim-results") lines)"
	else
		fail "identical results" "$(diff "$work/guest-results" "$work/sim-results")"
	fi
	accesses "$guest/full.trace" >"$work/guest-accesses"
	accesses "$work/full.trace" >"$work/sim-accesses"
	if [ -s "$work/sim-accesses" ] && cmp -s "$work/guest-accesses" "$work/sim-accesses"; then
		ok "identical access traces ($(wc -l <"$work/sim-accesses") accesses)"
	else
		fail "identical access traces" "$(diff "$work/guest-accesses" "$work/sim-accesses")"
	fi
	if [ -s "$guest/kernel.trace" ]; then
		out=$("$tool" trace "$guest/kernel.trace" 2>&1) || fail "memremap trace of the kernel's mmiotrace" "$out"
		n=$(printf '%s\n' "$out" | tail -n 1)
		case $n in
		*" 0 accesses"*) fail "the kernel's mmiotrace has accesses" "$n" ;;
		esac
		ok "memremap trace reads the kernel's own mmiotrace: $n"
	else
		fail "the kernel's mmiotrace" "no $guest/kernel.trace"
	fi
fi

spec="sim${map:+:$map},device=trace:$regs@$bar"
out=$(MEMREMAP_MACHINE=$spec EDU_BAR=$bar EDU_DMA=0 EDU_IRQ=0 "$driver" 2>&1) ||
	fail "the driver passes on the replay" "$out"
printf '%s\n' "$out" | grep -q '^replay: [0-9]* accesses replayed$' ||
	fail "the replay was used up" "$out"
ok "the driver passes on the replay ($(printf '%s\n' "$out" | grep '^replay:'))"

out=$(MEMREMAP_MACHINE=$spec EDU_BAR=$bar EDU_DMA=0 EDU_IRQ=0 "$bad" 2>&1) &&
	fail "the wrong copy fails on the replay" "$out"
live=$(printf '0x%x' $((bar + 4)))
want="access 3 diverges: expected W 4 at $live value 0x13572468, got W 4 at $live value 0x13572469"
printf '%s\n' "$out" | grep -qF "replay: $want" ||
	fail "the wrong copy is caught at its wrong write" "$out"
ok "the wrong copy is caught: $want"

out=$("$tool" trace --op w "$regs" 2>&1) || fail "memremap trace of the recording" "$out"
printf '%s\n' "$out" | grep -q "W 4 .*0x13572468" || fail "memremap trace shows the liveness write" "$out"
ok "memremap trace shows the recording"
