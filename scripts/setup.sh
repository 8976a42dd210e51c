#!/usr/bin/env bash
# Installs what iot-chain needs and is missing: the Rust toolchain's wasm32v1-none and
# thumbv7em-none-eabihf targets, Debian's protobuf-compiler, curl, chromium (headless, for the web
# verifier's test), qemu-system-arm and gcc-arm-none-eabi with newlib (the device SDK), the
# MQTT broker Mosquitto (iot-gateway's tests and demo), the software TPM (swtpm) and tpm2-tools
# for the TPM tests and scripts/tpm-demo.sh, the npm packages
# (client, verifier, e2e), and cargo-fuzz when a nightly toolchain is installed (scripts/fuzz.sh).
# Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "Rust toolchain (rust-toolchain.toml), the wasm32v1-none and thumbv7em-none-eabihf targets"
command -v rustup >/dev/null || die "rustup is required (https://rustup.rs)"
rustup show active-toolchain >/dev/null # installs the pinned toolchain if missing
for target in wasm32v1-none thumbv7em-none-eabihf; do
	if ! rustup target list --installed | grep -qx "$target"; then
		rustup target add "$target"
	else
		echo "$target already installed"
	fi
done

step "Debian packages: protobuf-compiler, curl, chromium (the web verifier's browser test), QEMU and the Arm GCC toolchain (the device SDK on Cortex-M), Mosquitto (the MQTT broker of the gateway's tests)"
missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v curl >/dev/null || missing+=(curl)
command -v chromium >/dev/null || missing+=(chromium)
command -v qemu-system-arm >/dev/null || missing+=(qemu-system-arm)
command -v arm-none-eabi-gcc >/dev/null || missing+=(gcc-arm-none-eabi)
[ -f /usr/lib/arm-none-eabi/newlib/libc.a ] || missing+=(libnewlib-arm-none-eabi)
mosquitto_bin >/dev/null || missing+=(mosquitto)
if ((${#missing[@]})); then
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
else
	echo "protoc, curl, chromium, qemu-system-arm, arm-none-eabi-gcc and mosquitto already installed"
fi

step "Software TPM: swtpm and tpm2-tools (Debian packages unpacked into $TPM_TOOLS)"
# Unpacked, not installed: `apt-get install tpm2-tools` pulls tpm-udev, which upgrades udev and
# systemd. `apt-get download` fetches the exact packages; `dpkg -x` unpacks them without scripts.
if use_tpm_tools; then
	echo "swtpm and tpm2-tools available: $(command -v swtpm), $(command -v tpm2_quote)"
else
	command -v apt-get >/dev/null || die "swtpm and tpm2-tools are missing and apt-get is not available"
	debs=$(mktemp -d)
	if ! (cd "$debs" && apt-get download "${TPM_PACKAGES[@]}" 2>/dev/null); then
		sudo_cmd=""
		[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
		$sudo_cmd apt-get update -qq
		(cd "$debs" && apt-get download "${TPM_PACKAGES[@]}")
	fi
	rm -rf "$TPM_TOOLS.new" && mkdir -p "$TPM_TOOLS.new"
	for deb in "$debs"/*.deb; do dpkg -x "$deb" "$TPM_TOOLS.new"; done
	rm -rf "$debs" "$TPM_TOOLS" && mv "$TPM_TOOLS.new" "$TPM_TOOLS"
	use_tpm_tools || die "swtpm or tpm2-tools did not unpack into $TPM_TOOLS"
	echo "unpacked into $TPM_TOOLS: $(swtpm --version | head -1)"
fi

step "Node.js packages of client/, verifier/ and e2e/ (npm workspaces: npm ci)"
command -v npm >/dev/null || die "Node.js >= 20 and npm are required"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
	echo "node_modules is up to date"
else
	npm ci --no-audit --no-fund
fi

step "cargo-fuzz (for scripts/fuzz.sh; only with a nightly toolchain)"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
	echo "no nightly toolchain: fuzzing will be skipped"
elif command -v cargo-fuzz >/dev/null; then
	echo "cargo-fuzz already installed"
else
	cargo install cargo-fuzz --locked
fi
