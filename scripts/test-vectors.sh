#!/usr/bin/env bash
# Regenerates docs/test-vectors/signing.json: the JS side (e2e/tools/test-vectors.js) writes keys,
# messages and its signatures; the Rust side (iot-primitives' vectors test) adds its signatures.
# Both test suites then verify both signatures of every vector.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "JS: keys, messages and polkadot-js/@noble signatures"
(cd e2e && node tools/test-vectors.js)
step "Rust: iot-primitives signatures"
IOTC_UPDATE_VECTORS=1 cargo test --release -p iot-primitives --test vectors
step "Check both"
cargo test --release -p iot-primitives --test vectors
