#!/usr/bin/env bash
# Measures the light-client verifier from a cold start to the first verified answer, CLI and
# browser (e2e/tools/measure-verifier.js; docs/verifier.md "Measured"). By default starts a fresh
# `iot-node --dev --tmp` (libp2p over TCP and WebSocket, its light-client chain spec written as
# scripts/dev.sh does), waits until the chain has --blocks blocks (default 100), anchors a
# 100-reading tree and measures; with --endpoint and --chain-spec it measures an existing chain
# (e.g. scripts/dev.sh's after 1,000 blocks) instead. Prints JSON.
#
#   scripts/measure-verifier.sh [--blocks N] [--runs R] [--no-browser]
#   scripts/measure-verifier.sh --endpoint ws://127.0.0.1:9944 --chain-spec /tmp/iot-dev-chain-spec.json
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
blocks=100
endpoint=""
spec=""
args=()
while (($#)); do
	case "$1" in
	--blocks) blocks="$2"; shift ;;
	--endpoint) endpoint="$2"; shift ;;
	--chain-spec) spec="$2"; shift ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) args+=("$1") ;;
	esac
	shift
done
[ -d node_modules/smoldot ] || npm ci --no-audit --no-fund
if [ -z "$endpoint" ]; then
	[ -x "$NODE_BIN" ] || cargo build --locked --release -p iot-node
	rpc=$(free_port) tcp=$(free_port) ws=$(free_port)
	key=0000000000000000000000000000000000000000000000000000000000000001
	spec="$CARGO_TARGET_DIR/measure-chain-spec.json"
	write_light_client_spec dev "$spec" "$key" "$tcp" "$ws" >/dev/null
	"$NODE_BIN" --dev --tmp --rpc-port "$rpc" --node-key "$key" --listen-addr "/ip4/127.0.0.1/tcp/$tcp" \
		--listen-addr "/ip4/127.0.0.1/tcp/$ws/ws" --no-prometheus --no-telemetry --no-mdns \
		>"$CARGO_TARGET_DIR/measure-node.log" 2>&1 &
	node_pid=$!
	trap 'kill "$node_pid" 2>/dev/null || true' EXIT
	wait_for_rpc "$rpc" 60 || die "iot-node did not start"
	endpoint="ws://127.0.0.1:$rpc"
	step "Waiting for block #$blocks (6 s per block)"
	until (($(curl -s -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"chain_getHeader","params":[]}' "http://127.0.0.1:$rpc" |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))') >= blocks)); do
		sleep 6
	done
fi
[ -n "$spec" ] || die "--chain-spec is required with --endpoint"
step "Measuring"
(cd e2e && node tools/measure-verifier.js --endpoint "$endpoint" --chain-spec "$spec" "${args[@]}")
