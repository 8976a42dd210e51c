#!/usr/bin/env bash
# A device maker's walk-through of TPM 2.0 attestation (e2e/tools/tpm-demo.js, docs/tpm.md)
# against a dev chain: starts a software TPM (swtpm) on loopback, provisions its EK and AK,
# registers the AK as an endorsed device, publishes a release with its PCR policy, measures
# firmware into the PCRs, quotes over the chain's nonce and prints each step and the chain's
# verdict (then does it again with modified firmware). If nothing answers at the endpoint, it
# builds iot-node (release) and starts `iot-node --dev --tmp` there, and stops it at the end.
#
#   scripts/tpm-demo.sh [--endpoint ws://127.0.0.1:9944]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

endpoint="ws://127.0.0.1:9944"
case "${1:-}" in
--endpoint) endpoint="${2:?--endpoint needs a value}" ;;
--endpoint=*) endpoint="${1#--endpoint=}" ;;
--help | -h)
	usage "$0"
	exit 0
	;;
"") ;;
*) die "unknown argument '$1' (see --help)" ;;
esac
use_tpm_tools || die "swtpm and tpm2-tools are missing: run scripts/setup.sh"
[ -d node_modules/@polkadot/api ] || { step "Node.js packages (npm ci: client, verifier, e2e)"; npm ci --no-audit --no-fund; }
use_or_start_dev_chain "$endpoint" tpm-demo-node.log

step "TPM 2.0 attestation walk-through (swtpm $(swtpm --version | sed -n 's/.*version \([0-9.]*\).*/\1/p'), tpm2-tools)"
(cd e2e && node tools/tpm-demo.js --endpoint "$endpoint")
