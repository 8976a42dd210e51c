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
		usage "$0"
		exit 0
		;;
	esac
done
[ -d node_modules/@polkadot/api ] || { step "Node.js packages (npm ci: client, verifier, e2e)"; npm ci --no-audit --no-fund; }
use_or_start_dev_chain "$endpoint" demo-node.log

step "Simulating the fleet"
(cd e2e && node tools/demo.js --endpoint "$endpoint" "$@")
