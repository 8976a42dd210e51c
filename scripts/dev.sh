#!/usr/bin/env bash
# Sets up, builds iot-node (release) and starts a development chain: one validator (Alice),
# RPC on ws://127.0.0.1:9944, state kept in a temporary directory. Extra arguments go to iot-node.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

step "Building iot-node (release; the first build takes about half an hour)"
cargo build --locked --release -p iot-node

step "Starting iot-node --dev"
echo "RPC:            ws://127.0.0.1:9944"
echo "polkadot-js:    https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer"
echo "Stop with Ctrl-C."
exec "$NODE_BIN" --dev --tmp --rpc-port 9944 --rpc-cors all "$@"
