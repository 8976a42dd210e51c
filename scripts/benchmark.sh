#!/usr/bin/env bash
# Benchmarks iot-chain on this machine with `iot-node benchmark …` and writes what it measured:
#
#   pallet     regenerates the `weights.rs` of every iot-chain pallet (`benchmark pallet`, all
#              extrinsics, template scripts/weight-template.hbs, run on the runtime-benchmarks WASM)
#   overhead   regenerates runtime/src/weights/{block,extrinsic}_weights.rs (`benchmark overhead`:
#              an empty block, and the base of every extrinsic, measured with System::remark)
#   extrinsic  `benchmark extrinsic` of System::remark, Balances::transfer_keep_alive and the
#              iot-chain builders (device-signed anchors, attestations, registration) on the
#              `benchmark` chain spec: µs per extrinsic in a full block, printed as a table with
#              the ratio to transfer_keep_alive (also written to $CARGO_TARGET_DIR/benchmark-extrinsic.md)
#
# Rerun it after changing any extrinsic, a storage layout, or the machine benchmarks should
# describe, then commit the regenerated weights and rebuild the node (scripts/dev.sh).
#
#   STAGES  stages to run, in this order (default: "pallet overhead extrinsic")
#   STEPS   `benchmark pallet` steps per component range (default 50)
#   REPEAT  `benchmark pallet` repetitions per step (default 20)
#   PALLETS pallets to benchmark (default: all four of iot-chain)
#   OVERHEAD_REPEAT / EXTRINSIC_REPEAT  blocks executed per overhead / extrinsic measurement
#           (defaults 100 / 50, after 10 warm-up executions)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
STAGES="${STAGES:-pallet overhead extrinsic}"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
PALLETS="${PALLETS:-pallet_device_registry pallet_firmware_attestation pallet_data_anchoring pallet_validator_set}"
OVERHEAD_REPEAT="${OVERHEAD_REPEAT:-100}"
EXTRINSIC_REPEAT="${EXTRINSIC_REPEAT:-50}"
for stage in $STAGES; do
	case "$stage" in pallet | overhead | extrinsic) ;; *) die "unknown stage '$stage'" ;; esac
done
has_stage() { [[ " $STAGES " == *" $1 "* ]]; }

"$ROOT/scripts/setup.sh"

# The overhead and extrinsic benchmarks execute blocks of the production runtime: the default
# node is built and exports the `benchmark` chain spec (the dev genesis plus two devices with
# published keys), which embeds that runtime.
BENCH_SPEC="$CARGO_TARGET_DIR/benchmark-spec.json"
if has_stage overhead || has_stage extrinsic; then
	step "Building iot-node (default features) and exporting the benchmark chain spec"
	cargo build --locked --release -p iot-node
	"$NODE_BIN" export-chain-spec --chain benchmark >"$BENCH_SPEC"
fi

# The runtime is built first, for WASM with its benchmarks; the node is then built without a WASM
# build (SKIP_WASM_BUILD) and runs the pallet benchmarks on that blob. (The benchmark CLI's own
# test runtime cannot be built for WASM from this workspace: it is an optional dependency.)
BENCH_WASM="$CARGO_TARGET_DIR/iot_runtime.benchmarks.compact.compressed.wasm"
BENCH_NODE="$CARGO_TARGET_DIR/iot-node-benchmarks"
if has_stage pallet; then
	step "Building the runtime WASM with runtime-benchmarks"
	cargo build --locked --release -p iot-runtime --features runtime-benchmarks
	cp "$CARGO_TARGET_DIR/release/wbuild/iot-runtime/iot_runtime.compact.compressed.wasm" "$BENCH_WASM"
fi
step "Building iot-node with runtime-benchmarks"
SKIP_WASM_BUILD=1 cargo build --locked --release -p iot-node --features runtime-benchmarks
cp "$NODE_BIN" "$BENCH_NODE"

