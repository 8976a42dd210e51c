#!/usr/bin/env bash
# Follows docs/operations.md "A real validator network" as a newcomer would, on loopback: four
# validators with fresh secret phrases (step 1), a chain spec edited from the `local` preset and
# frozen raw (step 2), the keys inserted into each keystore (step 3), a node key per validator and
# the first one as bootnode (step 4); then checks that Aura's authorities are the four new keys and
# that GRANDPA finalizes blocks. Every command it runs is first looked up in the guide (templates
# below, with the guide's placeholders): a command the guide no longer shows fails the script, so
# the guide and this check cannot drift apart.
#
# usage: scripts/walkthrough-network.sh [--keep]   (--keep leaves the nodes' folder for a look)
# Uses $IOT_NODE_BIN or the release iot-node; state in a temporary folder; stops its nodes on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ -x "$NODE_BIN" ] || die "$NODE_BIN was not built (cargo build --release -p iot-node)"
keep=false
[ "${1:-}" = --keep ] && keep=true

guide="$ROOT/docs/operations.md"
# The guide with continued lines joined and runs of spaces collapsed.
guide_text=$(sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' "$guide" | tr -s ' ')
work=$(mktemp -d /tmp/iot-walkthrough.XXXXXX)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	$keep || rm -rf "$work"
}
trap cleanup EXIT

# documented TEMPLATE: fails unless the guide shows TEMPLATE (a command with its placeholders).
documented() {
	grep -qF -- "$1" <<<"$guide_text" || die "docs/operations.md no longer shows: $1"
}

