#!/usr/bin/env bash
# Runs every test: formatting, clippy (warnings and missing docs are errors), the cargo tests of the workspace (pallets, primitives, runtime,
# node), the pallets' benchmark test suites (runtime-benchmarks), the fuzz targets briefly and
# docs/operations.md's validator network followed literally, the device SDK's Cortex-M builds
# under QEMU (scripts/sdk.sh), then the e2e suite (@polkadot/api; its gateway test with Mosquitto
# and iot-gateway)
# against a real `iot-node --dev --tmp` on free ports (its fault tests start their own nodes and a
# 4-validator network, which then adds and removes validators, in parallel with the rest; its TPM
# test a software TPM), then a short device-simulator run
# (scripts/demo.sh) and the TPM walk-through (scripts/tpm-demo.sh) against the same node.
# Exits non-zero on any failure and always stops the node it started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$SECONDS

"$ROOT/scripts/setup.sh"

step "cargo fmt --check"
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --all --check
cargo fmt --manifest-path sdk/cortex-m/Cargo.toml --all --check

step "cargo clippy -D warnings (every crate and target; default features, then runtime-benchmarks)"
# A check build of its own (debug profile, no WASM: the runtime's native code is what clippy
# reads); every crate also denies missing docs (workspace lints).
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets --features runtime-benchmarks -- -D warnings
# The Cortex-M workspace (sample firmware, C interface), for its only target.
cargo clippy --locked --manifest-path sdk/cortex-m/Cargo.toml --workspace --target thumbv7em-none-eabihf -- -D warnings

step "cargo test --release --workspace (also builds the iot-node binary the e2e suite runs)"
cargo test --locked --release --workspace

step "Benchmark test suites (cargo test --features runtime-benchmarks, custom pallets)"
cargo test --locked --release --features runtime-benchmarks \
	-p pallet-device-registry -p pallet-firmware-attestation -p pallet-data-anchoring \
	-p pallet-validator-set -p iot-primitives

step "Fuzz targets, briefly (scripts/fuzz.sh 15: every target for 15 s; run it longer by hand)"
# Meanwhile (it mostly waits for blocks) docs/operations.md's network steps, followed literally.
walkthrough_log="$CARGO_TARGET_DIR/walkthrough-network.log"
"$ROOT/scripts/walkthrough-network.sh" >"$walkthrough_log" 2>&1 &
walkthrough_pid=$!
"$ROOT/scripts/fuzz.sh" 15
step "docs/operations.md followed literally (scripts/walkthrough-network.sh)"
wait "$walkthrough_pid" || { cat "$walkthrough_log"; die "the documented validator network did not run"; }
tail -3 "$walkthrough_log"

step "Scale tool, CI-sized (scripts/scale.sh --sizes \"0:0 200:2k\"), alongside the next two steps"
# Two tiny populated databases: the synthetic fleet, its RPC answers (every one checked) and the
# report; mostly waiting for blocks. The real sizes run by hand (docs/performance.md).
scale_log="$CARGO_TARGET_DIR/scale-ci.log"
"$ROOT/scripts/scale.sh" --sizes "0:0 200:2k" --samples 50 --idle 2 --fresh \
	--out "$CARGO_TARGET_DIR/scale-ci" >"$scale_log" 2>&1 &
scale_pid=$!

step "Unit tests of the shared JS client library (client/test: Merkle vectors, readings, SCALE)"
node --test client/test/

step "Device SDK on Cortex-M: cross builds, C header, QEMU runs, footprint (scripts/sdk.sh)"
"$ROOT/scripts/sdk.sh"
step "Scale tool (started above)"
wait "$scale_pid" || { cat "$scale_log"; die "scripts/scale.sh failed"; }
tail -12 "$scale_log"

step "e2e suite against a real iot-node --dev"
use_tpm_tools || die "swtpm and tpm2-tools are missing (scripts/setup.sh installs them)"
[ -x "$NODE_BIN" ] || die "$NODE_BIN was not built"
rpc_port=$(free_port)
p2p_port=$(free_port)
ws_port=$(free_port)
log="$CARGO_TARGET_DIR/e2e-node.log"
# libp2p over TCP and WebSocket with a fixed node key: the light-client verifier's test reaches the
# node through a chain spec with these bootnodes, as scripts/dev.sh sets it up.
node_key=0000000000000000000000000000000000000000000000000000000000000001
chain_spec="$CARGO_TARGET_DIR/e2e-chain-spec.json"
write_light_client_spec dev "$chain_spec" "$node_key" "$p2p_port" "$ws_port" >/dev/null
"$NODE_BIN" --dev --tmp --rpc-port "$rpc_port" --node-key "$node_key" \
	--listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" --listen-addr "/ip4/127.0.0.1/tcp/$ws_port/ws" \
	--no-prometheus --no-telemetry --no-mdns >"$log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true' EXIT
