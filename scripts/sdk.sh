#!/usr/bin/env bash
# Builds the device SDK for Cortex-M (thumbv7em-none-eabihf, spec §14) and runs it under QEMU:
# the Rust sample firmware twice (Ed25519 signer, P-256 signer), the C static library with its
# cbindgen header (sdk/include/iot_device_sdk.h, which must be current) and the C sample built by
# arm-none-eabi-gcc. Each runs once on qemu-system-arm -machine mps2-an386 (semihosting); the
# script prints their flash and RAM footprint and the Rust signing paths' stack high-water marks.
# The ELF files land in $CARGO_TARGET_DIR/sdk/, where the e2e test (e2e/tests/14-device-sdk)
# checks what they print against docs/test-vectors and submits it to a dev chain.
#
# Usage: scripts/sdk.sh [--input FILE]   (FILE: a 184-byte firmware input; a fixed one otherwise)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

input=""
while (($#)); do
	case "$1" in
	--input) input="$2"; shift 2 ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done

target=thumbv7em-none-eabihf
out="$CARGO_TARGET_DIR/sdk"
built="$CARGO_TARGET_DIR/$target/release"
manifest=sdk/cortex-m/Cargo.toml
mkdir -p "$out"
for tool in qemu-system-arm arm-none-eabi-gcc arm-none-eabi-size; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh installs it)"
done

step "Rust sample firmware, Ed25519 and P-256 (cargo build --target $target)"
cargo build --locked --release --manifest-path "$manifest" --target "$target" -p iot-sample-firmware
cp "$built/iot-sample-firmware" "$out/iot-sample-firmware-ed25519.elf"
cargo build --locked --release --manifest-path "$manifest" --target "$target" -p iot-sample-firmware \
	--no-default-features --features p256
cp "$built/iot-sample-firmware" "$out/iot-sample-firmware-p256.elf"

step "C interface: libiot_device_sdk.a, sdk/include/iot_device_sdk.h and the C sample"
cargo build --locked --release --manifest-path "$manifest" --target "$target" -p iot-device-sdk-ffi
cp "$built/libiot_device_sdk.a" "$out/"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 &&
	! git -C "$ROOT" diff --quiet -- sdk/include/iot_device_sdk.h; then
	git -C "$ROOT" diff -- sdk/include/iot_device_sdk.h | head -40
	die "sdk/include/iot_device_sdk.h is not the header cbindgen generates from sdk/cortex-m/ffi: commit the regenerated one"
fi
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -std=c11 \
	-ffreestanding -nostdlib -ffunction-sections -fdata-sections -Wall -Wextra -Werror \
	-I sdk/include -T sdk/cortex-m/c-sample/link.ld -Wl,--gc-sections -Wl,-z,noexecstack \
	sdk/cortex-m/c-sample/startup.c sdk/cortex-m/c-sample/main.c "$out/libiot_device_sdk.a" -lgcc \
	-o "$out/iot-c-sample.elf"

step "One run of each under qemu-system-arm -machine mps2-an386"
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
if [ -n "$input" ]; then
	cp "$input" "$run_dir/iot-firmware-input.bin"
else
	# seed 0x01..0x20, genesis 0x44…, owner 0x55…, digest 0x66…, version 1, boot 2, block 10,
	# block hash 0x77…, counter 3, anchor seq 0.
	python3 - "$run_dir/iot-firmware-input.bin" <<'PY'
import sys, struct
data = bytes(range(1, 33)) + b"\x44" * 32 + b"\x55" * 32 + b"\x66" * 32
data += struct.pack("<III", 1, 2, 10) + b"\x77" * 32 + struct.pack("<IQ", 3, 0)
open(sys.argv[1], "wb").write(data)
PY
fi
run_qemu() {
	(cd "$run_dir" && timeout 60 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic \
		-semihosting-config enable=on,target=native -kernel "$1")
}
for elf in iot-sample-firmware-ed25519 iot-sample-firmware-p256 iot-c-sample; do
	run_qemu "$out/$elf.elf" >"$out/$elf.out" || { cat "$out/$elf.out"; die "$elf failed under QEMU"; }
done
# The C sample prints both schemes; each half is the Rust sample's output without its stack line.
if ! diff <(grep -v '^stack' "$out/iot-sample-firmware-ed25519.out"; grep -v '^stack' "$out/iot-sample-firmware-p256.out") \
	<(grep -v '^bad-input\|^external-signer' "$out/iot-c-sample.out"); then
	die "the C sample does not print what the Rust sample prints"
fi
grep -qx 'bad-input refused' "$out/iot-c-sample.out" || die "the C sample accepted bad input"
grep -qx 'external-signer same bytes' "$out/iot-c-sample.out" ||
	die "the C sample's external signer (iotc_device_init_external) failed"
echo "the Rust samples and the C sample print the same messages and signatures"

step "Footprint (arm-none-eabi-size: flash = text + data, RAM = data + bss, besides the stack)"
printf '%-30s %10s %10s %s\n' firmware "flash (B)" "RAM (B)" "stack high-water mark (B)"
for elf in iot-sample-firmware-ed25519 iot-sample-firmware-p256 iot-c-sample; do
	read -r text data bss _ < <(arm-none-eabi-size "$out/$elf.elf" | tail -1)
	stack=$(sed -n 's/^stack //p' "$out/$elf.out")
	printf '%-30s %10d %10d %s\n' "$elf" $((text + data)) $((data + bss)) "${stack:-(not measured)}"
done
