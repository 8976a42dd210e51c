#!/usr/bin/env bash
# Builds iot-node and the runtime with the `runtime-benchmarks` feature and regenerates the `weights.rs` of every
# iot-chain pallet with `iot-node benchmark pallet` on this machine (template:
# scripts/weight-template.hbs). Rerun it after changing any extrinsic, then commit the weights.
#
#   STEPS   benchmark steps per component range (default 50)
#   REPEAT  repetitions per step (default 20)
#   PALLETS pallets to benchmark (default: all three)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
PALLETS="${PALLETS:-pallet_device_registry pallet_firmware_attestation pallet_data_anchoring}"

"$ROOT/scripts/setup.sh"

# The runtime is built first, for WASM with its benchmarks; the node is then built without a WASM
# build (SKIP_WASM_BUILD) and runs the benchmarks on that blob. (The benchmark CLI's own test
# runtime cannot be built for WASM from this workspace: it is an optional dependency.)
BENCH_WASM="$CARGO_TARGET_DIR/iot_runtime.benchmarks.compact.compressed.wasm"
BENCH_NODE="$CARGO_TARGET_DIR/iot-node-benchmarks"
step "Building the runtime WASM with runtime-benchmarks"
cargo build --locked --release -p iot-runtime --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/wbuild/iot-runtime/iot_runtime.compact.compressed.wasm" "$BENCH_WASM"
step "Building iot-node with runtime-benchmarks"
SKIP_WASM_BUILD=1 cargo build --locked --release -p iot-node --features runtime-benchmarks
cp "$NODE_BIN" "$BENCH_NODE"

for pallet in $PALLETS; do
	dir="pallets/$(echo "${pallet#pallet_}" | tr '_' '-')"
	[ -d "$dir" ] || die "no crate directory $dir for $pallet"
	step "Benchmarking $pallet (steps $STEPS, repeat $REPEAT) -> $dir/src/weights.rs"
	"$BENCH_NODE" benchmark pallet \
		--runtime "$BENCH_WASM" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "$dir/src/weights.rs"
done

step "Weights regenerated; rebuild the default node (scripts/dev.sh) before running it"
