#!/usr/bin/env bash
# Sets up, builds iot-node (release) and starts a development chain: one validator (Alice),
# RPC on ws://127.0.0.1:9944, libp2p on TCP 30333 and WebSocket 30334 (light clients), state kept
# in a temporary directory. Writes the raw chain spec with this node as bootnode for light clients
# (scripts/verify.sh, the web verifier) to $IOT_DEV_CHAIN_SPEC (default
# /tmp/iot-dev-chain-spec.json). Extra arguments go to iot-node.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

step "Building iot-node (release; the first build takes about half an hour)"
cargo build --locked --release -p iot-node

step "Starting iot-node --dev"
# A fixed node key, so the light-client chain spec's bootnode (its peer id) is known in advance.
node_key=0000000000000000000000000000000000000000000000000000000000000001
spec="${IOT_DEV_CHAIN_SPEC:-/tmp/iot-dev-chain-spec.json}"
write_light_client_spec dev "$spec" "$node_key" 30333 30334 >/dev/null
echo "RPC:            ws://127.0.0.1:9944"
echo "light clients:  $spec (bootnodes /ip4/127.0.0.1/tcp/30333 and /tcp/30334/ws)"
echo "polkadot-js:    https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer"
echo "Stop with Ctrl-C."
exec "$NODE_BIN" --dev --tmp --rpc-port 9944 --rpc-cors all --node-key "$node_key" \
	--listen-addr /ip4/0.0.0.0/tcp/30333 --listen-addr /ip4/0.0.0.0/tcp/30334/ws "$@"
