#!/usr/bin/env bash
# A local 4-validator iot-chain network on loopback: the `local` chain spec with the validators
# Alice, Bob, Charlie and Dave, each with its own base path, ports and fixed node key (so the peer
# ids, and Alice's bootnode address, are the same on every run). Waits until blocks are finalized,
# prints the endpoints, and stops the network on Ctrl-C. A fifth node, Eve, joins on request: a
# `--validator` node with an empty keystore, which becomes a validator once it rotates its keys,
# sets them on chain and Root adds it (docs/operations.md, "Adding a validator").
#
#   scripts/testnet.sh [--detach] [--dir DIR] [--p2p-port P] [--rpc-port R] [--prometheus-port M]
#                                                                           start (P, R, M: Alice's ports; the others follow)
#   scripts/testnet.sh --status                                             best/finalized block and peers of each node
#   scripts/testnet.sh --stop                                               stop every node (state is kept in DIR)
#   scripts/testnet.sh --stop-node NAME | --start-node NAME                 stop or (re)start one node: alice … dave, or eve
#   scripts/testnet.sh --purge                                              stop and delete DIR
#
# DIR defaults to $IOT_TESTNET_DIR or /tmp/iot-testnet; ports default to 30333, 9944 and 9615
# (+1 per node: Alice 0, Bob 1, Charlie 2, Dave 3, Eve 4); each node also takes libp2p over
# WebSocket on its p2p port + 100 (30433…), and DIR/chain-spec.json is the raw chain spec with
# Alice's TCP and WebSocket addresses as bootnodes, for light clients (scripts/verify.sh, the web
# verifier).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The genesis validators (their keys are the well-known dev keys), then the nodes that join later.
VALIDATORS=(alice bob charlie dave)
NODES=("${VALIDATORS[@]}" eve)
dir="${IOT_TESTNET_DIR:-/tmp/iot-testnet}"
p2p_base=30333
rpc_base=9944
prometheus_base=9615
# Each node also listens for libp2p over WebSocket (browsers' light clients) on its p2p port + 100.
WS_OFFSET=100
action=start
detach=false
target=""
while (($#)); do
	case "$1" in
	--dir) dir="$2"; shift ;;
	--p2p-port) p2p_base="$2"; shift ;;
	--rpc-port) rpc_base="$2"; shift ;;
	--prometheus-port) prometheus_base="$2"; shift ;;
	--detach) detach=true ;;
	--status) action=status ;;
	--stop) action=stop ;;
	--purge) action=purge ;;
	--stop-node) action=stop-node; target="$2"; shift ;;
	--start-node) action=start-node; target="$2"; shift ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
	shift
done
config="$dir/testnet.env"
# A started network remembers its ports, so --status/--stop-node/--start-node need only --dir.
if [[ $action != start && -f $config ]]; then source "$config"; fi

