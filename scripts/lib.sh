# Shared shell helpers of the scripts in this folder (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# substrate-wasm-builder finds the workspace (and its Cargo.lock) through this hint when the
# target directory lies outside the workspace.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$ROOT}"
NODE_BIN="${IOT_NODE_BIN:-$CARGO_TARGET_DIR/release/iot-node}"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror: %s\033[0m\n' "$*" >&2; exit 1; }

# Prints a TCP port that is free on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_rpc PORT SECONDS [HOST]: waits until the node's RPC answers system_health.
wait_for_rpc() {
	local port=$1 deadline=$((SECONDS + $2)) host=${3:-127.0.0.1}
	while true; do
		if curl -sf -H 'Content-Type: application/json' \
			-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
			"http://$host:$port" >/dev/null 2>&1; then
			return 0
		fi
		((SECONDS < deadline)) || return 1
		sleep 1
	done
}