if has_stage pallet; then
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
fi

# Every block benchmark starts from the genesis state in a database of its own.
DB_DIR="$(mktemp -d)"
trap 'rm -rf "$DB_DIR"' EXIT
fresh_db() {
	rm -rf "$DB_DIR/db"
	echo "$DB_DIR/db"
}

if has_stage overhead; then
	step "Measuring block and extrinsic base weights -> runtime/src/weights/"
	"$BENCH_NODE" benchmark overhead \
		--chain "$BENCH_SPEC" \
		--base-path "$(fresh_db)" \
		--warmup 10 \
		--repeat "$OVERHEAD_REPEAT" \
		--weight-path runtime/src/weights
fi

if has_stage extrinsic; then
	report="$CARGO_TARGET_DIR/benchmark-extrinsic.md"
	log="$DB_DIR/extrinsic.log"
	step "Measuring every extrinsic builder in full blocks (repeat $EXTRINSIC_REPEAT) -> $report"
	"$BENCH_NODE" benchmark extrinsic --chain "$BENCH_SPEC" --base-path "$(fresh_db)" --list 2>&1 |
		sed -n '/^pallet, extrinsic$/,$p' | sed -n 's/^\([a-z_]*\), \([a-z0-9_]*\) *$/\1 \2/p' |
		grep -v '^pallet extrinsic$' >"$DB_DIR/builders" || true
	[ -s "$DB_DIR/builders" ] || die "benchmark extrinsic --list printed no builders"
	{
		echo "| pallet | extrinsic | per block | average µs | median µs | × transfer_keep_alive |"
		echo "|---|---|---:|---:|---:|---:|"
	} >"$DB_DIR/rows"
	declare -A average median per_block
	while read -r pallet extrinsic; do
		echo "  $pallet::$extrinsic"
		"$BENCH_NODE" benchmark extrinsic \
			--chain "$BENCH_SPEC" \
			--base-path "$(fresh_db)" \
			--pallet "$pallet" \
			--extrinsic "$extrinsic" \
			--warmup 10 \
			--repeat "$EXTRINSIC_REPEAT" >"$log" 2>&1 || { cat "$log" >&2; die "$pallet::$extrinsic failed"; }
		name="$pallet::$extrinsic"
		per_block[$name]=$(sed -n 's/.*Extrinsics per block: \([0-9]*\).*/\1/p' "$log" | tail -1)
		average[$name]=$(sed -n 's/^Average: \([0-9]*\), Median: \([0-9]*\).*/\1/p' "$log" | tail -1)
		median[$name]=$(sed -n 's/^Average: \([0-9]*\), Median: \([0-9]*\).*/\2/p' "$log" | tail -1)
		[ -n "${average[$name]}" ] || { cat "$log" >&2; die "no timing for $name"; }
	done <"$DB_DIR/builders"
	transfer="${average[balances::transfer_keep_alive]:-}"
	[ -n "$transfer" ] || die "transfer_keep_alive was not measured"
	while read -r pallet extrinsic; do
		name="$pallet::$extrinsic"
		awk -v p="$pallet" -v e="$extrinsic" -v n="${per_block[$name]}" -v a="${average[$name]}" \
			-v m="${median[$name]}" -v t="$transfer" \
			'BEGIN { printf "| %s | %s | %d | %.1f | %.1f | %.2f |\n", p, e, n, a / 1000, m / 1000, a / t }' \
			>>"$DB_DIR/rows"
	done <"$DB_DIR/builders"
	{
		echo "# benchmark extrinsic on $(hostname) — $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo
		echo "CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1) ($(nproc) cores);" \
			"chain spec: benchmark; warmup 10, repeat $EXTRINSIC_REPEAT blocks."
		echo
		cat "$DB_DIR/rows"
	} >"$report"
	cat "$report"
fi

step "Benchmarks done; rebuild the node (scripts/dev.sh) so it runs on regenerated weights"
