#!/usr/bin/env bash
# Refreshes gateway/metadata/iot-runtime.scale, the runtime metadata (V16) iot-gateway's subxt code
# is generated from, from a dev chain (started if none answers; default ws://127.0.0.1:9944).
# Run it after changing a call, event or storage item the gateway uses; subxt refuses to submit
# a call whose shape differs from the node's, so a stale copy fails loudly, never silently.
#
#   scripts/gateway-metadata.sh [--endpoint ws://HOST:PORT]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
endpoint=ws://127.0.0.1:9944
while (($#)); do
	case "$1" in
	--endpoint) endpoint=$2; shift 2 ;;
	-h | --help) usage "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
use_or_start_dev_chain "$endpoint" gateway-metadata-node.log
http=$(sed -E 's#^ws#http#' <<<"$endpoint")
out="$ROOT/gateway/metadata/iot-runtime.scale"
step "Metadata_metadata_at_version(16) from $endpoint -> ${out#"$ROOT/"}"
curl -sf -H 'Content-Type: application/json' \
	-d '{"id":1,"jsonrpc":"2.0","method":"state_call","params":["Metadata_metadata_at_version","0x10000000"]}' \
	"$http" | python3 -c '
import json, sys
answer = bytes.fromhex(json.load(sys.stdin)["result"][2:])
# Option<OpaqueMetadata>: Some, then a compact length, then the metadata.
assert answer[0] == 1, "the runtime has no V16 metadata"
mode = answer[1] & 3
size, start = {0: (answer[1] >> 2, 2), 1: (int.from_bytes(answer[1:3], "little") >> 2, 3),
	2: (int.from_bytes(answer[1:5], "little") >> 2, 5)}[mode]
metadata = answer[start:start + size]
assert len(metadata) == size and metadata[:4] == b"meta"
open(sys.argv[1], "wb").write(metadata)
print(f"{size} bytes")
' "$out"