index_of() {
	local i
	for i in "${!NODES[@]}"; do [[ ${NODES[i]} == "$1" ]] && { echo "$i"; return; }; done
	die "unknown node $1 (one of ${NODES[*]})"
}
is_genesis_validator() { [[ " ${VALIDATORS[*]} " == *" $1 "* ]]; }
node_key() { printf '%064x' $(($1 + 1)); }
pid_of() { cat "$dir/$1.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }


start_node() {
	local name=$1 i
	i=$(index_of "$name")
	if running "$name"; then echo "$name already runs (pid $(pid_of "$name"))"; return; fi
	local bootnode=()
	if ((i > 0)); then
		local alice_peer
		alice_peer=$(echo -n "$(node_key 0)" | "$NODE_BIN" key inspect-node-key)
		bootnode=(--bootnodes "/ip4/127.0.0.1/tcp/$p2p_base/p2p/$alice_peer")
	fi
	# A genesis validator's keystore gets its well-known dev keys (--alice …); a later node starts
	# with an empty keystore and generates its keys with author_rotateKeysWithOwner.
	local dev_keys=()
	is_genesis_validator "$name" && dev_keys=("--$name")
	"$NODE_BIN" --chain local --base-path "$dir/$name" "${dev_keys[@]}" --validator --name "$name" \
		--node-key "$(node_key "$i")" --listen-addr "/ip4/127.0.0.1/tcp/$((p2p_base + i))" \
		--listen-addr "/ip4/127.0.0.1/tcp/$((p2p_base + WS_OFFSET + i))/ws" --rpc-port $((rpc_base + i)) \
		--prometheus-port $((prometheus_base + i)) "${bootnode[@]}" --no-telemetry --no-mdns \
		--allow-private-ip >>"$dir/$name.log" 2>&1 &
	echo $! >"$dir/$name.pid"
	echo "started $name (pid $!): ws://127.0.0.1:$((rpc_base + i)), log $dir/$name.log"
}

stop_node() {
	local name=$1 pid
	pid=$(pid_of "$name")
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
		echo "stopped $name (pid $pid)"
	fi
	rm -f "$dir/$name.pid"
}

status() {
	local name i port
	for name in "${NODES[@]}"; do
		[[ -d $dir/$name ]] || is_genesis_validator "$name" || continue
		i=$(index_of "$name")
		port=$((rpc_base + i))
		if running "$name" && wait_for_rpc "$port" 0; then
			printf '%-8s ws://127.0.0.1:%-5s best #%-6s finalized #%-6s peers %s\n' "$name" "$port" \
				"$(block_number "$port" best)" "$(block_number "$port" finalized)" \
				"$(rpc "$port" system_health | python3 -c 'import json,sys; print(json.load(sys.stdin)["peers"])')"
		else
			printf '%-8s stopped\n' "$name"
		fi
	done
}

case $action in
status) status ;;
stop) for name in "${NODES[@]}"; do stop_node "$name"; done ;;
purge)
	for name in "${NODES[@]}"; do stop_node "$name"; done
	rm -rf "$dir" && echo "deleted $dir"
	;;
stop-node) stop_node "$target" ;;
start-node)
	start_node "$target"
	wait_for_rpc $((rpc_base + $(index_of "$target"))) 60 || die "$target did not answer RPC"
	;;
start)
	[ -x "$NODE_BIN" ] || { step "Building iot-node (release)"; (cd "$ROOT" && cargo build --locked --release -p iot-node); }
	mkdir -p "$dir"
	printf 'p2p_base=%s\nrpc_base=%s\nprometheus_base=%s\n' "$p2p_base" "$rpc_base" "$prometheus_base" >"$config"
	step "Starting the local chain's validators in $dir"
	for name in "${VALIDATORS[@]}"; do start_node "$name"; done
	peer=$(write_light_client_spec local "$dir/chain-spec.json" "$(node_key 0)" "$p2p_base" \
		$((p2p_base + WS_OFFSET)))
	echo "light-client chain spec (Alice $peer as bootnode, TCP and WebSocket): $dir/chain-spec.json"
	step "Waiting for finalized blocks"
	for name in "${VALIDATORS[@]}"; do
		wait_for_rpc $((rpc_base + $(index_of "$name"))) 120 || die "$name did not answer RPC (log $dir/$name.log)"
	done
	deadline=$((SECONDS + 180))
	until (($(block_number "$rpc_base" finalized) >= 1)); do
		((SECONDS < deadline)) || { status; die "no block finalized within 180 s"; }
		sleep 2
	done
	status
	echo "polkadot-js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$rpc_base#/explorer"
	if $detach; then
		echo "running in the background; stop with: scripts/testnet.sh --dir $dir --stop"
		exit 0
	fi
	trap 'echo; for name in "${NODES[@]}"; do stop_node "$name"; done; exit 0' INT TERM
	echo "Ctrl-C stops the network (state stays in $dir)."
	while true; do sleep 3600 & wait $!; done
	;;
esac
