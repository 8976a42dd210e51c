#!/usr/bin/env bash
# Sustained-throughput measurement: builds iot-node (release), starts a fresh `iot-node --dev --tmp`
# on free ports, runs e2e/tools/load.js against it (pre-signed transfers, then device-signed
# anchors one per extrinsic, then the same anchors in anchor_batch calls of --batch; by default
# 20,000 of each; see that file for the method), stops the node, and plots the included
# transactions per block of every workload (scripts/plot-load.py, matplotlib).
#
#   scripts/load.sh [--count N] [--workloads transfers,anchors,anchor-batches[,attestations]]
#                   [--senders S] [--devices D] [--window W] [--batch B]
#                   [--pool-limit P (default 32768)] [--out DIR (default $CARGO_TARGET_DIR/load)]
#
# The node's transaction pool keeps an included transaction until its block is finalized (≈ 3
# blocks later on a dev chain), so at 3,000+ transfers per block its default limit of 8,192
# transactions, not the block, would bind; --pool-limit raises it so both workloads are measured
# against the chain's block limits. `--pool-limit 8192` measures the default configuration.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

out="$CARGO_TARGET_DIR/load"
pool_limit=32768
args=()
while (($#)); do
	case "$1" in
	--out) out="$2"; shift ;;
	--pool-limit) pool_limit="$2"; shift ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) args+=("$1") ;;
	esac
	shift
done

"$ROOT/scripts/setup.sh" >/dev/null
step "Building iot-node (release)"
cargo build --locked --release -p iot-node

rpc_port=$(free_port)
log="$out/node.log"
mkdir -p "$out"
step "Starting a fresh iot-node --dev --tmp (RPC port $rpc_port, pool limit $pool_limit, log $log)"
"$NODE_BIN" --dev --tmp --rpc-port "$rpc_port" --port "$(free_port)" --no-prometheus --no-telemetry \
	--no-mdns --rpc-max-connections 1000 --pool-limit "$pool_limit" >"$log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true' EXIT
wait_for_rpc "$rpc_port" 120 || { tail -30 "$log"; die "iot-node did not start"; }

step "Load (e2e/tools/load.js)"
(cd e2e && node tools/load.js --endpoint "ws://127.0.0.1:$rpc_port" --out "$out" "${args[@]}")

step "Plot"
if python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install --quiet --user matplotlib; then
	python3 "$ROOT/scripts/plot-load.py" "$out/blocks.csv" "$out/included-per-block.png"
else
	echo "matplotlib could not be installed: no plot (the numbers are in $out/results.json)"
fi
echo "results: $out/results.json, $out/blocks.csv, $out/included-per-block.png"
