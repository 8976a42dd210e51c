#!/usr/bin/env bash
# The device simulator (e2e/tools/demo.js, @polkadot/api) against a dev chain: registers a fleet
# of devices of all four key types under two owners, attests them, streams sensor readings that are
# anchored as Merkle roots every block, verifies a proof through RPC and prints a summary that it
# checks against the chain. If nothing answers at the endpoint, it builds iot-node (release) and
# starts `iot-node --dev --tmp` there, and stops it at the end.
#
#   scripts/demo.sh [--devices N (50)] [--duration SECONDS (60)] [--endpoint ws://127.0.0.1:9944]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

endpoint="ws://127.0.0.1:9944"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[i]}" in
	--endpoint) endpoint="${args[i + 1]:-}" ;;
	--endpoint=*) endpoint="${args[i]#--endpoint=}" ;;
	--help | -h)
		sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	esac
done
port=$(sed -E 's#^wss?://[^:/]+:?([0-9]*).*#\1#' <<<"$endpoint")
port=${port:-9944}
host=$(sed -E 's#^wss?://([^:/]+).*#\1#' <<<"$endpoint")

[ -d e2e/node_modules ] || { step "Node.js packages of e2e/ (npm ci)"; (cd e2e && npm ci --no-audit --no-fund); }

if wait_for_rpc "$port" 1 "$host"; then
	step "Using the chain at $endpoint"
else
	[[ "$host" == 127.0.0.1 || "$host" == localhost ]] || die "nothing answers at $endpoint"
	step "No chain at $endpoint: building and starting iot-node --dev --tmp"
	cargo build --locked --release -p iot-node
	log="$CARGO_TARGET_DIR/demo-node.log"
	"$NODE_BIN" --dev --tmp --rpc-port "$port" --port "$(free_port)" --no-prometheus --no-telemetry \
		--no-mdns >"$log" 2>&1 &
	node_pid=$!
	trap 'kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true' EXIT
	wait_for_rpc "$port" 120 || { tail -30 "$log"; die "iot-node did not start (log: $log)"; }
	echo "iot-node (pid $node_pid) on $endpoint; log: $log"
fi

step "Simulating the fleet"
(cd e2e && node tools/demo.js --endpoint "$endpoint" "$@")
