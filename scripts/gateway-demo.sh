#!/usr/bin/env bash
# iot-gateway end to end on this machine (spec §15, docs/gateway.md): a dev chain (its libp2p
# ports in a light-client chain spec), Mosquitto, the gateway (as //Gateway, authorised by
# //Alice for her devices), and the load generator publishing readings for several devices; the
# progress is printed while they flow. Then one reading's proof is fetched from the gateway's
# HTTP API and checked by the light-client verifier (scripts/verify.sh --proof), from the chain
# spec alone. Everything started is stopped at the end; the files stay in --dir.
#
# At the end it prints the measurements: sustained readings/s and publish-to-finalized latency
# (from iot-gateway-load), the gateway's RSS and its database's bytes per reading.
#
#   scripts/gateway-demo.sh [--devices N (10)] [--readings N (5000)] [--rate PER_SECOND (1000)]
#                           [--batch-size N (1000)] [--dir DIR (/tmp/iot-gateway-demo)]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
devices=10
readings=5000
rate=1000
batch_size=1000
dir=/tmp/iot-gateway-demo
while (($#)); do
	case "$1" in
	--devices) devices=$2; shift 2 ;;
	--readings) readings=$2; shift 2 ;;
	--rate) rate=$2; shift 2 ;;
	--batch-size) batch_size=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
[ -d node_modules/@polkadot/api ] || { step "Node.js packages (npm ci: client, verifier, e2e)"; npm ci --no-audit --no-fund; }
GATEWAY_BIN="$CARGO_TARGET_DIR/release/iot-gateway"
LOAD_BIN="$CARGO_TARGET_DIR/release/iot-gateway-load"
if [ ! -x "$NODE_BIN" ] || [ ! -x "$GATEWAY_BIN" ] || [ ! -x "$LOAD_BIN" ]; then
	step "Building iot-node and iot-gateway (release)"
	cargo build --locked --release -p iot-node -p iot-gateway
fi
rm -rf "$dir" && mkdir -p "$dir"

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

step "Dev chain (iot-node --dev --tmp) with a light-client chain spec"
rpc=$(free_port) p2p=$(free_port) ws=$(free_port)
key=0000000000000000000000000000000000000000000000000000000000000002
write_light_client_spec dev "$dir/chain-spec.json" "$key" "$p2p" "$ws" >/dev/null
"$NODE_BIN" --dev --tmp --rpc-port "$rpc" --node-key "$key" --listen-addr "/ip4/127.0.0.1/tcp/$p2p" \
	--listen-addr "/ip4/127.0.0.1/tcp/$ws/ws" --no-prometheus --no-telemetry --no-mdns >"$dir/node.log" 2>&1 &
pids+=($!)
wait_for_rpc "$rpc" 120 || { tail -30 "$dir/node.log"; die "iot-node did not start"; }
echo "iot-node on ws://127.0.0.1:$rpc (log $dir/node.log)"

step "Mosquitto on 127.0.0.1 (persistent, files in $dir/broker)"
mqtt=$(free_port)
start_mosquitto "$mqtt" "$dir/broker"
pids+=("$MOSQUITTO_PID")
echo "mosquitto on 127.0.0.1:$mqtt"

step "$devices devices registered by //Alice, //Gateway funded and authorised (e2e/tools/gateway-fleet.js)"
ids=$(cd e2e && node tools/gateway-fleet.js --endpoint "ws://127.0.0.1:$rpc" --devices "$devices" --gateway-suri //Gateway)

step "iot-gateway (database $dir/gateway.redb, log $dir/gateway.log)"
http=$(free_port)
"$GATEWAY_BIN" --mqtt-port "$mqtt" --node "ws://127.0.0.1:$rpc" --suri //Gateway --db "$dir/gateway.redb" \
	--http "127.0.0.1:$http" --batch-size "$batch_size" --batch-interval-ms 2000 >"$dir/gateway.log" 2>&1 &
gateway_pid=$!
pids+=("$gateway_pid")
deadline=$((SECONDS + 60))
until curl -sf "http://127.0.0.1:$http/health" >/dev/null; do
	((SECONDS < deadline)) || { tail -20 "$dir/gateway.log"; die "the gateway is not healthy"; }
	sleep 0.5
done
curl -s "http://127.0.0.1:$http/health"; echo

step "Publishing $readings readings at $rate/s (iot-gateway-load), following them to finality"
"$LOAD_BIN" --mqtt-port "$mqtt" --devices "$ids" --count "$readings" --rate "$rate" \
	--gateway "127.0.0.1:$http" --track 100

step "One reading's proof, from the gateway's HTTP API"
first=${ids%%,*}
curl -sf "http://127.0.0.1:$http/readings/$first/7/proof" | tee "$dir/proof.json" | python3 -m json.tool | head -30

step "The light client checks it (scripts/verify.sh --proof: smoldot, the chain spec alone)"
"$ROOT/scripts/verify.sh" --chain-spec "$dir/chain-spec.json" --proof "$dir/proof.json" --timeout 120

step "Gateway metrics"
curl -s "http://127.0.0.1:$http/metrics" | grep -E '^iot_gateway_(readings|transactions|queue|outstanding|errors)' || true

step "Measurements"
rss_kib=$(ps -o rss= -p "$gateway_pid" | tr -d ' ')
stored=$(curl -s "http://127.0.0.1:$http/metrics" | awk '/^iot_gateway_readings_stored_total / { print $2 }')
db_bytes=$(stat -c %s "$dir/gateway.redb")
echo "gateway RSS: $((rss_kib / 1024)) MiB ($rss_kib KiB)"
echo "database: $db_bytes bytes for $stored readings = $((db_bytes / stored)) bytes per reading (file size, $(
	du -k "$dir/gateway.redb" | cut -f1) KiB on disk)"
