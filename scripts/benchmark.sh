#!/usr/bin/env bash
# Builds iot-node with the `runtime-benchmarks` feature and regenerates the `weights.rs` of every
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

step "Building iot-node with runtime-benchmarks"
cargo build --locked --release -p iot-node --features runtime-benchmarks

for pallet in $PALLETS; do
	dir="pallets/$(echo "${pallet#pallet_}" | tr '_' '-')"
	[ -d "$dir" ] || die "no crate directory $dir for $pallet"
	step "Benchmarking $pallet (steps $STEPS, repeat $REPEAT) -> $dir/src/weights.rs"
	"$NODE_BIN" benchmark pallet \
		--chain dev \
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