# run_documented TEMPLATE [PLACEHOLDER VALUE]...: runs the guide's command TEMPLATE with its
# placeholders replaced (iot-node by the binary); prints its output.
run_documented() {
	local command=$1
	documented "$command"
	shift
	command=${command/#iot-node/\"\$NODE_BIN\"}
	while (($#)); do
		command=${command//"$1"/"$2"}
		shift 2
	done
	(cd "$work" && eval "$command")
}

# field NAME: the value of "NAME:" in `iot-node key` output on stdin.
field() { sed -n "s/^ *$1: *//p" | head -1; }

rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

step "1. Keys: a secret phrase per validator, its sr25519 (Aura) and ed25519 (GRANDPA) keys"
phrases=() accounts=() aura_hex=() grandpa=()
for i in 1 2 3 4; do
	out=$(run_documented 'iot-node key generate --scheme sr25519')
	phrase=$(field 'Secret phrase' <<<"$out")
	phrases+=("$phrase")
	accounts+=("$(field 'SS58 Address' <<<"$out")")
	aura_hex+=("$(field 'Public key (hex)' <<<"$out")")
	grandpa+=("$(run_documented 'iot-node key inspect --scheme ed25519 "<phrase>"' '<phrase>' "$phrase" | field 'SS58 Address')")
	echo "v$i: ${accounts[-1]} (GRANDPA ${grandpa[-1]})"
done

step "2. Chain spec: the local preset, edited, then raw"
run_documented 'iot-node export-chain-spec --chain local --output spec.json'
for edit in '.session.keys' '.validatorSet.validators' '.minValidators' '.sessionPeriod' '.sudo.key' \
	'.balances.balances'; do
	documented "$edit"
done
python3 - "$work/spec.json" "${accounts[@]}" "${grandpa[@]}" <<'EOF'
import json, sys
path, accounts, grandpa = sys.argv[1], sys.argv[2:6], sys.argv[6:10]
spec = json.load(open(path))
patch = spec["genesis"]["runtimeGenesis"]["patch"]
patch["session"]["keys"] = [[a, a, {"aura": a, "grandpa": g}] for a, g in zip(accounts, grandpa)]
patch["validatorSet"].update(validators=accounts, minValidators=4, sessionPeriod=10)
patch["sudo"]["key"] = accounts[0]
patch["balances"]["balances"] += [[a, 10**18] for a in accounts]
json.dump(spec, open(path, "w"), indent=2)
EOF
run_documented 'iot-node export-chain-spec --chain spec.json --raw --output spec-raw.json'

step "3. Keys into each validator's keystore"
for i in 1 2 3 4; do
	for scheme in 'sr25519 --key-type aura' 'ed25519 --key-type gran'; do
		run_documented "iot-node key insert --base-path /var/lib/iot --chain spec-raw.json --scheme $scheme --suri \"<phrase>\"" \
			/var/lib/iot "$work/v$i" '<phrase>' "${phrases[i - 1]}"
	done
done

step "4. Node keys; v1 first, the others with v1 as bootnode"
p2p=() rpc_ports=()
for i in 1 2 3 4; do
	p2p+=("$(free_port)")
	rpc_ports+=("$(free_port)")
done
peer_id=""
for i in 1 2 3 4; do
	out=$(run_documented 'iot-node key generate-node-key --file /var/lib/iot/node-key' /var/lib/iot "$work/v$i" 2>&1)
	[ "$i" = 1 ] && peer_id=$(tail -1 <<<"$out")
	extra="--rpc-port ${rpc_ports[i - 1]} --prometheus-port $(free_port) --no-telemetry --no-mdns"
	if [ "$i" = 1 ]; then
		run_documented 'iot-node --chain spec-raw.json --base-path /var/lib/iot --validator --name v1 --node-key-file /var/lib/iot/node-key --port 30333' \
			/var/lib/iot "$work/v1" '--port 30333' "--port ${p2p[0]} $extra" >"$work/v1.log" 2>&1 &
	else
		run_documented "iot-node --chain spec-raw.json --base-path /var/lib/iot --validator --name v2 --node-key-file /var/lib/iot/node-key --port 30333 --bootnodes /dns/v1.example.org/tcp/30333/p2p/<peer id of v1>" \
			/var/lib/iot "$work/v$i" 'name v2' "name v$i" "/tcp/30333/p2p" "/tcp/${p2p[0]}/p2p" '--port 30333' \
			"--port ${p2p[i - 1]} $extra" /dns/v1.example.org /ip4/127.0.0.1 '<peer id of v1>' "$peer_id" \
			>"$work/v$i.log" 2>&1 &
	fi
	pids+=($!)
done
# The flags added to the guide's commands above: ports of each node's own on one machine.
documented '--rpc-port` and `--prometheus-port`'

step "Checks: Aura's authorities are the new keys; GRANDPA finalizes"
failed() {
	for i in 1 2 3 4; do echo "--- v$i" && tail -15 "$work/v$i.log"; done
	die "$1"
}
wait_for_rpc "${rpc_ports[1]}" 60 || failed "v2 did not answer RPC"
authorities=$(rpc "${rpc_ports[1]}" state_call '["AuraApi_authorities","0x"]' |
	python3 -c 'import json,sys; r=json.load(sys.stdin)["result"][2:]; n=int(r[:2],16)>>2; print(" ".join("0x"+r[2+64*i:66+64*i] for i in range(n)))')
for key in "${aura_hex[@]}"; do
	grep -q "$key" <<<"$authorities" || failed "Aura authority $key missing from: $authorities"
done
echo "Aura authorities: the 4 new sr25519 keys"
deadline=$((SECONDS + 150))
while true; do
	head=$(rpc "${rpc_ports[1]}" chain_getFinalizedHead | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])')
	number=$(rpc "${rpc_ports[1]}" chain_getHeader "[\"$head\"]" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))')
	peers=$(rpc "${rpc_ports[1]}" system_health | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["peers"])')
	((number >= 3)) && break
	((SECONDS < deadline)) || failed "finalized #$number only after 150 s ($peers peers)"
	sleep 3
done
echo "finalized #$number with $peers peers after $SECONDS s: the documented network runs"
