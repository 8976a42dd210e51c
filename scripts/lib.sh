# Shared shell helpers of the scripts in this folder (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# substrate-wasm-builder finds the workspace (and its Cargo.lock) through this hint when the
# target directory lies outside the workspace.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$ROOT}"
NODE_BIN="${IOT_NODE_BIN:-$CARGO_TARGET_DIR/release/iot-node}"

# Prints a step's title with the seconds since the script started, so every log shows where the
# time goes.
step() { printf '\n\033[1;34m==> [%4d s] %s\033[0m\n' "$SECONDS" "$*"; }
die() { printf '\033[1;31merror: %s\033[0m\n' "$*" >&2; exit 1; }
# Prints a script's help: its leading comment block (after the shebang), without the `# `.
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"; }

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

# rpc PORT METHOD [PARAMS]: prints the JSON `result` of one call to the node on 127.0.0.1:PORT.
rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1" |
		python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["result"]))'
}

# block_number PORT best|finalized: the number of the node's best or finalized block.
block_number() {
	local hash=null
	[[ $2 == finalized ]] && hash=$(rpc "$1" chain_getFinalizedHead)
	rpc "$1" chain_getHeader "[$hash]" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["number"],16))'
}

# write_light_client_spec CHAIN OUT NODE_KEY TCP_PORT WS_PORT: writes the raw chain spec of CHAIN
# (dev, local or a file) to OUT with the bootnodes a light client needs: the node with NODE_KEY
# (64 hex digits), which listens on 127.0.0.1 TCP_PORT (libp2p over TCP, for the CLI verifier)
# and WS_PORT (libp2p over WebSocket, for browsers). Prints the peer id.
write_light_client_spec() {
	local chain=$1 out=$2 key=$3 tcp=$4 ws=$5 peer
	peer=$(echo -n "$key" | "$NODE_BIN" key inspect-node-key)
	"$NODE_BIN" export-chain-spec --chain "$chain" --raw --output "$out.tmp" >/dev/null 2>&1
	python3 - "$out.tmp" "$out" "/ip4/127.0.0.1/tcp/$tcp/p2p/$peer" "/ip4/127.0.0.1/tcp/$ws/ws/p2p/$peer" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["bootNodes"] = sys.argv[3:]
json.dump(spec, open(sys.argv[2], "w"), indent=1)
PY
	rm -f "$out.tmp"
	echo "$peer"
}

# use_or_start_dev_chain ENDPOINT LOGNAME: uses the chain answering at ENDPOINT (ws://host:port);
# if none answers on a local endpoint, builds iot-node (release) and starts `iot-node --dev --tmp`
# there (log in $CARGO_TARGET_DIR/LOGNAME), stopped when the calling script exits.
use_or_start_dev_chain() {
	local endpoint=$1 log="$CARGO_TARGET_DIR/$2" port host
	port=$(sed -E 's#^wss?://[^:/]+:?([0-9]*).*#\1#' <<<"$endpoint")
	port=${port:-9944}
	host=$(sed -E 's#^wss?://([^:/]+).*#\1#' <<<"$endpoint")
	if wait_for_rpc "$port" 1 "$host"; then
		step "Using the chain at $endpoint"
		return 0
	fi
	[[ "$host" == 127.0.0.1 || "$host" == localhost ]] || die "nothing answers at $endpoint"
	step "No chain at $endpoint: building and starting iot-node --dev --tmp"
	cargo build --locked --release -p iot-node
	"$NODE_BIN" --dev --tmp --rpc-port "$port" --port "$(free_port)" --no-prometheus --no-telemetry \
		--no-mdns >"$log" 2>&1 &
	DEV_CHAIN_PID=$!
	trap 'kill "$DEV_CHAIN_PID" 2>/dev/null || true; wait "$DEV_CHAIN_PID" 2>/dev/null || true' EXIT
	wait_for_rpc "$port" 120 || { tail -30 "$log"; die "iot-node did not start (log: $log)"; }
	echo "iot-node (pid $DEV_CHAIN_PID) on $endpoint; log: $log"
}

# The software TPM (swtpm) and tpm2-tools, unpacked from Debian's packages by scripts/setup.sh into
# a folder of their own rather than installed: installing them pulls `tpm-udev`, which upgrades
# the machine's udev and systemd. A system-wide install (on PATH) is used when present.
TPM_TOOLS="${IOT_TPM_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/iot-chain/tpm-tools}"
# The Debian packages unpacked into $TPM_TOOLS: swtpm-tools brings swtpm_setup and swtpm_localca
# (a TPM manufactured with EK certificates from a local CA, spec §12), which call GnuTLS's certtool.
TPM_PACKAGES=(swtpm swtpm-libs swtpm-tools libtpms0 tpm2-tools libtss2-mu0 libtss2-tcti-swtpm0
	libtss2-tcti-mssim0 libtss2-tcti-cmd0 libtss2-tcti-device0 libtss2-sys1 libtss2-esys-3.0.2-0
	libtss2-tctildr0 libtss2-fapi1 libtss2-rc0 libjson-glib-1.0-0 libjson-glib-1.0-common
	gnutls-bin libgnutls-dane0 libunbound8 libevent-2.1-7)

# use_tpm_tools: puts swtpm, swtpm_setup and tpm2-tools on PATH (exported, so child processes see
# them); returns non-zero when neither a system install nor $TPM_TOOLS has them all.
use_tpm_tools() {
	if [ -x "$TPM_TOOLS/usr/bin/swtpm_setup" ]; then
		local lib="$TPM_TOOLS/usr/lib/x86_64-linux-gnu"
		export PATH="$TPM_TOOLS/usr/bin:$PATH"
		export LD_LIBRARY_PATH="$lib:$lib/swtpm${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	fi
	command -v swtpm >/dev/null && command -v swtpm_setup >/dev/null && command -v tpm2_quote >/dev/null
}

# mosquitto_bin: prints the path of Debian's Mosquitto broker (in /usr/sbin, which a non-root
# user's PATH may lack); fails when it is not installed.
mosquitto_bin() {
	command -v mosquitto || { [ -x /usr/sbin/mosquitto ] && echo /usr/sbin/mosquitto; }
}

# start_mosquitto PORT DIR: starts Debian's Mosquitto (scripts/setup.sh installs it) on
# 127.0.0.1:PORT with its configuration (scripts/mosquitto.conf.in), persistence file and log in
# DIR (a persistent broker: QoS 1 messages for a disconnected persistent session are kept);
# sets MOSQUITTO_PID and waits until the port accepts connections. The caller stops it.
start_mosquitto() {
	local port=$1 dir=$2 deadline=$((SECONDS + 20)) bin
	bin=$(mosquitto_bin) || die "mosquitto is missing (scripts/setup.sh installs it)"
	mkdir -p "$dir"
	sed -e "s#@PORT@#$port#g" -e "s#@DIR@#$dir#g" "$ROOT/scripts/mosquitto.conf.in" >"$dir/mosquitto.conf"
	"$bin" -c "$dir/mosquitto.conf" >>"$dir/mosquitto.log" 2>&1 &
	MOSQUITTO_PID=$!
	while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		((SECONDS < deadline)) || { tail -20 "$dir/mosquitto.log"; die "mosquitto did not start on port $port"; }
		sleep 0.1
	done
}
