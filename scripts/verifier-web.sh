#!/usr/bin/env bash
# Builds the web verifier (esbuild: verifier/web → verifier/web/dist) and serves it with the chain
# spec it opens by default: the dev chain's that scripts/dev.sh writes, unless --chain-spec says
# otherwise. Open the printed address in a browser; the light client runs in the page.
#
#   scripts/verifier-web.sh [--chain-spec FILE] [--port 8080] [--host 127.0.0.1]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
spec="${IOT_DEV_CHAIN_SPEC:-/tmp/iot-dev-chain-spec.json}"
args=()
while (($#)); do
	case $1 in
	--chain-spec) spec="$2"; shift 2 ;;
	--port | --host) args+=("$1" "$2"); shift 2 ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) die "unknown argument $1" ;;
	esac
done
[ -d node_modules/esbuild ] || npm ci --no-audit --no-fund
step "Building the web verifier"
node verifier/web/build.js
[ -f "$spec" ] || echo "note: $spec does not exist (start scripts/dev.sh); the page asks for a chain spec file"
step "Serving it (Ctrl-C stops)"
exec node verifier/web/serve.js --chain-spec "$spec" "${args[@]}"
