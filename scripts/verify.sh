#!/usr/bin/env bash
# Verifies an anchored reading through a light client, trusting only the chain spec: runs
# verifier/bin/iot-verify.js (smoldot; no node's RPC). Exit code 0 verified, 1 not verified,
# 2 could not decide. See docs/verifier.md.
#
#   scripts/verify.sh --chain-spec FILE --readings FILE --index N --device 0xID [--hex] [--json] [--timeout S]
#
# scripts/dev.sh writes the dev chain's spec to /tmp/iot-dev-chain-spec.json, scripts/testnet.sh
# the local network's to /tmp/iot-testnet/chain-spec.json.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ ! -d "$ROOT/node_modules/smoldot" ]; then
	(cd "$ROOT" && npm ci --no-audit --no-fund) >&2
fi
exec node "$ROOT/verifier/bin/iot-verify.js" "$@"