wait_for_rpc "$rpc_port" 120 || { tail -50 "$log"; die "iot-node did not answer RPC on port $rpc_port"; }
echo "iot-node (pid $node_pid) answers on ws://127.0.0.1:$rpc_port; log: $log"
upgrade_wasm="$CARGO_TARGET_DIR/release/wbuild/iot-runtime/iot_runtime_upgrade_test.rs.compact.compressed.wasm"
[ -f "$upgrade_wasm" ] || die "$upgrade_wasm (the forkless-upgrade test's runtime) was not built"
runtime_wasm="$CARGO_TARGET_DIR/release/wbuild/iot-runtime/iot_runtime.compact.compressed.wasm"
gateway_bin="$CARGO_TARGET_DIR/release/iot-gateway"
[ -x "$gateway_bin" ] || die "$gateway_bin was not built"
mosquitto=$(mosquitto_bin) || die "mosquitto is missing (scripts/setup.sh installs it)"
export IOT_WS="ws://127.0.0.1:$rpc_port" IOT_NODE_BIN="$NODE_BIN" IOT_UPGRADE_WASM="$upgrade_wasm" \
	IOT_RUNTIME_WASM="$runtime_wasm" IOT_CHAIN_SPEC="$chain_spec" IOT_SDK_DIR="$CARGO_TARGET_DIR/sdk" \
	IOT_GATEWAY_BIN="$gateway_bin" IOT_MOSQUITTO="$mosquitto"
# The fault and validator-set tests (10-faults) run their own nodes and 5-node network, mostly
# waiting for blocks and session boundaries: they run alongside the tests of the shared dev node
# (which run one file at a time), not after them (npm test runs everything in sequence). The
# file takes ≈ 9 minutes on an idle 2-core machine (session boundaries of its 5-node network): its
# timeout is 20 minutes.
own_nodes_log="$CARGO_TARGET_DIR/e2e-own-nodes.log"
(cd e2e && exec node --test --test-timeout=1200000 tests/10-faults.test.js) >"$own_nodes_log" 2>&1 &
own_nodes_pid=$!
# The gateway's test (Mosquitto, iot-gateway, kill -9, broker restart, node unreachable behind a
# proxy) mostly waits for finality too; it uses the shared node with accounts of its own (funded
# by //Ferdie, whom no other shared-node test signs for), so it runs alongside as well (≈ 3 min).
gateway_log="$CARGO_TARGET_DIR/e2e-gateway-test.log"
(cd e2e && exec node --test --test-timeout=600000 tests/16-gateway.test.js) >"$gateway_log" 2>&1 &
gateway_pid=$!
shared_ok=true
(cd e2e && node --test --test-concurrency=1 --test-timeout=300000 \
	$(ls tests/*.test.js | grep -v -e '/10-faults\.' -e '/16-gateway\.')) || shared_ok=false
own_nodes_ok=true
wait "$own_nodes_pid" || own_nodes_ok=false
gateway_ok=true
wait "$gateway_pid" || gateway_ok=false
echo "--- tests with their own nodes (e2e/tests/10-faults.test.js):"
cat "$own_nodes_log"
echo "--- the gateway's test (e2e/tests/16-gateway.test.js; gateway log $CARGO_TARGET_DIR/e2e-gateway.log):"
cat "$gateway_log"
$shared_ok || { tail -30 "$log"; die "e2e suite (shared dev node) failed"; }
$own_nodes_ok || die "e2e tests with their own nodes failed (log above)"
$gateway_ok || { tail -40 "$CARGO_TARGET_DIR/e2e-gateway.log"; die "the gateway's e2e test failed (log above)"; }

step "Device simulator (scripts/demo.sh, small and short) against the same node"
if ! "$ROOT/scripts/demo.sh" --endpoint "ws://127.0.0.1:$rpc_port" --devices 10 --duration 15; then
	tail -30 "$log"
	die "demo failed"
fi

step "TPM walk-through (scripts/tpm-demo.sh) against the same node"
if ! "$ROOT/scripts/tpm-demo.sh" --endpoint "ws://127.0.0.1:$rpc_port"; then
	tail -30 "$log"
	die "TPM demo failed"
fi

step "All tests passed in $((SECONDS - started)) s"
